// Where the API's problems belong in the editor: a save answers `body.inputs.0.max_count`,
// a publish answers `parameters.seed` or `code`; each section shows its own.

import type { Problem } from "../api/types";

/** The sections of the editor a problem can point at. */
export type Section =
  | "general"
  | "inputs"
  | "outputs"
  | "parameters"
  | "code"
  | "advanced"
  | "other";

const SECTION_OF_FIELD: Record<string, Section> = {
  name: "general",
  title: "general",
  description: "general",
  kind: "general",
  inputs: "inputs",
  outputs: "outputs",
  parameters: "parameters",
  code: "code",
  graph: "code",
  artifact: "code",
  cache: "advanced",
  retries: "advanced",
  timeout_seconds: "advanced",
  env: "advanced",
};

/** A problem with its place split into the field path (without the leading `body`). */
export interface PlacedProblem extends Problem {
  path: string[];
  section: Section;
}

/** The problem's field path: "body.inputs.0.name" gives ["inputs", "0", "name"]. */
export function pathOf(where: string): string[] {
  const parts = where.split(".").filter((part) => part !== "");
  return parts[0] === "body" ? parts.slice(1) : parts;
}

/** Each problem with the section it belongs to. */
export function placeProblems(problems: Problem[]): PlacedProblem[] {
  return problems.map((problem) => {
    const path = pathOf(problem.where);
    return { ...problem, path, section: SECTION_OF_FIELD[path[0] ?? ""] ?? "other" };
  });
}

/** The problems of one section. */
export function problemsOf(problems: PlacedProblem[], section: Section): PlacedProblem[] {
  return problems.filter((problem) => problem.section === section);
}

/** Whether a problem points at the row `index` (named `name`) of a table. */
export function pointsAtRow(problem: PlacedProblem, index: number, name: string): boolean {
  const row = problem.path[1];
  return row !== undefined && (row === String(index) || (name !== "" && row === name));
}
