import type { ResourceTypeInfo } from "../api/types";
import { duplicates, newOutput } from "./form";
import { pointsAtRow, type PlacedProblem } from "./problems";
import { ResourceTypeSelect } from "./ResourceTypeSelect";
import { Section } from "./Section";
import type { OutputRow } from "./types";

/** The named, typed outputs the operation writes. */
export function OutputsTable({
  rows,
  onChange,
  types,
  problems,
  readOnly,
}: {
  rows: OutputRow[];
  onChange: (rows: OutputRow[]) => void;
  types: ResourceTypeInfo[];
  problems: PlacedProblem[];
  readOnly: boolean;
}) {
  const twice = duplicates(rows.map((row) => row.name));
  const set = (key: string, change: Partial<OutputRow>) =>
    onChange(rows.map((row) => (row.key === key ? { ...row, ...change } : row)));
  return (
    <Section
      title="Outputs"
      hint={rows.length ? `${rows.length}` : undefined}
      problems={problems}
      actions={
        !readOnly && (
          <button type="button" className="btn btn-small" onClick={() => onChange([...rows, newOutput()])}>
            + Add output
          </button>
        )
      }
    >
      {rows.length === 0 ? (
        <p className="muted op-empty">No outputs.</p>
      ) : (
        <table className="table op-table" aria-label="Outputs">
          <thead>
            <tr>
              <th>Name</th>
              <th>Type</th>
              <th className="op-col-remove" aria-label="Remove" />
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => {
              const label = row.name || `output ${index + 1}`;
              const invalid = problems.some((problem) => pointsAtRow(problem, index, row.name));
              return (
                <tr key={row.key} className={invalid ? "op-row-invalid" : undefined}>
                  <td>
                    <input
                      className="input mono op-name-input"
                      aria-label={`Output ${index + 1} name`}
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
