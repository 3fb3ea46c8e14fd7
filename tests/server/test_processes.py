"""The processes, started as a user starts them: ``plynx local`` alone on SQLite, and
``plynx server`` and ``plynx scheduler`` side by side on PostgreSQL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from plynx.model import Status, Workflow
from plynx.server.demo import demo_operations, demo_workflow, load_demo
from plynx.store import MetadataStore
from tests.databases import postgres_schema
from tests.factories import bash, workflow
from tests.server.live import api_client, free_port
from tests.server.routes.test_events import parse, read_until

pytestmark = pytest.mark.slow

#: Seconds a process may take to start or stop (imports are slow on a busy machine).
PATIENCE = 90
SLOW = bash("slow", "sleep 60; echo done > {{ output.out }}", outputs={"out": "text"})


class Process:
    """A ``plynx`` command running in a process of its own, its output in a file."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path) -> None:
        self.log = log
        with log.open("wb") as out:
            self.popen = subprocess.Popen([sys.executable, "-m", "plynx.cli", *args], env=env,
                                          stdout=out, stderr=subprocess.STDOUT)

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_for(self, text: str) -> None:
        deadline = time.monotonic() + PATIENCE
        while text not in self.output():
            if self.popen.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never printed:\n{self.output()}")
            time.sleep(0.1)

    def stop(self) -> int:
        """SIGTERM, then the exit status."""
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)
        try:
            return self.popen.wait(PATIENCE)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait()
            raise AssertionError(f"did not stop on SIGTERM:\n{self.output()}") from None


@contextmanager
def running(args: list[str], env: dict[str, str], log: Path,
            ready: str) -> Iterator[Process]:
    process = Process(args, env, log)
    try:
        process.wait_for(ready)
        yield process
    finally:
        process.stop()


def environment(home: Path, database_url: str | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLYNX_")}
    env["PLYNX_HOME"] = str(home)
    env["PLYNX_CONCURRENCY"] = "4"
    if database_url:
        env["PLYNX_DATABASE_URL"] = database_url
    return env


def api(port: int) -> httpx.Client:
    return api_client(f"http://127.0.0.1:{port}")


def launch(client: httpx.Client, workflow_id: str) -> str:
    response = client.post(f"/workflows/{workflow_id}/runs", json={})
    assert response.status_code == 201, response.text
    run_id: str = response.json()["id"]
    return run_id


def wait_for_status(client: httpx.Client, run_id: str, *statuses: str) -> str:
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        status: str = client.get(f"/runs/{run_id}").json()["status"]
        if status in statuses:
            return status
        time.sleep(0.1)
    raise AssertionError(f"run {run_id} never became {statuses}")


def node_status(store: MetadataStore, run_id: str, node_id: str) -> Status:
    return store.node_states(run_id)[node_id].status


def test_plynx_local_serves_runs_with_demo_content_loaded_once(tmp_path: Path) -> None:
    home, port = tmp_path / "home", free_port()
    env = environment(home)
    args = ["local", "--port", str(port), "--no-browser"]
    with running(args, env, tmp_path / "first.log", "PLynx is running at") as local:
        assert f"http://127.0.0.1:{port}/" in local.output()
        assert "Loaded the demo" in local.output()
        with api(port) as client:
            assert client.get("/health").json()["status"] == "ok"
            run_id = launch(client, demo_workflow().id)
            assert wait_for_status(client, run_id, "succeeded", "failed") == "succeeded"
    assert local.popen.returncode == 0

    with running(args, env, tmp_path / "second.log", "PLynx is running at") as again:
        assert "Loaded the demo" not in again.output()
        store = MetadataStore(f"sqlite:///{home / 'plynx.db'}")
        try:
            assert len(store.list_operations()) == len(demo_operations())
            assert [wf.id for wf in store.list_workflows()] == [demo_workflow().id]
            # a run still going when the process stops is canceled
            slow = workflow({"slow": SLOW})
            store.save_workflow(slow)
            with api(port) as client:
                run_id = launch(client, slow.id)
                deadline = time.monotonic() + PATIENCE
                while node_status(store, run_id, "slow") is not Status.RUNNING:
                    assert time.monotonic() < deadline, "the slow node never started"
                    time.sleep(0.1)
                # an open event stream does not hold the server up: it is ended
                with client.stream("GET", "/events") as response:
                    messages = parse(response.iter_lines())
                    next(messages)
                    assert again.stop() == 0
                    list(messages)  # ends: the server closed the stream as it stopped
            assert store.get_run(run_id).status is Status.CANCELED
        finally:
            store.close()


def test_server_and_scheduler_processes_share_a_postgresql_database(tmp_path: Path) -> None:
    with postgres_schema() as url:
        store = MetadataStore(url)
        store.upgrade()
        load_demo(store)
        store.close()
        env, port = environment(tmp_path / "home", url), free_port()
        with running(["server", "--port", str(port)], env, tmp_path / "server.log",
                     "PLynx API server at") as server, \
                running(["scheduler"], env, tmp_path / "scheduler.log",
                        "PLynx scheduler") as scheduler, \
                api(port) as client:
            run_id = launch(client, demo_workflow().id)
            assert wait_for_status(client, run_id, "succeeded", "failed") == "succeeded"
        assert (server.popen.returncode, scheduler.popen.returncode) == (0, 0)


def test_a_client_of_one_server_sees_a_run_submitted_through_another(tmp_path: Path) -> None:
    with postgres_schema() as url:
        store = MetadataStore(url)
        store.upgrade()
        flow: Workflow = workflow({"a": SLOW})
        store.save_workflow(flow)
        store.close()
        env = environment(tmp_path / "home", url)
        first, second = free_port(), free_port()
        with running(["server", "--port", str(first)], env, tmp_path / "first.log",
                     "PLynx API server at"), \
                running(["server", "--port", str(second)], env, tmp_path / "second.log",
                        "PLynx API server at"), \
                api(first) as one, api(second) as other, \
                other.stream("GET", "/events") as response:
            assert response.status_code == 200
            messages = parse(response.iter_lines())
            next(messages)  # the opening comment: subscribed
            run_id = launch(one, flow.id)
            seen = read_until(messages, lambda seen: seen[-1].event == "run", PATIENCE)
            assert seen[-1].payload.run_id == run_id and seen[-1].payload.status == "queued"
