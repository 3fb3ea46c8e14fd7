// What a node of the graph canvas shows: shared by the workflow editor and the run monitor.

import type { Edge as FlowEdge, Node as FlowNode } from "@xyflow/react";

import type { CacheExplanation, Input, Output, OperationStatus, Parameter, Status } from "../api/types";

export interface OperationNodeData extends Record<string, unknown> {
  /** The node's id in the workflow graph. */
  nodeId: string;
  title: string;
  /** The operation version's id, name, version and kind. */
  operationId: string;
  operationName: string;
  version?: number;
  kind: string;
  inputs: Input[];
  outputs: Output[];
  /** Parameter values shown on the node (name → display text), when any. */
  shownParams?: [string, string][];
  operationStatus?: OperationStatus;
  /** Run monitor: the node's state. */
  status?: Status;
  startedAt?: string | null;
  finishedAt?: string | null;
  cache?: CacheExplanation | null;
  /** Workflow editor: problems of the last validation concerning this node. */
  problems?: string[];
  /** Upgraded to a newer operation version by the last upgrade. */
  upgraded?: boolean;
  /** The node's own title ("" or missing: the operation's title is shown). */
  nodeTitle?: string;
  /** The node's parameter values (those it sets; the others take the operation's defaults). */
  params?: Record<string, unknown>;
  /** Node parameters linked to a workflow (or composite) parameter: name → that parameter's name. */
  paramRefs?: Record<string, string>;
  /** The operation's parameter declarations. */
  parameters?: Parameter[];
  /** Inside a composite: the pseudo-node standing for the composite's own inputs or outputs. */
  pseudo?: "inputs" | "outputs";
  /** Workflow editor: the node shows its parameters as a form (it is the only one selected). */
  editingParams?: boolean;
}

export type OperationFlowNode = FlowNode<OperationNodeData, "operation">;
export type FlowEdgeT = FlowEdge;

/** Handle ids: one per input and per output, so that edges name their ports. */
export const inputHandle = (name: string) => `in:${name}`;
export const outputHandle = (name: string) => `out:${name}`;
export const portName = (handle: string | null | undefined) => (handle ?? "").replace(/^(in|out):/, "");
