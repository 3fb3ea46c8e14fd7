// Workflow graph ⇄ canvas nodes and edges.

import type { Edge, Graph, GraphNode, Operation, Parameter, Workflow } from "../api/types";
import { displayValue } from "../components/ParameterInput";
import { inputHandle, outputHandle, portName, type FlowEdgeT, type OperationFlowNode, type OperationNodeData } from "./types";

/** Most parameters listed on a node; more are counted. */
const MAX_SHOWN_PARAMS = 5;

/** The id of the canvas edge for a workflow edge. */
export function edgeId(edge: Edge): string {
  return `${edge.source}.${edge.output}->${edge.target}.${edge.input}`;
}

/** The value a node gives a parameter: its own, else the operation's default. */
export function paramValue(parameter: Parameter, params: Record<string, unknown> | undefined): unknown {
  return params && parameter.name in params ? params[parameter.name] : parameter.default;
}

/** The (name, text) pairs a node shows for its visible parameters; a link shows as `$name`. */
export function shownParams(
  parameters: Parameter[] | undefined,
  params: Record<string, unknown> | undefined,
  refs: Record<string, string> | undefined,
): [string, string][] | undefined {
  const visible = (parameters ?? []).filter((parameter) => !parameter.hidden);
  if (!visible.length) return undefined;
  const shown: [string, string][] = visible.slice(0, MAX_SHOWN_PARAMS).map((parameter) => {
    const ref = refs?.[parameter.name];
    if (ref) return [parameter.name, `$${ref}`];
    const value = paramValue(parameter, params);
    return [parameter.name, value === undefined || value === null ? "—" : displayValue(value) || '""'];
  });
  if (visible.length > MAX_SHOWN_PARAMS) shown.push(["…", `${visible.length - MAX_SHOWN_PARAMS} more`]);
  return shown;
}

/** What the canvas shows of a node; `node` adds its title, parameter values and links. */
export function nodeData(
  nodeId: string,
  title: string | undefined,
  operation: Operation | undefined,
  operationId: string,
  node?: GraphNode,
): OperationNodeData {
  const params = node?.params ?? {};
  const paramRefs = node?.param_refs ?? {};
  return {
    nodeId,
    title: title || operation?.title || operation?.name || nodeId,
    nodeTitle: node?.title ?? "",
    operationId,
    operationName: operation?.name ?? operationId,
    version: operation?.version,
    kind: operation?.kind ?? "unknown",
    inputs: operation?.inputs ?? [],
    outputs: operation?.outputs ?? [],
    operationStatus: operation?.status,
    params,
    paramRefs,
    parameters: operation?.parameters ?? [],
    shownParams: shownParams(operation?.parameters, params, paramRefs),
  };
}

/** The canvas edge of a workflow edge. */
export function toFlowEdge(edge: Edge): FlowEdgeT {
  return {
    id: edgeId(edge),
    source: edge.source,
    sourceHandle: outputHandle(edge.output),
    target: edge.target,
    targetHandle: inputHandle(edge.input),
  };
}

/** The workflow edge of a canvas edge. */
export function fromFlowEdge(edge: FlowEdgeT): Edge {
  return { source: edge.source, output: portName(edge.sourceHandle), target: edge.target, input: portName(edge.targetHandle) };
}

/** Canvas nodes and edges of `graph`, whose operations are in `operations` (by version id). */
export function toFlow(graph: Graph, operations: Record<string, Operation>): { nodes: OperationFlowNode[]; edges: FlowEdgeT[] } {
  const nodes: OperationFlowNode[] = (graph.nodes ?? []).map((node, index) => ({
    id: node.id,
    type: "operation",
    position: { x: node.position?.x ?? (index % 8) * 260, y: node.position?.y ?? Math.floor(index / 8) * 160 },
    data: nodeData(node.id, node.title, operations[node.operation], node.operation, node),
  }));
  const edges: FlowEdgeT[] = (graph.edges ?? []).map(toFlowEdge);
  return { nodes, edges };
}

/** The workflow node a canvas node stands for. */
export function toGraphNode(node: OperationFlowNode): GraphNode {
  const { data } = node;
  const graphNode: GraphNode = {
    id: node.id,
    operation: data.operationId,
    params: data.params ?? {},
    param_refs: data.paramRefs ?? {},
    position: { x: Math.round(node.position.x), y: Math.round(node.position.y) },
  };
  if (data.nodeTitle) graphNode.title = data.nodeTitle;
  return graphNode;
}

/** Whether any node of the workflow lacks a saved position (then it is laid out on opening). */
export function needsLayout(workflow: Workflow): boolean {
  return (workflow.graph?.nodes ?? []).some((node) => !node.position);
}
