import { useNavigate } from "react-router-dom";

import type { CompositeLevel } from "./useCompositeView";

/**
 * Where the canvas is, inside composites (breadcrumbs back to the workflow), and why the
 * inside cannot be changed here: it belongs to a versioned operation.
 */
export function CompositeBar({
  workflowTitle,
  levels,
  onLevel,
}: {
  workflowTitle: string;
  levels: CompositeLevel[];
  /** Go to a depth: 0 is the workflow itself. */
  onLevel: (depth: number) => void;
}) {
  const navigate = useNavigate();
  const current = levels[levels.length - 1];
  return (
    <>
      <nav className="editor-breadcrumbs" aria-label="Composite path">
        <button type="button" className="crumb" onClick={() => onLevel(0)}>
          {workflowTitle}
        </button>
        {levels.map((level, index) => (
          <span key={level.nodeId}>
            <span className="crumb-sep" aria-hidden="true">
              ›
            </span>
            {index === levels.length - 1 ? (
              <span className="crumb current" aria-current="page">
                {level.title}
              </span>
            ) : (
              <button type="button" className="crumb" onClick={() => onLevel(index + 1)}>
                {level.title}
              </button>
            )}
          </span>
        ))}
      </nav>
      {current && (
        <div className="editor-banner" role="note">
          <span>
            Read-only: this is the inside of <code>{current.operation.name}</code> v{current.operation.version}. Operations are
            versioned and a published version never changes.
          </span>
          <a
            className="btn btn-small"
            href={`/operations/${current.operation.id}`}
            onClick={(event) => {
              event.preventDefault();
              navigate(`/operations/${current.operation.id}`);
            }}
          >
            Edit the operation
          </a>
        </div>
      )}
    </>
  );
}
