import { duplicates, newEnv } from "./form";
import type { PlacedProblem } from "./problems";
import { Section } from "./Section";
import type { EnvRow, OperationForm } from "./types";

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
  const twice = duplicates(rows.map((row) => row.name));
  const set = (key: string, change: Partial<EnvRow>) =>
    onChange(rows.map((row) => (row.key === key ? { ...row, ...change } : row)));
  return (
    <div className="op-env">
      <div className="op-subheader">
        <h3>Environment</h3>
        <span className="muted op-hint">declared versions of what the code depends on; part of the cache key</span>
        <span className="spacer" />
        {!readOnly && (
          <button type="button" className="btn btn-small" onClick={() => onChange([...rows, newEnv()])}>
            + Add variable
          </button>
        )}
      </div>
      {rows.length === 0 ? (
        <p className="muted op-empty">None declared.</p>
      ) : (
        <table className="table op-table" aria-label="Environment">
          <thead>
            <tr>
              <th>Name</th>
              <th>Value</th>
              <th className="op-col-remove" aria-label="Remove" />
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <tr key={row.key}>
                <td>
                  <input
                    className="input mono op-name-input"
                    aria-label={`Variable ${index + 1} name`}
                    aria-invalid={twice.has(row.name.trim()) || undefined}
                    value={row.name}
                    placeholder="NAME"
                    onChange={(event) => set(row.key, { name: event.target.value })}
                  />
                  {twice.has(row.name.trim()) && <span className="op-row-warning">Only the last value is kept</span>}
                </td>
                <td>
                  <input
                    className="input mono op-wide-input"
                    aria-label={`Value of variable ${row.name || index + 1}`}
                    value={row.value}
                    onChange={(event) => set(row.key, { value: event.target.value })}
                  />
                </td>
                <td>
                  {!readOnly && (
                    <button
                      type="button"
                      className="btn btn-icon btn-small"
                      aria-label={`Remove variable ${row.name || index + 1}`}
                      onClick={() => onChange(rows.filter((item) => item.key !== row.key))}
                    >
                      ✕
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** Cache policy, retries, timeout and the declared environment. */
export function AdvancedSection({
  form,
  onChange,
  readOnly,
  problems,
}: {
  form: OperationForm;
  onChange: (change: Partial<OperationForm>) => void;
  readOnly: boolean;
  problems: PlacedProblem[];
}) {
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
          <label className="field">
            Expires after (seconds)
            <input
              className="input"
              type="number"
              min={0}
              step="any"
              placeholder="never"
              disabled={!form.cacheEnabled}
              value={form.cacheExpiry}
              onChange={(event) => onChange({ cacheExpiry: event.target.value })}
            />
          </label>
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
          <label className="field">
            Attempts at most
            <input
              className="input"
              type="number"
              min={1}
              step={1}
              value={form.maxAttempts}
              onChange={(event) => onChange({ maxAttempts: event.target.value })}
            />
          </label>
          <label className="field">
            First backoff (seconds)
            <input
              className="input"
              type="number"
              min={0}
              step="any"
              value={form.backoffSeconds}
              onChange={(event) => onChange({ backoffSeconds: event.target.value })}
            />
          </label>
          <label className="field">
            Backoff factor
            <input
              className="input"
              type="number"
              min={1}
              step="any"
              value={form.backoffFactor}
              onChange={(event) => onChange({ backoffFactor: event.target.value })}
            />
          </label>
        </fieldset>
        <fieldset className="op-group">
          <legend>Limits</legend>
          <label className="field">
            Timeout (seconds)
            <input
              className="input"
              type="number"
              min={0}
              step="any"
              placeholder="none"
              value={form.timeout}
              onChange={(event) => onChange({ timeout: event.target.value })}
            />
          </label>
        </fieldset>
      </div>
      <EnvTable rows={form.env} onChange={(env) => onChange({ env })} readOnly={readOnly} />
    </Section>
  );
}
