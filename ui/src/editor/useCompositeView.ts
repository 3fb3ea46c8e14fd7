// The inside of a composite node, shown read-only: its inner nodes and edges, with two
// pseudo-nodes standing for the composite's own inputs and outputs.

import { applyNodeChanges, type NodeChange } from "@xyflow/react";
import { useCallback, useEffect, useState } from "react";

import type { Operation } from "../api/types";
import { toFlow } from "../graph/convert";
import { framed } from "../graph/frame";
import { layout } from "../graph/layout";
import { inputHandle, outputHandle, type FlowEdgeT, type OperationFlowNode } from "../graph/types";
import type { DocState } from "./document";
import { fetchOperationById } from "./editorApi";
import type { EditorStore } from "./store";

/** The id of the pseudo-node of a composite's outputs (inner nodes cannot be called so: see COMPOSITE_INPUTS). */
export const OUTPUTS_NODE = "__outputs__";
/** The name inner edges use for the composite's own inputs. */
export const INPUTS_NODE = "inputs";

export interface CompositeLevel {
  nodeId: string;
  title: string;
  operation: Operation;
}

export interface CompositeView {
  levels: CompositeLevel[];
  nodes: OperationFlowNode[];
  edges: FlowEdgeT[];
  loading: boolean;
  error: unknown;
  onNodesChange: (changes: NodeChange<OperationFlowNode>[]) => void;
}

function pseudoNodes(operation: Operation, title: string): OperationFlowNode[] {
  const base = { operationId: "", operationName: operation.name, version: operation.version, kind: "composite" };
  return [
    {
      id: INPUTS_NODE,
      type: "operation",
      position: { x: 0, y: 0 },
      selectable: false,
      draggable: false,
      data: { ...base, nodeId: INPUTS_NODE, title: `Inputs of ${title}`, inputs: [], outputs: (operation.inputs ?? []).map(({ name, type }) => ({ name, type })), pseudo: "inputs" },
    },
    {
      id: OUTPUTS_NODE,
      type: "operation",
      position: { x: 0, y: 0 },
      selectable: false,
      draggable: false,
      data: { ...base, nodeId: OUTPUTS_NODE, title: `Outputs of ${title}`, inputs: (operation.outputs ?? []).map(({ name, type }) => ({ name, type })), outputs: [], pseudo: "outputs" },
    },
  ];
}

/** Resolve the composites along `path`; the ids of operations still to fetch, or the levels. */
function resolve(path: string[], doc: DocState, operations: Record<string, Operation>): { levels: CompositeLevel[]; missing: string[] } {
  const levels: CompositeLevel[] = [];
  const missing: string[] = [];
  let graphNodes: { id: string; operation: string; title?: string }[] = doc.nodes.map((node) => ({
    id: node.id,
    operation: node.data.operationId,
    title: node.data.title,
  }));
  for (const nodeId of path) {
    const node = graphNodes.find((item) => item.id === nodeId);
    if (!node) break;
    const operation = operations[node.operation];
    if (!operation) {
      missing.push(node.operation);
      break;
    }
    if (operation.kind !== "composite" || !operation.graph) break;
    levels.push({ nodeId, title: node.title || operation.title || operation.name, operation });
    graphNodes = operation.graph.nodes ?? [];
  }
  const last = levels[levels.length - 1];
  for (const node of last?.operation.graph?.nodes ?? []) if (!operations[node.operation]) missing.push(node.operation);
  return { levels, missing: [...new Set(missing)] };
}

/** The inside of the composite at the end of `path` (node ids from the top level), or null. */
export function useCompositeView(path: string[], doc: DocState, store: EditorStore): CompositeView | null {
  const [view, setView] = useState<Omit<CompositeView, "onNodesChange"> | null>(null);
  const [fetched, setFetched] = useState(0);
  const key = path.join("/");

  useEffect(() => {
    if (!path.length) {
      setView(null);
      return;
    }
    let cancelled = false;
    const { levels, missing } = resolve(path, doc, store.operations);
    if (missing.length) {
      setView((previous) => ({ levels: previous?.levels ?? levels, nodes: [], edges: [], loading: true, error: undefined }));
      Promise.all(missing.map(fetchOperationById))
        .then((operations) => {
          store.addOperations(operations);
          if (!cancelled) setFetched((value) => value + 1);
        })
        .catch((error) => !cancelled && setView({ levels, nodes: [], edges: [], loading: false, error }));
      return () => {
        cancelled = true;
      };
    }
    const last = levels[levels.length - 1];
    if (!last?.operation.graph) {
      setView({ levels, nodes: [], edges: [], loading: false, error: new Error("This node is not a composite operation with a graph.") });
      return;
    }
    const graph = last.operation.graph;
    const flow = toFlow(graph, store.operations);
    const extra = pseudoNodes(last.operation, last.title).filter((node) => node.data.inputs.length + node.data.outputs.length > 0);
    const edges = [
      ...flow.edges,
      ...Object.entries(graph.outputs ?? {}).map(([name, ref]) => ({
        id: `${ref.node}.${ref.output}->${OUTPUTS_NODE}.${name}`,
        source: ref.node,
        sourceHandle: outputHandle(ref.output),
        target: OUTPUTS_NODE,
        targetHandle: inputHandle(name),
      })),
    ];
    const placed = flow.nodes.length > 0 && (graph.nodes ?? []).every((node) => node.position);
    if (placed) {
      const xs = flow.nodes.map((node) => node.position.x);
      const ys = flow.nodes.map((node) => node.position.y);
      const middle = (Math.min(...ys) + Math.max(...ys)) / 2;
      for (const node of extra) {
        node.position = { x: node.id === INPUTS_NODE ? Math.min(...xs) - 320 : Math.max(...xs) + 320, y: middle };
      }
    }
    const all = [...extra, ...flow.nodes].map((node) => framed({ ...node, draggable: false }));
    const show = (nodes: OperationFlowNode[]) => !cancelled && setView({ levels, nodes, edges, loading: false, error: undefined });
    if (placed) show(all);
    else {
      setView({ levels, nodes: [], edges, loading: true, error: undefined });
      layout(all, edges).then(show, (error) => !cancelled && setView({ levels, nodes: all, edges, loading: false, error }));
    }
    return () => {
      cancelled = true;
    };
    // The inside depends on the path and on the operations known, not on every change of the document.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, fetched, store]);

  const onNodesChange = useCallback((changes: NodeChange<OperationFlowNode>[]) => {
    const allowed = changes.filter((change) => change.type === "select" || change.type === "dimensions");
    if (allowed.length) setView((previous) => previous && { ...previous, nodes: applyNodeChanges(allowed, previous.nodes) });
  }, []);

  return view ? { ...view, onNodesChange } : null;
}
