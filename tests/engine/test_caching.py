"""Caching is keyed on content, chains through identical outputs and explains itself."""

from __future__ import annotations

import os
import time
from pathlib import Path

from plynx.model import RunOptions, Status
from tests.factories import bash, workflow

UPPER = bash("upper", "tr a-z A-Z < {{ input.x }} > {{ output.out }}",
             inputs={"x": "text"}, outputs={"out": "text"})


def source(code: str = "echo hello > {{ output.out }}", **fields) -> object:
    return bash("source", code, outputs={"out": "text"}, **fields)


def decisions(engine, run) -> dict[str, str]:
    return {n: str(s.cache) for n, s in engine.node_states(run.id).items()}


def test_second_run_hits_the_cache_and_names_the_source(engine):
    first = engine.run(workflow({"a": source(), "b": UPPER}, ["a.out -> b.x"]))
    second = engine.run(workflow({"a": source(), "b": UPPER}, ["a.out -> b.x"]))
    states = engine.node_states(second.id)
    assert second.status is Status.SUCCEEDED
    assert states["b"].status is Status.CACHED
    assert str(states["b"].cache) == f"hit (run {first.id}, node b)"
    assert states["b"].outputs == engine.node_states(first.id)["b"].outputs
    run_log = engine.log_path(second.id, None, "system").read_text()
    # the log, read by whoever sees this run, does not name the source run
    assert f"b: cache hit (a result computed earlier); key {states['b'].cache_key}" in run_log
    assert first.id not in run_log
    assert "run succeeded" in run_log
    assert not engine.log_path(second.id, "b", "system").exists()  # nothing ran


def test_upstream_rerun_with_same_bytes_keeps_downstream_hits(engine):
    engine.run(workflow({"a": source(), "b": UPPER}, ["a.out -> b.x"]))
    changed = source("printf 'hello\\n' > {{ output.out }}")  # other code, same bytes
    run = engine.run(workflow({"a": changed, "b": UPPER}, ["a.out -> b.x"]))
    found = decisions(engine, run)
    assert found["a"] == "ran: no entry"
    assert found["b"].startswith("hit (run ")


def test_different_parameters_or_inputs_miss(engine):
    op = bash("echo", "echo {{ param['v'] }} > {{ output.out }}", outputs={"out": "text"},
              params={"v": 1})
    engine.run(workflow({"a": op}, node_params={"a": {"v": 1}}))
    run = engine.run(workflow({"a": op}, node_params={"a": {"v": 2}}))
    assert decisions(engine, run)["a"] == "ran: no entry"


def test_no_cache_refresh_and_cache_off(engine, tmp_path: Path):
    wf = workflow({"a": source()})
    engine.run(wf)
    no_cache = engine.run(wf, options=RunOptions(no_cache=True))
    refresh = engine.run(wf, options=RunOptions(refresh=True))
    off = engine.run(workflow({"a": source(cache={"enabled": False})}))
    assert decisions(engine, no_cache)["a"] == "ran: no cache"
    assert decisions(engine, refresh)["a"] == "ran: refresh"
    assert decisions(engine, off)["a"] == "ran: cache off"
    after_refresh = engine.store.get_cache_entry(engine.node_states(refresh.id)["a"].cache_key)
    assert after_refresh.run_id == refresh.id


def test_expired_entries_are_not_used(engine):
    wf = workflow({"a": source(cache={"expiry_seconds": 0.2})})
    engine.run(wf)
    time.sleep(0.3)
    run = engine.run(wf)
    assert decisions(engine, run)["a"] == "ran: expired"


def test_cache_version_invalidates(engine):
    engine.run(workflow({"a": source()}))
    run = engine.run(workflow({"a": source(cache={"version": "2"})}))
    assert decisions(engine, run)["a"] == "ran: no entry"


def test_identical_tasks_are_computed_once(engine, tmp_path: Path):
    counter = tmp_path / "count"
    op = bash("slow", f"echo x >> {counter}; sleep 0.3; echo done > {{{{ output.out }}}}",
              outputs={"out": "text"})
    run = engine.run(workflow({"a": op, "b": op}))
    states = engine.node_states(run.id)
    assert run.status is Status.SUCCEEDED
    assert counter.read_text().count("x") == 1
    statuses = sorted(s.status.value for s in states.values())
    assert statuses == ["cached", "succeeded"]


def test_missing_artifact_means_a_miss(engine):
    wf = workflow({"a": source()})
    first = engine.run(wf)
    digest = engine.node_states(first.id)["a"].outputs["out"].digest
    engine.artifacts.delete(digest)
    run = engine.run(wf)
    assert decisions(engine, run)["a"] == "ran: artifact missing"
    assert engine.artifacts.exists(digest)


def test_garbage_collection_keeps_what_cache_entries_refer_to(engine):
    run = engine.run(workflow({"a": source()}))
    kept = engine.node_states(run.id)["a"].outputs["out"].digest
    orphan = engine.artifacts.put_bytes(b"nobody needs me").digest
    assert engine.collect_garbage().deleted == 0  # just stored: spared
    report = engine.collect_garbage(grace_seconds=0)
    assert report.deleted == 1
    assert engine.artifacts.exists(kept) and not engine.artifacts.exists(orphan)
    engine.store.delete_cache_entries()
    assert engine.collect_garbage(dry_run=True, grace_seconds=0).deleted == 1
    assert engine.artifacts.exists(kept)


def test_storing_existing_content_again_renews_its_grace(engine):
    digest = engine.artifacts.put_bytes(b"old news").digest
    blob = engine.artifacts.local_path(digest)
    os.utime(blob, (0, 0))
    assert engine.collect_garbage(dry_run=True).deleted == 1
    engine.artifacts.put_bytes(b"old news")
    assert engine.collect_garbage(dry_run=True).deleted == 0
