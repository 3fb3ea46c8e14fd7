"""The scheduler as a service: drives every run submitted to the metadata store.

API servers only store queued runs (:meth:`Engine.submit`) and cancel requests. The one
active scheduler claims each queued run, drives it, and forwards cancel requests to it.
It looks for new work every ``poll_seconds``, or at once when woken in the same process
(``plynx local``), so a run submitted there starts without waiting.
"""

from __future__ import annotations

import logging
import threading
import time

from plynx.engine.engine import Engine

log = logging.getLogger(__name__)

#: Seconds between two looks for submitted runs and cancel requests.
POLL_SECONDS = 0.1


class SchedulerService:
    """Runs the scheduling loop of ``engine`` in a thread until stopped."""

    def __init__(self, engine: Engine, poll_seconds: float = POLL_SECONDS) -> None:
        self.engine = engine
        self.poll_seconds = poll_seconds
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._forwarded: set[str] = set()  # runs whose cancel request was passed on

    def start(self) -> None:
        """Start the loop in a daemon thread."""
        self._thread = threading.Thread(target=self.serve, name="plynx-scheduler", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        """Look for submitted runs and cancel requests now (from any thread)."""
        self._wake.set()
        self.engine.scheduler.events.put(("wake",))

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the loop; runs still going are canceled by ``Engine.close``."""
        self._stop.set()
        self.wake()
        if self._thread is not None:
            self._thread.join(timeout)

    def serve(self) -> None:
        """The loop: drive runs, and claim new ones whenever it is time to look."""
        next_poll = 0.0

        def time_to_look() -> bool:
            return self._stop.is_set() or self._wake.is_set() or time.monotonic() >= next_poll

        while not self._stop.is_set():
            self.engine.scheduler.run_until(time_to_look, timeout=self.poll_seconds)
            if self._stop.is_set():
                break
            self._wake.clear()
            next_poll = time.monotonic() + self.poll_seconds
            try:
                self.look_for_work()
            except Exception:  # the database went away: say so, and look again later
                log.exception("scheduler: cannot look for work")

    def look_for_work(self) -> None:
        """Claim and start submitted runs; pass cancel requests to the runs they concern."""
        engine = self.engine
        for run_id in engine.store.submitted_runs():
            if engine.store.claim_run(run_id, engine.owner):
                engine.adopt(engine.store.get_run(run_id))
        requested = set(engine.store.cancel_requests(engine.owner))
        for run_id in requested - self._forwarded:
            engine.scheduler.cancel(run_id)
        self._forwarded = requested
