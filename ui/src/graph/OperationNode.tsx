import { Handle, Position, useStore, type NodeProps } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { memo, useContext, type CSSProperties } from "react";

import type { Parameter } from "../api/types";
import { ParameterInput, displayValue } from "../components/ParameterInput";
import { STATUS_ICONS, statusColor } from "../components/StatusBadge";
import { duration, elapsed } from "../format";
import { resourceTypeColor } from "../theme/resourceTypes";
import { paramValue } from "./convert";
import { frameHandles, frameSize } from "./frame";
import { NodeEditingContext, type NodeEditing } from "./editing";
import "./graph.css";
import { inputHandle, outputHandle, type OperationFlowNode, type OperationNodeData } from "./types";
import { zoomedOut } from "./zoom";

function countLabel(min?: number, max?: number): string {
  const low = min ?? 1;
  const high = max ?? 1;
  if (low === 1 && high === 1) return "";
  return high === -1 ? `${low}+` : low === high ? `×${low}` : `${low}–${high}`;
}

/** The style giving a port the colour of its resource type. */
const portColour = (type: string | undefined) => ({ "--port-type-color": resourceTypeColor(type) }) as CSSProperties;

/** Parameters edited in a text area or code editor: too big for a node, edited in the panel. */
const PANEL_ONLY: Parameter["type"][] = ["code", "text"];

/** The compact form of a selected node's visible parameters. */
function InlineParams({ data, editing }: { data: OperationNodeData; editing: NodeEditing }) {
  const visible = (data.parameters ?? []).filter((parameter) => !parameter.hidden);
  return (
    <div className="op-node-form nodrag nowheel nopan" role="group" aria-label={`Parameters of ${data.nodeId}`}>
      {visible.map((parameter) => {
        const ref = data.paramRefs?.[parameter.name];
        const value = paramValue(parameter, data.params);
        const label = `${parameter.name} of ${data.nodeId}`;
        return (
          <div className="op-node-form-row" key={parameter.name} data-type={parameter.type ?? "str"}>
            <span className="op-node-form-name" title={parameter.description || parameter.name}>
              {parameter.name}
            </span>
            {ref ? (
              <span className="op-node-link" title={`Linked to the workflow parameter ${ref}`}>
                = ${ref}
              </span>
            ) : PANEL_ONLY.includes(parameter.type) ? (
              <button
                type="button"
                className="op-node-more"
                aria-label={`Edit ${label} in the properties panel`}
                onClick={() => editing.focusParam(data.nodeId, parameter.name)}
              >
                <span className="mono">{displayValue(value) || "…"}</span> ✎
              </button>
            ) : (
              <ParameterInput
                parameter={parameter}
                value={value}
                label={label}
                onChange={(next) => editing.setParam(data.nodeId, parameter.name, next)}
              />
            )}
          </div>
        );
      })}
    </div>
  );
}

/**
 * A node seen from far away: its title (and status) on a card of the same size, with its
 * handles in the same places, so that panning over a thousand nodes stays fluid.
 */
function DistantNode({ data, classes }: { data: OperationNodeData; classes: string }) {
  const { height } = frameSize(data);
  return (
    <div
      className={`${classes} op-node-distant`}
      data-node-id={data.nodeId}
      data-status={data.status}
      style={{ height, ...(data.status ? { borderColor: statusColor(data.status) } : {}) }}
      title={data.title}
    >
      <div className="op-node-distant-title">{data.title}</div>
      {data.status && (
        <div className="op-node-distant-status" style={{ color: statusColor(data.status) }}>
          <span aria-hidden="true">{STATUS_ICONS[data.status]}</span> {data.status}
        </div>
      )}
      {frameHandles(data).map((handle) => (
        <Handle
          key={handle.id}
          id={handle.id ?? undefined}
          type={handle.type}
          position={handle.position}
          style={{ top: handle.y + (handle.height ?? 10) / 2 }}
        />
      ))}
    </div>
  );
}

/** One operation on the canvas: title, kind, inputs on the left, outputs on the right. */
function OperationNodeView({ data, selected }: NodeProps<OperationFlowNode>) {
  const editing = useContext(NodeEditingContext);
  const distant = useStore(zoomedOut);
  const deprecated = data.operationStatus === "deprecated" || data.operationStatus === "mandatory_deprecated";
  const classes = [
    "op-node",
    `kind-${data.pseudo ? "pseudo" : data.kind}`,
    selected ? "selected" : "",
    data.problems?.length ? "has-problems" : "",
    data.upgraded ? "is-upgraded" : "",
    deprecated ? "is-deprecated" : "",
  ];
  const seconds = data.status ? elapsed(data.startedAt ?? null, data.finishedAt ?? null) : null;
  const inline = Boolean(editing && !editing.readOnly && data.editingParams && data.parameters?.some((p) => !p.hidden));
  if (distant && !inline) return <DistantNode data={data} classes={classes.join(" ")} />;
  return (
    <div
      className={classes.join(" ")}
      data-node-id={data.nodeId}
      data-status={data.status}
      style={data.status ? { borderColor: statusColor(data.status) } : undefined}
    >
      <div className="op-node-header">
        <div className="op-node-title-row">
          <div className="op-node-title" title={data.title}>
            {data.title}
          </div>
          {editing && data.kind === "composite" && !data.pseudo && (
            <button
              type="button"
              className="op-node-open nodrag"
              aria-label={`Open the inside of ${data.nodeId}`}
              title="Open the inside (double-click)"
              onClick={() => editing.openComposite(data.nodeId)}
            >
              ⤢
            </button>
          )}
        </div>
        <div className="op-node-sub">
          {data.pseudo ? (
            <span className="op-node-kind">composite {data.pseudo}</span>
          ) : data.kind === "composite" ? (
            <>
              <span className="op-node-kind">composite</span>
              <span className="op-node-id mono" title={`node ${data.nodeId}`}>
                {data.nodeId}
              </span>
            </>
          ) : (
            <>
              <span className="op-node-id mono" title={`node ${data.nodeId}`}>
                {data.nodeId}
              </span>
              <span className="muted op-node-opname" title={`${data.kind} operation ${data.operationName} v${data.version ?? "?"}`}>
                {data.operationName}
                {data.version !== undefined && ` v${data.version}`}
              </span>
            </>
          )}
          {deprecated && (
            <span className="op-node-flag deprecated" title="This operation version is deprecated: upgrade the node">
              ⚠ {data.operationStatus === "mandatory_deprecated" ? "must upgrade" : "deprecated"}
            </span>
          )}
          {data.upgraded && (
            <span className="op-node-flag upgraded" title="Upgraded to the newest version by the last upgrade">
              ↑ upgraded
            </span>
          )}
        </div>
        {data.status && (
          <div className="op-node-status" style={{ color: statusColor(data.status) }} title={data.cache?.explanation}>
            <span aria-hidden="true">{STATUS_ICONS[data.status]}</span> {data.status}
            {seconds !== null && <span className="muted"> · {duration(seconds)}</span>}
          </div>
        )}
        {data.problems && data.problems.length > 0 && (
          <div className="op-node-problems" role="note" aria-label={`Problems of ${data.nodeId}`} title={data.problems.join("\n")}>
            ⚠ {data.problems.length === 1 ? data.problems[0] : `${data.problems.length} problems`}
          </div>
        )}
      </div>
      <div className="op-node-ports">
        <div className="op-node-inputs">
          {data.inputs.map((input) => (
            <div
              className="op-port op-port-in"
              key={input.name}
              data-type={input.type ?? "file"}
              style={portColour(input.type)}
              title={`input ${input.name}: ${input.type ?? "file"}`}
            >
              <Handle type="target" position={Position.Left} id={inputHandle(input.name)} />
              <span className="op-port-name">{input.name}</span>
              <span className="op-port-type">
                {input.type ?? "file"} {countLabel(input.min_count, input.max_count)}
              </span>
            </div>
          ))}
        </div>
        <div className="op-node-outputs">
          {data.outputs.map((output) => (
            <div
              className="op-port op-port-out"
              key={output.name}
              data-type={output.type ?? "file"}
              style={portColour(output.type)}
              title={`output ${output.name}: ${output.type ?? "file"}`}
            >
              <span className="op-port-type">{output.type ?? "file"}</span>
              <span className="op-port-name">{output.name}</span>
              <Handle type="source" position={Position.Right} id={outputHandle(output.name)} />
            </div>
          ))}
        </div>
      </div>
      {inline && editing ? (
        <InlineParams data={data} editing={editing} />
      ) : (
        data.shownParams &&
        data.shownParams.length > 0 && (
          <div className="op-node-params">
            {data.shownParams.map(([name, value]) => (
              <div key={name} className="op-node-param">
                <span className="muted">{name}</span>{" "}
                <span className={data.paramRefs?.[name] ? "mono op-node-link" : "mono"}>{value}</span>
              </div>
            ))}
          </div>
        )
      )}
    </div>
  );
}

export const OperationNode = memo(OperationNodeView);

export const nodeTypes = { operation: OperationNode };
