import type { Parameter } from "../api/types";
import { ParameterInput, displayValue } from "../components/ParameterInput";

/** The "link to a workflow parameter" choice that creates a new one. */
const NEW_LINK = "\u0000new";

function same(values: unknown[]): boolean {
  const first = JSON.stringify(values[0] ?? null);
  return values.every((value) => JSON.stringify(value ?? null) === first);
}

/**
 * One node parameter in the properties panel, for one node or several selected ones: its
 * widget, and its link to a workflow parameter (shown, changed or removed here).
 */
export function ParamField({
  parameter,
  values,
  refs,
  workflowParams,
  readOnly,
  onChange,
  onLink,
  onLinkNew,
}: {
  parameter: Parameter;
  /** The value on each node concerned. */
  values: unknown[];
  /** The link of each node concerned (undefined: not linked). */
  refs: (string | undefined)[];
  workflowParams: Parameter[];
  readOnly: boolean;
  onChange: (value: unknown) => void;
  onLink: (ref: string | null) => void;
  onLinkNew: () => void;
}) {
  const linked = refs.filter(Boolean) as string[];
  const allLinked = linked.length === refs.length && new Set(linked).size === 1;
  const ref = allLinked ? linked[0] : undefined;
  const mixed = !same(values);
  const target = ref ? workflowParams.find((item) => item.name === ref) : undefined;
  const type = parameter.type ?? "str";
  const fieldId = `param-field-${parameter.name}`;
  return (
    <div className="param-field" id={fieldId} data-param={parameter.name}>
      <div className="param-field-head">
        <span className="param-field-name" title={parameter.description || undefined}>
          {parameter.name}
        </span>
        <span className="param-field-type">{type}</span>
        <span className="spacer" />
        {!readOnly && !ref && (
          <select
            className="param-link-select"
            aria-label={`Link ${parameter.name} to a workflow parameter`}
            value=""
            onChange={(event) => {
              if (event.target.value === NEW_LINK) onLinkNew();
              else if (event.target.value) onLink(event.target.value);
            }}
          >
            <option value="">Link to…</option>
            {workflowParams.map((item) => (
              <option key={item.name} value={item.name}>
                ${item.name} ({item.type ?? "str"})
              </option>
            ))}
            <option value={NEW_LINK}>+ New workflow parameter “{parameter.name}”</option>
          </select>
        )}
      </div>
      {ref ? (
        <div className="param-linked">
          <span className="param-linked-chip" title="The node takes the value of this workflow parameter">
            = ${ref}
          </span>
          <span className="muted param-linked-value">
            {target ? `= ${displayValue(target.default) || '""'}` : "unknown workflow parameter"}
          </span>
          {!readOnly && (
            <button type="button" className="btn btn-small" aria-label={`Unlink ${parameter.name}`} onClick={() => onLink(null)}>
              Unlink
            </button>
          )}
        </div>
      ) : (
        <>
          <ParameterInput parameter={parameter} value={values[0]} onChange={onChange} disabled={readOnly} />
          {linked.length > 0 && (
            <div className="param-note">
              Linked on {linked.length} of {refs.length} nodes.{" "}
              {!readOnly && (
                <button type="button" className="link-button" onClick={() => onLink(null)}>
                  Unlink all
                </button>
              )}
            </div>
          )}
        </>
      )}
      {mixed && !ref && <div className="param-note">Values differ between the selected nodes; a change sets it on all.</div>}
      {parameter.description && <div className="param-description muted">{parameter.description}</div>}
    </div>
  );
}
