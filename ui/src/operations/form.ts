// The editor's form: made from an operation, turned back into the body the API takes.
// Pure functions, no I/O.

import type { Operation, Parameter, ParameterType } from "../api/types";
import { emptyValue } from "../components/ParameterInput";
import type { EnvRow, InputRow, OperationForm, OutputRow, ParameterRow } from "./types";

let lastKey = 0;

/** A key for a new table row, unique in this page. */
export function newKey(): string {
  lastKey += 1;
  return `row-${lastKey}`;
}

/** The form of a new operation of `kind`. */
export function emptyForm(kind = "bash_jinja2"): OperationForm {
  return {
    name: "",
    title: "",
    description: "",
    kind,
    inputs: [],
    outputs: [],
    parameters: [],
    code: "",
    graph: null,
    artifact: null,
    cacheEnabled: true,
    cacheExpiry: "",
    cacheVersion: "1",
    maxAttempts: "1",
    backoffSeconds: "1",
    backoffFactor: "2",
    timeout: "",
    env: [],
  };
}

export const newInput = (): InputRow => ({
  key: newKey(),
  name: "",
  type: "file",
  min_count: "1",
  max_count: "1",
  unbounded: false,
});

export const newOutput = (): OutputRow => ({ key: newKey(), name: "", type: "file" });

export const newParameter = (): ParameterRow => ({
  key: newKey(),
  name: "",
  type: "str",
  default: "",
  optionsText: "",
  description: "",
  hidden: false,
});

export const newEnv = (): EnvRow => ({ key: newKey(), name: "", value: "" });

const text = (value: number | null | undefined): string =>
  value === null || value === undefined ? "" : String(value);

/** The form showing `op`. */
export function formOf(op: Operation): OperationForm {
  return {
    name: op.name,
    title: op.title ?? "",
    description: op.description ?? "",
    kind: op.kind,
    inputs: (op.inputs ?? []).map((input) => ({
      key: newKey(),
      name: input.name,
      type: input.type ?? "file",
      min_count: text(input.min_count ?? 1),
      max_count: input.max_count === -1 ? "1" : text(input.max_count ?? 1),
      unbounded: input.max_count === -1,
    })),
    outputs: (op.outputs ?? []).map((output) => ({ key: newKey(), name: output.name, type: output.type ?? "file" })),
    parameters: (op.parameters ?? []).map((parameter) => ({
      key: newKey(),
      name: parameter.name,
      type: parameter.type ?? "str",
      default: parameter.default ?? emptyValue(parameter.type),
      optionsText: (parameter.options ?? []).join(", "),
      description: parameter.description ?? "",
      hidden: parameter.hidden ?? false,
    })),
    code: op.code ?? "",
    graph: op.graph ?? null,
    artifact: op.artifact ?? null,
    cacheEnabled: op.cache?.enabled ?? true,
    cacheExpiry: text(op.cache?.expiry_seconds),
    cacheVersion: op.cache?.version ?? "1",
    maxAttempts: text(op.retries?.max_attempts ?? 1),
    backoffSeconds: text(op.retries?.backoff_seconds ?? 1),
    backoffFactor: text(op.retries?.backoff_factor ?? 2),
    timeout: text(op.timeout_seconds),
    env: Object.entries(op.env ?? {}).map(([name, value]) => ({ key: newKey(), name, value })),
  };
}

/** A number as typed: undefined when empty, the text itself when not a number (the server
 * then names the field), else the number. */
export function typedNumber(value: string): number | string | undefined {
  const trimmed = value.trim();
  if (trimmed === "") return undefined;
  const number = Number(trimmed);
  return Number.isFinite(number) ? number : trimmed;
}

/** The options of an enum as typed: comma-separated, blanks dropped. */
export function optionsOf(optionsText: string): string[] {
  return optionsText
    .split(",")
    .map((option) => option.trim())
    .filter((option) => option !== "");
}

/** A row's parameter declaration (used by the default's widget and by the body). */
export function parameterOf(row: ParameterRow): Parameter {
  return {
    name: row.name,
    type: row.type,
    default: row.default,
    options: row.type === "enum" ? optionsOf(row.optionsText) : [],
    description: row.description,
    hidden: row.hidden,
  };
}

function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}

/** The body of POST /operations and PUT /operations/{id} for `form`. */
export function bodyOf(form: OperationForm): Record<string, unknown> {
  return {
    name: form.name.trim(),
    title: form.title,
    description: form.description,
    kind: form.kind,
    inputs: form.inputs.map((row) =>
      defined({
        name: row.name.trim(),
        type: row.type,
        min_count: typedNumber(row.min_count),
        max_count: row.unbounded ? -1 : typedNumber(row.max_count),
      }),
    ),
    outputs: form.outputs.map((row) => ({ name: row.name.trim(), type: row.type })),
    parameters: form.parameters.map((row) => ({ ...parameterOf(row), name: row.name.trim() })),
    code: form.code,
    graph: form.graph,
    artifact: form.artifact,
    cache: {
      enabled: form.cacheEnabled,
      expiry_seconds: typedNumber(form.cacheExpiry) ?? null,
      version: form.cacheVersion.trim() || "1",
    },
    retries: defined({
      max_attempts: typedNumber(form.maxAttempts),
      backoff_seconds: typedNumber(form.backoffSeconds),
      backoff_factor: typedNumber(form.backoffFactor),
    }),
    timeout_seconds: typedNumber(form.timeout) ?? null,
    env: Object.fromEntries(
      form.env.filter((row) => row.name.trim() !== "").map((row) => [row.name.trim(), row.value]),
    ),
  };
}

/** Whether two forms would save the same operation. */
export function sameContent(a: OperationForm, b: OperationForm): boolean {
  return JSON.stringify(bodyOf(a)) === JSON.stringify(bodyOf(b));
}

const STRING_TYPES: ParameterType[] = ["str", "text", "code", "enum"];

/** The default kept when a parameter's type changes: the old one if it still fits. */
export function defaultForType(previous: unknown, from: ParameterType, to: ParameterType): unknown {
  if (STRING_TYPES.includes(from) && STRING_TYPES.includes(to)) return previous;
  if ((from === "int" || from === "float") && (to === "int" || to === "float")) return previous;
  if (from === "list_int" && to === "list_str" && Array.isArray(previous)) return previous.map(String);
  return emptyValue(to);
}

/** Names used more than once in `names` (blank names left out). */
export function duplicates(names: string[]): Set<string> {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const name of names.map((item) => item.trim()).filter(Boolean)) {
    if (seen.has(name)) twice.add(name);
    seen.add(name);
  }
  return twice;
}
