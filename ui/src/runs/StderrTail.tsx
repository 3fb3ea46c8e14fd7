import { api } from "../api/client";
import type { LogChunk } from "../api/types";
import { ErrorMessage } from "../components/ErrorMessage";
import { useResource } from "../hooks/useResource";

/** Bytes read from the end of the log. */
const TAIL_BYTES = 16 * 1024;
/** Lines shown. */
const TAIL_LINES = 40;

/** The last lines of a node's stderr: what a failing node said last. */
export function StderrTail({ runId, node, version }: { runId: string; node: string; version: string }) {
  const tail = useResource(
    async (signal) => {
      const path = `/runs/${encodeURIComponent(runId)}/logs`;
      const query = { node, stream: "stderr" };
      // An offset past the end answers only the size: then read the end.
      const probe = await api.get<LogChunk>(path, { ...query, offset: Number.MAX_SAFE_INTEGER }, signal);
      const start = Math.max(0, probe.size - TAIL_BYTES);
      const chunk = await api.get<LogChunk>(path, { ...query, offset: start }, signal);
      const lines = chunk.text.replace(/\n$/, "").split("\n");
      if (start > 0) lines.shift(); // cut by the start of the read
      return { text: lines.slice(-TAIL_LINES).join("\n"), cut: lines.length > TAIL_LINES || start > 0 };
    },
    [runId, node, version],
  );
  if (tail.error) return <ErrorMessage error={tail.error} title="The stderr log could not be read" />;
  if (!tail.data) return null;
  if (!tail.data.text) return <p className="muted">Nothing was written to stderr.</p>;
  return (
    <div className="stderr-tail">
      <div className="muted stderr-tail-title">stderr{tail.data.cut ? " (last lines)" : ""}</div>
      <pre className="log-text log-stderr" aria-label="stderr of the failed node">
        {tail.data.text}
      </pre>
    </div>
  );
}
