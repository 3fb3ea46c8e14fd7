"""Operations: reusable, versioned definitions of one executable step."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

from pydantic import BaseModel, BeforeValidator, Field, model_validator

from plynx.model.parameters import Parameter
from plynx.model.sizes import parse_amounts

if TYPE_CHECKING:
    from plynx.model.workflow import Graph


#: Amounts of resources by name; sizes such as ``4GiB`` are read as numbers of bytes.
ResourceAmounts = Annotated[dict[str, float], BeforeValidator(parse_amounts)]


def new_id() -> str:
    """A fresh identifier for an operation, workflow or run."""
    return uuid.uuid4().hex


class OperationStatus(StrEnum):
    """Life cycle of an operation version."""

    DRAFT = "draft"
    PUBLISHED = "published"
    DEPRECATED = "deprecated"
    MANDATORY_DEPRECATED = "mandatory_deprecated"

    @property
    def is_deprecated(self) -> bool:
        return self in (OperationStatus.DEPRECATED, OperationStatus.MANDATORY_DEPRECATED)


class Input(BaseModel):
    """A named, typed input slot taking between ``min_count`` and ``max_count`` values.

    ``max_count`` of -1 means unbounded. An input whose ``max_count`` is not 1 is a list.
    """

    name: str = Field(min_length=1)
    type: str = "file"
    min_count: int = Field(default=1, ge=0)
    max_count: int = Field(default=1, ge=-1)

    @model_validator(mode="after")
    def _check_range(self) -> Input:
        if self.max_count == 0 or (self.max_count != -1 and self.max_count < self.min_count):
            raise ValueError(
                f"input {self.name!r}: count range {self.min_count}..{self.max_count} is empty"
            )
        return self

    @property
    def is_list(self) -> bool:
        return self.max_count != 1

    def accepts_count(self, count: int) -> bool:
        return count >= self.min_count and (self.max_count == -1 or count <= self.max_count)

    def describe_range(self) -> str:
        upper = "unbounded" if self.max_count == -1 else str(self.max_count)
        return f"{self.min_count}..{upper}"


class Output(BaseModel):
    """A named, typed output slot."""

    name: str = Field(min_length=1)
    type: str = "file"


class CachePolicy(BaseModel):
    """Whether and how long results of an operation are re-used."""

    enabled: bool = True
    expiry_seconds: float | None = Field(default=None, gt=0)
    version: str = Field(default="1", description="bump to invalidate every cached result")


class RetryPolicy(BaseModel):
    """How often a failed execution is tried again, with exponential backoff."""

    max_attempts: int = Field(default=1, ge=1)
    backoff_seconds: float = Field(default=1.0, ge=0)
    backoff_factor: float = Field(default=2.0, ge=1)

    def delay_before(self, attempt: int) -> float:
        """Seconds to wait before ``attempt`` (2 for the first retry)."""
        return self.backoff_seconds * self.backoff_factor ** max(0, attempt - 2)


class Operation(BaseModel):
    """A versioned definition of one step: kind, inputs, outputs, parameters and code.

    ``kind`` decides how the operation becomes a process. ``code`` is the bash template or
    Python code; ``graph`` is the sub-graph of a composite operation; ``artifact`` is the
    content digest of the file a ``file`` operation provides.
    """

    id: str = Field(default_factory=new_id)
    name: str = Field(min_length=1, description="stable name shared by all versions")
    version: int = Field(default=1, ge=1)
    title: str = ""
    description: str = ""
    kind: str
    inputs: list[Input] = Field(default_factory=list)
    outputs: list[Output] = Field(default_factory=list)
    parameters: list[Parameter] = Field(default_factory=list)
    code: str = ""
    graph: Graph | None = None
    artifact: str | None = None
    status: OperationStatus = OperationStatus.DRAFT
    successor: str | None = Field(default=None, description="id of the version replacing this one")
    cache: CachePolicy = Field(default_factory=CachePolicy)
    retries: RetryPolicy = Field(default_factory=RetryPolicy)
    timeout_seconds: float | None = Field(default=None, gt=0)
    env: dict[str, str] = Field(
        default_factory=dict, description="declared environment, part of the cache key"
    )
    resources: ResourceAmounts = Field(default_factory=dict, description=(
        "what one execution needs of the machine running it: cpu, memory (bytes, or a size "
        "such as 4GiB), gpu, or other names; used by executors that place tasks (dask), "
        "never part of the cache key"))
    author: str = "default"
    created_at: datetime | None = None

    def input(self, name: str) -> Input | None:
        return next((i for i in self.inputs if i.name == name), None)

    def output(self, name: str) -> Output | None:
        return next((o for o in self.outputs if o.name == name), None)

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)

    @property
    def label(self) -> str:
        return self.title or self.name
