import { useState, type FormEvent } from "react";

import { api, storeTokens } from "../api/client";
import type { Tokens } from "../api/types";
import { ErrorMessage } from "../components/ErrorMessage";
import { useNotify } from "../components/Toasts";

/** Shortest password the server accepts. */
export const MIN_PASSWORD_LENGTH = 8;

/** One's own password (POST /auth/password): other logins end, this one goes on. */
export function ChangePassword() {
  const notify = useNotify();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [again, setAgain] = useState("");
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const mismatch = again.length > 0 && next !== again;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (next !== again) return;
    setBusy(true);
    setError(undefined);
    try {
      const tokens = await api.post<Tokens>("/auth/password", { current_password: current, new_password: next });
      storeTokens(tokens);
      setCurrent("");
      setNext("");
      setAgain("");
      notify("Password changed. Your other logins have ended; API tokens still work.", "success");
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="settings-form" onSubmit={submit} aria-label="Change password">
      <label className="field">
        Current password
        <input className="input" type="password" autoComplete="current-password" required value={current}
          onChange={(event) => setCurrent(event.target.value)} />
      </label>
      <label className="field">
        New password
        <input className="input" type="password" autoComplete="new-password" required minLength={MIN_PASSWORD_LENGTH}
          value={next} onChange={(event) => setNext(event.target.value)} />
      </label>
      <label className="field">
        New password again
        <input className="input" type="password" autoComplete="new-password" required value={again}
          aria-invalid={mismatch} onChange={(event) => setAgain(event.target.value)} />
      </label>
      <p className="muted settings-hint">At least {MIN_PASSWORD_LENGTH} characters. Logins on other devices end.</p>
      {mismatch && <div className="message message-error" role="alert">The new passwords differ.</div>}
      <ErrorMessage error={error} />
      <div>
        <button className="btn btn-primary" type="submit" disabled={busy || mismatch}>
          {busy ? "Changing…" : "Change password"}
        </button>
      </div>
    </form>
  );
}
