"""The FastAPI application: the REST API under ``/api/v1`` and the web UI at ``/``."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from plynx import __version__
from plynx.server.errors import ERROR_RESPONSES, install_error_handlers
from plynx.server.routes import ROUTERS
from plynx.server.services import Services

#: Where the built web UI is shipped inside the package.
UI_DIR = Path(__file__).resolve().parent.parent / "ui"

API_PREFIX = "/api/v1"


def create_app(services: Services) -> FastAPI:
    """The application serving ``services``; the caller owns and closes them."""
    app = FastAPI(
        title="PLynx",
        version=__version__,
        summary="Reproducible, data-oriented experiments: operations, workflows and runs.",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
        responses=ERROR_RESPONSES,
    )
    app.state.services = services
    install_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router, prefix=API_PREFIX)
    if (UI_DIR / "index.html").is_file():
        app.mount("/", StaticFiles(directory=UI_DIR, html=True), name="ui")
    return app
