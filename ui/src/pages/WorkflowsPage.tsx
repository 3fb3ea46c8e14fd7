import { useState } from "react";
import { Link } from "react-router-dom";

import { api } from "../api/client";
import type { Page, WorkflowSummary } from "../api/types";
import { ago, dateTime } from "../format";
import { useResource } from "../hooks/useResource";
import { AuthorFilter } from "./AuthorFilter";
import { ConfirmDelete } from "./ConfirmDialog";
import { FilterCheck, ListFilters } from "./ListFilters";
import { ListHeader } from "./ListHeader";
import { EmptyState, ListBody, NoMatch } from "./ListStates";
import { ArchiveButton, HiddenHeader, ListTable, RowActions } from "./ListTable";
import "./listing.css";
import { useArchive } from "./useArchive";
import { LIST_PAGE_SIZE, useQueryState } from "./useQueryState";

/** The workflows one may see: search, filter by author, archive, delete, open. */
export function WorkflowsPage() {
  const query = useQueryState();
  const q = query.get("q");
  const author = query.get("author");
  const archived = query.flag("include_archived");
  const { offset } = query;
  const [deleting, setDeleting] = useState<WorkflowSummary | null>(null);

  const list = useResource(
    (signal) =>
      api.get<Page<WorkflowSummary>>(
        "/workflows",
        { q, author, include_archived: archived || undefined, offset, limit: LIST_PAGE_SIZE },
        signal,
      ),
    [q, author, archived, offset],
  );
  const filtered = Boolean(q || author || archived);

  const setArchived = useArchive(list.reload);

  return (
    <div className="page">
      <ListHeader title="Workflows" subtitle="Graphs of operations you can edit and run.">
        <Link className="btn btn-primary" to="/workflows/new">
          + New workflow
        </Link>
      </ListHeader>

      <ListFilters what="workflows" query={query} placeholder="Search title or description">
        <AuthorFilter value={author} onChange={(value) => query.update({ author: value })} />
        <FilterCheck checked={archived} onChange={(checked) => query.update({ include_archived: checked ? "1" : null })}>
          Show archived
        </FilterCheck>
      </ListFilters>

      <ListBody
        list={list}
        query={query}
        what="the workflows"
        loading="Loading workflows…"
        empty={
          filtered ? (
            <NoMatch title="No workflow matches these filters"
              onClear={() => query.update({ q: null, author: null, include_archived: null })} />
          ) : (
            <EmptyState title="No workflows yet">
              A workflow connects operations into a graph that PLynx runs for you.{" "}
              <Link to="/workflows/new">Create your first workflow</Link>.
            </EmptyState>
          )
        }
      >
        {(page) => (
          <ListTable
            label="Workflows"
            head={
              <>
                <th>Title</th>
                <th className="listing-num">Nodes</th>
                <th>Author</th>
                <th>Updated</th>
                <HiddenHeader className="listing-num">Actions</HiddenHeader>
              </>
            }
          >
            {page.items.map((workflow) => (
              <tr key={workflow.id} className={workflow.archived ? "listing-archived" : undefined}>
                <td>
                  <Link className="listing-title" to={`/workflows/${workflow.id}`}>
                    {workflow.title || "Untitled"}
                  </Link>
                  {workflow.archived && <span className="listing-tag">archived</span>}
                  {workflow.description && (
                    <span className="listing-description" title={workflow.description}>
                      {workflow.description}
                    </span>
                  )}
                </td>
                <td className="listing-num">{workflow.node_count}</td>
                <td>{workflow.author}</td>
                <td className="listing-nowrap" title={dateTime(workflow.updated_at)}>
                  {ago(workflow.updated_at)}
                </td>
                <RowActions>
                  <Link className="btn btn-small" to={`/runs?workflow_id=${workflow.id}`}
                    aria-label={`Runs of ${workflow.title}`}>
                    Runs
                  </Link>
                  <ArchiveButton archived={workflow.archived} name={workflow.title}
                    onClick={() => setArchived(`/workflows/${workflow.id}`, !workflow.archived, `“${workflow.title}”`)} />
                  <button className="btn btn-small btn-danger" aria-label={`Delete ${workflow.title}`}
                    onClick={() => setDeleting(workflow)}>
                    Delete
                  </button>
                </RowActions>
              </tr>
            ))}
          </ListTable>
        )}
      </ListBody>

      {deleting && (
        <ConfirmDelete
          title="Delete workflow"
          path={`/workflows/${deleting.id}`}
          done={`Deleted “${deleting.title}”`}
          onDeleted={list.reload}
          onClose={() => setDeleting(null)}
        >
          Delete <strong>{deleting.title || "Untitled"}</strong> for good? Its past runs keep their own
          copy of the graph. To only hide it from this list, archive it instead.
        </ConfirmDelete>
      )}
    </div>
  );
}
