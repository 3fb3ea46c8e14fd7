"""Where the logs of runs and nodes are written."""

from __future__ import annotations

from pathlib import Path

#: The streams kept for every node.
STREAMS = ("stdout", "stderr", "system")


def log_path(log_dir: Path, run_id: str, node_id: str | None, stream: str) -> Path:
    """The ``stdout``, ``stderr`` or ``system`` log of a node; with ``node_id`` None, the
    run's own ``system`` log."""
    node_dir = Path(*node_id.split("/")) if node_id else Path()
    return log_dir / run_id / node_dir / f"{stream}.log"
