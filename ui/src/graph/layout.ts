// Automatic layout with ELK's layered algorithm, left to right, run in a web worker so
// that a large graph does not freeze the page.

import ELK, { type ElkNode } from "elkjs/lib/elk-api.js";
import elkWorkerUrl from "elkjs/lib/elk-worker.min.js?url";

import type { FlowEdgeT, OperationFlowNode } from "./types";

const NODE_WIDTH = 220;
const HEADER_HEIGHT = 46;
const PORT_HEIGHT = 20;

let elk: InstanceType<typeof ELK> | undefined;

function engine() {
  elk ??= new ELK({ workerFactory: () => new Worker(elkWorkerUrl) });
  return elk;
}

/** The size a node is drawn with (used before it is measured on screen). */
export function nodeSize(node: OperationFlowNode): { width: number; height: number } {
  const ports = Math.max(node.data.inputs.length, node.data.outputs.length, 1);
  const params = node.data.shownParams?.length ?? 0;
  return {
    width: node.measured?.width ?? NODE_WIDTH,
    height: node.measured?.height ?? HEADER_HEIGHT + ports * PORT_HEIGHT + params * 18 + 10,
  };
}

/** `nodes` with new positions; edges only guide the layering. */
export async function layout(nodes: OperationFlowNode[], edges: FlowEdgeT[]): Promise<OperationFlowNode[]> {
  const graph: ElkNode = {
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "RIGHT",
      "elk.layered.spacing.nodeNodeBetweenLayers": "80",
      "elk.spacing.nodeNode": "30",
      "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
      "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
    },
    children: nodes.map((node) => ({ id: node.id, ...nodeSize(node) })),
    edges: edges.map((edge) => ({ id: edge.id, sources: [edge.source], targets: [edge.target] })),
  };
  const result = await engine().layout(graph);
  const positions = new Map((result.children ?? []).map((child) => [child.id, { x: child.x ?? 0, y: child.y ?? 0 }]));
  return nodes.map((node) => ({ ...node, position: positions.get(node.id) ?? node.position }));
}
