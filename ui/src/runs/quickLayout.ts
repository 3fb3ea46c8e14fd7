// A layered layout in linear time for graphs too large for ELK to lay out quickly: each
// node goes in the column of its longest path from a source, columns stacked and centred.

import type { Edge as FlowEdge } from "@xyflow/react";

import type { OperationFlowNode } from "../graph/types";
import { runNodeSize } from "./sizes";

const COLUMN_GAP = 80;
const ROW_GAP = 30;

/** `nodes` placed in columns by depth, left to right, in their given order within a column. */
export function quickLayout(nodes: OperationFlowNode[], edges: FlowEdge[]): OperationFlowNode[] {
  const successors = new Map<string, string[]>();
  const indegree = new Map<string, number>(nodes.map((node) => [node.id, 0]));
  for (const edge of edges) {
    if (!indegree.has(edge.source) || !indegree.has(edge.target)) continue;
    const list = successors.get(edge.source);
    if (list) list.push(edge.target);
    else successors.set(edge.source, [edge.target]);
    indegree.set(edge.target, (indegree.get(edge.target) ?? 0) + 1);
  }
  const depth = new Map<string, number>();
  const queue = nodes.filter((node) => indegree.get(node.id) === 0).map((node) => node.id);
  for (const id of queue) depth.set(id, 0);
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head];
    for (const next of successors.get(id) ?? []) {
      depth.set(next, Math.max(depth.get(next) ?? 0, (depth.get(id) ?? 0) + 1));
      const left = (indegree.get(next) ?? 1) - 1;
      indegree.set(next, left);
      if (left === 0) queue.push(next);
    }
  }
  const columns: OperationFlowNode[][] = [];
  for (const node of nodes) {
    const column = depth.get(node.id) ?? 0;
    (columns[column] ??= []).push(node);
  }
  const placed = new Map<string, { x: number; y: number }>();
  let x = 0;
  for (const column of columns) {
    if (!column) continue;
    const sizes = column.map((node) => runNodeSize(node.data));
    const height = sizes.reduce((sum, size) => sum + size.height + ROW_GAP, -ROW_GAP);
    let y = -height / 2;
    column.forEach((node, index) => {
      placed.set(node.id, { x, y });
      y += sizes[index].height + ROW_GAP;
    });
    x += Math.max(...sizes.map((size) => size.width)) + COLUMN_GAP;
  }
  return nodes.map((node) => ({ ...node, position: placed.get(node.id) ?? node.position }));
}
