"""The FastAPI application: the REST API under ``/api/v1`` and the web UI at ``/``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from fastapi.responses import RedirectResponse

from plynx import __version__
from plynx.server.apidocs import install_api_docs
from plynx.server.errors import ERROR_RESPONSES, install_error_handlers
from plynx.server.feed import EventFeed
from plynx.server.request_guard import RequestGuard
from plynx.server.routes import ROUTERS
from plynx.server.services import Services
from plynx.server.text_guard import refuse_unstorable_text
from plynx.server.webui import SinglePageApp, ui_built, ui_directory

API_PREFIX = "/api/v1"


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Run the event feed of ``app`` while the application serves."""
    feed: EventFeed = app.state.feed
    feed.start()
    try:
        yield
    finally:
        feed.stop()


def create_app(services: Services, feed: EventFeed | None = None) -> FastAPI:
    """The application serving ``services``; the caller owns and closes them.

    ``feed`` publishes run and node changes to the clients of ``/events`` (by default a
    new feed on ``services.store``); the application starts it and stops it with itself.
    """
    app = FastAPI(
        lifespan=lifespan,
        title="PLynx",
        version=__version__,
        summary="Reproducible, data-oriented experiments: operations, workflows and runs.",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,
        redoc_url=None,
        responses=ERROR_RESPONSES,
        dependencies=[Depends(refuse_unstorable_text)],
    )
    app.state.services = services
    app.state.feed = feed or EventFeed(services.store)
    install_error_handlers(app)
    app.add_middleware(RequestGuard, settings=services.settings)
    install_api_docs(app, API_PREFIX)
    for router in ROUTERS:
        app.include_router(router, prefix=API_PREFIX)
    ui_dir = ui_directory(services.settings)
    if ui_built(ui_dir):
        app.mount("/", SinglePageApp(ui_dir), name="ui")
    else:
        @app.get("/", include_in_schema=False)
        def _no_ui() -> RedirectResponse:
            """Without a built web UI, the API documentation is the front page."""
            return RedirectResponse(f"{API_PREFIX}/docs")
    return app
