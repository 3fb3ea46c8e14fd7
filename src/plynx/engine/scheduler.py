"""The event-driven scheduler: decides cache hits, dispatches tasks, records transitions.

All scheduling state is touched by one thread, the one running :meth:`Scheduler.run_until`.
Executors and timers only put events on a queue; the loop blocks on that queue, so a node
is dispatched as soon as its inputs are ready, with no sleep between passes. What changed
is written to the metadata store in one transaction per short interval, not per event.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from plynx.artifacts import ArtifactStore
from plynx.engine import cache
from plynx.engine.logs import log_path
from plynx.engine.state import RunState, utcnow
from plynx.executors.base import Executor
from plynx.model import (
    Artifact,
    CacheDecision,
    CacheEntry,
    NodeState,
    Operation,
    Run,
    Status,
    Task,
    TaskResult,
)
from plynx.plugins import Registry
from plynx.store import MetadataStore
from plynx.system_log import SystemLog

#: Identifies a node of a run: (run id, node id).
Key = tuple[str, str]

#: Longest time a change waits to be written; the changes of that time share a transaction.
FLUSH_INTERVAL_SECONDS = 0.02

Listener = Callable[[str, NodeState], None]


class Scheduler:
    """Drives runs: one active instance per metadata store."""

    def __init__(self, store: MetadataStore, artifacts: ArtifactStore, executor: Executor,
                 registry: Registry, log_dir: Path) -> None:
        self.store = store
        self.artifacts = artifacts
        self.executor = executor
        self.registry = registry
        self.log_dir = log_dir
        self.runs: dict[str, RunState] = {}
        self.events: queue.SimpleQueue[tuple[Any, ...]] = queue.SimpleQueue()
        self.listeners: list[Listener] = []
        self.finish_listeners: list[Callable[[Run], None]] = []
        self._computing: dict[str, Key] = {}  # cache key -> the node computing it
        self._waiting: dict[str, list[Key]] = {}  # cache key -> nodes waiting for it
        self._timers: dict[Key, threading.Timer] = {}
        # written at the next flush, in the same transaction as the node states
        self._new_entries: dict[str, CacheEntry] = {}
        self._new_artifacts: dict[str, list[Artifact]] = {}  # by run id
        # system logs with lines not yet written, by run and node (None: the run's own)
        self._logs: dict[tuple[str, str | None], SystemLog] = {}
        self._flush_due: float | None = None  # when the changes not yet written are due

    # -- called from any thread -------------------------------------------------------

    def task_started(self, key: Key, pid: int) -> None:
        self.events.put(("started", key, pid))

    def cancel(self, run_id: str) -> None:
        self.events.put(("cancel", run_id))

    def log_path(self, run_id: str, node_id: str | None, stream: str) -> Path:
        """Where a node's ``stdout``, ``stderr`` or ``system`` log is written; with
        ``node_id`` None, the run's own ``system`` log."""
        return log_path(self.log_dir, run_id, node_id, stream)

    # -- the loop ---------------------------------------------------------------------

    def adopt(self, state: RunState) -> None:
        """Start driving a run whose states are already in the store."""
        self.runs[state.run.id] = state
        self._run_log(state).buffer(f"run driven by {state.run.owner}: {len(state.plan.nodes)} "
                                    f"node(s), {state.unfinished} to do")
        state.run.status = Status.RUNNING
        state.run.started_at = state.run.started_at or utcnow()
        self.store.update_run(state.run.id, status=Status.RUNNING,
                              started_at=state.run.started_at, owner=state.run.owner)
        self._advance(state)
        self._flush()

    def run_until(self, done: Callable[[], bool], timeout: float | None = None) -> None:
        """Process events until ``done()`` is true (checked after every batch of events).

        Changes are persisted together, at most :data:`FLUSH_INTERVAL_SECONDS` after the
        first of them, at once when a run has ended, and always before returning.
        """
        try:
            while not done():
                try:
                    event = self.events.get(timeout=self._wait(timeout))
                except queue.Empty:
                    self._flush_if_due()
                    continue
                self._handle(event)
                while True:  # drain what arrived meanwhile
                    try:
                        self._handle(self.events.get_nowait())
                    except queue.Empty:
                        break
                if self._flush_due is None:
                    self._flush_due = time.monotonic() + FLUSH_INTERVAL_SECONDS
                if any(run_state.leaves_done for run_state in self.runs.values()):
                    self._flush()
                else:
                    self._flush_if_due()
        finally:
            if self._flush_due is not None:
                self._flush()

    def _wait(self, timeout: float | None) -> float | None:
        """How long to wait for the next event: at most until the next flush is due."""
        if self._flush_due is None:
            return timeout
        left = max(0.0, self._flush_due - time.monotonic())
        return left if timeout is None else min(timeout, left)

    def _flush_if_due(self) -> None:
        if self._flush_due is not None and time.monotonic() >= self._flush_due:
            self._flush()

    def _handle(self, event: tuple[Any, ...]) -> None:
        kind = event[0]
        if kind == "started":
            self._on_started(event[1], event[2])
        elif kind == "finished":
            self._on_finished(event[1], event[2], event[3])
        elif kind == "retry":
            self._on_retry(event[1])
        elif kind == "cancel":
            self._on_cancel(event[1])

    def _flush(self) -> None:
        """Persist every change, one transaction per run, then finish the runs that ended.

        Node states, the artifacts they produced and the cache entries of their executions
        are written together, so a node is never recorded succeeded without its entry.
        """
        self._flush_due = None
        entries = list(self._new_entries.values())
        for run_state in list(self.runs.values()):
            run_id = run_state.run.id
            if run_state.dirty or run_id in self._new_artifacts:
                changed = [run_state.states[n] for n in run_state.dirty]
                run_state.dirty.clear()
                mine = [e for e in entries if e.run_id == run_id]
                self.store.record_progress(run_id, changed, self._new_artifacts.pop(run_id, []),
                                           mine)
                for state in changed:
                    for listener in self.listeners:
                        listener(run_state.run.id, state)
            if run_state.leaves_done:
                self._finish_run(run_state)
        self._new_entries.clear()
        for log in self._logs.values():
            log.flush()
        self._logs.clear()

    def _finish_run(self, run_state: RunState) -> None:
        run = run_state.run
        run.status = run_state.final_status()
        run.finished_at = utcnow()
        failed = [n for n in run_state.plan.nodes if run_state.states[n].status is Status.FAILED]
        run.error = f"failed node(s): {', '.join(failed)}" if failed else (
            "canceled" if run.status is Status.CANCELED else None)
        self._run_log(run_state).buffer(f"run {run.status}" + (f": {run.error}" if run.error
                                                               else ""))
        self.store.update_run(run.id, status=run.status, finished_at=run.finished_at,
                              error=run.error)
        del self.runs[run.id]
        for listener in self.finish_listeners:
            listener(run)

    # -- starting nodes ---------------------------------------------------------------

    def _advance(self, run_state: RunState) -> None:
        """Start every node whose inputs are ready: used when a run is adopted."""
        self._start_all(run_state, run_state.ready_nodes())

    def _start_all(self, run_state: RunState, node_ids: list[str]) -> None:
        """Start nodes, then those their cache hits made ready, and so on.

        Nodes are taken in waves: the cache entries of a whole wave are read at once.
        """
        work = list(node_ids)
        while work and not run_state.canceling:
            wave, work = work, []
            inputs = {node_id: self._inputs(run_state, node_id) for node_id in wave}
            readable = [n for n in wave if cache.miss_reason(
                run_state.plan.nodes[n].operation, run_state.run.options) is None]
            entries = self._lookup([run_state.states[n].cache_key or "" for n in readable])
            for node_id in wave:
                if run_state.canceling:
                    break
                work += self._start(run_state, node_id, inputs[node_id], entries)

    def _inputs(self, run_state: RunState, node_id: str) -> dict[str, list[Artifact]]:
        """The input artifacts of a ready node; sets its cache key when it executes."""
        node = run_state.plan.nodes[node_id]
        inputs = {name: [run_state.states[src].outputs[out] for src, out in ports]
                  for name, ports in node.inputs.items()}
        kind = self.registry.kind(node.operation.kind)
        if kind.executable:
            run_state.states[node_id].cache_key = cache.cache_key(
                node.operation, kind, node.params, inputs)
        return inputs

    def _lookup(self, keys: list[str]) -> dict[str, CacheEntry]:
        """Cache entries by key: those of this batch of events, then the stored ones."""
        found = {key: self._new_entries[key] for key in keys if key in self._new_entries}
        missing = [key for key in keys if key and key not in found]
        if missing:
            found.update(self.store.get_cache_entries(missing))
        return found

    def _start(self, run_state: RunState, node_id: str, inputs: dict[str, list[Artifact]],
               entries: dict[str, CacheEntry]) -> list[str]:
        """Resolve a node from the cache or dispatch it; return nodes that became ready."""
        node = run_state.plan.nodes[node_id]
        operation = node.operation
        if not self.registry.kind(operation.kind).executable:
            artifact = self._provided_artifact(operation)
            if artifact is None:
                return self._fail(run_state, node_id, f"file {operation.artifact} is missing "
                                                      "from the artifact store")
            self._run_log(run_state).buffer(
                f"{node_id}: file provided: {artifact.digest} ({artifact.size} bytes)")
            run_state.mark(node_id, Status.SUCCEEDED, outputs={"out": artifact})
            return self._succeeded(run_state, node_id)
        state = run_state.states[node_id]
        key = state.cache_key or ""
        decision, entry = self._decide(run_state, operation, entries.get(key))
        if entry is not None:
            # Logs are read by whoever sees this run, who may not see the source run.
            self._run_log(run_state).buffer(f"{node_id}: cache {decision.anonymous()}; "
                                            f"key {key}")
            run_state.mark(node_id, Status.CACHED, cache=decision, outputs=entry.outputs,
                           started_at=utcnow())
            return self._succeeded(run_state, node_id)
        log = self._system_log(run_state, node_id)
        if key in self._computing:
            other_run, other_node = self._computing[key]
            where = (f"as {other_node}" if other_run == run_state.run.id
                     else "in another run")  # which one is told only to those who see it
            log.buffer(f"identical task running {where}; waiting for it")
            self._waiting.setdefault(key, []).append((run_state.run.id, node_id))
            run_state.mark(node_id, Status.QUEUED, cache=decision)
            return []
        self._computing[key] = (run_state.run.id, node_id)
        self._dispatch(run_state, node_id, inputs, decision)
        return []

    def _decide(self, run_state: RunState, operation: Operation,
                entry: CacheEntry | None) -> tuple[CacheDecision, CacheEntry | None]:
        """The cache decision given the node's entry, and the entry to use on a hit."""
        reason = cache.miss_reason(operation, run_state.run.options)
        if reason is not None:
            return CacheDecision(outcome=cache.RAN, reason=reason), None
        decision = cache.decide(entry, utcnow())
        if decision.outcome != cache.HIT or entry is None:
            return decision, None
        if not all(self.artifacts.exists(a.digest) for a in entry.outputs.values()):
            return CacheDecision(outcome=cache.RAN, reason="artifact missing"), None
        return decision, entry

    def _provided_artifact(self, operation: Operation) -> Artifact | None:
        """The stored artifact a file operation provides (a directory if its output's type
        is one), or None when it is missing."""
        digest = operation.artifact
        if not digest or not self.artifacts.exists(digest):
            return None
        directory = any(self.registry.resource_type(o.type).directory
                        for o in operation.outputs)
        return Artifact(digest=digest, size=self.artifacts.size(digest), directory=directory)

    def _dispatch(self, run_state: RunState, node_id: str, inputs: dict[str, list[Artifact]],
                  decision: CacheDecision) -> None:
        node = run_state.plan.nodes[node_id]
        state = run_state.states[node_id]
        attempt = state.attempts + 1
        run_state.mark(node_id, Status.QUEUED, cache=decision, attempts=attempt)
        log = self._system_log(run_state, node_id)
        log.buffer(f"attempt {attempt}: cache {decision}; key {state.cache_key}")
        task = Task(
            run_id=run_state.run.id, node_id=node_id, attempt=attempt,
            operation=node.operation, params=node.params, inputs=inputs,
            artifact_store=self.artifacts.url,
            log_dir=str(self.log_path(run_state.run.id, node_id, "stdout").parent),
            timeout_seconds=node.operation.timeout_seconds,
            notes=log.take(),  # written by the task, before its own lines
        )
        key = (run_state.run.id, node_id)
        future = self.executor.submit(task)
        future.add_done_callback(lambda f: self.events.put(("finished", key, attempt, f)))

    # -- results ----------------------------------------------------------------------

    def _on_started(self, key: Key, pid: int) -> None:
        run_state = self.runs.get(key[0])
        if run_state is None or run_state.states[key[1]].status is not Status.QUEUED:
            return
        run_state.mark(key[1], Status.RUNNING, pid=pid)
        run_state.refresh_groups(key[1])

    def _on_finished(self, key: Key, attempt: int, future: Future[TaskResult]) -> None:
        run_state = self.runs.get(key[0])
        if run_state is None:
            return
        node_id = key[1]
        state = run_state.states[node_id]
        try:
            result = future.result()
        except Exception as exc:  # an executor failure is a node failure, never a crash
            result = TaskResult(error=f"executor error: {exc}")
        log = self._system_log(run_state, node_id)
        cache_key = state.cache_key or ""
        self._computing.pop(cache_key, None)
        state.exit_code = result.exit_code
        state.started_at = result.started_at or state.started_at
        duration = ""
        if result.started_at and result.finished_at:
            duration = f" in {(result.finished_at - result.started_at).total_seconds():.3f}s"
        outcome = f"exit code {result.exit_code}"
        if result.error and result.error != outcome:
            outcome += f"; {result.error}"
        log.buffer(f"attempt {attempt} finished{duration}: {outcome}")
        if result.succeeded:
            self._store_success(run_state, node_id, result)
            ready = self._succeeded(run_state, node_id)
        elif result.canceled or run_state.canceling:
            run_state.mark(node_id, Status.CANCELED, error=result.error or "canceled", pid=None)
            ready = []
        elif attempt < run_state.plan.nodes[node_id].operation.retries.max_attempts:
            delay = run_state.plan.nodes[node_id].operation.retries.delay_before(attempt + 1)
            log.buffer(f"retrying in {delay:.2f}s")
            run_state.mark(node_id, Status.QUEUED, error=result.error, pid=None)
            timer = threading.Timer(delay, self.events.put, args=(("retry", key),))
            timer.daemon = True
            self._timers[key] = timer
            timer.start()
            ready = []
        else:
            ready = self._fail(run_state, node_id, result.error or f"exit code {result.exit_code}")
        run_state.refresh_groups(node_id)
        self._start_all(run_state, ready)
        self._release_waiters(cache_key)

    def _store_success(self, run_state: RunState, node_id: str, result: TaskResult) -> None:
        operation = run_state.plan.nodes[node_id].operation
        state = run_state.states[node_id]
        self._new_artifacts.setdefault(run_state.run.id, []).extend(result.outputs.values())
        run_state.mark(node_id, Status.SUCCEEDED, outputs=result.outputs, error=None, pid=None,
                       finished_at=result.finished_at or utcnow())
        if state.cache_key and cache.should_store(operation, run_state.run.options):
            now = utcnow()
            self._new_entries[state.cache_key] = CacheEntry(
                key=state.cache_key, outputs=result.outputs, run_id=run_state.run.id,
                node_id=node_id, operation_id=operation.id, created_at=now,
                expires_at=cache.expiry(operation, now))

    def _succeeded(self, run_state: RunState, node_id: str) -> list[str]:
        """Count a node's success towards its dependents; return those now ready."""
        run_state.refresh_groups(node_id)
        ready = []
        for dependent in run_state.plan.nodes[node_id].dependents:
            run_state.waiting_on[dependent] -= 1
            if run_state.waiting_on[dependent] == 0 and \
                    run_state.states[dependent].status is Status.CREATED:
                ready.append(dependent)
        return ready

    def _fail(self, run_state: RunState, node_id: str, error: str) -> list[str]:
        run_state.mark(node_id, Status.FAILED, error=error, pid=None)
        self._system_log(run_state, node_id).buffer(f"failed: {error}")
        for dependent in run_state.downstream(node_id):
            if not run_state.states[dependent].status.is_terminal:
                run_state.mark(dependent, Status.SKIPPED, error=f"upstream node {node_id} failed")
                run_state.refresh_groups(dependent)
        run_state.refresh_groups(node_id)
        if run_state.run.options.fail_fast:
            self._on_cancel(run_state.run.id, reason=f"fail-fast: {node_id} failed")
        return []

    def _release_waiters(self, cache_key: str) -> None:
        for run_id, node_id in self._waiting.pop(cache_key, []):
            run_state = self.runs.get(run_id)
            if run_state is None or run_state.states[node_id].status is not Status.QUEUED:
                continue
            run_state.states[node_id].status = Status.CREATED
            self._start_all(run_state, [node_id])

    def _on_retry(self, key: Key) -> None:
        self._timers.pop(key, None)
        run_state = self.runs.get(key[0])
        if run_state is None or run_state.canceling:
            return
        state = run_state.states[key[1]]
        if state.status is not Status.QUEUED:
            return
        state.status = Status.CREATED
        self._start_all(run_state, [key[1]])

    def _on_cancel(self, run_id: str, reason: str = "canceled") -> None:
        run_state = self.runs.get(run_id)
        if run_state is None or run_state.canceling:
            return
        run_state.canceling = True
        for node_id, state in run_state.states.items():
            if node_id not in run_state.plan.nodes or state.status.is_terminal:
                continue
            key = (run_id, node_id)
            timer = self._timers.pop(key, None)
            if timer is not None:
                timer.cancel()
            if state.status is Status.RUNNING or (
                    state.status is Status.QUEUED and self._computing.get(state.cache_key or "")
                    == key):
                self.executor.cancel(key)  # the result arrives as canceled
                self._system_log(run_state, node_id).buffer(f"cancel requested: {reason}")
            else:
                run_state.mark(node_id, Status.CANCELED, error=reason)
        self._run_log(run_state).buffer(f"cancel requested: {reason}")
        run_state.refresh_all_groups()

    def _run_log(self, run_state: RunState) -> SystemLog:
        """The run's own system log: its life, and the nodes that ran nothing."""
        return self._system_log(run_state, None)

    def _system_log(self, run_state: RunState, node_id: str | None) -> SystemLog:
        """The node's system log, buffered until the end of the batch of events."""
        key = (run_state.run.id, node_id)
        log = self._logs.get(key)
        if log is None:
            log = self._logs[key] = SystemLog(self.log_path(key[0], node_id, "system"))
        return log
