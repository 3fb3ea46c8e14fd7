import { useMemo } from "react";

import type { Parameter, ParameterType } from "../api/types";
import { ParameterInput, emptyValue } from "../components/ParameterInput";
import type { OperationFlowNode } from "../graph/types";
import { useSession } from "../session";
import type { WorkflowMeta } from "./document";

function uniqueName(base: string, taken: Set<string>): string {
  if (!taken.has(base)) return base;
  let counter = 2;
  while (taken.has(`${base}_${counter}`)) counter += 1;
  return `${base}_${counter}`;
}

/** The workflow parameters: name, type, default (and options of an enum), add and remove. */
function WorkflowParameters({
  parameters,
  usage,
  readOnly,
  onChange,
}: {
  parameters: Parameter[];
  usage: Map<string, number>;
  readOnly: boolean;
  onChange: (parameters: Parameter[], renamed?: { from: string; to: string }, removed?: string) => void;
}) {
  const { meta } = useSession();
  const types = (meta.parameter_types.length ? meta.parameter_types : ["str"]) as ParameterType[];
  const names = parameters.map((parameter) => parameter.name);
  const update = (index: number, patch: Partial<Parameter>) =>
    parameters.map((parameter, at) => (at === index ? { ...parameter, ...patch } : parameter));
  return (
    <section className="props-section" aria-label="Workflow parameters">
      <h3>Parameters</h3>
      {parameters.length === 0 && (
        <p className="muted props-hint">
          Workflow parameters are values given when the workflow runs; link node parameters to them.
        </p>
      )}
      {parameters.map((parameter, index) => {
        const label = `Workflow parameter ${index + 1}`;
        const duplicate = names.indexOf(parameter.name) !== index;
        const used = usage.get(parameter.name) ?? 0;
        return (
          <div className="wf-param" key={index} role="group" aria-label={label}>
            <div className="wf-param-row">
              <input
                className="input mono"
                aria-label={`${label} name`}
                value={parameter.name}
                disabled={readOnly}
                onChange={(event) =>
                  onChange(update(index, { name: event.target.value }), { from: parameter.name, to: event.target.value })
                }
              />
              <select
                className="input"
                aria-label={`${label} type`}
                value={parameter.type ?? "str"}
                disabled={readOnly}
                onChange={(event) => {
                  const type = event.target.value as ParameterType;
                  onChange(update(index, { type, default: emptyValue(type), options: type === "enum" ? parameter.options ?? [] : [] }));
                }}
              >
                {types.map((type) => (
                  <option key={type} value={type}>
                    {type}
                  </option>
                ))}
              </select>
              {!readOnly && (
                <button
                  type="button"
                  className="btn btn-icon btn-small"
                  aria-label={`Remove workflow parameter ${parameter.name}`}
                  title={used ? `Remove (unlinks ${used} node parameter${used === 1 ? "" : "s"})` : "Remove"}
                  onClick={() => onChange(parameters.filter((_, at) => at !== index), undefined, parameter.name)}
                >
                  ✕
                </button>
              )}
            </div>
            {duplicate && <div className="param-note error">Another parameter has this name.</div>}
            {!parameter.name.trim() && <div className="param-note error">A parameter needs a name.</div>}
            {parameter.type === "enum" && (
              <div className="wf-param-field">
                <span className="muted">Options</span>
                <ParameterInput
                  parameter={{ name: "options", type: "list_str" }}
                  label={`${label} options`}
                  value={parameter.options ?? []}
                  disabled={readOnly}
                  onChange={(options) => onChange(update(index, { options: options as string[] }))}
                />
              </div>
            )}
            <div className="wf-param-field">
              <span className="muted">Default</span>
              <ParameterInput
                parameter={parameter}
                label={`${label} default`}
                value={parameter.default}
                disabled={readOnly}
                onChange={(value) => onChange(update(index, { default: value }))}
              />
            </div>
            <div className="muted wf-param-usage">
              {used ? `Linked from ${used} node parameter${used === 1 ? "" : "s"}` : "Not linked from any node yet"}
            </div>
          </div>
        );
      })}
      {!readOnly && (
        <button
          type="button"
          className="btn btn-small"
          onClick={() => onChange([...parameters, { name: uniqueName("param", new Set(names)), type: "str", default: "" }])}
        >
          + Add parameter
        </button>
      )}
    </section>
  );
}

/** The properties panel when nothing is selected: the workflow itself. */
export function WorkflowProperties({
  meta,
  nodes,
  edgeCount,
  readOnly,
  onMeta,
  onParameters,
}: {
  meta: WorkflowMeta;
  nodes: OperationFlowNode[];
  edgeCount: number;
  readOnly: boolean;
  onMeta: (patch: Partial<WorkflowMeta>, key: string) => void;
  onParameters: (parameters: Parameter[], renamed?: { from: string; to: string }, removed?: string) => void;
}) {
  const usage = useMemo(() => {
    const counts = new Map<string, number>();
    for (const node of nodes) {
      for (const ref of Object.values(node.data.paramRefs ?? {})) counts.set(ref, (counts.get(ref) ?? 0) + 1);
    }
    return counts;
  }, [nodes]);
  return (
    <>
      <section className="props-section">
        <h2>Workflow</h2>
        <label className="field">
          Title
          <input
            className="input"
            value={meta.title}
            disabled={readOnly}
            onChange={(event) => onMeta({ title: event.target.value }, "title")}
          />
        </label>
        <label className="field">
          Description
          <textarea
            className="input props-description"
            rows={3}
            value={meta.description}
            disabled={readOnly}
            onChange={(event) => onMeta({ description: event.target.value }, "description")}
          />
        </label>
        <p className="muted props-hint">
          {nodes.length} node{nodes.length === 1 ? "" : "s"} · {edgeCount} connection{edgeCount === 1 ? "" : "s"}. Select a
          node to edit it.
        </p>
      </section>
      <WorkflowParameters parameters={meta.parameters} usage={usage} readOnly={readOnly} onChange={onParameters} />
    </>
  );
}
