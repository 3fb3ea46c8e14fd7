"""Cache decisions name their source run only to readers who may see that run."""

from __future__ import annotations

from collections.abc import Collection

from plynx.auth import ALL_POLICIES, Policy, Principal
from plynx.model import CacheDecision, Event
from plynx.server.cache_sources import SourceRuns

AUTHORS = {"r-ann": "ann", "r-bob": "bob"}
ANN = Principal(user_id="u-ann", username="ann",
                policies=ALL_POLICIES - {Policy.VIEW_OTHERS_WORKFLOWS, Policy.ADMIN})
CAROL = Principal(user_id="u-carol", username="carol", policies=frozenset(
    {Policy.VIEW_OTHERS_WORKFLOWS}))


class Lookups:
    """The authors of ``AUTHORS``, recording every lookup."""

    def __init__(self) -> None:
        self.calls: list[set[str]] = []

    def __call__(self, run_ids: Collection[str]) -> dict[str, str]:
        self.calls.append(set(run_ids))
        return {run_id: AUTHORS[run_id] for run_id in run_ids if run_id in AUTHORS}


def hit(run_id: str) -> CacheDecision:
    return CacheDecision(outcome="hit", source_run=run_id, source_node="n")


def test_a_reader_sees_the_sources_of_runs_they_may_see_only() -> None:
    lookups = Lookups()
    sources = SourceRuns(ANN, lookups)
    miss = CacheDecision(outcome="ran", reason="no entry")
    shown = sources.shown_all([hit("r-ann"), hit("r-bob"), hit("r-gone"), miss, None])
    assert [str(d) for d in shown] == ["hit (run r-ann, node n)",
                                       "hit (a result computed earlier)",
                                       "hit (a result computed earlier)",
                                       "ran: no entry", "None"]
    assert shown[1] == CacheDecision(outcome="hit")
    assert lookups.calls == [{"r-ann", "r-bob", "r-gone"}]
    sources.shown_all([hit("r-bob")])
    assert len(lookups.calls) == 1  # each run is looked up once


def test_a_reader_who_sees_every_run_needs_no_lookup() -> None:
    lookups = Lookups()
    sources = SourceRuns(CAROL, lookups)
    assert sources.shown_all([hit("r-bob"), hit("r-gone")]) == [hit("r-bob"), hit("r-gone")]
    assert lookups.calls == []


def test_sources_not_looked_up_are_hidden() -> None:
    assert SourceRuns(ANN, Lookups()).shown(hit("r-ann")) == CacheDecision(outcome="hit")


def test_events_carry_the_decision_as_the_reader_may_see_it() -> None:
    def event(run_id: str) -> Event:
        decision = hit(run_id)
        cache = {**decision.model_dump(mode="json"), "explanation": str(decision)}
        return Event(seq=1, kind="node", run_id="r-ann", node_id="n", author="ann",
                     status="cached", state={"status": "cached", "cache": cache})

    run = Event(seq=1, kind="run", run_id="r-ann", author="ann", status="running")
    lookups = Lookups()
    sources = SourceRuns(ANN, lookups)
    events = [event("r-ann"), event("r-bob"), run]
    assert not sources.knows(events)
    sources.learn_events(events)
    assert sources.knows(events) and lookups.calls == [{"r-ann", "r-bob"}]
    own, other, same_run = [sources.shown_event(e) for e in events]
    assert own == events[0] and same_run == run
    assert other.state == {"status": "cached", "cache": {
        "outcome": "hit", "reason": "", "source_run": None, "source_node": None,
        "explanation": "hit (a result computed earlier)"}}
    assert events[1].state["cache"]["source_run"] == "r-bob"  # the feed's event is unchanged
