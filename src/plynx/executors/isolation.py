"""Keep tasks from inspecting the process that started them.

A task runs as the same operating-system user as PLynx, and such a process may read
``/proc/<pid>/environ`` and the memory of any other process of that user: the secrets PLynx
was started with would be one ``cat /proc/$PPID/environ`` away. Marking PLynx's process
non-dumpable (``prctl(_PR_SET_DUMPABLE, 0)``) makes its ``/proc`` entries readable by root
only and forbids attaching a debugger to it. A task's own process becomes dumpable again
when it ``exec``\\ s its command, so tasks are not affected.
"""

from __future__ import annotations

import ctypes
import functools
import logging
import sys

_PR_SET_DUMPABLE = 4
_PR_GET_DUMPABLE = 3

logger = logging.getLogger(__name__)


@functools.cache
def _prctl() -> ctypes._CFuncPtr | None:  # type: ignore[name-defined]
    if not sys.platform.startswith("linux"):
        return None
    return ctypes.CDLL(None, use_errno=True).prctl


def protect_this_process() -> bool:
    """Make this process non-dumpable; whether it now is (always False off Linux)."""
    return set_dumpable(False)


def set_dumpable(dumpable: bool) -> bool:
    """Set whether this process is dumpable; whether that worked (False off Linux)."""
    prctl = _prctl()
    if prctl is None:
        return False
    if prctl(_PR_SET_DUMPABLE, int(dumpable), 0, 0, 0) != 0:
        logger.warning("cannot set this process %sdumpable: errno %d",
                       "" if dumpable else "non-", ctypes.get_errno())
        return False
    return True


def is_protected() -> bool:
    """Whether this process is non-dumpable."""
    prctl = _prctl()
    return prctl is not None and prctl(_PR_GET_DUMPABLE, 0, 0, 0, 0) == 0
