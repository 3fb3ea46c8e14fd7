// How code refers to an operation's inputs, outputs and parameters, by kind (the seed's
// template variables): shown beside the code editor as a reminder.

import type { OperationForm } from "./types";

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function bashRef(group: string, name: string): string {
  return IDENTIFIER.test(name) ? `{{ ${group}.${name} }}` : `{{ ${group}['${name}'] }}`;
}

/** The expressions naming each declared input, output and parameter in `form.kind`'s code. */
export function templateNames(form: OperationForm): string[] {
  const inputs = form.inputs.map((row) => row.name.trim()).filter(Boolean);
  const outputs = form.outputs.map((row) => row.name.trim()).filter(Boolean);
  const params = form.parameters.map((row) => row.name.trim()).filter(Boolean);
  if (form.kind === "python") {
    return [
      ...inputs.map((name) => `input['${name}']`),
      ...outputs.map((name) => `output['${name}']`),
      ...params.map((name) => `param['${name}']`),
    ];
  }
  if (form.kind.startsWith("bash")) {
    return [
      ...inputs.map((name) => bashRef("input", name)),
      ...outputs.map((name) => bashRef("output", name)),
      ...params.map((name) => `{{ param['${name}'] }}`),
    ];
  }
  return [];
}
