import type { RunDetail } from "../api/types";
import { displayValue } from "../components/ParameterInput";
import { LogView } from "./LogView";

/** What the run was launched with, and its own log: the side panel when no node is chosen. */
export function RunInfo({ run }: { run: RunDetail }) {
  const params = run.workflow.parameters ?? [];
  const options = [
    run.options.refresh && "from scratch (cache refreshed)",
    run.options.no_cache && "without the cache",
    run.options.fail_fast && "stop at the first failure",
  ].filter(Boolean);
  return (
    <div className="run-info">
      <p className="muted">Select a node on the graph or in the table to see its state, logs and outputs.</p>
      <section className="panel-section">
        <h3>Parameters</h3>
        {params.length === 0 ? (
          <p className="muted">The workflow has no parameters.</p>
        ) : (
          <table className="table compact-table" aria-label="Parameters of the run">
            <tbody>
              {params.map((param) => (
                <tr key={param.name}>
                  <th scope="row">{param.name}</th>
                  <td className="mono">{displayValue(param.name in run.params ? run.params[param.name] : param.default)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="panel-section">
        <h3>Options</h3>
        <p>{options.length ? options.join(" · ") : "incremental: cached results are reused"}</p>
      </section>
      {run.workflow.description && (
        <section className="panel-section">
          <h3>Workflow</h3>
          <p>{run.workflow.description}</p>
        </section>
      )}
      <section className="panel-section">
        <h3>Run log</h3>
        <LogView runId={run.id} node={null} stream="system" label="Log of the run" />
      </section>
    </div>
  );
}
