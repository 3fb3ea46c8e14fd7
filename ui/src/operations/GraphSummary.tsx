import { Link } from "react-router-dom";

import { api } from "../api/client";
import type { Graph, OperationDetail } from "../api/types";
import { ErrorMessage } from "../components/ErrorMessage";
import { useResource } from "../hooks/useResource";
import { Icon } from "./Icon";

/** The most inner operations looked up to name the nodes of a composite's graph. */
const MAX_LOOKUPS = 50;

/** What a composite operation's graph holds: its nodes (with the operation each runs) and
 * which inner outputs it exposes. The graph itself is drawn in the workflow editor. */
export function GraphSummary({ graph }: { graph: Graph | null }) {
  const nodes = graph?.nodes ?? [];
  const ids = [...new Set(nodes.map((node) => node.operation))].slice(0, MAX_LOOKUPS);
  const operations = useResource(
    async (signal) => {
      const found = await Promise.all(
        ids.map((id) => api.get<OperationDetail>(`/operations/${id}`, undefined, signal).catch(() => undefined)),
      );
      return Object.fromEntries(found.filter((op) => op !== undefined).map((op) => [op!.id, op!]));
    },
    [ids.join(",")],
  );
  const outputs = Object.entries(graph?.outputs ?? {});
  return (
    <div className="op-graph">
      <p className="message op-note">
        <Icon name="info" /> 
        The graph of a composite operation is edited in the{" "}
        <Link to="/workflows">workflow editor</Link>; here it is listed for reference.
      </p>
      <ErrorMessage error={operations.error} />
      {nodes.length === 0 ? (
        <p className="muted">The graph is empty.</p>
      ) : (
        <table className="table op-table" aria-label="Inner nodes">
          <thead>
            <tr>
              <th>Node</th>
              <th>Operation</th>
              <th>Parameters set</th>
            </tr>
          </thead>
          <tbody>
            {nodes.map((node) => {
              const op = operations.data?.[node.operation];
              return (
                <tr key={node.id}>
                  <td>
                    <code>{node.id}</code>
                    {node.title && <span className="muted"> {node.title}</span>}
                  </td>
                  <td>
                    <Link to={`/operations/${node.operation}`}>
                      {op ? `${op.name} v${op.version}` : node.operation.slice(0, 12)}
                    </Link>
                  </td>
                  <td className="muted">{Object.keys({ ...node.params, ...node.param_refs }).join(", ") || "—"}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <p className="muted op-graph-meta">
        {(graph?.edges ?? []).length} edge(s)
        {outputs.length > 0 &&
          ` · exposes ${outputs.map(([name, ref]) => `${name} ← ${ref.node}.${ref.output}`).join(", ")}`}
      </p>
    </div>
  );
}
