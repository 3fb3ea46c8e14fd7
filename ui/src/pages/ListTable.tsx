// The table of a list screen and the parts its rows share.

import type { CSSProperties, ReactNode } from "react";

/** A list's table named `label`: `head` holds the header cells, `children` the rows. */
export function ListTable({
  label,
  head,
  className,
  children,
}: {
  label: string;
  head: ReactNode;
  className?: string;
  children: ReactNode;
}) {
  return (
    <table className={className ? `table listing-table ${className}` : "table listing-table"} aria-label={label}>
      <thead>
        <tr>{head}</tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

/** A header cell named only for assistive technology (above buttons or checkboxes). */
export function HiddenHeader({
  children,
  className,
  style,
}: {
  children: string;
  className?: string;
  style?: CSSProperties;
}) {
  return (
    <th className={className} style={style}>
      <span className="listing-sr-only">{children}</span>
    </th>
  );
}

/** The last cell of a row: its action buttons. */
export function RowActions({ children }: { children: ReactNode }) {
  return (
    <td>
      <div className="listing-actions">{children}</div>
    </td>
  );
}

/** "Archive" or "Unarchive" what a row shows, named `name` for assistive technology. */
export function ArchiveButton({ archived, name, onClick }: { archived: boolean; name: string; onClick: () => void }) {
  const verb = archived ? "Unarchive" : "Archive";
  return (
    <button className="btn btn-small" aria-label={`${verb} ${name}`} onClick={onClick}>
      {verb}
    </button>
  );
}
