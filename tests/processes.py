"""Looking at the processes tasks leave behind."""

from __future__ import annotations

import os

import psutil


def group_members(pgid: int) -> list[int]:
    """Live (not zombie) processes of the process group ``pgid``."""
    members = []
    for process in psutil.process_iter(["status"]):
        try:
            if os.getpgid(process.pid) == pgid and process.info["status"] != "zombie":
                members.append(process.pid)
        except ProcessLookupError:
            continue
    return members
