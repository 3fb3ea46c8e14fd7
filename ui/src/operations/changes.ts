// What changed from one version of an operation to the next, in a few words.

import type { Operation } from "../api/types";

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function namedChanges<T extends { name: string }>(label: string, newer: T[] = [], older: T[] = []): string[] {
  if (same(newer, older)) return [];
  const before = new Map(older.map((item) => [item.name, item]));
  const after = new Map(newer.map((item) => [item.name, item]));
  const added = newer.filter((item) => !before.has(item.name)).map((item) => `+${item.name}`);
  const removed = older.filter((item) => !after.has(item.name)).map((item) => `−${item.name}`);
  const changed = newer
    .filter((item) => before.has(item.name) && !same(item, before.get(item.name)))
    .map((item) => item.name);
  const parts = [...added, ...removed, ...changed];
  return [parts.length ? `${label} (${parts.join(", ")})` : `${label} (order)`];
}

/** The fields of `newer` that differ from `older`, e.g. ["code", "parameters (pattern)"]. */
export function changedFields(newer: Operation, older: Operation): string[] {
  const changes: string[] = [];
  if (newer.kind !== older.kind) changes.push("kind");
  if ((newer.title ?? "") !== (older.title ?? "")) changes.push("title");
  if ((newer.description ?? "") !== (older.description ?? "")) changes.push("description");
  changes.push(...namedChanges("inputs", newer.inputs, older.inputs));
  changes.push(...namedChanges("outputs", newer.outputs, older.outputs));
  changes.push(...namedChanges("parameters", newer.parameters, older.parameters));
  if ((newer.code ?? "") !== (older.code ?? "")) changes.push("code");
  if (!same(newer.graph, older.graph)) changes.push("graph");
  if (!same(newer.artifact, older.artifact)) changes.push("file");
  if (!same(newer.cache, older.cache)) changes.push("cache");
  if (!same(newer.retries, older.retries)) changes.push("retries");
  if (!same(newer.timeout_seconds, older.timeout_seconds)) changes.push("timeout");
  if (!same(newer.env, older.env)) changes.push("environment");
  return changes;
}
