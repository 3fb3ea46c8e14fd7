// The event stream (GET /events, Server-Sent Events) with the API headers attached.
// On any failure it reconnects after a pause with fresh headers, resuming after the last
// change received, so nothing is missed and nothing arrives twice.

import { fetchEventSource } from "@microsoft/fetch-event-source";

import { apiHeaders, apiUrl, send } from "./client";
import type { RunEvent } from "./types";

const RECONNECT_MS = 2000;

export interface EventFilter {
  run_id?: string;
}

/**
 * Call `onEvent` for every change matching `filter` until the returned function is called;
 * `onOpen` tells when the stream connects.
 */
export function subscribe(
  filter: EventFilter,
  onEvent: (event: RunEvent) => void,
  onOpen?: () => void,
): () => void {
  let controller = new AbortController();
  let stopped = false;
  let after: number | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const connect = () => {
    controller = new AbortController();
    fetchEventSource(apiUrl("/events", { ...filter, after }), {
      signal: controller.signal,
      openWhenHidden: true,
      headers: apiHeaders(),
      onopen: async (response) => {
        if (response.status === 401) {
          // An expired access token: a plain request refreshes it before the next attempt.
          await send("/auth/me").catch(() => undefined);
          throw new Error("unauthorized");
        }
        if (!response.ok) throw new Error(`event stream: ${response.status}`);
        onOpen?.();
      },
      onmessage: (message) => {
        if (message.id) after = Number(message.id);
        if (message.data) onEvent(JSON.parse(message.data) as RunEvent);
      },
      onclose: () => {
        throw new Error("closed");
      },
      onerror: (error) => {
        throw error; // stop the library's own retries: ours refresh the headers
      },
    }).catch(() => {
      if (!stopped) timer = setTimeout(connect, RECONNECT_MS);
    });
  };
  connect();
  return () => {
    stopped = true;
    clearTimeout(timer);
    controller.abort();
  };
}
