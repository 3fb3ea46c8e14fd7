import { useId, useState } from "react";

import { api } from "../api/client";
import type { DeprecateRequest, OperationDetail, OperationSummary, Page } from "../api/types";
import { ErrorMessage } from "../components/ErrorMessage";
import { Modal } from "../components/Modal";
import { useResource } from "../hooks/useResource";

/** How many other operations a search lists. */
const SEARCH_LIMIT = 20;

const label = (op: OperationSummary) => `${op.name} v${op.version}${op.title ? ` — ${op.title}` : ""}`;

/** Deprecate a published version: mandatory or not, optionally naming the published
 * operation replacing it (another version of its name, or any other operation). */
export function DeprecateDialog({
  operation,
  onClose,
  onDone,
}: {
  operation: OperationDetail;
  onClose: () => void;
  onDone: (updated: OperationDetail) => void;
}) {
  const [mandatory, setMandatory] = useState(operation.status === "mandatory_deprecated");
  const [successor, setSuccessor] = useState<string>(operation.successor ?? "");
  const [query, setQuery] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const id = useId();

  const versions = useResource(
    (signal) =>
      api
        .get<Page<OperationSummary>>(`/operations/${operation.id}/versions`, { limit: 100 }, signal)
        .then((page) =>
          page.items
            .filter((item) => item.id !== operation.id && item.status === "published")
            .sort((a, b) => b.version - a.version),
        )
        .then((items) => {
          const newer = items.find((item) => item.version > (operation.version ?? 0));
          if (newer) setSuccessor((current) => current || newer.id);
          return items;
        }),
    [operation.id],
  );
  const others = useResource(
    (signal) =>
      query.trim()
        ? api
            .get<Page<OperationSummary>>(
              "/operations",
              { q: query.trim(), status: ["published"], latest_only: true, limit: SEARCH_LIMIT },
              signal,
            )
            .then((page) => page.items.filter((item) => item.name !== operation.name))
        : Promise.resolve([] as OperationSummary[]),
    [query, operation.name],
  );
  // The successor already chosen stays in the list even when a new search leaves it out.
  const chosen = useResource(
    (signal) =>
      successor && !versions.data?.some((item) => item.id === successor)
        ? api.get<OperationSummary>(`/operations/${successor}`, undefined, signal)
        : Promise.resolve(undefined),
    [successor, versions.data],
  );
  const otherOptions = [
    ...(chosen.data && !others.data?.some((item) => item.id === chosen.data!.id) ? [chosen.data] : []),
    ...(others.data ?? []),
  ];

  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const body: DeprecateRequest = { mandatory, successor: successor || null };
      onDone(await api.post<OperationDetail>(`/operations/${operation.id}/deprecate`, body));
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      title={`Deprecate ${operation.name} v${operation.version}`}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="btn btn-danger" onClick={submit} disabled={busy}>
            {busy ? "Deprecating…" : "Deprecate"}
          </button>
        </>
      }
    >
      <p className="muted op-dialog-text">
        Workflows using this version are told to upgrade. A deprecated version still runs; a mandatory
        deprecation stops workflows from using it.
      </p>
      <label className="op-check">
        <input type="checkbox" checked={mandatory} onChange={(event) => setMandatory(event.target.checked)} />
        Mandatory: workflows may no longer use it
      </label>
      <div className="op-field">
        <label htmlFor={`${id}-successor`}>Successor</label>
        <select
          id={`${id}-successor`}
          className="input"
          value={successor}
          onChange={(event) => setSuccessor(event.target.value)}
        >
          <option value="">None</option>
          {(versions.data ?? []).length > 0 && (
            <optgroup label={`Published versions of ${operation.name}`}>
              {versions.data!.map((item) => (
                <option key={item.id} value={item.id}>
                  {label(item)}
                </option>
              ))}
            </optgroup>
          )}
          {otherOptions.length > 0 && (
            <optgroup label="Other operations">
              {otherOptions.map((item) => (
                <option key={item.id} value={item.id}>
                  {label(item)}
                </option>
              ))}
            </optgroup>
          )}
        </select>
      </div>
      <div className="op-field">
        <label htmlFor={`${id}-search`}>Find another operation</label>
        <input
          id={`${id}-search`}
          className="input"
          type="search"
          placeholder="Search published operations by name or title"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
      </div>
      {others.data && query.trim() && (
        <span className="muted op-hint">
          {others.data.length === 0 ? "No other published operation matches." : `${others.data.length} found: choose one above.`}
        </span>
      )}
      <ErrorMessage error={versions.error ?? others.error} />
      <ErrorMessage error={error} title="Could not deprecate" />
    </Modal>
  );
}
