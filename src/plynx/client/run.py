"""The handle of a run on a server: its state, waiting for it, its outputs and logs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from plynx.client.results import NodeInfo, RunInfo
from plynx.client.watch import OnChange
from plynx.model import Status

if TYPE_CHECKING:
    from plynx.client.client import Client


class Run:
    """A run started by ``Client.submit`` or ``Client.launch`` (or found by ``Client.run``).

    ``info`` is the state last read; ``status`` reads it again while the run is unfinished.
    """

    def __init__(self, client: Client, info: RunInfo) -> None:
        self.client = client
        self.info = info

    @property
    def id(self) -> str:
        return self.info.id

    @property
    def status(self) -> Status:
        """The run's status now (read from the server unless the run already ended)."""
        if not self.info.finished:
            self.refresh()
        return self.info.status

    def refresh(self) -> RunInfo:
        """Read the run's state and its nodes' states again."""
        self.info = self.client.get_run(self.id)
        return self.info

    def wait(self, on_change: OnChange | None = None, timeout: float | None = None) -> RunInfo:
        """Block until the run ends; its final state (see ``Client.wait``).

        The run may have failed: ``run.wait().raise_for_status()`` raises RunFailed then.
        """
        self.info = self.client.wait(self.id, on_change, timeout)
        return self.info

    def cancel(self) -> RunInfo:
        self.info = self.client.cancel(self.id)
        return self.info

    def node(self, node_id: str) -> NodeInfo:
        """The state of one node (as last read, unless the node has not ended yet)."""
        node = self.info.node(node_id) if self.info.nodes else None
        if node is None or not node.status.is_terminal:
            node = self.refresh().node(node_id)
        return node

    def output(self, node: str, name: str) -> bytes:
        """The bytes of output ``name`` of node ``node``."""
        return self.client.output(self.id, node, name)

    def logs(self, node: str | None = None, stream: str | None = None) -> str:
        """The ``stdout`` (default), ``stderr`` or ``system`` log of node ``node``; the run's
        own log without ``node``."""
        return self.client.logs(self.id, node, stream)

    def __repr__(self) -> str:
        return f"<Run {self.id} {self.info.status.value}>"
