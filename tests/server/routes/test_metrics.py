"""GET /metrics: the figures of runs, tasks and the cache in Prometheus' formats, for admins."""

from __future__ import annotations

from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from plynx.auth import DEFAULT_POLICIES, Policy
from plynx.engine.submission import create_run
from plynx.model import Workflow
from plynx.server import Services
from tests.factories import bash, workflow
from tests.server.conftest import wait_for
from tests.server.multi_user import admin_headers_fixture, multi_fixture, user_headers  # noqa: F401

ECHO = bash("echo", "echo {{ param['text'] }} > {{ output.out }}", outputs={"out": "text"},
            params={"text": "hi"})
TWO = workflow({"a": ECHO, "b": ECHO}, node_params={"b": {"text": "ho"}})


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of an exposition by (name, labels)."""
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(text) for sample in family.samples}


def run_to_the_end(services: Services, flow: Workflow) -> str:
    run_id = create_run(services.store, services.registry, flow).run.id
    services.wake()
    wait_for(lambda: services.store.get_run(run_id).status.is_terminal)
    return run_id


def test_metrics_count_runs_nodes_and_cache_decisions(api: TestClient,
                                                      services: Services) -> None:
    run_to_the_end(services, TWO)
    run_to_the_end(services, TWO)  # every task restored from the cache

    response = api.get("/api/v1/metrics")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    found = samples(response.text)
    assert found["plynx_runs", (("status", "succeeded"),)] == 2
    assert found["plynx_runs", (("status", "failed"),)] == 0
    assert found["plynx_nodes", (("status", "running"),)] == 0
    assert found["plynx_queue_length", ()] == 0
    assert found["plynx_cache_decisions", (("outcome", "hit"),)] == 2
    assert found["plynx_cache_decisions", (("outcome", "miss"),)] == 2
    assert found["plynx_cache_hit_ratio", ()] == 0.5
    assert found["plynx_cache_entries", ()] == 2
    assert found["plynx_changes_total", ()] == services.store.last_change()
    assert found["plynx_event_subscribers", ()] == 0
    assert ("plynx_info", (("executor", "local"), ("version", _version()))) in found
    assert any(name == "process_resident_memory_bytes" for name, _ in found)


def test_openmetrics_is_served_when_asked_for(api: TestClient) -> None:
    response = api.get("/api/v1/metrics", headers={"Accept": "application/openmetrics-text"})

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/openmetrics-text")
    assert response.text.rstrip().endswith("# EOF")


def test_without_any_run_the_hit_ratio_is_not_a_number(api: TestClient) -> None:
    ratio = samples(api.get("/api/v1/metrics").text)["plynx_cache_hit_ratio", ()]
    assert ratio != ratio  # NaN


def test_in_multi_user_mode_only_admins_read_metrics(multi: TestClient,
                                                     admin_headers: dict[str, str]) -> None:
    bob = user_headers(multi, "bob", DEFAULT_POLICIES | {Policy.VIEW_OTHERS_WORKFLOWS})

    assert multi.get("/api/v1/metrics").status_code == 401
    assert multi.get("/api/v1/metrics", headers=bob).status_code == 403
    response = multi.get("/api/v1/metrics", headers=admin_headers)
    assert response.status_code == 200
    assert "plynx_runs" in response.text


def _version() -> str:
    from plynx import __version__

    return __version__
