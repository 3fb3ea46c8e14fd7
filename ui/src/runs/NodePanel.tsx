import { useState } from "react";

import type { NodeDetail, RunDetail } from "../api/types";
import { StatusBadge } from "../components/StatusBadge";
import { NodeLogs } from "./NodeLogs";
import { NodeOutputs } from "./NodeOutputs";
import { NodeOverview } from "./NodeOverview";
import { nodeTitle, type SnapshotNode } from "./runModel";
import { Tabs } from "./Tabs";

type Tab = "overview" | "logs" | "outputs";

const TABS: [Tab, string][] = [
  ["overview", "Overview"],
  ["logs", "Logs"],
  ["outputs", "Outputs"],
];

/** The chosen node: its state, logs and outputs in tabs. */
export function NodePanel({
  run,
  nodeId,
  states,
  snapshot,
  now,
  onClose,
  onOpenComposite,
  wide,
  onToggleWide,
}: {
  run: RunDetail;
  nodeId: string;
  states: ReadonlyMap<string, NodeDetail>;
  snapshot: Map<string, SnapshotNode>;
  now: number;
  onClose: () => void;
  onOpenComposite: (path: string) => void;
  /** The panel is wide; `onToggleWide` widens or narrows it. */
  wide: boolean;
  onToggleWide: () => void;
}) {
  const [tab, setTab] = useState<Tab>("overview");
  const state = states.get(nodeId);
  const entry = snapshot.get(nodeId);
  const title = nodeTitle(entry, nodeId);
  const composite = entry?.operation?.kind === "composite";
  const shown: Tab = composite && tab === "logs" ? "overview" : tab; // a composite has no logs of its own
  return (
    <section className="node-panel" aria-label={`Node ${title}`}>
      <header className="node-panel-head">
        <div className="node-panel-title">
          <h2 title={title}>{title}</h2>
          <div className="muted mono node-panel-id">{nodeId}</div>
        </div>
        {state && <StatusBadge status={state.status} title={state.cache?.explanation} />}
        <button
          type="button"
          className="btn btn-icon btn-small"
          aria-label={wide ? "Narrow the panel" : "Widen the panel"}
          aria-pressed={wide}
          title={wide ? "Narrow the panel" : "Widen the panel (for tables, logs and documents)"}
          onClick={onToggleWide}
        >
          {wide ? "⇥" : "⇤"}
        </button>
        <button type="button" className="btn btn-icon btn-small" aria-label="Close the node panel" onClick={onClose}>
          ✕
        </button>
      </header>
      <Tabs tabs={composite ? TABS.filter(([key]) => key !== "logs") : TABS} active={shown} onChange={setTab} label="Node details">
        {shown === "overview" && (
          <NodeOverview run={run} state={state} entry={entry} states={states} now={now} onOpenComposite={onOpenComposite} />
        )}
        {shown === "logs" && <NodeLogs key={nodeId} runId={run.id} node={nodeId} initial={state?.status === "failed" ? "stderr" : "stdout"} />}
        {shown === "outputs" && <NodeOutputs key={nodeId} runId={run.id} state={state} entry={entry} />}
      </Tabs>
    </section>
  );
}
