// Downloads through the API client (so the login token goes with them), saved as a file.

import { send, type Query } from "../api/client";

/** The file name a Content-Disposition header gives, if any. */
export function dispositionName(header: string | null): string | null {
  if (!header) return null;
  const encoded = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (encoded) {
    try {
      return decodeURIComponent(encoded[1].trim());
    } catch {
      // fall back to the plain name
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)/.exec(header);
  return plain ? (plain[1] ?? plain[2]).trim() : null;
}

/** Save `blob` as a file named `name` in the browser's downloads. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.style.display = "none";
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** The bytes at API `path` as a blob, with the file name the server suggests. */
export async function fetchBlob(path: string, query?: Query): Promise<{ blob: Blob; name: string | null }> {
  const response = await send(path, { query });
  return { blob: await response.blob(), name: dispositionName(response.headers.get("Content-Disposition")) };
}

/** Download output `output` of node `node` of run `runId` into the browser's downloads. */
export async function downloadOutput(runId: string, node: string, output: string): Promise<void> {
  const { blob, name } = await fetchBlob(`/runs/${encodeURIComponent(runId)}/outputs/download`, { node, output });
  saveBlob(blob, name ?? output);
}
