import { useRef, useState, type FormEvent } from "react";

import { api } from "../api/client";
import type { ApiToken, NewApiToken } from "../api/types";
import { ErrorMessage } from "../components/ErrorMessage";
import { ago, dateTime } from "../format";
import { useResource } from "../hooks/useResource";
import { ConfirmDelete } from "./ConfirmDialog";
import { CopyButton } from "./CopyButton";
import { LoadError, LoadingState } from "./ListStates";
import { HiddenHeader, ListTable, RowActions } from "./ListTable";

const EXPIRIES: [string, string][] = [
  ["30", "30 days"],
  ["90", "90 days"],
  ["365", "1 year"],
  ["7", "7 days"],
  ["", "Never"],
];

/** One's API tokens for scripts: list, create (the secret shown once), revoke. */
export function ApiTokens() {
  const tokens = useResource((signal) => api.get<ApiToken[]>("/auth/tokens", undefined, signal), []);
  const [name, setName] = useState("");
  const [expiry, setExpiry] = useState("90");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [created, setCreated] = useState<NewApiToken | null>(null);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const secretInput = useRef<HTMLInputElement>(null);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const token = await api.post<NewApiToken>("/auth/tokens", {
        name: name.trim(),
        expires_in_days: expiry ? Number(expiry) : null,
      });
      setCreated(token);
      setName("");
      tokens.reload();
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="settings-tokens">
      <form className="settings-token-form" onSubmit={create} aria-label="Create an API token">
        <label className="field settings-grow">
          Token name
          <input className="input" required maxLength={255} placeholder="What it is for, e.g. nightly-import script"
            value={name} onChange={(event) => setName(event.target.value)} />
        </label>
        <label className="field">
          Expires after
          <select className="input" value={expiry} onChange={(event) => setExpiry(event.target.value)}>
            {EXPIRIES.map(([value, label]) => (
              <option key={label} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <button className="btn btn-primary" type="submit" disabled={busy || !name.trim()}>
          Create token
        </button>
      </form>
      <ErrorMessage error={error} />

      {created && (
        <div className="settings-secret" role="region" aria-label="New API token">
          <strong>Token “{created.name}” created.</strong>
          <span>Copy it now: it is shown only this once.</span>
          <div className="settings-secret-row">
            <input ref={secretInput} className="input mono" readOnly value={created.token} aria-label="Token value"
              onFocus={(event) => event.target.select()} />
            <CopyButton text={created.token} label="Copy token" fallbackTarget={() => secretInput.current} />
            <button className="btn" type="button" onClick={() => setCreated(null)}>
              Done
            </button>
          </div>
          <span className="muted settings-hint">
            Send it as a header: <code>Authorization: Bearer {"<token>"}</code>
          </span>
        </div>
      )}

      {tokens.error && !tokens.data ? (
        <LoadError error={tokens.error} retry={tokens.reload} what="your API tokens" />
      ) : !tokens.data ? (
        <LoadingState label="Loading tokens…" />
      ) : tokens.data.length === 0 ? (
        <p className="muted">You have no API tokens. Scripts and the Python client use one to act as you.</p>
      ) : (
        <ListTable
          label="API tokens"
          head={
            <>
              <th>Name</th>
              <th>Created</th>
              <th>Last used</th>
              <th>Expires</th>
              <HiddenHeader>Actions</HiddenHeader>
            </>
          }
        >
          {tokens.data.map((token) => {
            const expired = token.expires_at !== null && Date.parse(token.expires_at) < Date.now();
            return (
              <tr key={token.id}>
                <td className="listing-title">{token.name}</td>
                <td title={dateTime(token.created_at)}>{ago(token.created_at)}</td>
                <td title={dateTime(token.last_used_at)}>{token.last_used_at ? ago(token.last_used_at) : "never"}</td>
                <td>
                  {token.expires_at ? new Date(token.expires_at).toLocaleDateString() : "never"}
                  {expired && <span className="listing-tag">expired</span>}
                </td>
                <RowActions>
                  <button className="btn btn-small btn-danger" aria-label={`Revoke ${token.name}`}
                    onClick={() => setRevoking(token)}>
                    Revoke
                  </button>
                </RowActions>
              </tr>
            );
          })}
        </ListTable>
      )}

      {revoking && (
        <ConfirmDelete
          title="Revoke API token"
          confirmLabel="Revoke"
          path={`/auth/tokens/${revoking.id}`}
          done={`Revoked “${revoking.name}”`}
          onDeleted={tokens.reload}
          onClose={() => setRevoking(null)}
        >
          Revoke <strong>{revoking.name}</strong>? Scripts using it stop working at once.
        </ConfirmDelete>
      )}
    </div>
  );
}
