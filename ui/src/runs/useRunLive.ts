// A run kept up to date by the event stream: loaded once, then every node and run event
// applied. Events are coalesced (the latest state of each node wins) and applied once per
// animation frame, so a run of thousands of nodes re-renders a few times a second at most,
// never once per event.

import { useCallback, useEffect, useRef, useState } from "react";

import { ApiError, api } from "../api/client";
import { subscribe } from "../api/events";
import type { NodeDetail, RunDetail, RunEvent, RunSummary } from "../api/types";
import { isTerminal, normalizeNode } from "./runModel";
import type { RunEventState } from "./types";

export interface LiveRun {
  /** The run: summary fields follow the events; `nodes` is the first load, use `nodes` below. */
  run: RunDetail | undefined;
  /** Every node's latest state, by node id (`c/inner` inside a composite `c`). */
  nodes: ReadonlyMap<string, NodeDetail>;
  error: unknown;
  notFound: boolean;
  /** The event stream is open (live updates arrive). */
  live: boolean;
  /** Load the run again from the server. */
  reload: () => void;
  /** Apply a summary an action answered (it shows before its event arrives). */
  patch: (summary: RunSummary) => void;
}

interface Snapshot {
  run: RunDetail;
  nodes: Map<string, NodeDetail>;
}

function snapshotOf(run: RunDetail): Snapshot {
  return { run, nodes: new Map(run.nodes.map((node) => [node.node_id, normalizeNode(node)])) };
}

/** Follow run `runId` live. */
export function useRunLive(runId: string): LiveRun {
  const [state, setState] = useState<Snapshot>();
  const [error, setError] = useState<unknown>();
  const [notFound, setNotFound] = useState(false);
  const [live, setLive] = useState(false);
  const [generation, setGeneration] = useState(0);
  const patchRef = useRef<(summary: RunSummary) => void>(() => undefined);

  useEffect(() => {
    let base: Snapshot | undefined;
    let fetching = 0; // loads in flight: events wait for them
    let latestLoad = 0;
    let frame = 0;
    let opened = false;
    let stopped = false;
    const pendingNodes = new Map<string, NodeDetail>();
    let pendingRun: (RunEventState & { status?: RunSummary["status"] }) | null = null;
    const controller = new AbortController();

    const flush = () => {
      frame = 0;
      if (!base || fetching > 0 || stopped) return;
      if (pendingNodes.size === 0 && !pendingRun) return;
      let { run, nodes } = base;
      if (pendingNodes.size) {
        nodes = new Map(nodes);
        for (const [id, node] of pendingNodes) nodes.set(id, node);
        pendingNodes.clear();
      }
      if (pendingRun) {
        run = { ...run, ...pendingRun };
        pendingRun = null;
      }
      base = { run, nodes };
      setState(base);
    };
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(flush);
    };

    let applied = 0;
    const load = () => {
      const number = ++latestLoad;
      const afterOpen = opened;
      fetching += 1;
      api
        .get<RunDetail>(`/runs/${encodeURIComponent(runId)}`, undefined, controller.signal)
        .then((run) => {
          if (stopped || number < applied) return;
          applied = number;
          // A run's snapshot never changes: keeping the object keeps the canvas as it is.
          base = snapshotOf(base ? { ...run, workflow: base.run.workflow } : run);
          setState(base);
          setError(undefined);
          // Read before the stream opened, the run may have changed unseen since: read it
          // again, unless it had ended (an ended run changes no more).
          if (!afterOpen && opened && !isTerminal(run.status) && number === latestLoad) load();
        })
        .catch((reason) => {
          if (stopped) return;
          if (reason instanceof ApiError && reason.status === 404) {
            setNotFound(true);
            unsubscribe();
          } else if (number === latestLoad) setError(reason);
        })
        .finally(() => {
          fetching -= 1;
          schedule();
        });
    };

    const onEvent = (event: RunEvent) => {
      if (event.run_id !== runId) return;
      if (event.kind === "node" && event.node_id && event.state) {
        pendingNodes.set(event.node_id, normalizeNode(event.state as NodeDetail));
      } else if (event.kind === "run") {
        pendingRun = { ...pendingRun, ...(event.state as RunEventState), status: event.status };
      }
      schedule();
    };
    const onOpen = () => {
      setLive(true);
      if (opened) return; // a reconnection resumes after the last event: nothing was missed
      opened = true;
      // A load in flight checks, when it ends, whether it must be read again.
      if (fetching === 0 && (!base || !isTerminal(base.run.status))) load();
    };

    patchRef.current = (summary) => {
      // The answer may be older than events already applied: it never takes a run back
      // from an ended status.
      const ended = isTerminal(pendingRun?.status ?? base?.run.status ?? summary.status);
      pendingRun = ended
        ? { ...pendingRun, cancel_requested: summary.cancel_requested }
        : { ...pendingRun, ...summary };
      schedule();
    };
    const unsubscribe = subscribe({ run_id: runId }, onEvent, onOpen);
    load();
    return () => {
      stopped = true;
      controller.abort();
      cancelAnimationFrame(frame);
      unsubscribe();
      setLive(false);
    };
  }, [runId, generation]);

  const reload = useCallback(() => {
    setError(undefined);
    setGeneration((value) => value + 1);
  }, []);

  const patch = useCallback((summary: RunSummary) => patchRef.current(summary), []);

  return {
    run: state?.run,
    nodes: state?.nodes ?? EMPTY,
    error,
    notFound,
    live,
    reload,
    patch,
  };
}

const EMPTY: ReadonlyMap<string, NodeDetail> = new Map();
