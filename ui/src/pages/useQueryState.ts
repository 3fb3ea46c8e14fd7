// List screens keep their filters and page in the address (?q=…&offset=…), so that a
// reload, a shared link or the back button shows the same list.

import { useCallback } from "react";
import { useSearchParams } from "react-router-dom";

export type QueryChanges = Record<string, string | string[] | null | undefined>;

export interface QueryState {
  /** One parameter's value, "" when absent. */
  get: (key: string) => string;
  /** Every value of a repeated parameter. */
  getAll: (key: string) => string[];
  /** Whether a flag parameter is "1". */
  flag: (key: string) => boolean;
  /** Items to skip: the page shown. */
  offset: number;
  /**
   * Change some parameters (null or "" removes one). The page goes back to the first one
   * unless `offset` is among the changes. `replace` changes the history entry in place
   * (used while typing a search) instead of adding one.
   */
  update: (changes: QueryChanges, options?: { replace?: boolean }) => void;
}

/** The list state held in the address's query string. */
export function useQueryState(): QueryState {
  const [params, setParams] = useSearchParams();

  const update = useCallback(
    (changes: QueryChanges, options?: { replace?: boolean }) => {
      setParams(
        (previous) => {
          const next = new URLSearchParams(previous);
          for (const [key, value] of Object.entries(changes)) {
            next.delete(key);
            if (Array.isArray(value)) value.forEach((item) => next.append(key, item));
            else if (value) next.set(key, value);
          }
          if (!("offset" in changes)) next.delete("offset");
          if (next.get("offset") === "0") next.delete("offset");
          return next;
        },
        { replace: options?.replace ?? false },
      );
    },
    [setParams],
  );

  const offset = Math.max(0, Number.parseInt(params.get("offset") ?? "0", 10) || 0);
  return {
    get: (key) => params.get(key) ?? "",
    getAll: (key) => params.getAll(key),
    flag: (key) => params.get(key) === "1",
    offset,
    update,
  };
}

/** Rows per page on the list screens. */
export const LIST_PAGE_SIZE = 25;
