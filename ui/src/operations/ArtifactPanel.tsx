import { useState } from "react";

import { api, apiUrl, send } from "../api/client";
import type { ArtifactPreview, UploadResult } from "../api/types";
import { ErrorMessage } from "../components/ErrorMessage";
import { useNotify } from "../components/Toasts";
import { bytes } from "../format";
import { useResource } from "../hooks/useResource";

/** A bounded preview of an artifact: text, JSON, a table, a value, an image or a listing. */
function PreviewBody({ preview }: { preview: ArtifactPreview }) {
  const data = preview.data as unknown;
  switch (preview.kind) {
    case "text":
      return <pre className="op-artifact-text">{String(data ?? "")}</pre>;
    case "json":
    case "value":
      return <pre className="op-artifact-text">{JSON.stringify(data, null, 2)}</pre>;
    case "table": {
      const table = data as { columns: string[]; rows: unknown[][] };
      return (
        <div className="op-artifact-table">
          <table className="table">
            <thead>
              <tr>
                {table.columns.map((column, index) => (
                  <th key={index}>{column}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row, index) => (
                <tr key={index}>
                  {row.map((cell, at) => (
                    <td key={at}>{String(cell ?? "")}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      );
    }
    case "image":
      return <img className="op-artifact-image" alt="Preview of the file" src={`data:image/png;base64,${String(data)}`} />;
    case "directory": {
      const entries = (data as { entries: { path: string; size?: number | null }[] }).entries;
      return (
        <ul className="op-artifact-listing">
          {entries.map((entry) => (
            <li key={entry.path}>
              <code>{entry.path}</code> {entry.size !== undefined && entry.size !== null && <span className="muted">{bytes(entry.size)}</span>}
            </li>
          ))}
        </ul>
      );
    }
    default:
      return <p className="muted">No preview for this type of file ({preview.media_type ?? "binary"}).</p>;
  }
}

/** The stored file a `file` operation provides: digest, preview and download; a draft can
 * upload another file. */
export function ArtifactPanel({
  digest,
  filename,
  outputType,
  editable,
  onUploaded,
}: {
  digest: string | null;
  /** The name the download is saved as. */
  filename: string;
  outputType: string;
  editable: boolean;
  onUploaded: (upload: UploadResult) => void;
}) {
  const notify = useNotify();
  const [uploading, setUploading] = useState(false);
  const preview = useResource<ArtifactPreview | undefined>(
    (signal) =>
      digest
        ? api.get<ArtifactPreview>(`/artifacts/${digest}/preview`, { type: outputType }, signal)
        : Promise.resolve(undefined),
    [digest, outputType],
  );

  const download = async () => {
    if (!digest) return;
    try {
      const response = await send(`/artifacts/${digest}`);
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement("a");
      link.href = url;
      link.download = filename || digest.slice(0, 12);
      link.click();
      URL.revokeObjectURL(url);
    } catch (error) {
      notify.error(error, "Download failed");
    }
  };

  const upload = async (file: File) => {
    const body = new FormData();
    body.append("file", file);
    setUploading(true);
    try {
      onUploaded(await api.post<UploadResult>("/artifacts", body));
      notify(`Uploaded ${file.name}`, "success");
    } catch (error) {
      notify.error(error, "Upload failed");
    } finally {
      setUploading(false);
    }
  };

  return (
    <div className="op-artifact">
      <div className="op-artifact-head">
        {digest ? (
          <>
            <span className="muted">Artifact</span>
            <code className="op-digest" title={digest}>
              {digest.slice(0, 16)}…
            </code>
            {preview.data?.size !== undefined && preview.data?.size !== null && (
              <span className="muted">{bytes(preview.data.size)}</span>
            )}
            <span className="badge">{outputType}</span>
            {/* A link, not a button: a read-only form's fieldset disables its buttons. */}
            <a
              className="btn btn-small"
              href={apiUrl(`/artifacts/${digest}`)}
              download={filename || digest.slice(0, 12)}
              onClick={(event) => {
                event.preventDefault();
                void download();
              }}
            >
              Download
            </a>
          </>
        ) : (
          <span className="muted">No file yet: upload the file this operation provides.</span>
        )}
        <span className="spacer" />
        {editable && (
          <label className="btn btn-small">
            {uploading ? "Uploading…" : digest ? "Replace file…" : "Upload file…"}
            <input
              type="file"
              hidden
              aria-label="File to upload"
              onChange={(event) => {
                const file = event.target.files?.[0];
                if (file) void upload(file);
                event.target.value = "";
              }}
            />
          </label>
        )}
      </div>
      {preview.error ? (
        <ErrorMessage error={preview.error} title="No preview" />
      ) : (
        preview.data && <PreviewBody preview={preview.data} />
      )}
    </div>
  );
}
