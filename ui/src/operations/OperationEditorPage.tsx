import { Link, useParams, useSearchParams } from "react-router-dom";

import { api } from "../api/client";
import type { OperationDetail } from "../api/types";
import { ErrorMessage } from "../components/ErrorMessage";
import { useResource } from "../hooks/useResource";
import { useSession } from "../session";
import { OperationEditor } from "./OperationEditor";

/** The operation editor at /operations/new (optionally ?kind=python) and
 * /operations/:operationId: loads the version, then edits or shows it. */
export function OperationEditorPage() {
  const { operationId } = useParams();
  const [search] = useSearchParams();
  const { meta } = useSession();
  const loaded = useResource(
    (signal) =>
      operationId
        ? api.get<OperationDetail>(`/operations/${operationId}`, undefined, signal)
        : Promise.resolve(undefined),
    [operationId],
  );
  const requestedKind = search.get("kind");
  const newKind =
    requestedKind && meta.kinds.some((kind) => kind.name === requestedKind) ? requestedKind : "bash_jinja2";

  if (loaded.error) {
    return (
      <div className="page">
        <ErrorMessage error={loaded.error} title="Could not open the operation" />
        <p>
          <Link to="/operations">Back to the operations</Link>
        </p>
      </div>
    );
  }
  if (operationId && (loaded.loading || !loaded.data)) return <div className="page muted">Loading…</div>;
  return <OperationEditor key={operationId ?? `new-${newKind}`} initial={loaded.data} newKind={newKind} />;
}
