// The geometry of a canvas node, known before it is drawn: its size and where its handles
// are. Given to the canvas, it lets a large graph draw only the nodes in view (edges to the
// others still know where to end) and lets the layout run before anything is drawn.
// The numbers follow graph.css; change both together.

import type { NodeHandle } from "@xyflow/react";
import { Position } from "@xyflow/react";

import { inputHandle, outputHandle, type OperationFlowNode, type OperationNodeData } from "./types";

export const NODE_WIDTH = 220;
/** Top border, header (title and sub line), its bottom border and the ports' top padding. */
const HEADER = 47;
/** Height of the status line (run monitor) and of the problems line (editor). */
const STATUS_LINE = 19;
const PROBLEMS_LINE = 21;
const PORT = 20;
const PORTS_PADDING = 6;
const PARAMS_PADDING = 9;
const PARAM = 18;
const HANDLE = 10;
/** From the bottom of the header to the top of the first handle. */
const FIRST_HANDLE = 11;

/** What a canvas draws around the shared card: the run monitor keeps room for the status line
 * before any status is known, and adds its foot rows below the card. */
export interface FrameExtras {
  /** Count the status line even when `data` has no status yet. */
  statusLine?: boolean;
  /** Height drawn below the card. */
  below?: number;
}

/** The height of the header above the ports. */
function headerHeight(data: OperationNodeData, extras: FrameExtras): number {
  const status = data.status || extras.statusLine ? STATUS_LINE : 0;
  return HEADER + status + (data.problems?.length ? PROBLEMS_LINE : 0);
}

/** The size a node is drawn with when it shows `data` (not editing its parameters). */
export function frameSize(data: OperationNodeData, extras: FrameExtras = {}): { width: number; height: number } {
  const rows = Math.max(data.inputs.length, data.outputs.length);
  const params = data.shownParams?.length ?? 0;
  const card =
    headerHeight(data, extras) + PORTS_PADDING + rows * PORT + (params ? PARAMS_PADDING + params * PARAM : 0) + 4;
  return { width: NODE_WIDTH, height: card + (extras.below ?? 0) };
}

/** Where the handles of a node showing `data` are, relative to its top-left corner. */
export function frameHandles(data: OperationNodeData, extras: FrameExtras = {}): NodeHandle[] {
  const top = headerHeight(data, extras) + FIRST_HANDLE;
  return [
    ...data.inputs.map((input, index) => ({
      id: inputHandle(input.name),
      type: "target" as const,
      position: Position.Left,
      x: -HANDLE / 2 + 1,
      y: top + index * PORT,
      width: HANDLE,
      height: HANDLE,
    })),
    ...data.outputs.map((output, index) => ({
      id: outputHandle(output.name),
      type: "source" as const,
      position: Position.Right,
      x: NODE_WIDTH - HANDLE / 2 - 1,
      y: top + index * PORT,
      width: HANDLE,
      height: HANDLE,
    })),
  ];
}

/** `node` with its size and handles known in advance (see above). */
export function framed(node: OperationFlowNode): OperationFlowNode {
  const { width, height } = frameSize(node.data);
  return { ...node, handles: frameHandles(node.data), initialWidth: width, initialHeight: height };
}
