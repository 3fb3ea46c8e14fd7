"""Operations: drafts, publishing, deprecation, versions, stars, search and previews.

An operation is seen by its author, and by whoever holds ``view_others_operations``; an
operation one may not see is "not found". Creating and cloning need ``create_operations``;
only the author (holding ``create_operations``) or an admin edits, publishes, deprecates,
archives or deletes one.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Query, Response

from plynx.auth import Forbidden, Policy, Principal
from plynx.errors import Conflict, InvalidInput, NotFound, ValidationFailed
from plynx.kinds import BashJinja2Kind
from plynx.model import Operation, OperationStatus, new_id
from plynx.server.pagination import Page, PageDep
from plynx.server.schemas.operations import (
    CloneRequest,
    CodeWarning,
    DeprecateRequest,
    DraftPreviewRequest,
    OperationDetail,
    OperationDraft,
    OperationSummary,
    Preview,
    PreviewRequest,
    check_kind,
    publish_problems,
    render_preview,
)
from plynx.server.security import PrincipalDep
from plynx.server.services import Services, ServicesDep
from plynx.store.operation_index import (
    IndexedOperation,
    OperationFilter,
    OperationSort,
    Viewer,
)

router = APIRouter(prefix="/operations", tags=["operations"])

_DEPRECATABLE = (OperationStatus.PUBLISHED, OperationStatus.DEPRECATED,
                 OperationStatus.MANDATORY_DEPRECATED)


def can_modify(principal: Principal, author: str) -> bool:
    """Whether the principal may change an operation of ``author``."""
    if principal.is_admin:
        return True
    return author == principal.username and principal.has(Policy.CREATE_OPERATIONS)


def visible(services: Services, principal: Principal, op_id: str) -> IndexedOperation:
    """The operation ``op_id`` if the principal may see it, else NotFound."""
    found = services.operations.get(op_id, principal.user_id)
    if not principal.can_view(found.operation.author, "operation"):
        raise NotFound(f"operation {op_id!r} not found")
    return found


def modifiable(services: Services, principal: Principal, op_id: str) -> IndexedOperation:
    """The operation ``op_id`` if the principal may change it, else NotFound or Forbidden."""
    found = visible(services, principal, op_id)
    if not can_modify(principal, found.operation.author):
        raise Forbidden(f"only the author of operation {op_id!r} "
                        f"({found.operation.author}) or an admin may change it")
    return found


def _detail(services: Services, principal: Principal, op_id: str) -> OperationDetail:
    return OperationDetail.of(services.operations.get(op_id, principal.user_id))


def _used_operations(services: Services, principal: Principal,
                     op: Operation) -> dict[str, Operation]:
    """The operations a composite's graph uses, at any depth; unknown ones, and those the
    principal may not see, are left out (validation reports them as unknown)."""
    used: dict[str, Operation] = {}
    pending = [node.operation for node in op.graph.nodes] if op.graph is not None else []
    while pending:
        op_id = pending.pop()
        if op_id in used or op_id == op.id:
            continue
        try:
            inner = services.store.get_operation(op_id)
        except NotFound:
            continue
        if not principal.can_view(inner.author, "operation"):
            continue
        used[op_id] = inner
        if inner.graph is not None:
            pending += [node.operation for node in inner.graph.nodes]
    return used


@router.post("", status_code=201, summary="Create a draft operation")
def create_operation(body: OperationDraft, services: ServicesDep,
                     principal: PrincipalDep) -> OperationDetail:
    """A new draft: the next version of its name, authored by the caller."""
    principal.require(Policy.CREATE_OPERATIONS)
    check_kind(services.registry, body.kind)
    saved = services.operations.create(body.to_operation(new_id(), principal.username))
    return _detail(services, principal, saved.id)


@router.get("", summary="List and search operations")
def list_operations(
    services: ServicesDep,
    principal: PrincipalDep,
    page: PageDep,
    q: Annotated[str | None, Query(description="words of name, title, description or kind")]
    = None,
    author: str | None = None,
    kind: str | None = None,
    status: Annotated[list[OperationStatus] | None, Query(description="repeatable")] = None,
    starred: Annotated[bool | None, Query(description="only (or no) starred names")] = None,
    input_type: Annotated[str | None, Query(description="has an input of this type")] = None,
    output_type: Annotated[str | None, Query(description="has an output of this type")] = None,
    name: Annotated[str | None, Query(description="every version of one name")] = None,
    latest_only: Annotated[bool, Query(description="the newest match of each name")] = False,
    include_archived: bool = False,
    sort: OperationSort = OperationSort.NAME,
) -> Page[OperationSummary]:
    """The operations the caller may see that match every filter, one page of them."""
    where = OperationFilter(text=q, author=author, kind=kind, statuses=tuple(status or ()),
                            starred=starred, input_type=input_type, output_type=output_type,
                            name=name, latest_only=latest_only,
                            include_archived=include_archived, sort=sort)
    found = services.operations.search(where, Viewer.of(principal), page.offset, page.limit)
    return Page(items=[OperationSummary.indexed(item) for item in found.items],
                total=found.total, offset=page.offset, limit=page.limit)


@router.get("/{op_id}", summary="One operation version")
def get_operation(op_id: str, services: ServicesDep, principal: PrincipalDep) -> OperationDetail:
    return OperationDetail.of(visible(services, principal, op_id))


@router.put("/{op_id}", summary="Edit a draft")
def edit_operation(op_id: str, body: OperationDraft, services: ServicesDep,
                   principal: PrincipalDep) -> OperationDetail:
    """Replace the content of a draft. A published operation never changes: clone it."""
    op = modifiable(services, principal, op_id).operation
    if op.status is not OperationStatus.DRAFT:
        raise Conflict(f"operation {op.name!r} version {op.version} is {op.status.value} and "
                       "cannot change; clone it into a new version and edit that")
    check_kind(services.registry, body.kind)
    services.operations.update_draft(body.to_operation(op_id, op.author))
    return _detail(services, principal, op_id)


@router.delete("/{op_id}", status_code=204, summary="Delete a draft")
def delete_operation(op_id: str, services: ServicesDep, principal: PrincipalDep) -> Response:
    """Only drafts are deleted; published operations are archived instead."""
    modifiable(services, principal, op_id)
    services.operations.delete_draft(op_id)
    return Response(status_code=204)


@router.post("/{op_id}/publish", summary="Publish a draft")
def publish_operation(op_id: str, services: ServicesDep,
                      principal: PrincipalDep) -> OperationDetail:
    """Check the draft (422 lists every problem), then make it published and immutable."""
    op = modifiable(services, principal, op_id).operation
    if op.status is not OperationStatus.DRAFT:
        raise Conflict(f"operation {op.name!r} version {op.version} is already "
                       f"{op.status.value}")
    problems = publish_problems(op, services.registry, _used_operations(services, principal, op),
                                services.artifacts.exists)
    if problems:
        raise ValidationFailed(problems, subject="operation")
    published = op.model_copy(update={"status": OperationStatus.PUBLISHED})
    services.operations.change_status(published, allowed=(OperationStatus.DRAFT,))
    return _detail(services, principal, op_id)


@router.post("/{op_id}/deprecate", summary="Deprecate a published operation")
def deprecate_operation(op_id: str, body: DeprecateRequest, services: ServicesDep,
                        principal: PrincipalDep) -> OperationDetail:
    """Mark it deprecated (``mandatory``: workflows may no longer use it), optionally
    naming the published operation that replaces it."""
    op = modifiable(services, principal, op_id).operation
    if op.status not in _DEPRECATABLE:
        raise Conflict(f"operation {op.name!r} version {op.version} is a draft: only "
                       "published operations are deprecated (delete a draft instead)")
    if body.successor is not None:
        _check_successor(services, principal, op, body.successor)
    status = (OperationStatus.MANDATORY_DEPRECATED if body.mandatory
              else OperationStatus.DEPRECATED)
    deprecated = op.model_copy(update={"status": status, "successor": body.successor})
    services.operations.change_status(deprecated, allowed=_DEPRECATABLE)
    return _detail(services, principal, op_id)


def _check_successor(services: Services, principal: Principal, op: Operation,
                     successor_id: str) -> None:
    if successor_id == op.id:
        raise InvalidInput("successor: an operation cannot succeed itself")
    try:
        successor = visible(services, principal, successor_id).operation
    except NotFound:
        raise InvalidInput(f"successor: operation {successor_id!r} not found") from None
    if successor.status is not OperationStatus.PUBLISHED:
        raise InvalidInput(f"successor: operation {successor.name!r} version "
                           f"{successor.version} is {successor.status.value}, not published")


@router.post("/{op_id}/clone", status_code=201, summary="Clone into a new draft")
def clone_operation(op_id: str, services: ServicesDep, principal: PrincipalDep,
                    body: Annotated[CloneRequest | None, Body()] = None) -> OperationDetail:
    """A new draft with the same content: the next version of the same name, or of
    ``name`` when given, authored by the caller."""
    principal.require(Policy.CREATE_OPERATIONS)
    source = visible(services, principal, op_id).operation
    name = body.name if body is not None and body.name else source.name
    copy = source.model_copy(update={"id": new_id(), "name": name,
                                     "author": principal.username})
    saved = services.operations.create(copy)
    return _detail(services, principal, saved.id)


@router.post("/{op_id}/star", summary="Star every version of its name")
def star_operation(op_id: str, services: ServicesDep, principal: PrincipalDep) -> OperationDetail:
    op = visible(services, principal, op_id).operation
    services.operations.star(principal, op.name)
    return _detail(services, principal, op_id)


@router.delete("/{op_id}/star", summary="Remove the star of its name")
def unstar_operation(op_id: str, services: ServicesDep,
                     principal: PrincipalDep) -> OperationDetail:
    op = visible(services, principal, op_id).operation
    services.operations.unstar(principal.user_id, op.name)
    return _detail(services, principal, op_id)


@router.post("/{op_id}/archive", summary="Hide from listings")
def archive_operation(op_id: str, services: ServicesDep,
                      principal: PrincipalDep) -> OperationDetail:
    modifiable(services, principal, op_id)
    services.operations.set_archived(op_id, True)
    return _detail(services, principal, op_id)


@router.post("/{op_id}/unarchive", summary="Show in listings again")
def unarchive_operation(op_id: str, services: ServicesDep,
                        principal: PrincipalDep) -> OperationDetail:
    modifiable(services, principal, op_id)
    services.operations.set_archived(op_id, False)
    return _detail(services, principal, op_id)


@router.get("/{op_id}/versions", summary="Every version of its name")
def operation_versions(op_id: str, services: ServicesDep, principal: PrincipalDep,
                       page: PageDep) -> Page[OperationSummary]:
    """The versions of the operation's name the caller may see, newest first (archived
    ones included)."""
    op = visible(services, principal, op_id).operation
    where = OperationFilter(name=op.name, include_archived=True)
    found = services.operations.search(where, Viewer.of(principal), page.offset, page.limit)
    return Page(items=[OperationSummary.indexed(item) for item in found.items],
                total=found.total, offset=page.offset, limit=page.limit)


@router.post("/preview", summary="Render the command of unsaved bash_jinja2 content")
def preview_draft(body: DraftPreviewRequest, services: ServicesDep,
                  principal: PrincipalDep) -> Preview:
    """Like ``POST /operations/{op_id}/preview``, for operation content sent with the
    request (an editor's unsaved changes); nothing is stored."""
    check_kind(services.registry, body.operation.kind)
    return _preview(services, body.operation.to_operation("preview", principal.username), body)


@router.post("/{op_id}/preview", summary="Render the command of a bash_jinja2 operation")
def preview_operation(op_id: str, services: ServicesDep, principal: PrincipalDep,
                      body: Annotated[PreviewRequest | None, Body()] = None) -> Preview:
    """The command with the given parameter values (shell-quoted, as when it runs) and
    placeholder paths ``/tmp/plynx/inputs/NAME`` and ``/tmp/plynx/outputs/NAME``, and
    ``warnings``: each ``{{ … }}`` placed where its quoting does not protect the value
    (inside quotes, a heredoc, backticks or a comment), with its line. A template that
    renders longer, or with more memory, than :mod:`plynx.kinds.bounded_render` allows
    answers 422."""
    op = visible(services, principal, op_id).operation
    return _preview(services, op, body or PreviewRequest())


def _preview(services: Services, op: Operation, request: PreviewRequest) -> Preview:
    """The rendered command and the kind's warnings. The template renders in a worker
    process (this route runs in the thread pool, waiting on it without holding the event
    loop or the interpreter); one that overruns the limits answers 422."""
    kind = services.registry.kinds.get(op.kind)
    if not isinstance(kind, BashJinja2Kind):
        raise InvalidInput(f"only bash_jinja2 operations have a command to preview; "
                           f"{op.name!r} is of kind {op.kind!r}")
    return Preview(command=render_preview(op, request),
                   warnings=[CodeWarning.of(warning) for warning in kind.warnings(op)])
