// Which connections the editor accepts: output to input, of compatible resource types,
// within the input's count, and never closing a cycle. Each refusal has a reason.

import type { Input, Output, ResourceTypeInfo } from "../api/types";
import { portName } from "../graph/types";
import type { DocState } from "./document";

export type TypeIndex = Map<string, ResourceTypeInfo>;

export function typeIndex(types: ResourceTypeInfo[]): TypeIndex {
  return new Map(types.map((type) => [type.name, type]));
}

/** Whether an output of type `source` may feed an input of type `target` (as the server decides). */
export function compatible(types: TypeIndex, source: string, target: string): boolean {
  if (source === target) return true;
  const known = types.get(source);
  if (!known || !types.has(target)) return true; // an unknown type is reported by validation
  return known.is_a.includes(target);
}

/** The input types an output of type `source` may feed. */
export function inputTypesFor(types: TypeIndex, source: string): string[] {
  return [source, ...(types.get(source)?.is_a ?? [])];
}

/** The output types an input of type `target` accepts. */
export function outputTypesFor(types: TypeIndex, target: string): string[] {
  return [...types.keys()].filter((name) => compatible(types, name, target));
}

export interface ConnectionEnds {
  source: string;
  sourceHandle?: string | null;
  target: string;
  targetHandle?: string | null;
}

/** The path target → … → source if one exists (then source → target would close a cycle). */
function pathBetween(state: DocState, from: string, to: string): string[] | null {
  const outgoing = new Map<string, string[]>();
  for (const edge of state.edges) {
    const list = outgoing.get(edge.source);
    if (list) list.push(edge.target);
    else outgoing.set(edge.source, [edge.target]);
  }
  const parent = new Map<string, string>([[from, from]]);
  const queue = [from];
  while (queue.length) {
    const current = queue.shift()!;
    if (current === to) {
      const path = [to];
      let step = to;
      while (step !== from) {
        step = parent.get(step)!;
        path.unshift(step);
      }
      return path;
    }
    for (const next of outgoing.get(current) ?? []) {
      if (!parent.has(next)) {
        parent.set(next, current);
        queue.push(next);
      }
    }
  }
  return null;
}

/** Why the connection cannot be made, or null when it can. */
export function refusal(state: DocState, ends: ConnectionEnds, types: TypeIndex): string | null {
  const sourceHandle = ends.sourceHandle ?? "";
  const targetHandle = ends.targetHandle ?? "";
  if (!sourceHandle.startsWith("out:") || !targetHandle.startsWith("in:")) {
    return "Connect an output (right side of a node) to an input (left side of a node).";
  }
  if (ends.source === ends.target) return "A node cannot feed its own input.";
  const sourceNode = state.nodes.find((node) => node.id === ends.source);
  const targetNode = state.nodes.find((node) => node.id === ends.target);
  if (!sourceNode || !targetNode) return "That node is no longer in the workflow.";
  const outputName = portName(sourceHandle);
  const inputName = portName(targetHandle);
  const output: Output | undefined = sourceNode.data.outputs.find((item) => item.name === outputName);
  const input: Input | undefined = targetNode.data.inputs.find((item) => item.name === inputName);
  if (!output || !input) return "That input or output no longer exists.";
  const from = `${ends.source}.${outputName}`;
  const to = `${ends.target}.${inputName}`;
  const outputType = output.type ?? "file";
  const inputType = input.type ?? "file";
  if (!compatible(types, outputType, inputType)) {
    return `Type mismatch: ${from} gives ${outputType}, but ${to} expects ${inputType}.`;
  }
  let count = 0;
  for (const edge of state.edges) {
    if (edge.target !== ends.target || edge.targetHandle !== targetHandle) continue;
    if (edge.source === ends.source && edge.sourceHandle === sourceHandle) return `${from} is already connected to ${to}.`;
    count += 1;
  }
  const max = input.max_count ?? 1;
  if (max !== -1 && count >= max) {
    return `${to} takes at most ${max} connection${max === 1 ? "" : "s"} and already has ${count}: remove one first.`;
  }
  const cycle = pathBetween(state, ends.target, ends.source);
  if (cycle) return `That connection would close a cycle: ${[...cycle, ends.target].join(" → ")}.`;
  return null;
}
