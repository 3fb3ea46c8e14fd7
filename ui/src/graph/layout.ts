// Automatic layout with ELK's layered algorithm, left to right, run in a web worker so
// that a large graph does not freeze the page.

import ELK, { type ElkNode } from "elkjs/lib/elk-api.js";
import elkWorkerUrl from "elkjs/lib/elk-worker.min.js?url";

import { frameSize } from "./frame";
import type { FlowEdgeT, OperationFlowNode } from "./types";

/** Above this many nodes the layout trades some polish for speed (1,000 nodes in under a second). */
const LARGE_GRAPH = 150;

let elk: InstanceType<typeof ELK> | undefined;

function engine() {
  elk ??= new ELK({ workerFactory: () => new Worker(elkWorkerUrl) });
  return elk;
}

/** Start the layout worker ahead of its first use, so that the first layout is quick. */
export function warmLayout(): void {
  engine();
}

/** The size a node is drawn with (measured, or known in advance before it is drawn). */
export function nodeSize(node: OperationFlowNode): { width: number; height: number } {
  const known = frameSize(node.data);
  return { width: node.measured?.width ?? known.width, height: node.measured?.height ?? known.height };
}

function options(nodeCount: number): Record<string, string> {
  const common = {
    "elk.algorithm": "layered",
    "elk.direction": "RIGHT",
    "elk.layered.spacing.nodeNodeBetweenLayers": "80",
    "elk.spacing.nodeNode": "30",
    "elk.spacing.componentComponent": "60",
    // The canvas draws its own edges: the cheapest routing is enough.
    "elk.edgeRouting": "POLYLINE",
  };
  if (nodeCount > LARGE_GRAPH) {
    // Keeping the model order, greedy switching in wide layers or Brandes-Köpf placement of
    // many components costs seconds on large graphs; one sweep and simple placement do not.
    return {
      ...common,
      "elk.layered.thoroughness": "1",
      "elk.layered.crossingMinimization.greedySwitch.type": "OFF",
      "elk.layered.nodePlacement.strategy": "SIMPLE",
    };
  }
  return {
    ...common,
    "elk.layered.nodePlacement.strategy": "BRANDES_KOEPF",
    "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
  };
}

/** `nodes` with new positions; edges only guide the layering. */
export async function layout(nodes: OperationFlowNode[], edges: FlowEdgeT[]): Promise<OperationFlowNode[]> {
  const ids = new Set(nodes.map((node) => node.id));
  const graph: ElkNode = {
    id: "root",
    layoutOptions: options(nodes.length),
    children: nodes.map((node) => ({ id: node.id, ...nodeSize(node) })),
    edges: edges
      .filter((edge) => ids.has(edge.source) && ids.has(edge.target))
      .map((edge) => ({ id: edge.id, sources: [edge.source], targets: [edge.target] })),
  };
  const started = performance.now();
  const result = await engine().layout(graph);
  // A User Timing entry: the browser's performance tools and benchmarks/ui_scale.py read it.
  performance.measure("plynx:layout", { start: started, detail: { nodes: nodes.length } });
  const positions = new Map((result.children ?? []).map((child) => [child.id, { x: child.x ?? 0, y: child.y ?? 0 }]));
  return nodes.map((node) => ({ ...node, position: positions.get(node.id) ?? node.position }));
}
