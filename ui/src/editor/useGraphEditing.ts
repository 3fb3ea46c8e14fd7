// Every change the user makes to the graph: canvas events (moves, selection, connections,
// drops), adding, deleting, copying and pasting nodes, and editing their parameters. Each
// change is one undo step of the store.

import {
  applyEdgeChanges,
  applyNodeChanges,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type FinalConnectionState,
  type NodeChange,
} from "@xyflow/react";
import { useCallback, useRef, type DragEvent, type RefObject } from "react";

import type { Operation, OperationSummary, Parameter } from "../api/types";
import { useNotify } from "../components/Toasts";
import { portName, type FlowEdgeT, type OperationFlowNode } from "../graph/types";
import { copySelection, pasteClip, readClip } from "./clipboard";
import type { PickerRequest } from "./ConnectPicker";
import { refusal, type TypeIndex } from "./connections";
import {
  addEdge,
  makeNode,
  mapNodes,
  newNodeId,
  removeElements,
  selectOnly,
  setParam,
  setParamRef,
  setWorkflowParameters,
  withData,
  type DocState,
  type WorkflowMeta,
} from "./document";
import { fetchOperation, hubRef } from "./editorApi";
import type { EditorStore } from "./store";
import { DRAG_MIME, type OperationRef } from "./types";

function uniqueParamName(base: string, parameters: Parameter[]): string {
  const taken = new Set(parameters.map((parameter) => parameter.name));
  if (!taken.has(base)) return base;
  let counter = 2;
  while (taken.has(`${base}_${counter}`)) counter += 1;
  return `${base}_${counter}`;
}

const unselectEdges = (edges: FlowEdgeT[]) => edges.map((edge) => (edge.selected ? { ...edge, selected: false } : edge));

export function useGraphEditing({
  store,
  types,
  readOnly,
  readOnlyReason,
  hub,
  canvas,
  picker,
  setPicker,
}: {
  store: EditorStore;
  types: TypeIndex;
  readOnly: boolean;
  /** Why nothing may change, told when someone tries. */
  readOnlyReason: string;
  /** The hub the connection picker searched. */
  hub: string;
  canvas: RefObject<HTMLElement | null>;
  picker: PickerRequest | null;
  setPicker: (request: PickerRequest | null) => void;
}) {
  const notify = useNotify();
  const flow = useReactFlow<OperationFlowNode, FlowEdgeT>();
  const dragStart = useRef<DocState | null>(null);
  /** Where the pointer is over the canvas (pasted nodes go there), or null when it is elsewhere. */
  const pointer = useRef<{ x: number; y: number } | null>(null);

  // ---------------------------------------------------------------- canvas events

  const onNodesChange = useCallback(
    (changes: NodeChange<OperationFlowNode>[]) => {
      const kept = changes.filter((change) => change.type !== "remove" && change.type !== "add" && change.type !== "replace");
      if (!kept.length) return;
      const moved = kept.some((change) => change.type === "position" && change.position);
      const update = (state: DocState) => ({ nodes: applyNodeChanges(kept, state.nodes) });
      if (!moved) store.view(update);
      else if (dragStart.current) store.change(update);
      else store.edit(update, "move");
    },
    [store],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange<FlowEdgeT>[]) => {
      const kept = changes.filter((change) => change.type === "select");
      if (kept.length) store.view((state) => ({ edges: applyEdgeChanges(kept, state.edges) }));
    },
    [store],
  );

  /** A drag is one undo step: the state before it is recorded when it ends having moved something. */
  const onDragStart = useCallback(() => {
    dragStart.current = store.get();
  }, [store]);

  const onDragStop = useCallback(() => {
    const before = dragStart.current;
    dragStart.current = null;
    if (before && before.rev !== store.get().rev) store.pushUndo(before);
  }, [store]);

  const isValidConnection = useCallback(
    (connection: Connection | FlowEdgeT) => !readOnly && refusal(store.get(), connection, types) === null,
    [readOnly, store, types],
  );

  const onConnect = useCallback(
    (connection: Connection) => {
      if (readOnly) return;
      const reason = refusal(store.get(), connection, types);
      if (reason) return notify(reason, "error");
      store.edit((state) =>
        addEdge(state, {
          source: connection.source,
          output: portName(connection.sourceHandle),
          target: connection.target,
          input: portName(connection.targetHandle),
        }),
      );
    },
    [readOnly, store, types, notify],
  );

  /** A refused connection says why; one dropped in empty space opens the picker of operations that fit. */
  const onConnectEnd = useCallback(
    (event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (readOnly || state.isValid || !state.fromHandle) return;
      const from = state.fromHandle;
      if (state.toHandle) {
        const to = state.toHandle;
        const ends =
          from.type === "source"
            ? { source: from.nodeId, sourceHandle: from.id, target: to.nodeId, targetHandle: to.id }
            : { source: to.nodeId, sourceHandle: to.id, target: from.nodeId, targetHandle: from.id };
        notify(refusal(store.get(), ends, types) ?? "These two ports cannot be connected.", "error");
        return;
      }
      const point = "changedTouches" in event ? event.changedTouches[0] : event;
      const rect = canvas.current?.getBoundingClientRect();
      if (!rect || !point) return;
      const node = store.get().nodes.find((item) => item.id === from.nodeId);
      const port = portName(from.id);
      const direction = from.type === "source" ? "output" : "input";
      const slots = direction === "output" ? node?.data.outputs : node?.data.inputs;
      const slot = slots?.find((item) => item.name === port);
      if (!node || !slot) return;
      setPicker({
        screen: {
          x: Math.max(8, Math.min(point.clientX - rect.left, rect.width - 320)),
          y: Math.max(8, Math.min(point.clientY - rect.top, rect.height - 350)),
        },
        flow: flow.screenToFlowPosition({ x: point.clientX, y: point.clientY }),
        nodeId: node.id,
        direction,
        port,
        type: slot.type ?? "file",
      });
    },
    [readOnly, store, types, notify, flow, canvas, setPicker],
  );

  const onPointerMove = useCallback((event: { clientX: number; clientY: number }) => {
    pointer.current = { x: event.clientX, y: event.clientY };
  }, []);

  const onPointerLeave = useCallback(() => {
    pointer.current = null;
  }, []);

  // ---------------------------------------------------------------- adding nodes

  const resolveOperation = useCallback(
    async (ref: OperationRef): Promise<Operation> => {
      const known = store.operations[ref.id];
      if (known) return known;
      const operation = await fetchOperation(ref);
      store.addOperations([operation]);
      return operation;
    },
    [store],
  );

  /** Where a node added without a drop position goes: the middle of the view, shifted when taken. */
  const freeSpot = useCallback(() => {
    const rect = canvas.current?.getBoundingClientRect();
    const spot = rect
      ? flow.screenToFlowPosition({ x: rect.left + rect.width / 2 - 110, y: rect.top + rect.height / 2 - 50 })
      : { x: 0, y: 0 };
    const nodes = store.get().nodes;
    while (nodes.some((node) => Math.abs(node.position.x - spot.x) < 30 && Math.abs(node.position.y - spot.y) < 30)) {
      spot.x += 30;
      spot.y += 30;
    }
    return spot;
  }, [flow, store, canvas]);

  const addOperation = useCallback(
    async (ref: OperationRef, position?: { x: number; y: number }) => {
      if (readOnly) return notify(readOnlyReason, "error");
      try {
        const operation = await resolveOperation(ref);
        const at = position ?? freeSpot();
        store.edit((state) => {
          const id = newNodeId(operation.name, new Set(state.nodes.map((node) => node.id)));
          return {
            nodes: [...(selectOnly(state, new Set()).nodes ?? []), makeNode(id, operation, at)],
            edges: unselectEdges(state.edges),
          };
        });
      } catch (error) {
        notify.error(error, `Cannot add ${ref.title || ref.name}`);
      }
    },
    [readOnly, readOnlyReason, resolveOperation, freeSpot, store, notify],
  );

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(DRAG_MIME)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const raw = event.dataTransfer.getData(DRAG_MIME);
      if (!raw) return;
      event.preventDefault();
      const ref = JSON.parse(raw) as OperationRef;
      const position = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      void addOperation(ref, { x: position.x - 20, y: position.y - 20 });
    },
    [flow, addOperation],
  );

  /** Add the operation chosen in the picker where the connection was dropped, connected. */
  const pickConnected = useCallback(
    async (summary: OperationSummary, port: string) => {
      const request = picker;
      setPicker(null);
      if (!request) return;
      try {
        const operation = await resolveOperation(hubRef(hub, summary));
        const position =
          request.direction === "output"
            ? { x: request.flow.x + 20, y: request.flow.y - 30 }
            : { x: request.flow.x - 240, y: request.flow.y - 30 };
        store.edit((state) => {
          const id = newNodeId(operation.name, new Set(state.nodes.map((node) => node.id)));
          const edge =
            request.direction === "output"
              ? { source: request.nodeId, output: request.port, target: id, input: port }
              : { source: id, output: port, target: request.nodeId, input: request.port };
          const next = { ...state, nodes: [...(selectOnly(state, new Set()).nodes ?? []), makeNode(id, operation, position)] };
          const ends = { source: edge.source, sourceHandle: `out:${edge.output}`, target: edge.target, targetHandle: `in:${edge.input}` };
          const reason = refusal(next, ends, types);
          if (reason) {
            notify(reason, "error");
            return { nodes: next.nodes };
          }
          return { nodes: next.nodes, edges: addEdge(next, edge).edges };
        });
      } catch (error) {
        notify.error(error, `Cannot add ${summary.title || summary.name}`);
      }
    },
    [picker, setPicker, hub, resolveOperation, store, types, notify],
  );

  // ---------------------------------------------------------------- selection, clipboard

  const selectNodes = useCallback((ids: string[]) => store.view((state) => selectOnly(state, new Set(ids))), [store]);

  const selectAll = useCallback(
    () => store.view((state) => ({ nodes: state.nodes.map((node) => (node.selected ? node : { ...node, selected: true })) })),
    [store],
  );

  const deleteSelection = useCallback(() => {
    if (readOnly) return;
    const state = store.get();
    const nodeIds = new Set(state.nodes.filter((node) => node.selected).map((node) => node.id));
    const edgeIds = new Set(state.edges.filter((edge) => edge.selected).map((edge) => edge.id));
    if (!nodeIds.size && !edgeIds.size) return;
    store.edit((current) => removeElements(current, nodeIds, edgeIds));
  }, [readOnly, store]);

  const copy = useCallback(() => {
    const count = copySelection(store.get(), store.operations);
    if (count) notify(`Copied ${count} node${count === 1 ? "" : "s"}`);
  }, [store, notify]);

  const paste = useCallback(() => {
    if (readOnly) return notify(readOnlyReason, "error");
    const clip = readClip();
    if (!clip?.nodes.length) return notify("Nothing to paste: copy nodes first (Ctrl+C).");
    store.addOperations(Object.values(clip.operations));
    const at = pointer.current ? flow.screenToFlowPosition(pointer.current) : undefined;
    store.edit((state) => pasteClip(state, clip, store.operations, at));
  }, [readOnly, readOnlyReason, store, notify, flow]);

  // ---------------------------------------------------------------- properties

  const setParamOf = useCallback(
    (ids: string[], name: string, value: unknown) =>
      store.edit((state) => setParam(state, ids, name, value), `param:${ids.join(",")}:${name}`),
    [store],
  );

  const linkParam = useCallback(
    (ids: string[], name: string, ref: string | null) => store.edit((state) => setParamRef(state, ids, name, ref)),
    [store],
  );

  /** A new workflow parameter made from a node parameter (its type and value), linked from the nodes. */
  const linkNew = useCallback(
    (ids: string[], parameter: Parameter, value: unknown) =>
      store.edit((state) => {
        const name = uniqueParamName(parameter.name, state.meta.parameters);
        const created: Parameter = { name, type: parameter.type ?? "str", default: value ?? null, options: parameter.options ?? [] };
        const withParam = { ...state, ...setWorkflowParameters(state, [...state.meta.parameters, created]) };
        return { ...withParam, ...setParamRef(withParam, ids, parameter.name, name) };
      }),
    [store],
  );

  const setTitleOf = useCallback(
    (id: string, title: string) =>
      store.edit(
        (state) => ({
          nodes: mapNodes(state.nodes, [id], (node) => {
            const operation = store.operations[node.data.operationId];
            return withData(node, { nodeTitle: title, title: title || operation?.title || operation?.name || node.id });
          }),
        }),
        `title:${id}`,
      ),
    [store],
  );

  const setMeta = useCallback(
    (patch: Partial<WorkflowMeta>, key: string) => store.edit((state) => ({ meta: { ...state.meta, ...patch } }), `meta:${key}`),
    [store],
  );

  const setParameters = useCallback(
    (parameters: Parameter[], renamed?: { from: string; to: string }, removed?: string) =>
      store.edit(
        (state) => setWorkflowParameters(state, parameters, renamed, removed),
        renamed ? "workflow-parameter-name" : undefined,
      ),
    [store],
  );

  return {
    canvasEvents: {
      onNodesChange,
      onEdgesChange,
      onDragStart,
      onDragStop,
      isValidConnection,
      onConnect,
      onConnectEnd,
      onDragOver,
      onDrop,
      onPointerMove,
      onPointerLeave,
    },
    addOperation,
    pickConnected,
    selectNodes,
    selectAll,
    deleteSelection,
    copy,
    paste,
    setParamOf,
    linkParam,
    linkNew,
    setTitleOf,
    setMeta,
    setParameters,
  };
}
