import { useEffect, useState } from "react";

import { api } from "../api/client";
import type { CommandPreview as Preview } from "../api/types";
import { ErrorMessage } from "../components/ErrorMessage";
import { ParameterInput } from "../components/ParameterInput";
import { parameterOf } from "./form";
import { Section } from "./Section";
import type { OperationForm } from "./types";

/** How long typing pauses before the command is rendered again. */
const DEBOUNCE_MS = 350;

/** The bash command of the saved operation rendered by the server, with parameter values
 * and input paths chosen here (values are shell-quoted exactly as when it runs). */
export function CommandPreview({
  operationId,
  saved,
  savedAt,
  dirty,
  onSave,
}: {
  /** The saved operation (none while it is new). */
  operationId: string | undefined;
  /** The form as last saved: its parameters and inputs are what the server renders. */
  saved: OperationForm;
  /** Changes whenever the operation is saved, so the preview renders again. */
  savedAt: number;
  /** Whether the editor holds changes the preview does not show yet. */
  dirty: boolean;
  /** Save the changes (when allowed), so the preview can show them. */
  onSave?: () => void;
}) {
  const [overrides, setOverrides] = useState<Record<string, unknown>>({});
  const [paths, setPaths] = useState<Record<string, string>>({});
  const [command, setCommand] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [rendering, setRendering] = useState(false);

  const parameters = saved.parameters.filter((row) => row.name.trim() !== "");
  const inputs = saved.inputs.filter((row) => row.name.trim() !== "");
  const values = Object.fromEntries(
    parameters.map((row) => [row.name, row.name in overrides ? overrides[row.name] : row.default]),
  );
  const inputPaths = Object.fromEntries(
    inputs
      .map((row) => [row.name, (paths[row.name] ?? "").split("\n").map((path) => path.trim()).filter(Boolean)] as const)
      .filter(([, list]) => list.length > 0),
  );
  const request = JSON.stringify({ params: values, inputs: inputPaths });

  useEffect(() => {
    if (!operationId) return;
    let current = true;
    const timer = window.setTimeout(() => {
      setRendering(true);
      api
        .post<Preview>(`/operations/${operationId}/preview`, JSON.parse(request))
        .then((answer) => {
          if (!current) return;
          setCommand(answer.command);
          setError(undefined);
        })
        .catch((reason) => {
          if (!current) return;
          setCommand(undefined);
          setError(reason);
        })
        .finally(() => current && setRendering(false));
    }, DEBOUNCE_MS);
    return () => {
      current = false;
      window.clearTimeout(timer);
    };
  }, [operationId, request, savedAt]);

  return (
    <Section
      title="Command preview"
      hint={rendering ? "rendering…" : "rendered by the server, as it would run"}
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
      {!operationId ? (
        <div className="op-preview-note">
          <span className="muted">Save the draft to render its command.</span>
          {onSave && (
            <button type="button" className="btn btn-small" onClick={onSave}>
              Save draft
            </button>
          )}
        </div>
      ) : (
        <>
          {dirty && (
            <div className="op-preview-note">
              <span className="muted">The preview shows the last saved version; save to see your changes.</span>
              {onSave && (
                <button type="button" className="btn btn-small" onClick={onSave}>
                  Save and preview
                </button>
              )}
            </div>
          )}
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
        </>
      )}
    </Section>
  );
}
