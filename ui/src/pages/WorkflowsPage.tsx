import { useState } from "react";
import { Link } from "react-router-dom";

import { api } from "../api/client";
import type { Page, WorkflowSummary } from "../api/types";
import { Pagination } from "../components/Pagination";
import { useNotify } from "../components/Toasts";
import { ago, dateTime } from "../format";
import { useResource } from "../hooks/useResource";
import { AuthorFilter } from "./AuthorFilter";
import { ConfirmDialog } from "./ConfirmDialog";
import { EmptyState, LoadError, LoadingState, PastTheEnd } from "./ListStates";
import "./listing.css";
import { SearchBox } from "./SearchBox";
import { LIST_PAGE_SIZE, useQueryState } from "./useQueryState";

/** The workflows one may see: search, filter by author, archive, delete, open. */
export function WorkflowsPage() {
  const query = useQueryState();
  const notify = useNotify();
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

  const setArchived = async (workflow: WorkflowSummary, archive: boolean) => {
    try {
      await api.post(`/workflows/${workflow.id}/${archive ? "archive" : "unarchive"}`);
      notify(`${archive ? "Archived" : "Unarchived"} “${workflow.title}”`, "success");
      list.reload();
    } catch (error) {
      notify.error(error, `Could not ${archive ? "archive" : "unarchive"} “${workflow.title}”`);
    }
  };

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>Workflows</h1>
          <p className="listing-subtitle muted">Graphs of operations you can edit and run.</p>
        </div>
        <span className="spacer" />
        <Link className="btn btn-primary" to="/workflows/new">
          + New workflow
        </Link>
      </div>

      <div className="listing-filters" role="search" aria-label="Filter workflows">
        <SearchBox value={q} label="Search workflows" placeholder="Search title or description"
          onSearch={(text) => query.update({ q: text }, { replace: true })} />
        <AuthorFilter value={author} onChange={(value) => query.update({ author: value })} />
        <label className="listing-check">
          <input type="checkbox" checked={archived}
            onChange={(event) => query.update({ include_archived: event.target.checked ? "1" : null })} />
          Show archived
        </label>
      </div>

      {list.error != null && list.data && <LoadError error={list.error} retry={list.reload} what="the workflows" />}
      {list.error && !list.data ? (
        <LoadError error={list.error} retry={list.reload} what="the workflows" />
      ) : !list.data ? (
        <LoadingState label="Loading workflows…" />
      ) : list.data.items.length === 0 ? (
        offset > 0 ? (
          <PastTheEnd onFirst={() => query.update({ offset: null })} />
        ) : filtered ? (
          <EmptyState title="No workflow matches these filters">
            <button className="listing-link-button"
              onClick={() => query.update({ q: null, author: null, include_archived: null })}>
              Clear the filters
            </button>
          </EmptyState>
        ) : (
          <EmptyState title="No workflows yet">
            A workflow connects operations into a graph that PLynx runs for you.{" "}
            <Link to="/workflows/new">Create your first workflow</Link>.
          </EmptyState>
        )
      ) : (
        <>
          <table className="table listing-table" aria-label="Workflows">
            <thead>
              <tr>
                <th>Title</th>
                <th className="listing-num">Nodes</th>
                <th>Author</th>
                <th>Updated</th>
                <th className="listing-num">
                  <span className="listing-sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((workflow) => (
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
                  <td>
                    <div className="listing-actions">
                      <Link className="btn btn-small" to={`/runs?workflow_id=${workflow.id}`}
                        aria-label={`Runs of ${workflow.title}`}>
                        Runs
                      </Link>
                      <button className="btn btn-small"
                        aria-label={`${workflow.archived ? "Unarchive" : "Archive"} ${workflow.title}`}
                        onClick={() => setArchived(workflow, !workflow.archived)}>
                        {workflow.archived ? "Unarchive" : "Archive"}
                      </button>
                      <button className="btn btn-small btn-danger" aria-label={`Delete ${workflow.title}`}
                        onClick={() => setDeleting(workflow)}>
                        Delete
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pagination page={list.data} onOffset={(next) => query.update({ offset: String(next) })} />
        </>
      )}

      {deleting && (
        <ConfirmDialog
          title="Delete workflow"
          confirmLabel="Delete"
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api.delete(`/workflows/${deleting.id}`);
            notify(`Deleted “${deleting.title}”`, "success");
            list.reload();
          }}
        >
          Delete <strong>{deleting.title || "Untitled"}</strong> for good? Its past runs keep their own
          copy of the graph. To only hide it from this list, archive it instead.
        </ConfirmDialog>
      )}
    </div>
  );
}
