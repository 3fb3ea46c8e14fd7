"""The dask executor, on a real Dask cluster: a scheduler and workers, each a process.

The cluster (``dask_cluster``, shared by the session) runs on this machine, but PLynx and
its workers share no folder: workers run tasks in their own ``local_directory`` and send
the logs back.
"""

from __future__ import annotations

import re
import secrets
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from plynx.config import Settings
from plynx.engine import Engine
from plynx.errors import ConfigError
from plynx.executors.dask import DaskExecutor
from plynx.executors.dask.logs import CHUNK_BYTES, LogReceiver, LogShipper
from plynx.executors.dask.protocol import Submission, claim_name
from plynx.executors.dask.resources import dask_resources, unsatisfiable
from plynx.model import RetryPolicy, Run, Status
from plynx.plugins import get_registry
from tests.cli.conftest import SUMS
from tests.conftest import Invoke
from tests.executors.dask_cluster import DaskCluster, self_signed_certificate
from tests.executors.support import wait_until
from tests.factories import bash, workflow
from tests.processes import group_members

WRITE = bash("write", "printf '%s\\n' {{ param['text'] }} > {{ output.out }}; echo written",
             outputs={"out": "text"}, params={"text": "hello"})
UPPER = bash("upper", "tr a-z A-Z < {{ input.x }} > {{ output.out }}",
             inputs={"x": "text"}, outputs={"out": "text"})
TICKER = bash("ticker", "for i in $(seq 1 15); do echo tick $i; sleep 0.2; done; "
                        "echo done > {{ output.out }}", outputs={"out": "text"})
#: Writes its process group id to the file ``pidfile``, then sleeps.
SLEEPER = bash("sleeper", "echo $$ > {{ param['pidfile'] }}; sleep 60 & sleep 60",
               outputs={"out": "text"}, params={"pidfile": ""})
WORKER_LINE = re.compile(r"attempt (\d+) runs on the Dask worker (\S+) \((\w+)\)")


@pytest.fixture
def dask_engine(home: Path, dask_cluster: DaskCluster) -> Iterator[Engine]:
    settings = Settings(home=home, executor="dask", dask_address=dask_cluster.address)
    with Engine(settings) as engine:
        yield engine


class Driven:
    """``engine.wait(run)`` in a thread of its own, so that the test can watch the run."""

    def __init__(self, engine: Engine, run: Run) -> None:
        self.run: Run | None = None
        self._thread = threading.Thread(target=self._drive, args=(engine, run.id))
        self._thread.start()

    def _drive(self, engine: Engine, run_id: str) -> None:
        self.run = engine.wait(run_id)

    def finished(self) -> Run:
        self._thread.join(timeout=60)
        assert self.run is not None, "the run did not end"
        return self.run


def workers_of(engine: Engine, run_id: str, node_id: str) -> list[tuple[str, str]]:
    """(address, name) of the worker of each attempt, from the node's system log."""
    path = engine.log_path(run_id, node_id, "system")
    text = path.read_text() if path.exists() else ""
    return [(address, name) for _, address, name in WORKER_LINE.findall(text)]


def pid_in(path: Path) -> int:
    wait_until(lambda: path.exists() and path.read_text().strip(), f"a pid in {path}")
    return int(path.read_text())


# -- on the cluster ---------------------------------------------------------------------------


def test_a_workflow_runs_on_the_cluster(dask_cluster: DaskCluster, dask_engine: Engine) -> None:
    run = dask_engine.run(workflow({"a": WRITE, "b": UPPER}, ["a.out -> b.x"]))
    assert run.status is Status.SUCCEEDED, run.error
    states = dask_engine.node_states(run.id)
    with dask_engine.artifacts.open(states["b"].outputs["out"].digest) as handle:
        assert handle.read() == b"HELLO\n"
    assert dask_engine.log_path(run.id, "a", "stdout").read_text() == "written\n"
    system = dask_engine.log_path(run.id, "a", "system").read_text()
    order = [system.index(line) for line in ("attempt 1: cache ran", "runs on the Dask worker",
                                             "command: bash", "attempt 1 finished")]
    assert order == sorted(order)
    # the workspace was on the worker's disk, its logs there are gone once sent
    command = system[system.index("command: bash"):].splitlines()[0]
    assert command.startswith(f"command: bash {dask_cluster.root}/") and "/plynx/work/" in command
    assert list(dask_cluster.root.glob("*/*/*/plynx/logs"))
    assert not list(dask_cluster.root.glob("*/*/*/plynx/logs/*"))
    assert states["a"].pid is None and states["a"].exit_code == 0
    assert dask_engine.executor.state()["queued"] == 0


def test_plynx_run_uses_the_cluster_named_in_the_environment(
        invoke: Invoke, project, dask_cluster: DaskCluster,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLYNX_EXECUTOR", "dask")
    monkeypatch.setenv("PLYNX_DASK_ADDRESS", dask_cluster.address)
    result = invoke("run", project("sums.yaml", SUMS), "--print-outputs", "--quiet")
    assert result.exit_code == 0, result.output
    assert str(1 + sum(range(10, 20))) in result.stdout


def test_logs_arrive_while_the_task_runs(dask_engine: Engine) -> None:
    run = dask_engine.launch(workflow({"t": TICKER}))
    driven = Driven(dask_engine, run)
    stdout = dask_engine.log_path(run.id, "t", "stdout")
    wait_until(lambda: stdout.exists() and "tick 3\n" in stdout.read_text(), "live logs")
    seen = stdout.read_text()
    assert dask_engine.node_states(run.id)["t"].status is Status.RUNNING
    assert "tick 15" not in seen
    assert driven.finished().status is Status.SUCCEEDED
    assert stdout.read_text() == "".join(f"tick {i}\n" for i in range(1, 16))


def test_cancel_stops_the_process_on_the_worker(dask_engine: Engine, tmp_path: Path) -> None:
    pidfile = tmp_path / "pid"
    run = dask_engine.launch(workflow({"s": SLEEPER}, node_params={"s": {"pidfile": str(pidfile)}}))
    driven = Driven(dask_engine, run)
    pgid = pid_in(pidfile)
    assert group_members(pgid)
    wait_until(lambda: dask_engine.node_states(run.id)["s"].status is Status.RUNNING, "running")
    dask_engine.cancel(run.id)
    deadline = time.monotonic() + 1
    while group_members(pgid) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert group_members(pgid) == [], "the task's processes outlived the cancel by 1s"
    finished = driven.finished()
    assert finished.status is Status.CANCELED
    assert dask_engine.node_states(run.id)["s"].status is Status.CANCELED


def test_cancel_withdraws_tasks_waiting_in_the_cluster(dask_engine: Engine,
                                                       tmp_path: Path) -> None:
    gpu_sleeper = bash("gpu_sleeper", SLEEPER.code, outputs={"out": "text"},
                       params={"pidfile": ""}, resources={"gpu": 1})
    pidfiles = {node: tmp_path / node for node in "ab"}
    run = dask_engine.launch(workflow({"a": gpu_sleeper, "b": gpu_sleeper}, node_params={
        node: {"pidfile": str(path)} for node, path in pidfiles.items()}))
    driven = Driven(dask_engine, run)
    wait_until(lambda: any(path.exists() for path in pidfiles.values()), "a task started")
    time.sleep(0.2)  # the other one waits for the only GPU
    [running] = [node for node, path in pidfiles.items() if path.exists()]
    waiting = "b" if running == "a" else "a"
    states = dask_engine.node_states(run.id)
    assert (states[running].status, states[waiting].status) == (Status.RUNNING, Status.QUEUED)
    dask_engine.cancel(run.id)
    assert driven.finished().status is Status.CANCELED
    states = dask_engine.node_states(run.id)
    assert {states[node].status for node in "ab"} == {Status.CANCELED}
    assert not pidfiles[waiting].exists()
    assert group_members(pid_in(pidfiles[running])) == []


def test_a_timeout_stops_the_task_on_the_worker(dask_engine: Engine, tmp_path: Path) -> None:
    slow = SLEEPER.model_copy(update={"timeout_seconds": 0.5})
    pidfile = tmp_path / "pid"
    run = dask_engine.run(workflow({"s": slow}, node_params={"s": {"pidfile": str(pidfile)}}))
    state = dask_engine.node_states(run.id)["s"]
    assert state.status is Status.FAILED and state.error == "timed out after 0.5s"
    assert "plynx: timed out after 0.5s" in dask_engine.log_path(run.id, "s", "stderr").read_text()
    assert group_members(int(pidfile.read_text())) == []


def test_a_gpu_task_runs_on_the_worker_with_a_gpu(dask_engine: Engine) -> None:
    gpu = bash("gpu", WRITE.code, outputs={"out": "text"}, params={"text": "a"},
               resources={"gpu": 1})
    run = dask_engine.run(workflow({"a": gpu, "b": gpu}, node_params={"b": {"text": "b"}}))
    assert run.status is Status.SUCCEEDED, run.error
    for node in "ab":
        assert [name for _, name in workers_of(dask_engine, run.id, node)] == ["gpu"]


def test_a_request_no_worker_can_satisfy_fails_at_once(dask_engine: Engine) -> None:
    greedy = bash("greedy", WRITE.code, outputs={"out": "text"}, params={"text": "a"},
                  resources={"gpu": 4, "memory": "1GiB"})
    run = dask_engine.run(workflow({"a": greedy}))
    state = dask_engine.node_states(run.id)["a"]
    assert state.status is Status.FAILED
    assert state.error is not None
    assert "requests GPU=4, MEMORY=1073741824" in state.error
    assert re.search(r"tcp://127\.0\.0\.1:\d+ \(gpu\): GPU=1", state.error), state.error
    assert "(plain): no resources" in state.error
    assert state.error in dask_engine.log_path(run.id, "a", "stderr").read_text()


def test_a_worker_killed_mid_task_fails_its_node(dask_cluster: DaskCluster,
                                                dask_engine: Engine, tmp_path: Path) -> None:
    dask_cluster.add_worker("lonely", resources="LONELY=1", nthreads=1)
    lonely = bash("lonely", SLEEPER.code, outputs={"out": "text"},
                  params={"pidfile": str(tmp_path / "pid")}, resources={"LONELY": 1})
    run = dask_engine.launch(workflow({"l": lonely}))
    driven = Driven(dask_engine, run)
    pgid = pid_in(tmp_path / "pid")
    wait_until(lambda: dask_engine.node_states(run.id)["l"].status is Status.RUNNING, "running")
    address = dask_cluster.address_of("lonely")
    dask_cluster.kill_worker("lonely")  # no other worker could take the task over
    assert driven.finished().status is Status.FAILED
    state = dask_engine.node_states(run.id)["l"]
    assert state.status is Status.FAILED
    assert state.error == f"worker {address} lost while running the task"
    assert group_members(pgid) == []


def test_a_worker_killed_mid_task_fails_the_attempt_and_the_retry_runs(
        dask_cluster: DaskCluster, dask_engine: Engine, tmp_path: Path) -> None:
    dask_cluster.add_worker("victim", resources="VICTIM=1", nthreads=1)
    dask_cluster.add_worker("spare", resources="VICTIM=1", nthreads=1)
    once = bash("once", 'if [ "$PLYNX_ATTEMPT" = 1 ]; then echo $$ > {{ param["pidfile"] }}; '
                        "sleep 60; fi; echo survived > {{ output.out }}",
                outputs={"out": "text"}, params={"pidfile": str(tmp_path / "pid")},
                resources={"VICTIM": 1},
                retries=RetryPolicy(max_attempts=2, backoff_seconds=0.1))
    run = dask_engine.launch(workflow({"o": once}))
    driven = Driven(dask_engine, run)
    pgid = pid_in(tmp_path / "pid")
    wait_until(lambda: workers_of(dask_engine, run.id, "o"), "the worker's name in the log")
    [(address, name)] = workers_of(dask_engine, run.id, "o")
    dask_cluster.kill_worker(name)
    finished = driven.finished()
    assert finished.status is Status.SUCCEEDED, finished.error
    state = dask_engine.node_states(run.id)["o"]
    assert state.attempts == 2
    system = dask_engine.log_path(run.id, "o", "system").read_text()
    assert f"attempt 1 finished: exit code None; worker {address} lost while running the task" \
        in system
    assert [n for _, n in workers_of(dask_engine, run.id, "o")][1] != name
    assert f"plynx: worker {address} lost while running the task" in \
        dask_engine.log_path(run.id, "o", "stderr").read_text()
    assert group_members(pgid) == []  # the worker's launcher took the task down with it


def test_a_task_the_scheduler_gives_again_is_refused(dask_cluster: DaskCluster, bench) -> None:
    from plynx.executors.dask.worker import run_on_worker

    key = f"plynx-test-{secrets.token_hex(4)}"
    submission = Submission(bench.task(WRITE), key, "test")
    client = dask_cluster.client
    first = client.submit(run_on_worker, submission, key=f"{key}-a", pure=False).result()
    second = client.submit(run_on_worker, submission, key=f"{key}-b", pure=False).result()
    assert not first.refused and first.result is not None and first.result.succeeded
    assert second.refused and second.result is None
    from distributed import Event

    Event(claim_name(key), client=client).clear()


# -- without a cluster ------------------------------------------------------------------------


def test_registered_and_configured_by_settings(tmp_path: Path) -> None:
    assert get_registry().executors["dask"] is DaskExecutor
    with pytest.raises(ConfigError, match="PLYNX_DASK_ADDRESS"):
        DaskExecutor.from_settings(Settings(home=tmp_path, executor="dask"))
    with pytest.raises(ConfigError, match="needs both dask_tls_ca_file and dask_tls_cert"):
        DaskExecutor.from_settings(Settings(home=tmp_path, dask_address="tls://x:8786",
                                            dask_tls_ca_file=tmp_path / "ca.pem"))
    with pytest.raises(ConfigError, match="dask_tls_cert: no file"):
        DaskExecutor.from_settings(Settings(
            home=tmp_path, dask_address="tls://x:8786", dask_tls_ca_file=__file__,
            dask_tls_cert=tmp_path / "missing.pem"))


def test_the_tls_settings_reach_a_cluster_that_requires_tls(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    pytest.importorskip("cryptography")
    cert, key = self_signed_certificate(tmp_path)
    cluster = DaskCluster(tmp_path / "tls", scheduler_args=(
        "--protocol", "tls", "--tls-ca-file", str(cert), "--tls-cert", str(cert),
        "--tls-key", str(key)))
    try:
        assert cluster.address.startswith("tls://")
        settings = Settings(home=tmp_path / "home", executor="dask",
                            dask_address=cluster.address, dask_tls_ca_file=cert,
                            dask_tls_cert=cert, dask_tls_key=key)
        executor = DaskExecutor.from_settings(settings)
        try:
            assert executor.state()["scheduler"] == cluster.address
        finally:
            executor.shutdown()
    finally:
        cluster.close()


def test_resources_map_to_dask_names() -> None:
    assert dask_resources({"cpu": 2, "memory": 4 << 30, "gpu": 1, "licence": 1, "tpu": 0}) == \
        {"CPU": 2, "MEMORY": 4 << 30, "GPU": 1, "licence": 1}
    workers = {"tcp://a:1": {"name": "a", "resources": {"GPU": 1}},
               "tcp://b:1": {"name": "tcp://b:1", "resources": {}}}
    assert unsatisfiable({"GPU": 1}, workers) is None
    assert unsatisfiable({}, workers) is None
    assert unsatisfiable({"GPU": 2}, {}) is None  # nothing known: the task waits for workers
    assert unsatisfiable({"GPU": 2}, workers) == (
        "no worker of the Dask cluster can run this task: it requests GPU=2, the workers offer "
        "tcp://a:1 (a): GPU=1; tcp://b:1: no resources (workers advertise resources with dask "
        "worker --resources)")


def test_shipped_logs_arrive_once_in_order(tmp_path: Path) -> None:
    source, target = tmp_path / "worker", tmp_path / "plynx"
    source.mkdir()
    chunks: list[tuple[str, int, bytes]] = []
    shipper = LogShipper(source, chunks.append, interval=0.01)
    shipper.start()
    big = b"x" * (CHUNK_BYTES + 10)
    (source / "stdout.log").write_bytes(big)
    (source / "system.log").write_bytes(b"a whole line\nhalf a li")
    wait_until(lambda: sum(len(c[2]) for c in chunks) >= len(big) + 13, "shipping")
    rest = shipper.stop()
    assert [(s, o, len(d)) for s, o, d in chunks] == [
        ("stdout", 0, CHUNK_BYTES), ("stdout", CHUNK_BYTES, 10), ("system", 0, 13)]
    assert rest == [("system", 13, b"half a li")]
    receiver = LogReceiver(target, attempt=1)
    for stream, offset, data in [*chunks, *chunks, *rest]:  # every chunk twice
        receiver.receive(stream, offset, data)
    assert (target / "stdout.log").read_bytes() == big
    assert (target / "system.log").read_bytes() == b"a whole line\nhalf a li"
    receiver.receive("stderr", 5, b"late")  # the first 5 bytes never came
    assert (target / "stderr.log").read_text() == \
        "\nplynx: 5 bytes of this log were lost on the way from the Dask worker\nlate"
