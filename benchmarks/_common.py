"""Shared helpers for the benchmark scripts: timing, medians, workflows and the report.

Every script measures PLynx side by side with a bare baseline in the same process run,
prints medians over several repeats and ratios, and marks each target PASS or MISS. It
never asserts: a benchmark informs, it does not fail.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import platform
import shutil
import statistics
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from plynx.config import Settings
from plynx.engine import Engine
from plynx.model import (
    Edge,
    Graph,
    Input,
    Node,
    Operation,
    Output,
    Parameter,
    ParameterType,
    Run,
    Status,
    Workflow,
)

#: Where temporary homes and files go; override with ``PLYNX_BENCH_TMP``.
TMP_ROOT = os.environ.get("PLYNX_BENCH_TMP") or tempfile.gettempdir()


# -- databases ------------------------------------------------------------------------


@contextlib.contextmanager
def database(url: str, home: Path) -> Iterator[str]:
    """The URL to measure on: SQLite in ``home`` by default; for a PostgreSQL ``url``, a
    schema made for this run and dropped afterwards (the database keeps nothing)."""
    if not url:
        yield f"sqlite:///{home / 'plynx.db'}"
        return
    schema = f"bench_{uuid.uuid4().hex}"
    admin = create_engine(url, poolclass=NullPool)
    with admin.begin() as connection:
        connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        options = {"options": f"-csearch_path={schema}"}
        yield make_url(url).update_query_dict(options).render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        admin.dispose()


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


# -- timing ---------------------------------------------------------------------------


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    """Run ``action``; return (seconds taken, its result)."""
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def cpu_timed(action: Callable[[], Any]) -> tuple[float, float, Any]:
    """Run ``action``; return (seconds taken, CPU seconds this process used, its result).

    The CPU time counts every thread of this process and none of its child processes: it
    is what PLynx itself costs, and it varies far less than wall time on a busy machine.
    """
    cpu = time.process_time()
    seconds, result = timed(action)
    return seconds, time.process_time() - cpu, result


def median(values: list[float]) -> float:
    return statistics.median(values)


def spread(values: list[float]) -> str:
    """``min..max`` of the values, for a line of the report."""
    return f"{min(values):.3f}..{max(values):.3f}"


@contextlib.contextmanager
def fresh_dir(prefix: str, *, keep_until_exit: bool = False) -> Iterator[Path]:
    """A new temporary folder (under :data:`TMP_ROOT`), removed afterwards.

    With ``keep_until_exit`` it is removed when the script ends instead: on a file system
    without a journal, ext4 skips every inode deleted in the last seconds when it makes a
    new one, so deleting one measurement's thousands of files would slow down the file
    creation of the next measurement (PLynx's or the baseline's alike).
    """
    if not keep_until_exit:
        with tempfile.TemporaryDirectory(prefix=prefix, dir=TMP_ROOT) as path:
            yield Path(path)
        return
    path = Path(tempfile.mkdtemp(prefix=prefix, dir=TMP_ROOT))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    yield path


def open_engine(home: Path, concurrency: int) -> Engine:
    """An engine on PLYNX_HOME ``home`` (SQLite + local artifact store)."""
    return Engine(Settings(home=home, concurrency=concurrency))


@contextlib.contextmanager
def fresh_engine(concurrency: int) -> Iterator[Engine]:
    """An engine on a fresh, temporary PLYNX_HOME."""
    with fresh_dir("plynx-bench-home-") as home, open_engine(home, concurrency) as engine:
        yield engine


def check_succeeded(run: Run) -> None:
    """Stop the benchmark if a run did not succeed: its figures would mean nothing."""
    if run.status is not Status.SUCCEEDED:
        raise SystemExit(f"the PLynx run ended {run.status}: {run.error}")


# -- workflows ------------------------------------------------------------------------

#: A step: read the input, then write the node's number as the output.
STEP_CODE = "cat {{ input.in }} > /dev/null\necho {{ param['n'] }} > {{ output.out }}\n"
#: A source: write the node's number as the output.
SOURCE_CODE = "echo {{ param['n'] }} > {{ output.out }}\n"


def source_operation() -> Operation:
    """A trivial bash node with no input: ``echo N > out``."""
    return Operation(name="source", kind="bash_jinja2", code=SOURCE_CODE,
                     outputs=[Output(name="out")],
                     parameters=[Parameter(name="n", type=ParameterType.INT, default=0)])


def step_operation() -> Operation:
    """A trivial bash node: ``cat in > /dev/null; echo N > out``."""
    return Operation(name="step", kind="bash_jinja2", code=STEP_CODE,
                     inputs=[Input(name="in")], outputs=[Output(name="out")],
                     parameters=[Parameter(name="n", type=ParameterType.INT, default=0)])


def chain_workflow(length: int) -> Workflow:
    """``n0 -> n1 -> … -> n(length-1)``: a source then ``length - 1`` steps."""
    source, step = source_operation(), step_operation()
    nodes = [Node(id="n0", operation=source.id, params={"n": 0})]
    nodes += [Node(id=f"n{i}", operation=step.id, params={"n": i}) for i in range(1, length)]
    edges = [Edge(source=f"n{i - 1}", output="out", target=f"n{i}", input="in")
             for i in range(1, length)]
    return Workflow(title=f"chain of {length}", graph=Graph(nodes=nodes, edges=edges),
                    operations={source.id: source, step.id: step})


def independent_workflow(count: int) -> Workflow:
    """``count`` source nodes with no edges between them."""
    source = source_operation()
    nodes = [Node(id=f"n{i}", operation=source.id, params={"n": i}) for i in range(count)]
    return Workflow(title=f"{count} independent nodes", graph=Graph(nodes=nodes),
                    operations={source.id: source})


def layered_workflow(count: int, width: int) -> Workflow:
    """``count`` nodes in layers of ``width``: a layer of sources, then steps each reading
    one node of the layer before (node ``i`` reads node ``i - width``)."""
    source, step = source_operation(), step_operation()
    nodes, edges = [], []
    for i in range(count):
        if i < width:
            nodes.append(Node(id=f"n{i}", operation=source.id, params={"n": i}))
        else:
            nodes.append(Node(id=f"n{i}", operation=step.id, params={"n": i}))
            edges.append(Edge(source=f"n{i - width}", output="out", target=f"n{i}", input="in"))
    return Workflow(title=f"{count} nodes in layers of {width}",
                    graph=Graph(nodes=nodes, edges=edges),
                    operations={source.id: source, step.id: step})


# -- the report -----------------------------------------------------------------------


def source_version() -> str:
    """The git commit of the PLynx sources measured, ``+changes`` when they differ from it."""
    folder = Path(__file__).resolve().parent.parent
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=folder,
                                capture_output=True, text=True, check=True).stdout.strip()
        changes = subprocess.run(["git", "status", "--porcelain", "--", "src"], cwd=folder,
                                 capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{commit}+changes" if changes else commit


def header(title: str, **settings: Any) -> None:
    """Print what is measured, where, when, and on which sources."""
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    print(f"== {title}")
    print(f"   {now}; {os.cpu_count()} CPU(s); Python {platform.python_version()}; "
          f"{platform.system()} {platform.release()}; PLynx {source_version()}")
    if settings:
        print("   " + ", ".join(f"{k}={v}" for k, v in settings.items()))


def line(label: str, value: float, unit: str, samples: list[float] | None = None) -> None:
    """One measured figure, with the range of the samples it is the median of."""
    extra = f"   (samples {spread(samples)} {unit})" if samples else ""
    print(f"   {label:<44} {value:>12.3f} {unit}{extra}")


def target(label: str, value: float, unit: str, limit: float, *, at_most: bool) -> bool:
    """Print a target line with PASS or MISS; return whether it passed."""
    passed = value <= limit if at_most else value >= limit
    sign = "<=" if at_most else ">="
    verdict = "PASS" if passed else "MISS"
    print(f"   {label:<44} {value:>12.3f} {unit}   target {sign} {limit:g} {unit}   {verdict}")
    return passed
