// Shapes the editor uses beyond ui/src/api/types.ts.

/** What an operation dragged from the hub panel carries. */
export interface OperationRef {
  /** The hub it comes from; null for an operation known by id only (an upload). */
  hub: string | null;
  name: string;
  id: string;
  title?: string;
}

/** The data type of a hub item being dragged. */
export const DRAG_MIME = "application/x-plynx-operation";
