// Sizes and handle places of run nodes known before they are drawn (see graph/frame.ts).
// React Flow draws a node once to measure it unless these are given: with them, a run of
// thousands of nodes draws only the nodes in view. Measured values replace them as soon as a
// node is drawn.

import type { NodeHandle } from "@xyflow/react";

import { frameHandles, frameSize, type FrameExtras } from "../graph/frame";
import type { OperationNodeData } from "../graph/types";

/** Height of the "open" button below a composite's card (RunNode). */
const OPEN_FOOT = 22;

/** What a run node draws around the shared card: its status line, and the "open" button of a
 * composite. */
function runExtras(data: OperationNodeData): FrameExtras {
  return { statusLine: true, below: data.kind === "composite" ? OPEN_FOOT : 0 };
}

/** The size a run node is expected to be drawn with. */
export function runNodeSize(data: OperationNodeData): { width: number; height: number } {
  return frameSize(data, runExtras(data));
}

/** Where a run node's handles are expected to be, relative to its top-left corner. */
export function estimatedHandles(data: OperationNodeData): NodeHandle[] {
  return frameHandles(data, runExtras(data));
}
