import { useReactFlow, useStore, type NodeMouseHandler, type Viewport } from "@xyflow/react";
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { useLocation } from "react-router-dom";

import type { Operation, Policy, WorkflowDetail } from "../api/types";
import { ErrorMessage } from "../components/ErrorMessage";
import { useNotify } from "../components/Toasts";
import type { NodeEditing } from "../graph/editing";
import { layout, warmLayout } from "../graph/layout";
import type { FlowEdgeT, OperationFlowNode } from "../graph/types";
import { zoomedOut } from "../graph/zoom";
import { useSession } from "../session";
import { useTheme } from "../theme/useTheme";
import { CompositeBar } from "./CompositeBar";
import { ConnectPicker, type PickerRequest } from "./ConnectPicker";
import { typeIndex } from "./connections";
import { problemIndex, useDecoratedNodes } from "./decorate";
import { DEFAULT_TITLE, fromWorkflow, overlapping, type DocState } from "./document";
import "./Editor.css";
import { EditorCanvas } from "./EditorCanvas";
import { HelpPopover } from "./HelpPopover";
import { HubPanel } from "./HubPanel";
import { ProblemsPanel } from "./ProblemsPanel";
import { PropertiesPanel } from "./PropertiesPanel";
import { useShortcuts } from "./shortcuts";
import { EditorStore, nextRevision } from "./store";
import { Toolbar } from "./Toolbar";
import { UpgradeDialog } from "./UpgradeDialog";
import { useCompositeView } from "./useCompositeView";
import { useFitting } from "./useFitting";
import { useGraphEditing } from "./useGraphEditing";
import { useLeaveGuard } from "./useLeaveGuard";
import { useWorkflowActions, type EditorLocationState } from "./useWorkflowActions";

const NO_NODES: OperationFlowNode[] = [];
const NO_EDGES: FlowEdgeT[] = [];

const emptyDoc = (): DocState => ({
  nodes: [],
  edges: [],
  meta: { title: DEFAULT_TITLE, description: "", parameters: [] },
  rev: nextRevision(),
});

/** The workflow editor: hub panel, canvas and properties panel around one document. */
export function Editor({ workflow, workflowId }: { workflow: WorkflowDetail | null; workflowId?: string }) {
  const { me, meta } = useSession();
  const notify = useNotify();
  const location = useLocation();
  const passed = (location.state ?? {}) as EditorLocationState;
  const flow = useReactFlow<OperationFlowNode, FlowEdgeT>();
  const distant = useStore(zoomedOut);
  const [theme] = useTheme();
  const types = useMemo(() => typeIndex(meta.resource_types), [meta.resource_types]);

  const [store] = useState(
    () => new EditorStore(workflow ? fromWorkflow(workflow, nextRevision()) : emptyDoc(), workflow?.operations ?? {}, true),
  );
  const doc = useSyncExternalStore(store.subscribe, store.get);
  /** Nodes without saved positions, or drawn over each other, are laid out when the editor opens. */
  const [initialLayout, setInitialLayout] = useState(
    () => Boolean(workflow) && ((workflow?.graph?.nodes ?? []).some((node) => !node.position) || overlapping(store.get().nodes)),
  );

  const has = (policy: Policy) => me.is_admin || me.policies.includes(policy);
  const isNew = !workflowId;
  const canSave = isNew || workflow?.author === me.username ? has("create_workflows") : has("modify_others_workflows");

  const [path, setPath] = useState<string[]>([]);
  const composite = useCompositeView(path, doc, store);
  const compositeLevel = composite?.levels[composite.levels.length - 1];
  const readOnly = !canSave || composite !== null;
  const readOnlyReason = composite
    ? "The inside of a composite is read-only: go back to the workflow to change it."
    : "You may not change this workflow: clone it to make your own copy.";

  const [picker, setPicker] = useState<PickerRequest | null>(null);
  const [help, setHelp] = useState(false);
  const [layingOut, setLayingOut] = useState(false);
  const [hub, setHub] = useState("database");
  const canvasRef = useRef<HTMLDivElement>(null);

  useLeaveGuard(() => store.dirty);

  const actions = useWorkflowActions({ store, rev: doc.rev, workflowId, canSave, validateOnOpen: Boolean(passed.validate) });
  const graph = useGraphEditing({ store, types, readOnly, readOnlyReason, hub, canvas: canvasRef, picker, setPicker });

  // ---------------------------------------------------------------- what the canvas shows

  const problemsOf = useMemo(() => problemIndex(actions.validation?.problems ?? null), [actions.validation]);
  const selectedNodes = useMemo(() => doc.nodes.filter((node) => node.selected), [doc.nodes]);
  const editingId = !readOnly && selectedNodes.length === 1 ? selectedNodes[0].id : null;
  const upgradedIds = useMemo(() => actions.upgraded?.nodes ?? new Set<string>(), [actions.upgraded]);
  const decorated = useDecoratedNodes(doc.nodes, problemsOf, upgradedIds, editingId);
  // While the first layout runs nothing is drawn: the nodes are drawn once, where they belong.
  const shownNodes = composite ? composite.nodes : initialLayout ? NO_NODES : decorated;
  const shownEdges = composite ? composite.edges : initialLayout ? NO_EDGES : doc.edges;
  const shownCount = useRef(0);
  shownCount.current = shownNodes.length;

  // ---------------------------------------------------------------- view and layout

  const { fitNodes, showGraph } = useFitting(
    canvasRef,
    useCallback(() => shownCount.current, []),
  );

  const runLayout = useCallback(
    async (undoable: boolean) => {
      const current = store.get();
      if (!current.nodes.length) return;
      setLayingOut(true);
      try {
        const laid = await layout(current.nodes, current.edges);
        const positions = new Map(laid.map((node) => [node.id, node.position]));
        const update = (state: DocState) => ({
          nodes: state.nodes.map((node) => {
            const position = positions.get(node.id);
            return position ? { ...node, position } : node;
          }),
        });
        if (undoable) {
          store.edit(update);
          showGraph();
        } else {
          // Laid out on opening: not a change of the user's.
          const wasSaved = !store.dirty;
          store.change(update);
          if (wasSaved) store.markSaved(store.get().rev);
        }
      } catch (error) {
        notify.error(error, "Layout failed");
      } finally {
        setLayingOut(false);
      }
    },
    [store, showGraph, notify],
  );

  useEffect(() => {
    warmLayout();
    if (initialLayout) void runLayout(false).finally(() => setInitialLayout(false));
    else if (passed.viewport) void flow.setViewport(passed.viewport);
    else showGraph();
    // Only when the editor opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // The graph laid out on opening is shown once the canvas has its nodes.
  const laidOut = useRef(!initialLayout);
  useEffect(() => {
    if (initialLayout || laidOut.current) return;
    laidOut.current = true;
    showGraph();
  }, [initialLayout, showGraph]);

  // Entering a composite shows its inside once there; leaving it restores the workflow's view.
  const shownDepth = useRef(0);
  const workflowViewport = useRef<Viewport | null>(null);
  useEffect(() => {
    if (path.length === 0) {
      if (shownDepth.current === 0) return;
      shownDepth.current = 0;
      const viewport = workflowViewport.current;
      workflowViewport.current = null;
      if (viewport) requestAnimationFrame(() => void flow.setViewport(viewport));
      else showGraph();
      return;
    }
    if (!composite || composite.loading || composite.levels.length === shownDepth.current) return;
    if (shownDepth.current === 0) workflowViewport.current = flow.getViewport();
    shownDepth.current = composite.levels.length;
    showGraph();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [path.length, composite?.levels.length, composite?.loading]);

  // ---------------------------------------------------------------- nodes' own controls

  const openComposite = useCallback((nodeId: string) => {
    setPicker(null);
    setPath((current) => [...current, nodeId]);
  }, []);

  const focusParam = useCallback((_nodeId: string, name: string) => {
    requestAnimationFrame(() => {
      const field = document.getElementById(`param-field-${name}`);
      field?.scrollIntoView({ block: "center", behavior: "smooth" });
      field?.querySelector<HTMLElement>(".cm-content, textarea, input, select")?.focus();
    });
  }, []);

  const { setParamOf } = graph;
  const editing = useMemo<NodeEditing>(
    () => ({ readOnly, setParam: (nodeId, name, value) => setParamOf([nodeId], name, value), openComposite, focusParam }),
    [readOnly, setParamOf, openComposite, focusParam],
  );

  const onNodeDoubleClick: NodeMouseHandler<OperationFlowNode> = useCallback(
    (_event, node) => {
      if (node.data.kind === "composite" && !node.data.pseudo) openComposite(node.id);
    },
    [openComposite],
  );

  const onUploaded = useCallback((operation: Operation) => store.addOperations([operation]), [store]);

  const selectProblem = useCallback(
    (nodeId: string) => {
      setPath([]);
      graph.selectNodes([nodeId]);
      fitNodes([nodeId], { maxZoom: 1.1, duration: 300, padding: 0.5 });
    },
    [graph, fitNodes],
  );

  // ---------------------------------------------------------------- keyboard

  useShortcuts({
    delete: graph.deleteSelection,
    copy: () => !composite && graph.copy(),
    cut: () => {
      if (readOnly) return;
      graph.copy();
      graph.deleteSelection();
    },
    paste: graph.paste,
    undo: () => !composite && store.undo(),
    redo: () => !composite && store.redo(),
    save: () => void actions.saveClicked(),
    selectAll: () => !composite && graph.selectAll(),
    fitView: () => fitNodes(),
    layout: () => !readOnly && void runLayout(true),
    help: () => setHelp((open) => !open),
    escape: () => {
      setPicker(null);
      setHelp(false);
      if (!composite) graph.selectNodes([]);
    },
  });

  // ---------------------------------------------------------------- page

  const problems = actions.validation?.problems ?? null;
  const upgraded = actions.upgraded;
  const panelNodes = composite ? composite.nodes.filter((node) => node.selected && !node.data.pseudo) : selectedNodes;

  return (
    <div className="editor">
      <Toolbar
        title={doc.meta.title}
        isNew={isNew}
        dirty={store.dirty}
        readOnly={!canSave}
        busy={actions.busy}
        canUndo={store.canUndo && !composite}
        canRedo={store.canRedo && !composite}
        hasSelection={!readOnly && (selectedNodes.length > 0 || doc.edges.some((edge) => edge.selected))}
        layingOut={layingOut || composite !== null}
        canRun={has("run_workflows")}
        canClone={!isNew && has("create_workflows")}
        helpOpen={help}
        onUndo={() => store.undo()}
        onRedo={() => store.redo()}
        onDelete={graph.deleteSelection}
        onLayout={() => void runLayout(true)}
        onFit={() => fitNodes()}
        onValidate={() => void actions.validateNow()}
        onUpgrade={() => void actions.startUpgrade()}
        onClone={() => void actions.clone()}
        onSave={() => void actions.saveClicked()}
        onRun={() => void actions.run()}
        onHelp={() => setHelp((open) => !open)}
      />
      {help && <HelpPopover onClose={() => setHelp(false)} />}
      <div className="editor-body">
        <HubPanel hub={hub} onHub={setHub} onAdd={graph.addOperation} onUploaded={onUploaded} />
        <EditorCanvas
          canvas={canvasRef}
          nodes={shownNodes}
          edges={shownEdges}
          events={composite ? { ...graph.canvasEvents, onNodesChange: composite.onNodesChange, onEdgesChange: () => undefined } : graph.canvasEvents}
          editing={editing}
          readOnly={readOnly}
          theme={theme}
          className={[composite ? "inside-composite" : "", initialLayout ? "pending" : "", distant ? "distant" : ""].join(" ")}
          onNodeDoubleClick={onNodeDoubleClick}
          onPaneClick={() => setPicker(null)}
        >
          {composite && (
            <CompositeBar
              workflowTitle={doc.meta.title || DEFAULT_TITLE}
              levels={composite.levels}
              onLevel={(depth) => setPath(path.slice(0, depth))}
            />
          )}
          {composite?.error !== undefined && composite.error !== null && (
            <div className="editor-overlay">
              <ErrorMessage error={composite.error} title="Cannot open the composite" />
            </div>
          )}
          {(layingOut || composite?.loading) && (
            <div className="editor-busy" role="status">
              {layingOut ? "Laying out…" : "Opening…"}
            </div>
          )}
          {!composite && !initialLayout && doc.nodes.length === 0 && !readOnly && (
            <div className="editor-empty">
              <strong>An empty workflow</strong>
              <span className="muted">Drag operations from the left onto this canvas, or upload a file to start from.</span>
            </div>
          )}
          {upgraded && !composite && (
            <div className="editor-upgraded" role="status" aria-label="Upgraded nodes">
              <strong>
                ↑ Upgraded {upgraded.changes.length} node{upgraded.changes.length === 1 ? "" : "s"}:
              </strong>{" "}
              {upgraded.changes.map((change) => `${change.node} (${change.name} v${change.from_version} → v${change.to_version})`).join(", ")}
              <button type="button" className="btn btn-icon btn-small" aria-label="Dismiss the upgrade summary" onClick={actions.dismissUpgraded}>
                ✕
              </button>
            </div>
          )}
          {picker && (
            <ConnectPicker
              request={picker}
              hub={hub}
              types={types}
              onPick={(operation, port) => void graph.pickConnected(operation, port)}
              onClose={() => setPicker(null)}
            />
          )}
          {problems && !composite && (
            <ProblemsPanel
              problems={problems}
              checking={actions.checking}
              stale={actions.validation !== null && actions.validation.rev !== doc.rev}
              onSelect={(problem) => problem.node && selectProblem(problem.node)}
              onRevalidate={() => void actions.validateNow()}
              onClose={actions.closeValidation}
            />
          )}
        </EditorCanvas>
        <PropertiesPanel
          selected={panelNodes}
          edges={shownEdges}
          meta={doc.meta}
          nodes={doc.nodes}
          operations={store.operations}
          composite={compositeLevel}
          problemsOf={problemsOf}
          readOnly={readOnly}
          notice={
            !canSave && !isNew
              ? `You can view this workflow of ${workflow?.author} but not change it.${has("create_workflows") ? " Clone it to make your own copy." : ""}`
              : undefined
          }
          edits={{ ...graph, openComposite }}
        />
      </div>
      {actions.upgradeDialog && (
        <UpgradeDialog
          changes={actions.upgradeDialog.changes}
          done={actions.upgradeDialog.done}
          busy={actions.busy === "upgrade"}
          onConfirm={() => void actions.confirmUpgrade()}
          onClose={actions.closeUpgradeDialog}
        />
      )}
    </div>
  );
}
