// The one way the UI talks to the REST API: JSON in and out, the client header and tokens
// attached (tokens refreshed), errors turned into ApiError with the server's message and
// problems.

import type { Problem, Tokens } from "./types";

export const API_BASE = "/api/v1";

const TOKENS_KEY = "plynx.tokens";

/** An error answered by the API (or a network failure, with status 0). */
export class ApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly problems: Problem[] = [],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** The login tokens kept in this browser, if any. */
export function storedTokens(): Tokens | null {
  const raw = localStorage.getItem(TOKENS_KEY);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as Tokens;
  } catch {
    return null;
  }
}

export function storeTokens(tokens: Tokens | null): void {
  if (tokens) localStorage.setItem(TOKENS_KEY, JSON.stringify(tokens));
  else localStorage.removeItem(TOKENS_KEY);
}

/** Listeners told when the session ends (a refresh failed): the app shows the login page. */
const sessionEndListeners = new Set<() => void>();

export function onSessionEnd(listener: () => void): () => void {
  sessionEndListeners.add(listener);
  return () => sessionEndListeners.delete(listener);
}

/**
 * Sent with every request. The server refuses a state-changing request that is neither JSON
 * nor carries this header, which pages of other sites cannot make a browser send.
 */
export const CLIENT_HEADERS: Readonly<Record<string, string>> = { "X-PLynx-Client": "web" };

/** The headers of every API request: the client header and the login token, if any. */
export function apiHeaders(): Record<string, string> {
  const tokens = storedTokens();
  const auth: Record<string, string> = tokens
    ? { Authorization: `Bearer ${tokens.access_token}` }
    : {};
  return { ...CLIENT_HEADERS, ...auth };
}

export type Query = Record<string, string | number | boolean | null | undefined | string[]>;

/** `path` under the API base with `query`'s set values as parameters. */
export function apiUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === "") continue;
    if (Array.isArray(value)) value.forEach((item) => params.append(key, item));
    else params.set(key, String(value));
  }
  const text = params.toString();
  return `${API_BASE}${path}${text ? `?${text}` : ""}`;
}

export interface RequestOptions {
  method?: string;
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
}

let refreshing: Promise<boolean> | null = null;

async function refreshTokens(): Promise<boolean> {
  const tokens = storedTokens();
  if (!tokens) return false;
  const response = await fetch(apiUrl("/auth/refresh"), {
    method: "POST",
    headers: { ...CLIENT_HEADERS, "Content-Type": "application/json" },
    body: JSON.stringify({ refresh_token: tokens.refresh_token }),
  });
  if (!response.ok) {
    storeTokens(null);
    sessionEndListeners.forEach((listener) => listener());
    return false;
  }
  storeTokens((await response.json()) as Tokens);
  return true;
}

async function errorOf(response: Response): Promise<ApiError> {
  try {
    const body = await response.json();
    const detail = body?.error;
    if (detail) {
      return new ApiError(response.status, detail.code, detail.message, detail.problems ?? []);
    }
  } catch {
    // Not JSON: fall through to the status text.
  }
  return new ApiError(response.status, "http_error", `${response.status} ${response.statusText}`);
}

/** Send a request, refreshing the access token once if it expired; the raw response. */
export async function send(path: string, options: RequestOptions = {}): Promise<Response> {
  const attempt = () => {
    const headers = apiHeaders();
    let body: BodyInit | undefined;
    if (options.body instanceof FormData) body = options.body;
    else if (options.body !== undefined) {
      headers["Content-Type"] = "application/json";
      body = JSON.stringify(options.body);
    }
    return fetch(apiUrl(path, options.query), {
      method: options.method ?? "GET",
      headers,
      body,
      signal: options.signal,
    });
  };
  let response: Response;
  try {
    response = await attempt();
    if (response.status === 401 && storedTokens()) {
      refreshing ??= refreshTokens().finally(() => (refreshing = null));
      if (await refreshing) response = await attempt();
    }
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError(0, "network", "The PLynx server cannot be reached.");
  }
  if (!response.ok) throw await errorOf(response);
  return response;
}

/** Send a request and decode its JSON answer (undefined for 204). */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, options);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) =>
    request<T>(path, { query, signal }),
  post: <T>(path: string, body?: unknown, query?: Query) =>
    request<T>(path, { method: "POST", body, query }),
  put: <T>(path: string, body?: unknown) => request<T>(path, { method: "PUT", body }),
  patch: <T>(path: string, body?: unknown) => request<T>(path, { method: "PATCH", body }),
  delete: <T = void>(path: string) => request<T>(path, { method: "DELETE" }),
};
