// A log of a node (or of the run): read in chunks, then followed as it grows while the
// node runs (GET /runs/{id}/logs?follow=true streams text until the node ends).

import { useEffect, useLayoutEffect, useRef, useState } from "react";

import { api, send } from "../api/client";
import type { LogChunk, LogStream } from "../api/types";
import { ErrorMessage } from "../components/ErrorMessage";
import { bytes } from "../format";

/** Most characters of a log kept on screen: beyond it the beginning is dropped. */
const SHOWN_LIMIT = 2 * 1024 * 1024;

interface LogState {
  text: string;
  /** Bytes of the log not shown (its beginning). */
  skipped: number;
  following: boolean;
  done: boolean;
  error?: unknown;
}

/** Read log `stream` of `node` (null: the run's own log) and follow it while it grows. */
export function useLog(runId: string, node: string | null, stream: LogStream): LogState {
  const [state, setState] = useState<LogState>({ text: "", skipped: 0, following: false, done: false });
  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    const path = `/runs/${encodeURIComponent(runId)}/logs`;
    const query = { node, stream };
    let text = "";
    let skipped = 0;
    let frame = 0;
    let following = false;
    const show = (done: boolean) => {
      if (text.length > SHOWN_LIMIT) {
        const cut = text.length - SHOWN_LIMIT;
        skipped += new TextEncoder().encode(text.slice(0, cut)).length;
        text = text.slice(cut);
      }
      setState({ text, skipped, following, done });
    };
    const showSoon = () => {
      if (!frame) frame = requestAnimationFrame(() => ((frame = 0), show(false)));
    };
    setState({ text: "", skipped: 0, following: false, done: false });

    (async () => {
      let chunk = await api.get<LogChunk>(path, { ...query, offset: 0 }, signal);
      if (chunk.size > SHOWN_LIMIT) {
        skipped = chunk.size - SHOWN_LIMIT;
        chunk = await api.get<LogChunk>(path, { ...query, offset: skipped }, signal);
      }
      text = chunk.text;
      while (chunk.text && chunk.offset < chunk.size && !signal.aborted) {
        chunk = await api.get<LogChunk>(path, { ...query, offset: chunk.offset }, signal);
        text += chunk.text;
      }
      if (chunk.finished) return show(true);
      following = true;
      show(false);
      const response = await send(path, { query: { ...query, offset: chunk.offset, follow: true }, signal });
      const reader = response.body?.getReader();
      if (reader) {
        const decoder = new TextDecoder();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          text += decoder.decode(value, { stream: true });
          showSoon();
        }
        text += decoder.decode();
      }
      following = false;
      cancelAnimationFrame(frame);
      show(true);
    })().catch((error) => {
      if (signal.aborted) return;
      setState({ text, skipped, following: false, done: true, error });
    });
    return () => {
      controller.abort();
      cancelAnimationFrame(frame);
    };
  }, [runId, node, stream]);
  return state;
}

/** One log, shown as text that stays scrolled to its end while it grows. */
export function LogView({ runId, node, stream, label }: { runId: string; node: string | null; stream: LogStream; label: string }) {
  const log = useLog(runId, node, stream);
  const box = useRef<HTMLPreElement>(null);
  const atEnd = useRef(true);
  useLayoutEffect(() => {
    const element = box.current;
    if (element && atEnd.current) element.scrollTop = element.scrollHeight;
  }, [log.text]);
  return (
    <div className="log-view">
      <ErrorMessage error={log.error} title="The log could not be read" />
      {log.skipped > 0 && <div className="muted log-note">The first {bytes(log.skipped)} are not shown.</div>}
      {log.text ? (
        <pre
          ref={box}
          className={`log-text log-${stream}`}
          aria-label={label}
          tabIndex={0}
          onScroll={(event) => {
            const element = event.currentTarget;
            atEnd.current = element.scrollHeight - element.scrollTop - element.clientHeight < 24;
          }}
        >
          {log.text}
        </pre>
      ) : (
        !log.error && (
          <p className="muted log-empty" aria-label={label}>
            {log.done ? `The ${stream} log is empty.` : log.following ? "Waiting for output…" : "Reading the log…"}
          </p>
        )
      )}
      {log.following && (
        <div className="log-live" role="status">
          <span className="live-dot" aria-hidden="true" /> Following live
        </div>
      )}
    </div>
  );
}
