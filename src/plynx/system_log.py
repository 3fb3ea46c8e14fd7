"""The system log of a node: what PLynx did for it, line by line, with timestamps."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

#: File name of the system log in a node's log folder.
SYSTEM_LOG = "system.log"


class SystemLog:
    """Timestamped lines for a node's ``system.log``; readable while the node runs.

    ``write`` appends at once; ``buffer`` keeps lines until ``flush``, so that a busy
    scheduler opens each file once per batch of events.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._pending: list[str] = []

    def write(self, message: str) -> None:
        self.buffer(message)
        self.flush()

    def buffer(self, message: str) -> None:
        """Keep ``message`` for the next flush: its first line after a timestamp, the others
        (a rendered command, say) indented under it."""
        stamp = datetime.now(UTC).isoformat(timespec="milliseconds")
        first, *rest = message.splitlines() or [""]
        margin = " " * len(stamp)
        self._pending.append(f"{stamp} {first}\n")
        self._pending.extend(f"{margin} {line}".rstrip() + "\n" for line in rest)

    def take(self) -> list[str]:
        """The lines not yet written, which this log then forgets."""
        lines, self._pending = self._pending, []
        return lines

    def extend(self, lines: list[str]) -> None:
        """Add lines already stamped (by ``buffer`` of another log)."""
        self._pending.extend(lines)

    def flush(self) -> None:
        if not self._pending:
            return
        text = "".join(self._pending)
        self._pending.clear()
        try:
            handle = open(self.path, "a", encoding="utf-8")  # noqa: SIM115 - closed below
        except FileNotFoundError:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle = open(self.path, "a", encoding="utf-8")  # noqa: SIM115 - closed below
        with handle:
            handle.write(text)
