// Every node of a run as rows (composites' inner nodes included): a list that stays fast
// on thousands of nodes, since only the rows in view are drawn.

import { useEffect, useMemo, useRef, useState } from "react";

import type { NodeDetail, Status } from "../api/types";
import { StatusBadge } from "../components/StatusBadge";
import { dateTime, duration, elapsed } from "../format";
import { nodeTitle, STATUS_ORDER, statusCounts, type SnapshotNode } from "./runModel";

const ROW_HEIGHT = 34;
const OVERSCAN = 8;

interface Row {
  id: string;
  title: string;
  operation: string;
  depth: number;
  state: NodeDetail;
}

export interface NodeTableProps {
  states: ReadonlyMap<string, NodeDetail>;
  snapshot: Map<string, SnapshotNode>;
  selected: string | null;
  onSelect: (nodeId: string) => void;
  now: number;
}

/** The nodes of a run as a filterable table. */
export function NodeTable({ states, snapshot, selected, onSelect, now }: NodeTableProps) {
  const [status, setStatus] = useState<Status | "">("");
  const [query, setQuery] = useState("");
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const observer = new ResizeObserver(() => setHeight(element.clientHeight));
    observer.observe(element);
    setHeight(element.clientHeight);
    return () => observer.disconnect();
  }, []);

  const allRows = useMemo<Row[]>(() => {
    const rows = [...states.values()].map((state) => {
      const entry = snapshot.get(state.node_id);
      return {
        id: state.node_id,
        title: nodeTitle(entry, state.node_id),
        operation: entry?.operation ? `${entry.operation.name} v${entry.operation.version ?? "?"}` : state.operation,
        depth: state.node_id.split("/").length - 1,
        state,
      };
    });
    return rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }, [states, snapshot]);

  const counts = useMemo(() => statusCounts(states.values()), [states]);
  const rows = useMemo(() => {
    const words = query.trim().toLowerCase();
    return allRows.filter(
      (row) =>
        (!status || row.state.status === status) &&
        (!words || `${row.id} ${row.title} ${row.operation}`.toLowerCase().includes(words)),
    );
  }, [allRows, status, query]);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);

  return (
    <div className="node-table">
      <div className="toolbar node-table-filters">
        <input
          className="input"
          type="search"
          placeholder="Find a node"
          aria-label="Find a node"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
        <select
          className="input"
          aria-label="Status filter"
          value={status}
          onChange={(event) => setStatus(event.target.value as Status | "")}
        >
          <option value="">All statuses ({states.size})</option>
          {STATUS_ORDER.filter((name) => counts.get(name)).map((name) => (
            <option key={name} value={name}>
              {name} ({counts.get(name)})
            </option>
          ))}
        </select>
        <span className="muted">
          {rows.length === states.size ? `${rows.length} nodes` : `${rows.length} of ${states.size} nodes`}
        </span>
      </div>
      <div className="node-table-grid" role="table" aria-label="Nodes of the run" aria-rowcount={rows.length + 1}>
        <div className="node-row node-row-head" role="row">
          <span role="columnheader">Node</span>
          <span role="columnheader">Status</span>
          <span role="columnheader">Attempts</span>
          <span role="columnheader">Started</span>
          <span role="columnheader">Duration</span>
          <span role="columnheader">Exit</span>
          <span role="columnheader">Cache</span>
        </div>
        <div
          className="node-table-body"
          ref={box}
          onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
          role="rowgroup"
        >
          <div style={{ height: rows.length * ROW_HEIGHT, position: "relative" }}>
            {rows.slice(first, last).map((row, index) => {
              const { state } = row;
              const seconds = elapsed(state.started_at, state.finished_at, now);
              return (
                <div
                  key={row.id}
                  role="row"
                  aria-rowindex={first + index + 2}
                  aria-selected={row.id === selected}
                  tabIndex={0}
                  className={`node-row${row.id === selected ? " selected" : ""}`}
                  style={{ top: (first + index) * ROW_HEIGHT, height: ROW_HEIGHT }}
                  data-node-id={row.id}
                  onClick={() => onSelect(row.id)}
                  onKeyDown={(event) => event.key === "Enter" && onSelect(row.id)}
                >
                  <span
                    role="cell"
                    className="node-row-name"
                    style={{ paddingLeft: 10 + row.depth * 16 }}
                    title={`${row.id}: ${row.title} (${row.operation})`}
                  >
                    <strong className="mono">{row.id.split("/").pop()}</strong> <span className="muted">{row.title}</span>
                  </span>
                  <span role="cell">
                    <StatusBadge status={state.status} />
                  </span>
                  <span role="cell">{state.attempts}</span>
                  <span role="cell" className="muted" title={dateTime(state.started_at)}>
                    {state.started_at ? new Date(state.started_at).toLocaleTimeString() : "—"}
                  </span>
                  <span role="cell">{duration(seconds)}</span>
                  <span role="cell" className={state.exit_code ? "node-row-bad" : ""}>
                    {state.exit_code ?? "—"}
                  </span>
                  <span role="cell" className="muted node-row-cache" title={state.cache?.explanation}>
                    {state.cache?.explanation ?? "—"}
                  </span>
                </div>
              );
            })}
          </div>
          {rows.length === 0 && <p className="muted node-table-empty">No node matches.</p>}
        </div>
      </div>
    </div>
  );
}
