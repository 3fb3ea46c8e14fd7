// The workflow being edited as canvas nodes and edges, and the pure changes made to it.

import type { Edge, GraphNode, Operation, Parameter, Workflow } from "../api/types";
import { fromFlowEdge, nodeData, shownParams, toFlow, toFlowEdge, toGraphNode } from "../graph/convert";
import { framed } from "../graph/frame";
import { nodeSize } from "../graph/layout";
import type { FlowEdgeT, OperationFlowNode, OperationNodeData } from "../graph/types";

/** The workflow's own fields besides its graph. */
export interface WorkflowMeta {
  title: string;
  description: string;
  parameters: Parameter[];
}

/** One state of the document: what undo and redo step through. */
export interface DocState {
  nodes: OperationFlowNode[];
  edges: FlowEdgeT[];
  meta: WorkflowMeta;
  /** Changes whenever the document changes; equal revisions mean equal documents. */
  rev: number;
}

/** What is sent to POST /workflows and PUT /workflows/{id}. */
export interface WorkflowDraft {
  title: string;
  description: string;
  parameters: Parameter[];
  graph: { nodes: GraphNode[]; edges: Edge[] };
  operations: Record<string, Operation>;
}

export const DEFAULT_TITLE = "Untitled workflow";

/** The document of a workflow read from the API. */
export function fromWorkflow(workflow: Workflow, rev: number): DocState {
  const { nodes, edges } = toFlow(workflow.graph ?? {}, workflow.operations ?? {});
  return {
    nodes: nodes.map(framed),
    edges,
    meta: {
      title: workflow.title ?? DEFAULT_TITLE,
      description: workflow.description ?? "",
      parameters: workflow.parameters ?? [],
    },
    rev,
  };
}

/** The body saving `state`: the operations map holds exactly the operations the nodes use. */
export function toDraft(state: DocState, operations: Record<string, Operation>): WorkflowDraft {
  const used: Record<string, Operation> = {};
  for (const node of state.nodes) {
    const operation = operations[node.data.operationId];
    if (operation?.id) used[operation.id] = operation;
  }
  return {
    title: state.meta.title.trim() || DEFAULT_TITLE,
    description: state.meta.description,
    parameters: state.meta.parameters,
    graph: { nodes: state.nodes.map(toGraphNode), edges: state.edges.map(fromFlowEdge) },
    operations: used,
  };
}

/** A readable node id for an operation, unique among `taken`: its name and a counter. Never contains '/'. */
export function newNodeId(name: string, taken: Set<string>): string {
  const base = name.replace(/\.[A-Za-z0-9]{1,5}$/, "").replace(/[^A-Za-z0-9_-]+/g, "_").replace(/^_+|_+$/g, "") || "node";
  let counter = 1;
  while (taken.has(`${base}_${counter}`)) counter += 1;
  return `${base}_${counter}`;
}

/** A new canvas node for `operation`. */
export function makeNode(id: string, operation: Operation, position: { x: number; y: number }): OperationFlowNode {
  return framed({
    id,
    type: "operation",
    position,
    selected: true,
    data: nodeData(id, undefined, operation, operation.id ?? "", { id, operation: operation.id ?? "" }),
  });
}

/** `node` with `patch` applied to its data; the shown parameter values follow. */
export function withData(node: OperationFlowNode, patch: Partial<OperationNodeData>): OperationFlowNode {
  const data = { ...node.data, ...patch };
  if ("params" in patch || "paramRefs" in patch || "parameters" in patch) {
    data.shownParams = shownParams(data.parameters, data.params, data.paramRefs);
  }
  return { ...node, data };
}

/** Change the nodes whose ids are in `ids` (one pass over the nodes). */
export function mapNodes(
  nodes: OperationFlowNode[],
  ids: Iterable<string>,
  change: (node: OperationFlowNode) => OperationFlowNode,
): OperationFlowNode[] {
  const wanted = new Set(ids);
  return nodes.map((node) => (wanted.has(node.id) ? change(node) : node));
}

/** Set a parameter value on several nodes. */
export function setParam(state: DocState, ids: string[], name: string, value: unknown): Partial<DocState> {
  return {
    nodes: mapNodes(state.nodes, ids, (node) => withData(node, { params: { ...node.data.params, [name]: value } })),
  };
}

/** Link (or, with `ref` null, unlink) a node parameter to a workflow parameter on several nodes. */
export function setParamRef(state: DocState, ids: string[], name: string, ref: string | null): Partial<DocState> {
  return {
    nodes: mapNodes(state.nodes, ids, (node) => {
      const refs = { ...node.data.paramRefs };
      if (ref) refs[name] = ref;
      else delete refs[name];
      return withData(node, { paramRefs: refs });
    }),
  };
}

/** Remove nodes (with their edges) and edges. */
export function removeElements(state: DocState, nodeIds: Set<string>, edgeIds: Set<string>): Partial<DocState> {
  return {
    nodes: state.nodes.filter((node) => !nodeIds.has(node.id)),
    edges: state.edges.filter(
      (edge) => !edgeIds.has(edge.id) && !nodeIds.has(edge.source) && !nodeIds.has(edge.target),
    ),
  };
}

/** Add a connection. */
export function addEdge(state: DocState, edge: Edge): Partial<DocState> {
  return { edges: [...state.edges, toFlowEdge(edge)] };
}

/** Only the nodes in `ids` selected (and no edge). */
export function selectOnly(state: DocState, ids: Set<string>): Partial<DocState> {
  return {
    nodes: state.nodes.map((node) => (Boolean(node.selected) === ids.has(node.id) ? node : { ...node, selected: ids.has(node.id) })),
    edges: state.edges.map((edge) => (edge.selected ? { ...edge, selected: false } : edge)),
  };
}

/** The workflow parameters replaced; links to a renamed parameter follow it, links to a removed one are dropped. */
export function setWorkflowParameters(
  state: DocState,
  parameters: Parameter[],
  renamed?: { from: string; to: string },
  removed?: string,
): Partial<DocState> {
  let nodes = state.nodes;
  if (renamed || removed) {
    nodes = nodes.map((node) => {
      const refs = node.data.paramRefs ?? {};
      const names = Object.keys(refs).filter((key) => refs[key] === renamed?.from || refs[key] === removed);
      if (!names.length) return node;
      const next = { ...refs };
      for (const key of names) {
        if (renamed && refs[key] === renamed.from) next[key] = renamed.to;
        else delete next[key];
      }
      return withData(node, { paramRefs: next });
    });
  }
  return { meta: { ...state.meta, parameters }, nodes };
}

/** Whether some nodes are drawn over others (positions saved for smaller nodes, or none). */
export function overlapping(nodes: OperationFlowNode[]): boolean {
  const boxes = nodes
    .map((node) => ({ x: node.position.x, y: node.position.y, ...nodeSize(node) }))
    .sort((a, b) => a.x - b.x);
  for (let i = 0; i < boxes.length; i += 1) {
    const a = boxes[i];
    for (let j = i + 1; j < boxes.length && boxes[j].x < a.x + a.width - 4; j += 1) {
      const b = boxes[j];
      if (b.y < a.y + a.height - 4 && a.y < b.y + b.height - 4) return true;
    }
  }
  return false;
}
