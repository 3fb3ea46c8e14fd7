"""Request handlers, one module per resource of the API."""

from fastapi import APIRouter

from plynx.server.routes import (
    artifacts,
    auth,
    dashboard,
    events,
    health,
    hubs,
    logs,
    meta,
    metrics,
    operations,
    runs,
    users,
    workflows,
)

#: Every router of the API, mounted under ``/api/v1``.
ROUTERS: list[APIRouter] = [
    health.router,
    meta.router,
    auth.router,
    users.router,
    operations.router,
    hubs.router,
    workflows.router,
    runs.router,
    artifacts.router,
    logs.router,
    dashboard.router,
    events.router,
    metrics.router,
]
