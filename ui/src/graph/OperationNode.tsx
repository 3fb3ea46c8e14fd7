import { Handle, Position, type NodeProps } from "@xyflow/react";
import { memo } from "react";

import { STATUS_ICONS, statusColor } from "../components/StatusBadge";
import { duration, elapsed } from "../format";
import "./graph.css";
import { inputHandle, outputHandle, type OperationFlowNode } from "./types";

function countLabel(min?: number, max?: number): string {
  const low = min ?? 1;
  const high = max ?? 1;
  if (low === 1 && high === 1) return "";
  return high === -1 ? `${low}+` : low === high ? `×${low}` : `${low}–${high}`;
}

/** One operation on the canvas: title, kind, inputs on the left, outputs on the right. */
function OperationNodeView({ data, selected }: NodeProps<OperationFlowNode>) {
  const deprecated = data.operationStatus === "deprecated" || data.operationStatus === "mandatory_deprecated";
  const classes = ["op-node", selected ? "selected" : "", data.problems?.length ? "has-problems" : ""];
  const seconds = data.status ? elapsed(data.startedAt ?? null, data.finishedAt ?? null) : null;
  return (
    <div
      className={classes.join(" ")}
      data-node-id={data.nodeId}
      data-status={data.status}
      style={data.status ? { borderColor: statusColor(data.status) } : undefined}
    >
      <div className="op-node-header">
        <div className="op-node-title" title={data.title}>
          {data.title}
        </div>
        <div className="op-node-sub">
          <span className="op-node-kind">{data.kind}</span>
          <span className="muted">
            {data.operationName}
            {data.version !== undefined && ` v${data.version}`}
          </span>
          {deprecated && (
            <span className="op-node-flag deprecated" title="This operation version is deprecated: upgrade the node">
              ⚠ deprecated
            </span>
          )}
          {data.upgraded && <span className="op-node-flag upgraded">↑ upgraded</span>}
        </div>
        {data.status && (
          <div className="op-node-status" style={{ color: statusColor(data.status) }} title={data.cache?.explanation}>
            <span aria-hidden="true">{STATUS_ICONS[data.status]}</span> {data.status}
            {seconds !== null && <span className="muted"> · {duration(seconds)}</span>}
          </div>
        )}
        {data.problems && data.problems.length > 0 && (
          <div className="op-node-problems" role="note" title={data.problems.join("\n")}>
            ⚠ {data.problems.length === 1 ? data.problems[0] : `${data.problems.length} problems`}
          </div>
        )}
      </div>
      <div className="op-node-ports">
        <div className="op-node-inputs">
          {data.inputs.map((input) => (
            <div className="op-port op-port-in" key={input.name} title={`${input.name}: ${input.type ?? "file"}`}>
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
            <div className="op-port op-port-out" key={output.name} title={`${output.name}: ${output.type ?? "file"}`}>
              <span className="op-port-type">{output.type ?? "file"}</span>
              <span className="op-port-name">{output.name}</span>
              <Handle type="source" position={Position.Right} id={outputHandle(output.name)} />
            </div>
          ))}
        </div>
      </div>
      {data.shownParams && data.shownParams.length > 0 && (
        <div className="op-node-params">
          {data.shownParams.map(([name, value]) => (
            <div key={name} className="op-node-param">
              <span className="muted">{name}</span> <span className="mono">{value}</span>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

export const OperationNode = memo(OperationNodeView);

export const nodeTypes = { operation: OperationNode };
