import type { OperationStatus } from "../api/types";

/** Icon, word and colour of each operation status (meaning never rests on colour alone). */
export const OPERATION_STATUS: Record<OperationStatus, { icon: string; word: string; color: string }> = {
  draft: { icon: "✎", word: "draft", color: "var(--text-muted)" },
  published: { icon: "✓", word: "published", color: "var(--success)" },
  deprecated: { icon: "⚠", word: "deprecated", color: "var(--warning)" },
  mandatory_deprecated: { icon: "⊘", word: "deprecated (mandatory)", color: "var(--danger)" },
};

/** The life-cycle status of an operation version as a badge. */
export function OperationStatusBadge({ status }: { status: OperationStatus }) {
  const { icon, word, color } = OPERATION_STATUS[status];
  return (
    <span className="badge op-status" data-status={status} style={{ color }} title={`Status: ${word}`}>
      <span aria-hidden="true">{icon}</span>
      {word}
    </span>
  );
}
