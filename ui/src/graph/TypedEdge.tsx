// An edge coloured by the resource type of the output it starts from: the same in the
// workflow editor and the run monitor.

import { BaseEdge, getBezierPath, useStore, type EdgeProps, type ReactFlowState } from "@xyflow/react";
import { memo, type CSSProperties } from "react";

import { resourceTypeColor } from "../theme/resourceTypes";
import { portName, type OperationNodeData } from "./types";

/** The resource type of the output `handle` of node `nodeId` (undefined when unknown). */
function outputType(state: ReactFlowState, nodeId: string, handle: string | null | undefined): string | undefined {
  const data = state.nodeLookup.get(nodeId)?.data as OperationNodeData | undefined;
  const output = data?.outputs?.find((candidate) => candidate.name === portName(handle));
  return output ? (output.type ?? "file") : undefined;
}

function TypedEdgeView({
  source,
  sourceHandleId,
  sourceX,
  sourceY,
  sourcePosition,
  targetX,
  targetY,
  targetPosition,
  markerEnd,
  markerStart,
  style,
  interactionWidth,
}: EdgeProps) {
  const type = useStore((state) => outputType(state, source, sourceHandleId));
  const [path] = getBezierPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
  const colour = { ...style, "--edge-type-color": resourceTypeColor(type) } as CSSProperties;
  return (
    <BaseEdge
      path={path}
      markerEnd={markerEnd}
      markerStart={markerStart}
      interactionWidth={interactionWidth}
      className="typed-edge"
      data-type={type}
      style={colour}
    />
  );
}

export const TypedEdge = memo(TypedEdgeView);

/** The canvas edge types of the workflow editor and the run monitor. */
export const edgeTypes = { default: TypedEdge };
