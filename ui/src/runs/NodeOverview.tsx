import { Link } from "react-router-dom";

import type { NodeDetail, RunDetail } from "../api/types";
import { CodeEditor, languageOfKind } from "../components/CodeEditor";
import { displayValue } from "../components/ParameterInput";
import { StatusBadge } from "../components/StatusBadge";
import { dateTime, duration, elapsed } from "../format";
import { nodeParams, shortId, statusCounts, STATUS_ORDER, type SnapshotNode } from "./runModel";
import { StderrTail } from "./StderrTail";

/** Why a node was computed rather than restored, in words. */
const CACHE_REASONS: Record<string, string> = {
  "no entry": "no earlier result for these inputs",
  "cache off": "its operation does not cache",
  expired: "the earlier result had expired",
  refresh: "the run was launched from scratch",
  "no cache": "the run was launched without the cache",
};

/** What a node did: its state, error, cache decision, values and code. */
export function NodeOverview({
  run,
  state,
  entry,
  states,
  now,
  onOpenComposite,
}: {
  run: RunDetail;
  state: NodeDetail | undefined;
  entry: SnapshotNode | undefined;
  states: ReadonlyMap<string, NodeDetail>;
  now: number;
  onOpenComposite: (path: string) => void;
}) {
  const operation = entry?.operation;
  const composite = operation?.kind === "composite";
  const params = nodeParams(entry, run.workflow, run.params);
  const inner = composite && state ? [...states.values()].filter((node) => node.parent === state.node_id) : [];
  const innerCounts = statusCounts(inner);
  return (
    <div className="node-overview">
      {state?.status === "failed" && (
        <div className="message message-error node-error" role="alert">
          <strong>This node failed</strong>
          {state.exit_code !== null && <span> with exit code {state.exit_code}</span>}
          {state.error && state.error !== `exit code ${state.exit_code}` && <pre className="node-error-text">{state.error}</pre>}
        </div>
      )}
      {state?.status === "failed" && !composite && (
        <StderrTail runId={run.id} node={state.node_id} version={state.finished_at ?? ""} />
      )}
      {state && state.status !== "failed" && state.error && (
        <div className="message node-note" role="note">
          {state.error}
        </div>
      )}
      {!state && <p className="muted">This node has no state in the run.</p>}

      <dl className="facts">
        <dt>Status</dt>
        <dd>{state ? <StatusBadge status={state.status} /> : "—"}</dd>
        <dt>Operation</dt>
        <dd>
          {operation ? (
            <>
              {operation.title || operation.name} <span className="muted">· {operation.name} v{operation.version} · {operation.kind}</span>
            </>
          ) : (
            <span className="mono">{state?.operation ?? "—"}</span>
          )}
        </dd>
        {state && (
          <>
            <dt>Attempts</dt>
            <dd>{state.attempts}</dd>
            <dt>Started</dt>
            <dd>{dateTime(state.started_at)}</dd>
            <dt>Finished</dt>
            <dd>{dateTime(state.finished_at)}</dd>
            <dt>Duration</dt>
            <dd>
              {duration(elapsed(state.started_at, state.finished_at, now))}
              {state.status === "running" && <span className="muted"> (running)</span>}
            </dd>
            <dt>Exit code</dt>
            <dd>{state.exit_code ?? "—"}</dd>
            <dt>Cache</dt>
            <dd className="node-cache">
              {state.cache ? (
                <>
                  {state.cache.outcome === "hit" && !state.cache.source_node ? (
                    // the source is another user's run, which the reader may not see
                    <div>Restored from a result computed earlier</div>
                  ) : state.cache.outcome === "hit" ? (
                    <div>
                      Restored from node <strong>{state.cache.source_node}</strong> of{" "}
                      {state.cache.source_run ? (
                        <Link to={`/runs/${state.cache.source_run}`} aria-label={`Open run ${shortId(state.cache.source_run)}`}>
                          run {shortId(state.cache.source_run)}
                        </Link>
                      ) : (
                        "another run"
                      )}
                    </div>
                  ) : (
                    <div>Computed{state.cache.reason ? `: ${CACHE_REASONS[state.cache.reason] ?? state.cache.reason}` : ""}</div>
                  )}
                  <code className="muted cache-explanation">{state.cache.explanation}</code>
                </>
              ) : (
                <span className="muted">not decided yet</span>
              )}
            </dd>
            {state.cache_key && (
              <>
                <dt>Cache key</dt>
                <dd className="mono" title={state.cache_key}>
                  {state.cache_key.slice(0, 16)}…
                </dd>
              </>
            )}
          </>
        )}
      </dl>

      {composite && state && (
        <section className="panel-section">
          <h3>Inner nodes</h3>
          <p className="inner-counts">
            {STATUS_ORDER.filter((name) => innerCounts.get(name)).map((name) => (
              <span key={name}>
                <StatusBadge status={name} /> {innerCounts.get(name)}
              </span>
            ))}
          </p>
          <button type="button" className="btn" onClick={() => onOpenComposite(state.node_id)}>
            Open the inner nodes ▸
          </button>
        </section>
      )}

      {params.length > 0 && (
        <section className="panel-section">
          <h3>Parameters</h3>
          <table className="table compact-table" aria-label="Parameters of the node">
            <tbody>
              {params.map((param) => (
                <tr key={param.name}>
                  <th scope="row">{param.name}</th>
                  <td className="mono">
                    {param.value === undefined ? "" : displayValue(param.value)}
                    {param.linkedTo && <span className="muted"> ← {param.linkedTo}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}

      {operation?.code && (
        <details className="panel-section">
          <summary>Code of {operation.name} v{operation.version}</summary>
          <CodeEditor value={operation.code} readOnly language={languageOfKind(operation.kind)} maxHeight="320px" label="Code" />
        </details>
      )}
    </div>
  );
}
