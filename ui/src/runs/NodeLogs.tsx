import { useState } from "react";

import type { LogStream } from "../api/types";
import { LogView } from "./LogView";
import { Tabs } from "./Tabs";

const STREAMS: [LogStream, string][] = [
  ["stdout", "stdout"],
  ["stderr", "stderr"],
  ["system", "system"],
];

/** A node's three logs, one at a time. */
export function NodeLogs({ runId, node, initial = "stdout" }: { runId: string; node: string; initial?: LogStream }) {
  const [stream, setStream] = useState<LogStream>(initial);
  return (
    <Tabs tabs={STREAMS} active={stream} onChange={setStream} label="Log streams" small>
      <LogView key={`${node}:${stream}`} runId={runId} node={node} stream={stream} label={`${stream} of ${node}`} />
    </Tabs>
  );
}
