import {
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  ReactFlow,
  type Connection,
  type EdgeChange,
  type FinalConnectionState,
  type NodeChange,
  type NodeMouseHandler,
} from "@xyflow/react";
import type { DragEvent, MouseEvent as ReactMouseEvent, ReactNode, RefObject } from "react";

import { NodeEditingContext, type NodeEditing } from "../graph/editing";
import { nodeTypes } from "../graph/OperationNode";
import { edgeTypes } from "../graph/TypedEdge";
import type { FlowEdgeT, OperationFlowNode } from "../graph/types";
import { MIN_ZOOM } from "./useFitting";

export interface CanvasEvents {
  onNodesChange: (changes: NodeChange<OperationFlowNode>[]) => void;
  onEdgesChange: (changes: EdgeChange<FlowEdgeT>[]) => void;
  onDragStart: () => void;
  onDragStop: () => void;
  isValidConnection: (connection: Connection | FlowEdgeT) => boolean;
  onConnect: (connection: Connection) => void;
  onConnectEnd: (event: MouseEvent | TouchEvent, state: FinalConnectionState) => void;
  onDragOver: (event: DragEvent) => void;
  onDrop: (event: DragEvent) => void;
  onPointerMove: (event: ReactMouseEvent) => void;
  onPointerLeave: () => void;
}

/** The graph canvas of the editor (nodes, edges, minimap, zoom controls) and what floats over it. */
export function EditorCanvas({
  canvas,
  nodes,
  edges,
  events,
  editing,
  readOnly,
  theme,
  className,
  onNodeDoubleClick,
  onPaneClick,
  children,
}: {
  canvas: RefObject<HTMLDivElement | null>;
  nodes: OperationFlowNode[];
  edges: FlowEdgeT[];
  events: CanvasEvents;
  editing: NodeEditing;
  readOnly: boolean;
  theme: "light" | "dark";
  className: string;
  onNodeDoubleClick: NodeMouseHandler<OperationFlowNode>;
  onPaneClick: () => void;
  children?: ReactNode;
}) {
  return (
    <div
      className={`editor-canvas ${className}`}
      ref={canvas}
      onDragOver={events.onDragOver}
      onDrop={events.onDrop}
      onMouseMove={events.onPointerMove}
      onMouseLeave={events.onPointerLeave}
      aria-label="Workflow canvas"
      role="region"
    >
      <NodeEditingContext.Provider value={editing}>
        <ReactFlow<OperationFlowNode, FlowEdgeT>
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          onNodesChange={events.onNodesChange}
          onEdgesChange={events.onEdgesChange}
          onConnect={events.onConnect}
          onConnectEnd={events.onConnectEnd}
          isValidConnection={events.isValidConnection}
          onNodeDragStart={events.onDragStart}
          onNodeDragStop={events.onDragStop}
          onSelectionDragStart={events.onDragStart}
          onSelectionDragStop={events.onDragStop}
          onNodeDoubleClick={onNodeDoubleClick}
          onPaneClick={onPaneClick}
          nodesDraggable={!readOnly}
          nodesConnectable={!readOnly}
          deleteKeyCode={null}
          selectionKeyCode="Shift"
          multiSelectionKeyCode={["Shift", "Control", "Meta"]}
          connectionRadius={28}
          onlyRenderVisibleElements
          minZoom={MIN_ZOOM}
          maxZoom={2}
          colorMode={theme}
          zoomOnDoubleClick={false}
          proOptions={{ hideAttribution: true }}
        >
          <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} />
          {nodes.length > 0 && (
            <MiniMap pannable zoomable ariaLabel="Overview of the graph" nodeBorderRadius={4} style={{ width: 170, height: 120 }} />
          )}
          <Controls showInteractive={false} showFitView={false} />
        </ReactFlow>
      </NodeEditingContext.Provider>
      {children}
    </div>
  );
}
