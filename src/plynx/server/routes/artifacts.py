"""Artifacts: downloads and previews of run outputs, uploads, and where an artifact came from.

A run's outputs are as protected as the run. An artifact read by its digest is visible
only to whom uploaded it, or sees a run producing it, or an operation (or a workflow or run
embedding one) providing it; otherwise the answer is 404, so that existence does not leak.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel

from plynx.auth import Policy, Principal
from plynx.errors import InvalidInput, NotFound
from plynx.graph import build_plan
from plynx.kinds.file import OUTPUT_NAME
from plynx.model import (
    Artifact,
    CacheDecision,
    NodeState,
    Operation,
    OperationStatus,
    Output,
    Run,
    Status,
)
from plynx.model.names import make_name
from plynx.resources import PreviewLimits, preview_artifact
from plynx.server.cache_sources import source_runs
from plynx.server.security import PrincipalDep
from plynx.server.services import Services, ServicesDep
from plynx.server.streaming import NOSNIFF, download_response
from plynx.server.uploads import guess_resource_type, receive_file
from plynx.store.artifact_index import Producer, Upload, Viewer

router = APIRouter(prefix="", tags=["artifacts"])

#: Most producing nodes a lineage lists.
LINEAGE_LIMIT = 50

DigestPath = Annotated[str, Path(pattern=r"^[0-9a-f]{64}$",
                                 description="SHA-256 of the artifact, lower-case hex")]
NodeQuery = Annotated[str, Query(min_length=1, max_length=1024, description="node id")]
OutputQuery = Annotated[str, Query(min_length=1, max_length=255, description="output name")]

_UPLOAD_BODY: dict[str, Any] = {"requestBody": {"required": True, "content": {
    "multipart/form-data": {"schema": {
        "type": "object", "required": ["file"],
        "properties": {"file": {"type": "string", "format": "binary"}},
    }}}}}


class ArtifactPreview(BaseModel):
    """A bounded, safe preview: ``type`` is the resource type shown, ``kind`` the form of
    ``data`` (``table``, ``json``, ``text``, ``image`` as a base64 PNG, ``pdf``,
    ``directory``, ``value`` or ``binary``). Nothing in it is HTML."""

    digest: str
    type: str
    kind: str
    data: Any = None
    truncated: bool = False
    media_type: str | None = None
    size: int | None = None
    directory: bool = False


class UploadResult(BaseModel):
    """A stored upload, with the ``file`` operation providing it when one was asked for."""

    id: str
    digest: str
    size: int
    filename: str
    type: str
    created_at: datetime
    operation: Operation | None = None


class NodeRef(BaseModel):
    run_id: str
    node_id: str


class LineageInput(BaseModel):
    """One artifact a producing node read, and the node of the same run it came from."""

    input: str
    digest: str
    produced_by: NodeRef | None = None


class OperationRef(BaseModel):
    id: str
    name: str
    version: int
    kind: str
    title: str = ""
    author: str = ""
    status: str = ""


class LineageProducer(BaseModel):
    """A node of a run that output the artifact (computed, or restored from the cache)."""

    run_id: str
    run_title: str
    node_id: str
    parent: str | None
    output: str
    type: str
    status: Status
    operation: OperationRef | None
    cache: CacheDecision | None
    inputs: list[LineageInput]


class Lineage(BaseModel):
    """Where an artifact came from, as far as the reader may see."""

    digest: str
    size: int
    directory: bool
    produced_by: list[LineageProducer]
    uploads: list[Upload]
    operations: list[OperationRef]
    truncated: bool = False


# ---------------------------------------------------------------------------- access


def visible_run(services: Services, principal: Principal, run_id: str) -> Run:
    """The run ``run_id`` if the principal may see it; NotFound otherwise."""
    run = services.store.get_run(run_id)
    if not principal.can_view(run.author, "workflow"):
        raise NotFound(f"run {run_id!r} not found")
    return run


def viewer_of(principal: Principal) -> Viewer:
    return Viewer(username=principal.username, others_uploads=principal.is_admin,
                  others_runs=principal.has(Policy.VIEW_OTHERS_WORKFLOWS),
                  others_operations=principal.has(Policy.VIEW_OTHERS_OPERATIONS))


def output_type(run: Run, state: NodeState, output: str, directory: bool) -> str:
    """The declared resource type of a node's output."""
    operation = run.workflow.operations.get(state.operation)
    declared = operation.output(output) if operation is not None else None
    if declared is not None:
        return declared.type
    return "directory" if directory else "file"


def media_type_of(services: Services, type_name: str, directory: bool) -> str:
    known = services.registry.resource_types.get(type_name)
    if known is not None and known.directory == directory:
        return known.media_type
    return "application/x-tar" if directory else "application/octet-stream"


def download_name(name: str, directory: bool) -> str:
    return f"{name}.tar" if directory else name


@dataclass
class RunOutput:
    """A produced output of a node of a visible run."""

    run: Run
    state: NodeState
    name: str
    artifact: Artifact
    type: str


def run_output(services: Services, principal: Principal, run_id: str, node: str,
               output: str) -> RunOutput:
    """The output ``output`` of ``node``; NotFound naming what is missing."""
    run = visible_run(services, principal, run_id)
    state = services.runs.node_state(run_id, node)  # NotFound for a node the run lacks
    artifact = state.outputs.get(output)
    if artifact is None:
        operation = run.workflow.operations.get(state.operation)
        names = [o.name for o in operation.outputs] if operation is not None else []
        if output in names:
            raise NotFound(f"output {output!r} of node {node!r} is not produced yet "
                           f"(the node is {state.status.value})")
        listed = ", ".join(repr(n) for n in names) or "none"
        raise NotFound(f"node {node!r} has no output {output!r} (its outputs: {listed})")
    return RunOutput(run, state, output, artifact,
                     output_type(run, state, output, artifact.directory))


def preview_of(services: Services, artifact: Artifact, type_name: str) -> ArtifactPreview:
    known = services.registry.resource_types.get(type_name)
    if known is None or known.directory != artifact.directory:
        type_name = "directory" if artifact.directory else "file"
    preview = preview_artifact(services.artifacts, artifact, type_name, PreviewLimits(),
                               services.registry)
    return ArtifactPreview(digest=artifact.digest, type=type_name, kind=preview.type,
                           data=preview.data, truncated=preview.truncated,
                           media_type=preview.media_type, size=preview.size,
                           directory=artifact.directory)


@dataclass
class Origin:
    """What is known of a visible artifact: its form, resource type and a file name."""

    artifact: Artifact
    type: str
    filename: str


def visible_artifact(services: Services, principal: Principal, digest: str) -> Origin:
    """The artifact ``digest`` if the principal may see it; NotFound otherwise.

    Its type comes from where it was produced (a run's node, then an operation providing
    it, then an upload's file name); its file name from an upload, an operation, then the
    producing output.
    """
    index, viewer = services.artifact_index, viewer_of(principal)
    if not index.is_visible(digest, viewer) or not services.artifacts.exists(digest):
        raise NotFound(f"artifact {digest} not found")
    size = services.artifacts.size(digest)
    known = index.known_artifact(digest)
    producers = index.producers(digest, viewer.author_filter(viewer.others_runs), limit=1)
    operations = index.operations(digest, viewer.author_filter(viewer.others_operations))
    uploads = index.uploads(digest, viewer.author_filter(viewer.others_uploads))
    directory = known.directory if known else bool(producers and producers[0].artifact.directory)
    artifact = Artifact(digest=digest, size=size, directory=directory)
    types: list[str] = []
    names: list[str] = [u.filename for u in uploads] + [op.name for op in operations]
    if producers:
        run = services.store.get_run(producers[0].run_id)
        state = services.store.node_states(run.id).get(producers[0].node_id)
        if state is not None:
            types.append(output_type(run, state, producers[0].output, directory))
        names.append(producers[0].output)
    types += [o.type for op in operations for o in op.outputs if o.name == OUTPUT_NAME]
    known_types = services.registry.resource_types
    types += [guess_resource_type(u.filename, known_types) for u in uploads]
    default = "directory" if directory else "file"
    name = download_name(names[0], directory) if names else download_name(digest, directory)
    return Origin(artifact, types[0] if types else default, name)


def _operation_ref(op: Operation) -> OperationRef:
    return OperationRef(id=op.id, name=op.name, version=op.version, kind=op.kind,
                        title=op.title, author=op.author, status=op.status.value)


# ---------------------------------------------------------------------------- run outputs


@router.get("/runs/{run_id}/outputs/download", summary="Download a node's output",
            response_class=Response,
            responses={200: {"content": {"application/octet-stream": {}},
                             "description": "the output's bytes (a directory as a .tar)"}})
def download_output(run_id: str, node: NodeQuery, output: OutputQuery,
                    services: ServicesDep, principal: PrincipalDep) -> Response:
    """The bytes of an output, as an attachment named after it (``.tar`` for a
    directory), typed by its resource type."""
    found = run_output(services, principal, run_id, node, output)
    return download_response(services.artifacts, found.artifact,
                             download_name(found.name, found.artifact.directory),
                             media_type_of(services, found.type, found.artifact.directory))


@router.get("/runs/{run_id}/outputs/preview", summary="Preview a node's output")
def preview_output(run_id: str, node: NodeQuery, output: OutputQuery, response: Response,
                   services: ServicesDep, principal: PrincipalDep) -> ArtifactPreview:
    """A bounded preview of an output, as its resource type shows it."""
    found = run_output(services, principal, run_id, node, output)
    response.headers.update(NOSNIFF)
    return preview_of(services, found.artifact, found.type)


# ---------------------------------------------------------------------------- by digest


@router.post("/artifacts", status_code=201, summary="Upload a file",
             openapi_extra=_UPLOAD_BODY)
async def upload(
    request: Request,
    services: ServicesDep,
    principal: PrincipalDep,
    operation: Annotated[bool, Query(description="also create a published file operation "
                                                 "providing it (needs create_operations)")]
    = False,
    title: Annotated[str | None, Query(max_length=255,
                                       description="title of the file operation")] = None,
) -> UploadResult:
    """Store the multipart field ``file`` (at most ``max_upload_bytes``); with
    ``operation=true`` also create a ``file`` operation whose output ``out`` has the
    resource type its extension suggests."""
    if operation:
        principal.require(Policy.CREATE_OPERATIONS)
    settings = services.settings
    folder = (settings.work_dir or settings.home / "work") / ".uploads"
    async with receive_file(request, folder, settings.max_upload_bytes) as received:
        artifact = await run_in_threadpool(services.artifacts.put, received.path, move=True)
    record = await run_in_threadpool(services.artifact_index.record_upload, artifact,
                                     received.filename, principal.username)
    type_name = guess_resource_type(received.filename, services.registry.resource_types)
    created = None
    if operation:
        created = await run_in_threadpool(_file_operation, services, principal, artifact,
                                          received.filename, title, type_name)
    return UploadResult(id=record.id, digest=artifact.digest, size=artifact.size,
                        filename=record.filename, type=type_name,
                        created_at=record.created_at, operation=created)


def _file_operation(services: Services, principal: Principal, artifact: Artifact,
                    filename: str, title: str | None, type_name: str) -> Operation:
    op = Operation(name=make_name(filename), title=(title or "").strip() or filename,
                   kind="file", outputs=[Output(name=OUTPUT_NAME, type=type_name)],
                   artifact=artifact.digest, status=OperationStatus.PUBLISHED,
                   author=principal.username)
    problems = services.registry.kind("file").validate(op)
    if problems:
        raise InvalidInput("; ".join(str(p) for p in problems))
    return services.store.save_operation(op)


@router.get("/artifacts/{digest}", summary="Download an artifact", response_class=Response,
            responses={200: {"content": {"application/octet-stream": {}},
                             "description": "the artifact's bytes (a directory as a .tar)"}})
def download_artifact(digest: DigestPath, services: ServicesDep,
                      principal: PrincipalDep) -> Response:
    """The stored bytes of an artifact the principal may see (404 otherwise)."""
    origin = visible_artifact(services, principal, digest)
    return download_response(services.artifacts, origin.artifact, origin.filename,
                             media_type_of(services, origin.type, origin.artifact.directory))


@router.get("/artifacts/{digest}/preview", summary="Preview an artifact")
def preview_by_digest(
    digest: DigestPath, response: Response, services: ServicesDep, principal: PrincipalDep,
    type_name: Annotated[str | None, Query(alias="type",
                                           description="resource type to show it as; default: "
                                                       "the type it was produced as")] = None,
) -> ArtifactPreview:
    """A bounded preview of an artifact the principal may see (404 otherwise)."""
    if type_name is not None and type_name not in services.registry.resource_types:
        known = ", ".join(sorted(services.registry.resource_types))
        raise InvalidInput(f"type: unknown resource type {type_name!r}; known: {known}")
    origin = visible_artifact(services, principal, digest)
    response.headers.update(NOSNIFF)
    return preview_of(services, origin.artifact, type_name or origin.type)


@router.get("/artifacts/{digest}/lineage", summary="Where an artifact came from")
def lineage(digest: DigestPath, services: ServicesDep, principal: PrincipalDep) -> Lineage:
    """The nodes that output the artifact with the inputs they read, its uploads and the
    operations providing it, limited to what the principal may see."""
    origin = visible_artifact(services, principal, digest)
    index, viewer = services.artifact_index, viewer_of(principal)
    producers = index.producers(digest, viewer.author_filter(viewer.others_runs),
                                limit=LINEAGE_LIMIT + 1)
    produced_by = _lineage_of(services, producers[:LINEAGE_LIMIT])
    caches = source_runs(services, principal).shown_all([p.cache for p in produced_by])
    for producer, cache in zip(produced_by, caches, strict=True):
        producer.cache = cache
    operations = index.operations(digest, viewer.author_filter(viewer.others_operations))
    return Lineage(digest=digest, size=origin.artifact.size, directory=origin.artifact.directory,
                   produced_by=produced_by,
                   uploads=index.uploads(digest, viewer.author_filter(viewer.others_uploads)),
                   operations=[_operation_ref(op) for op in operations],
                   truncated=len(producers) > LINEAGE_LIMIT)


def _lineage_of(services: Services, producers: list[Producer]) -> list[LineageProducer]:
    """Each producing node of a run's plan with the artifacts its inputs received
    (composite nodes are left out: their inner node is listed)."""
    runs: dict[str, tuple[Run, dict[str, NodeState], Any]] = {}
    found = []
    for producer in producers:
        if producer.run_id not in runs:
            run = services.store.get_run(producer.run_id)
            runs[run.id] = (run, services.store.node_states(run.id),
                            build_plan(run.workflow, run.params))
        run, states, plan = runs[producer.run_id]
        node = plan.nodes.get(producer.node_id)
        state = states.get(producer.node_id)
        if node is None or state is None:
            continue
        inputs = []
        for name, ports in node.inputs.items():
            for source, output in ports:
                artifact = states[source].outputs.get(output) if source in states else None
                if artifact is not None:
                    inputs.append(LineageInput(input=name, digest=artifact.digest,
                                               produced_by=NodeRef(run_id=run.id,
                                                                   node_id=source)))
        operation = run.workflow.operations.get(producer.operation_id)
        found.append(LineageProducer(
            run_id=run.id, run_title=run.title, node_id=producer.node_id,
            parent=producer.parent, output=producer.output,
            type=output_type(run, state, producer.output, producer.artifact.directory),
            status=producer.status,
            operation=_operation_ref(operation) if operation is not None else None,
            cache=state.cache, inputs=inputs))
    return found
