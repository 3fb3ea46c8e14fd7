import type { ParameterType } from "../api/types";
import { ParameterInput } from "../components/ParameterInput";
import { defaultForType, duplicates, newParameter, parameterOf } from "./form";
import { pointsAtRow, type PlacedProblem } from "./problems";
import { Section } from "./Section";
import type { ParameterRow } from "./types";

/** The typed parameters: default (edited with the widget of its type), enum options,
 * description, and whether the editor's node shows it. */
export function ParametersTable({
  rows,
  onChange,
  types,
  problems,
  readOnly,
}: {
  rows: ParameterRow[];
  onChange: (rows: ParameterRow[]) => void;
  types: ParameterType[];
  problems: PlacedProblem[];
  readOnly: boolean;
}) {
  const twice = duplicates(rows.map((row) => row.name));
  const set = (key: string, change: Partial<ParameterRow>) =>
    onChange(rows.map((row) => (row.key === key ? { ...row, ...change } : row)));
  return (
    <Section
      title="Parameters"
      hint={rows.length ? `${rows.length}` : undefined}
      problems={problems}
      actions={
        !readOnly && (
          <button type="button" className="btn btn-small" onClick={() => onChange([...rows, newParameter()])}>
            + Add parameter
          </button>
        )
      }
    >
      {rows.length === 0 ? (
        <p className="muted op-empty">No parameters.</p>
      ) : (
        <table className="table op-table" aria-label="Parameters">
          <thead>
            <tr>
              <th className="op-col-name">Name</th>
              <th className="op-col-type">Type</th>
              <th>Default</th>
              <th>Description</th>
              <th className="op-col-shown" title="Shown on the node in the workflow editor">
                Shown
              </th>
              <th className="op-col-remove" aria-label="Remove" />
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => {
              const label = row.name || `parameter ${index + 1}`;
              const invalid = problems.some((problem) => pointsAtRow(problem, index, row.name));
              return (
                <tr key={row.key} className={invalid ? "op-row-invalid" : undefined}>
                  <td>
                    <input
                      className="input mono op-name-input"
                      aria-label={`Parameter ${index + 1} name`}
                      aria-invalid={invalid || twice.has(row.name.trim()) || undefined}
                      value={row.name}
                      placeholder="name"
                      onChange={(event) => set(row.key, { name: event.target.value })}
                    />
                    {twice.has(row.name.trim()) && <span className="op-row-warning">Name used twice</span>}
                  </td>
                  <td>
                    <div className="op-stack">
                      <select
                        className="input"
                        aria-label={`Type of ${label}`}
                        value={row.type}
                        onChange={(event) => {
                          const type = event.target.value as ParameterType;
                          set(row.key, { type, default: defaultForType(row.default, row.type, type) });
                        }}
                      >
                        {types.map((type) => (
                          <option key={type} value={type}>
                            {type}
                          </option>
                        ))}
                      </select>
                      {row.type === "enum" && (
                        <input
                          className="input"
                          aria-label={`Options of ${label}`}
                          placeholder="options: a, b, c"
                          value={row.optionsText}
                          onChange={(event) => set(row.key, { optionsText: event.target.value })}
                        />
                      )}
                    </div>
                  </td>
                  <td className="op-default">
                    <ParameterInput
                      parameter={parameterOf(row)}
                      value={row.default}
                      label={`Default of ${label}`}
                      disabled={readOnly}
                      onChange={(value) => set(row.key, { default: value })}
                    />
                  </td>
                  <td>
                    <input
                      className="input op-wide-input"
                      aria-label={`Description of ${label}`}
                      value={row.description}
                      placeholder={readOnly ? "" : "what it means"}
                      onChange={(event) => set(row.key, { description: event.target.value })}
                    />
                  </td>
                  <td className="op-center">
                    <input
                      type="checkbox"
                      aria-label={`Show ${label} on the node`}
                      checked={!row.hidden}
                      onChange={(event) => set(row.key, { hidden: !event.target.checked })}
                    />
                  </td>
                  <td>
                    {!readOnly && (
                      <button
                        type="button"
                        className="btn btn-icon btn-small"
                        aria-label={`Remove ${label}`}
                        onClick={() => onChange(rows.filter((item) => item.key !== row.key))}
                      >
                        ✕
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </Section>
  );
}
