// Keep a screen fresh: re-fetch when the event stream reports a change (at most once per
// `throttleMs`), and every `pollMs` in case the stream is down.

import { useEffect, useRef, useState } from "react";

import { subscribe, type EventFilter } from "../api/events";

export interface LiveRefreshOptions {
  /** Shortest time between two refreshes caused by events. */
  throttleMs?: number;
  /** A refresh this often whatever the stream says (0: never). */
  pollMs?: number;
  filter?: EventFilter;
}

/**
 * Call `refresh` after changes announced by the event stream, throttled, and on a slow poll.
 * Returns whether the stream has connected.
 */
export function useLiveRefresh(refresh: () => void, options: LiveRefreshOptions = {}): boolean {
  const { throttleMs = 1000, pollMs = 15000, filter } = options;
  const refreshRef = useRef(refresh);
  refreshRef.current = refresh;
  const runId = filter?.run_id;
  const [live, setLive] = useState(false);

  useEffect(() => {
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const fire = () => {
      timer = undefined;
      last = Date.now();
      refreshRef.current();
    };
    const onEvent = () => {
      if (timer !== undefined) return;
      const wait = last + throttleMs - Date.now();
      if (wait <= 0) fire();
      else timer = setTimeout(fire, wait);
    };
    const unsubscribe = subscribe(runId ? { run_id: runId } : {}, onEvent, () => setLive(true));
    const poll = pollMs > 0 ? setInterval(fire, pollMs) : undefined;
    return () => {
      unsubscribe();
      clearTimeout(timer);
      clearInterval(poll);
    };
  }, [throttleMs, pollMs, runId]);
  return live;
}
