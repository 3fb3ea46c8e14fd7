"""The system log of a node: what PLynx did for it, line by line, with timestamps."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

#: File name of the system log in a node's log folder.
SYSTEM_LOG = "system.log"


class SystemLog:
    """Appends timestamped lines to a node's ``system.log``; readable while the node runs."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def write(self, message: str) -> None:
        stamp = datetime.now(UTC).isoformat(timespec="milliseconds")
        text = "".join(f"{stamp} {line}\n" for line in message.splitlines() or [""])
        try:
            handle = open(self.path, "a", encoding="utf-8")  # noqa: SIM115 - closed below
        except FileNotFoundError:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle = open(self.path, "a", encoding="utf-8")  # noqa: SIM115 - closed below
        with handle:
            handle.write(text)
