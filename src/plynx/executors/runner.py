"""The task runner: executes one task on this machine, whatever executor sent it.

A :class:`~plynx.model.Task` names everything it needs (the operation, parameter values,
input artifacts, the artifact store URL and a log folder), so :func:`run_task` runs the same
way in the local executor and on a remote worker that can reach the artifact store.
"""

from __future__ import annotations

import functools
import logging
import os
import re
import shlex
import signal
import threading
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from plynx.artifacts import ArtifactStore, open_store
from plynx.errors import ExecutionError, PlynxError
from plynx.executors import watchdog
from plynx.executors.environment import task_environment
from plynx.executors.launcher import LAUNCHERS
from plynx.executors.workspaces import WORKSPACES
from plynx.kinds.base import Kind, Workspace, left_in_place
from plynx.model import Artifact, Operation, Task, TaskResult
from plynx.plugins import Registry, get_registry
from plynx.resources.base import ResourceType
from plynx.system_log import SYSTEM_LOG, SystemLog

#: Set to ``1`` to keep every task's workspace after it ends (its path goes to stderr.log).
KEEP_WORKSPACE_ENV = "PLYNX_KEEP_WORKSPACE"

STDOUT_LOG = "stdout.log"
STDERR_LOG = "stderr.log"

logger = logging.getLogger(__name__)


def run_task(task: Task, *, work_dir: Path, cancel: threading.Event | None = None,
             on_start: Callable[[int], None] | None = None,
             task_env: Mapping[str, str | None] | None = None) -> TaskResult:
    """Execute ``task`` in a private workspace under ``work_dir``; never raises.

    Inputs are materialised from the artifact store, empty outputs created, the kind's
    command started in its own process group with ``stdout.log`` and ``stderr.log`` in
    ``task.log_dir``, and ``on_start(pid)`` called. The process gets a clean environment
    (:func:`~plynx.executors.environment.task_environment`, with the administrator's
    ``task_env``), never the environment of this process. On timeout
    (``task.timeout_seconds``, else the operation's) or when ``cancel`` is set, the whole
    process group is stopped (SIGTERM, then SIGKILL). Processes the command left behind
    in its group are killed when it ends. On success every output is stored by content.

    The workspace comes from :data:`~plynx.executors.workspaces.WORKSPACES` and goes back
    there afterwards (to be emptied and reused) unless the environment variable
    ``PLYNX_KEEP_WORKSPACE`` is ``1``.
    """
    started_at = _now()
    try:
        return _TaskRun(task, work_dir, cancel, on_start, task_env or {}).run(started_at)
    except Exception as exc:  # a bug must still end as a failed task, not a lost future
        logger.exception("task %s of run %s crashed the runner", task.node_id, task.run_id)
        return TaskResult(error=f"internal error: {type(exc).__name__}: {exc}",
                          started_at=started_at, finished_at=_now())


def _now() -> datetime:
    return datetime.now(UTC)


@functools.lru_cache(maxsize=8)
def _store(url: str) -> ArtifactStore:
    return open_store(url)


_UNSAFE = re.compile(r"[^\w.+-]")


def _file_name(name: str, taken: set[str]) -> str:
    """A file name for the input or output ``name``, unique among ``taken``."""
    safe = _UNSAFE.sub("_", name)
    if not safe.strip("."):
        safe = safe.replace(".", "_") or "_"
    candidate, n = safe, 1
    while candidate in taken:
        n += 1
        candidate = f"{safe}-{n}"
    taken.add(candidate)
    return candidate


class _TaskRun:
    """The steps of one execution, sharing the task, its logs and its workspace."""

    def __init__(self, task: Task, work_dir: Path, cancel: threading.Event | None,
                 on_start: Callable[[int], None] | None,
                 task_env: Mapping[str, str | None]) -> None:
        self.task = task
        self.task_env = task_env
        self.operation: Operation = task.operation
        self.work_dir = Path(work_dir)
        self.cancel = cancel
        self.on_start = on_start
        self.stderr: IO[bytes] | None = None
        self.system_log = SystemLog(Path(task.log_dir) / SYSTEM_LOG)
        self.system_log.extend(task.notes)

    def run(self, started_at: datetime) -> TaskResult:
        if self.cancel is not None and self.cancel.is_set():
            result = TaskResult(error=watchdog.CANCELED, canceled=True)
            self.system_log.flush()
        else:
            try:
                result = self._run_logged()
            except OSError as exc:  # no log folder or no workspace: nowhere to say more
                result = TaskResult(error=f"cannot prepare the task: {exc}")
        result.started_at = started_at
        result.finished_at = _now()
        return result

    def _run_logged(self) -> TaskResult:
        """Open the logs and a workspace, run in it, note failures in stderr.log."""
        log_dir = Path(self.task.log_dir)
        log_dir.mkdir(parents=True, exist_ok=True)
        mode = "wb" if self.task.attempt <= 1 else "ab"
        with open(log_dir / STDOUT_LOG, mode) as stdout, open(log_dir / STDERR_LOG, mode) as stderr:
            self.stderr = stderr
            if self.task.attempt > 1:
                for log in (stdout, stderr):
                    log.write(f"==> plynx: attempt {self.task.attempt} <==\n".encode())
                    log.flush()
            root = WORKSPACES.take(self.work_dir)
            try:
                try:
                    result = self._run_in(root, stdout, stderr)
                except (PlynxError, OSError) as exc:
                    result = TaskResult(error=str(exc))
                if result.error and (result.exit_code in (None, 0) or result.timed_out
                                     or result.canceled):
                    self._note(result.error)  # the process did not say it itself
            finally:
                self._clean(root)
                self.system_log.flush()  # the notes, when the command was never reached
        return result

    def _run_in(self, root: Path, stdout: IO[bytes], stderr: IO[bytes]) -> TaskResult:
        registry = get_registry()
        kind: Kind = registry.kind(self.operation.kind)
        if not kind.executable:
            raise ExecutionError(f"operations of kind {kind.name!r} are never executed")
        store = _store(self.task.artifact_store)
        workspace = Workspace(root=root)
        self._materialise_inputs(registry, store, workspace)
        self._create_outputs(registry, workspace)
        try:
            argv = kind.command(self.task, workspace)
        except PlynxError:
            raise
        except Exception as exc:
            raise ExecutionError(f"kind {kind.name!r} cannot prepare the command: "
                             f"{type(exc).__name__}: {exc}") from exc
        rendered = workspace.rendered
        if rendered is None:
            rendered = kind.render(self.task, workspace)
        self.system_log.write(f"command: {shlex.join(argv)}\n{rendered}")
        if self.cancel is not None and self.cancel.is_set():
            return TaskResult(error=watchdog.CANCELED, canceled=True)
        exit_code, stopped = self._execute(argv, root, stdout, stderr)
        timeout = self._timeout()
        if stopped == watchdog.TIMED_OUT:
            return TaskResult(exit_code=exit_code, timed_out=True,
                              error=f"timed out after {timeout:g}s")
        if stopped == watchdog.CANCELED:
            return TaskResult(exit_code=exit_code, canceled=True, error=watchdog.CANCELED)
        if exit_code != 0:
            return TaskResult(exit_code=exit_code, error=_describe_exit(exit_code))
        try:
            self._check_outputs_in_place(registry, workspace)
            kind.finish(self.task, workspace)
            outputs = self._store_outputs(registry, store, workspace)
        except (PlynxError, OSError) as exc:
            return TaskResult(exit_code=0, error=str(exc))
        return TaskResult(exit_code=0, outputs=outputs)

    # -- preparation ----------------------------------------------------------------------

    def _materialise_inputs(self, registry: Registry, store: ArtifactStore,
                            workspace: Workspace) -> None:
        taken: set[str] = set()
        for declared in self.operation.inputs:
            artifacts = self.task.inputs.get(declared.name, [])
            if not declared.accepts_count(len(artifacts)):
                raise ExecutionError(f"input {declared.name!r} takes {declared.describe_range()} "
                                 f"value(s), the task gives {len(artifacts)}")
            resource_type = registry.resource_type(declared.type)
            file_name = _file_name(declared.name, taken)
            paths: list[Path] = []
            for index, artifact in enumerate(artifacts):
                path = workspace.root / "inputs" / str(index) / file_name
                path.parent.mkdir(parents=True, exist_ok=True)
                try:
                    store.materialize(artifact, path)
                    resource_type.prepare_input(path)
                except PlynxError as exc:
                    raise ExecutionError(f"input {declared.name!r}: {exc}") from exc
                paths.append(path)
            workspace.inputs[declared.name] = paths

    def _create_outputs(self, registry: Registry, workspace: Workspace) -> None:
        folder = workspace.root / "outputs"
        folder.mkdir(exist_ok=True)
        taken: set[str] = set()
        for declared in self.operation.outputs:
            path = folder / _file_name(declared.name, taken)
            registry.resource_type(declared.type).create_output(path)
            workspace.outputs[declared.name] = path

    def _timeout(self) -> float | None:
        if self.task.timeout_seconds is not None:
            return self.task.timeout_seconds
        return self.operation.timeout_seconds

    # -- execution ------------------------------------------------------------------------

    def _execute(self, argv: list[str], root: Path, stdout: IO[bytes],
                 stderr: IO[bytes]) -> tuple[int, str | None]:
        """Run ``argv`` to its end; return its exit code and why the watchdog stopped it."""
        env = task_environment(self.task, root, self.task_env)
        with LAUNCHERS.lease() as launcher:
            process = launcher.start(argv, cwd=root, env=env, stdout=stdout.fileno(),
                                     stderr=stderr.fileno())
            timeout = self._timeout()
            entry = None
            if timeout is not None or self.cancel is not None:
                entry = watchdog.WATCHDOG.watch(process, timeout, self.cancel)
            try:
                if self.on_start is not None:
                    try:
                        self.on_start(process.pid)
                    except Exception:
                        logger.exception("on_start callback failed for task %s",
                                         self.task.node_id)
                exit_code = process.wait()  # the launcher killed what the command left
            finally:
                if process.returncode is None:  # the launcher stopped: leave nothing behind
                    watchdog.kill_group(process.pid, signal.SIGKILL)
                if entry is not None:
                    watchdog.WATCHDOG.release(entry)
        return exit_code, entry.stopped if entry is not None else None

    # -- outputs --------------------------------------------------------------------------

    def _check_outputs_in_place(self, registry: Registry, workspace: Workspace) -> None:
        """Fail unless every output is still the regular file or directory made for it."""
        for declared in self.operation.outputs:
            path = workspace.outputs[declared.name]
            directory = registry.resource_type(declared.type).directory
            if not left_in_place(path, directory):
                noun = "directory" if directory else "file"
                raise ExecutionError(f"output {declared.name!r}: the {noun} {path} is missing "
                                     f"(deleted, or replaced by the process with something "
                                     f"else: a link, a FIFO…)")

    def _store_outputs(self, registry: Registry, store: ArtifactStore,
                       workspace: Workspace) -> dict[str, Artifact]:
        checked: list[tuple[str, Path]] = []
        for declared in self.operation.outputs:
            path = workspace.outputs[declared.name]
            resource_type = registry.resource_type(declared.type)
            if resource_type.value:
                if path.stat().st_size == 0:
                    raise ExecutionError(f"output {declared.name!r} received no {declared.type} "
                                     f"value (its file is empty)")
                self._check_value(resource_type, declared.name, path)
            checked.append((declared.name, path))
        outputs: dict[str, Artifact] = {}
        for name, path in checked:
            try:
                outputs[name] = store.put(path, move=True)
            except PlynxError as exc:
                raise ExecutionError(f"output {name!r} cannot be stored: {exc}") from exc
        return outputs

    @staticmethod
    def _check_value(resource_type: ResourceType, name: str, path: Path) -> None:
        """Read a value output as its type demands and write it back in canonical form."""
        try:
            value = resource_type.load_value(path)
            resource_type.dump_value(path, value)
        except PlynxError as exc:
            raise ExecutionError(f"output {name!r}: {exc}") from exc

    # -- logs and clean-up ----------------------------------------------------------------

    def _note(self, message: str) -> None:
        """Add a line from PLynx to the task's stderr.log."""
        if self.stderr is not None and not self.stderr.closed:
            self.stderr.write(f"plynx: {message}\n".encode())
            self.stderr.flush()

    def _clean(self, root: Path) -> None:
        if os.environ.get(KEEP_WORKSPACE_ENV) == "1":
            self._note(f"workspace kept at {root}")
            return
        WORKSPACES.discard(root)


def _describe_exit(exit_code: int) -> str:
    if exit_code < 0:
        try:
            name = signal.Signals(-exit_code).name
        except ValueError:
            name = str(-exit_code)
        return f"killed by signal {name}"
    return f"exit code {exit_code}"
