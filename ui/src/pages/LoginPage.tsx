import { useState, type FormEvent } from "react";

import { api } from "../api/client";
import type { Tokens } from "../api/types";
import { ErrorMessage } from "../components/ErrorMessage";

/** Username and password, in multi-user mode. */
export function LoginPage({ onLogin }: { onLogin: (tokens: Tokens) => void }) {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onLogin(await api.post<Tokens>("/auth/login", { username, password }));
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ display: "flex", justifyContent: "center", paddingTop: "12vh" }}>
      <form className="card" onSubmit={submit} style={{ width: 340, display: "flex", flexDirection: "column", gap: 12 }}>
        <h1 style={{ display: "flex", alignItems: "center", gap: 8 }}>
          <img src="/favicon.svg" alt="" width={26} height={26} /> Log in to PLynx
        </h1>
        <label className="field">
          Username
          <input className="input" autoFocus autoComplete="username" value={username}
            onChange={(event) => setUsername(event.target.value)} required />
        </label>
        <label className="field">
          Password
          <input className="input" type="password" autoComplete="current-password" value={password}
            onChange={(event) => setPassword(event.target.value)} required />
        </label>
        <ErrorMessage error={error} />
        <button className="btn btn-primary" type="submit" disabled={busy} style={{ justifyContent: "center" }}>
          {busy ? "Logging in…" : "Log in"}
        </button>
      </form>
    </div>
  );
}
