"""The built web UI: static files, with the single page's deep links served its index."""

from __future__ import annotations

from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from plynx.config import Settings

#: Where the built web UI is shipped inside the package (``npm run build`` in ``ui/``).
UI_DIR = Path(__file__).resolve().parent.parent / "ui"

#: Built assets carry a hash of their content in their name: they never change.
IMMUTABLE = "public, max-age=31536000, immutable"


def ui_directory(settings: Settings) -> Path:
    """The folder the web UI is served from: the ``ui_dir`` setting, else the package's."""
    return settings.ui_dir or UI_DIR


def ui_built(directory: Path = UI_DIR) -> bool:
    """Whether the web UI was built into ``directory``."""
    return (directory / "index.html").is_file()


class SinglePageApp(StaticFiles):
    """Serve the UI's files; any other page address (``/runs/…``) gets ``index.html``.

    Addresses under ``api/`` and those naming a file (with a dot in the last part) keep
    their 404, so a missing asset or API route is never answered with the page.
    """

    def __init__(self, directory: Path = UI_DIR) -> None:
        super().__init__(directory=directory, html=True)

    async def get_response(self, path: str, scope: Scope) -> Response:
        try:
            response = await super().get_response(path, scope)
        except HTTPException as error:
            if error.status_code != 404 or not _is_page(path):
                raise
            response = await super().get_response("index.html", scope)
        if path.startswith("assets/"):
            response.headers["Cache-Control"] = IMMUTABLE
        else:
            response.headers["Cache-Control"] = "no-cache"
        return response


def _is_page(path: str) -> bool:
    last = path.rsplit("/", 1)[-1]
    return not path.startswith("api/") and path != "api" and "." not in last
