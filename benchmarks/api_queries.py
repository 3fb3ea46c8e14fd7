"""API listing and search latency on a large metadata store.

Stores ``--runs`` runs (100,000 by default), ``--operations`` operations (10,000) and 1,000
workflows with bulk inserts, plus one finished run of ``--nodes`` nodes (1,000), then times
requests through the whole application (routing, permissions, queries, serialisation) with
an in-process client, ``--repeats`` times each, and reports medians. The baseline is
``GET /api/v1/health``: what any request costs before a query runs.

Targets: list and search p50 <= 50 ms; the detail of the 1,000-node run <= 100 ms.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from _common import chain_workflow, database, fresh_dir, header, line, median, target
from fastapi.testclient import TestClient
from sqlalchemy import insert

from plynx.config import Settings
from plynx.engine.submission import create_run
from plynx.model import (
    Artifact,
    Input,
    Operation,
    OperationStatus,
    Output,
    Run,
    Status,
    Workflow,
)
from plynx.server import Services, create_app, open_services
from plynx.store import convert
from plynx.store.tables import OperationRow, RunRow, WorkflowRow, table_of

WORDS = ("alpha", "beta", "gamma", "delta", "train", "predict", "split", "clean", "report",
         "features", "model", "nightly", "sweep", "baseline", "ablation")
AUTHORS = [f"user{i}" for i in range(20)]
KINDS = ("bash_jinja2", "python", "composite", "file")
TYPES = ("file", "csv", "tsv", "json", "text", "image", "int", "str")
STATUSES = [Status.SUCCEEDED] * 6 + [Status.FAILED, Status.CANCELED, Status.RUNNING]
CHUNK = 5000
START = datetime(2026, 1, 1, tzinfo=UTC)


def title(rng: random.Random) -> str:
    return " ".join(rng.sample(WORDS, 3))


def bulk(services: Services, row: type, rows: list[dict[str, Any]]) -> None:
    table = table_of(row)
    with services.store.engine.begin() as connection:
        for start in range(0, len(rows), CHUNK):
            connection.execute(insert(table), rows[start:start + CHUNK])


def store_operations(services: Services, count: int, rng: random.Random) -> None:
    rows = []
    for i in range(count):
        op = Operation(name=f"op{i // 5}", version=i % 5 + 1, title=title(rng),
                       kind=rng.choice(KINDS), author=rng.choice(AUTHORS),
                       status=rng.choice(list(OperationStatus)),
                       inputs=[Input(name="in", type=rng.choice(TYPES))],
                       outputs=[Output(name="out", type=rng.choice(TYPES))],
                       created_at=START + timedelta(minutes=i))
        rows.append(convert.operation_values(op))
    bulk(services, OperationRow, rows)


def store_workflows(services: Services, count: int, rng: random.Random) -> list[str]:
    rows = []
    for i in range(count):
        at = START + timedelta(hours=i)
        wf = Workflow(title=title(rng), author=rng.choice(AUTHORS), created_at=at, updated_at=at)
        rows.append(convert.workflow_values(wf))
    bulk(services, WorkflowRow, rows)
    return [row["id"] for row in rows]


def store_runs(services: Services, count: int, workflows: list[str],
               rng: random.Random) -> None:
    template = convert.run_values(Run(workflow=chain_workflow(3)), START)
    rows = []
    for i in range(count):
        created = START + timedelta(seconds=30 * i)
        status = rng.choice(STATUSES)
        rows.append({**template, "id": f"run{i:07d}", "title": title(rng),
                     "workflow_id": rng.choice(workflows), "author": rng.choice(AUTHORS),
                     "status": status.value, "created_at": created, "started_at": created,
                     "finished_at": created if status.is_terminal else None, "seq": 0})
    bulk(services, RunRow, rows)


def store_big_run(services: Services, nodes: int) -> str:
    """A finished run of ``nodes`` nodes, each with an output."""
    state = create_run(services.store, services.registry, chain_workflow(nodes))
    now = datetime.now(UTC)
    for index, node in enumerate(state.states.values()):
        node.status, node.attempts = Status.SUCCEEDED, 1
        node.started_at = node.finished_at = now
        node.exit_code = 0
        node.outputs = {"out": Artifact(digest=f"{index:064x}", size=2)}
    services.store.record_progress(state.run.id, state.states.values())
    services.store.update_run(state.run.id, status=Status.SUCCEEDED, finished_at=now)
    return state.run.id


def p50(client: TestClient, path: str, repeats: int) -> tuple[float, list[float]]:
    """Median milliseconds of ``GET path`` (after one warm-up request)."""
    client.get(path).raise_for_status()
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        response = client.get(path)
        samples.append((time.perf_counter() - start) * 1000)
        response.raise_for_status()
    return median(samples), samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=100_000)
    parser.add_argument("--operations", type=int, default=10_000)
    parser.add_argument("--nodes", type=int, default=1_000, help="nodes of the detailed run")
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--database-url", default="",
                        help="a PostgreSQL database to measure on, in a temporary schema "
                             "(default: SQLite in a temporary home)")
    args = parser.parse_args()
    header("API listing and search latency", runs=args.runs, operations=args.operations,
           nodes=args.nodes, database="PostgreSQL" if args.database_url else "SQLite")
    rng = random.Random(7)
    with fresh_dir("plynx-bench-home-") as home, database(args.database_url, home) as url:
        services = open_services(Settings(home=home, database_url=url))
        try:
            start = time.perf_counter()
            store_operations(services, args.operations, rng)
            workflows = store_workflows(services, 1_000, rng)
            store_runs(services, args.runs, workflows, rng)
            big = store_big_run(services, args.nodes)
            if services.store.engine.dialect.name == "postgresql":
                # as autovacuum leaves a table in steady use: statistics and visibility map
                autocommit = services.store.engine.execution_options(
                    isolation_level="AUTOCOMMIT")
                with autocommit.connect() as connection:
                    connection.exec_driver_sql("VACUUM ANALYZE")
            line("storing the data", time.perf_counter() - start, "s")
            measure(services, workflows[0], big, args.repeats)
        finally:
            services.close()


def measure(services: Services, workflow_id: str, big_run: str, repeats: int) -> None:
    queries = {
        "runs: newest page": "/runs",
        "runs: by status": "/runs?status=failed",
        "runs: by author": "/runs?author=user3",
        "runs: by workflow": f"/runs?workflow_id={workflow_id}",
        "runs: by author and status": "/runs?author=user3&status=canceled",
        "runs: search the title": "/runs?q=sweep",
        "operations: first page": "/operations",
        "operations: search": "/operations?q=baseline",
        "operations: by kind and input type": "/operations?kind=python&input_type=csv",
        "operations: newest versions": "/operations?latest_only=true",
        "workflows: search": "/workflows?q=nightly",
    }
    with TestClient(create_app(services), client=("127.0.0.1", 50000)) as client:
        base, samples = p50(client, "/api/v1/health", repeats)
        line("baseline: GET /health", base, "ms", samples)
        worst = 0.0
        for label, path in queries.items():
            value, samples = p50(client, "/api/v1" + path, repeats)
            line(label, value, "ms", samples)
            worst = max(worst, value)
        detail, samples = p50(client, f"/api/v1/runs/{big_run}", repeats)
        line("run detail (all nodes)", detail, "ms", samples)
    target("slowest list/search p50", worst, "ms", 50, at_most=True)
    target("run detail p50", detail, "ms", 100, at_most=True)
    line("ratio slowest list / baseline", worst / base, "x")


if __name__ == "__main__":
    main()
