"""Where the logs of runs and nodes are written."""

from __future__ import annotations

from pathlib import Path

from plynx.paths import contained

#: The streams kept for every node.
STREAMS = ("stdout", "stderr", "system")


def log_path(log_dir: Path, run_id: str, node_id: str | None, stream: str) -> Path:
    """The ``stdout``, ``stderr`` or ``system`` log of a node; with ``node_id`` None, the
    run's own ``system`` log. A node ``c/inner`` of a composite ``c`` logs in ``c/inner/``.

    UnsafePath when the run id or a node id in the path is not one plain folder name, so a
    log is never written outside ``log_dir``.
    """
    nodes = node_id.split("/") if node_id else []
    return contained(log_dir, run_id, *nodes, f"{stream}.log")
