import type { OperationStatus } from "../api/types";

const ICONS: Record<OperationStatus, string> = {
  draft: "✎",
  published: "✓",
  deprecated: "⚠",
  mandatory_deprecated: "⛔",
};

const WORDS: Record<OperationStatus, string> = {
  draft: "draft",
  published: "published",
  deprecated: "deprecated",
  mandatory_deprecated: "must upgrade",
};

/** An operation's status as icon and word. */
export function OperationStatusLabel({ status }: { status: OperationStatus }) {
  return (
    <span className="badge listing-op-status" data-status={status}>
      <span aria-hidden="true">{ICONS[status]}</span>
      {WORDS[status]}
    </span>
  );
}
