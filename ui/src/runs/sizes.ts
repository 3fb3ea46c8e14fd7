// Sizes and handle places of run nodes known before they are drawn. React Flow draws a node
// once to measure it unless these are given: with them, a run of thousands of nodes draws
// only the nodes in view. Measured values replace them as soon as a node is drawn.

import { Position, type NodeHandle } from "@xyflow/react";

import { inputHandle, outputHandle, type OperationNodeData } from "../graph/types";

const WIDTH = 220;
/** Title, kind and operation, and status lines of a card. */
const HEADER = 66;
const PORT = 20;
const PARAM = 18;
const HANDLE = 10;
/** From the top of the ports block to the top of the first handle. */
const HANDLE_TOP = 11;

/** The size a run node is expected to be drawn with. */
export function runNodeSize(data: OperationNodeData): { width: number; height: number } {
  const ports = Math.max(data.inputs.length, data.outputs.length, 1);
  const params = data.shownParams?.length ?? 0;
  let height = HEADER + ports * PORT + 8;
  if (params) height += params * PARAM + 13;
  if (data.kind === "composite") height += 22; // the "open" button below the card
  return { width: WIDTH, height };
}

/** Where a run node's handles are expected to be, relative to its top-left corner. */
export function estimatedHandles(data: OperationNodeData): NodeHandle[] {
  const inputs = data.inputs.map((input, index) => ({
    id: inputHandle(input.name),
    type: "target" as const,
    position: Position.Left,
    x: -HANDLE / 2 + 1,
    y: HEADER + HANDLE_TOP + index * PORT,
    width: HANDLE,
    height: HANDLE,
  }));
  const outputs = data.outputs.map((output, index) => ({
    id: outputHandle(output.name),
    type: "source" as const,
    position: Position.Right,
    x: WIDTH - HANDLE / 2 - 1,
    y: HEADER + HANDLE_TOP + index * PORT,
    width: HANDLE,
    height: HANDLE,
  }));
  return [...inputs, ...outputs];
}
