import { useState } from "react";

/** How deep a tree opens by itself. */
const OPEN_DEPTH = 2;
/** Most children one level shows before a "show more" button. */
const PAGE = 100;

function Scalar({ value }: { value: unknown }) {
  if (value === null) return <span className="json-null">null</span>;
  if (typeof value === "string") return <span className="json-string">{JSON.stringify(value)}</span>;
  if (typeof value === "number") return <span className="json-number">{String(value)}</span>;
  if (typeof value === "boolean") return <span className="json-bool">{String(value)}</span>;
  return <span>{String(value)}</span>;
}

function Branch({ name, value, depth }: { name: string | null; value: object; depth: number }) {
  const [open, setOpen] = useState(depth < OPEN_DEPTH);
  const [shown, setShown] = useState(PAGE);
  const isArray = Array.isArray(value);
  const entries = isArray ? (value as unknown[]).map((item, index) => [String(index), item] as const) : Object.entries(value);
  const summary = isArray ? `[${entries.length}]` : `{${entries.length}}`;
  return (
    <div className="json-branch">
      <button
        type="button"
        className="json-toggle"
        aria-expanded={open}
        aria-label={`${open ? "Collapse" : "Expand"} ${name ?? "value"}`}
        onClick={() => setOpen(!open)}
      >
        <span aria-hidden="true" className="json-caret">
          {open ? "▾" : "▸"}
        </span>
        {name !== null && <span className="json-key">{name}: </span>}
        <span className="muted">{summary}</span>
      </button>
      {open && (
        <div className="json-children">
          {entries.slice(0, shown).map(([key, item]) => (
            <JsonNode key={key} name={key} value={item} depth={depth + 1} />
          ))}
          {entries.length > shown && (
            <button type="button" className="btn btn-small" onClick={() => setShown(shown + PAGE)}>
              Show {Math.min(PAGE, entries.length - shown)} more of {entries.length - shown}
            </button>
          )}
        </div>
      )}
    </div>
  );
}

function JsonNode({ name, value, depth }: { name: string | null; value: unknown; depth: number }) {
  if (value !== null && typeof value === "object") return <Branch name={name} value={value} depth={depth} />;
  return (
    <div className="json-leaf">
      {name !== null && <span className="json-key">{name}: </span>}
      <Scalar value={value} />
    </div>
  );
}

/** A JSON value as a tree whose objects and arrays open and close. */
export function JsonTree({ value }: { value: unknown }) {
  return (
    <div className="json-tree mono" role="group" aria-label="JSON document">
      <JsonNode name={null} value={value} depth={0} />
    </div>
  );
}
