import type { Page } from "../api/types";

/** "1–25 of 1,234" with previous and next buttons. */
export function Pagination<T>({ page, onOffset }: { page: Page<T>; onOffset: (offset: number) => void }) {
  const first = page.total === 0 ? 0 : page.offset + 1;
  const last = page.offset + page.items.length;
  const total = `${page.total.toLocaleString()}${page.total_exact === false ? "+" : ""}`;
  return (
    <div className="toolbar pagination" style={{ justifyContent: "flex-end", marginTop: 10 }}>
      <span className="muted">
        {first}–{last} of {total}
      </span>
      <button
        className="btn btn-small"
        disabled={page.offset === 0}
        onClick={() => onOffset(Math.max(0, page.offset - page.limit))}
      >
        ‹ Previous
      </button>
      <button
        className="btn btn-small"
        disabled={last >= page.total}
        onClick={() => onOffset(page.offset + page.limit)}
      >
        Next ›
      </button>
    </div>
  );
}
