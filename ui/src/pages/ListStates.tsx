// What a list shows before, instead of, or around its rows.

import type { ReactNode } from "react";

import { ApiError } from "../api/client";
import { ErrorMessage } from "../components/ErrorMessage";

/** A friendly box for a list without rows: what it is for and what to do next. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="listing-empty" role="status">
      <strong>{title}</strong>
      {children && <div className="muted">{children}</div>}
    </div>
  );
}

/** Shown while the first page loads. */
export function LoadingState({ label = "Loading…" }: { label?: string }) {
  return (
    <div className="listing-loading muted" role="status" aria-live="polite">
      <span className="listing-spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

/** A failed load, with a way to try again. A 403 is said plainly as a lack of permission. */
export function LoadError({ error, retry, what }: { error: unknown; retry?: () => void; what: string }) {
  if (error instanceof ApiError && error.status === 403) {
    return (
      <div className="message message-error listing-forbidden" role="alert">
        <strong>Forbidden: </strong>
        you may not see {what}. {error.message}
      </div>
    );
  }
  return (
    <div className="listing-error">
      <ErrorMessage error={error} title={`Could not load ${what}`} />
      {retry && (
        <button className="btn btn-small" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** A page after the last one (the list shrank, or an old link). */
export function PastTheEnd({ onFirst }: { onFirst: () => void }) {
  return (
    <EmptyState title="Nothing on this page">
      <button className="listing-link-button" onClick={onFirst}>
        Go to the first page
      </button>
    </EmptyState>
  );
}
