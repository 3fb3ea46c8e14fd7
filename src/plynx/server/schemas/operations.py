"""What the operations endpoints read and return, and the checks behind publish and preview."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from plynx.errors import ExecutionError, InvalidInput, Problem, RenderLimitExceeded
from plynx.graph import validate_workflow
from plynx.kinds import Workspace, resolved_params
from plynx.kinds.bounded_render import render_bounded
from plynx.model import (
    CachePolicy,
    Graph,
    Input,
    Operation,
    OperationStatus,
    Output,
    Parameter,
    RetryPolicy,
    Task,
    Workflow,
)
from plynx.model.names import Name
from plynx.model.operation import ResourceAmounts
from plynx.plugins import Registry
from plynx.server.schemas.names import operation_names, refuse_bad_names
from plynx.store.operation_index import IndexedOperation

#: Fields the server sets; sent in a request body they are ignored.
READ_ONLY_FIELDS = frozenset({"id", "version", "status", "successor", "author", "created_at",
                              "starred", "archived"})

#: Where a preview pretends the task's workspace is.
PREVIEW_ROOT = Path("/tmp/plynx")


class OperationDraft(BaseModel):
    """The editable content of an operation (a new draft, or a draft's new content).

    The server sets ``id``, ``version``, ``status``, ``successor``, ``author`` and
    ``created_at``: sent here, they are ignored, so an operation read from the API may be
    sent back as it is. Any other unknown field is refused.
    """

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    name: str = Field(description="stable name shared by all versions")
    title: str = ""
    description: str = ""
    kind: str = Field(min_length=1)
    inputs: list[Input] = Field(default_factory=list)
    outputs: list[Output] = Field(default_factory=list)
    parameters: list[Parameter] = Field(default_factory=list)
    code: str = ""
    graph: Graph | None = None
    artifact: str | None = None
    cache: CachePolicy = Field(default_factory=CachePolicy)
    retries: RetryPolicy = Field(default_factory=RetryPolicy)
    timeout_seconds: float | None = Field(default=None, gt=0)
    env: dict[str, str] = Field(default_factory=dict)
    resources: ResourceAmounts = Field(default_factory=dict, description=(
        "what one execution needs: cpu, memory (bytes, or a size such as 4GiB), gpu, others"))

    @model_validator(mode="before")
    @classmethod
    def _drop_read_only(cls, data: Any) -> Any:
        if isinstance(data, Mapping):
            return {k: v for k, v in data.items() if k not in READ_ONLY_FIELDS}
        return data

    @model_validator(mode="after")
    def _check_names(self) -> OperationDraft:
        refuse_bad_names(type(self).__name__, operation_names(self))
        return self

    def to_operation(self, op_id: str, author: str) -> Operation:
        """This content as the operation ``op_id`` of ``author`` (version and status are
        decided when it is stored)."""
        return Operation.model_validate({**self.model_dump(), "id": op_id, "author": author})


class OperationDetail(Operation):
    """An operation, with whether the caller starred its name and whether it is archived."""

    starred: bool = False
    archived: bool = False

    @classmethod
    def of(cls, found: IndexedOperation) -> OperationDetail:
        return cls(**dict(found.operation), starred=found.starred, archived=found.archived)


class OperationSummary(BaseModel):
    """What lists show of an operation: everything but its code, graph and policies."""

    id: str
    name: str
    version: int
    title: str
    description: str
    kind: str
    status: OperationStatus
    successor: str | None
    author: str
    created_at: datetime | None
    inputs: list[Input]
    outputs: list[Output]
    parameters: list[Parameter]
    starred: bool = False
    archived: bool = False

    @classmethod
    def of(cls, op: Operation, starred: bool = False, archived: bool = False) -> OperationSummary:
        return cls(id=op.id, name=op.name, version=op.version, title=op.title,
                   description=op.description, kind=op.kind, status=op.status,
                   successor=op.successor, author=op.author, created_at=op.created_at,
                   inputs=op.inputs, outputs=op.outputs, parameters=op.parameters,
                   starred=starred, archived=archived)

    @classmethod
    def indexed(cls, found: IndexedOperation) -> OperationSummary:
        return cls.of(found.operation, found.starred, found.archived)


class DeprecateRequest(BaseModel):
    """Deprecate a published operation, optionally pointing at the version replacing it."""

    model_config = ConfigDict(extra="forbid")

    mandatory: bool = Field(default=False, description="workflows may no longer use it")
    successor: str | None = Field(default=None, description="id of a published operation")


class CloneRequest(BaseModel):
    """Clone an operation into a new draft: the next version of its name, or of ``name``."""

    model_config = ConfigDict(extra="forbid")

    name: Name | None = None


class PreviewRequest(BaseModel):
    """Parameter values, and optionally input paths, to render an operation's command with.

    Inputs not given are ``/tmp/plynx/inputs/NAME``; outputs are ``/tmp/plynx/outputs/NAME``.
    """

    model_config = ConfigDict(extra="forbid")

    params: dict[str, Any] = Field(default_factory=dict)
    inputs: dict[str, list[str]] = Field(default_factory=dict)


class DraftPreviewRequest(PreviewRequest):
    """Operation content that need not be saved (the editor's unsaved changes), with the
    values and paths to render its command with."""

    operation: OperationDraft


class CodeWarning(BaseModel):
    """Something in the code that works but is likely a mistake; it never stops saving or
    running (a ``{{ … }}`` inside double quotes, …)."""

    where: str = Field(description="the field it concerns, such as code")
    message: str
    line: int | None = Field(default=None, description="the line of the code, when known")

    @classmethod
    def of(cls, problem: Problem) -> CodeWarning:
        return cls(where=problem.where, message=problem.message, line=problem.line)


class Preview(BaseModel):
    """The command as the operation would run it, and the warnings about its code."""

    command: str
    warnings: list[CodeWarning] = Field(default_factory=list)


def check_kind(registry: Registry, kind: str) -> None:
    """InvalidInput naming the known kinds unless ``kind`` is one of them."""
    if kind not in registry.kinds:
        raise InvalidInput(f"kind: unknown kind {kind!r} (known: {', '.join(registry.kinds)})")


def publish_problems(op: Operation, registry: Registry, used: Mapping[str, Operation],
                     artifact_exists: Callable[[str], bool]) -> list[Problem]:
    """Every reason ``op`` cannot be published; empty when it can.

    The checks are those of workflow validation (its kind's own checks, unique names,
    known resource types, parameter defaults, a composite's graph). ``used`` holds the
    operations a composite's graph uses, at any depth; those it uses directly must be
    published already. A file's artifact must be in the artifact store.
    """
    operations = {**used, op.id: op}
    own = f"operations.{op.name}"
    problems = []
    for problem in validate_workflow(Workflow(title=op.name, operations=operations), registry):
        where = problem.where
        if where == own or where.startswith(own + "."):
            where = where[len(own) + 1:]
        problems.append(Problem(where, problem.message))
    if op.kind == "composite" and op.graph is not None:
        for node in op.graph.nodes:
            inner = used.get(node.operation)
            if inner is not None and inner.status is OperationStatus.DRAFT:
                problems.append(Problem(f"nodes.{node.id}", f"uses the draft {inner.name!r} "
                                                            f"version {inner.version}; publish "
                                                            "it first"))
    if op.artifact and all(p.where != "artifact" for p in problems) \
            and not artifact_exists(op.artifact):
        problems.append(Problem("artifact", f"artifact {op.artifact} is not in the artifact "
                                            "store; upload the file first"))
    return problems


def render_preview(op: Operation, request: PreviewRequest) -> str:
    """The command of the ``bash_jinja2`` operation ``op`` with the request's values and
    paths, rendered as for execution but in a sandbox.

    InvalidInput names an unknown parameter or input, a value that does not fit its
    parameter, or what is wrong in the template; RenderLimitExceeded (422) says the
    template took too long or too much memory to render.
    """
    params: dict[str, Any] = {}
    for name, value in request.params.items():
        parameter = op.parameter(name)
        if parameter is None:
            known = ", ".join(p.name for p in op.parameters) or "none"
            raise InvalidInput(f"params.{name}: unknown parameter (known: {known})")
        params[name] = parameter.coerce(value)
    for name in request.inputs:
        if op.input(name) is None:
            known = ", ".join(i.name for i in op.inputs) or "none"
            raise InvalidInput(f"inputs.{name}: unknown input (known: {known})")
    root = PREVIEW_ROOT  # never touched: rendering does no I/O
    paths = {i.name: request.inputs.get(i.name, [str(root / "inputs" / i.name)])
             for i in op.inputs}
    workspace = Workspace(root=root,
                          inputs={name: [Path(p) for p in given] for name, given in paths.items()},
                          outputs={o.name: root / "outputs" / o.name for o in op.outputs})
    task = Task(run_id="preview", node_id=op.name, operation=op, params=params,
                artifact_store="", log_dir="")
    try:
        return render_bounded(op.code, input=workspace.template_inputs(op),
                              output=workspace.template_outputs(),
                              param=resolved_params(task), label=f"operation {op.label!r}")
    except RenderLimitExceeded:
        raise
    except ExecutionError as exc:
        raise InvalidInput(str(exc)) from None
