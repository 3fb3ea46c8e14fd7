"""Cache decisions as one reader may see them.

A cache hit names the run and node that computed the result it re-uses. That run may be
another user's, which the reader may not see: then the decision reaches the reader without
its source, explained as ``hit (a result computed earlier)``. Every response that carries a
cache decision (a run, a node, an event, a lineage) passes it through :class:`SourceRuns`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from plynx.auth import Policy, Principal
from plynx.model import CacheDecision, Event

if TYPE_CHECKING:
    from plynx.server.services import Services

__all__ = ["SourceRuns", "source_runs"]

D = TypeVar("D", bound=CacheDecision)


class SourceRuns:
    """Which source runs of cache hits ``principal`` may see.

    ``authors`` reads the authors of some runs (those that exist); each run is looked up
    once. A reader holding ``view_others_workflows`` sees every source without a lookup.
    """

    def __init__(self, principal: Principal,
                 authors: Callable[[Collection[str]], dict[str, str]]) -> None:
        self._principal = principal
        self._authors = authors
        self._sees_all = principal.has(Policy.VIEW_OTHERS_WORKFLOWS)
        self._visible: dict[str, bool] = {}

    def learn(self, decisions: Iterable[CacheDecision | None]) -> None:
        """Look up the source runs of ``decisions`` not known yet, in one read (blocking)."""
        unknown = self._unknown(decisions)
        if not unknown:
            return
        authors = self._authors(unknown)
        for run_id in unknown:
            author = authors.get(run_id)
            self._visible[run_id] = (author is not None
                                     and self._principal.can_view(author, "workflow"))

    def _unknown(self, decisions: Iterable[CacheDecision | None]) -> set[str]:
        if self._sees_all:
            return set()
        return {d.source_run for d in decisions
                if d is not None and d.source_run is not None and d.source_run not in self._visible}

    def shown(self, decision: D | None) -> D | None:
        """``decision``, without its source unless the reader may see the source run.

        A source not looked up with :meth:`learn` is hidden.
        """
        if decision is None or decision.source_run is None or self._sees_all:
            return decision
        if self._visible.get(decision.source_run, False):
            return decision
        return decision.anonymous()

    def shown_all(self, decisions: list[D | None]) -> list[D | None]:
        """Each of ``decisions`` as :meth:`shown` gives it, after one :meth:`learn`."""
        self.learn(decisions)
        return [self.shown(decision) for decision in decisions]

    def knows(self, events: Iterable[Event]) -> bool:
        """Whether every source run of the cache hits of ``events`` was looked up already
        (so :meth:`learn_events` would read nothing)."""
        return not self._unknown(_decision(event) for event in events)

    def learn_events(self, events: Iterable[Event]) -> None:
        """:meth:`learn` the cache decisions carried by node ``events`` (blocking)."""
        self.learn(_decision(event) for event in events)

    def shown_event(self, event: Event) -> Event:
        """``event``, its cache decision as :meth:`shown` gives it (after
        :meth:`learn_events`)."""
        if self._sees_all:
            return event
        decision = _decision(event)
        shown = self.shown(decision)
        if shown is decision or shown is None:
            return event
        cache: dict[str, Any] = {**shown.model_dump(mode="json"), "explanation": str(shown)}
        return event.model_copy(update={"state": {**event.state, "cache": cache}})


def _decision(event: Event) -> CacheDecision | None:
    """The cache decision a node event carries when it names a source, else None."""
    cache = event.state.get("cache") if event.kind == "node" else None
    if not isinstance(cache, dict) or cache.get("source_run") is None:
        return None
    return CacheDecision.model_validate(cache)


def source_runs(services: Services, principal: Principal) -> SourceRuns:
    """The source runs ``principal`` may see, looked up in ``services``' run index."""
    return SourceRuns(principal, services.runs.authors)
