"""Runs: search, inspect, cancel, re-run and clone into a workflow.

A run is seen by its author, and by whoever holds ``view_others_workflows``; a run one may
not see is "not found". Its author, whoever holds ``modify_others_workflows`` and admins
may cancel or re-run it; re-running also needs ``run_workflows``, and cloning it into a
workflow needs ``create_workflows``. Re-running or cloning a run whose code is not all
published operations also needs ``create_operations`` (see :mod:`plynx.server.authoring`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Body, Query

from plynx.auth import Forbidden, Policy, Principal
from plynx.engine.submission import create_run
from plynx.errors import Conflict, NotFound
from plynx.model import Status, new_id
from plynx.server.authoring import require_published_code
from plynx.server.cache_sources import source_runs
from plynx.server.pagination import Page, PageDep
from plynx.server.schemas.runs import NodeDetail, RerunRequest, RunDetail, RunSummary
from plynx.server.schemas.workflows import WorkflowDetail
from plynx.server.security import PrincipalDep
from plynx.server.services import Services, ServicesDep
from plynx.store.run_index import COUNT_LIMIT, RunFilter, RunRecord

router = APIRouter(prefix="/runs", tags=["runs"])


def visible_run(services: Services, principal: Principal, run_id: str) -> RunRecord:
    """The summary of run ``run_id`` if the principal may see it, else NotFound."""
    record = services.runs.summary(run_id)
    if not principal.can_view(record.author, "workflow"):
        raise NotFound(f"run {run_id!r} not found")
    return record


def controllable_run(services: Services, principal: Principal, run_id: str) -> RunRecord:
    """The summary of run ``run_id`` if the principal may cancel or re-run it."""
    record = visible_run(services, principal, run_id)
    if not principal.can_control_run(record.author):
        raise Forbidden(f"only {record.author}, who launched run {run_id!r}, or a holder of "
                        f"'{Policy.MODIFY_OTHERS_WORKFLOWS.value}' may do this")
    return record


@router.get("", summary="List and search runs")
def list_runs(
    services: ServicesDep,
    principal: PrincipalDep,
    page: PageDep,
    workflow_id: str | None = None,
    status: Annotated[list[Status] | None, Query(description="repeatable: any of these")]
    = None,
    author: str | None = None,
    since: Annotated[datetime | None, Query(description="created at or after (ISO 8601)")]
    = None,
    until: Annotated[datetime | None, Query(description="created before (ISO 8601)")] = None,
    q: Annotated[str | None, Query(description="words of the title")] = None,
) -> Page[RunSummary]:
    """The runs the caller may see, newest first."""
    visible_to = principal.only_author("workflow")
    where = RunFilter(workflow_id=workflow_id, statuses=status or (), author=author,
                      visible_to=visible_to, since=since, until=until, q=q)
    records, total = services.runs.search(where, page.offset, page.limit)
    return Page(items=[RunSummary.of(r) for r in records], total=min(total, COUNT_LIMIT),
                offset=page.offset, limit=page.limit, total_exact=total <= COUNT_LIMIT)


@router.get("/{run_id}", summary="Get a run with the state of every node")
def get_run(run_id: str, services: ServicesDep, principal: PrincipalDep) -> RunDetail:
    """The run's summary, snapshot, values, options and every node's state."""
    record, run = services.runs.detail(run_id)
    if not principal.can_view(record.author, "workflow"):
        raise NotFound(f"run {run_id!r} not found")
    return RunDetail.build(record, run, services.runs.node_document(run_id),
                           source_runs(services, principal))


@router.get("/{run_id}/node", summary="Get the state of one node of a run")
def get_node(run_id: str, services: ServicesDep, principal: PrincipalDep,
             node: Annotated[str, Query(min_length=1, description="node id, like c/inner")],
             ) -> NodeDetail:
    visible_run(services, principal, run_id)
    return NodeDetail.of(services.runs.node_state(run_id, node),
                         source_runs(services, principal))


@router.post("/{run_id}/cancel", summary="Cancel a run")
def cancel_run(run_id: str, services: ServicesDep, principal: PrincipalDep) -> RunSummary:
    """Stop a run: running processes are stopped; a finished run stays as it is."""
    controllable_run(services, principal, run_id)
    services.store.request_cancel(run_id)
    services.wake()
    return RunSummary.of(services.runs.summary(run_id))


@router.post("/{run_id}/rerun", status_code=201, summary="Run a finished run again")
def rerun(run_id: str, services: ServicesDep, principal: PrincipalDep,
          body: Annotated[RerunRequest | None, Body()] = None) -> RunSummary:
    """A new run of the same snapshot, values and options. By default (``incremental``)
    with the cache on: nodes that succeeded are restored from the cache, the others run
    again; ``scratch`` runs every node again."""
    principal.require(Policy.RUN_WORKFLOWS)
    record = controllable_run(services, principal, run_id)
    if not record.status.is_terminal:
        raise Conflict(f"run {run_id!r} is {record.status.value}; wait for it to finish or "
                       "cancel it first")
    _, run = services.runs.detail(run_id)
    require_published_code(principal, run.workflow, services)
    scratch = body is not None and body.mode == "scratch"
    options = run.options.model_copy(update={"refresh": scratch, "no_cache": False})
    state = create_run(services.store, services.registry, run.workflow, run.params,
                       options=options, author=principal.username)
    services.wake()
    return RunSummary.of_run(state.run)


@router.post("/{run_id}/clone", status_code=201, summary="Clone a run into a new workflow")
def clone_run(run_id: str, services: ServicesDep, principal: PrincipalDep) -> WorkflowDetail:
    """A new workflow from the run's snapshot whose parameter defaults are the run's values."""
    principal.require(Policy.CREATE_WORKFLOWS)
    record, run = services.runs.detail(run_id)
    if not principal.can_view(record.author, "workflow"):
        raise NotFound(f"run {run_id!r} not found")
    require_published_code(principal, run.workflow, services, "cloning it")
    workflow = run.workflow.model_copy(deep=True)
    for parameter in workflow.parameters:
        if parameter.name in run.params:
            parameter.default = run.params[parameter.name]
    workflow = workflow.model_copy(update={"id": new_id(), "title": f"Copy of {run.title}",
                                           "author": principal.username, "created_at": None,
                                           "updated_at": None})
    services.store.save_workflow(workflow)
    return WorkflowDetail.of(services.workflows.get(workflow.id))
