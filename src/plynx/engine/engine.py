"""The engine: metadata store, artifact store, executor and scheduler wired together."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from plynx.artifacts import ArtifactStore, open_store
from plynx.config import Settings, load_settings
from plynx.engine import recovery
from plynx.engine.gc import GRACE_SECONDS, GcReport, collect_garbage
from plynx.engine.scheduler import Key, Scheduler
from plynx.engine.state import RunState, utcnow
from plynx.engine.submission import create_run
from plynx.errors import ConfigError, Problem
from plynx.graph import build_plan, validate_workflow
from plynx.model import NodeState, Run, RunOptions, Status, Workflow
from plynx.plugins import get_registry
from plynx.store import MetadataStore
from plynx.system_log import SystemLog

#: What to do with runs whose scheduler process died: resume them, fail them, or leave them.
Recovery = Literal["resume", "fail", "none"]


class Engine:
    """Launches, drives, cancels and inspects runs on one configuration.

    On start, runs left behind by a dead scheduler process are recovered as ``recover``
    says: ``resume`` continues them here, ``fail`` marks them failed with the reason.
    """

    def __init__(self, settings: Settings | None = None, *, recover: Recovery = "fail") -> None:
        self.settings = settings or load_settings()
        self.registry = get_registry()
        self.store = MetadataStore(self.settings.database_url)
        self.store.upgrade()
        self.artifacts: ArtifactStore = open_store(self.settings.artifact_store,
                                                   self.settings.artifact_store_options)
        executor_class = self.registry.executors.get(self.settings.executor)
        if executor_class is None:
            known = ", ".join(self.registry.executors)
            raise ConfigError(f"unknown executor {self.settings.executor!r} (known: {known})")
        self.executor = executor_class.from_settings(self.settings, on_start=self._task_started)
        assert self.settings.log_dir is not None
        self.scheduler = Scheduler(self.store, self.artifacts, self.executor, self.registry,
                                   self.settings.log_dir)
        self.owner = recovery.process_identity()
        if recover != "none":
            self.recover(resume=recover == "resume")

    def _task_started(self, key: Key, pid: int) -> None:
        self.scheduler.task_started(key, pid)

    # -- runs -------------------------------------------------------------------------

    def validate(self, workflow: Workflow, params: dict[str, Any] | None = None,
                 node_params: dict[str, dict[str, Any]] | None = None) -> list[Problem]:
        """Every problem that would stop ``workflow`` from running."""
        return validate_workflow(workflow, self.registry, params, node_params)

    def submit(self, workflow: Workflow, params: dict[str, Any] | None = None,
               node_params: dict[str, dict[str, Any]] | None = None,
               options: RunOptions | None = None, keep: bool = False,
               author: str | None = None) -> Run:
        """Validate and store a queued run for any scheduler to claim (see ``serve``).

        Raises ValidationFailed listing every problem; nothing is stored then.
        """
        return create_run(self.store, self.registry, workflow, params, node_params, options,
                          keep, author).run

    def launch(self, workflow: Workflow, params: dict[str, Any] | None = None,
               node_params: dict[str, dict[str, Any]] | None = None,
               options: RunOptions | None = None, keep: bool = False,
               author: str | None = None) -> Run:
        """Validate, snapshot and start a run driven by this engine."""
        state = create_run(self.store, self.registry, workflow, params, node_params, options,
                           keep, author, owner=self.owner)
        self.scheduler.adopt(state)
        return state.run

    def adopt(self, run: Run) -> None:
        """Start driving a stored run from this thread (the scheduling thread)."""
        plan = build_plan(run.workflow, run.params)
        self.scheduler.adopt(RunState(run, plan, self.store.node_states(run.id)))

    def wait(self, run_id: str, on_change: Callable[[NodeState], None] | None = None) -> Run:
        """Drive the run in this thread until it ends; Ctrl-C cancels it cleanly."""
        finished: list[Run] = []

        def listener(changed_run: str, state: NodeState) -> None:
            if on_change is not None and changed_run == run_id:
                on_change(state)

        def on_finish(run: Run) -> None:
            if run.id == run_id:
                finished.append(run)

        if run_id not in self.scheduler.runs:
            return self.store.get_run(run_id)
        self.scheduler.listeners.append(listener)
        self.scheduler.finish_listeners.append(on_finish)
        try:
            while not finished:
                try:
                    self.scheduler.run_until(lambda: bool(finished))
                except KeyboardInterrupt:
                    self.cancel(run_id)
        finally:
            self.scheduler.listeners.remove(listener)
            self.scheduler.finish_listeners.remove(on_finish)
        return finished[0]

    def run(self, workflow: Workflow, **launch_options: Any) -> Run:
        """Launch a run and wait for its end."""
        return self.wait(self.launch(workflow, **launch_options).id)

    def cancel(self, run_id: str) -> None:
        """Ask the scheduler to cancel a run: running processes are stopped."""
        self.scheduler.cancel(run_id)

    def node_states(self, run_id: str) -> dict[str, NodeState]:
        return self.store.node_states(run_id)

    def log_path(self, run_id: str, node_id: str | None, stream: str) -> Path:
        """The log file of a node: ``stream`` is ``stdout``, ``stderr`` or ``system``.

        With ``node_id`` None, the run's own system log: when it started and ended, and the
        nodes that ran nothing (cache hits, provided files)."""
        return self.scheduler.log_path(run_id, node_id, stream)

    def collect_garbage(self, dry_run: bool = False,
                        grace_seconds: float = GRACE_SECONDS) -> GcReport:
        """Delete artifacts nothing refers to (see :func:`plynx.engine.gc.collect_garbage`)."""
        return collect_garbage(self.store, self.artifacts, dry_run=dry_run,
                               grace_seconds=grace_seconds)

    # -- recovery ---------------------------------------------------------------------

    def recover(self, resume: bool) -> list[str]:
        """Resume or fail every run whose scheduler process died; return their ids."""
        recovered = []
        for run in self.store.list_runs(statuses=recovery.ACTIVE):
            if not recovery.is_interrupted(run):
                continue
            states = self.store.node_states(run.id)
            killed = [s.node_id for s in states.values() if recovery.kill_leftover(s)]
            if resume:
                self._resume(run, states, killed)
            else:
                self._fail_interrupted(run, states)
            recovered.append(run.id)
        return recovered

    def _resume(self, run: Run, states: dict[str, NodeState], killed: list[str]) -> None:
        plan = build_plan(run.workflow, run.params)
        for node_id, state in states.items():
            if node_id in plan.nodes and not state.status.is_terminal:
                state.status, state.pid = Status.CREATED, None
                note = " (its process was killed)" if node_id in killed else ""
                SystemLog(self.log_path(run.id, node_id, "system")).write(
                    f"scheduler {run.owner} stopped; resumed by {self.owner}{note}")
        self.store.save_node_states(run.id, states.values())
        run.owner = self.owner
        self.scheduler.adopt(RunState(run, plan, states))

    def _fail_interrupted(self, run: Run, states: dict[str, NodeState]) -> None:
        reason = f"interrupted: the scheduler process {run.owner} stopped"
        now = utcnow()
        changed = []
        for state in states.values():
            if not state.status.is_terminal:
                state.status, state.error, state.pid = Status.CANCELED, reason, None
                state.finished_at = now
                changed.append(state)
        self.store.save_node_states(run.id, changed)
        self.store.update_run(run.id, status=Status.FAILED, error=reason, finished_at=now)

    def close(self) -> None:
        """Stop running tasks and release the stores."""
        for run_id in list(self.scheduler.runs):
            self.cancel(run_id)
        if self.scheduler.runs:
            self.scheduler.run_until(lambda: not self.scheduler.runs, timeout=0.1)
        self.executor.shutdown(wait=False)
        self.store.close()

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

