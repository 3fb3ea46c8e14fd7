"""``plynx run``: run a workflow file here, showing its progress."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from pathlib import Path

import click

from plynx.cli.engine import open_engine
from plynx.cli.options import Assignments, param_option
from plynx.cli.output import human_duration, is_terminal
from plynx.cli.progress import Display, LineDisplay, LiveDisplay, symbol
from plynx.cli.results import copy_outputs, final_outputs, report_failures, show_outputs
from plynx.model import NodeState, Run, RunOptions, Status
from plynx.workflow_file import load_workflow

#: Exit status of a run that failed or was canceled.
EXIT_FAILED = 1


@click.command()
@click.argument("workflow_file", type=click.Path(dir_okay=False, path_type=Path))
@param_option
@click.option("--no-cache", is_flag=True, help="Neither read nor write the cache.")
@click.option("--refresh", is_flag=True,
              help="Re-compute every node, then update the cache with the results.")
@click.option("--fail-fast", is_flag=True, help="Stop the whole run at the first failure.")
@click.option("--keep", is_flag=True,
              help="Keep the run's outputs: garbage collection never deletes them.")
@click.option("--output-dir", type=click.Path(file_okay=False, path_type=Path), metavar="DIR",
              help="Copy each final output to DIR/<node>/<output>.")
@click.option("--print-outputs", is_flag=True,
              help="Print the final outputs: digest, size, and path or value.")
@click.option("-q", "--quiet", is_flag=True,
              help="Show no progress; print only failures and the outputs asked for.")
def run(workflow_file: Path, assignments: Assignments, no_cache: bool, refresh: bool,
        fail_fast: bool, keep: bool, output_dir: Path | None, print_outputs: bool,
        quiet: bool) -> None:
    """Run WORKFLOW_FILE (YAML or JSON) and wait for it to end.

    Exits with 0 when the run succeeded, 1 when it failed or was canceled (Ctrl-C or
    SIGTERM cancels it), 2 when the file or the workflow is invalid.
    """
    options = RunOptions(no_cache=no_cache, refresh=refresh, fail_fast=fail_fast)
    with open_engine() as engine:
        workflow = load_workflow(workflow_file, engine.artifacts)
        started = engine.launch(workflow, assignments.params, assignments.node_params,
                                options=options, keep=keep)
        states = _in_graph_order(engine.node_states(started.id), started)
        with _display(states, started, quiet) as display, _terminate_cancels():
            finished = engine.wait(started.id, on_change=display.update)
        states = _in_graph_order(engine.node_states(started.id), started)
        if not quiet:
            click.echo(_summary(finished, states))
        if finished.status is not Status.SUCCEEDED:
            report_failures(states, {node_id: engine.log_path(finished.id, node_id, "stderr")
                                     for node_id in states})
            if finished.error:
                click.echo(f"Error: {finished.error}", err=True)
            click.get_current_context().exit(EXIT_FAILED)
        outputs = final_outputs(finished, states)
        paths = copy_outputs(outputs, engine.artifacts, output_dir) if output_dir else {}
        if print_outputs:
            show_outputs(outputs, engine.artifacts, paths)
        elif paths and not quiet:
            click.echo(f"copied {len(paths)} output(s) to {output_dir}")


@contextlib.contextmanager
def _terminate_cancels() -> Iterator[None]:
    """Make SIGTERM cancel the run cleanly, as Ctrl-C does."""
    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _in_graph_order(states: dict[str, NodeState], run: Run) -> dict[str, NodeState]:
    """The states with top-level nodes in the order of the graph, each followed by its inner
    nodes (for a composite)."""
    position = {node.id: index for index, node in enumerate(run.workflow.graph.nodes)}
    ordered = sorted(states.items(),
                     key=lambda item: (position.get(item[0].split("/")[0], len(position)),
                                       item[0].count("/") > 0))
    return dict(ordered)


def _display(states: dict[str, NodeState], started: Run, quiet: bool) -> Display:
    if quiet:
        return Display(states)
    if is_terminal():
        return LiveDisplay(states, title=f"{started.title} · run {started.id}")
    click.echo(f"run {started.id} of {started.title}: {len(states)} node(s)")
    return LineDisplay(states)


def _summary(run: Run, states: dict[str, NodeState]) -> str:
    counts: dict[str, int] = {}
    for state in states.values():
        counts[state.status.value] = counts.get(state.status.value, 0) + 1
    detail = ", ".join(f"{n} {status}" for status, n in counts.items())
    took = ""
    if run.started_at and run.finished_at:
        took = f" in {human_duration((run.finished_at - run.started_at).total_seconds())}"
    return f"{symbol(run.status)} run {run.id} {run.status.value}{took} ({detail})"

