// What can be done with a run: cancel it, run it again, clone it into a workflow, open its
// workflow, compare it with another run.

import { useState } from "react";
import { Link, useNavigate } from "react-router-dom";

import { api } from "../api/client";
import type { Page, RunDetail, RunSummary, WorkflowDetail } from "../api/types";
import { ErrorMessage } from "../components/ErrorMessage";
import { Modal } from "../components/Modal";
import { StatusBadge } from "../components/StatusBadge";
import { useNotify, useProgressToast } from "../components/Toasts";
import { ago } from "../format";
import { useResource } from "../hooks/useResource";
import { useSession } from "../session";
import { compareUrl, isTerminal, shortId } from "./runModel";

/** Runs of the same workflow to compare `run` with. */
function ComparePicker({ run, onClose }: { run: RunDetail; onClose: () => void }) {
  const navigate = useNavigate();
  const runs = useResource(
    (signal) => api.get<Page<RunSummary>>("/runs", { workflow_id: run.workflow_id, limit: 50 }, signal),
    [run.workflow_id],
  );
  const others = runs.data?.items.filter((item) => item.id !== run.id) ?? [];
  return (
    <Modal title="Compare with another run" onClose={onClose} width={640}>
      <ErrorMessage error={runs.error} title="The runs could not be listed" />
      {runs.loading && !runs.data && <p className="muted">Loading the runs of this workflow…</p>}
      {runs.data && others.length === 0 && <p className="muted">This workflow has no other run yet.</p>}
      {others.length > 0 && (
        <table className="table" aria-label="Runs of the workflow">
          <thead>
            <tr>
              <th>Run</th>
              <th>Status</th>
              <th>Created</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {others.map((item) => (
              <tr key={item.id}>
                <td>
                  {item.title} <span className="muted mono">{shortId(item.id)}</span>
                </td>
                <td>
                  <StatusBadge status={item.status} />
                </td>
                <td className="muted">{ago(item.created_at)}</td>
                <td>
                  <button
                    type="button"
                    className="btn btn-small btn-primary"
                    aria-label={`Compare with run ${shortId(item.id)}`}
                    onClick={() => navigate(compareUrl(item.id, run.id))}
                  >
                    Compare
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Modal>
  );
}

/** The two ways of running a finished run again. */
function RerunDialog({ run, onClose }: { run: RunDetail; onClose: () => void }) {
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const launch = (request: () => Promise<RunSummary>) => {
    setBusy(true);
    setError(undefined);
    request()
      .then((created) => navigate(`/runs/${created.id}`))
      .catch((reason) => setError(reason))
      .finally(() => setBusy(false));
  };
  return (
    <Modal title="Run again" onClose={onClose} width={560}>
      <ErrorMessage error={error} title="The run could not be started" />
      <div className="rerun-choices">
        <div className="rerun-choice">
          <div>
            <strong>Re-run the failed nodes</strong>
            <p className="muted">
              A new run of this very snapshot with the same values. Nodes that succeeded are restored from the cache; the
              failed, canceled and skipped ones run again.
            </p>
          </div>
          <button
            type="button"
            className="btn btn-primary"
            disabled={busy}
            onClick={() => launch(() => api.post<RunSummary>(`/runs/${run.id}/rerun`))}
          >
            Re-run failed
          </button>
        </div>
        <div className="rerun-choice">
          <div>
            <strong>Run from scratch</strong>
            <p className="muted">
              A new run of this very snapshot with the same values that computes every node again, ignoring the
              cache (and refreshing it).
            </p>
          </div>
          <button
            type="button"
            className="btn"
            disabled={busy}
            onClick={() => launch(() => api.post<RunSummary>(`/runs/${run.id}/rerun`, { mode: "scratch" }))}
          >
            Run from scratch
          </button>
        </div>
      </div>
    </Modal>
  );
}

/** The action buttons of a run's header. */
export function RunActions({ run, onChanged }: { run: RunDetail; onChanged: (summary: RunSummary) => void }) {
  const { me } = useSession();
  const navigate = useNavigate();
  const notify = useNotify();
  const [dialog, setDialog] = useState<"rerun" | "compare" | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const policies = new Set(me.policies);
  const canControl = me.is_admin || run.author === me.username || policies.has("modify_others_workflows");
  const canRun = canControl && (me.is_admin || policies.has("run_workflows"));
  const canClone = me.is_admin || policies.has("create_workflows");
  const ended = isTerminal(run.status);
  const showCanceling = useProgressToast(ended);

  const cancel = () => {
    setBusy("cancel");
    api
      .post<RunSummary>(`/runs/${run.id}/cancel`)
      .then((summary) => {
        onChanged(summary);
        showCanceling("Canceling the run…");
      })
      .catch((error) => notify.error(error, "Cancel failed"))
      .finally(() => setBusy(null));
  };
  const clone = () => {
    setBusy("clone");
    api
      .post<WorkflowDetail>(`/runs/${run.id}/clone`)
      .then((workflow) => {
        notify(`Workflow "${workflow.title}" created from the run`, "success");
        navigate(`/workflows/${workflow.id}`);
      })
      .catch((error) => notify.error(error, "Clone failed"))
      .finally(() => setBusy(null));
  };

  return (
    <div className="toolbar run-actions">
      {!ended && (
        <button
          type="button"
          className="btn btn-danger"
          onClick={cancel}
          disabled={!canControl || busy !== null || run.cancel_requested}
          title={canControl ? "Stop the running nodes and the rest of the run" : `Only ${run.author} may cancel this run`}
        >
          <span aria-hidden="true">⊘</span> {run.cancel_requested ? "Canceling…" : "Cancel run"}
        </button>
      )}
      {ended && (
        <button
          type="button"
          className="btn btn-primary"
          onClick={() => setDialog("rerun")}
          disabled={!canRun}
          title={canRun ? "Run again: only what failed, or everything" : "You may not run this again"}
        >
          <span aria-hidden="true">↻</span> Re-run…
        </button>
      )}
      <button
        type="button"
        className="btn"
        onClick={clone}
        disabled={!canClone || busy !== null}
        title="A new workflow from this run's snapshot, with the run's values as defaults"
      >
        Clone into a workflow
      </button>
      {run.workflow_id && (
        <Link className="btn" to={`/workflows/${run.workflow_id}`} title="The workflow this run was launched from, as saved now">
          Open workflow
        </Link>
      )}
      <button
        type="button"
        className="btn"
        onClick={() => setDialog("compare")}
        disabled={!run.workflow_id}
        title={run.workflow_id ? "Compare with another run of this workflow" : "This run's workflow no longer exists"}
      >
        <span aria-hidden="true">⇄</span> Compare…
      </button>
      {dialog === "rerun" && <RerunDialog run={run} onClose={() => setDialog(null)} />}
      {dialog === "compare" && <ComparePicker run={run} onClose={() => setDialog(null)} />}
    </div>
  );
}
