"""What a finished run leaves: its final outputs (copied or listed) and its failures."""

from __future__ import annotations

import shutil
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from plynx.cli.output import human_size, print_table
from plynx.model import Artifact, NodeState, Run, Status
from plynx.paths import contained
from plynx.plugins import get_registry
from plynx.resources.base import PreviewLimits
from plynx.resources.preview import preview_artifact

if TYPE_CHECKING:
    from plynx.artifacts import ArtifactStore

#: How many last lines of a failed node's stderr are shown.
STDERR_TAIL = 20
#: How many bytes of a value output are shown by ``--print-outputs``.
VALUE_PREVIEW = 200
#: How many characters of the first line of a text output are shown.
TEXT_PREVIEW = 60


@dataclass
class FinalOutput:
    """An output of a top-level node that no other node reads."""

    node: str
    output: str
    type: str
    artifact: Artifact

    @property
    def label(self) -> str:
        return f"{self.node}.{self.output}"


def final_outputs(run: Run, states: dict[str, NodeState]) -> list[FinalOutput]:
    """Outputs of the run's top-level nodes that no edge consumes, in node order."""
    consumed = {(edge.source, edge.output) for edge in run.workflow.graph.edges}
    found = []
    for node in run.workflow.graph.nodes:
        state = states.get(node.id)
        operation = run.workflow.operations.get(node.operation)
        if state is None or operation is None:
            continue
        for declared in operation.outputs:
            artifact = state.outputs.get(declared.name)
            if artifact is not None and (node.id, declared.name) not in consumed:
                found.append(FinalOutput(node.id, declared.name, declared.type, artifact))
    return found


def copy_outputs(outputs: list[FinalOutput], artifacts: ArtifactStore,
                 directory: Path) -> dict[str, Path]:
    """Materialise each output at ``directory/<node>/<output>``; return the paths by label.

    UnsafePath, before anything is copied, when a node id or output name would lead outside
    ``directory``."""
    targets = [contained(directory, item.node, item.output) for item in outputs]
    paths = {}
    for item, target in zip(outputs, targets, strict=True):
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        elif target.exists() or target.is_symlink():
            target.unlink()
        artifacts.materialize(item.artifact, target)
        paths[item.label] = target
    return paths


def show_outputs(outputs: list[FinalOutput], artifacts: ArtifactStore,
                  paths: dict[str, Path]) -> None:
    """A table: output, type, digest, size, and the copied path or the value."""
    rows = []
    for item in outputs:
        shown = str(paths[item.label]) if item.label in paths else _value(item, artifacts)
        rows.append([item.label, item.type, item.artifact.digest, human_size(item.artifact.size),
                     shown])
    if rows:
        print_table(["output", "type", "digest", "size", "path or value"], rows)
    else:
        click.echo("the run has no final outputs")


def _value(item: FinalOutput, artifacts: ArtifactStore) -> str:
    """The value of a value output, or the first line of a text output."""
    resource = get_registry().resource_types.get(item.type)
    if resource is None:
        return ""
    if resource.value:
        with artifacts.open(item.artifact.digest) as stream:
            data = stream.read(VALUE_PREVIEW + 1)
        text = data[:VALUE_PREVIEW].decode("utf-8", errors="replace").strip()
        return text + ("…" if len(data) > VALUE_PREVIEW else "")
    preview = preview_artifact(artifacts, item.artifact, item.type,
                               PreviewLimits(max_bytes=TEXT_PREVIEW))
    if preview.type != "text" or not isinstance(preview.data, str):
        return ""
    lines = preview.data.splitlines() or [""]
    more = len(lines) > 1 or preview.truncated
    return lines[0][:TEXT_PREVIEW] + (" …" if more else "")


def report_failures(states: dict[str, NodeState], stderr_of: dict[str, Path]) -> None:
    """For each failed node: its error and the last lines of its stderr, on stderr."""
    for state in states.values():
        if state.status is not Status.FAILED:
            continue
        click.echo(f"✘ {state.node_id} failed: {state.error or 'no error message'}", err=True)
        path = stderr_of.get(state.node_id)
        tail = _tail(path) if path is not None else []
        if tail:
            click.echo(f"  last lines of {path}:", err=True)
            for line in tail:
                click.echo(f"  | {line}", err=True)


def _tail(path: Path, lines: int = STDERR_TAIL) -> list[str]:
    try:
        with path.open(encoding="utf-8", errors="replace") as stream:
            return [line.rstrip("\n") for line in deque(stream, maxlen=lines)]
    except OSError:
        return []
