// Bringing the graph into view. The canvas's own fitView waits until every node has been
// drawn and measured, which never happens when only the nodes in view are drawn: here the
// size known in advance of the others is enough.

import { getNodesBounds, getViewportForBounds, useReactFlow } from "@xyflow/react";
import { useCallback, type RefObject } from "react";

import type { FlowEdgeT, OperationFlowNode } from "../graph/types";

export const MIN_ZOOM = 0.05;
/** Above this many nodes the editor opens on the start of the graph instead of fitting all of it. */
const LARGE_GRAPH = 300;
const LARGE_GRAPH_ZOOM = 0.6;
const FIT = { padding: 0.15, maxZoom: 1, duration: 250 };

export interface FitOptions {
  padding: number;
  maxZoom: number;
  duration: number;
}

/** `fitNodes(ids?)` fits nodes in view now; `showGraph()` shows the graph once the canvas has `expected()` nodes. */
export function useFitting(canvas: RefObject<HTMLElement | null>, expected: () => number) {
  const flow = useReactFlow<OperationFlowNode, FlowEdgeT>();

  const fitNodes = useCallback(
    (ids?: string[], options: FitOptions = FIT) => {
      const wanted = ids && new Set(ids);
      const nodes = flow.getNodes().filter((node) => !wanted || wanted.has(node.id));
      const element = canvas.current;
      if (!nodes.length || !element) return;
      const viewport = getViewportForBounds(
        getNodesBounds(nodes),
        element.clientWidth,
        element.clientHeight,
        MIN_ZOOM,
        options.maxZoom,
        options.padding,
      );
      void flow.setViewport(viewport, { duration: options.duration });
    },
    [flow, canvas],
  );

  /**
   * All of the graph, or for a large graph its start at a readable zoom: drawing a thousand
   * nodes at once would be slow, and the minimap shows the whole.
   */
  const showGraph = useCallback(() => {
    let frames = 0;
    const attempt = () => {
      const nodes = flow.getNodes();
      if (nodes.length < expected() && frames++ < 120) return void requestAnimationFrame(attempt);
      if (nodes.length <= LARGE_GRAPH) return fitNodes();
      // The first node of the first column, in the middle of the view unless that leaves
      // empty space above the graph.
      let top = Infinity;
      let first = nodes[0];
      for (const node of nodes) {
        top = Math.min(top, node.position.y);
        const { x, y } = node.position;
        if (x < first.position.x - 10 || (Math.abs(x - first.position.x) <= 10 && y < first.position.y)) first = node;
      }
      const height = canvas.current?.clientHeight ?? 600;
      const zoom = LARGE_GRAPH_ZOOM;
      const y = Math.min(40 - top * zoom, height / 2 - first.position.y * zoom);
      void flow.setViewport({ x: 40 - first.position.x * zoom, y, zoom });
    };
    requestAnimationFrame(attempt);
  }, [flow, canvas, expected, fitNodes]);

  return { fitNodes, showGraph };
}
