import type { NodeChange } from "../api/types";
import { Modal } from "../components/Modal";

/** What an upgrade changes (before) or changed (after), node by node. */
export function UpgradeList({ changes }: { changes: NodeChange[] }) {
  return (
    <ul className="upgrade-list" aria-label="Upgraded nodes">
      {changes.map((change) => (
        <li key={change.node}>
          <div>
            <code>{change.node}</code> <span className="mono">{change.name}</span>{" "}
            <span className="upgrade-versions">
              v{change.from_version} → v{change.to_version}
            </span>
          </div>
          {change.dropped_params.length > 0 && (
            <div className="muted">Drops parameter values: {change.dropped_params.join(", ")}</div>
          )}
          {change.dropped_edges.length > 0 && (
            <div className="muted">
              Drops connections:{" "}
              {change.dropped_edges.map((edge) => `${edge.source}.${edge.output} → ${edge.target}.${edge.input}`).join(", ")}
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}

/** Confirm an upgrade (a dry run lists what changes), then show what was upgraded. */
export function UpgradeDialog({
  changes,
  done,
  busy,
  onConfirm,
  onClose,
}: {
  changes: NodeChange[];
  done: boolean;
  busy: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const count = changes.length;
  const plural = count === 1 ? "" : "s";
  return (
    <Modal
      title={done ? `Upgraded ${count} node${plural}` : "Upgrade nodes"}
      onClose={onClose}
      width={560}
      footer={
        done ? (
          <button type="button" className="btn btn-primary" onClick={onClose}>
            Close
          </button>
        ) : (
          <>
            <button type="button" className="btn" onClick={onClose}>
              Cancel
            </button>
            <button type="button" className="btn btn-primary" onClick={onConfirm} disabled={busy}>
              {busy ? "Upgrading…" : `Upgrade ${count} node${plural}`}
            </button>
          </>
        )
      }
    >
      <p>
        {done
          ? "These nodes now use the newest published versions of their operations; they are marked “upgraded” on the canvas. The workflow is saved."
          : `${count} node${plural} use${count === 1 ? "s" : ""} an older or deprecated version. Upgrading moves ${count === 1 ? "it" : "them"} to the newest published version and saves the workflow.`}
      </p>
      <UpgradeList changes={changes} />
    </Modal>
  );
}
