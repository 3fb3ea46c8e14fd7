"""Resource requests of operations as Dask worker resources, and whether a cluster has them.

An operation's ``resources`` (``{cpu: 2, memory: 4GiB, gpu: 1, licence: 1}``) become the
``resources=`` of the Dask task: ``cpu`` is ``CPU``, ``memory`` is ``MEMORY`` (bytes),
``gpu`` is ``GPU``, any other name is used as it is. A task requesting resources runs only
on a worker that advertises at least that much of each (``dask worker --resources
"CPU=8,MEMORY=32e9,GPU=1"``); amounts of zero ask for nothing.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

#: Seconds what the workers offer is known without asking the scheduler again.
MAX_AGE_SECONDS = 2.0

#: Dask's names of the resources PLynx knows by another name.
DASK_NAMES = {"cpu": "CPU", "memory": "MEMORY", "gpu": "GPU"}

#: Workers named in a message about a request no worker can satisfy.
_SHOWN_WORKERS = 8


def dask_resources(requested: Mapping[str, float]) -> dict[str, float]:
    """The Dask resources of an operation's ``resources`` (zero amounts left out)."""
    return {DASK_NAMES.get(name, name): float(amount)
            for name, amount in requested.items() if amount > 0}


def describe(resources: Mapping[str, float]) -> str:
    """``GPU=1, MEMORY=4294967296`` (``no resources`` when empty)."""
    if not resources:
        return "no resources"
    return ", ".join(f"{name}={_number(amount)}" for name, amount in sorted(resources.items()))


def _number(amount: float) -> str:
    """``4294967296`` rather than ``4.29497e+09``; ``0.5`` as it is."""
    return str(int(amount)) if float(amount).is_integer() else repr(float(amount))


def unsatisfiable(request: Mapping[str, float],
                  workers: Mapping[str, Mapping[str, Any]]) -> str | None:
    """Why no worker of ``workers`` (address → ``scheduler_info()`` entry) can run a task
    requesting the Dask resources ``request``, or None when one can (or none is known)."""
    if not request or not workers:
        return None
    for info in workers.values():
        offered = info.get("resources") or {}
        if all(offered.get(name, 0) >= amount for name, amount in request.items()):
            return None
    shown = []
    for address, info in list(workers.items())[:_SHOWN_WORKERS]:
        name = info.get("name")
        label = f"{address} ({name})" if name not in (None, "", address) else address
        shown.append(f"{label}: {describe(info.get('resources') or {})}")
    more = len(workers) - len(shown)
    if more > 0:
        shown.append(f"and {more} more")
    return (f"no worker of the Dask cluster can run this task: it requests {describe(request)}, "
            f"the workers offer {'; '.join(shown)} (workers advertise resources with "
            f"dask worker --resources)")


class ClusterResources:
    """What the workers of a Dask cluster offer, as the client's scheduler tells."""

    def __init__(self, client: Any, max_age: float = MAX_AGE_SECONDS) -> None:
        self.client = client
        self.max_age = max_age
        self.workers: dict[str, Any] = {}
        self._asked_at = -float("inf")

    def unsatisfiable(self, request: Mapping[str, float]) -> str | None:
        """Why no worker can run a task requesting ``request``; None when one can.

        What is known is used when recent; a request it cannot satisfy is checked again
        with what the scheduler says now (a worker may have joined).
        """
        if not request:
            return None
        try:
            problem = unsatisfiable(request, self._known(self.max_age))
            if problem is not None:
                problem = unsatisfiable(request, self._known(0))
        except Exception as exc:
            return f"cannot ask the Dask scheduler for its workers: {type(exc).__name__}: {exc}"
        return problem

    def forget(self) -> None:
        """Ask the scheduler next time (a worker left)."""
        self._asked_at = -float("inf")

    def _known(self, max_age: float) -> Mapping[str, Any]:
        if time.monotonic() - self._asked_at > max_age:
            self.workers = dict(self.client.scheduler_info(n_workers=-1)["workers"])
            self._asked_at = time.monotonic()
        return self.workers
