"""Logs: a node's stdout, stderr and system log, read by offset or followed as they grow.

Log files are found from the run's stored node states only: a node id the run does not
have is a 404, and no path is built from what a request says without that check.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse
from pydantic import BaseModel

from plynx.errors import InvalidInput, NotFound, UnsafePath
from plynx.server.revalidation import CredentialCheckDep, until_invalid
from plynx.server.routes.runs import visible_run
from plynx.server.security import PrincipalDep
from plynx.server.services import Services, ServicesDep
from plynx.server.streaming import NOSNIFF, complete_utf8, follow, read_from

router = APIRouter(prefix="", tags=["logs"])

#: Most bytes of a log one call returns.
MAX_CHUNK = 1024 * 1024
#: How often a followed log and its node are looked at, in seconds.
POLL_SECONDS = 0.1


class LogStream(StrEnum):
    """The logs kept for every node; a run has only its own ``system`` log."""

    STDOUT = "stdout"
    STDERR = "stderr"
    SYSTEM = "system"


class LogChunk(BaseModel):
    """Part of a log: ``text`` starts at the requested offset; ``offset`` is where the next
    call continues; ``size`` is the log's size now; ``finished`` says the node (or the run,
    for the run's log) has ended, so a log read to ``size`` is complete."""

    node: str | None
    stream: LogStream
    text: str
    offset: int
    size: int
    finished: bool


class _Watch:
    """Whether a node (or with ``node`` None, a run) has ended; the node is looked up
    again only when the metadata store has changed since the last look."""

    def __init__(self, services: Services, run_id: str, node: str | None) -> None:
        self.store, self.runs = services.store, services.runs
        self.run_id, self.node = run_id, node
        self._seen = -1
        self._finished = False

    def __call__(self) -> bool:
        if self._finished:
            return True
        change = self.store.last_change()
        if change != self._seen:
            self._seen = change
            self._finished = self._look()
        return self._finished

    def _look(self) -> bool:
        if self.node is None:
            return self.runs.summary(self.run_id).status.is_terminal
        try:
            return self.runs.node_state(self.run_id, self.node).status.is_terminal
        except NotFound:
            return True


def log_file(services: Services, run_id: str, node: str | None, stream: LogStream) -> Path:
    """The log file of a node the run has (NotFound otherwise), inside the log folder."""
    if node is not None:
        services.runs.node_state(run_id, node)  # NotFound for a node the run does not have
    try:
        return services.log_path(run_id, node, stream.value)
    except UnsafePath:
        raise InvalidInput(f"the logs of node {node!r} of run {run_id!r} cannot be "
                           "located") from None


@router.get("/runs/{run_id}/logs", summary="Read or follow a log",
            response_model=LogChunk,
            responses={200: {"content": {"text/plain": {}},
                             "description": "with follow=true: the log as it is written"}})
def read_log(
    run_id: str,
    services: ServicesDep,
    principal: PrincipalDep,
    check: CredentialCheckDep,
    node: Annotated[str | None, Query(min_length=1, max_length=1024,
                                      description="node id; omitted: the run's own log")] = None,
    stream: Annotated[LogStream | None, Query(description="default: stdout of a node, "
                                                          "system for the run")] = None,
    offset: Annotated[int, Query(ge=0, description="byte offset to read from")] = 0,
    follow_log: Annotated[bool, Query(alias="follow", description="stream the log as "
                                      "text/plain until the node ends")] = False,
) -> LogChunk | StreamingResponse:
    """At most 1 MiB of a log from ``offset``; with ``follow=true`` a text/plain stream of
    the log from ``offset`` that ends when the node (or run) has ended, or within seconds
    of the caller's token being revoked or their account deactivated."""
    if stream is None:
        stream = LogStream.STDOUT if node is not None else LogStream.SYSTEM
    if node is None and stream is not LogStream.SYSTEM:
        raise InvalidInput(f"stream: a run has only its own 'system' log; name a node to "
                           f"read its {stream.value!r} log")
    visible_run(services, principal, run_id)
    path = log_file(services, run_id, node, stream)
    finished = _Watch(services, run_id, node)
    if follow_log:
        return StreamingResponse(
            until_invalid(follow(path, offset, finished, POLL_SECONDS, MAX_CHUNK), check),
            media_type="text/plain; charset=utf-8",
            headers={**NOSNIFF, "Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
    ended = finished()  # before reading: a log read after its node ended is complete
    data, size = read_from(path, offset, MAX_CHUNK)
    if not (ended and offset + len(data) >= size):
        data = complete_utf8(data)  # the rest of a cut character comes with the next call
    return LogChunk(node=node, stream=stream, text=data.decode("utf-8", errors="replace"),
                    offset=offset + len(data) if data else min(offset, size), size=size,
                    finished=ended)
