// Shapes of the REST API's bodies (see /api/v1/openapi.json).

export type Status =
  | "created"
  | "queued"
  | "running"
  | "succeeded"
  | "failed"
  | "canceled"
  | "skipped"
  | "cached";

export type OperationStatus = "draft" | "published" | "deprecated" | "mandatory_deprecated";

export type ParameterType =
  | "str"
  | "int"
  | "float"
  | "bool"
  | "text"
  | "enum"
  | "list_str"
  | "list_int"
  | "code"
  | "color";

export type Policy =
  | "view_others_operations"
  | "view_others_workflows"
  | "create_operations"
  | "create_workflows"
  | "modify_others_workflows"
  | "run_workflows"
  | "admin";

export interface Page<T> {
  items: T[];
  total: number;
  offset: number;
  limit: number;
  total_exact?: boolean;
}

export interface Problem {
  where: string;
  message: string;
}

export interface LocatedProblem extends Problem {
  node?: string | null;
  input?: string | null;
  parameter?: string | null;
  operation?: string | null;
}

export interface ValidationReport {
  valid: boolean;
  problems: LocatedProblem[];
  /** Doubts that never make the workflow invalid. */
  warnings?: LocatedProblem[];
}

export interface Input {
  name: string;
  type?: string;
  min_count?: number;
  max_count?: number;
}

export interface Output {
  name: string;
  type?: string;
}

export interface Parameter {
  name: string;
  type?: ParameterType;
  default?: unknown;
  options?: string[];
  description?: string;
  hidden?: boolean;
}

export interface CachePolicy {
  enabled?: boolean;
  expiry_seconds?: number | null;
  version?: string;
}

export interface RetryPolicy {
  max_attempts?: number;
  backoff_seconds?: number;
  backoff_factor?: number;
}

export interface Position {
  x?: number;
  y?: number;
}

export interface GraphNode {
  id: string;
  operation: string;
  title?: string;
  params?: Record<string, unknown>;
  param_refs?: Record<string, string>;
  position?: Position | null;
}

export interface Edge {
  source: string;
  output: string;
  target: string;
  input: string;
}

export interface OutputRef {
  node: string;
  output: string;
}

export interface Graph {
  nodes?: GraphNode[];
  edges?: Edge[];
  outputs?: Record<string, OutputRef>;
}

export interface Operation {
  id?: string;
  name: string;
  version?: number;
  title?: string;
  description?: string;
  kind: string;
  inputs?: Input[];
  outputs?: Output[];
  parameters?: Parameter[];
  code?: string;
  graph?: Graph | null;
  artifact?: string | null;
  status?: OperationStatus;
  successor?: string | null;
  cache?: CachePolicy;
  retries?: RetryPolicy;
  timeout_seconds?: number | null;
  env?: Record<string, string>;
  author?: string;
  created_at?: string | null;
}

export interface OperationDetail extends Operation {
  starred?: boolean;
  archived?: boolean;
}

export interface OperationSummary {
  id: string;
  name: string;
  version: number;
  title: string;
  description: string;
  kind: string;
  status: OperationStatus;
  successor: string | null;
  author: string;
  created_at: string | null;
  inputs: Input[];
  outputs: Output[];
  parameters: Parameter[];
  starred?: boolean;
  archived?: boolean;
}

export interface Workflow {
  id?: string;
  title?: string;
  description?: string;
  parameters?: Parameter[];
  graph?: Graph;
  operations?: Record<string, Operation>;
  author?: string;
  created_at?: string | null;
  updated_at?: string | null;
}

export interface WorkflowDetail extends Workflow {
  archived?: boolean;
}

export interface WorkflowSummary {
  id: string;
  title: string;
  description: string;
  author: string;
  created_at: string;
  updated_at: string;
  archived: boolean;
  node_count: number;
}

export interface NodeChange {
  node: string;
  from: string;
  to: string;
  name: string;
  from_version: number;
  to_version: number;
  dropped_params: string[];
  dropped_edges: Edge[];
}

/** Something in an operation's code that works but is likely a mistake; never blocks saving
 * or running. `line` is the line of the code, when known. */
export interface CodeWarning {
  where: string;
  message: string;
  line?: number | null;
}

/** The answer of POST /operations/{id}/preview. */
export interface CommandPreview {
  command: string;
  warnings?: CodeWarning[];
}

/** The body of POST /operations/{id}/deprecate. */
export interface DeprecateRequest {
  mandatory: boolean;
  successor: string | null;
}

export interface UpgradeReport {
  upgraded: number;
  nodes: NodeChange[];
  workflow: WorkflowDetail;
}

export interface Artifact {
  digest: string;
  size: number;
  directory?: boolean;
}

/** The answer of POST /artifacts (`operation` is set when asked with ?operation=true and
 * the file is an operation). */
export interface UploadResult {
  id: string;
  digest: string;
  size: number;
  filename: string;
  type: string;
  created_at: string;
  operation?: Operation | null;
}

export interface ArtifactPreview {
  digest: string;
  type: string;
  kind: string;
  data?: unknown;
  truncated?: boolean;
  media_type?: string | null;
  size?: number | null;
  directory?: boolean;
}

export interface CacheExplanation {
  outcome: string;
  reason?: string;
  source_run?: string | null;
  source_node?: string | null;
  explanation: string;
}

export interface NodeDetail {
  node_id: string;
  parent: string | null;
  operation: string;
  status: Status;
  attempts: number;
  started_at: string | null;
  finished_at: string | null;
  exit_code: number | null;
  cache_key: string | null;
  cache: CacheExplanation | null;
  outputs: Record<string, Artifact>;
  error: string | null;
}

export interface RunOptions {
  no_cache?: boolean;
  refresh?: boolean;
  fail_fast?: boolean;
}

export interface RunSummary {
  id: string;
  workflow_id: string | null;
  title: string;
  status: Status;
  author: string;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  error: string | null;
  cancel_requested: boolean;
}

export interface RunDetail extends RunSummary {
  workflow: Workflow;
  params: Record<string, unknown>;
  options: RunOptions;
  keep: boolean;
  nodes: NodeDetail[];
}

export interface LaunchRequest {
  params?: Record<string, unknown>;
  node_params?: Record<string, Record<string, unknown>>;
  mode?: "incremental" | "scratch";
  options?: { fail_fast?: boolean };
}

export type LogStream = "stdout" | "stderr" | "system";

export interface LogChunk {
  node: string | null;
  stream: LogStream;
  text: string;
  offset: number;
  size: number;
  finished: boolean;
}

/** One change of a run or node, as sent by the event stream. */
export interface RunEvent {
  seq: number;
  kind: "run" | "node";
  run_id: string;
  node_id?: string | null;
  author?: string;
  status: Status;
  state?: NodeDetail | Record<string, unknown> | null;
}

export interface HubInfo {
  name: string;
  title: string;
  description: string;
}

export interface HubGroup {
  title: string;
  items: OperationSummary[];
}

export interface HubResults {
  groups: HubGroup[];
  total: number;
  offset: number;
  limit: number;
}

export interface KindInfo {
  name: string;
  description: string;
  executable: boolean;
}

export interface ResourceTypeInfo {
  name: string;
  description: string;
  is_a: string[];
  directory: boolean;
  value: boolean;
  media_type: string;
}

export interface Meta {
  kinds: KindInfo[];
  resource_types: ResourceTypeInfo[];
  parameter_types: ParameterType[];
  executors: { name: string; active: boolean; concurrency: number | null }[];
  multi_user: boolean;
}

export interface Me {
  id: string;
  username: string;
  policies: Policy[];
  is_admin: boolean;
  multi_user: boolean;
}

export interface Tokens {
  access_token: string;
  refresh_token: string;
  token_type?: "bearer";
  expires_in: number;
}

export interface ApiToken {
  id: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
  expires_at: string | null;
}

export interface NewApiToken extends ApiToken {
  token: string;
}

export interface User {
  id: string;
  username: string;
  active: boolean;
  policies: Policy[];
  created_at: string;
}

export interface PolicyInfo {
  name: Policy;
  description: string;
}

export interface RunningTask {
  run_id: string;
  run_title: string;
  node_id: string;
  operation: string;
  author: string;
  started_at: string | null;
  elapsed_seconds: number | null;
}

export interface Dashboard {
  scope: string;
  executor: { name: string; concurrency: number };
  runs: Partial<Record<Status, number>>;
  running: RunningTask[];
  queue_length: number;
  cache: { window_hours: number; hits: number; misses: number; hit_ratio: number | null };
  recent_runs: RecentRun[];
}

/** A run as the dashboard lists it. */
export type RecentRun = Omit<RunSummary, "cancel_requested">;
