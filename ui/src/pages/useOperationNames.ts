// Operation ids shown as "title v3": looked up once per id and remembered.

import { useEffect, useState } from "react";

import { api } from "../api/client";
import type { OperationDetail } from "../api/types";

const known = new Map<string, string>();
const lookups = new Map<string, Promise<void>>();

function lookUp(id: string): Promise<void> {
  let lookup = lookups.get(id);
  if (!lookup) {
    lookup = api
      .get<OperationDetail>(`/operations/${id}`)
      .then((op) => void known.set(id, `${op.title || op.name} v${op.version ?? 1}`))
      .catch(() => void known.set(id, `${id.slice(0, 8)}…`));
    lookups.set(id, lookup);
  }
  return lookup;
}

/** Display names of the operations `ids`, filled in as they arrive. */
export function useOperationNames(ids: string[]): Map<string, string> {
  const [, setVersion] = useState(0);
  const key = [...new Set(ids)].sort().join(",");
  useEffect(() => {
    let alive = true;
    const missing = key ? key.split(",").filter((id) => !known.has(id)) : [];
    if (missing.length) {
      Promise.all(missing.map(lookUp)).then(() => alive && setVersion((value) => value + 1));
    }
    return () => {
      alive = false;
    };
  }, [key]);
  return known;
}
