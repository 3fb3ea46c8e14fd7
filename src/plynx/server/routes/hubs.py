"""Hubs: the catalogues of operations the editor browses.

``database`` is always there: the newest published, non-archived version of every
operation the caller may see, and the newest draft of each of the caller's own (its
``status`` says ``draft``: only its author sees it, and only those who may author code may
run it until it is published). Every other hub registered by a plugin is listed too, built
with the arguments its class accepts among ``store``, ``artifacts``, ``settings`` and
``registry``. The built-in ``static`` hub needs operations or paths that no setting gives,
so it is not listed. Search results are grouped by kind, or by ``hub.group_of(operation)``
when a hub defines it.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Callable, Iterable
from itertools import groupby
from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel

from plynx.errors import NotFound
from plynx.hubs import DatabaseHub, Hub, StaticHub
from plynx.model import Operation, OperationStatus
from plynx.server.pagination import PageDep
from plynx.server.schemas.operations import OperationDetail, OperationSummary
from plynx.server.security import PrincipalDep
from plynx.server.services import Services, ServicesDep
from plynx.store.operation_index import (
    IndexedOperation,
    OperationFilter,
    OperationSort,
    Viewer,
)

log = logging.getLogger(__name__)

router = APIRouter(prefix="/hubs", tags=["hubs"])

#: The name of the hub of published operations in the metadata store.
DATABASE = DatabaseHub.name


class HubInfo(BaseModel):
    """A catalogue of operations."""

    name: str
    title: str
    description: str


class HubGroup(BaseModel):
    """Operations shown together: one kind, or one group the hub declares."""

    title: str
    items: list[OperationSummary]


class HubResults(BaseModel):
    """One page of the operations of a hub matching a search, grouped; ``total`` counts
    every match."""

    groups: list[HubGroup]
    total: int
    offset: int
    limit: int


def _info(name: str, hub: type | Hub) -> HubInfo:
    title = getattr(hub, "title", "") or name.replace("_", " ").capitalize()
    return HubInfo(name=name, title=title, description=getattr(hub, "description", ""))


def _construct(name: str, cls: type, services: Services) -> Hub | None:
    """An instance of the hub class ``cls``, or None (logged) when it cannot be built."""
    available: dict[str, Any] = {"store": services.store, "artifacts": services.artifacts,
                                 "settings": services.settings, "registry": services.registry}
    kwargs: dict[str, Any] = {}
    try:
        parameters = list(inspect.signature(cls).parameters.values())
    except (TypeError, ValueError):
        parameters = []
    for parameter in parameters:
        if parameter.name in available:
            kwargs[parameter.name] = available[parameter.name]
        elif parameter.default is parameter.empty and parameter.kind not in (
                parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
            log.warning("hub %r needs the argument %r, which the server cannot give; "
                        "it is not listed", name, parameter.name)
            return None
    try:
        hub = cls(**kwargs)
    except Exception:  # a broken plugin must not break the hub list
        log.exception("hub %r cannot be created; it is not listed", name)
        return None
    return hub if isinstance(hub, Hub) else None


def plugin_hubs(services: Services) -> dict[str, Hub]:
    """The hubs besides ``database`` that can be built, by name."""
    hubs: dict[str, Hub] = {}
    for name, cls in services.registry.hubs.items():
        if name == DATABASE or cls is StaticHub:
            continue
        hub = _construct(name, cls, services)
        if hub is not None:
            hubs[name] = hub
    return hubs


def _grouped(items: Iterable[tuple[str, OperationSummary]]) -> list[HubGroup]:
    return [HubGroup(title=title, items=[summary for _, summary in members])
            for title, members in groupby(items, key=lambda item: item[0])]


def _group_of(hub: Hub) -> Callable[[Operation], str]:
    declared = getattr(hub, "group_of", None)
    if callable(declared):
        return lambda op: str(declared(op))
    return lambda op: op.kind


@router.get("", summary="The hubs of operations")
def list_hubs(services: ServicesDep, _principal: PrincipalDep) -> list[HubInfo]:
    hubs = plugin_hubs(services)
    return [_info(DATABASE, DatabaseHub), *(_info(name, hub) for name, hub in hubs.items())]


@router.get("/{hub}/search", summary="Search the operations of a hub, grouped")
def search_hub(
    hub: str,
    services: ServicesDep,
    principal: PrincipalDep,
    page: PageDep,
    q: Annotated[str, Query(description="words of name, title or description")] = "",
    input_type: Annotated[str | None, Query(description="has an input of this type")] = None,
    output_type: Annotated[str | None, Query(description="has an output of this type")] = None,
) -> HubResults:
    """Matching operations, sorted by group then name; a page of them, in groups."""
    if hub == DATABASE:
        where = OperationFilter(text=q, statuses=(OperationStatus.PUBLISHED,),
                                drafts_of=principal.username, input_type=input_type,
                                output_type=output_type,
                                latest_only=True, sort=OperationSort.KIND)
        found = services.operations.search(where, Viewer.of(principal), page.offset,
                                           page.limit)
        items = [(item.operation.kind, OperationSummary.indexed(item)) for item in found.items]
        return HubResults(groups=_grouped(items), total=found.total, offset=page.offset,
                          limit=page.limit)
    catalogue = _plugin_hub(services, hub)
    group_of = _group_of(catalogue)
    matches = sorted(((group_of(op), op) for op in catalogue.search(q, input_type, output_type)),
                     key=lambda item: (item[0], item[1].name, -item[1].version))
    starred = services.operations.starred_names(principal.user_id)
    chosen = matches[page.offset:page.offset + page.limit]
    items = [(group, OperationSummary.of(op, starred=op.name in starred)) for group, op in chosen]
    return HubResults(groups=_grouped(items), total=len(matches), offset=page.offset,
                      limit=page.limit)


@router.get("/{hub}/operations/{name}", summary="The full operation of a hub by name")
def hub_operation(hub: str, name: str, services: ServicesDep,
                  principal: PrincipalDep) -> OperationDetail:
    """What the editor needs to add an operation of the hub to a workflow."""
    if hub == DATABASE:
        where = OperationFilter(name=name, statuses=(OperationStatus.PUBLISHED,),
                                latest_only=True)
        found = services.operations.search(where, Viewer.of(principal), 0, 1)
        if not found.items:
            raise NotFound(f"hub {hub!r} has no operation {name!r}")
        return OperationDetail.of(found.items[0])
    catalogue = _plugin_hub(services, hub)
    op = next((op for op in catalogue.operations() if op.name == name), None)
    if op is None:
        raise NotFound(f"hub {hub!r} has no operation {name!r}")
    starred = name in services.operations.starred_names(principal.user_id)
    return OperationDetail.of(IndexedOperation(op, starred=starred))


def _plugin_hub(services: Services, name: str) -> Hub:
    cls = services.registry.hubs.get(name)
    hub = _construct(name, cls, services) if cls is not None and cls is not StaticHub else None
    if hub is None:
        known = ", ".join([DATABASE, *plugin_hubs(services)])
        raise NotFound(f"hub {name!r} not found (hubs: {known})")
    return hub
