"""The Executor interface: where tasks run."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any, ClassVar

from plynx.model import Task, TaskResult

if TYPE_CHECKING:
    from plynx.config import Settings

#: Called with a task's key and its process id as soon as the process exists.
StartCallback = Callable[[tuple[str, str], int], None]


class Executor:
    """Runs tasks and reports each one's result through a future.

    ``submit`` never blocks on the task; ``cancel`` stops a submitted or running task
    (its future then resolves with ``canceled=True``). ``on_start`` callbacks receive the
    task key and the process id as soon as the process exists.
    """

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""

    @classmethod
    def from_settings(cls, settings: Settings, on_start: StartCallback | None = None) -> Executor:
        """Build the executor the configuration asks for."""
        return cls(concurrency=settings.concurrency, work_dir=settings.work_dir,  # type: ignore[call-arg]
                   on_start=on_start)

    def submit(self, task: Task) -> Future[TaskResult]:
        raise NotImplementedError

    def cancel(self, key: tuple[str, str]) -> None:
        raise NotImplementedError

    def shutdown(self, wait: bool = True) -> None:
        """Stop accepting tasks; with ``wait`` false, kill what is running."""

    def state(self) -> dict[str, Any]:
        """Workers, running tasks and queue length, for dashboards."""
        return {}
