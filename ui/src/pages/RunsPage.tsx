import { useMemo, useState } from "react";
import { Link } from "react-router-dom";

import { api } from "../api/client";
import type { Page, RunSummary, Status, WorkflowSummary } from "../api/types";
import { StatusBadge } from "../components/StatusBadge";
import { ago, dateTime, duration, elapsed } from "../format";
import { useNow } from "../hooks/useNow";
import { useResource } from "../hooks/useResource";
import { AuthorFilter } from "./AuthorFilter";
import { FilterSelect, ListFilters } from "./ListFilters";
import { ListHeader } from "./ListHeader";
import { EmptyState, ListBody, NoMatch } from "./ListStates";
import { HiddenHeader, ListTable } from "./ListTable";
import "./listing.css";
import { useLiveRefresh } from "./useLiveRefresh";
import { LIST_PAGE_SIZE, useQueryState } from "./useQueryState";

const ACTIVE: Status[] = ["created", "queued", "running"];
const STATUSES: Status[] = ["created", "queued", "running", "succeeded", "failed", "canceled"];

/** How many workflows the workflow filter offers. */
const WORKFLOW_CHOICES = 500;

/** The status filter's value for a set of statuses: "", "active" or one status. */
function statusChoice(statuses: string[]): string {
  if (statuses.length === 0) return "";
  if (statuses.length === ACTIVE.length && ACTIVE.every((status) => statuses.includes(status))) return "active";
  return statuses[0];
}

/** Past and current runs: filter by status, workflow and author; pick two to compare. */
export function RunsPage() {
  const query = useQueryState();
  const q = query.get("q");
  const statuses = query.getAll("status");
  const workflowId = query.get("workflow_id");
  const author = query.get("author");
  const { offset } = query;
  const statusKey = statuses.join(",");
  const [selected, setSelected] = useState<RunSummary[]>([]);

  const list = useResource(
    (signal) =>
      api.get<Page<RunSummary>>(
        "/runs",
        { q, status: statuses, workflow_id: workflowId, author, offset, limit: LIST_PAGE_SIZE },
        signal,
      ),
    [q, statusKey, workflowId, author, offset],
  );
  useLiveRefresh(list.reload);

  const workflows = useResource(
    (signal) =>
      api.get<Page<WorkflowSummary>>("/workflows", { include_archived: true, limit: WORKFLOW_CHOICES }, signal),
    [],
  );
  const titles = useMemo(
    () => new Map((workflows.data?.items ?? []).map((workflow) => [workflow.id, workflow.title || "Untitled"])),
    [workflows.data],
  );

  const anyRunning = (list.data?.items ?? []).some((run) => run.started_at && !run.finished_at);
  const ticking = useNow(anyRunning);
  const now = anyRunning ? ticking : Date.now();
  const filtered = Boolean(q || statuses.length || workflowId || author);

  const toggle = (run: RunSummary) =>
    setSelected((current) =>
      current.some((item) => item.id === run.id)
        ? current.filter((item) => item.id !== run.id)
        : [...current, run].slice(-2),
    );
  const comparable =
    selected.length === 2 && selected[0].workflow_id !== null && selected[0].workflow_id === selected[1].workflow_id;

  const setStatus = (choice: string) =>
    query.update({ status: choice === "active" ? ACTIVE : choice ? [choice] : null });

  return (
    <div className="page">
      <ListHeader title="Runs" subtitle="Every launch of a workflow, newest first, updated live." />

      <ListFilters what="runs" query={query} placeholder="Search run titles">
        <FilterSelect label="Status" value={statusChoice(statuses)} onChange={setStatus}>
          <option value="">Any status</option>
          <option value="active">Active (not finished)</option>
          {STATUSES.map((status) => (
            <option key={status} value={status}>
              {status}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect label="Workflow" value={workflowId} style={{ maxWidth: 260 }}
          onChange={(value) => query.update({ workflow_id: value })}>
          <option value="">Any workflow</option>
          {workflowId && !titles.has(workflowId) && <option value={workflowId}>{workflowId.slice(0, 8)}…</option>}
          {(workflows.data?.items ?? []).map((workflow) => (
            <option key={workflow.id} value={workflow.id}>
              {workflow.title || "Untitled"}
            </option>
          ))}
        </FilterSelect>
        <AuthorFilter value={author} onChange={(value) => query.update({ author: value })} />
      </ListFilters>

      <div className="listing-selectbar" aria-live="polite">
        {selected.length === 0 ? (
          <span className="muted">Tick two runs of the same workflow to compare them.</span>
        ) : (
          <>
            <span>
              {selected.length} run{selected.length === 1 ? "" : "s"} selected
            </span>
            {comparable ? (
              <Link className="btn btn-small btn-primary"
                to={`/runs/compare?a=${selected[0].id}&b=${selected[1].id}`}>
                Compare
              </Link>
            ) : (
              <span className="muted">
                {selected.length === 1 ? "Tick one more run of the same workflow." : "These runs come from different workflows."}
              </span>
            )}
            <button className="btn btn-small" onClick={() => setSelected([])}>
              Clear selection
            </button>
          </>
        )}
      </div>

      <ListBody
        list={list}
        query={query}
        what="the runs"
        loading="Loading runs…"
        empty={
          filtered ? (
            <NoMatch title="No run matches these filters"
              onClear={() => query.update({ q: null, status: null, workflow_id: null, author: null })} />
          ) : (
            <EmptyState title="No runs yet">
              Open a workflow and press Run: its progress shows up here.{" "}
              <Link to="/workflows">Go to the workflows</Link>.
            </EmptyState>
          )
        }
      >
        {(page) => (
          <ListTable
            label="Runs"
            head={
              <>
                <HiddenHeader style={{ width: 32 }}>Select</HiddenHeader>
                <th>Status</th>
                <th>Title</th>
                <th>Workflow</th>
                <th>Author</th>
                <th>Created</th>
                <th className="listing-num">Duration</th>
              </>
            }
          >
            {page.items.map((run) => {
              const isSelected = selected.some((item) => item.id === run.id);
              return (
                <tr key={run.id} className={isSelected ? "listing-selected" : undefined}>
                  <td>
                    <input type="checkbox" checked={isSelected} onChange={() => toggle(run)}
                      aria-label={`Select run ${run.title} of ${dateTime(run.created_at)}`} />
                  </td>
                  <td>
                    <StatusBadge status={run.status} title={run.error ?? undefined} />
                    {run.cancel_requested && !run.finished_at && <span className="listing-tag">canceling</span>}
                  </td>
                  <td>
                    <Link className="listing-title" to={`/runs/${run.id}`}>
                      {run.title || "Untitled"}
                    </Link>
                    {run.error && (
                      <span className="listing-description" title={run.error}>
                        {run.error}
                      </span>
                    )}
                  </td>
                  <td>
                    {run.workflow_id ? (
                      <Link to={`/workflows/${run.workflow_id}`}>
                        {titles.get(run.workflow_id) ?? `${run.workflow_id.slice(0, 8)}…`}
                      </Link>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td>{run.author}</td>
                  <td className="listing-nowrap" title={dateTime(run.created_at)}>
                    {ago(run.created_at, now)}
                  </td>
                  <td className="listing-num listing-nowrap">
                    {duration(elapsed(run.started_at, run.finished_at, now))}
                  </td>
                </tr>
              );
            })}
          </ListTable>
        )}
      </ListBody>
    </div>
  );
}
