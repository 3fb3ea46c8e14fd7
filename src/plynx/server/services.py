"""What every request handler works with: the stores, the registry and the scheduler link."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request

from plynx.artifacts import ArtifactStore, open_store
from plynx.config import Settings
from plynx.engine.logs import log_path
from plynx.plugins import Registry, get_registry
from plynx.store import MetadataStore
from plynx.store.accounts import AccountStore
from plynx.store.artifact_index import ArtifactIndex
from plynx.store.columns import utcnow
from plynx.store.login_throttle import LoginLimits, LoginThrottle
from plynx.store.operation_index import OperationIndex
from plynx.store.run_index import RunIndex
from plynx.store.statistics import Statistics
from plynx.store.workflow_index import WorkflowIndex


def _nothing() -> None:
    """Waking nobody: a separate ``plynx scheduler`` looks for work by itself."""


@dataclass
class Services:
    """The shared state of one API process.

    ``wake`` tells a scheduler in the same process (``plynx local``) to look for submitted
    runs and cancel requests at once.
    """

    settings: Settings
    store: MetadataStore
    artifacts: ArtifactStore
    registry: Registry
    wake: Callable[[], None] = _nothing
    started_at: datetime = field(default_factory=utcnow)
    accounts: AccountStore = field(init=False)
    logins: LoginThrottle = field(init=False)
    operations: OperationIndex = field(init=False)
    workflows: WorkflowIndex = field(init=False)
    runs: RunIndex = field(init=False)
    artifact_index: ArtifactIndex = field(init=False)
    statistics: Statistics = field(init=False)

    def __post_init__(self) -> None:
        engine = self.store.engine
        self.accounts = AccountStore(engine)
        self.logins = LoginThrottle(engine, LoginLimits.of(self.settings))
        self.operations = OperationIndex(engine)
        self.workflows = WorkflowIndex(engine)
        self.runs = RunIndex(engine)
        self.artifact_index = ArtifactIndex(engine)
        self.statistics = Statistics(engine)

    def log_path(self, run_id: str, node_id: str | None, stream: str) -> Path:
        """Where a node's log is: the scheduler writes it under the shared ``log_dir``."""
        assert self.settings.log_dir is not None
        return log_path(self.settings.log_dir, run_id, node_id, stream)

    def close(self) -> None:
        self.store.close()


def open_services(settings: Settings, store: MetadataStore | None = None,
                  wake: Callable[[], None] = _nothing) -> Services:
    """Services on ``settings``; ``store`` re-uses an open (and migrated) metadata store."""
    if store is None:
        store = MetadataStore(settings.database_url)
        store.upgrade()
    artifacts = open_store(settings.artifact_store, settings.artifact_store_options)
    return Services(settings=settings, store=store, artifacts=artifacts,
                    registry=get_registry(), wake=wake)


def get_services(request: Request) -> Services:
    """FastAPI dependency: the services of the application handling ``request``."""
    services: Services = request.app.state.services
    return services


#: A handler parameter receiving the services.
ServicesDep = Annotated[Services, Depends(get_services)]
