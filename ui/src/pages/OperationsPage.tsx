import { useState } from "react";
import { Link } from "react-router-dom";

import { api } from "../api/client";
import type { OperationStatus, OperationSummary, Page } from "../api/types";
import { Pagination } from "../components/Pagination";
import { useNotify } from "../components/Toasts";
import { ago, dateTime } from "../format";
import { useResource } from "../hooks/useResource";
import { useSession } from "../session";
import { AuthorFilter } from "./AuthorFilter";
import { ConfirmDialog } from "./ConfirmDialog";
import { EmptyState, LoadError, LoadingState, PastTheEnd } from "./ListStates";
import "./listing.css";
import { OperationStatusLabel } from "./OperationStatusLabel";
import { changeItems } from "./pageItems";
import { SearchBox } from "./SearchBox";
import { LIST_PAGE_SIZE, useQueryState } from "./useQueryState";

const STATUSES: [OperationStatus, string][] = [
  ["draft", "Draft"],
  ["published", "Published"],
  ["deprecated", "Deprecated"],
  ["mandatory_deprecated", "Must upgrade"],
];

const SORTS: [string, string][] = [
  ["name", "Name"],
  ["recent", "Newest first"],
  ["kind", "Kind"],
];

/** Names of the inputs or outputs, or a dash. */
function ports(items: { name: string }[]): string {
  return items.length ? items.map((item) => item.name).join(", ") : "—";
}

/** The operations one may see: search, filter by kind, status and star, sort, star, open. */
export function OperationsPage() {
  const { meta } = useSession();
  const query = useQueryState();
  const notify = useNotify();
  const q = query.get("q");
  const kind = query.get("kind");
  const status = query.get("status");
  const sort = query.get("sort") || "name";
  const starred = query.flag("starred");
  const allVersions = query.get("versions") === "all";
  const name = query.get("name");
  const author = query.get("author");
  const archived = query.flag("include_archived");
  const { offset } = query;
  const [deleting, setDeleting] = useState<OperationSummary | null>(null);

  const list = useResource(
    (signal) =>
      api.get<Page<OperationSummary>>(
        "/operations",
        {
          q,
          kind,
          status: status || undefined,
          sort,
          starred: starred || undefined,
          latest_only: !allVersions && !name,
          name,
          author,
          include_archived: archived || undefined,
          offset,
          limit: LIST_PAGE_SIZE,
        },
        signal,
      ),
    [q, kind, status, sort, starred, allVersions, name, author, archived, offset],
  );
  const filtered = Boolean(q || kind || status || starred || name || author || archived);

  const toggleStar = async (operation: OperationSummary) => {
    const star = !operation.starred;
    try {
      if (star) await api.post(`/operations/${operation.id}/star`);
      else await api.delete(`/operations/${operation.id}/star`);
      // A star belongs to the name: every listed version of it changes.
      list.setData((page) =>
        changeItems(page, (item) => (item.name === operation.name ? { ...item, starred: star } : item)),
      );
      if (starred && !star) list.reload();
    } catch (error) {
      notify.error(error, `Could not ${star ? "star" : "unstar"} “${operation.name}”`);
    }
  };

  const setArchived = async (operation: OperationSummary, archive: boolean) => {
    try {
      await api.post(`/operations/${operation.id}/${archive ? "archive" : "unarchive"}`);
      notify(`${archive ? "Archived" : "Unarchived"} ${operation.name} v${operation.version}`, "success");
      list.reload();
    } catch (error) {
      notify.error(error, `Could not ${archive ? "archive" : "unarchive"} ${operation.name}`);
    }
  };

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>Operations</h1>
          <p className="listing-subtitle muted">Reusable steps: scripts, Python code, files and sub-graphs.</p>
        </div>
        <span className="spacer" />
        <Link className="btn btn-primary" to="/operations/new">
          + New operation
        </Link>
      </div>

      <div className="listing-filters" role="search" aria-label="Filter operations">
        <SearchBox value={q} label="Search operations" placeholder="Search operations" width={200}
          onSearch={(text) => query.update({ q: text }, { replace: true })} />
        <label className="listing-inline">
          Kind
          <select className="input" aria-label="Kind" value={kind} onChange={(event) => query.update({ kind: event.target.value })}>
            <option value="">Any kind</option>
            {meta.kinds.map((item) => (
              <option key={item.name} value={item.name}>
                {item.name}
              </option>
            ))}
          </select>
        </label>
        <label className="listing-inline">
          Status
          <select className="input" aria-label="Status" value={status}
            onChange={(event) => query.update({ status: event.target.value })}>
            <option value="">Any status</option>
            {STATUSES.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <AuthorFilter value={author} onChange={(value) => query.update({ author: value })} />
        <label className="listing-inline">
          Sort
          <select className="input" aria-label="Sort" value={sort}
            onChange={(event) => query.update({ sort: event.target.value === "name" ? null : event.target.value })}>
            {SORTS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label className="listing-check">
          <input type="checkbox" checked={starred}
            onChange={(event) => query.update({ starred: event.target.checked ? "1" : null })} />
          Starred
        </label>
        <label className="listing-check">
          <input type="checkbox" checked={allVersions || Boolean(name)} disabled={Boolean(name)}
            onChange={(event) => query.update({ versions: event.target.checked ? "all" : null })} />
          All versions
        </label>
        <label className="listing-check">
          <input type="checkbox" checked={archived}
            onChange={(event) => query.update({ include_archived: event.target.checked ? "1" : null })} />
          Show archived
        </label>
        {name && (
          <span className="listing-tag" style={{ marginLeft: 0 }}>
            versions of <code>{name}</code>{" "}
            <button className="listing-link-button" aria-label="Show every name"
              onClick={() => query.update({ name: null })}>
              ✕
            </button>
          </span>
        )}
      </div>

      {list.error != null && list.data && <LoadError error={list.error} retry={list.reload} what="the operations" />}
      {list.error && !list.data ? (
        <LoadError error={list.error} retry={list.reload} what="the operations" />
      ) : !list.data ? (
        <LoadingState label="Loading operations…" />
      ) : list.data.items.length === 0 ? (
        offset > 0 ? (
          <PastTheEnd onFirst={() => query.update({ offset: null })} />
        ) : filtered ? (
          <EmptyState title="No operation matches these filters">
            <button className="listing-link-button"
              onClick={() => query.update({ q: null, kind: null, status: null, starred: null, name: null,
                author: null, include_archived: null })}>
              Clear the filters
            </button>
          </EmptyState>
        ) : (
          <EmptyState title="No operations yet">
            Operations are the building blocks of workflows.{" "}
            <Link to="/operations/new">Create the first one</Link>.
          </EmptyState>
        )
      ) : (
        <>
          <table className="table listing-table" aria-label="Operations">
            <thead>
              <tr>
                <th style={{ width: 28 }}>
                  <span className="listing-sr-only">Starred</span>
                </th>
                <th>Operation</th>
                <th>Kind</th>
                <th>Status</th>
                <th className="listing-nowrap">Inputs → outputs</th>
                <th>Author</th>
                <th>Created</th>
                <th>
                  <span className="listing-sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((operation) => {
                const label = operation.title || operation.name;
                return (
                  <tr key={operation.id} className={operation.archived ? "listing-archived" : undefined}>
                    <td>
                      <button className="listing-star" aria-pressed={Boolean(operation.starred)}
                        aria-label={`Star ${operation.name}`}
                        title={operation.starred ? "Starred: click to remove the star" : "Star every version of this name"}
                        onClick={() => toggleStar(operation)}>
                        {operation.starred ? "★" : "☆"}
                      </button>
                    </td>
                    <td>
                      <Link className="listing-title" to={`/operations/${operation.id}`}>
                        {label}
                      </Link>
                      {operation.archived && <span className="listing-tag">archived</span>}
                      <span className="listing-description">
                        <code>{operation.name}</code> v{operation.version}
                        {operation.description ? ` · ${operation.description}` : ""}
                      </span>
                    </td>
                    <td>
                      <span className="listing-kind">{operation.kind}</span>
                    </td>
                    <td>
                      <OperationStatusLabel status={operation.status} />
                    </td>
                    <td className="listing-ports">
                      {ports(operation.inputs)} → {ports(operation.outputs)}
                    </td>
                    <td>{operation.author}</td>
                    <td className="listing-nowrap" title={dateTime(operation.created_at)}>
                      {ago(operation.created_at)}
                    </td>
                    <td>
                      <div className="listing-actions">
                        {!name && (
                          <button className="btn btn-small" aria-label={`Versions of ${operation.name}`}
                            onClick={() => query.update({ name: operation.name })}>
                            Versions
                          </button>
                        )}
                        {operation.status === "draft" ? (
                          <button className="btn btn-small btn-danger"
                            aria-label={`Delete ${operation.name} v${operation.version}`}
                            onClick={() => setDeleting(operation)}>
                            Delete
                          </button>
                        ) : (
                          <button className="btn btn-small"
                            aria-label={`${operation.archived ? "Unarchive" : "Archive"} ${operation.name} v${operation.version}`}
                            onClick={() => setArchived(operation, !operation.archived)}>
                            {operation.archived ? "Unarchive" : "Archive"}
                          </button>
                        )}
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <Pagination page={list.data} onOffset={(next) => query.update({ offset: String(next) })} />
        </>
      )}

      {deleting && (
        <ConfirmDialog
          title="Delete draft"
          confirmLabel="Delete"
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api.delete(`/operations/${deleting.id}`);
            notify(`Deleted the draft ${deleting.name} v${deleting.version}`, "success");
            list.reload();
          }}
        >
          Delete the draft <strong>{deleting.name}</strong> version {deleting.version} for good?
        </ConfirmDialog>
      )}
    </div>
  );
}
