"""Dashboard: what is going on, at a glance, among the runs the caller may see.

A user who may not see others' workflows sees figures of their own runs only: runs by
status, running tasks, the queue, the cache hit ratio and the latest runs.
"""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter
from pydantic import BaseModel, Field

from plynx.server.routes.metrics import CACHE_WINDOW
from plynx.server.security import PrincipalDep
from plynx.server.services import ServicesDep
from plynx.store.columns import utcnow
from plynx.store.statistics import RecentRun

router = APIRouter(prefix="/dashboard", tags=["dashboard"])

#: How many runs the dashboard lists.
RECENT_RUNS = 10
#: How many running tasks the dashboard lists at most.
RUNNING_TASKS = 100


class ExecutorInfo(BaseModel):
    """Where tasks run."""

    name: str
    concurrency: int = Field(description="tasks run at once by each scheduler's executor")


class RunningTask(BaseModel):
    """A task running now."""

    run_id: str
    run_title: str
    node_id: str
    operation: str = Field(description="id of the operation version")
    author: str
    started_at: datetime | None
    elapsed_seconds: float | None


class CacheInfo(BaseModel):
    """Cache decisions of the tasks of recent runs that ended well."""

    window_hours: float
    hits: int
    misses: int
    hit_ratio: float | None = Field(description="hits / (hits + misses); null without any")


class Dashboard(BaseModel):
    """The state of the runs the caller may see."""

    scope: str = Field(description="`all` runs, or only the caller's `own`")
    executor: ExecutorInfo
    runs: dict[str, int] = Field(description="runs by status")
    running: list[RunningTask] = Field(description="running tasks, longest running first")
    queue_length: int = Field(description="tasks waiting for an executor slot")
    cache: CacheInfo
    recent_runs: list[RecentRun] = Field(description="the newest runs, newest first")


@router.get("", summary="Runs, tasks, queue and cache at a glance")
def dashboard(services: ServicesDep, principal: PrincipalDep) -> Dashboard:
    """Figures of the runs the caller may see: every run with `view_others_workflows`,
    the caller's own otherwise."""
    author = principal.only_author("workflow")
    statistics = services.statistics
    now = utcnow()
    running = [
        RunningTask(**task.model_dump(),
                    elapsed_seconds=None if task.started_at is None
                    else max(0.0, (now - task.started_at).total_seconds()))
        for task in statistics.tasks_at_work(author, limit=RUNNING_TASKS)
    ]
    counts = statistics.cache_counts(now - CACHE_WINDOW, author)
    settings = services.settings
    return Dashboard(
        scope="all" if author is None else "own",
        executor=ExecutorInfo(name=settings.executor, concurrency=settings.concurrency),
        runs={status.value: count for status, count in statistics.runs_by_status(author).items()},
        running=running,
        queue_length=statistics.queue_length(author),
        cache=CacheInfo(window_hours=CACHE_WINDOW.total_seconds() / 3600, hits=counts.hits,
                        misses=counts.misses, hit_ratio=counts.ratio),
        recent_runs=statistics.recent_runs(author, limit=RECENT_RUNS),
    )
