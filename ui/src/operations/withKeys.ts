// Keeping the identity of table rows across a save, so the field being typed in keeps
// its focus when the server's answer replaces the form.

import type { OperationForm } from "./types";

function rekey<T extends { key: string }>(fresh: T[], previous: T[]): T[] {
  return fresh.map((row, index) => (previous[index] ? { ...row, key: previous[index].key } : row));
}

/** `fresh` with the row keys of `previous`, row by row. */
export function withKeysOf(fresh: OperationForm, previous: OperationForm): OperationForm {
  return {
    ...fresh,
    inputs: rekey(fresh.inputs, previous.inputs),
    outputs: rekey(fresh.outputs, previous.outputs),
    parameters: rekey(fresh.parameters, previous.parameters),
    env: rekey(fresh.env, previous.env),
  };
}
