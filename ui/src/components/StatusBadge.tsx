import type { Status } from "../api/types";

/** Each status has a colour, an icon and a word: meaning never rests on colour alone. */
export const STATUS_ICONS: Record<Status, string> = {
  created: "○",
  queued: "◷",
  running: "▶",
  succeeded: "✓",
  cached: "⚡",
  failed: "✕",
  canceled: "⊘",
  skipped: "↷",
};

export function statusColor(status: Status): string {
  return `var(--status-${status})`;
}

export function StatusBadge({ status, title }: { status: Status; title?: string }) {
  return (
    <span
      className="badge status-badge"
      data-status={status}
      style={{ color: statusColor(status) }}
      title={title ?? status}
    >
      <span aria-hidden="true">{STATUS_ICONS[status]}</span>
      {status}
    </span>
  );
}
