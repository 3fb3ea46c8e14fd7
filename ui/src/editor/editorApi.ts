// The API calls of the workflow editor.

import { api, request } from "../api/client";
import type {
  HubResults,
  OperationDetail,
  OperationSummary,
  RunSummary,
  UpgradeReport,
  UploadResult,
  ValidationReport,
  WorkflowDetail,
} from "../api/types";
import type { WorkflowDraft } from "./document";
import type { OperationRef } from "./types";

/** The full operation an item of a hub (or an upload) stands for. */
export function fetchOperation(ref: OperationRef): Promise<OperationDetail> {
  if (ref.hub) return api.get<OperationDetail>(`/hubs/${encodeURIComponent(ref.hub)}/operations/${encodeURIComponent(ref.name)}`);
  return api.get<OperationDetail>(`/operations/${encodeURIComponent(ref.id)}`);
}

/** How to fetch an operation found in `hub`: by name, except a draft (hubs serve published versions by name). */
export function hubRef(hub: string, summary: OperationSummary): OperationRef {
  return { hub: summary.status === "draft" ? null : hub, name: summary.name, id: summary.id, title: summary.title };
}

export function fetchOperationById(id: string): Promise<OperationDetail> {
  return api.get<OperationDetail>(`/operations/${encodeURIComponent(id)}`);
}

export interface HubQuery {
  q?: string;
  input_type?: string;
  output_type?: string;
  offset?: number;
  limit?: number;
}

export function searchHub(hub: string, query: HubQuery, signal?: AbortSignal): Promise<HubResults> {
  return api.get<HubResults>(`/hubs/${encodeURIComponent(hub)}/search`, { ...query }, signal);
}

/** Upload a file and create the published `file` operation providing it. */
export function uploadFile(file: File): Promise<UploadResult> {
  const body = new FormData();
  body.append("file", file, file.name);
  return request<UploadResult>("/artifacts", { method: "POST", body, query: { operation: true } });
}

export function createWorkflow(draft: WorkflowDraft): Promise<WorkflowDetail> {
  return api.post<WorkflowDetail>("/workflows", draft);
}

export function saveWorkflow(id: string, draft: WorkflowDraft): Promise<WorkflowDetail> {
  return api.put<WorkflowDetail>(`/workflows/${encodeURIComponent(id)}`, draft);
}

/** Validate the stored workflow `id`, or the unsaved `draft`. */
export function validate(id: string | undefined, draft: WorkflowDraft | undefined): Promise<ValidationReport> {
  if (draft || !id) return api.post<ValidationReport>("/workflows/validate", draft ?? {});
  return api.post<ValidationReport>(`/workflows/${encodeURIComponent(id)}/validate`, {});
}

export function launch(id: string): Promise<RunSummary> {
  return api.post<RunSummary>(`/workflows/${encodeURIComponent(id)}/runs`, {});
}

export function upgrade(id: string, dryRun: boolean): Promise<UpgradeReport> {
  return api.post<UpgradeReport>(`/workflows/${encodeURIComponent(id)}/upgrade`, undefined, { dry_run: dryRun });
}

export function cloneWorkflow(id: string): Promise<WorkflowDetail> {
  return api.post<WorkflowDetail>(`/workflows/${encodeURIComponent(id)}/clone`);
}

