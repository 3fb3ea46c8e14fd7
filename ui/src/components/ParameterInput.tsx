import type { Parameter } from "../api/types";
import { CodeEditor } from "./CodeEditor";
import "./ParameterInput.css";

/** The value a parameter of this type starts with when it has no default. */
export function emptyValue(type: Parameter["type"]): unknown {
  switch (type) {
    case "int":
    case "float":
      return 0;
    case "bool":
      return false;
    case "list_str":
    case "list_int":
      return [];
    case "color":
      return "#000000";
    default:
      return "";
  }
}

/** A short text for a parameter value (shown on canvas nodes and in tables). */
export function displayValue(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (Array.isArray(value)) return value.join(", ");
  if (typeof value === "object") return JSON.stringify(value);
  const text = String(value);
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

function ListInput({
  values,
  numeric,
  onChange,
  label,
}: {
  values: unknown[];
  numeric: boolean;
  onChange: (values: unknown[]) => void;
  label: string;
}) {
  const set = (index: number, text: string) =>
    onChange(values.map((item, at) => (at === index ? (numeric ? Number(text) : text) : item)));
  return (
    <div className="list-input" role="group" aria-label={label}>
      {values.map((item, index) => (
        <div className="list-input-row" key={index}>
          <input
            className="input"
            type={numeric ? "number" : "text"}
            step={numeric ? 1 : undefined}
            aria-label={`${label} item ${index + 1}`}
            value={String(item ?? "")}
            onChange={(event) => set(index, event.target.value)}
          />
          <button
            type="button"
            className="btn btn-icon btn-small"
            aria-label={`Remove ${label} item ${index + 1}`}
            onClick={() => onChange(values.filter((_, at) => at !== index))}
          >
            ✕
          </button>
        </div>
      ))}
      <button type="button" className="btn btn-small" onClick={() => onChange([...values, numeric ? 0 : ""])}>
        + Add item
      </button>
    </div>
  );
}

/** The widget fitting a parameter's type: text, number, checkbox, select, list, code or colour. */
export function ParameterInput({
  parameter,
  value,
  onChange,
  label,
  disabled = false,
}: {
  parameter: Parameter;
  value: unknown;
  onChange: (value: unknown) => void;
  /** The accessible name (default: the parameter's name). */
  label?: string;
  disabled?: boolean;
}) {
  const name = label ?? parameter.name;
  const type = parameter.type ?? "str";
  switch (type) {
    case "int":
    case "float":
      return (
        <input
          className="input"
          type="number"
          aria-label={name}
          disabled={disabled}
          step={type === "int" ? 1 : "any"}
          value={value === undefined || value === null ? "" : String(value)}
          onChange={(event) => {
            const text = event.target.value;
            onChange(text === "" ? null : type === "int" ? Math.trunc(Number(text)) : Number(text));
          }}
        />
      );
    case "bool":
      return (
        <input
          type="checkbox"
          aria-label={name}
          disabled={disabled}
          checked={Boolean(value)}
          onChange={(event) => onChange(event.target.checked)}
        />
      );
    case "text":
      return (
        <textarea
          className="input"
          aria-label={name}
          disabled={disabled}
          rows={4}
          value={String(value ?? "")}
          onChange={(event) => onChange(event.target.value)}
        />
      );
    case "enum":
      return (
        <select
          className="input"
          aria-label={name}
          disabled={disabled}
          value={String(value ?? "")}
          onChange={(event) => onChange(event.target.value)}
        >
          {!(parameter.options ?? []).includes(String(value ?? "")) && <option value={String(value ?? "")}>—</option>}
          {(parameter.options ?? []).map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      );
    case "list_str":
    case "list_int":
      return (
        <ListInput
          values={Array.isArray(value) ? value : []}
          numeric={type === "list_int"}
          onChange={onChange}
          label={name}
        />
      );
    case "code":
      return (
        <CodeEditor
          value={String(value ?? "")}
          onChange={onChange}
          readOnly={disabled}
          label={name}
          minHeight="80px"
          maxHeight="300px"
        />
      );
    case "color":
      return (
        <span className="color-input">
          <input
            type="color"
            aria-label={name}
            disabled={disabled}
            value={/^#[0-9a-f]{6}$/i.test(String(value)) ? String(value) : "#000000"}
            onChange={(event) => onChange(event.target.value)}
          />
          <code>{String(value ?? "")}</code>
        </span>
      );
    default:
      return (
        <input
          className="input"
          type="text"
          aria-label={name}
          disabled={disabled}
          value={String(value ?? "")}
          onChange={(event) => onChange(event.target.value)}
        />
      );
  }
}
