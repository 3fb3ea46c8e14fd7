"""The client against the real application: operations, workflows, runs, outputs, logs."""

from __future__ import annotations

import runpy
import threading
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from plynx.auth import Policy
from plynx.client import (
    ApiError,
    BuildError,
    Client,
    NodeInfo,
    RunFailed,
    Workflow,
    bash_operation,
    operation,
)
from plynx.client.watch import RunWatcher
from plynx.model import Status
from plynx.server.demo import demo_operations
from tests.server.multi_user import PASSWORD, create_user, multi_fixture  # noqa: F401

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "client" / "sums.py"

seq = bash_operation("seq", "seq {{ param['n'] }} > {{ output.out }}",
                     outputs={"out": "text"}, params={"n": 10})


@operation(inputs={"numbers": "text"}, outputs={"total": "int"})
def total(input, output, param):
    with open(input["numbers"]) as lines:
        output["total"] = sum(int(line) for line in lines if line.strip())


def _no_polling(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: RunWatcher) -> None:
        raise AssertionError("the watcher polled instead of following the event stream")

    monkeypatch.setattr(RunWatcher, "_poll", refuse)


@pytest.mark.slow
def test_sums_example_gives_5050_following_events(client: Client,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    _no_polling(monkeypatch)
    example = runpy.run_path(str(EXAMPLE))
    run = client.submit(example["build"]())
    changes: list[NodeInfo] = []
    final = run.wait(on_change=changes.append, timeout=60)
    final.raise_for_status()
    assert run.status is Status.SUCCEEDED
    assert int(run.output("sums-total", "total")) == 5050
    assert len(final.nodes) == 20
    # every node was reported until it ended
    assert {n.node_id for n in changes if n.status.is_terminal} == {n.node_id for n in final.nodes}
    assert any(n.node_id == "sums-total" and n.status is Status.SUCCEEDED for n in changes)


@pytest.mark.slow
def test_the_example_script_prints_5050(api: TestClient, capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    example = runpy.run_path(str(EXAMPLE))
    monkeypatch.setitem(example["main"].__globals__, "Client",
                        lambda url, token=None: Client(url, token, http=api))
    assert example["main"]("http://127.0.0.1:5005") == 0
    assert capsys.readouterr().out == "5050\n"


def test_the_example_leaves_the_demo_operations_alone() -> None:
    """Running the example must not publish new versions of the operations `plynx local`
    ships: its operations have names of their own."""
    example = runpy.run_path(str(EXAMPLE))
    names = {node.operation_def.name for node in example["build"]().nodes}
    assert names and not names & set(demo_operations())


def test_submitting_again_reuses_operations_and_the_workflow(client: Client) -> None:
    with Workflow("twice", params={"count": 4}) as wf:
        result = total(seq(n=wf.param("count")))
    first = client.submit(wf)
    assert first.wait(timeout=60).succeeded
    second = client.submit(wf, params={"count": 10})
    assert second.wait(timeout=60).succeeded
    assert (first.output(result.node_id, "total"), second.output(result.node_id, "total")) \
        == (b"10", b"55")
    for name in ("seq", "total"):
        versions = client.list_operations(name=name)
        assert [(v["version"], v["status"]) for v in versions] == [(1, "published")]
    assert first.info.workflow_id == second.info.workflow_id == wf.id

    changed = bash_operation("seq", "seq 1 {{ param['n'] }} > {{ output.out }}",
                             outputs={"out": "text"}, params={"n": 10})
    fresh = Client(http=client.session.http)  # another session: no memory of stored ids
    assert fresh.ensure_operation(seq) == client.ensure_operation(seq)
    assert fresh.get_operation(fresh.ensure_operation(changed)).version == 2


def test_incremental_runs_reuse_the_cache_and_scratch_ones_do_not(client: Client) -> None:
    with Workflow("cached") as wf:
        total(seq(n=3))
    statuses = []
    for mode in ("incremental", "incremental", "scratch"):
        final = client.submit(wf, mode=mode).wait(timeout=60)
        statuses.append({n.node_id: n.status.value for n in final.nodes})
    assert statuses == [{"seq": "succeeded", "total": "succeeded"},
                        {"seq": "cached", "total": "cached"},
                        {"seq": "succeeded", "total": "succeeded"}]


def test_a_stored_operation_is_used_by_name(client: Client) -> None:
    client.ensure_operation(seq)
    stored = client.operation("seq")
    with Workflow("by name") as wf:
        total(stored(n=3))
    run = client.submit(wf)
    assert run.wait(timeout=60).succeeded
    assert run.output("total", "total") == b"6"
    assert client.operation("seq", version=1).stored_id == stored.stored_id
    with pytest.raises(BuildError, match="operation 'seq' has no version 2 on this server"):
        client.operation("seq", version=2)
    with pytest.raises(BuildError, match="'nope' has no published version on this server"):
        client.operation("nope")


def test_logs_and_a_failed_run(client: Client) -> None:
    noisy = bash_operation("noisy", "echo to-stdout; echo to-stderr >&2; exit 3")
    with Workflow("fails") as wf:
        noisy()
    run = client.submit(wf)
    final = run.wait(timeout=60)
    assert final.status is Status.FAILED
    with pytest.raises(RunFailed, match=r"(?s)run \w+ failed.*- noisy: .*3"):
        final.raise_for_status()
    assert "to-stdout" in run.logs("noisy")
    assert "to-stderr" in run.logs("noisy", "stderr")
    assert run.logs() != ""  # the run's own system log


def test_cancel_a_running_run(client: Client) -> None:
    sleeper = bash_operation("sleeper", "sleep 30")
    with Workflow("slow") as wf:
        sleeper()
    run = client.submit(wf)
    started = threading.Event()

    def on_change(node: NodeInfo) -> None:
        if node.status is Status.RUNNING:
            started.set()

    waiter = threading.Thread(target=lambda: run.wait(on_change=on_change, timeout=60))
    waiter.start()
    assert started.wait(30)
    run.cancel()
    waiter.join(30)
    assert not waiter.is_alive()
    assert run.info.status is Status.CANCELED


@pytest.mark.slow
def test_over_http_the_sums_example_gives_5050(live_client: Client,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    _no_polling(monkeypatch)
    run = live_client.submit(runpy.run_path(str(EXAMPLE))["build"]())
    assert run.wait(timeout=60).succeeded
    assert run.output("sums-total", "total") == b"5050"


def test_wait_times_out_while_the_stream_is_silent(live_client: Client) -> None:
    sleeper = bash_operation("sleeper", "sleep 30")
    with Workflow("slow") as wf:
        sleeper()
    run = live_client.submit(wf)
    with pytest.raises(TimeoutError, match=f"run {run.id} did not end in time"):
        run.wait(timeout=0.5)
    assert run.cancel().status in (Status.CANCELED, Status.RUNNING, Status.QUEUED)
    assert run.wait(timeout=30).status is Status.CANCELED


def test_server_errors_are_api_errors(client: Client) -> None:
    with pytest.raises(ApiError) as caught:
        client.get_run("missing")
    assert (caught.value.status, caught.value.code) == (404, "not_found")
    assert str(caught.value) == "404 not_found: run 'missing' not found"

    takes_int = bash_operation("takes_int", "true", inputs={"n": "int"})
    with Workflow("mismatch") as wf:
        takes_int(seq().out)
    with pytest.raises(ApiError) as caught:
        client.submit(wf)
    error = caught.value
    assert error.status == 422 and error.problems
    assert any("takes_int" in p.where for p in error.problems)
    assert str(error).startswith("422 ")


def test_login_refresh_and_api_tokens(multi: TestClient) -> None:  # noqa: F811
    create_user(multi, "alice", {Policy.CREATE_OPERATIONS, Policy.CREATE_WORKFLOWS,
                                 Policy.RUN_WORKFLOWS})
    with pytest.raises(ApiError, match="401 unauthorized: wrong username or password"):
        Client.login(None, "alice", "wrong", http=multi)
    client = Client.login(None, "alice", PASSWORD, http=multi)
    assert client.me()["username"] == "alice"

    client.session.tokens.access = "expired-or-garbage"
    assert client.me()["username"] == "alice"  # renewed with the refresh token
    assert client.session.tokens.access != "expired-or-garbage"

    token = client.session.json("POST", "/auth/tokens", json={"name": "script"})["token"]
    scripted = Client(None, token=token, http=multi)
    assert scripted.me()["username"] == "alice"
    run = scripted.submit(_one_node_workflow())
    assert run.wait(timeout=60).succeeded

    anonymous = Client(None, http=multi)
    with pytest.raises(ApiError, match="401 unauthorized: log in first"):
        anonymous.me()
    client.session.tokens.refresh = None
    client.session.tokens.access = "garbage"
    with pytest.raises(ApiError) as caught:
        client.me()
    assert caught.value.status == 401


def _one_node_workflow() -> Workflow:
    with Workflow("one") as wf:
        seq(n=2)
    return wf


def test_an_uploaded_file_feeds_a_workflow(client: Client, tmp_path: Path) -> None:
    numbers = tmp_path / "numbers.txt"
    numbers.write_text("1\n2\n3\n")
    data = client.upload(numbers, title="Three numbers")
    assert (data.model.kind, data.model.title, data.stored_id) == (
        "file", "Three numbers", data.model.id)
    with Workflow("uploaded") as wf:
        total(data())
    run = client.submit(wf)
    assert run.wait(timeout=60).succeeded
    assert run.output("total", "total") == b"6"
    with pytest.raises(BuildError, match="cannot upload .*missing.txt: No such file"):
        client.upload(tmp_path / "missing.txt")


def test_events_and_followed_logs(client: Client) -> None:
    talk = bash_operation("talk", "echo one; sleep 0.2; echo two")
    with Workflow("talks") as wf:
        talk()
    run = client.submit(wf)
    pieces = "".join(client.follow_logs(run.id, "talk"))
    assert pieces == "one\ntwo\n"
    run.wait(timeout=60)
    kinds = set()
    for event in client.events(run_id=run.id, last_event_id="0"):  # replayed from the start
        assert event.run_id == run.id
        kinds.add(event.kind)
        if event.kind == "run" and Status(event.status).is_terminal:
            break
    assert kinds == {"node", "run"}
