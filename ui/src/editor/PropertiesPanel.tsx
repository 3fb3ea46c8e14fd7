import type { Operation, Parameter } from "../api/types";
import type { FlowEdgeT, OperationFlowNode } from "../graph/types";
import type { WorkflowMeta } from "./document";
import { MultiProperties, NodeProperties } from "./NodeProperties";
import type { CompositeLevel } from "./useCompositeView";
import { WorkflowProperties } from "./WorkflowProperties";

/** What the panel can change (nothing when it is read-only). */
export interface PropertyEdits {
  setTitleOf: (id: string, title: string) => void;
  setParamOf: (ids: string[], name: string, value: unknown) => void;
  linkParam: (ids: string[], name: string, ref: string | null) => void;
  linkNew: (ids: string[], parameter: Parameter, value: unknown) => void;
  setMeta: (patch: Partial<WorkflowMeta>, key: string) => void;
  setParameters: (parameters: Parameter[], renamed?: { from: string; to: string }, removed?: string) => void;
  deleteSelection: () => void;
  openComposite: (nodeId: string) => void;
}

/** Connections per handle id of `node`. */
function connectionsOf(node: OperationFlowNode, edges: FlowEdgeT[]): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (handle: string | null | undefined) => counts.set(handle ?? "", (counts.get(handle ?? "") ?? 0) + 1);
  for (const edge of edges) {
    if (edge.source === node.id) add(edge.sourceHandle);
    if (edge.target === node.id) add(edge.targetHandle);
  }
  return counts;
}

/** The right panel: the selected node(s), else the composite shown, else the workflow. */
export function PropertiesPanel({
  selected,
  edges,
  meta,
  nodes,
  operations,
  composite,
  problemsOf,
  readOnly,
  notice,
  edits,
}: {
  selected: OperationFlowNode[];
  /** The edges shown (the workflow's or the composite's). */
  edges: FlowEdgeT[];
  meta: WorkflowMeta;
  /** The workflow's nodes. */
  nodes: OperationFlowNode[];
  operations: Record<string, Operation>;
  composite: CompositeLevel | undefined;
  problemsOf: (node: OperationFlowNode) => string[] | undefined;
  readOnly: boolean;
  notice?: string;
  edits: PropertyEdits;
}) {
  // Inside a composite, node parameters are linked to the composite's parameters.
  const scope = composite ? composite.operation.parameters ?? [] : meta.parameters;
  let content;
  if (selected.length === 1) {
    const node = selected[0];
    const ids = [node.id];
    content = (
      <NodeProperties
        key={node.id}
        node={node}
        operation={operations[node.data.operationId]}
        workflowParams={scope}
        problems={composite ? [] : problemsOf(node) ?? []}
        connections={connectionsOf(node, edges)}
        readOnly={readOnly}
        callbacks={{
          onTitle: (title) => edits.setTitleOf(node.id, title),
          onParam: (name, value) => edits.setParamOf(ids, name, value),
          onLink: (name, ref) => edits.linkParam(ids, name, ref),
          onLinkNew: (parameter, value) => edits.linkNew(ids, parameter, value),
          onDelete: edits.deleteSelection,
          onOpenComposite: () => edits.openComposite(node.id),
        }}
      />
    );
  } else if (selected.length > 1) {
    const ids = selected.map((node) => node.id);
    content = (
      <MultiProperties
        nodes={selected}
        workflowParams={scope}
        readOnly={readOnly}
        onParam={(name, value) => edits.setParamOf(ids, name, value)}
        onLink={(name, ref) => edits.linkParam(ids, name, ref)}
        onLinkNew={(parameter, value) => edits.linkNew(ids, parameter, value)}
        onDelete={edits.deleteSelection}
      />
    );
  } else if (composite) {
    const { operation } = composite;
    content = (
      <section className="props-section">
        <h2>{composite.title}</h2>
        <p>
          The inside of the composite operation <code>{operation.name}</code> v{operation.version} ({operation.status}).
        </p>
        {(operation.parameters ?? []).length > 0 && (
          <p className="muted props-hint">
            Its parameters: {(operation.parameters ?? []).map((parameter) => parameter.name).join(", ")}.
          </p>
        )}
        <p className="muted props-hint">Select an inner node to see its parameters.</p>
      </section>
    );
  } else {
    content = (
      <WorkflowProperties
        meta={meta}
        nodes={nodes}
        edgeCount={edges.length}
        readOnly={readOnly}
        onMeta={edits.setMeta}
        onParameters={edits.setParameters}
      />
    );
  }
  return (
    <aside className="properties-panel" aria-label="Properties">
      {notice && <div className="message message-warning props-note">{notice}</div>}
      {content}
    </aside>
  );
}
