import type { ReactNode } from "react";
import { Link } from "react-router-dom";

import { api } from "../api/client";
import type { Dashboard, Status } from "../api/types";
import { STATUS_ICONS, StatusBadge, statusColor } from "../components/StatusBadge";
import { ago, dateTime, duration, elapsed } from "../format";
import { useNow } from "../hooks/useNow";
import { useResource } from "../hooks/useResource";
import "./dashboard.css";
import { LoadError, LoadingState } from "./ListStates";
import { ListHeader } from "./ListHeader";
import { ListTable } from "./ListTable";
import "./listing.css";
import { useLiveRefresh } from "./useLiveRefresh";
import { useOperationNames } from "./useOperationNames";

const STATUS_ORDER: Status[] = ["created", "queued", "running", "succeeded", "failed", "canceled"];

interface Snapshot {
  board: Dashboard;
  /** When the answer arrived (ms): running times go on from there. */
  at: number;
}

/** A figure of the summary row: its label, value and what it means (`children`). */
function DashStat({ label, value, children }: { label: string; value: ReactNode; children: ReactNode }) {
  return (
    <div className="card dash-stat" aria-label={label}>
      <span className="dash-stat-label">{label}</span>
      <span className="dash-stat-value">{value}</span>
      {children}
    </div>
  );
}

/** A titled card of the dashboard, `aside` right of its title. */
function DashSection({ id, title, aside, children }: { id: string; title: string; aside: ReactNode; children: ReactNode }) {
  return (
    <section className="card dash-section" aria-labelledby={id}>
      <div className="dash-section-header">
        <h2 id={id}>{title}</h2>
        {aside}
      </div>
      {children}
    </section>
  );
}

/** What is going on: executor, queue, running tasks (ticking), runs by status, cache, latest runs. */
export function DashboardPage() {
  const resource = useResource<Snapshot>(
    async (signal) => ({ board: await api.get<Dashboard>("/dashboard", undefined, signal), at: Date.now() }),
    [],
  );
  const live = useLiveRefresh(resource.reload, { throttleMs: 1000, pollMs: 10000 });
  const snapshot = resource.data;
  const busy = (snapshot?.board.running.length ?? 0) > 0 ||
    (snapshot?.board.recent_runs ?? []).some((run) => !run.finished_at);
  const now = useNow(busy);
  const names = useOperationNames((snapshot?.board.running ?? []).map((task) => task.operation));

  if (!snapshot) {
    return (
      <div className="page">
        <div className="page-header">
          <h1>Dashboard</h1>
        </div>
        {resource.error ? (
          <LoadError error={resource.error} retry={resource.reload} what="the dashboard" />
        ) : (
          <LoadingState label="Loading the dashboard…" />
        )}
      </div>
    );
  }

  const { board, at } = snapshot;
  const clock = busy ? Math.max(now, at) : Date.now();
  // The usual statuses always, any other one (a run "skipped") when it has runs.
  const statuses = [
    ...STATUS_ORDER,
    ...(Object.keys(board.runs) as Status[]).filter((status) => !STATUS_ORDER.includes(status) && board.runs[status]),
  ];
  const totalRuns = statuses.reduce((sum, status) => sum + (board.runs[status] ?? 0), 0);
  const { cache } = board;
  const cacheTotal = cache.hits + cache.misses;
  const slotsUsed = Math.min(board.running.length, board.executor.concurrency);

  return (
    <div className="page">
      <ListHeader
        title="Dashboard"
        subtitle={board.scope === "own" ? "Your own runs: you may not see other users' runs." : "Every run on this PLynx."}
      >
        <span className="muted dash-updated" title={dateTime(new Date(at).toISOString())}>
          {live && <span className="dash-live" aria-hidden="true" />}
          {live ? "Live · updated " : "Updated "}
          {new Date(at).toLocaleTimeString()}
        </span>
        <button className="btn btn-small" onClick={resource.reload}>
          Refresh
        </button>
      </ListHeader>
      {resource.error != null && <LoadError error={resource.error} what="the latest figures" />}

      <section className="dash-stats" aria-label="Summary">
        <DashStat label="Executor" value={board.executor.name}>
          <span className="muted">
            {board.executor.concurrency} task{board.executor.concurrency === 1 ? "" : "s"} at once
          </span>
        </DashStat>
        <DashStat
          label="Running tasks"
          value={
            <>
              {board.running.length}
              <span className="dash-stat-of"> / {board.executor.concurrency}</span>
            </>
          }
        >
          <span className="dash-meter" role="meter" aria-label="Executor slots in use"
            aria-valuemin={0} aria-valuemax={board.executor.concurrency} aria-valuenow={slotsUsed}>
            <span style={{ width: `${(100 * slotsUsed) / Math.max(1, board.executor.concurrency)}%` }} />
          </span>
        </DashStat>
        <DashStat label="Queue" value={board.queue_length}>
          <span className="muted">
            task{board.queue_length === 1 ? "" : "s"} waiting for a slot
          </span>
        </DashStat>
        <DashStat label="Cache hit ratio" value={cache.hit_ratio === null ? "—" : `${Math.round(cache.hit_ratio * 100)}%`}>
          <span className="muted">
            {cacheTotal === 0
              ? `no finished task in the last ${cache.window_hours} h`
              : `${cache.hits} hit${cache.hits === 1 ? "" : "s"}, ${cache.misses} computed, last ${cache.window_hours} h`}
          </span>
        </DashStat>
      </section>

      <DashSection id="dash-runs-by-status" title="Runs by status"
        aside={<span className="muted">{totalRuns.toLocaleString()} in all</span>}>
        {totalRuns > 0 && (
          <div className="dash-bar" aria-hidden="true">
            {statuses.filter((status) => board.runs[status]).map((status) => (
              <span key={status} title={`${status}: ${board.runs[status]}`}
                style={{ flexGrow: board.runs[status], background: statusColor(status) }} />
            ))}
          </div>
        )}
        <ul className="dash-counts">
          {statuses.map((status) => (
            <li key={status}>
              <Link to={`/runs?status=${status}`} className="dash-count" aria-label={`${status}: ${board.runs[status] ?? 0}`}>
                <span className="dash-count-icon" style={{ color: statusColor(status) }} aria-hidden="true">
                  {STATUS_ICONS[status]}
                </span>
                <span className="dash-count-word">{status}</span>
                <span className="dash-count-value">{(board.runs[status] ?? 0).toLocaleString()}</span>
              </Link>
            </li>
          ))}
        </ul>
      </DashSection>

      <div className="dash-columns">
        <DashSection id="dash-running" title="Running tasks"
          aside={<span className="muted">longest running first</span>}>
          {board.running.length === 0 ? (
            <p className="muted dash-none">Nothing is running right now.</p>
          ) : (
            <ListTable
              label="Running tasks"
              className="dash-table"
              head={
                <>
                  <th>Run</th>
                  <th>Node</th>
                  <th>Operation</th>
                  <th>Author</th>
                  <th className="listing-num">Elapsed</th>
                </>
              }
            >
              {board.running.map((task) => (
                <tr key={`${task.run_id}/${task.node_id}`}>
                  <td>
                    <Link to={`/runs/${task.run_id}`}>{task.run_title || "Untitled"}</Link>
                  </td>
                  <td>
                    <code>{task.node_id}</code>
                  </td>
                  <td>
                    <Link to={`/operations/${task.operation}`}>{names.get(task.operation) ?? "…"}</Link>
                  </td>
                  <td>{task.author}</td>
                  <td className="listing-num listing-nowrap">
                    {duration(task.elapsed_seconds === null ? null : task.elapsed_seconds + (clock - at) / 1000)}
                  </td>
                </tr>
              ))}
            </ListTable>
          )}
        </DashSection>

        <DashSection id="dash-recent" title="Recent runs" aside={<Link to="/runs">All runs →</Link>}>
          {board.recent_runs.length === 0 ? (
            <p className="muted dash-none">
              No runs yet. <Link to="/workflows">Open a workflow</Link> and run it: it shows up here.
            </p>
          ) : (
            <ListTable
              label="Recent runs"
              className="dash-table"
              head={
                <>
                  <th>Status</th>
                  <th>Title</th>
                  <th>Created</th>
                  <th className="listing-num">Duration</th>
                </>
              }
            >
              {board.recent_runs.map((run) => (
                <tr key={run.id}>
                  <td>
                    <StatusBadge status={run.status} title={run.error ?? undefined} />
                  </td>
                  <td>
                    <Link to={`/runs/${run.id}`}>{run.title || "Untitled"}</Link>
                    <span className="muted"> · {run.author}</span>
                  </td>
                  <td className="listing-nowrap" title={dateTime(run.created_at)}>
                    {ago(run.created_at, clock)}
                  </td>
                  <td className="listing-num listing-nowrap">
                    {duration(elapsed(run.started_at, run.finished_at, clock))}
                  </td>
                </tr>
              ))}
            </ListTable>
          )}
        </DashSection>
      </div>
    </div>
  );
}
