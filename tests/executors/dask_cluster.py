"""A real Dask cluster for tests: a scheduler and workers, each a process of its own."""

from __future__ import annotations

import functools
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import IO, Any

#: Seconds a process of the cluster may take to start.
START_SECONDS = 60


class DaskCluster:
    """A scheduler on a free loopback port, and workers added with :meth:`add_worker`.

    ``config`` is Dask configuration given to every process, as ``DASK_*`` variables.
    """

    def __init__(self, root: Path, config: dict[str, str] | None = None,
                 scheduler_args: tuple[str, ...] = ()) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.env = {**os.environ, **(config or {})}
        self.scheduler_file = root / "scheduler.json"
        self.workers: dict[str, subprocess.Popen[bytes]] = {}
        self._logs: list[IO[bytes]] = []
        self.scheduler = self._start("scheduler", "distributed.cli.dask_scheduler",
                                     "--host", "127.0.0.1", "--port", "0",
                                     "--scheduler-file", str(self.scheduler_file),
                                     *scheduler_args)
        self._wait_for(self.scheduler_file.exists, "the Dask scheduler", self.scheduler)
        self.address: str = json.loads(self.scheduler_file.read_text())["address"]

    @functools.cached_property
    def client(self) -> Any:
        """A client of the cluster, to look at it."""
        from distributed import Client

        return Client(self.address, set_as_default=False, timeout=START_SECONDS)

    def add_worker(self, name: str, resources: str | None = None,
                   nthreads: int = 2) -> subprocess.Popen[bytes]:
        """Start the worker ``name`` (without a nanny, so that killing it is final) and
        wait until the scheduler knows it."""
        extra = ["--resources", resources] if resources else []
        process = self._start(name, "distributed.cli.dask_worker",
                              "--scheduler-file", str(self.scheduler_file),
                              "--nthreads", str(nthreads), "--no-nanny", "--name", name,
                              "--local-directory", str(self.root / name), *extra)
        self.workers[name] = process
        self._wait_for(lambda: name in self.worker_names(), f"the Dask worker {name}", process)
        return process

    def worker_info(self) -> dict[str, dict[str, Any]]:
        """``scheduler_info()["workers"]``: address → name, resources…"""
        return dict(self.client.scheduler_info(n_workers=-1)["workers"])

    def worker_names(self) -> set[str]:
        return {str(info["name"]) for info in self.worker_info().values()}

    def address_of(self, name: str) -> str:
        return next(address for address, info in self.worker_info().items()
                    if str(info["name"]) == name)

    def kill_worker(self, name: str) -> None:
        """``kill -9`` the worker ``name``."""
        process = self.workers.pop(name)
        process.send_signal(signal.SIGKILL)
        process.wait()

    def close(self) -> None:
        """Stop the workers, then the scheduler (stopping both at once can hang Dask)."""
        if "client" in vars(self):
            self.client.close()
        for group in (list(self.workers.values()), [self.scheduler]):
            for process in group:
                process.terminate()
            for process in group:
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        for log in self._logs:
            log.close()

    def _start(self, name: str, module: str, *args: str) -> subprocess.Popen[bytes]:
        log = open(self.root / f"{name}.log", "wb")  # noqa: SIM115 - closed by close()
        self._logs.append(log)
        return subprocess.Popen([sys.executable, "-m", module, "--no-dashboard", *args],
                                cwd=self.root, env=self.env, stdin=subprocess.DEVNULL,
                                stdout=log, stderr=subprocess.STDOUT)

    def _wait_for(self, condition: Any, what: str, process: subprocess.Popen[bytes]) -> None:
        deadline = time.monotonic() + START_SECONDS
        while not condition():
            if process.poll() is not None:
                raise RuntimeError(f"{what} stopped at start: see {self.root}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"{what} did not start within {START_SECONDS}s")
            time.sleep(0.05)


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1, signed by its own key: (certificate, key) files."""
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(
            [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256()))
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file
