import { useState } from "react";
import { Link } from "react-router-dom";

import { api } from "../api/client";
import type { OperationStatus, OperationSummary, Page } from "../api/types";
import { useNotify } from "../components/Toasts";
import { ago, dateTime } from "../format";
import { useResource } from "../hooks/useResource";
import { useSession } from "../session";
import { AuthorFilter } from "./AuthorFilter";
import { ConfirmDelete } from "./ConfirmDialog";
import { FilterCheck, FilterSelect, ListFilters } from "./ListFilters";
import { ListHeader } from "./ListHeader";
import { EmptyState, ListBody, NoMatch } from "./ListStates";
import { ArchiveButton, HiddenHeader, ListTable, RowActions } from "./ListTable";
import "./listing.css";
import { OperationStatusLabel } from "./OperationStatusLabel";
import { changeItems } from "./pageItems";
import { useArchive } from "./useArchive";
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

  const setArchived = useArchive(list.reload);

  return (
    <div className="page">
      <ListHeader title="Operations" subtitle="Reusable steps: scripts, Python code, files and sub-graphs.">
        <Link className="btn btn-primary" to="/operations/new">
          + New operation
        </Link>
      </ListHeader>

      <ListFilters what="operations" query={query} placeholder="Search operations" width={200}>
        <FilterSelect label="Kind" value={kind} onChange={(value) => query.update({ kind: value })}>
          <option value="">Any kind</option>
          {meta.kinds.map((item) => (
            <option key={item.name} value={item.name}>
              {item.name}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect label="Status" value={status} onChange={(value) => query.update({ status: value })}>
          <option value="">Any status</option>
          {STATUSES.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </FilterSelect>
        <AuthorFilter value={author} onChange={(value) => query.update({ author: value })} />
        <FilterSelect label="Sort" value={sort} onChange={(value) => query.update({ sort: value === "name" ? null : value })}>
          {SORTS.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </FilterSelect>
        <FilterCheck checked={starred} onChange={(checked) => query.update({ starred: checked ? "1" : null })}>
          Starred
        </FilterCheck>
        <FilterCheck checked={allVersions || Boolean(name)} disabled={Boolean(name)}
          onChange={(checked) => query.update({ versions: checked ? "all" : null })}>
          All versions
        </FilterCheck>
        <FilterCheck checked={archived} onChange={(checked) => query.update({ include_archived: checked ? "1" : null })}>
          Show archived
        </FilterCheck>
        {name && (
          <span className="listing-tag" style={{ marginLeft: 0 }}>
            versions of <code>{name}</code>{" "}
            <button className="listing-link-button" aria-label="Show every name"
              onClick={() => query.update({ name: null })}>
              ✕
            </button>
          </span>
        )}
      </ListFilters>

      <ListBody
        list={list}
        query={query}
        what="the operations"
        loading="Loading operations…"
        empty={
          filtered ? (
            <NoMatch title="No operation matches these filters"
              onClear={() => query.update({ q: null, kind: null, status: null, starred: null, name: null,
                author: null, include_archived: null })} />
          ) : (
            <EmptyState title="No operations yet">
              Operations are the building blocks of workflows.{" "}
              <Link to="/operations/new">Create the first one</Link>.
            </EmptyState>
          )
        }
      >
        {(page) => (
          <ListTable
            label="Operations"
            head={
              <>
                <HiddenHeader style={{ width: 28 }}>Starred</HiddenHeader>
                <th>Operation</th>
                <th>Kind</th>
                <th>Status</th>
                <th className="listing-nowrap">Inputs → outputs</th>
                <th>Author</th>
                <th>Created</th>
                <HiddenHeader>Actions</HiddenHeader>
              </>
            }
          >
            {page.items.map((operation) => {
              const label = operation.title || operation.name;
              const versioned = `${operation.name} v${operation.version}`;
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
                  <RowActions>
                    {!name && (
                      <button className="btn btn-small" aria-label={`Versions of ${operation.name}`}
                        onClick={() => query.update({ name: operation.name })}>
                        Versions
                      </button>
                    )}
                    {operation.status === "draft" ? (
                      <button className="btn btn-small btn-danger" aria-label={`Delete ${versioned}`}
                        onClick={() => setDeleting(operation)}>
                        Delete
                      </button>
                    ) : (
                      <ArchiveButton archived={Boolean(operation.archived)} name={versioned}
                        onClick={() =>
                          setArchived(`/operations/${operation.id}`, !operation.archived, versioned, operation.name)
                        } />
                    )}
                  </RowActions>
                </tr>
              );
            })}
          </ListTable>
        )}
      </ListBody>

      {deleting && (
        <ConfirmDelete
          title="Delete draft"
          path={`/operations/${deleting.id}`}
          done={`Deleted the draft ${deleting.name} v${deleting.version}`}
          onDeleted={list.reload}
          onClose={() => setDeleting(null)}
        >
          Delete the draft <strong>{deleting.name}</strong> version {deleting.version} for good?
        </ConfirmDelete>
      )}
    </div>
  );
}
