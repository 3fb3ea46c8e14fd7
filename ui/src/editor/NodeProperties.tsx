import { Link } from "react-router-dom";

import type { Operation, Parameter } from "../api/types";
import { paramValue } from "../graph/convert";
import type { OperationFlowNode } from "../graph/types";
import { ParamField } from "./ParamField";

export interface NodeEditCallbacks {
  onTitle: (title: string) => void;
  onParam: (name: string, value: unknown) => void;
  onLink: (name: string, ref: string | null) => void;
  onLinkNew: (parameter: Parameter, value: unknown) => void;
  onDelete: () => void;
  onOpenComposite: () => void;
}

function countText(min?: number, max?: number): string {
  const low = min ?? 1;
  const high = max ?? 1;
  if (high === -1) return `${low} or more`;
  return low === high ? `exactly ${low}` : `${low} to ${high}`;
}

/** The properties of one selected node: title, operation, parameters, ports and problems. */
export function NodeProperties({
  node,
  operation,
  workflowParams,
  problems,
  connections,
  readOnly,
  callbacks,
}: {
  node: OperationFlowNode;
  operation: Operation | undefined;
  workflowParams: Parameter[];
  problems: string[];
  /** Connections per handle id of this node. */
  connections: Map<string, number>;
  readOnly: boolean;
  callbacks: NodeEditCallbacks;
}) {
  const { data } = node;
  const parameters = data.parameters ?? [];
  const visible = parameters.filter((parameter) => !parameter.hidden);
  const hidden = parameters.filter((parameter) => parameter.hidden);
  const deprecated = data.operationStatus === "deprecated" || data.operationStatus === "mandatory_deprecated";
  const field = (parameter: Parameter) => (
    <ParamField
      key={parameter.name}
      parameter={parameter}
      values={[paramValue(parameter, data.params)]}
      refs={[data.paramRefs?.[parameter.name]]}
      workflowParams={workflowParams}
      readOnly={readOnly}
      onChange={(value) => callbacks.onParam(parameter.name, value)}
      onLink={(ref) => callbacks.onLink(parameter.name, ref)}
      onLinkNew={() => callbacks.onLinkNew(parameter, paramValue(parameter, data.params))}
    />
  );
  return (
    <>
      <section className="props-section">
        <h2 className="props-title" title={data.title}>
          {data.title}
        </h2>
        <div className="props-node-id muted">
          node <code>{node.id}</code>
        </div>
        <label className="field">
          Node title
          <input
            className="input"
            value={data.nodeTitle ?? ""}
            placeholder={operation?.title || operation?.name || node.id}
            disabled={readOnly}
            onChange={(event) => callbacks.onTitle(event.target.value)}
          />
        </label>
      </section>
      {problems.length > 0 && (
        <section className="props-section">
          <div className="message message-error" role="alert">
            <strong>Problems</strong>
            <ul>
              {problems.map((problem, index) => (
                <li key={index}>{problem}</li>
              ))}
            </ul>
          </div>
        </section>
      )}
      <section className="props-section props-operation">
        <h3>Operation</h3>
        <div className="props-op-line">
          <span className="props-kind">{data.kind}</span>
          <span className="mono">
            {data.operationName}
            {data.version !== undefined && ` v${data.version}`}
          </span>
          {data.operationStatus && (
            <span className={`badge op-status op-status-${data.operationStatus}`}>{data.operationStatus.replace("_", " ")}</span>
          )}
        </div>
        {operation?.description && <p className="props-op-description">{operation.description}</p>}
        {deprecated && (
          <div className="message message-warning props-note">
            This version is {data.operationStatus === "mandatory_deprecated" ? "deprecated and may no longer run" : "deprecated"}
            {operation?.successor ? "; a successor exists" : ""}. Use <strong>Upgrade nodes</strong> in the toolbar.
          </div>
        )}
        <div className="toolbar">
          {data.operationId && (
            <Link className="btn btn-small" to={`/operations/${data.operationId}`}>
              Open the operation
            </Link>
          )}
          {data.kind === "composite" && (
            <button type="button" className="btn btn-small" onClick={callbacks.onOpenComposite}>
              ⤢ Open inside
            </button>
          )}
        </div>
      </section>
      <section className="props-section" aria-label="Node parameters">
        <h3>Parameters</h3>
        {visible.length === 0 && hidden.length === 0 && <p className="muted props-hint">This operation has no parameters.</p>}
        {visible.map(field)}
        {hidden.length > 0 && (
          <details className="props-hidden">
            <summary>Hidden parameters ({hidden.length})</summary>
            {hidden.map(field)}
          </details>
        )}
      </section>
      <section className="props-section">
        <h3>Inputs and outputs</h3>
        {data.inputs.length === 0 && data.outputs.length === 0 && <p className="muted props-hint">None.</p>}
        <ul className="props-ports">
          {data.inputs.map((input) => {
            const count = connections.get(`in:${input.name}`) ?? 0;
            return (
              <li key={`in:${input.name}`}>
                <span className="props-port-dir">in</span>
                <span className="mono">{input.name}</span>
                <span className="muted">{input.type ?? "file"}</span>
                <span className="spacer" />
                <span className="muted" title={`takes ${countText(input.min_count, input.max_count)}`}>
                  {count} / {countText(input.min_count, input.max_count)}
                </span>
              </li>
            );
          })}
          {data.outputs.map((output) => {
            const count = connections.get(`out:${output.name}`) ?? 0;
            return (
              <li key={`out:${output.name}`}>
                <span className="props-port-dir">out</span>
                <span className="mono">{output.name}</span>
                <span className="muted">{output.type ?? "file"}</span>
                <span className="spacer" />
                <span className="muted">{count ? `${count} connection${count === 1 ? "" : "s"}` : "unused"}</span>
              </li>
            );
          })}
        </ul>
      </section>
      {!readOnly && (
        <section className="props-section">
          <button type="button" className="btn btn-danger btn-small" onClick={callbacks.onDelete}>
            Delete node
          </button>
        </section>
      )}
    </>
  );
}

/** Parameters declared, with the same name and type, by every one of `nodes`. */
export function commonParameters(nodes: OperationFlowNode[]): Parameter[] {
  const [first, ...rest] = nodes;
  if (!first) return [];
  const others = rest.map((node) => new Map((node.data.parameters ?? []).map((parameter) => [parameter.name, parameter])));
  return (first.data.parameters ?? []).filter((parameter) =>
    others.every((declared) => (declared.get(parameter.name)?.type ?? "str") === (parameter.type ?? "str") && declared.has(parameter.name)),
  );
}

/** The properties of several selected nodes: the parameters they share, set on all at once. */
export function MultiProperties({
  nodes,
  workflowParams,
  readOnly,
  onParam,
  onLink,
  onLinkNew,
  onDelete,
}: {
  nodes: OperationFlowNode[];
  workflowParams: Parameter[];
  readOnly: boolean;
  onParam: (name: string, value: unknown) => void;
  onLink: (name: string, ref: string | null) => void;
  onLinkNew: (parameter: Parameter, value: unknown) => void;
  onDelete: () => void;
}) {
  const shared = commonParameters(nodes);
  const operations = new Set(nodes.map((node) => node.data.operationName));
  return (
    <>
      <section className="props-section">
        <h2>{nodes.length} nodes selected</h2>
        <p className="muted props-hint">
          {operations.size === 1 ? `All use ${[...operations][0]}.` : `${operations.size} different operations.`}
        </p>
      </section>
      <section className="props-section" aria-label="Shared parameters">
        <h3>Shared parameters</h3>
        {shared.length === 0 && <p className="muted props-hint">The selected nodes have no parameter in common.</p>}
        {shared.map((parameter) => (
          <ParamField
            key={parameter.name}
            parameter={parameter}
            values={nodes.map((node) => paramValue(node.data.parameters?.find((p) => p.name === parameter.name) ?? parameter, node.data.params))}
            refs={nodes.map((node) => node.data.paramRefs?.[parameter.name])}
            workflowParams={workflowParams}
            readOnly={readOnly}
            onChange={(value) => onParam(parameter.name, value)}
            onLink={(ref) => onLink(parameter.name, ref)}
            onLinkNew={() => onLinkNew(parameter, paramValue(parameter, nodes[0].data.params))}
          />
        ))}
      </section>
      {!readOnly && (
        <section className="props-section">
          <button type="button" className="btn btn-danger btn-small" onClick={onDelete}>
            Delete {nodes.length} nodes
          </button>
        </section>
      )}
    </>
  );
}
