"""A real ``plynx local`` in a child process, and the Chromium to browse it, for the browser
tests and the web UI benchmark."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from tests.server.live import free_port

#: A secret that turns on multi-user mode (at least 32 bytes).
TEST_SECRET = "browser-tests-secret-0123456789-abcdef"


#: Flags for Chromium on a machine without a screen or an open network.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]


def chromium_path() -> str | None:
    """``$PLYNX_TEST_CHROMIUM``, else the ``chromium`` on the PATH, if any."""
    return os.environ.get("PLYNX_TEST_CHROMIUM") or shutil.which("chromium")


@dataclass
class LivePlynx:
    """``plynx local`` on a free port with its own home folder."""

    home: Path
    secret: str = ""
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def env(self) -> dict[str, str]:
        env = dict(os.environ, PLYNX_HOME=str(self.home), PLYNX_CONCURRENCY="4")
        if self.secret:
            env["PLYNX_SECRET"] = self.secret
        return env

    def plynx(self, *args: str) -> str:
        """Run another ``plynx`` command on the same home folder; its output."""
        done = subprocess.run([sys.executable, "-m", "plynx", *args], env=self.env,
                              capture_output=True, text=True, check=True)
        return done.stdout

    def start(self) -> LivePlynx:
        self.home.mkdir(parents=True, exist_ok=True)
        with (self.home / "plynx-local.log").open("wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "plynx", "local", "--no-browser", "--port", str(self.port)],
                env=self.env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log = (self.home / "plynx-local.log").read_text()
                raise RuntimeError(f"plynx local exited: {log}")
            try:
                if httpx.get(f"{self.url}/api/v1/health", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError("plynx local did not start within 60 s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
