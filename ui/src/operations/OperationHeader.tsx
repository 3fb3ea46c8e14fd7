import type { ReactNode } from "react";
import { Link } from "react-router-dom";

import type { OperationDetail } from "../api/types";
import { ago, dateTime } from "../format";
import { OperationStatusBadge } from "./OperationStatusBadge";
import type { OperationForm } from "./types";

/** The operation's title, name, version, status and author, its star, and the actions;
 * kept in view while the form scrolls. */
export function OperationHeader({
  operation,
  form,
  dirty,
  onStar,
  starBusy,
  actions,
}: {
  operation: OperationDetail | undefined;
  form: OperationForm;
  dirty: boolean;
  onStar: () => void;
  starBusy: boolean;
  actions: ReactNode;
}) {
  const heading = operation ? operation.title || operation.name : "New operation";
  return (
    <header className="op-header">
      <nav className="op-crumbs" aria-label="Breadcrumb">
        <Link to="/operations">Operations</Link>
        <span aria-hidden="true"> / </span>
        <span>{operation ? `${operation.name} v${operation.version}` : "new"}</span>
      </nav>
      <div className="op-header-row">
        <div className="op-title-block">
          <div className="op-title-line">
            <h1>{heading}</h1>
            {operation && (
              <button
                type="button"
                className={`btn btn-icon op-star${operation.starred ? " op-starred" : ""}`}
                aria-pressed={Boolean(operation.starred)}
                aria-label={operation.starred ? "Unstar" : "Star"}
                title={operation.starred ? "Starred: remove the star" : "Star every version of this name"}
                disabled={starBusy}
                onClick={onStar}
              >
                {operation.starred ? "★" : "☆"}
              </button>
            )}
          </div>
          <div className="op-meta">
            {operation ? (
              <>
                <code className="op-name">{operation.name}</code>
                <span className="badge op-version-badge">v{operation.version}</span>
                {operation.status && <OperationStatusBadge status={operation.status} />}
                <span className="badge op-kind">{operation.kind}</span>
                {operation.archived && <span className="badge op-archived">archived</span>}
                <span className="muted">
                  by {operation.author} · <span title={dateTime(operation.created_at)}>{ago(operation.created_at)}</span>
                </span>
              </>
            ) : (
              <span className="muted">
                A new <span className="badge op-kind">{form.kind}</span> operation, not saved yet
              </span>
            )}
            {dirty && (
              <span className="op-dirty" role="status">
                <span aria-hidden="true">● </span>unsaved changes
              </span>
            )}
          </div>
        </div>
        <span className="spacer" />
        {actions}
      </div>
    </header>
  );
}
