import type { ResourceTypeInfo } from "../api/types";
import { duplicates, newInput } from "./form";
import { pointsAtRow, type PlacedProblem } from "./problems";
import { ResourceTypeSelect } from "./ResourceTypeSelect";
import { Section } from "./Section";
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
  const twice = duplicates(rows.map((row) => row.name));
  const set = (key: string, change: Partial<InputRow>) =>
    onChange(rows.map((row) => (row.key === key ? { ...row, ...change } : row)));
  return (
    <Section
      title="Inputs"
      hint={rows.length ? `${rows.length}` : undefined}
      problems={problems}
      actions={
        !readOnly && (
          <button type="button" className="btn btn-small" onClick={() => onChange([...rows, newInput()])}>
            + Add input
          </button>
        )
      }
    >
      {rows.length === 0 ? (
        <p className="muted op-empty">No inputs: the operation reads nothing from upstream nodes.</p>
      ) : (
        <table className="table op-table" aria-label="Inputs">
          <thead>
            <tr>
              <th>Name</th>
              <th>Type</th>
              <th className="op-col-count">Min</th>
              <th className="op-col-count-wide">Max</th>
              <th className="op-col-remove" aria-label="Remove" />
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => {
              const label = row.name || `input ${index + 1}`;
              const invalid = problems.some((problem) => pointsAtRow(problem, index, row.name));
              return (
                <tr key={row.key} className={invalid ? "op-row-invalid" : undefined}>
                  <td>
                    <input
                      className="input mono op-name-input"
                      aria-label={`Input ${index + 1} name`}
                      aria-invalid={invalid || twice.has(row.name.trim()) || undefined}
                      value={row.name}
                      placeholder="name"
                      onChange={(event) => set(row.key, { name: event.target.value })}
                    />
                    {twice.has(row.name.trim()) && <span className="op-row-warning">Name used twice</span>}
                  </td>
                  <td>
                    <ResourceTypeSelect
                      label={`Type of ${label}`}
                      value={row.type}
                      types={types}
                      onChange={(type) => set(row.key, { type })}
                    />
                  </td>
                  <td>
                    <input
                      className="input op-count"
                      type="number"
                      min={0}
                      step={1}
                      aria-label={`Minimum count of ${label}`}
                      value={row.min_count}
                      onChange={(event) => set(row.key, { min_count: event.target.value })}
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
                        onChange={(event) => set(row.key, { max_count: event.target.value })}
                      />
                      <label className="op-check" title="Any number of values (max_count -1)">
                        <input
                          type="checkbox"
                          checked={row.unbounded}
                          aria-label={`${label} takes any number of values`}
                          onChange={(event) => set(row.key, { unbounded: event.target.checked })}
                        />
                        unbounded
                      </label>
                    </span>
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
