"""Metrics: the state of runs, tasks and the cache in the Prometheus exposition format.

``GET /metrics`` is for a Prometheus server (or any scraper of its formats). It needs the
``admin`` policy: in multi-user mode, scrape with an API token of an admin
(``authorization: {credentials: <token>}`` in the scrape configuration); in single-user
mode it answers this machine without a token, like every other endpoint.

The figures are counted in the metadata store at every scrape, so every API process of a
deployment reports the same values (except ``plynx_event_subscribers`` and the
``process_*`` and ``python_*`` figures, which describe the process answering).
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Header
from fastapi.responses import Response
from prometheus_client import (
    GC_COLLECTOR,
    PLATFORM_COLLECTOR,
    PROCESS_COLLECTOR,
    CollectorRegistry,
)
from prometheus_client.exposition import choose_encoder
from prometheus_client.metrics_core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    InfoMetricFamily,
    Metric,
)
from prometheus_client.registry import Collector

from plynx import __version__
from plynx.auth import Policy
from plynx.server.feed import EventFeed, FeedDep
from plynx.server.security import PrincipalDep
from plynx.server.services import Services, ServicesDep
from plynx.store.columns import utcnow

router = APIRouter(prefix="", tags=["meta"])

#: The window of runs whose cache decisions make the cache hit ratio.
CACHE_WINDOW = timedelta(hours=24)


class StoreCollector(Collector):
    """The PLynx figures, counted in the metadata store when collected."""

    def __init__(self, services: Services, feed: EventFeed) -> None:
        self.services = services
        self.feed = feed

    def collect(self) -> Iterator[Metric]:
        services = self.services
        statistics = services.statistics
        yield InfoMetricFamily("plynx", "PLynx version and executor",
                               value={"version": __version__,
                                      "executor": services.settings.executor})
        runs = GaugeMetricFamily("plynx_runs", "Runs by status", labels=["status"])
        for status, count in statistics.runs_by_status().items():
            runs.add_metric([status.value], count)
        yield runs
        nodes = GaugeMetricFamily(
            "plynx_nodes", "Nodes of unfinished runs by status (composite nodes included)",
            labels=["status"])
        for status, count in statistics.nodes_by_status().items():
            nodes.add_metric([status.value], count)
        yield nodes
        yield GaugeMetricFamily(
            "plynx_queue_length",
            "Tasks of unfinished runs waiting for an executor slot or an identical task",
            value=statistics.queue_length())
        counts = statistics.cache_counts(utcnow() - CACHE_WINDOW)
        decisions = GaugeMetricFamily(
            "plynx_cache_decisions",
            "Tasks of the runs created in the last 24 hours that ended well, by whether "
            "they were restored from the cache (hit) or computed (miss)",
            labels=["outcome"])
        decisions.add_metric(["hit"], counts.hits)
        decisions.add_metric(["miss"], counts.misses)
        yield decisions
        ratio = counts.ratio
        yield GaugeMetricFamily(
            "plynx_cache_hit_ratio",
            "Cache hits / (hits + misses) over the tasks of the runs created in the last "
            "24 hours (NaN without any)",
            value=math.nan if ratio is None else ratio)
        yield GaugeMetricFamily("plynx_cache_entries", "Cache entries stored",
                                value=statistics.cache_entries())
        yield CounterMetricFamily("plynx_changes", "Changes of runs and nodes recorded",
                                  value=services.store.last_change())
        yield GaugeMetricFamily("plynx_event_subscribers",
                                "Clients following events through this API process",
                                value=self.feed.subscribers)


def _registry(services: Services, feed: EventFeed) -> CollectorRegistry:
    registry = CollectorRegistry(auto_describe=False)
    for collector in (StoreCollector(services, feed), PROCESS_COLLECTOR, PLATFORM_COLLECTOR,
                      GC_COLLECTOR):
        registry.register(collector)
    return registry


@router.get(
    "/metrics",
    summary="Metrics in the Prometheus exposition format (admin)",
    response_class=Response,
    responses={200: {"description": "the metrics; OpenMetrics when the Accept header asks "
                                    "for it, the Prometheus text format otherwise",
                     "content": {"text/plain": {"schema": {"type": "string"}}}}},
)
def metrics(services: ServicesDep, feed: FeedDep, principal: PrincipalDep,
            accept: Annotated[str | None, Header()] = None) -> Response:
    """Runs by status, nodes of unfinished runs, the task queue, cache decisions, and the
    figures of this process. Needs the ``admin`` policy."""
    principal.require(Policy.ADMIN)
    encode, content_type = choose_encoder(accept or "")
    return Response(encode(_registry(services, feed)), media_type=content_type)
