import type { ReactNode } from "react";

/** The header of a list screen: its title, what it lists, and its main action (`children`). */
export function ListHeader({ title, subtitle, children }: { title: string; subtitle: ReactNode; children?: ReactNode }) {
  return (
    <div className="page-header">
      <div>
        <h1>{title}</h1>
        <p className="listing-subtitle muted">{subtitle}</p>
      </div>
      {children && (
        <>
          <span className="spacer" />
          {children}
        </>
      )}
    </div>
  );
}
