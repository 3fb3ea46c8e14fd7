import { Link } from "react-router-dom";

import { api } from "../api/client";
import type { OperationDetail, OperationSummary, Page } from "../api/types";
import { ErrorMessage } from "../components/ErrorMessage";
import { ago, dateTime } from "../format";
import { useResource } from "../hooks/useResource";
import { changedFields } from "./changes";
import { OperationStatusBadge } from "./OperationStatusBadge";

/** The most versions listed (newest first). */
const MAX_VERSIONS = 50;
/** The most versions compared with their predecessor (their full content is loaded). */
const MAX_COMPARED = 20;

interface Versions {
  items: OperationSummary[];
  total: number;
  changes: Record<string, string[]>;
}

async function loadVersions(operationId: string, signal: AbortSignal): Promise<Versions> {
  const page = await api.get<Page<OperationSummary>>(
    `/operations/${operationId}/versions`,
    { limit: MAX_VERSIONS },
    signal,
  );
  const items = [...page.items].sort((a, b) => b.version - a.version);
  const compared = items.slice(0, MAX_COMPARED + 1);
  const details = await Promise.all(
    compared.map((item) =>
      api.get<OperationDetail>(`/operations/${item.id}`, undefined, signal).catch(() => undefined),
    ),
  );
  const changes: Record<string, string[]> = {};
  details.forEach((detail, index) => {
    const older = details[index + 1];
    if (detail && older) changes[detail.id!] = changedFields(detail, older);
  });
  return { items, total: page.total, changes };
}

/** Every version of the operation's name, newest first, the one shown highlighted; each
 * with what changed since the version before it. */
export function VersionHistory({ operationId, refreshKey }: { operationId: string; refreshKey: number }) {
  const versions = useResource((signal) => loadVersions(operationId, signal), [operationId, refreshKey]);
  return (
    <section className="card op-history" aria-labelledby="op-history-title">
      <h2 id="op-history-title">Versions</h2>
      <ErrorMessage error={versions.error} />
      {!versions.data && !versions.error && <p className="muted">Loading…</p>}
      {versions.data && (
        <ol className="op-versions" aria-label="Versions">
          {versions.data.items.map((item, index) => {
            const current = item.id === operationId;
            const changes = versions.data!.changes[item.id];
            const first = index === versions.data!.items.length - 1 && versions.data!.total <= MAX_VERSIONS;
            return (
              <li key={item.id} className={current ? "op-version op-version-current" : "op-version"}>
                <Link
                  to={`/operations/${item.id}`}
                  aria-current={current ? "page" : undefined}
                  aria-label={`Version ${item.version}, ${item.status.replace("_", " ")}`}
                  className="op-version-link"
                >
                  <span className="op-version-number">v{item.version}</span>
                  <OperationStatusBadge status={item.status} />
                  {item.archived && <span className="badge op-archived">archived</span>}
                </Link>
                <div className="op-version-meta muted">
                  {item.author} · <span title={dateTime(item.created_at)}>{ago(item.created_at)}</span>
                </div>
                {changes && (
                  <div className="op-version-changes">
                    {changes.length ? `changed: ${changes.join(", ")}` : "no change in content"}
                  </div>
                )}
                {first && <div className="op-version-changes muted">first version</div>}
              </li>
            );
          })}
        </ol>
      )}
      {versions.data && versions.data.total > versions.data.items.length && (
        <p className="muted">
          The newest {versions.data.items.length} of {versions.data.total} versions.
        </p>
      )}
    </section>
  );
}
