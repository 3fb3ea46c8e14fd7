import { useMemo, useState } from "react";

import { api } from "../api/client";
import type { ArtifactPreview } from "../api/types";
import { ErrorMessage } from "../components/ErrorMessage";
import { useNotify } from "../components/Toasts";
import { useResource } from "../hooks/useResource";
import { downloadOutput } from "./download";
import { outputBlobLoader, PreviewBody } from "./PreviewBody";
import "./previews.css";

/** A button saving output `output` of a node of a run into the browser's downloads. */
export function DownloadButton({ runId, node, output, small = true }: { runId: string; node: string; output: string; small?: boolean }) {
  const notify = useNotify();
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className={`btn${small ? " btn-small" : ""}`}
      aria-label={`Download ${output}`}
      disabled={busy}
      onClick={() => {
        setBusy(true);
        downloadOutput(runId, node, output)
          .catch((error) => notify.error(error, `Downloading ${output} failed`))
          .finally(() => setBusy(false));
      }}
    >
      <span aria-hidden="true">⤓</span> {busy ? "Downloading…" : "Download"}
    </button>
  );
}

/** The preview of one output of a node of a run, as its resource type shows it. */
export function OutputPreview({ runId, node, output }: { runId: string; node: string; output: string }) {
  const preview = useResource<ArtifactPreview>(
    (signal) =>
      api.get<ArtifactPreview>(`/runs/${encodeURIComponent(runId)}/outputs/preview`, { node, output }, signal),
    [runId, node, output],
  );
  const load = useMemo(() => outputBlobLoader(runId, node, output), [runId, node, output]);
  if (preview.error) return <ErrorMessage error={preview.error} title={`The preview of ${output} failed`} />;
  if (!preview.data) return <p className="muted">Loading the preview…</p>;
  return (
    <div className="output-preview" aria-label={`Preview of ${output}`} role="region">
      <PreviewBody preview={preview.data} load={load} />
    </div>
  );
}
