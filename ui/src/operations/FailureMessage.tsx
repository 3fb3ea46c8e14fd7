import { useEffect, useRef } from "react";

import { ApiError } from "../api/client";
import { ErrorMessage } from "../components/ErrorMessage";
import { placeProblems, type PlacedProblem } from "./problems";

/** "inputs.0" as "Inputs, row 1", "parameters.seed" as "Parameters, seed". */
export function placeLabel(problem: PlacedProblem): string {
  const [field, row, ...rest] = problem.path;
  if (!field) return "";
  const words = field.replace(/_/g, " ");
  const parts = [words.charAt(0).toUpperCase() + words.slice(1)];
  if (row !== undefined) parts.push(/^\d+$/.test(row) ? `row ${Number(row) + 1}` : row);
  return parts.join(", ") + (rest.length ? ` (${rest.join(".")})` : "");
}

/** A problem's message without pydantic's "Value error, " prefix. */
export function plainMessage(message: string): string {
  return message.replace(/^Value error, /, "");
}

/** Why the last action failed: the server's problems listed with where they are, shown
 * above the form and scrolled into view. */
export function FailureMessage({ action, error }: { action: string; error: unknown }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.scrollIntoView?.({ block: "nearest", behavior: "smooth" });
  }, [error]);
  const problems = error instanceof ApiError ? placeProblems(error.problems) : [];
  return (
    <div className="op-failure" ref={box} aria-label="Problems found by the server">
      {problems.length === 0 ? (
        <ErrorMessage error={error} title={`Could not ${action}`} />
      ) : (
        <div className="message message-error" role="alert">
          <strong>Could not {action}: </strong>
          the server found {problems.length === 1 ? "a problem" : `${problems.length} problems`}
          <ul>
            {problems.map((problem, index) => (
              <li key={index}>
                {placeLabel(problem) && <strong className="op-failure-where">{placeLabel(problem)}: </strong>}
                {plainMessage(problem.message)}
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
