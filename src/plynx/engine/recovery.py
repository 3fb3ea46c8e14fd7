"""Bringing runs interrupted by a dead scheduler process back to a consistent state.

A run records its ``owner``: ``host:pid:start-time`` of the process driving it. When that
process is gone, the run is either resumed (finished nodes kept, the rest started again)
or failed with the reason; in both cases processes it left behind are killed first.
"""

from __future__ import annotations

import os
import signal
import socket

import psutil

from plynx.model import NodeState, Run, Status

ACTIVE = [Status.CREATED, Status.QUEUED, Status.RUNNING]

#: A process is a node's task only if it started this close to when the node started running.
PID_MATCH_SECONDS = 5.0


def process_identity() -> str:
    """``host:pid:start-time`` of this process."""
    me = psutil.Process()
    return f"{socket.gethostname()}:{me.pid}:{me.create_time():.3f}"


def owner_alive(owner: str | None) -> bool:
    """Whether the process named by ``owner`` still runs (unknown hosts count as alive)."""
    if not owner:
        return False
    host, _, rest = owner.partition(":")
    pid_text, _, started = rest.partition(":")
    if host != socket.gethostname():
        return True
    try:
        process = psutil.Process(int(pid_text))
        return abs(process.create_time() - float(started)) < 0.01
    except (psutil.Error, ValueError):
        return False


def kill_leftover(state: NodeState) -> bool:
    """Kill the process group a node's task left running; True when one was killed."""
    if not state.pid or state.started_at is None:
        return False
    try:
        process = psutil.Process(state.pid)
        started = process.create_time()
    except psutil.Error:
        return False
    # the pid must be the task's, not a later process that reused the number
    if abs(started - state.started_at.timestamp()) > PID_MATCH_SECONDS:
        return False
    try:
        os.killpg(state.pid, signal.SIGKILL)
    except ProcessLookupError:
        return False
    return True


def is_interrupted(run: Run) -> bool:
    return run.status in ACTIVE and not owner_alive(run.owner)
