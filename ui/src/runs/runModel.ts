// What the run monitor derives from a run: ended or not, cache sentences, the nodes of a
// composite level, titles of nodes, counts of statuses.

import type { CacheExplanation, Graph, GraphNode, NodeDetail, Operation, Status, Workflow } from "../api/types";

/** Statuses after which a node or a run changes no more. */
const TERMINAL: ReadonlySet<Status> = new Set<Status>(["succeeded", "failed", "canceled", "skipped", "cached"]);

export function isTerminal(status: Status): boolean {
  return TERMINAL.has(status);
}

/** Every status, in the order a run goes through them (legends and filters use it). */
export const STATUS_ORDER: Status[] = [
  "created",
  "queued",
  "running",
  "succeeded",
  "cached",
  "failed",
  "canceled",
  "skipped",
];

/** The sentence the server gives a cache decision (`hit (run R, node N)`, `ran: no entry`). */
export function cacheSentence(cache: Partial<CacheExplanation> | null | undefined): string {
  if (!cache) return "";
  if (cache.explanation) return cache.explanation;
  if (cache.outcome === "hit") return `hit (run ${cache.source_run}, node ${cache.source_node})`;
  return `ran: ${cache.reason ?? ""}`.trim();
}

/** A node state as the events send it (their cache decision lacks the sentence): completed. */
export function normalizeNode(state: NodeDetail): NodeDetail {
  if (state.cache && !state.cache.explanation) {
    return { ...state, cache: { ...state.cache, explanation: cacheSentence(state.cache) } };
  }
  return state;
}

/** The first characters of an id, enough to tell runs apart. */
export function shortId(id: string | null | undefined): string {
  return id ? id.slice(0, 8) : "—";
}

/** How many nodes have each status. */
export function statusCounts(nodes: Iterable<NodeDetail>): Map<Status, number> {
  const counts = new Map<Status, number>();
  for (const node of nodes) counts.set(node.status, (counts.get(node.status) ?? 0) + 1);
  return counts;
}

/** A node of the snapshot anywhere in its composites, with its full path id. */
export interface SnapshotNode {
  path: string;
  node: GraphNode;
  operation: Operation | undefined;
  parent: string | null;
}

/** Every node of the workflow snapshot, composites' inner nodes included, by path id. */
export function snapshotNodes(workflow: Workflow): Map<string, SnapshotNode> {
  const found = new Map<string, SnapshotNode>();
  const operations = workflow.operations ?? {};
  const visit = (graph: Graph | null | undefined, prefix: string, parent: string | null, depth: number) => {
    if (!graph || depth > 32) return;
    for (const node of graph.nodes ?? []) {
      const path = prefix + node.id;
      const operation = operations[node.operation];
      found.set(path, { path, node, operation, parent });
      if (operation?.kind === "composite") visit(operation.graph, `${path}/`, path, depth + 1);
    }
  };
  visit(workflow.graph, "", null, 0);
  return found;
}

/** The title shown for a node: its own, its operation's, or its id. */
export function nodeTitle(entry: SnapshotNode | undefined, path: string): string {
  return entry?.node.title || entry?.operation?.title || entry?.operation?.name || path.split("/").pop() || path;
}

/** The graph shown at a composite level (`null`: the workflow itself), or undefined if unknown. */
export function levelGraph(workflow: Workflow, scope: string | null): Graph | undefined {
  if (scope === null) return workflow.graph ?? { nodes: [], edges: [] };
  let graph: Graph | null | undefined = workflow.graph;
  for (const part of scope.split("/")) {
    const node: GraphNode | undefined = graph?.nodes?.find((candidate) => candidate.id === part);
    const operation: Operation | undefined = node ? workflow.operations?.[node.operation] : undefined;
    if (operation?.kind !== "composite") return undefined;
    graph = operation.graph;
  }
  return graph ?? undefined;
}

/** The composite levels from the top to `scope`: [path, title] pairs for a breadcrumb. */
export function scopeTrail(scope: string | null, nodes: Map<string, SnapshotNode>): [string, string][] {
  if (scope === null) return [];
  const parts = scope.split("/");
  return parts.map((_, index) => {
    const path = parts.slice(0, index + 1).join("/");
    return [path, nodeTitle(nodes.get(path), path)];
  });
}

/** A parameter value a node ran with; `linkedTo` names the parameter it was linked to. */
export interface NodeParam {
  name: string;
  value: unknown;
  linkedTo?: string;
}

/** The values a node ran with: its operation's defaults, its own values, linked values
 * (a top-level node's links resolve to the run's values; inside a composite they name the
 * composite's parameter). */
export function nodeParams(
  entry: SnapshotNode | undefined,
  workflow: Workflow,
  runParams: Record<string, unknown>,
): NodeParam[] {
  if (!entry) return [];
  const declared = entry.operation?.parameters ?? [];
  const values = entry.node.params ?? {};
  const refs = entry.node.param_refs ?? {};
  const workflowDefaults = new Map((workflow.parameters ?? []).map((p) => [p.name, p.default]));
  const names = new Set([...declared.map((p) => p.name), ...Object.keys(values)]);
  return [...names].map((name) => {
    const ref = refs[name];
    if (ref !== undefined) {
      if (entry.parent !== null) return { name, value: undefined, linkedTo: ref };
      return { name, value: ref in runParams ? runParams[ref] : workflowDefaults.get(ref), linkedTo: ref };
    }
    if (name in values) return { name, value: values[name] };
    return { name, value: declared.find((p) => p.name === name)?.default };
  });
}

/** The page address comparing run `a` with run `b`. */
export function compareUrl(a: string, b: string): string {
  return `/runs/compare?a=${encodeURIComponent(a)}&b=${encodeURIComponent(b)}`;
}
