import { useId } from "react";

import type { KindInfo } from "../api/types";
import { Section } from "./Section";
import type { SectionProps } from "./types";

/** Name (only while the operation is new), title, description and kind. */
export function GeneralSection({
  form,
  onChange,
  isNew,
  readOnly,
  kinds,
  problems,
}: SectionProps & {
  isNew: boolean;
  kinds: KindInfo[];
}) {
  const kind = kinds.find((item) => item.name === form.kind);
  const id = useId();
  return (
    <Section title="General" problems={problems}>
      <div className="op-grid">
        <div className="op-field">
          <label htmlFor={`${id}-name`}>Name</label>
          <input
            id={`${id}-name`}
            className="input mono"
            value={form.name}
            readOnly={!isNew}
            required
            aria-describedby={`${id}-name-hint`}
            placeholder="e.g. count_lines"
            onChange={(event) => onChange({ name: event.target.value })}
          />
          <span id={`${id}-name-hint`} className="op-hint">
            {isNew ? "Shared by every version; cannot change later." : "Shared by every version."}
          </span>
        </div>
        <div className="op-field">
          <label htmlFor={`${id}-kind`}>Kind</label>
          <select
            id={`${id}-kind`}
            aria-describedby={`${id}-kind-hint`}
            className="input"
            value={form.kind}
            disabled={!isNew && (form.kind === "composite" || form.kind === "file")}
            onChange={(event) => onChange({ kind: event.target.value })}
          >
            {!kind && <option value={form.kind}>{form.kind}</option>}
            {kinds.map((item) => (
              <option key={item.name} value={item.name}>
                {item.name}
              </option>
            ))}
          </select>
          <span id={`${id}-kind-hint`} className="op-hint">
            {kind?.description ?? "A kind this server does not know."}
          </span>
        </div>
        <label className="field op-grid-wide">
          Title
          <input
            className="input"
            value={form.title}
            placeholder={readOnly ? "No title" : "What it does, in a few words"}
            onChange={(event) => onChange({ title: event.target.value })}
          />
        </label>
        <label className="field op-grid-wide">
          Description
          <textarea
            className="input op-description"
            rows={3}
            value={form.description}
            placeholder={readOnly ? "No description" : "What it reads, what it writes, what its parameters mean"}
            onChange={(event) => onChange({ description: event.target.value })}
          />
        </label>
      </div>
    </Section>
  );
}
