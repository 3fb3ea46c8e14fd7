// Shapes used only by the operation editor: the rows of its editable form.

import type { Graph, ParameterType } from "../api/types";
import type { PlacedProblem } from "./problems";

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

/** What a section of the form is given: the form, a way to change part of it, whether it is
 * read-only and the server problems found in it. */
export interface SectionProps {
  form: OperationForm;
  onChange: (change: Partial<OperationForm>) => void;
  readOnly: boolean;
  problems: PlacedProblem[];
}
