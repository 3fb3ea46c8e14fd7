import { newEnv } from "./form";
import { AddRowButton, NameCell, RemoveCell, RowsTable, useRowEdits } from "./RowsTable";
import { Section } from "./Section";
import type { EnvRow, SectionProps } from "./types";

/** The declared environment: variables that enter the cache key. */
function EnvTable({
  rows,
  onChange,
  readOnly,
}: {
  rows: EnvRow[];
  onChange: (rows: EnvRow[]) => void;
  readOnly: boolean;
}) {
  const edits = useRowEdits(rows, onChange);
  return (
    <div className="op-env">
      <div className="op-subheader">
        <h3>Environment</h3>
        <span className="muted op-hint">declared versions of what the code depends on; part of the cache key</span>
        <span className="spacer" />
        <AddRowButton readOnly={readOnly} onAdd={() => edits.add(newEnv())}>
          + Add variable
        </AddRowButton>
      </div>
      <RowsTable
        label="Environment"
        count={rows.length}
        empty="None declared."
        head={
          <>
            <th>Name</th>
            <th>Value</th>
          </>
        }
      >
        {rows.map((row, index) => (
          <tr key={row.key}>
            <NameCell
              label={`Variable ${index + 1} name`}
              value={row.name}
              invalid={false}
              twice={edits.twice}
              placeholder="NAME"
              warning="Only the last value is kept"
              onChange={(name) => edits.set(row.key, { name })}
            />
            <td>
              <input
                className="input mono op-wide-input"
                aria-label={`Value of variable ${row.name || index + 1}`}
                value={row.value}
                onChange={(event) => edits.set(row.key, { value: event.target.value })}
              />
            </td>
            <RemoveCell
              label={`Remove variable ${row.name || index + 1}`}
              readOnly={readOnly}
              onRemove={() => edits.remove(row.key)}
            />
          </tr>
        ))}
      </RowsTable>
    </div>
  );
}

/** A labelled number field of the form, its value as typed. */
function NumberField({
  label,
  value,
  onChange,
  ...limits
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  min: number;
  step: number | "any";
  placeholder?: string;
  disabled?: boolean;
}) {
  return (
    <label className="field">
      {label}
      <input className="input" type="number" {...limits} value={value} onChange={(event) => onChange(event.target.value)} />
    </label>
  );
}

/** Cache policy, retries, timeout and the declared environment. */
export function AdvancedSection({ form, onChange, readOnly, problems }: SectionProps) {
  return (
    <Section title="Execution" hint="cache, retries, timeout, environment" problems={problems}>
      <div className="op-advanced">
        <fieldset className="op-group">
          <legend>Cache</legend>
          <label className="op-check">
            <input
              type="checkbox"
              checked={form.cacheEnabled}
              onChange={(event) => onChange({ cacheEnabled: event.target.checked })}
            />
            Re-use results computed on the same inputs
          </label>
          <NumberField label="Expires after (seconds)" min={0} step="any" placeholder="never"
            disabled={!form.cacheEnabled} value={form.cacheExpiry} onChange={(cacheExpiry) => onChange({ cacheExpiry })} />
          <label className="field">
            Cache version
            <input
              className="input mono"
              value={form.cacheVersion}
              title="Change it to invalidate every cached result"
              onChange={(event) => onChange({ cacheVersion: event.target.value })}
            />
          </label>
        </fieldset>
        <fieldset className="op-group">
          <legend>Retries</legend>
          <NumberField label="Attempts at most" min={1} step={1} value={form.maxAttempts}
            onChange={(maxAttempts) => onChange({ maxAttempts })} />
          <NumberField label="First backoff (seconds)" min={0} step="any" value={form.backoffSeconds}
            onChange={(backoffSeconds) => onChange({ backoffSeconds })} />
          <NumberField label="Backoff factor" min={1} step="any" value={form.backoffFactor}
            onChange={(backoffFactor) => onChange({ backoffFactor })} />
        </fieldset>
        <fieldset className="op-group">
          <legend>Limits</legend>
          <NumberField label="Timeout (seconds)" min={0} step="any" placeholder="none" value={form.timeout}
            onChange={(timeout) => onChange({ timeout })} />
        </fieldset>
      </div>
      <EnvTable rows={form.env} onChange={(env) => onChange({ env })} readOnly={readOnly} />
    </Section>
  );
}
