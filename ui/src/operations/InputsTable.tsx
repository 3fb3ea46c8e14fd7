import type { ResourceTypeInfo } from "../api/types";
import { newInput } from "./form";
import type { PlacedProblem } from "./problems";
import { ResourceTypeSelect } from "./ResourceTypeSelect";
import { RowsSection } from "./RowsTable";
import type { InputRow } from "./types";

/** The named, typed inputs with how many values each takes (max unbounded = -1). */
export function InputsTable({
  rows,
  onChange,
  types,
  problems,
  readOnly,
}: {
  rows: InputRow[];
  onChange: (rows: InputRow[]) => void;
  types: ResourceTypeInfo[];
  problems: PlacedProblem[];
  readOnly: boolean;
}) {
  return (
    <RowsSection
      title="Inputs"
      noun="input"
      rows={rows}
      onChange={onChange}
      create={newInput}
      problems={problems}
      readOnly={readOnly}
      empty="No inputs: the operation reads nothing from upstream nodes."
      head={
        <>
          <th>Name</th>
          <th>Type</th>
          <th className="op-col-count">Min</th>
          <th className="op-col-count-wide">Max</th>
        </>
      }
      cells={(row, label, set) => (
        <>
          <td>
            <ResourceTypeSelect label={`Type of ${label}`} value={row.type} types={types} onChange={(type) => set({ type })} />
          </td>
          <td>
            <input
              className="input op-count"
              type="number"
              min={0}
              step={1}
              aria-label={`Minimum count of ${label}`}
              value={row.min_count}
              onChange={(event) => set({ min_count: event.target.value })}
            />
          </td>
          <td>
            <span className="op-max">
              <input
                className="input op-count"
                type="number"
                min={1}
                step={1}
                aria-label={`Maximum count of ${label}`}
                value={row.unbounded ? "" : row.max_count}
                placeholder={row.unbounded ? "∞" : undefined}
                disabled={row.unbounded}
                onChange={(event) => set({ max_count: event.target.value })}
              />
              <label className="op-check" title="Any number of values (max_count -1)">
                <input
                  type="checkbox"
                  checked={row.unbounded}
                  aria-label={`${label} takes any number of values`}
                  onChange={(event) => set({ unbounded: event.target.checked })}
                />
                unbounded
              </label>
            </span>
          </td>
        </>
      )}
    />
  );
}
