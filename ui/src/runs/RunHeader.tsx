import { useState } from "react";
import { Link } from "react-router-dom";

import type { NodeDetail, RunDetail, RunSummary } from "../api/types";
import { STATUS_ICONS, StatusBadge, statusColor } from "../components/StatusBadge";
import { ago, dateTime, duration, elapsed } from "../format";
import { RunActions } from "./RunActions";
import { isTerminal, STATUS_ORDER, statusCounts } from "./runModel";

/** How far a run is: one bar segment per status, with the counts in words. */
export function RunProgress({ states }: { states: ReadonlyMap<string, NodeDetail> }) {
  // Composite nodes mirror their inner nodes: only nodes that do work are counted.
  const composites = new Set<string>();
  for (const state of states.values()) if (state.parent) composites.add(state.parent);
  const counts = statusCounts([...states.values()].filter((state) => !composites.has(state.node_id)));
  const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const present = STATUS_ORDER.filter((status) => counts.get(status));
  return (
    <div className="run-progress">
      <div className="run-progress-bar" aria-hidden="true">
        {present.map((status) => (
          <span
            key={status}
            className={`run-progress-part${status === "running" ? " running" : ""}`}
            style={{ flexGrow: counts.get(status), background: statusColor(status) }}
          />
        ))}
      </div>
      <ul className="run-progress-legend" aria-label="Nodes by status">
        {present.map((status) => (
          <li key={status} style={{ color: statusColor(status) }} data-status={status}>
            <span aria-hidden="true">{STATUS_ICONS[status]}</span> {counts.get(status)} {status}
          </li>
        ))}
        <li className="muted">of {total} nodes</li>
      </ul>
    </div>
  );
}

/** Characters of a long run error shown before "Show all". */
const ERROR_SHOWN = 220;

/** A run's error, cut when long (a run with many failed nodes lists them all). */
function RunError({ error }: { error: string }) {
  const [all, setAll] = useState(false);
  const long = error.length > ERROR_SHOWN;
  return (
    <div className="message message-error run-error" role="alert">
      <strong>The run failed: </strong>
      {long && !all ? `${error.slice(0, ERROR_SHOWN)}…` : error}
      {long && (
        <>
          {" "}
          <button type="button" className="link-button" onClick={() => setAll(!all)}>
            {all ? "Show less" : "Show all"}
          </button>
        </>
      )}
    </div>
  );
}

/** The run's title, status, times, error and actions. */
export function RunHeader({
  run,
  states,
  now,
  live,
  onChanged,
}: {
  run: RunDetail;
  states: ReadonlyMap<string, NodeDetail>;
  now: number;
  live: boolean;
  onChanged: (summary: RunSummary) => void;
}) {
  const seconds = elapsed(run.started_at, run.finished_at, now);
  return (
    <header className="run-header">
      <div className="run-header-top">
        <nav className="run-crumbs" aria-label="Breadcrumb">
          <Link to="/runs">Runs</Link> <span aria-hidden="true">/</span>
        </nav>
        <h1 className="run-title" title={run.title}>
          {run.title || "Untitled run"}
        </h1>
        <span className="run-status" aria-label="Run status">
          <StatusBadge status={run.status} />
        </span>
        {run.cancel_requested && run.status === "running" && <span className="muted">cancel requested</span>}
        <span className="muted mono run-id" title="Run id">
          {run.id}
        </span>
        <span className="spacer" />
        <RunActions run={run} onChanged={onChanged} />
      </div>
      <div className="run-meta">
        <span>
          by <strong>{run.author}</strong>
        </span>
        <span title={dateTime(run.created_at)}>created {ago(run.created_at, now)}</span>
        <span>started {run.started_at ? dateTime(run.started_at) : "—"}</span>
        <span>finished {run.finished_at ? dateTime(run.finished_at) : "—"}</span>
        <span>
          duration <strong>{duration(seconds)}</strong>
        </span>
        {live && !isTerminal(run.status) && (
          <span className="run-live on" title="Changes appear as they happen">
            <span className="live-dot" aria-hidden="true" /> live
          </span>
        )}
      </div>
      <RunProgress states={states} />
      {run.status === "canceled" ? (
        <div className="message message-warning run-error" role="status">
          <strong>This run was canceled</strong>
          {run.error && run.error !== "canceled" ? `: ${run.error}` : "."}
        </div>
      ) : (
        run.error && <RunError error={run.error} />
      )}
    </header>
  );
}
