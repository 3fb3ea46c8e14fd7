"""Real object-store servers for the tests, each in its own process on a free loopback
port, offline: moto's S3 server and a Google Cloud Storage emulator."""

from __future__ import annotations

import contextlib
import importlib.util
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from tests.server.live import free_port

#: Credentials moto accepts; no real account is ever reached.
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "plynx-test-key", "AWS_SECRET_ACCESS_KEY": "plynx-test-secret"}
#: The environment of every S3 test: moto's credentials, never the machine's own
#: (``~/.aws``, instance metadata), and checksums only where S3 requires them (moto
#: verifies the others in pure Python, which would double the time of large uploads).
S3_ENVIRONMENT = {
    **CREDENTIALS,
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    "AWS_EC2_METADATA_DISABLED": "true",
    "AWS_REQUEST_CHECKSUM_CALCULATION": "when_required",
}
#: gcsfs asks for a bucket's type over gRPC unless this is off when it is imported; an
#: emulator speaks only the JSON API, and each question would wait a minute.
GCS_ENVIRONMENT = {"GCSFS_EXPERIMENTAL_ZB_HNS_SUPPORT": "false"}
STARTUP_SECONDS = 30


class Unavailable(Exception):
    """The server cannot run here; the message says why."""


@dataclass(frozen=True)
class S3Server:
    """A running moto server."""

    endpoint: str

    def client(self) -> Any:
        """A boto3 S3 client of this server, to set up and inspect buckets."""
        import boto3

        return boto3.client("s3", endpoint_url=self.endpoint, region_name="us-east-1",
                            aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
                            aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"])

    def options(self, **more: Any) -> dict[str, Any]:
        """Storage options reaching this server. One request at a time: moto answers a
        ranged read by copying the whole object, so parallel ranges only slow it down."""
        return {"endpoint_url": self.endpoint, "max_concurrency": 1, **more}


@dataclass(frozen=True)
class GcsServer:
    """A running Google Cloud Storage emulator."""

    endpoint: str

    def options(self) -> dict[str, Any]:
        """Storage options reaching this emulator, anonymously."""
        return {"endpoint_url": self.endpoint, "token": "anon"}


@contextlib.contextmanager
def moto_server() -> Iterator[S3Server]:
    """``python -m moto.server`` on a free loopback port, stopped on exit."""
    _require("moto.server", "moto")
    port = free_port()
    command = [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)]
    with _serving("moto's S3 server", command, f"http://127.0.0.1:{port}",
                  "/moto-api/") as endpoint:
        yield S3Server(endpoint)


@contextlib.contextmanager
def gcs_emulator() -> Iterator[GcsServer]:
    """``gcp-storage-emulator`` in memory on a free loopback port, stopped on exit."""
    _require("gcp_storage_emulator", "gcp-storage-emulator")
    port = free_port()
    command = [sys.executable, "-m", "gcp_storage_emulator", "start", "--host", "127.0.0.1",
               "--port", str(port), "--in-memory", "--quiet"]
    with _serving("the GCS emulator", command, f"http://127.0.0.1:{port}",
                  "/storage/v1/b") as endpoint:
        yield GcsServer(endpoint)


def _require(module: str, package: str) -> None:
    if importlib.util.find_spec(module.split(".")[0]) is None:
        raise Unavailable(f"{package} is not installed: pip install -e '.[test]'")


@contextlib.contextmanager
def _serving(name: str, command: list[str], endpoint: str, probe: str) -> Iterator[str]:
    """Run the server ``name`` by ``command`` until exit; yield ``endpoint`` once ``probe``
    answers there.

    Raises Unavailable, with the end of the server's output, if it never does.
    """
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=log,
                                   stderr=subprocess.STDOUT)
        try:
            _wait_until_up(name, endpoint + probe, process, log)
            yield endpoint
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_up(name: str, url: str, process: subprocess.Popen[bytes],
                   log: IO[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while True:
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            log.seek(0)
            tail = log.read().decode(errors="replace")[-2000:]
            raise Unavailable(f"{name} did not start on {url}: {tail}")
        time.sleep(0.05)
