// Level of detail: far enough out, nodes are drawn as plain cards.

import type { ReactFlowState } from "@xyflow/react";

/** Below this zoom a node is drawn as a plain card (its small print could not be read anyway). */
export const DETAIL_ZOOM = 0.3;

/** A canvas store selector: whether the view is zoomed out beyond the detail zoom. */
export const zoomedOut = (state: ReactFlowState): boolean => state.transform[2] < DETAIL_ZOOM;
