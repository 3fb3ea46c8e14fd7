import { useCallback, useEffect, useMemo, useState } from "react";
import { useNavigate } from "react-router-dom";

import { ApiError, api } from "../api/client";
import type { CodeWarning, OperationDetail } from "../api/types";
import { Modal } from "../components/Modal";
import { useNotify } from "../components/Toasts";
import { useLeaveGuard } from "../hooks/useLeaveGuard";
import { useSession } from "../session";
import { AdvancedSection } from "./AdvancedSection";
import { CodeSection } from "./CodeSection";
import { CommandPreview } from "./CommandPreview";
import { DeprecateDialog } from "./DeprecateDialog";
import { FailureMessage } from "./FailureMessage";
import { bodyOf, emptyForm, formOf, sameContent } from "./form";
import { GeneralSection } from "./GeneralSection";
import { InputsTable } from "./InputsTable";
import { LifecycleActions } from "./LifecycleActions";
import { OperationHeader } from "./OperationHeader";
import { OutputsTable } from "./OutputsTable";
import { ParametersTable } from "./ParametersTable";
import { placeProblems, problemsOf } from "./problems";
import { StatusNotice } from "./StatusNotice";
import type { OperationForm } from "./types";
import { VersionHistory } from "./VersionHistory";
import { withKeysOf } from "./withKeys";
import "./OperationEditor.css";

/** The editor of one operation version (or of a new operation when `initial` is none). */
export function OperationEditor({ initial, newKind }: { initial?: OperationDetail; newKind: string }) {
  const { me, meta } = useSession();
  const notify = useNotify();
  const navigate = useNavigate();
  const [operation, setOperation] = useState(initial);
  const [saved, setSaved] = useState<OperationForm>(() => (initial ? formOf(initial) : emptyForm(newKind)));
  const [form, setForm] = useState<OperationForm>(saved);
  const [failure, setFailure] = useState<{ action: string; error: unknown }>();
  const [busy, setBusy] = useState<string | null>(null);
  const [historyKey, setHistoryKey] = useState(0);
  const [dialog, setDialog] = useState<"deprecate" | "delete" | null>(null);
  const [warnings, setWarnings] = useState<CodeWarning[]>([]);

  const canCreate = me.is_admin || me.policies.includes("create_operations");
  const canModify = operation
    ? me.is_admin || (operation.author === me.username && me.policies.includes("create_operations"))
    : canCreate;
  const editable = canModify && (!operation || operation.status === "draft");
  const dirty = editable && !sameContent(form, saved);
  const guard = useLeaveGuard(() => dirty);
  const { allowNext } = guard;
  const problems = useMemo(
    () => placeProblems(failure?.error instanceof ApiError ? failure.error.problems : []),
    [failure],
  );

  const change = useCallback((update: Partial<OperationForm>) => setForm((previous) => ({ ...previous, ...update })), []);

  /** Take the server's answer as the saved state, keeping the rows' identities. */
  const accept = useCallback((updated: OperationDetail, submitted?: OperationForm) => {
    const fresh = withKeysOf(formOf(updated), submitted ?? formOf(updated));
    setOperation(updated);
    setSaved(fresh);
    setForm((current) => (submitted === undefined || sameContent(current, submitted) ? fresh : current));
  }, []);

  /** Run an action with the buttons disabled; its failure is shown above the form. */
  const run = useCallback(
    async <T,>(action: string, work: () => Promise<T>): Promise<T | undefined> => {
      setBusy(action);
      try {
        const result = await work();
        setFailure(undefined);
        return result;
      } catch (error) {
        setFailure({ action, error });
        return undefined;
      } finally {
        setBusy(null);
      }
    },
    [],
  );

  /** Save the form; whether it was saved. */
  const save = useCallback(async (): Promise<boolean> => {
    const submitted = form;
    if (!operation) {
      const created = await run("save", () => api.post<OperationDetail>("/operations", bodyOf(submitted)));
      if (!created) return false;
      setSaved(submitted);
      notify(`Draft ${created.name} v${created.version} created`, "success");
      allowNext(); // saved: the page moves to the draft's own address
      navigate(`/operations/${created.id}`, { replace: true });
      return true;
    }
    const updated = await run("save", () => api.put<OperationDetail>(`/operations/${operation.id}`, bodyOf(submitted)));
    if (!updated) return false;
    accept(updated, submitted);
    setHistoryKey((value) => value + 1);
    notify("Draft saved", "success");
    return true;
  }, [accept, allowNext, form, navigate, notify, operation, run]);

  const publish = useCallback(async () => {
    if (!operation) return;
    if (dirty && !(await save())) return;
    const published = await run("publish", () => api.post<OperationDetail>(`/operations/${operation.id}/publish`));
    if (!published) return;
    accept(published);
    setHistoryKey((value) => value + 1);
    notify(`${published.name} v${published.version} published`, "success");
  }, [accept, dirty, notify, operation, run, save]);

  const clone = useCallback(async () => {
    if (!operation) return;
    const copy = await run("clone", () => api.post<OperationDetail>(`/operations/${operation.id}/clone`));
    if (!copy) return;
    notify(`Draft ${copy.name} v${copy.version} created from v${operation.version}`, "success");
    navigate(`/operations/${copy.id}`);
  }, [navigate, notify, operation, run]);

  const remove = useCallback(async () => {
    if (!operation) return;
    setDialog(null);
    const done = await run("delete the draft", async () => {
      await api.delete(`/operations/${operation.id}`);
      return true;
    });
    if (!done) return;
    notify(`Draft ${operation.name} v${operation.version} deleted`, "success");
    allowNext(); // its unsaved changes went with it
    navigate("/operations");
  }, [allowNext, navigate, notify, operation, run]);

  const archive = useCallback(
    async (archived: boolean) => {
      if (!operation) return;
      const path = `/operations/${operation.id}/${archived ? "archive" : "unarchive"}`;
      const updated = await run(archived ? "archive" : "unarchive", () => api.post<OperationDetail>(path));
      if (!updated) return;
      setOperation(updated);
      setHistoryKey((value) => value + 1);
      notify(archived ? "Archived: hidden from lists" : "Shown in lists again", "success");
    },
    [notify, operation, run],
  );

  const star = useCallback(async () => {
    if (!operation) return;
    const path = `/operations/${operation.id}/star`;
    const updated = await run(operation.starred ? "unstar" : "star", () =>
      operation.starred ? api.delete<OperationDetail>(path) : api.post<OperationDetail>(path),
    );
    if (updated) setOperation(updated);
  }, [operation, run]);

  // Ctrl+S (⌘S) saves a draft.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
        event.preventDefault();
        if (editable && (dirty || !operation) && busy === null) void save();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [busy, dirty, editable, operation, save]);

  const readOnly = !editable;
  const isBash = form.kind === "bash_jinja2";
  const notes = useMemo(
    () =>
      isBash
        ? warnings.flatMap((warning) => (warning.line != null ? [{ line: warning.line, message: warning.message }] : []))
        : undefined,
    [isBash, warnings],
  );
  return (
    <div className="page op-editor">
      <OperationHeader
        operation={operation}
        form={form}
        dirty={dirty}
        onStar={star}
        starBusy={busy !== null}
        actions={
          <LifecycleActions
            operation={operation}
            dirty={dirty}
            busy={busy}
            canModify={canModify}
            canCreate={canCreate}
            on={{
              save: () => void save(),
              discard: () => setForm(saved),
              publish: () => void publish(),
              clone: () => void clone(),
              deprecate: () => setDialog("deprecate"),
              remove: () => setDialog("delete"),
              archive: (archived) => void archive(archived),
            }}
          />
        }
      />
      <StatusNotice operation={operation} canModify={canModify} canCreate={canCreate} />
      {failure && <FailureMessage action={failure.action} error={failure.error} />}
      <div className="op-layout">
        <div className="op-main">
          <form
            className="op-form"
            aria-label="Operation"
            onSubmit={(event) => {
              event.preventDefault();
              if (editable) void save();
            }}
          >
            <fieldset className="op-fieldset" disabled={readOnly}>
              <GeneralSection
                form={form}
                onChange={change}
                isNew={!operation}
                readOnly={readOnly}
                kinds={meta.kinds}
                problems={problemsOf(problems, "general")}
              />
              {form.kind !== "file" && (
                <InputsTable
                  rows={form.inputs}
                  onChange={(inputs) => change({ inputs })}
                  types={meta.resource_types}
                  problems={problemsOf(problems, "inputs")}
                  readOnly={readOnly}
                />
              )}
              <OutputsTable
                rows={form.outputs}
                onChange={(outputs) => change({ outputs })}
                types={meta.resource_types}
                problems={problemsOf(problems, "outputs")}
                readOnly={readOnly || form.kind === "file"}
              />
              {form.kind !== "file" && (
                <ParametersTable
                  rows={form.parameters}
                  onChange={(parameters) => change({ parameters })}
                  types={meta.parameter_types}
                  problems={problemsOf(problems, "parameters")}
                  readOnly={readOnly}
                />
              )}
              <CodeSection
                form={form}
                onChange={change}
                readOnly={readOnly}
                problems={problemsOf(problems, "code")}
                notes={notes}
              />
            </fieldset>
          </form>
          {isBash && <CommandPreview form={form} warnings={warnings} onWarnings={setWarnings} />}
          {form.kind !== "file" && form.kind !== "composite" && (
            <fieldset className="op-fieldset" disabled={readOnly}>
              <AdvancedSection
                form={form}
                onChange={change}
                readOnly={readOnly}
                problems={problemsOf(problems, "advanced")}
              />
            </fieldset>
          )}
        </div>
        <aside className="op-side">
          {operation ? (
            <VersionHistory operationId={operation.id!} refreshKey={historyKey} />
          ) : (
            <section className="card op-history">
              <h2>Versions</h2>
              <p className="muted">
                Saving creates a draft: version 1 of a new name, or the next version of an existing one.
              </p>
            </section>
          )}
          <section className="card op-help" aria-label="How versions work">
            <h3>Life cycle</h3>
            <p className="muted">
              A <strong>draft</strong> is edited and saved until it is <strong>published</strong>. A published version
              never changes: clone it to make the next version, then deprecate the old one, naming its successor.
            </p>
          </section>
        </aside>
      </div>
      {dialog === "deprecate" && operation && (
        <DeprecateDialog
          operation={operation}
          onClose={() => setDialog(null)}
          onDone={(updated) => {
            setDialog(null);
            setOperation(updated);
            setHistoryKey((value) => value + 1);
            notify(`${updated.name} v${updated.version} deprecated`, "success");
          }}
        />
      )}
      {dialog === "delete" && operation && (
        <Modal
          title="Delete this draft?"
          onClose={() => setDialog(null)}
          footer={
            <>
              <button type="button" className="btn" onClick={() => setDialog(null)}>
                Cancel
              </button>
              <button type="button" className="btn btn-danger" onClick={() => void remove()}>
                Delete draft
              </button>
            </>
          }
        >
          <p>
            {operation.name} v{operation.version} and its unsaved changes are deleted. Published versions stay.
          </p>
        </Modal>
      )}
      {guard.pending !== null && (
        <Modal
          title="Leave without saving?"
          onClose={guard.cancel}
          footer={
            <>
              <button type="button" className="btn" onClick={guard.cancel}>
                Stay
              </button>
              <button type="button" className="btn btn-danger" onClick={guard.confirm}>
                Discard changes and leave
              </button>
            </>
          }
        >
          <p>This operation has changes that are not saved. They are lost if you leave.</p>
        </Modal>
      )}
    </div>
  );
}
