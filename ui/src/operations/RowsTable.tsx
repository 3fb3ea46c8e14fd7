// The editable tables of the operation editor (inputs, outputs, parameters, environment):
// rows added, edited in place and removed, each named, with a warning on a name used twice.

import type { ReactNode } from "react";

import { duplicates } from "./form";
import { pointsAtRow, type PlacedProblem } from "./problems";
import { Section } from "./Section";

/** A row of an editable table: `key` identifies it while its name is edited. */
export interface EditableRow {
  key: string;
  name: string;
}

/** Edits of `rows` reported through `onChange`, and the names used more than once. */
export function useRowEdits<R extends EditableRow>(rows: R[], onChange: (rows: R[]) => void) {
  return {
    twice: duplicates(rows.map((row) => row.name)),
    set: (key: string, change: Partial<R>) =>
      onChange(rows.map((row) => (row.key === key ? { ...row, ...change } : row))),
    add: (row: R) => onChange([...rows, row]),
    remove: (key: string) => onChange(rows.filter((item) => item.key !== key)),
  };
}

/** The table of the rows (`children`), or `empty` when there is none. `head` holds the header
 * cells but the last one, above the remove buttons. */
export function RowsTable({
  label,
  count,
  empty,
  head,
  children,
}: {
  label: string;
  count: number;
  empty: ReactNode;
  head: ReactNode;
  children: ReactNode;
}) {
  if (count === 0) return <p className="muted op-empty">{empty}</p>;
  return (
    <table className="table op-table" aria-label={label}>
      <thead>
        <tr>
          {head}
          <th className="op-col-remove" aria-label="Remove" />
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}

/** The name cell of a row, warning when the name is used twice. */
export function NameCell({
  label,
  value,
  invalid,
  twice,
  placeholder,
  warning,
  onChange,
}: {
  label: string;
  value: string;
  invalid: boolean;
  twice: Set<string>;
  placeholder: string;
  warning: string;
  onChange: (name: string) => void;
}) {
  const used = twice.has(value.trim());
  return (
    <td>
      <input
        className="input mono op-name-input"
        aria-label={label}
        aria-invalid={invalid || used || undefined}
        value={value}
        placeholder={placeholder}
        onChange={(event) => onChange(event.target.value)}
      />
      {used && <span className="op-row-warning">{warning}</span>}
    </td>
  );
}

/** The last cell of a row: its remove button, unless read-only. */
export function RemoveCell({ label, readOnly, onRemove }: { label: string; readOnly: boolean; onRemove: () => void }) {
  return (
    <td>
      {!readOnly && (
        <button type="button" className="btn btn-icon btn-small" aria-label={label} onClick={onRemove}>
          ✕
        </button>
      )}
    </td>
  );
}

/** A button adding a row, absent when read-only. */
export function AddRowButton({ readOnly, onAdd, children }: { readOnly: boolean; onAdd: () => void; children: ReactNode }) {
  if (readOnly) return null;
  return (
    <button type="button" className="btn btn-small" onClick={onAdd}>
      {children}
    </button>
  );
}

/**
 * A section of named rows of one `noun` ("input": rows "input 1", "Input 1 name", "+ Add
 * input"), their server problems marking the rows they point at. `cells` draws the cells
 * between the name and the remove button of a row called `label`.
 */
export function RowsSection<R extends EditableRow>({
  title,
  noun,
  rows,
  onChange,
  create,
  problems,
  readOnly,
  empty,
  head,
  cells,
}: {
  title: string;
  noun: string;
  rows: R[];
  onChange: (rows: R[]) => void;
  create: () => R;
  problems: PlacedProblem[];
  readOnly: boolean;
  empty: ReactNode;
  head: ReactNode;
  cells: (row: R, label: string, set: (change: Partial<R>) => void) => ReactNode;
}) {
  const edits = useRowEdits(rows, onChange);
  const Noun = noun.charAt(0).toUpperCase() + noun.slice(1);
  return (
    <Section
      title={title}
      hint={rows.length ? `${rows.length}` : undefined}
      problems={problems}
      actions={
        <AddRowButton readOnly={readOnly} onAdd={() => edits.add(create())}>
          + Add {noun}
        </AddRowButton>
      }
    >
      <RowsTable label={title} count={rows.length} empty={empty} head={head}>
        {rows.map((row, index) => {
          const label = row.name || `${noun} ${index + 1}`;
          const invalid = problems.some((problem) => pointsAtRow(problem, index, row.name));
          const set = (change: Partial<R>) => edits.set(row.key, change);
          return (
            <tr key={row.key} className={invalid ? "op-row-invalid" : undefined}>
              <NameCell
                label={`${Noun} ${index + 1} name`}
                value={row.name}
                invalid={invalid}
                twice={edits.twice}
                placeholder="name"
                warning="Name used twice"
                onChange={(name) => set({ name } as Partial<R>)}
              />
              {cells(row, label, set)}
              <RemoveCell label={`Remove ${label}`} readOnly={readOnly} onRemove={() => edits.remove(row.key)} />
            </tr>
          );
        })}
      </RowsTable>
    </Section>
  );
}
