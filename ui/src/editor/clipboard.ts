// Copy and paste of nodes: the copied nodes, the edges among them and their operations,
// kept in this browser so that they can be pasted into another workflow too.

import type { Edge, GraphNode, Operation } from "../api/types";
import { fromFlowEdge, nodeData, toFlowEdge, toGraphNode } from "../graph/convert";
import { framed } from "../graph/frame";
import type { OperationFlowNode } from "../graph/types";
import { newNodeId, type DocState } from "./document";

const CLIPBOARD_KEY = "plynx.editor.clipboard";
/** How far each paste lands from the copied nodes. */
const PASTE_OFFSET = 40;

export interface Clip {
  nodes: GraphNode[];
  edges: Edge[];
  operations: Record<string, Operation>;
}

let pastes = 0;
let lastAnchor = "";

/** Copy the selected nodes; the number of nodes copied. */
export function copySelection(state: DocState, operations: Record<string, Operation>): number {
  const nodes = state.nodes.filter((node) => node.selected);
  if (!nodes.length) return 0;
  const ids = new Set(nodes.map((node) => node.id));
  const used: Record<string, Operation> = {};
  for (const node of nodes) {
    const operation = operations[node.data.operationId];
    if (operation) used[node.data.operationId] = operation;
  }
  const clip: Clip = {
    nodes: nodes.map(toGraphNode),
    edges: state.edges.filter((edge) => ids.has(edge.source) && ids.has(edge.target)).map(fromFlowEdge),
    operations: used,
  };
  localStorage.setItem(CLIPBOARD_KEY, JSON.stringify(clip));
  pastes = 0;
  lastAnchor = "";
  return nodes.length;
}

/** What was copied last, if anything. */
export function readClip(): Clip | null {
  try {
    const raw = localStorage.getItem(CLIPBOARD_KEY);
    return raw ? (JSON.parse(raw) as Clip) : null;
  } catch {
    return null;
  }
}

/**
 * The copied nodes with new ids, selected, and the edges among them: placed with their
 * top-left corner at `at` (the pointer) when given, else moved aside from the copied ones.
 * Pasting again at the same place shifts each copy a little.
 */
export function pasteClip(
  state: DocState,
  clip: Clip,
  operations: Record<string, Operation>,
  at?: { x: number; y: number },
): { nodes: OperationFlowNode[]; edges: DocState["edges"] } {
  const anchor = at ? `${Math.round(at.x)},${Math.round(at.y)}` : "";
  pastes = anchor === lastAnchor ? pastes + 1 : at ? 0 : 1;
  lastAnchor = anchor;
  const left = Math.min(...clip.nodes.map((node) => node.position?.x ?? 0));
  const top = Math.min(...clip.nodes.map((node) => node.position?.y ?? 0));
  const dx = (at ? at.x - left : 0) + PASTE_OFFSET * pastes;
  const dy = (at ? at.y - top : 0) + PASTE_OFFSET * pastes;
  const taken = new Set(state.nodes.map((node) => node.id));
  const renamed = new Map<string, string>();
  const pasted: OperationFlowNode[] = clip.nodes.map((node) => {
    const operation = operations[node.operation];
    const id = newNodeId(operation?.name ?? node.id, taken);
    taken.add(id);
    renamed.set(node.id, id);
    const copy: GraphNode = { ...node, id };
    return framed({
      id,
      type: "operation",
      selected: true,
      position: { x: (node.position?.x ?? 0) + dx, y: (node.position?.y ?? 0) + dy },
      data: nodeData(id, node.title, operation, node.operation, copy),
    });
  });
  const edges = clip.edges.map((edge) =>
    toFlowEdge({ ...edge, source: renamed.get(edge.source)!, target: renamed.get(edge.target)! }),
  );
  return {
    nodes: [...state.nodes.map((node) => (node.selected ? { ...node, selected: false } : node)), ...pasted],
    edges: [...state.edges.map((edge) => (edge.selected ? { ...edge, selected: false } : edge)), ...edges],
  };
}
