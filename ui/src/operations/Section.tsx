import { useId, type ReactNode } from "react";

import { plainMessage } from "./FailureMessage";
import type { PlacedProblem } from "./problems";

/** "row 2 (max_count)" for ["inputs", "1", "max_count"], "seed" for ["parameters", "seed"]. */
function rowLabel(path: string[]): string {
  const [, row, ...rest] = path;
  const where = /^\d+$/.test(row) ? `row ${Number(row) + 1}` : row;
  return where + (rest.length ? ` (${rest.join(".")})` : "");
}

/** The problems the server found in one section, listed under it. */
export function SectionProblems({ problems }: { problems: PlacedProblem[] }) {
  if (problems.length === 0) return null;
  return (
    <ul className="op-problems" aria-label="Problems">
      {problems.map((problem, index) => (
        <li key={index}>
          <span aria-hidden="true">✕ </span>
          {problem.path.length > 1 && <strong>{rowLabel(problem.path)}: </strong>}
          {plainMessage(problem.message)}
        </li>
      ))}
    </ul>
  );
}

/** A titled card of the editor, named for assistive technology by its heading. */
export function Section({
  title,
  hint,
  actions,
  problems = [],
  children,
}: {
  title: string;
  hint?: ReactNode;
  actions?: ReactNode;
  problems?: PlacedProblem[];
  children: ReactNode;
}) {
  const id = useId();
  return (
    <section className={`card op-section${problems.length ? " op-section-invalid" : ""}`} aria-labelledby={id}>
      <div className="op-section-header">
        <h2 id={id}>{title}</h2>
        {hint && <span className="muted op-section-hint">{hint}</span>}
        <span className="spacer" />
        {actions}
      </div>
      {children}
      <SectionProblems problems={problems} />
    </section>
  );
}
