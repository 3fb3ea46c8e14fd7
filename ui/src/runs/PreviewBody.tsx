// The body of an output preview, by the form the server gives it (ArtifactPreview.kind).

import { useEffect, useState } from "react";

import type { ArtifactPreview } from "../api/types";
import { ErrorMessage } from "../components/ErrorMessage";
import { Modal } from "../components/Modal";
import { bytes } from "../format";
import { fetchBlob } from "./download";
import { JsonTree } from "./JsonTree";
import type { DirectoryData, PdfData, TableData } from "./types";

function TablePreview({ data, truncated }: { data: TableData; truncated: boolean }) {
  return (
    <div className="preview-table-wrap">
      <table className="table preview-table" aria-label="Table preview">
        <thead>
          <tr>
            {data.columns.map((column, index) => (
              <th key={index}>{column}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.rows.map((row, index) => (
            <tr key={index}>
              {row.map((cell, at) => (
                <td key={at}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <div className="muted preview-note">
        {data.rows.length} row{data.rows.length === 1 ? "" : "s"}
        {truncated ? " shown: the first rows of the file" : ""}
      </div>
    </div>
  );
}

function DirectoryPreview({ data, truncated }: { data: DirectoryData; truncated: boolean }) {
  if (data.entries.length === 0) return <p className="muted">The directory is empty.</p>;
  return (
    <div className="preview-table-wrap">
      <table className="table preview-table" aria-label="Directory listing">
        <thead>
          <tr>
            <th>Path</th>
            <th>Type</th>
            <th>Size</th>
          </tr>
        </thead>
        <tbody>
          {data.entries.map((entry) => (
            <tr key={entry.path}>
              <td className="mono">
                {entry.type === "directory" ? "📁 " : ""}
                {entry.path}
                {entry.target ? ` → ${entry.target}` : ""}
              </td>
              <td>
                {entry.type}
                {entry.executable ? " (executable)" : ""}
              </td>
              <td>{entry.type === "file" ? bytes(entry.size) : ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {truncated && <div className="muted preview-note">Only the first {data.entries.length} entries are listed.</div>}
    </div>
  );
}

/** A PDF shown by the browser's viewer from the downloaded bytes. */
function PdfPreview({ data, size, load }: { data: PdfData | null; size: number | null; load: () => Promise<Blob> }) {
  const [url, setUrl] = useState<string>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    let made: string | undefined;
    let stopped = false;
    load()
      .then((blob) => {
        if (stopped) return;
        made = URL.createObjectURL(new Blob([blob], { type: "application/pdf" }));
        setUrl(made);
      })
      .catch((reason) => !stopped && setError(reason));
    return () => {
      stopped = true;
      if (made) URL.revokeObjectURL(made);
    };
  }, [load]);
  return (
    <div className="preview-pdf">
      <div className="muted preview-note">
        PDF {data?.version}
        {data?.pages ? ` · ${data.pages} page${data.pages === 1 ? "" : "s"}` : ""} · {bytes(size)}
      </div>
      <ErrorMessage error={error} title="The document could not be loaded" />
      {url && (
        <object data={url} type="application/pdf" aria-label="PDF document" className="preview-pdf-frame">
          <a href={url} target="_blank" rel="noreferrer">
            Open the PDF
          </a>
        </object>
      )}
      {!url && !error && <p className="muted">Loading the document…</p>}
    </div>
  );
}

/** A thumbnail, and the whole image in a dialog on demand. */
function ImagePreview({ thumbnail, load }: { thumbnail: string; load: () => Promise<Blob> }) {
  const [url, setUrl] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  useEffect(() => () => void (url && URL.revokeObjectURL(url)), [url]);
  const open = () => {
    setBusy(true);
    setError(undefined);
    load()
      .then((blob) => setUrl(URL.createObjectURL(blob)))
      .catch(setError)
      .finally(() => setBusy(false));
  };
  return (
    <div>
      <div className="preview-image">
        <img src={`data:image/png;base64,${thumbnail}`} alt="Image preview (thumbnail)" />
      </div>
      <button type="button" className="btn btn-small preview-open" onClick={open} disabled={busy}>
        {busy ? "Loading…" : "View full size"}
      </button>
      <ErrorMessage error={error} title="The image could not be loaded" />
      {url && (
        <Modal title="Image" onClose={() => setUrl(undefined)} width={Math.min(1100, window.innerWidth - 40)}>
          <div className="preview-image preview-image-full">
            <img src={url} alt="Full-size image" />
          </div>
        </Modal>
      )}
    </div>
  );
}

/** The preview `preview` shows; `load` fetches the whole artifact (PDF viewer). */
export function PreviewBody({ preview, load }: { preview: ArtifactPreview; load: () => Promise<Blob> }) {
  const truncated = Boolean(preview.truncated);
  switch (preview.kind) {
    case "table":
      return <TablePreview data={preview.data as TableData} truncated={truncated} />;
    case "json":
      return <JsonTree value={preview.data} />;
    case "text": {
      const text = String(preview.data ?? "");
      return (
        <>
          {text ? (
            <pre className="preview-text" aria-label="Text preview">
              {text}
            </pre>
          ) : (
            <p className="muted">The file is empty.</p>
          )}
          {truncated && <div className="muted preview-note">The beginning of the file is shown.</div>}
        </>
      );
    }
    case "image":
      return <ImagePreview thumbnail={String(preview.data)} load={load} />;
    case "pdf":
      return <PdfPreview data={(preview.data as PdfData) ?? null} size={preview.size ?? null} load={load} />;
    case "directory":
      return <DirectoryPreview data={(preview.data as DirectoryData) ?? { entries: [] }} truncated={truncated} />;
    case "value":
      return preview.data !== null && typeof preview.data === "object" ? (
        <JsonTree value={preview.data} />
      ) : (
        <div className="preview-value mono" aria-label="Value">
          {JSON.stringify(preview.data)}
        </div>
      );
    default:
      return (
        <p className="muted">
          No preview for this {preview.type} ({preview.media_type ?? "binary"}, {bytes(preview.size)}): download it to
          open it.
        </p>
      );
  }
}

/** Load the bytes of a run output as a blob. */
export function outputBlobLoader(runId: string, node: string, output: string): () => Promise<Blob> {
  return () =>
    fetchBlob(`/runs/${encodeURIComponent(runId)}/outputs/download`, { node, output }).then((result) => result.blob);
}
