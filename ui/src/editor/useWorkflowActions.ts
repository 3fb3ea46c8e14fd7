// What the editor asks of the server: validate, save, run, upgrade and clone, with the state
// each leaves behind (problems, upgraded nodes, what is in progress).

import { useReactFlow } from "@xyflow/react";
import { useCallback, useEffect, useState } from "react";
import { useNavigate } from "react-router-dom";

import { ApiError } from "../api/client";
import type { LocatedProblem, NodeChange, WorkflowDetail } from "../api/types";
import { useNotify } from "../components/Toasts";
import { fromWorkflow, toDraft } from "./document";
import { cloneWorkflow, createWorkflow, launch, saveWorkflow, upgrade, validate } from "./editorApi";
import { nextRevision, type EditorStore } from "./store";

/** Once problems are shown, they are checked again this long after the last change. */
const LIVE_VALIDATION_MS = 700;

/** What the page passes on when it moves to another address of the same workflow. */
export interface EditorLocationState {
  workflow?: WorkflowDetail;
  viewport?: { x: number; y: number; zoom: number };
  validate?: boolean;
}

export interface Validation {
  problems: LocatedProblem[];
  /** The revision of the document validated. */
  rev: number;
}

export interface UpgradeState {
  changes: NodeChange[];
  /** False: the dry run asks for confirmation; true: done. */
  done: boolean;
}

export function useWorkflowActions({
  store,
  rev,
  workflowId,
  canSave,
  validateOnOpen,
}: {
  store: EditorStore;
  /** The current revision of the document (problems shown follow it). */
  rev: number;
  workflowId: string | undefined;
  canSave: boolean;
  validateOnOpen: boolean;
}) {
  const notify = useNotify();
  const navigate = useNavigate();
  const flow = useReactFlow();
  const isNew = !workflowId;
  const [validation, setValidation] = useState<Validation | null>(null);
  const [checking, setChecking] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [upgraded, setUpgraded] = useState<{ changes: NodeChange[]; nodes: Set<string> } | null>(null);
  const [upgradeDialog, setUpgradeDialog] = useState<UpgradeState | null>(null);

  const validateNow = useCallback(
    async (id: string | undefined = workflowId) => {
      const state = store.get();
      setChecking(true);
      try {
        const report =
          id && !store.dirty ? await validate(id, undefined) : await validate(undefined, toDraft(state, store.operations));
        setValidation({ problems: report.problems, rev: state.rev });
      } catch (error) {
        notify.error(error, "Validation failed");
      } finally {
        setChecking(false);
      }
    },
    [workflowId, store, notify],
  );

  useEffect(() => {
    if (!validation || validation.rev === rev) return;
    const timer = setTimeout(() => void validateNow(), LIVE_VALIDATION_MS);
    return () => clearTimeout(timer);
  }, [rev, validation, validateNow]);

  useEffect(() => {
    if (validateOnOpen && workflowId) void validateNow(workflowId);
    // Only when the editor opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  /** Save (create when new); the saved workflow, or null when it failed. */
  const save = useCallback(async (): Promise<WorkflowDetail | null> => {
    if (!canSave) {
      notify("You may not change this workflow: clone it to make your own copy.", "error");
      return null;
    }
    const state = store.get();
    setBusy("save");
    try {
      const draft = toDraft(state, store.operations);
      const saved = workflowId ? await saveWorkflow(workflowId, draft) : await createWorkflow(draft);
      store.addOperations(Object.values(saved.operations ?? {}));
      store.markSaved(state.rev);
      return saved;
    } catch (error) {
      notify.error(error, "Saving failed");
      return null;
    } finally {
      setBusy(null);
    }
  }, [canSave, store, workflowId, notify]);

  /** Open a workflow just created at its own address, where the editor continues. */
  const moveTo = useCallback(
    (saved: WorkflowDetail, extra: EditorLocationState = {}) =>
      navigate(`/workflows/${saved.id}`, {
        replace: isNew,
        state: { workflow: saved, viewport: flow.getViewport(), ...extra } satisfies EditorLocationState,
      }),
    [navigate, isNew, flow],
  );

  const saveClicked = useCallback(async () => {
    if (!isNew && !store.dirty) return notify("No changes to save.");
    const saved = await save();
    if (!saved) return;
    notify(isNew ? "Workflow created" : "Saved", "success");
    if (isNew) moveTo(saved);
  }, [isNew, store, save, notify, moveTo]);

  /** The id of the workflow as stored with the changes, saving first when needed. */
  const savedId = useCallback(async (): Promise<{ id: string; created?: WorkflowDetail } | null> => {
    if (workflowId && !store.dirty) return { id: workflowId };
    const saved = await save();
    if (!saved?.id) return null;
    return { id: saved.id, created: isNew ? saved : undefined };
  }, [workflowId, store, save, isNew]);

  const run = useCallback(async () => {
    const target = await savedId();
    if (!target) return;
    setBusy("run");
    try {
      const started = await launch(target.id);
      navigate(`/runs/${started.id}`);
    } catch (error) {
      notify.error(error, "The run was not started");
      const invalid = error instanceof ApiError && error.status === 422;
      if (target.created) moveTo(target.created, { validate: invalid });
      else if (invalid) void validateNow(target.id);
    } finally {
      setBusy(null);
    }
  }, [savedId, navigate, notify, moveTo, validateNow]);

  const startUpgrade = useCallback(async () => {
    const target = await savedId();
    if (!target) return;
    if (target.created) return moveTo(target.created);
    setBusy("upgrade");
    try {
      const report = await upgrade(target.id, true);
      if (!report.upgraded) notify("Every node already uses the newest version of its operation.", "success");
      else setUpgradeDialog({ changes: report.nodes, done: false });
    } catch (error) {
      notify.error(error, "Upgrade failed");
    } finally {
      setBusy(null);
    }
  }, [savedId, moveTo, notify]);

  const confirmUpgrade = useCallback(async () => {
    if (!workflowId) return;
    setBusy("upgrade");
    try {
      const report = await upgrade(workflowId, false);
      const next = fromWorkflow(report.workflow, nextRevision());
      // Positions drawn since opening stay (the upgraded workflow has the saved ones).
      const positions = new Map(store.get().nodes.map((node) => [node.id, node.position]));
      next.nodes = next.nodes.map((node) => ({ ...node, position: positions.get(node.id) ?? node.position }));
      store.addOperations(Object.values(report.workflow.operations ?? {}));
      store.replace(next);
      store.markSaved(next.rev);
      setUpgraded({ changes: report.nodes, nodes: new Set(report.nodes.map((change) => change.node)) });
      setUpgradeDialog({ changes: report.nodes, done: true });
      if (validation) void validateNow();
    } catch (error) {
      notify.error(error, "Upgrade failed");
      setUpgradeDialog(null);
    } finally {
      setBusy(null);
    }
  }, [workflowId, store, validation, validateNow, notify]);

  const clone = useCallback(async () => {
    const target = await savedId();
    if (!target) return;
    setBusy("clone");
    try {
      const copy = await cloneWorkflow(target.id);
      notify(`Cloned as “${copy.title}”`, "success");
      navigate(`/workflows/${copy.id}`, { state: { workflow: copy } satisfies EditorLocationState });
    } catch (error) {
      notify.error(error, "Cloning failed");
    } finally {
      setBusy(null);
    }
  }, [savedId, navigate, notify]);

  return {
    validation,
    closeValidation: () => setValidation(null),
    checking,
    busy,
    upgraded,
    dismissUpgraded: () => setUpgraded(null),
    upgradeDialog,
    closeUpgradeDialog: () => setUpgradeDialog(null),
    validateNow,
    saveClicked,
    run,
    startUpgrade,
    confirmUpgrade,
    clone,
  };
}
