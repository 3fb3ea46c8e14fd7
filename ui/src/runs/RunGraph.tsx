// The run's graph, read-only, with each node's live state. The canvas nodes are built
// once per composite level; state changes replace only the nodes whose state changed, so
// the memoised node cards of the others do not render again (thousands of nodes stay fluid).

import {
  Background,
  Controls,
  MiniMap,
  Panel,
  ReactFlow,
  getViewportForBounds,
  type Edge as FlowEdge,
  type NodeChange,
  applyNodeChanges,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";

import type { NodeDetail, Workflow } from "../api/types";
import { ErrorMessage } from "../components/ErrorMessage";
import { statusColor } from "../components/StatusBadge";
import { toFlow } from "../graph/convert";
import { layout } from "../graph/layout";
import { edgeTypes } from "../graph/TypedEdge";
import type { OperationFlowNode } from "../graph/types";
import { useTheme } from "../theme/useTheme";
import { quickLayout } from "./quickLayout";
import { levelGraph } from "./runModel";
import { RunCanvasContext, runNodeTypes } from "./RunNode";
import { estimatedHandles, runNodeSize } from "./sizes";

/** Above this many nodes the minimap is left out (it draws every node). */
const MINIMAP_LIMIT = 1500;
/** Above this many nodes a level is arranged by the quick layered layout, not by ELK. */
const ELK_LIMIT = 600;
/** Above this many nodes the view opens on the beginning of the graph, readable, instead
 * of fitting the whole graph (which would make every card a speck). */
const FIT_LIMIT = 300;
const LARGE_ZOOM = 0.6;

interface Level {
  nodes: OperationFlowNode[];
  edges: FlowEdge[];
  /** Some nodes have no saved position, or saved positions make cards overlap. */
  needsLayout: boolean;
  /** Some nodes have a saved position. */
  hasPositions: boolean;
}

/** Whether any two cards drawn at their positions overlap (a sweep along x). */
export function overlapping(nodes: OperationFlowNode[]): boolean {
  const boxes = nodes.map((node) => ({ ...node.position, ...runNodeSize(node.data) })).sort((a, b) => a.x - b.x);
  for (let i = 0; i < boxes.length; i++) {
    const box = boxes[i];
    for (let j = i + 1; j < boxes.length && boxes[j].x < box.x + box.width; j++) {
      const other = boxes[j];
      if (other.y < box.y + box.height && box.y < other.y + other.height) return true;
    }
  }
  return false;
}

const FIT_OPTIONS = { maxZoom: 1, minZoom: 0.2, padding: 0.12, includeHiddenNodes: true };

/** The view a level opens with: the whole graph when it is small enough to read, else its
 * first column's top at a readable zoom. Computed from the expected sizes, since nodes out of
 * view are never measured. */
function openingViewport(nodes: OperationFlowNode[], width: number, height: number) {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const node of nodes) {
    minX = Math.min(minX, node.position.x);
    minY = Math.min(minY, node.position.y);
    maxX = Math.max(maxX, node.position.x + (node.initialWidth ?? 220));
    maxY = Math.max(maxY, node.position.y + (node.initialHeight ?? 100));
  }
  if (nodes.length === 0) return { x: 0, y: 0, zoom: 1 };
  if (nodes.length > FIT_LIMIT) {
    // The top of the first column: the corner of the bounding box may be empty space.
    let topOfFirst = Infinity;
    for (const node of nodes) if (node.position.x === minX) topOfFirst = Math.min(topOfFirst, node.position.y);
    return { x: 40 - minX * LARGE_ZOOM, y: 30 - topOfFirst * LARGE_ZOOM, zoom: LARGE_ZOOM };
  }
  const bounds = { x: minX, y: minY, width: maxX - minX, height: maxY - minY };
  return getViewportForBounds(bounds, width, height, FIT_OPTIONS.minZoom, FIT_OPTIONS.maxZoom, FIT_OPTIONS.padding);
}

/** The canvas nodes and edges of a composite level, ids prefixed with the level's path. */
function levelFlow(workflow: Workflow, scope: string | null): Level | undefined {
  const graph = levelGraph(workflow, scope);
  if (!graph) return undefined;
  const prefix = scope === null ? "" : `${scope}/`;
  const flow = toFlow(graph, workflow.operations ?? {});
  const nodes = flow.nodes.map((node) => {
    const data = { ...node.data, nodeId: prefix + node.id };
    // Sizes and handles known before measuring: nodes out of view are never drawn (see
    // sizes.ts), yet they count for the view's bounds and their edges have ends.
    const size = runNodeSize(data);
    return {
      ...node,
      id: prefix + node.id,
      data,
      initialWidth: size.width,
      initialHeight: size.height,
      handles: estimatedHandles(data),
    };
  });
  const edges = flow.edges.map((edge) => ({
    ...edge,
    id: prefix + edge.id,
    source: prefix + edge.source,
    target: prefix + edge.target,
  }));
  const unplaced = (graph.nodes ?? []).some((node) => !node.position);
  const hasPositions = (graph.nodes ?? []).some((node) => node.position);
  return { nodes, edges, needsLayout: unplaced || overlapping(nodes), hasPositions };
}

/** ELK's layout, told the sizes run nodes are drawn with. */
async function layoutWithSizes(nodes: OperationFlowNode[], edges: FlowEdge[]): Promise<OperationFlowNode[]> {
  const sized = nodes.map((node) => ({ ...node, measured: runNodeSize(node.data) }));
  const placed = new Map((await layout(sized, edges)).map((node) => [node.id, node.position]));
  return nodes.map((node) => ({ ...node, position: placed.get(node.id) ?? node.position }));
}

/** `node` showing `state` (the same object when nothing it shows changed). */
function withState(node: OperationFlowNode, state: NodeDetail | undefined, selected: boolean, now: number): OperationFlowNode {
  const tick = state?.status === "running" ? now : undefined;
  if (node.data.state === state && node.data.tick === tick && Boolean(node.selected) === selected) return node;
  return {
    ...node,
    selected,
    ariaLabel: `${node.data.title}: ${state?.status ?? "not started"}`,
    data: {
      ...node.data,
      state,
      tick,
      status: state?.status,
      startedAt: state?.started_at ?? null,
      finishedAt: state?.finished_at ?? null,
      cache: state?.cache ?? null,
    },
  };
}

function withRunning(edge: FlowEdge, states: ReadonlyMap<string, NodeDetail>): FlowEdge {
  const animated = states.get(edge.target)?.status === "running";
  return Boolean(edge.animated) === animated ? edge : { ...edge, animated };
}

export interface RunGraphProps {
  workflow: Workflow;
  /** The composite level shown (its path), or null for the workflow itself. */
  scope: string | null;
  states: ReadonlyMap<string, NodeDetail>;
  selected: string | null;
  onSelect: (nodeId: string | null) => void;
  onOpenComposite: (path: string) => void;
  /** The time running nodes' elapsed times are counted to (renewed every second). */
  now: number;
}

/** The read-only canvas of a run at one composite level. */
export function RunGraph({ workflow, scope, states, selected, onSelect, onOpenComposite, now }: RunGraphProps) {
  const [theme] = useTheme();
  const level = useMemo(() => levelFlow(workflow, scope), [workflow, scope]);
  const [nodes, setNodes] = useState<OperationFlowNode[]>([]);
  const [edges, setEdges] = useState<FlowEdge[]>([]);
  const [ready, setReady] = useState(false);
  const [layoutError, setLayoutError] = useState<unknown>();
  const box = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState<{ width: number; height: number }>();
  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return;
    const measure = () => setSize({ width: element.clientWidth, height: element.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  const latest = useRef({ states, selected, now });
  latest.current = { states, selected, now };
  /** Laid out automatically (else at the positions saved in the workflow). */
  const [choice, setChoice] = useState<{ level: Level | undefined; arranged: boolean }>();
  const arranged = choice && choice.level === level ? choice.arranged : (level?.needsLayout ?? false);

  // A new level or arrangement: lay it out if asked, then show it.
  useEffect(() => {
    setReady(false);
    setLayoutError(undefined);
    if (!level) return;
    let stopped = false;
    const placed = !arranged
      ? Promise.resolve(level.nodes)
      : level.nodes.length > ELK_LIMIT
        ? Promise.resolve(quickLayout(level.nodes, level.edges))
        : layoutWithSizes(level.nodes, level.edges);
    placed
      .then((laid) => {
        if (stopped) return;
        const current = latest.current;
        setNodes(laid.map((node) => withState(node, current.states.get(node.id), node.id === current.selected, current.now)));
        setEdges(level.edges);
        setReady(true);
      })
      .catch((error) => !stopped && setLayoutError(error));
    return () => {
      stopped = true;
    };
  }, [level, arranged]);

  // States, selection and ticking clocks: replace only the nodes they change.
  useEffect(() => {
    if (!ready) return;
    setNodes((current) => {
      let changed = false;
      const next = current.map((node) => {
        const updated = withState(node, states.get(node.id), node.id === selected, now);
        if (updated !== node) changed = true;
        return updated;
      });
      return changed ? next : current;
    });
    setEdges((current) => {
      let changed = false;
      const next = current.map((edge) => {
        const updated = withRunning(edge, states);
        if (updated !== edge) changed = true;
        return updated;
      });
      return changed ? next : current;
    });
  }, [ready, states, selected, now]);

  // Only measurements are taken from the canvas: it is read-only and selection is ours.
  const onNodesChange = useCallback((changes: NodeChange<OperationFlowNode>[]) => {
    const kept = changes.filter((change) => change.type === "dimensions");
    if (!kept.length) return;
    const measured = new Set(kept.map((change) => change.id));
    setNodes((current) =>
      applyNodeChanges(kept, current).map((node) => {
        // Drawn and measured: its real handles replace the estimated ones.
        if (!measured.has(node.id) || !node.handles) return node;
        const { handles: _estimated, ...rest } = node;
        return rest;
      }),
    );
  }, []);

  const context = useMemo(() => ({ openComposite: onOpenComposite }), [onOpenComposite]);

  let body;
  if (!level) body = <ErrorMessage error={`The composite node ${scope} has no graph in the run's snapshot.`} />;
  else if (layoutError) body = <ErrorMessage error={layoutError} title="The graph could not be laid out" />;
  else if (!ready || !size) body = <p className="muted run-graph-wait">Laying out the graph…</p>;
  else
    body = (
      <RunCanvasContext.Provider value={context}>
        <ReactFlow<OperationFlowNode>
          key={`${scope ?? ""}:${arranged}`}
          aria-label="Run graph"
          nodes={nodes}
          edges={edges}
          nodeTypes={runNodeTypes}
          edgeTypes={edgeTypes}
          onNodesChange={onNodesChange}
          onNodeClick={(_, node) => onSelect(node.id)}
          onNodeDoubleClick={(_, node) => node.data.kind === "composite" && onOpenComposite(node.id)}
          onPaneClick={() => onSelect(null)}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable={false}
          edgesFocusable={false}
          onlyRenderVisibleElements
          defaultViewport={openingViewport(nodes, size.width, size.height)}
          fitViewOptions={FIT_OPTIONS}
          minZoom={0.05}
          maxZoom={2}
          colorMode={theme}
          proOptions={{ hideAttribution: true }}
        >
          <Background gap={18} />
          <Controls showInteractive={false} fitViewOptions={FIT_OPTIONS} />
          {level.hasPositions && nodes.length > 1 && (
            <Panel position="top-right">
              <button
                type="button"
                className="btn btn-small canvas-arrange"
                aria-pressed={arranged}
                onClick={() => setChoice({ level, arranged: !arranged })}
                title={arranged ? "Show the nodes where the workflow placed them" : "Arrange the nodes automatically, left to right"}
              >
                {arranged ? "Use saved positions" : "Arrange automatically"}
              </button>
            </Panel>
          )}
          {nodes.length <= MINIMAP_LIMIT && (
            <MiniMap<OperationFlowNode>
              style={{ width: 160, height: 110 }}
              pannable
              zoomable
              ariaLabel="Minimap of the run graph"
              nodeColor={(node) => (node.data.status ? statusColor(node.data.status) : "var(--border)")}
            />
          )}
        </ReactFlow>
      </RunCanvasContext.Provider>
    );
  return (
    <div className="run-canvas" ref={box}>
      {body}
    </div>
  );
}
