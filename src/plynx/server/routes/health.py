"""Health: whether this API process and its database answer."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from plynx import __version__
from plynx.server.services import ServicesDep

router = APIRouter(tags=["meta"])


class Health(BaseModel):
    status: str
    version: str
    database: str
    multi_user: bool


@router.get("/health", summary="Health of the server and its database")
def health(services: ServicesDep) -> Health:
    """Answers without logging in; ``database`` is ``ok`` when it can be read."""
    services.store.last_change()
    return Health(status="ok", version=__version__, database="ok",
                  multi_user=services.settings.multi_user)
