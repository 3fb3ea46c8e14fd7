// A node of the run canvas: the shared operation card, with what a run adds below it (the
// error of a failed node, where a cached result came from, a way into a composite).

import type { NodeProps } from "@xyflow/react";
import { createContext, memo, useContext } from "react";

import type { NodeDetail } from "../api/types";
import { OperationNode } from "../graph/OperationNode";
import type { OperationFlowNode } from "../graph/types";
import { shortId } from "./runModel";

/** What a run node can ask of the canvas around it. */
export const RunCanvasContext = createContext<{ openComposite: (path: string) => void }>({
  openComposite: () => undefined,
});

/** The first line of a text, shortened. */
function firstLine(text: string, max = 90): string {
  const line = text.trim().split("\n")[0] ?? "";
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function RunNodeView(props: NodeProps<OperationFlowNode>) {
  const { openComposite } = useContext(RunCanvasContext);
  const state = props.data.state as NodeDetail | undefined;
  const composite = props.data.kind === "composite";
  const cache = state?.status === "cached" ? state.cache : null;
  return (
    <div className="run-node">
      <OperationNode {...props} />
      {state?.status === "failed" && (
        <div className="run-node-foot run-node-error" role="note" title={state.error ?? "failed"}>
          ✕ {firstLine(state.error || (state.exit_code !== null ? `exit code ${state.exit_code}` : "failed"))}
        </div>
      )}
      {(state?.status === "skipped" || state?.status === "canceled") && state.error && state.error !== "canceled" && (
        <div className="run-node-foot" title={state.error}>
          {firstLine(state.error)}
        </div>
      )}
      {cache && (
        <div className="run-node-foot run-node-cached" title={cache.explanation}>
          ⚡ {cache.outcome === "hit" ? `from run ${shortId(cache.source_run)} · ${cache.source_node}` : cache.explanation}
        </div>
      )}
      {composite && (
        <button
          type="button"
          className="run-node-foot run-node-open nodrag"
          aria-label={`Open ${props.data.title}`}
          onClick={(event) => {
            event.stopPropagation();
            openComposite(props.data.nodeId);
          }}
        >
          Open the inner nodes ▸
        </button>
      )}
    </div>
  );
}

export const RunNode = memo(RunNodeView);

/** The canvas node types of the run monitor. */
export const runNodeTypes = { operation: RunNode };
