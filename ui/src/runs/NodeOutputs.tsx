import { useState } from "react";

import type { NodeDetail, Output } from "../api/types";
import { bytes } from "../format";
import { DownloadButton, OutputPreview } from "./OutputPreview";
import type { SnapshotNode } from "./runModel";

/** A node's outputs: each with its type, size, a preview and a download. */
export function NodeOutputs({ runId, state, entry }: { runId: string; state: NodeDetail | undefined; entry: SnapshotNode | undefined }) {
  const declared: Output[] = entry?.operation?.outputs ?? [];
  const produced = state?.outputs ?? {};
  const names = [...new Set([...declared.map((output) => output.name), ...Object.keys(produced)])];
  const [open, setOpen] = useState<Set<string>>(() => new Set(names.length === 1 ? names : []));
  if (names.length === 0) return <p className="muted">This operation has no outputs.</p>;
  const toggle = (name: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(name)) next.delete(name);
      else next.add(name);
      return next;
    });
  return (
    <ul className="output-list" aria-label="Outputs">
      {names.map((name) => {
        const artifact = produced[name];
        const type = declared.find((output) => output.name === name)?.type ?? (artifact?.directory ? "directory" : "file");
        return (
          <li key={name} className="output-item">
            <div className="output-head">
              <strong className="mono">{name}</strong>
              <span className="badge output-type">{type}</span>
              {artifact ? (
                <span className="muted" title={`sha256 ${artifact.digest}`}>
                  {bytes(artifact.size)}
                </span>
              ) : (
                <span className="muted">not produced{state ? ` (the node is ${state.status})` : ""}</span>
              )}
              <span className="spacer" />
              {artifact && (
                <>
                  <button
                    type="button"
                    className="btn btn-small"
                    aria-expanded={open.has(name)}
                    aria-label={`${open.has(name) ? "Hide" : "Preview"} ${name}`}
                    onClick={() => toggle(name)}
                  >
                    {open.has(name) ? "Hide" : "Preview"}
                  </button>
                  <DownloadButton runId={runId} node={state!.node_id} output={name} />
                </>
              )}
            </div>
            {artifact && open.has(name) && <OutputPreview runId={runId} node={state!.node_id} output={name} />}
          </li>
        );
      })}
    </ul>
  );
}
