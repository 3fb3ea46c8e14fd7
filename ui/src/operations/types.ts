// Shapes used only by the operation editor: the editable form and a few API bodies
// that ui/src/api/types.ts does not declare.

import type { Graph, ParameterType } from "../api/types";

/** A row of the inputs table. `key` identifies the row while its name is edited. */
export interface InputRow {
  key: string;
  name: string;
  type: string;
  min_count: string;
  /** The upper bound as typed; ignored when `unbounded`. */
  max_count: string;
  unbounded: boolean;
}

/** A row of the outputs table. */
export interface OutputRow {
  key: string;
  name: string;
  type: string;
}

/** A row of the parameters table; enum options are edited as comma-separated text. */
export interface ParameterRow {
  key: string;
  name: string;
  type: ParameterType;
  default: unknown;
  optionsText: string;
  description: string;
  hidden: boolean;
}

/** A declared environment variable. */
export interface EnvRow {
  key: string;
  name: string;
  value: string;
}

/** Everything the editor lets one change, numbers kept as typed until saved. */
export interface OperationForm {
  name: string;
  title: string;
  description: string;
  kind: string;
  inputs: InputRow[];
  outputs: OutputRow[];
  parameters: ParameterRow[];
  code: string;
  /** A composite's graph and a file's artifact are kept as they are. */
  graph: Graph | null;
  artifact: string | null;
  cacheEnabled: boolean;
  cacheExpiry: string;
  cacheVersion: string;
  maxAttempts: string;
  backoffSeconds: string;
  backoffFactor: string;
  timeout: string;
  env: EnvRow[];
}

/** The answer of POST /operations/{id}/preview. */
export interface CommandPreview {
  command: string;
}

/** The answer of POST /artifacts. */
export interface UploadResult {
  id: string;
  digest: string;
  size: number;
  filename: string;
  type: string;
  created_at: string;
}

/** The body of POST /operations/{id}/deprecate. */
export interface DeprecateRequest {
  mandatory: boolean;
  successor: string | null;
}
