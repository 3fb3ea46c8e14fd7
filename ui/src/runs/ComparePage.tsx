// Two runs of a workflow side by side: the values that differ, the node states, and the
// outputs whose contents differ (with their previews next to each other).

import { Fragment, useMemo, useState, type FormEvent, type ReactNode } from "react";
import { Link, useNavigate, useSearchParams } from "react-router-dom";

import { api } from "../api/client";
import type { Artifact, NodeDetail, RunDetail } from "../api/types";
import { ErrorMessage } from "../components/ErrorMessage";
import { displayValue } from "../components/ParameterInput";
import { StatusBadge } from "../components/StatusBadge";
import { bytes, dateTime, duration, elapsed } from "../format";
import { useResource } from "../hooks/useResource";
import { compareRuns, type OutputRow, type ParamRow, type Side } from "./compare";
import "./ComparePage.css";
import { OutputPreview } from "./OutputPreview";
import { compareUrl, shortId } from "./runModel";

function useRun(id: string | null) {
  return useResource<RunDetail | null>(
    (signal) => (id ? api.get<RunDetail>(`/runs/${encodeURIComponent(id)}`, undefined, signal) : Promise.resolve(null)),
    [id],
  );
}

/** The two run ids to compare, typed in when the address has none. */
function ChooseRuns({ a, b }: { a: string; b: string }) {
  const navigate = useNavigate();
  const [left, setLeft] = useState(a);
  const [right, setRight] = useState(b);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (left.trim() && right.trim()) navigate(compareUrl(left.trim(), right.trim()));
  };
  return (
    <form className="card compare-choose" onSubmit={submit}>
      <p>
        Choose two runs of a workflow: open a run and use <strong>Compare…</strong>, or give their ids here.
      </p>
      <div className="toolbar">
        <label className="field">
          Run A
          <input className="input mono" value={left} onChange={(event) => setLeft(event.target.value)} />
        </label>
        <label className="field">
          Run B
          <input className="input mono" value={right} onChange={(event) => setRight(event.target.value)} />
        </label>
        <button className="btn btn-primary compare-go" type="submit" disabled={!left.trim() || !right.trim()}>
          Compare
        </button>
      </div>
    </form>
  );
}

function RunCard({ run, side }: { run: RunDetail; side: "A" | "B" }) {
  return (
    <div className="card compare-run" aria-label={`Run ${side}`}>
      <div className="compare-run-side">Run {side}</div>
      <div className="compare-run-title">
        <Link to={`/runs/${run.id}`}>{run.title || "Untitled run"}</Link> <StatusBadge status={run.status} />
      </div>
      <div className="muted compare-run-meta">
        <span className="mono">{shortId(run.id)}</span> · by {run.author} · {dateTime(run.created_at)} · took{" "}
        {duration(elapsed(run.started_at, run.finished_at))}
      </div>
    </div>
  );
}

function SideValue({ side }: { side: Side<unknown> }) {
  if (!side.present) return <span className="muted">absent</span>;
  const text = displayValue(side.value);
  return <span className="mono">{text === "" ? <span className="muted">(empty)</span> : text}</span>;
}

function ParamTable({ rows, label, nodes }: { rows: ParamRow[]; label: string; nodes: boolean }) {
  return (
    <table className="table compare-table" aria-label={label}>
      <thead>
        <tr>
          {nodes && <th>Node</th>}
          <th>Parameter</th>
          <th className="value-col">Run A</th>
          <th className="value-col">Run B</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.key} className={row.differs ? "differs" : ""}>
            {nodes && (
              <td>
                {row.nodeTitle} <span className="muted mono">{row.node}</span>
              </td>
            )}
            <td>
              {row.differs && (
                <span className="diff-mark" title="differs">
                  ≠{" "}
                </span>
              )}
              {row.name}
            </td>
            <td>
              <SideValue side={row.a} />
            </td>
            <td>
              <SideValue side={row.b} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function NodeState({ state }: { state: NodeDetail | undefined }) {
  if (!state) return <span className="muted">absent</span>;
  return (
    <span className="compare-state">
      <StatusBadge status={state.status} title={state.cache?.explanation} />
      <span className="muted">{duration(elapsed(state.started_at, state.finished_at))}</span>
    </span>
  );
}

function Digest({ artifact }: { artifact: Artifact | undefined }) {
  if (!artifact) return <span className="muted">not produced</span>;
  return (
    <span title={`sha256 ${artifact.digest}`}>
      <span className="mono">{artifact.digest.slice(0, 12)}</span> <span className="muted">· {bytes(artifact.size)}</span>
    </span>
  );
}

function OutputCompareRow({ row, a, b }: { row: OutputRow; a: RunDetail; b: RunDetail }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <tr className={row.differs ? "differs" : ""}>
        <td>
          {row.differs && <span className="diff-mark">≠ </span>}
          {row.title} <span className="muted mono">{row.node}</span>
        </td>
        <td className="mono">{row.output}</td>
        <td>
          <Digest artifact={row.a} />
        </td>
        <td>
          <Digest artifact={row.b} />
        </td>
        <td>
          <button
            type="button"
            className="btn btn-small"
            aria-expanded={open}
            aria-label={`${open ? "Hide" : "Compare"} previews of ${row.node} ${row.output}`}
            onClick={() => setOpen(!open)}
          >
            {open ? "Hide" : "Previews"}
          </button>
        </td>
      </tr>
      {open && (
        <tr className="compare-previews-row">
          <td colSpan={5}>
            <div className="compare-previews">
              <div>
                <div className="compare-preview-title">Run A</div>
                {row.a ? <OutputPreview runId={a.id} node={row.node} output={row.output} /> : <p className="muted">Not produced.</p>}
              </div>
              <div>
                <div className="compare-preview-title">Run B</div>
                {row.b ? <OutputPreview runId={b.id} node={row.node} output={row.output} /> : <p className="muted">Not produced.</p>}
              </div>
            </div>
          </td>
        </tr>
      )}
    </>
  );
}

function Section({ title, summary, children }: { title: string; summary: string; children: ReactNode }) {
  return (
    <section className="compare-section" aria-label={title}>
      <div className="compare-section-head">
        <h2>{title}</h2>
        <span className="muted">{summary}</span>
      </div>
      {children}
    </section>
  );
}

function Comparison({ a, b, onlyDifferences }: { a: RunDetail; b: RunDetail; onlyDifferences: boolean }) {
  const result = useMemo(() => compareRuns(a, b), [a, b]);
  const pick = <T extends { differs: boolean }>(rows: T[]) => (onlyDifferences ? rows.filter((row) => row.differs) : rows);
  const count = <T extends { differs: boolean }>(rows: T[]) => rows.filter((row) => row.differs).length;
  const workflowParams = pick(result.workflowParams);
  const nodeParams = pick(result.nodeParams);
  const nodes = pick(result.nodes);
  const outputs = pick(result.outputs);
  const none = (what: string) => <p className="muted compare-none">{onlyDifferences ? `No ${what} differ.` : `No ${what}.`}</p>;
  return (
    <>
      {a.workflow_id !== b.workflow_id && (
        <div className="message message-warning" role="note">
          These runs come from different workflows: nodes are matched by their ids.
        </div>
      )}
      <Section
        title="Parameters"
        summary={`${count(result.workflowParams)} of ${result.workflowParams.length} workflow parameters and ${count(result.nodeParams)} node values differ`}
      >
        <h3>Workflow parameters</h3>
        {workflowParams.length ? <ParamTable rows={workflowParams} label="Workflow parameters" nodes={false} /> : none("workflow parameters")}
        <h3>Node parameters</h3>
        {nodeParams.length ? <ParamTable rows={nodeParams} label="Node parameters" nodes /> : none("node parameters")}
      </Section>
      <Section title="Nodes" summary={`${count(result.nodes)} of ${result.nodes.length} nodes ended differently`}>
        {nodes.length ? (
          <table className="table compare-table" aria-label="Node statuses">
            <thead>
              <tr>
                <th>Node</th>
                <th className="value-col">Run A</th>
                <th className="value-col">Run B</th>
              </tr>
            </thead>
            <tbody>
              {nodes.map((row) => (
                <tr key={row.node} className={row.differs ? "differs" : ""}>
                  <td>
                    {row.differs && <span className="diff-mark">≠ </span>}
                    {row.title} <span className="muted mono">{row.node}</span>
                  </td>
                  <td>
                    <NodeState state={row.a} />
                  </td>
                  <td>
                    <NodeState state={row.b} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          none("node statuses")
        )}
      </Section>
      <Section title="Outputs" summary={`${count(result.outputs)} of ${result.outputs.length} outputs have different contents`}>
        {outputs.length ? (
          <table className="table compare-table" aria-label="Outputs">
            <thead>
              <tr>
                <th>Node</th>
                <th>Output</th>
                <th className="value-col">Run A</th>
                <th className="value-col">Run B</th>
                <th className="action-col" />
              </tr>
            </thead>
            <tbody>
              {outputs.map((row) => (
                <Fragment key={row.key}>
                  <OutputCompareRow row={row} a={a} b={b} />
                </Fragment>
              ))}
            </tbody>
          </table>
        ) : (
          none("outputs")
        )}
      </Section>
    </>
  );
}

/** The comparison page, at /runs/compare?a=RUN&b=RUN. */
export function ComparePage() {
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const a = search.get("a");
  const b = search.get("b");
  const runA = useRun(a);
  const runB = useRun(b);
  const [onlyDifferences, setOnlyDifferences] = useState(true);
  const loading = (a && !runA.data && !runA.error) || (b && !runB.data && !runB.error);
  return (
    <div className="page compare-page">
      <div className="page-header">
        <h1>Compare runs</h1>
        <span className="spacer" />
        {a && b && (
          <>
            <label className="compare-only">
              <input type="checkbox" checked={onlyDifferences} onChange={(event) => setOnlyDifferences(event.target.checked)} />
              Only differences
            </label>
            <button type="button" className="btn" onClick={() => navigate(compareUrl(b, a), { replace: true })}>
              ⇄ Swap
            </button>
            <button
              type="button"
              className="btn"
              onClick={() => {
                runA.reload();
                runB.reload();
              }}
            >
              ↻ Refresh
            </button>
          </>
        )}
      </div>
      {(!a || !b) && <ChooseRuns a={a ?? ""} b={b ?? ""} />}
      <ErrorMessage error={runA.error} title={`Run A (${a}) could not be loaded`} />
      <ErrorMessage error={runB.error} title={`Run B (${b}) could not be loaded`} />
      {loading && <p className="muted">Loading the runs…</p>}
      {(runA.data || runB.data) && (
        <div className="compare-runs">
          {runA.data ? <RunCard run={runA.data} side="A" /> : <div />}
          {runB.data ? <RunCard run={runB.data} side="B" /> : <div />}
        </div>
      )}
      {runA.data && runB.data && <Comparison a={runA.data} b={runB.data} onlyDifferences={onlyDifferences} />}
    </div>
  );
}
