// Workflow graph ⇄ canvas nodes and edges.

import type { Edge, Graph, Operation, Workflow } from "../api/types";
import { inputHandle, outputHandle, type FlowEdgeT, type OperationFlowNode, type OperationNodeData } from "./types";

/** The id of the canvas edge for a workflow edge. */
export function edgeId(edge: Edge): string {
  return `${edge.source}.${edge.output}->${edge.target}.${edge.input}`;
}

export function nodeData(nodeId: string, title: string | undefined, operation: Operation | undefined, operationId: string): OperationNodeData {
  return {
    nodeId,
    title: title || operation?.title || operation?.name || nodeId,
    operationId,
    operationName: operation?.name ?? operationId,
    version: operation?.version,
    kind: operation?.kind ?? "unknown",
    inputs: operation?.inputs ?? [],
    outputs: operation?.outputs ?? [],
    operationStatus: operation?.status,
  };
}

/** Canvas nodes and edges of `graph`, whose operations are in `operations` (by version id). */
export function toFlow(graph: Graph, operations: Record<string, Operation>): { nodes: OperationFlowNode[]; edges: FlowEdgeT[] } {
  const nodes: OperationFlowNode[] = (graph.nodes ?? []).map((node, index) => ({
    id: node.id,
    type: "operation",
    position: { x: node.position?.x ?? (index % 8) * 260, y: node.position?.y ?? Math.floor(index / 8) * 160 },
    data: nodeData(node.id, node.title, operations[node.operation], node.operation),
  }));
  const edges: FlowEdgeT[] = (graph.edges ?? []).map((edge) => ({
    id: edgeId(edge),
    source: edge.source,
    sourceHandle: outputHandle(edge.output),
    target: edge.target,
    targetHandle: inputHandle(edge.input),
  }));
  return { nodes, edges };
}

/** Whether any node of the workflow lacks a saved position (then it is laid out on opening). */
export function needsLayout(workflow: Workflow): boolean {
  return (workflow.graph?.nodes ?? []).some((node) => !node.position);
}
