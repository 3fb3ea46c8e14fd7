// Shapes the run monitor reads that ui/src/api/types.ts does not name.

import type { RunSummary } from "../api/types";

/** The run fields a `run` event carries in its `state`. */
export type RunEventState = Partial<
  Pick<RunSummary, "title" | "workflow_id" | "created_at" | "started_at" | "finished_at" | "error" | "cancel_requested">
>;

/** `data` of a `table` preview: a header and the first rows. */
export interface TableData {
  columns: string[];
  rows: string[][];
}

/** `data` of a `pdf` preview. */
export interface PdfData {
  pages: number | null;
  version: string;
}

/** One member of a `directory` preview. */
export interface DirectoryEntry {
  path: string;
  type: "file" | "directory" | "link" | string;
  size: number;
  executable?: boolean;
  target?: string | null;
}

/** `data` of a `directory` preview. */
export interface DirectoryData {
  entries: DirectoryEntry[];
}
