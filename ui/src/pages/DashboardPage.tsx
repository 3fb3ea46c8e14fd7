import { Link } from "react-router-dom";

import { api } from "../api/client";
import type { Status } from "../api/types";
import { STATUS_ICONS, StatusBadge, statusColor } from "../components/StatusBadge";
import { ago, dateTime, duration, elapsed } from "../format";
import { useResource } from "../hooks/useResource";
import "./dashboard.css";
import { LoadError, LoadingState } from "./ListStates";
import "./listing.css";
import type { Dashboard } from "../api/types";
import { useLiveRefresh } from "./useLiveRefresh";
import { useNow } from "./useNow";
import { useOperationNames } from "./useOperationNames";

const STATUS_ORDER: Status[] = ["created", "queued", "running", "succeeded", "failed", "canceled"];

interface Snapshot {
  board: Dashboard;
  /** When the answer arrived (ms): running times go on from there. */
  at: number;
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
  const now = useNow(1000, busy);
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
      <div className="page-header">
        <div>
          <h1>Dashboard</h1>
          <p className="listing-subtitle muted">
            {board.scope === "own" ? "Your own runs: you may not see other users' runs." : "Every run on this PLynx."}
          </p>
        </div>
        <span className="spacer" />
        <span className="muted dash-updated" title={dateTime(new Date(at).toISOString())}>
          {live && <span className="dash-live" aria-hidden="true" />}
          {live ? "Live · updated " : "Updated "}
          {new Date(at).toLocaleTimeString()}
        </span>
        <button className="btn btn-small" onClick={resource.reload}>
          Refresh
        </button>
      </div>
      {resource.error != null && <LoadError error={resource.error} what="the latest figures" />}

      <section className="dash-stats" aria-label="Summary">
        <div className="card dash-stat" aria-label="Executor">
          <span className="dash-stat-label">Executor</span>
          <span className="dash-stat-value">{board.executor.name}</span>
          <span className="muted">
            {board.executor.concurrency} task{board.executor.concurrency === 1 ? "" : "s"} at once
          </span>
        </div>
        <div className="card dash-stat" aria-label="Running tasks">
          <span className="dash-stat-label">Running tasks</span>
          <span className="dash-stat-value">
            {board.running.length}
            <span className="dash-stat-of"> / {board.executor.concurrency}</span>
          </span>
          <span className="dash-meter" role="meter" aria-label="Executor slots in use"
            aria-valuemin={0} aria-valuemax={board.executor.concurrency} aria-valuenow={slotsUsed}>
            <span style={{ width: `${(100 * slotsUsed) / Math.max(1, board.executor.concurrency)}%` }} />
          </span>
        </div>
        <div className="card dash-stat" aria-label="Queue">
          <span className="dash-stat-label">Queue</span>
          <span className="dash-stat-value">{board.queue_length}</span>
          <span className="muted">
            task{board.queue_length === 1 ? "" : "s"} waiting for a slot
          </span>
        </div>
        <div className="card dash-stat" aria-label="Cache hit ratio">
          <span className="dash-stat-label">Cache hit ratio</span>
          <span className="dash-stat-value">
            {cache.hit_ratio === null ? "—" : `${Math.round(cache.hit_ratio * 100)}%`}
          </span>
          <span className="muted">
            {cacheTotal === 0
              ? `no finished task in the last ${cache.window_hours} h`
              : `${cache.hits} hit${cache.hits === 1 ? "" : "s"}, ${cache.misses} computed, last ${cache.window_hours} h`}
          </span>
        </div>
      </section>

      <section className="card dash-section" aria-labelledby="dash-runs-by-status">
        <div className="dash-section-header">
          <h2 id="dash-runs-by-status">Runs by status</h2>
          <span className="muted">{totalRuns.toLocaleString()} in all</span>
        </div>
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
      </section>

      <div className="dash-columns">
        <section className="card dash-section" aria-labelledby="dash-running">
          <div className="dash-section-header">
            <h2 id="dash-running">Running tasks</h2>
            <span className="muted">longest running first</span>
          </div>
          {board.running.length === 0 ? (
            <p className="muted dash-none">Nothing is running right now.</p>
          ) : (
            <table className="table listing-table dash-table" aria-label="Running tasks">
              <thead>
                <tr>
                  <th>Run</th>
                  <th>Node</th>
                  <th>Operation</th>
                  <th>Author</th>
                  <th className="listing-num">Elapsed</th>
                </tr>
              </thead>
              <tbody>
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
              </tbody>
            </table>
          )}
        </section>

        <section className="card dash-section" aria-labelledby="dash-recent">
          <div className="dash-section-header">
            <h2 id="dash-recent">Recent runs</h2>
            <Link to="/runs">All runs →</Link>
          </div>
          {board.recent_runs.length === 0 ? (
            <p className="muted dash-none">
              No runs yet. <Link to="/workflows">Open a workflow</Link> and run it: it shows up here.
            </p>
          ) : (
            <table className="table listing-table dash-table" aria-label="Recent runs">
              <thead>
                <tr>
                  <th>Status</th>
                  <th>Title</th>
                  <th>Created</th>
                  <th className="listing-num">Duration</th>
                </tr>
              </thead>
              <tbody>
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
              </tbody>
            </table>
          )}
        </section>
      </div>
    </div>
  );
}
