"""Build hook: build the web UI (``ui/``, with npm) into the package when making a wheel.

The built files land in ``src/plynx/ui/``, which is generated and never edited by hand.
They are rebuilt only when a source under ``ui/`` is newer than the last build. Set
``PLYNX_SKIP_UI_BUILD=1`` to install without the web UI (``plynx local`` then serves the
API documentation at ``/``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

UI_SOURCES = ("src", "public", "index.html", "package.json", "package-lock.json",
              "vite.config.ts", "tsconfig.json")


def newest_change(root: Path, names: tuple[str, ...]) -> float:
    """The latest modification time of the files named (folders searched whole)."""
    newest = 0.0
    for name in names:
        path = root / name
        files = path.rglob("*") if path.is_dir() else [path]
        for file in files:
            if file.is_file():
                newest = max(newest, file.stat().st_mtime)
    return newest


class WebUiBuildHook(BuildHookInterface):
    """Run ``npm ci`` and ``npm run build`` in ``ui/`` unless the build is up to date."""

    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return
        root = Path(self.root)
        sources, built = root / "ui", root / "src" / "plynx" / "ui"
        if os.environ.get("PLYNX_SKIP_UI_BUILD") or not sources.is_dir():
            return
        index = built / "index.html"
        if not index.is_file() or index.stat().st_mtime < newest_change(sources, UI_SOURCES):
            self._build(sources)
        build_data["artifacts"].append("src/plynx/ui/")

    def _build(self, sources: Path) -> None:
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError(
                "building the PLynx web UI needs Node.js (18 or newer) and npm on the PATH; "
                "install them, or set PLYNX_SKIP_UI_BUILD=1 to install PLynx without its web UI")
        self.app.display_info("Building the web UI (npm ci, npm run build) …")
        install = "ci" if (sources / "package-lock.json").is_file() else "install"
        for command in ([npm, install, "--no-audit", "--no-fund"], [npm, "run", "build"]):
            subprocess.run(command, cwd=sources, check=True)
