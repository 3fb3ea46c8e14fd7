"""A bench for running tasks by hand: an artifact store, a work folder and log folders."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

from plynx.artifacts import ArtifactStore
from plynx.executors.runner import run_task
from plynx.model import Artifact, Operation, Task, TaskResult


@dataclass
class Outcome:
    """A finished task with its result and where its logs are."""

    task: Task
    result: TaskResult
    log_dir: Path

    @property
    def stdout(self) -> str:
        return (self.log_dir / "stdout.log").read_text()

    @property
    def stderr(self) -> str:
        return (self.log_dir / "stderr.log").read_text()


class Bench:
    """Builds tasks over a store in ``root`` and runs them with the task runner."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.store = ArtifactStore(str(root / "artifacts"))
        self.work_dir = root / "work"
        self._count = 0

    def file(self, content: str | bytes) -> Artifact:
        data = content.encode() if isinstance(content, str) else content
        return self.store.put_bytes(data)

    def directory(self, files: dict[str, str]) -> Artifact:
        self._count += 1
        folder = self.root / f"source-{self._count}"
        for name, text in files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(text)
        return self.store.put(folder)

    def task(self, operation: Operation, *, params: dict[str, Any] | None = None,
             inputs: dict[str, list[Artifact]] | None = None, node_id: str | None = None,
             timeout: float | None = None, attempt: int = 1) -> Task:
        self._count += 1
        node_id = node_id or f"node{self._count}"
        return Task(run_id="run1", node_id=node_id, attempt=attempt, operation=operation,
                    params=params or {}, inputs=inputs or {},
                    artifact_store=self.store.url, log_dir=str(self.root / "logs" / node_id),
                    timeout_seconds=timeout)

    def run(self, operation: Operation, *, cancel: threading.Event | None = None,
            on_start: Any = None, task_env: dict[str, str | None] | None = None,
            **task_fields: Any) -> Outcome:
        task = self.task(operation, **task_fields)
        result = run_task(task, work_dir=self.work_dir, cancel=cancel, on_start=on_start,
                          task_env=task_env)
        return Outcome(task, result, Path(task.log_dir))

    def read(self, artifact: Artifact) -> str:
        with self.store.open(artifact.digest) as handle:
            return handle.read().decode()

    def extract(self, artifact: Artifact) -> Path:
        self._count += 1
        dest = self.root / f"extracted-{self._count}"
        self.store.materialize(artifact, dest)
        return dest


def alive(pid: int) -> bool:
    """Whether process ``pid`` runs (a zombie waiting to be reaped does not count)."""
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def pids_in(path: Path) -> list[int]:
    return [int(line) for line in path.read_text().split()]


#: A generous bound for waits that normally take milliseconds.
PATIENCE = 10


def wait_until(condition: Any, what: str) -> None:
    """Poll ``condition`` until it is true; fail naming ``what`` after PATIENCE seconds."""
    deadline = time.monotonic() + PATIENCE
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.01)


def no_process_left(pids: list[int]) -> bool:
    """Whether none of ``pids`` runs any more."""
    return not any(alive(pid) for pid in pids)
