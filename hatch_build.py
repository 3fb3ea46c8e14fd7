"""Build hook: build the web UI (``ui/``, with npm) into the package when making a wheel.

The built files land in ``src/plynx/ui/``, which is generated and never edited by hand.
They are rebuilt only when a source under ``ui/`` is newer than the last build. Set
``PLYNX_SKIP_UI_BUILD=1`` to install without the web UI (``plynx local`` then serves the
API documentation at ``/``).

pip hides what a build prints unless run with ``-v``, so each step (what it does, how long
it took) is also written to the terminal itself when there is one.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

#: Oldest Node.js the web UI builds with.
MIN_NODE_MAJOR = 18

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
        node = shutil.which("node")
        if npm is None or node is None:
            missing = " and ".join(name for name, path in (("node", node), ("npm", npm))
                                   if path is None)
            raise RuntimeError(
                f"building the PLynx web UI needs Node.js {MIN_NODE_MAJOR} or newer with npm, "
                f"but {missing} is not on the PATH; install them (Debian: apt-get install "
                "nodejs npm), or set PLYNX_SKIP_UI_BUILD=1 to install PLynx without its web UI")
        _check_node_version(node)
        install = "ci" if (sources / "package-lock.json").is_file() else "install"
        steps = [(f"npm {install}: fetching the web UI's JavaScript packages",
                  [npm, install, "--no-audit", "--no-fund"]),
                 ("npm run build: compiling the web UI", [npm, "run", "build"])]
        self._say("Building the PLynx web UI (about a minute on a first install) …")
        for what, command in steps:
            self._say(f"  {what} …")
            started = time.monotonic()
            subprocess.run(command, cwd=sources, check=True)
            self._say(f"  {what}: done in {time.monotonic() - started:.0f} s")

    def _say(self, message: str) -> None:
        """Show ``message`` in pip's verbose output and on the terminal, if there is one."""
        self.app.display_info(message)
        with contextlib.suppress(OSError), open("/dev/tty", "w") as terminal:
            terminal.write(message + "\n")


def _check_node_version(node: str) -> None:
    """Fail with a clear message when Node.js is older than MIN_NODE_MAJOR."""
    version = subprocess.run([node, "--version"], capture_output=True, text=True).stdout
    match = re.match(r"v(\d+)", version.strip())
    if match and int(match.group(1)) < MIN_NODE_MAJOR:
        raise RuntimeError(f"building the PLynx web UI needs Node.js {MIN_NODE_MAJOR} or "
                           f"newer; {node} is {version.strip()}")
