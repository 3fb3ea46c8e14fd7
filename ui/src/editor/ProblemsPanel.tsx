import type { LocatedProblem } from "../api/types";
import { problemText } from "./decorate";

/** The last validation's outcome; a click on a problem selects its node. */
export function ProblemsPanel({
  problems,
  checking,
  stale,
  onSelect,
  onRevalidate,
  onClose,
}: {
  problems: LocatedProblem[];
  checking: boolean;
  stale: boolean;
  onSelect: (problem: LocatedProblem) => void;
  onRevalidate: () => void;
  onClose: () => void;
}) {
  const count = problems.length;
  return (
    <section className={`problems-panel${count ? " has-problems" : " valid"}`} aria-label="Validation">
      <header className="problems-head">
        <strong role="status">
          {count === 0 ? "✓ The workflow is valid" : `⚠ ${count} problem${count === 1 ? "" : "s"}`}
        </strong>
        {checking ? <span className="muted">checking…</span> : stale && <span className="muted">changed since</span>}
        <span className="spacer" />
        <button type="button" className="btn btn-small" onClick={onRevalidate} disabled={checking}>
          Check again
        </button>
        <button type="button" className="btn btn-icon btn-small" aria-label="Close the problems" onClick={onClose}>
          ✕
        </button>
      </header>
      {count > 0 && (
        <ul className="problems-list">
          {problems.map((problem, index) => (
            <li key={index}>
              <button type="button" onClick={() => onSelect(problem)} disabled={!problem.node} title={problem.where}>
                <span className="problems-where mono">
                  {problem.node ?? (problem.parameter ? `$${problem.parameter}` : problem.operation ?? problem.where)}
                </span>
                <span>{problem.node ? problemText(problem) : problem.message}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
