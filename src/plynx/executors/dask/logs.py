"""Shipping a task's logs from a Dask worker to PLynx while it runs, each byte once.

On the worker, the task runner writes ``stdout.log``, ``stderr.log`` and ``system.log`` into
a folder of the worker's own disk. A :class:`LogShipper` thread reads what was added every
:data:`SHIP_INTERVAL` seconds and hands it on in chunks of at most :data:`CHUNK_BYTES`, each
naming its stream and its offset in the worker's file. When the task ends, what was not
shipped yet is returned, to travel back with the result. On the PLynx side a
:class:`LogReceiver` appends the chunks of one attempt to the node's logs: a chunk already
received is ignored, one arriving after a missing part is appended after a note saying how
many bytes were lost.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from plynx.executors.runner import STDERR_LOG, STDOUT_LOG
from plynx.system_log import SYSTEM_LOG, SystemLog

#: The log file of each stream, in the worker's folder and in the node's log folder.
STREAM_FILES = {"stdout": STDOUT_LOG, "stderr": STDERR_LOG, "system": SYSTEM_LOG}

#: Seconds between two looks at the logs of a running task.
SHIP_INTERVAL = 0.5
#: Largest chunk sent at once (chunks pass through the Dask scheduler, which keeps the last
#: ones of its event topics).
CHUNK_BYTES = 32 * 1024
#: Most bytes of one stream sent per look while the task runs; the rest is sent at the next
#: looks, or with the result.
BUDGET_BYTES = 256 * 1024

#: ``(stream, offset, data)``: bytes of a log and where they start in the worker's file.
Chunk = tuple[str, int, bytes]


class LogShipper:
    """Sends what is added to the logs in ``folder``, through ``send``, while a task runs.

    ``on_tick`` is called at every look (the worker checks there whether the task is still
    wanted). The system log is shipped by whole lines, so that the lines PLynx itself adds
    to the node's system log never land inside one.
    """

    def __init__(self, folder: Path, send: Callable[[Chunk], None],
                 interval: float = SHIP_INTERVAL,
                 on_tick: Callable[[], None] | None = None) -> None:
        self.folder = folder
        self.send = send
        self.interval = interval
        self.on_tick = on_tick
        self.offsets = dict.fromkeys(STREAM_FILES, 0)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="plynx-log-shipper",
                                        daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> list[Chunk]:
        """Stop looking; return what was not sent yet, one chunk per stream."""
        self._stop.set()
        self._thread.join()
        rest = []
        for stream in STREAM_FILES:
            offset = self.offsets[stream]
            data = self._read(stream, None)
            if data:
                rest.append((stream, offset, data))
                self.offsets[stream] += len(data)
        return rest

    def _loop(self) -> None:
        while not self._stop.wait(self.interval):
            if self.on_tick is not None:
                self.on_tick()
            for stream in STREAM_FILES:
                self._ship(stream)

    def _ship(self, stream: str) -> None:
        data = self._read(stream, BUDGET_BYTES)
        if stream == "system":
            data = data[:data.rfind(b"\n") + 1]
        for start in range(0, len(data), CHUNK_BYTES):
            piece = data[start:start + CHUNK_BYTES]
            self.send((stream, self.offsets[stream], piece))
            self.offsets[stream] += len(piece)

    def _read(self, stream: str, limit: int | None) -> bytes:
        """The bytes of ``stream`` after those shipped, at most ``limit`` of them."""
        try:
            with open(self.folder / STREAM_FILES[stream], "rb") as handle:
                handle.seek(self.offsets[stream])
                return handle.read(-1 if limit is None else limit)
        except FileNotFoundError:
            return b""


class LogReceiver:
    """Appends the chunks of one attempt of a task to its logs in ``folder``.

    Like the task runner, the first attempt starts ``stdout.log`` and ``stderr.log`` afresh
    and later ones append to them; the system log is always appended to, first with the
    ``notes`` of the task (so they are there while the task waits for a worker).
    """

    def __init__(self, folder: Path, attempt: int, notes: Sequence[str] = ()) -> None:
        self.folder = folder
        self.received = dict.fromkeys(STREAM_FILES, 0)
        self._lock = threading.Lock()
        folder.mkdir(parents=True, exist_ok=True)
        for stream in ("stdout", "stderr"):
            with open(folder / STREAM_FILES[stream], "wb" if attempt <= 1 else "ab"):
                pass
        system = SystemLog(folder / SYSTEM_LOG)
        system.extend(list(notes))
        system.flush()

    def receive(self, stream: str, offset: int, data: bytes) -> None:
        """Append the part of ``data`` (found at ``offset`` in the worker's file) not
        received yet."""
        if stream not in STREAM_FILES:
            return
        with self._lock:
            have = self.received[stream]
            end = offset + len(data)
            if end <= have:
                return
            lost = offset - have
            text = data[max(0, -lost):]
            if lost > 0:
                text = (f"\nplynx: {lost} bytes of this log were lost on the way from the "
                        f"Dask worker\n").encode() + text
            with open(self.folder / STREAM_FILES[stream], "ab") as handle:
                handle.write(text)
            self.received[stream] = end

    def note(self, message: str) -> None:
        """Add a line from PLynx to ``stderr.log``, as the task runner does."""
        with self._lock, open(self.folder / STDERR_LOG, "ab") as handle:
            handle.write(f"plynx: {message}\n".encode())
