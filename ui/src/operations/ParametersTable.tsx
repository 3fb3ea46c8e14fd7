import type { ParameterType } from "../api/types";
import { ParameterInput } from "../components/ParameterInput";
import { defaultForType, newParameter, parameterOf } from "./form";
import type { PlacedProblem } from "./problems";
import { RowsSection } from "./RowsTable";
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
  return (
    <RowsSection
      title="Parameters"
      noun="parameter"
      rows={rows}
      onChange={onChange}
      create={newParameter}
      problems={problems}
      readOnly={readOnly}
      empty="No parameters."
      head={
        <>
          <th className="op-col-name">Name</th>
          <th className="op-col-type">Type</th>
          <th>Default</th>
          <th>Description</th>
          <th className="op-col-shown" title="Shown on the node in the workflow editor">
            Shown
          </th>
        </>
      }
      cells={(row, label, set) => (
        <>
          <td>
            <div className="op-stack">
              <select
                className="input"
                aria-label={`Type of ${label}`}
                value={row.type}
                onChange={(event) => {
                  const type = event.target.value as ParameterType;
                  set({ type, default: defaultForType(row.default, row.type, type) });
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
                  onChange={(event) => set({ optionsText: event.target.value })}
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
              onChange={(value) => set({ default: value })}
            />
          </td>
          <td>
            <input
              className="input op-wide-input"
              aria-label={`Description of ${label}`}
              value={row.description}
              placeholder={readOnly ? "" : "what it means"}
              onChange={(event) => set({ description: event.target.value })}
            />
          </td>
          <td className="op-center">
            <input
              type="checkbox"
              aria-label={`Show ${label} on the node`}
              checked={!row.hidden}
              onChange={(event) => set({ hidden: !event.target.checked })}
            />
          </td>
        </>
      )}
    />
  );
}
