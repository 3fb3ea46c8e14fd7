import { ReactFlowProvider } from "@xyflow/react";
import { useEffect } from "react";
import { Link, useLocation, useParams } from "react-router-dom";

import { api } from "../api/client";
import type { WorkflowDetail } from "../api/types";
import { ErrorMessage } from "../components/ErrorMessage";
import { warmLayout } from "../graph/layout";
import { useResource } from "../hooks/useResource";
import { Editor } from "./Editor";
import type { EditorLocationState } from "./useWorkflowActions";

/** The workflow editor, at /workflows/new (a new workflow) and /workflows/:workflowId. */
export function WorkflowEditorPage() {
  const { workflowId } = useParams();
  const location = useLocation();
  const passed = (location.state ?? {}) as EditorLocationState;
  // The layout worker starts while the workflow loads.
  useEffect(warmLayout, []);
  const resource = useResource<WorkflowDetail | null>(
    (signal) => {
      if (!workflowId) return Promise.resolve(null);
      if (passed.workflow?.id === workflowId) return Promise.resolve(passed.workflow);
      return api.get<WorkflowDetail>(`/workflows/${encodeURIComponent(workflowId)}`, undefined, signal);
    },
    [workflowId],
  );
  if (resource.error !== undefined) {
    return (
      <div className="page">
        <ErrorMessage error={resource.error} title="The workflow cannot be opened" />
        <p>
          <Link to="/workflows">Back to the workflows</Link>
        </p>
      </div>
    );
  }
  if (resource.loading || (workflowId && !resource.data)) return <div className="page muted">Loading the workflow…</div>;
  return (
    <ReactFlowProvider key={workflowId ?? "new"}>
      <Editor workflow={resource.data ?? null} workflowId={workflowId} />
    </ReactFlowProvider>
  );
}
