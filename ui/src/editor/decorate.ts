// What the canvas shows on top of the document: validation problems, upgrade marks and the
// inline form of the one selected node. Only nodes whose marks change get new objects, so
// that a large graph is not re-rendered as a whole.

import { useMemo, useRef } from "react";

import type { LocatedProblem } from "../api/types";
import { framed } from "../graph/frame";
import type { OperationFlowNode } from "../graph/types";

interface Cached {
  base: OperationFlowNode;
  problems: string[] | undefined;
  upgraded: boolean;
  editing: boolean;
  out: OperationFlowNode;
}

/** A problem as a node shows it: the input or parameter it concerns, then the message. */
export function problemText(problem: LocatedProblem): string {
  if (problem.input) return `input ${problem.input}: ${problem.message}`;
  if (problem.parameter) return `${problem.parameter}: ${problem.message}`;
  return problem.message;
}

/** What a node shows of a validation's problems: those located on it, then those of its operation. */
export type ProblemsOf = (node: OperationFlowNode) => string[] | undefined;

/** The problems of each node, the same array for the same node while the problems stay. */
export function problemIndex(problems: LocatedProblem[] | null): ProblemsOf {
  const byNode = new Map<string, string[]>();
  const byOperation = new Map<string, string[]>();
  for (const problem of problems ?? []) {
    if (problem.node) byNode.set(problem.node, [...(byNode.get(problem.node) ?? []), problemText(problem)]);
    else if (problem.operation) {
      const text = `${problem.operation}: ${problem.message}`;
      byOperation.set(problem.operation, [...(byOperation.get(problem.operation) ?? []), text]);
    }
  }
  if (!byOperation.size) return (node) => byNode.get(node.id);
  const combined = new Map<string, string[] | undefined>();
  return (node) => {
    const key = `${node.id}\u0000${node.data.operationName}`;
    if (!combined.has(key)) {
      const all = [...(byNode.get(node.id) ?? []), ...(byOperation.get(node.data.operationName) ?? [])];
      combined.set(key, all.length ? all : undefined);
    }
    return combined.get(key);
  };
}

/** `nodes` with their marks; unchanged nodes keep their objects. */
export function useDecoratedNodes(
  nodes: OperationFlowNode[],
  problemsOf: ProblemsOf,
  upgraded: Set<string>,
  editingId: string | null,
): OperationFlowNode[] {
  const cache = useRef(new Map<string, Cached>());
  return useMemo(() => {
    const next = new Map<string, Cached>();
    const result = nodes.map((node) => {
      const nodeProblems = problemsOf(node);
      const isUpgraded = upgraded.has(node.id);
      const editing = editingId === node.id;
      if (!nodeProblems && !isUpgraded && !editing) return node;
      const cached = cache.current.get(node.id);
      if (
        cached &&
        cached.base === node &&
        cached.problems === nodeProblems &&
        cached.upgraded === isUpgraded &&
        cached.editing === editing
      ) {
        next.set(node.id, cached);
        return cached.out;
      }
      let out: OperationFlowNode = { ...node, data: { ...node.data, problems: nodeProblems, upgraded: isUpgraded, editingParams: editing } };
      if (nodeProblems) out = framed(out); // the problems line moves the ports down
      next.set(node.id, { base: node, problems: nodeProblems, upgraded: isUpgraded, editing, out });
      return out;
    });
    cache.current = next;
    return result;
  }, [nodes, problemsOf, upgraded, editingId]);
}
