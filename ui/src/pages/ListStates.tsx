// What a list shows before, instead of, or around its rows.

import type { ReactNode } from "react";

import { ApiError } from "../api/client";
import type { Page } from "../api/types";
import { ErrorMessage } from "../components/ErrorMessage";
import { Pagination } from "../components/Pagination";
import type { Resource } from "../hooks/useResource";
import type { QueryState } from "./useQueryState";

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

/** The first page of a filtered list without rows, with a way to clear the filters. */
export function NoMatch({
  title,
  onClear,
  clearLabel = "Clear the filters",
}: {
  title: string;
  onClear: () => void;
  clearLabel?: string;
}) {
  return (
    <EmptyState title={title}>
      <button className="listing-link-button" onClick={onClear}>
        {clearLabel}
      </button>
    </EmptyState>
  );
}

/**
 * A paged list from the API in all its states: failed (kept above the rows when reloading
 * fails), loading, past the end, `empty` on a first page without rows, else its rows drawn by
 * `children` above the pagination. The page is kept in the address by `query`.
 */
export function ListBody<T>({
  list,
  query,
  what,
  loading,
  empty,
  children,
}: {
  list: Resource<Page<T>>;
  query: QueryState;
  /** What the list is, for error messages: "the workflows". */
  what: string;
  loading: string;
  empty: ReactNode;
  children: (page: Page<T>) => ReactNode;
}) {
  return (
    <>
      {list.error != null && list.data && <LoadError error={list.error} retry={list.reload} what={what} />}
      {list.error && !list.data ? (
        <LoadError error={list.error} retry={list.reload} what={what} />
      ) : !list.data ? (
        <LoadingState label={loading} />
      ) : list.data.items.length === 0 ? (
        query.offset > 0 ? (
          <PastTheEnd onFirst={() => query.update({ offset: null })} />
        ) : (
          empty
        )
      ) : (
        <>
          {children(list.data)}
          <Pagination page={list.data} onOffset={(next) => query.update({ offset: String(next) })} />
        </>
      )}
    </>
  );
}
