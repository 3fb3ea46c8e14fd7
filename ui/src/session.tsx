// Who is using the UI and what the server offers: loaded once, shared by every screen.

import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";

import { ApiError, api, onSessionEnd, storeTokens } from "./api/client";
import type { Me, Meta, Tokens } from "./api/types";

export interface Session {
  me: Me;
  meta: Meta;
  /** Log out: forget the tokens and show the login page (multi-user mode). */
  logout: () => void;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside SessionProvider");
  return session;
}

type State =
  | { kind: "loading" }
  | { kind: "ready"; me: Me; meta: Meta }
  | { kind: "login" }
  | { kind: "error"; error: unknown };

/** Loads the session; renders `login` when nobody is logged in, `failed` when the server fails. */
export function SessionProvider({
  children,
  login,
  failed,
}: {
  children: ReactNode;
  login: (onLogin: (tokens: Tokens) => void) => ReactNode;
  failed: (error: unknown, retry: () => void) => ReactNode;
}) {
  const [state, setState] = useState<State>({ kind: "loading" });

  const load = useCallback(() => {
    setState({ kind: "loading" });
    Promise.all([api.get<Me>("/auth/me"), api.get<Meta>("/meta")])
      .then(([me, meta]) => setState({ kind: "ready", me, meta }))
      .catch((error) =>
        setState(error instanceof ApiError && error.status === 401 ? { kind: "login" } : { kind: "error", error }),
      );
  }, []);

  useEffect(load, [load]);
  useEffect(() => onSessionEnd(() => setState({ kind: "login" })), []);

  const logout = useCallback(() => {
    storeTokens(null);
    setState({ kind: "login" });
  }, []);

  if (state.kind === "loading") return <div className="page muted">Loading…</div>;
  if (state.kind === "login")
    return login((tokens) => {
      storeTokens(tokens);
      load();
    });
  if (state.kind === "error") return failed(state.error, load);
  return (
    <SessionContext.Provider value={{ me: state.me, meta: state.meta, logout }}>{children}</SessionContext.Provider>
  );
}
