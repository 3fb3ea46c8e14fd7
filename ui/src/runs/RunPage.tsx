// The run monitor: a run's header, its graph (or table) of nodes with live states, and a
// side panel with the chosen node's state, logs and outputs.

import { useCallback, useMemo, useState } from "react";
import { Link, useParams, useSearchParams } from "react-router-dom";

import { ErrorMessage } from "../components/ErrorMessage";
import { useNow } from "../hooks/useNow";
import { NodePanel } from "./NodePanel";
import { RunGraph } from "./RunGraph";
import { RunHeader } from "./RunHeader";
import { RunInfo } from "./RunInfo";
import { isTerminal, scopeTrail, snapshotNodes, type SnapshotNode } from "./runModel";
import { NodeTable } from "./NodeTable";
import "./RunPage.css";
import { useRunLive } from "./useRunLive";

type View = "graph" | "table";

/** The page of one run, at /runs/:runId (`?node=` the chosen node, `?view=table`, `?in=` a composite). */
export function RunPage() {
  const { runId = "" } = useParams();
  return <RunMonitor key={runId} runId={runId} />;
}

function RunMonitor({ runId }: { runId: string }) {
  const live = useRunLive(runId);
  const [search, setSearch] = useSearchParams();
  const selected = search.get("node");
  const scope = search.get("in");
  const view: View = search.get("view") === "table" ? "table" : "graph";
  const [wide, setWide] = useState(false);
  const { run, nodes: states } = live;
  const workflow = run?.workflow;
  const snapshot = useMemo(() => (workflow ? snapshotNodes(workflow) : new Map<string, SnapshotNode>()), [workflow]);
  const ticking = Boolean(run && !isTerminal(run.status));
  const now = useNow(ticking);

  const update = useCallback(
    (changes: Record<string, string | null>) =>
      setSearch(
        (current) => {
          const next = new URLSearchParams(current);
          for (const [key, value] of Object.entries(changes)) {
            if (value === null) next.delete(key);
            else next.set(key, value);
          }
          return next;
        },
        { replace: true },
      ),
    [setSearch],
  );
  const select = useCallback(
    (nodeId: string | null) => {
      if (nodeId === null) return update({ node: null });
      const parent = snapshot.get(nodeId)?.parent ?? null;
      update({ node: nodeId, in: parent });
    },
    [snapshot, update],
  );
  const openComposite = useCallback((path: string) => update({ in: path, node: null, view: null }), [update]);

  if (live.notFound) {
    return (
      <div className="page">
        <h1>Run not found</h1>
        <div className="message message-error" role="alert" style={{ marginTop: 12 }}>
          There is no run <code>{runId}</code>, or you may not see it.
        </div>
        <p>
          <Link to="/runs">See all runs</Link>
        </p>
      </div>
    );
  }
  if (!run) {
    return (
      <div className="page">
        {live.error ? (
          <>
            <ErrorMessage error={live.error} title="The run could not be loaded" />
            <button type="button" className="btn" style={{ marginTop: 12 }} onClick={live.reload}>
              Try again
            </button>
          </>
        ) : (
          <p className="muted">Loading the run…</p>
        )}
      </div>
    );
  }

  const trail = scopeTrail(scope, snapshot);
  return (
    <div className="run-page">
      <RunHeader run={run} states={states} now={now} live={live.live} onChanged={live.patch} />
      {live.error !== undefined && (
        <div className="run-banner">
          <ErrorMessage error={live.error} title="The run could not be refreshed" />
        </div>
      )}
      <div className="run-toolbar">
        <div className="segmented" role="group" aria-label="View">
          <button type="button" aria-pressed={view === "graph"} onClick={() => update({ view: null })}>
            Graph
          </button>
          <button type="button" aria-pressed={view === "table"} onClick={() => update({ view: "table" })}>
            Table
          </button>
        </div>
        {view === "graph" && (
          <nav className="scope-trail" aria-label="Composite levels">
            {trail.length === 0 ? (
              <span className="muted">Workflow snapshot of the run (read-only)</span>
            ) : (
              <>
                <button type="button" className="link-button" onClick={() => update({ in: null, node: null })}>
                  Workflow
                </button>
                {trail.map(([path, title], index) => (
                  <span key={path}>
                    <span aria-hidden="true" className="muted">
                      {" "}
                      ›{" "}
                    </span>
                    {index === trail.length - 1 ? (
                      <strong aria-current="location">{title}</strong>
                    ) : (
                      <button type="button" className="link-button" onClick={() => update({ in: path, node: null })}>
                        {title}
                      </button>
                    )}
                  </span>
                ))}
              </>
            )}
          </nav>
        )}
      </div>
      <div className="run-body">
        <div className="run-main">
          {view === "graph" ? (
            <RunGraph
              workflow={run.workflow}
              scope={scope}
              states={states}
              selected={selected}
              onSelect={select}
              onOpenComposite={openComposite}
              now={now}
            />
          ) : (
            <NodeTable states={states} snapshot={snapshot} selected={selected} onSelect={select} now={now} />
          )}
        </div>
        <aside className={`run-side${wide && selected ? " wide" : ""}`} aria-label="Details">
          {selected ? (
            <NodePanel
              run={run}
              nodeId={selected}
              states={states}
              snapshot={snapshot}
              now={now}
              onClose={() => select(null)}
              onOpenComposite={openComposite}
              wide={wide}
              onToggleWide={() => setWide(!wide)}
            />
          ) : (
            <RunInfo run={run} />
          )}
        </aside>
      </div>
    </div>
  );
}
