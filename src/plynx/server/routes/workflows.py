"""Workflows: create, edit, validate, clone, upgrade, archive, delete, search and launch.

A workflow is seen by its author, and by whoever holds ``view_others_workflows``; a
workflow one may not see is "not found". Creating and cloning need ``create_workflows``;
changing one's own needs ``create_workflows`` and another's ``modify_others_workflows``.
Launching needs ``run_workflows``. Saving, cloning or launching a workflow that runs code
other than published operations also needs ``create_operations`` (see
:mod:`plynx.server.authoring`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated

from fastapi import APIRouter, Body, Query, Response

from plynx.auth import Forbidden, Policy, Principal
from plynx.engine.submission import create_run
from plynx.errors import NotFound, ValidationFailed
from plynx.graph import validate_workflow
from plynx.graph.warnings import workflow_warnings
from plynx.model import Operation, Workflow, new_id
from plynx.server.authoring import require_published_code
from plynx.server.pagination import Page, PageDep
from plynx.server.schemas.runs import LaunchRequest, RunSummary
from plynx.server.schemas.workflows import (
    DraftValidateRequest,
    UpgradeReport,
    ValidateRequest,
    ValidationReport,
    WorkflowDetail,
    WorkflowDraft,
    WorkflowSummary,
    locate,
)
from plynx.server.security import PrincipalDep
from plynx.server.services import Services, ServicesDep
from plynx.store.workflow_index import StoredWorkflow
from plynx.workflows.upgrade import FindOperation, Upgrade, resolve_operations, upgrade_workflow

router = APIRouter(prefix="/workflows", tags=["workflows"])


def visible(services: Services, principal: Principal, wf_id: str) -> StoredWorkflow:
    """The workflow ``wf_id`` if the principal may see it, else NotFound."""
    stored = services.workflows.get(wf_id)
    if not principal.can_view(stored.workflow.author, "workflow"):
        raise NotFound(f"workflow {wf_id!r} not found")
    return stored


def modifiable(services: Services, principal: Principal, wf_id: str) -> StoredWorkflow:
    """The workflow ``wf_id`` if the principal may change it, else NotFound or Forbidden."""
    stored = visible(services, principal, wf_id)
    author = stored.workflow.author
    if not principal.can_modify_workflow(author):
        needed = Policy.CREATE_WORKFLOWS if author == principal.username \
            else Policy.MODIFY_OTHERS_WORKFLOWS
        raise Forbidden(f"changing workflow {wf_id!r} of {author} needs the permission "
                        f"'{needed.value}'")
    return stored


def operation_finder(services: Services, principal: Principal,
                     prefetch: Iterable[str] = ()) -> FindOperation:
    """Looks up stored operations the principal may see (others are "unknown")."""
    known: dict[str, Operation | None] = dict(services.workflows.operations(prefetch))

    def find(op_id: str) -> Operation | None:
        if op_id not in known:
            try:
                known[op_id] = services.store.get_operation(op_id)
            except NotFound:
                known[op_id] = None
        op = known[op_id]
        return op if op is not None and principal.can_view(op.author, "operation") else None

    return find


def with_operations(services: Services, principal: Principal, workflow: Workflow,
                    strict: bool) -> Workflow:
    """``workflow`` carrying exactly the operations its graph uses, stored ones added.

    With ``strict``, an operation found nowhere is a ValidationFailed pointing at the node
    using it; otherwise it is left for validation to report.
    """
    missing = {n.operation for n in workflow.graph.nodes} - set(workflow.operations)
    operations, problems = resolve_operations(workflow,
                                              operation_finder(services, principal, missing))
    if problems and strict:
        raise ValidationFailed(problems)
    return current_statuses(services, workflow.model_copy(update={"operations": operations}))


def current_statuses(services: Services, workflow: Workflow) -> Workflow:
    """``workflow`` whose operations carry their stored status and successor.

    A version may have been published or deprecated (or made mandatory to upgrade) since
    the workflow embedded it. Only those two fields are taken: the content of a published
    version cannot change, and the embedded copy of a draft stays what the workflow uses.
    """
    stored = services.workflows.operations(workflow.operations)
    changed = {op_id: op.model_copy(update={"status": now.status, "successor": now.successor})
               for op_id, op in workflow.operations.items()
               if (now := stored.get(op_id)) is not None
               and (now.status, now.successor) != (op.status, op.successor)}
    if not changed:
        return workflow
    return workflow.model_copy(update={"operations": {**workflow.operations, **changed}})


def _detail(services: Services, wf_id: str) -> WorkflowDetail:
    return WorkflowDetail.of(services.workflows.get(wf_id))


def _report(services: Services, workflow: Workflow, params: dict[str, object],
            node_params: dict[str, dict[str, object]]) -> ValidationReport:
    problems = validate_workflow(workflow, services.registry, params, node_params)
    warnings = workflow_warnings(workflow, services.registry)
    return ValidationReport(valid=not problems,
                            problems=[locate(problem, workflow) for problem in problems],
                            warnings=[locate(warning, workflow) for warning in warnings])


@router.post("", status_code=201, summary="Create a workflow")
def create_workflow(body: WorkflowDraft, services: ServicesDep,
                    principal: PrincipalDep) -> WorkflowDetail:
    """A new workflow authored by the caller; stored operations its nodes use are added.

    An operation id found neither in ``operations`` nor in the store is a 422 problem
    naming the node. The workflow need not be valid to be saved.
    """
    principal.require(Policy.CREATE_WORKFLOWS)
    workflow = with_operations(services, principal,
                               body.to_workflow(new_id(), principal.username), strict=True)
    require_published_code(principal, workflow, services, "saving it")
    services.store.save_workflow(workflow)
    return _detail(services, workflow.id)


@router.get("", summary="List and search workflows")
def list_workflows(
    services: ServicesDep,
    principal: PrincipalDep,
    page: PageDep,
    q: Annotated[str | None, Query(description="words of the title or description")] = None,
    author: str | None = None,
    include_archived: bool = False,
) -> Page[WorkflowSummary]:
    """The workflows the caller may see, most recently updated first."""
    visible_to = principal.only_author("workflow")
    records, total = services.workflows.search(
        q=q, author=author, visible_to=visible_to, include_archived=include_archived,
        offset=page.offset, limit=page.limit)
    return Page(items=[WorkflowSummary.of(r) for r in records], total=total,
                offset=page.offset, limit=page.limit)


@router.post("/validate", summary="Validate an unsaved workflow")
def validate_draft(body: DraftValidateRequest, services: ServicesDep,
                   principal: PrincipalDep) -> ValidationReport:
    """Every problem of the workflow in the body with the given values, each located."""
    workflow = with_operations(services, principal,
                               body.to_workflow(new_id(), principal.username), strict=False)
    return _report(services, workflow, body.params, body.node_params)


@router.get("/{workflow_id}", summary="Get a workflow")
def get_workflow(workflow_id: str, services: ServicesDep,
                 principal: PrincipalDep) -> WorkflowDetail:
    return WorkflowDetail.of(visible(services, principal, workflow_id))


@router.put("/{workflow_id}", summary="Save a workflow")
def save_workflow(workflow_id: str, body: WorkflowDraft, services: ServicesDep,
                  principal: PrincipalDep) -> WorkflowDetail:
    """Replace the content of a workflow; its author and creation time stay."""
    stored = modifiable(services, principal, workflow_id).workflow
    workflow = with_operations(services, principal,
                               body.to_workflow(workflow_id, stored.author), strict=True)
    require_published_code(principal, workflow, services, "saving it")
    services.store.save_workflow(workflow.model_copy(update={"created_at": stored.created_at}))
    return _detail(services, workflow_id)


@router.delete("/{workflow_id}", status_code=204, response_class=Response,
               summary="Delete a workflow")
def delete_workflow(workflow_id: str, services: ServicesDep, principal: PrincipalDep) -> Response:
    """Delete a workflow for good; its runs keep their snapshots."""
    modifiable(services, principal, workflow_id)
    services.workflows.delete(workflow_id)
    return Response(status_code=204)


@router.post("/{workflow_id}/archive", summary="Archive a workflow")
def archive_workflow(workflow_id: str, services: ServicesDep,
                     principal: PrincipalDep) -> WorkflowDetail:
    """Hide a workflow from listings (``include_archived`` shows it again)."""
    modifiable(services, principal, workflow_id)
    services.workflows.set_archived(workflow_id, True)
    return _detail(services, workflow_id)


@router.post("/{workflow_id}/unarchive", summary="Unarchive a workflow")
def unarchive_workflow(workflow_id: str, services: ServicesDep,
                       principal: PrincipalDep) -> WorkflowDetail:
    modifiable(services, principal, workflow_id)
    services.workflows.set_archived(workflow_id, False)
    return _detail(services, workflow_id)


@router.post("/{workflow_id}/validate", summary="Validate a workflow")
def validate_stored(workflow_id: str, services: ServicesDep, principal: PrincipalDep,
                    body: Annotated[ValidateRequest | None, Body()] = None) -> ValidationReport:
    """Every problem that would stop the workflow from running with the given values."""
    values = body or ValidateRequest()
    workflow = current_statuses(services, visible(services, principal, workflow_id).workflow)
    return _report(services, workflow, values.params, values.node_params)


@router.post("/{workflow_id}/clone", status_code=201, summary="Clone a workflow")
def clone_workflow(workflow_id: str, services: ServicesDep,
                   principal: PrincipalDep) -> WorkflowDetail:
    """A copy titled "Copy of …", authored by the caller."""
    principal.require(Policy.CREATE_WORKFLOWS)
    original = visible(services, principal, workflow_id).workflow
    require_published_code(principal, original, services, "cloning it")
    copy = original.model_copy(update={"id": new_id(), "title": f"Copy of {original.title}",
                                       "author": principal.username, "created_at": None,
                                       "updated_at": None})
    services.store.save_workflow(copy)
    return _detail(services, copy.id)


@router.post("/{workflow_id}/upgrade", summary="Upgrade nodes to the newest operation versions")
def upgrade(workflow_id: str, services: ServicesDep, principal: PrincipalDep,
            dry_run: Annotated[bool, Query(description="report without saving")] = False,
            ) -> UpgradeReport:
    """Move every node to the newest published version of its operation.

    Deprecated versions lead to their successors first. Parameter values and edges the
    new version still has are kept; the report names what was dropped.
    """
    stored = (visible if dry_run else modifiable)(services, principal, workflow_id)
    find = operation_finder(services, principal)

    def versions(name: str) -> list[Operation]:
        return [op for op in services.store.list_operations(name=name)
                if principal.can_view(op.author, "operation")]

    result = upgrade_workflow(stored.workflow, find, versions)
    if result.nodes and not dry_run:
        services.store.save_workflow(result.workflow)
        saved = services.workflows.get(workflow_id)
        result = Upgrade(saved.workflow, result.nodes)
    return UpgradeReport.of(result, stored.archived)


@router.post("/{workflow_id}/runs", status_code=201, summary="Launch a workflow")
def launch(workflow_id: str, services: ServicesDep, principal: PrincipalDep,
           body: Annotated[LaunchRequest | None, Body()] = None) -> RunSummary:
    """Validate and queue a run of the workflow as it is stored.

    ``incremental`` re-uses cached results where nothing changed; ``scratch`` computes
    everything again. An invalid workflow is refused (422) with every problem.
    """
    principal.require(Policy.RUN_WORKFLOWS)
    request = body or LaunchRequest()
    workflow = current_statuses(services, visible(services, principal, workflow_id).workflow)
    require_published_code(principal, workflow, services)
    state = create_run(services.store, services.registry, workflow, request.params,
                       request.node_params, request.run_options(), author=principal.username)
    services.wake()
    return RunSummary.of_run(state.run)
