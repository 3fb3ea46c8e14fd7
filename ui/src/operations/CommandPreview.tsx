import { useEffect, useState } from "react";

import { api } from "../api/client";
import type { CodeWarning, CommandPreview as Preview } from "../api/types";
import { ErrorMessage } from "../components/ErrorMessage";
import { ParameterInput } from "../components/ParameterInput";
import { bodyOf, parameterOf } from "./form";
import { Section } from "./Section";
import type { OperationForm } from "./types";

/** How long typing pauses before the command is rendered again. */
const DEBOUNCE_MS = 350;

/** The rows that have a name already. */
function named<T extends { name: string }>(rows: T[]): T[] {
  return rows.filter((row) => row.name.trim() !== "");
}

/** The operation as the preview sends it: rows still without a name are left out. */
function previewBody(form: OperationForm): Record<string, unknown> {
  const body = bodyOf({
    ...form,
    inputs: named(form.inputs),
    outputs: named(form.outputs),
    parameters: named(form.parameters),
  });
  return { ...body, name: body.name || "preview" };
}

/** The server's warnings about the code, each with its line. */
function CodeWarnings({ warnings }: { warnings: CodeWarning[] }) {
  if (warnings.length === 0) return null;
  return (
    <ul className="op-warnings" aria-label="Warnings">
      {warnings.map((warning, index) => (
        <li key={index}>
          <span aria-hidden="true">⚠ </span>
          {warning.line != null && <strong>line {warning.line}: </strong>}
          {warning.message.replace(/^template line \d+: /, "")}
        </li>
      ))}
    </ul>
  );
}

/** The bash command of the operation as it is in the editor, saved or not, rendered by the
 * server with parameter values and input paths chosen here (values are shell-quoted exactly
 * as when it runs), and the server's warnings about the code, also given to `onWarnings`. */
export function CommandPreview({
  form,
  warnings,
  onWarnings,
}: {
  form: OperationForm;
  warnings: CodeWarning[];
  onWarnings: (warnings: CodeWarning[]) => void;
}) {
  const [overrides, setOverrides] = useState<Record<string, unknown>>({});
  const [paths, setPaths] = useState<Record<string, string>>({});
  const [command, setCommand] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [rendering, setRendering] = useState(false);

  const parameters = named(form.parameters);
  const inputs = named(form.inputs);
  const values = Object.fromEntries(
    parameters.map((row) => [row.name.trim(), row.name in overrides ? overrides[row.name] : row.default]),
  );
  const inputPaths = Object.fromEntries(
    inputs
      .map((row) => [row.name.trim(), (paths[row.name] ?? "").split("\n").map((path) => path.trim()).filter(Boolean)] as const)
      .filter(([, list]) => list.length > 0),
  );
  const request = JSON.stringify({ operation: previewBody(form), params: values, inputs: inputPaths });

  useEffect(() => {
    let current = true;
    const timer = window.setTimeout(() => {
      setRendering(true);
      api
        .post<Preview>("/operations/preview", JSON.parse(request))
        .then((answer) => {
          if (!current) return;
          setCommand(answer.command);
          onWarnings(answer.warnings ?? []);
          setError(undefined);
        })
        .catch((reason) => {
          if (!current) return;
          setCommand(undefined);
          onWarnings([]);
          setError(reason);
        })
        .finally(() => current && setRendering(false));
    }, DEBOUNCE_MS);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [request, onWarnings]);

  return (
    <Section
      title="Command preview"
      hint={rendering ? "rendering…" : "rendered by the server as it would run, unsaved changes included"}
      actions={
        Object.keys(overrides).length > 0 || Object.keys(paths).length > 0 ? (
          <button
            type="button"
            className="btn btn-small"
            onClick={() => {
              setOverrides({});
              setPaths({});
            }}
          >
            Reset values
          </button>
        ) : undefined
      }
    >
      {(parameters.length > 0 || inputs.length > 0) && (
        <div className="op-preview-values" role="group" aria-label="Preview values">
          {parameters.map((row) => (
            <div className="field op-preview-field" key={row.key}>
              <span>
                param <code>{row.name}</code>
              </span>
              <ParameterInput
                parameter={parameterOf(row)}
                value={values[row.name]}
                label={`Preview value of ${row.name}`}
                onChange={(value) => setOverrides((previous) => ({ ...previous, [row.name]: value }))}
              />
            </div>
          ))}
          {inputs.map((row) => (
            <label className="field op-preview-field" key={row.key}>
              <span>
                input <code>{row.name}</code>
                {row.unbounded || row.max_count !== "1" ? " (one path a line)" : ""}
              </span>
              {row.unbounded || row.max_count !== "1" ? (
                <textarea
                  className="input"
                  rows={2}
                  aria-label={`Preview path of ${row.name}`}
                  placeholder={`/tmp/plynx/inputs/${row.name}`}
                  value={paths[row.name] ?? ""}
                  onChange={(event) => setPaths((previous) => ({ ...previous, [row.name]: event.target.value }))}
                />
              ) : (
                <input
                  className="input mono"
                  aria-label={`Preview path of ${row.name}`}
                  placeholder={`/tmp/plynx/inputs/${row.name}`}
                  value={paths[row.name] ?? ""}
                  onChange={(event) => setPaths((previous) => ({ ...previous, [row.name]: event.target.value }))}
                />
              )}
            </label>
          ))}
        </div>
      )}
      {error ? (
        <ErrorMessage error={error} title="The command does not render" />
      ) : (
        <pre className="op-command" aria-label="Rendered command" aria-busy={rendering}>
          {command ?? " "}
        </pre>
      )}
      <CodeWarnings warnings={warnings} />
    </Section>
  );
}
