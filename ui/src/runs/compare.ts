// What differs between two runs: parameter values, node states and output contents.

import type { Artifact, NodeDetail, RunDetail } from "../api/types";
import { nodeParams, nodeTitle, snapshotNodes } from "./runModel";

/** Whether two values are the same (as JSON). */
export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** A value of one run, or absent when that run lacks the thing compared. */
export type Side<T> = { present: true; value: T } | { present: false };

const absent = { present: false } as const;
const has = <T,>(value: T): Side<T> => ({ present: true, value });

export interface ParamRow {
  /** Workflow parameter: its name; node parameter: "node › name". */
  key: string;
  node: string | null;
  nodeTitle: string | null;
  name: string;
  a: Side<unknown>;
  b: Side<unknown>;
  differs: boolean;
}

export interface NodeRow {
  node: string;
  title: string;
  a: NodeDetail | undefined;
  b: NodeDetail | undefined;
  differs: boolean;
}

export interface OutputRow {
  key: string;
  node: string;
  title: string;
  output: string;
  a: Artifact | undefined;
  b: Artifact | undefined;
  differs: boolean;
}

export interface RunComparison {
  workflowParams: ParamRow[];
  nodeParams: ParamRow[];
  nodes: NodeRow[];
  outputs: OutputRow[];
}

function differs<T>(a: Side<T>, b: Side<T>): boolean {
  if (a.present !== b.present) return true;
  return a.present && b.present ? !sameValue(a.value, b.value) : false;
}

/** Everything compared between run `a` and run `b`. */
export function compareRuns(a: RunDetail, b: RunDetail): RunComparison {
  // Workflow parameters: the run's value, else the snapshot's default.
  const paramValue = (run: RunDetail, name: string): Side<unknown> => {
    if (name in run.params) return has(run.params[name]);
    const declared = run.workflow.parameters?.find((parameter) => parameter.name === name);
    return declared ? has(declared.default) : absent;
  };
  const names = new Set([
    ...(a.workflow.parameters ?? []).map((p) => p.name),
    ...(b.workflow.parameters ?? []).map((p) => p.name),
    ...Object.keys(a.params),
    ...Object.keys(b.params),
  ]);
  const workflowParams = [...names].sort().map((name) => {
    const left = paramValue(a, name);
    const right = paramValue(b, name);
    return { key: name, node: null, nodeTitle: null, name, a: left, b: right, differs: differs(left, right) };
  });

  // Node parameters, and the operation version each node ran.
  const nodesA = snapshotNodes(a.workflow);
  const nodesB = snapshotNodes(b.workflow);
  const nodeIds = [...new Set([...nodesA.keys(), ...nodesB.keys()])].sort();
  const nodeParamRows: ParamRow[] = [];
  for (const node of nodeIds) {
    const left = nodesA.get(node);
    const right = nodesB.get(node);
    const title = nodeTitle(left ?? right, node);
    const opName = (entry: typeof left) =>
      entry?.operation ? `${entry.operation.name} v${entry.operation.version ?? "?"}` : entry?.node.operation;
    const leftOp: Side<unknown> = left ? has(opName(left)) : absent;
    const rightOp: Side<unknown> = right ? has(opName(right)) : absent;
    nodeParamRows.push({ key: `${node}\u0000operation`, node, nodeTitle: title, name: "operation", a: leftOp, b: rightOp, differs: differs(leftOp, rightOp) });
    const valuesA = new Map(nodeParams(left, a.workflow, a.params).map((param) => [param.name, param]));
    const valuesB = new Map(nodeParams(right, b.workflow, b.params).map((param) => [param.name, param]));
    for (const name of [...new Set([...valuesA.keys(), ...valuesB.keys()])].sort()) {
      const pa = valuesA.get(name);
      const pb = valuesB.get(name);
      const sa: Side<unknown> = pa ? has(pa.linkedTo && pa.value === undefined ? `← ${pa.linkedTo}` : pa.value) : absent;
      const sb: Side<unknown> = pb ? has(pb.linkedTo && pb.value === undefined ? `← ${pb.linkedTo}` : pb.value) : absent;
      nodeParamRows.push({ key: `${node}\u0000${name}`, node, nodeTitle: title, name, a: sa, b: sb, differs: differs(sa, sb) });
    }
  }

  // Node states and outputs.
  const statesA = new Map(a.nodes.map((node) => [node.node_id, node]));
  const statesB = new Map(b.nodes.map((node) => [node.node_id, node]));
  const stateIds = [...new Set([...statesA.keys(), ...statesB.keys()])].sort();
  const nodes: NodeRow[] = [];
  const outputs: OutputRow[] = [];
  for (const node of stateIds) {
    const left = statesA.get(node);
    const right = statesB.get(node);
    const title = nodeTitle(nodesA.get(node) ?? nodesB.get(node), node);
    nodes.push({ node, title, a: left, b: right, differs: left?.status !== right?.status });
    const outputNames = new Set([...Object.keys(left?.outputs ?? {}), ...Object.keys(right?.outputs ?? {})]);
    for (const output of [...outputNames].sort()) {
      const oa = left?.outputs[output];
      const ob = right?.outputs[output];
      outputs.push({ key: `${node}\u0000${output}`, node, title, output, a: oa, b: ob, differs: oa?.digest !== ob?.digest });
    }
  }
  return { workflowParams, nodeParams: nodeParamRows, nodes, outputs };
}
