"""Meta: the kinds, resource types, parameter types and executors this server knows."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel

from plynx.model import ParameterType
from plynx.server.security import PrincipalDep
from plynx.server.services import ServicesDep

router = APIRouter(prefix="/meta", tags=["meta"])


class KindInfo(BaseModel):
    name: str
    description: str
    executable: bool


class ResourceTypeInfo(BaseModel):
    name: str
    description: str
    is_a: list[str]
    directory: bool
    value: bool
    media_type: str


class ExecutorInfo(BaseModel):
    name: str
    active: bool
    concurrency: int | None


class Meta(BaseModel):
    """What the editor needs to know to build and check operations and workflows."""

    kinds: list[KindInfo]
    resource_types: list[ResourceTypeInfo]
    parameter_types: list[str]
    executors: list[ExecutorInfo]
    multi_user: bool


@router.get("", summary="Kinds, resource types, parameter types and executors")
def meta(services: ServicesDep, _principal: PrincipalDep) -> Meta:
    registry, settings = services.registry, services.settings
    kinds = [KindInfo(name=k.name, description=k.description, executable=k.executable)
             for k in registry.kinds.values()]
    types = [ResourceTypeInfo(name=t.name, description=t.description, is_a=list(t.is_a),
                              directory=t.directory, value=t.value, media_type=t.media_type)
             for t in registry.resource_types.values()]
    executors = [ExecutorInfo(name=name, active=name == settings.executor,
                              concurrency=settings.concurrency if name == settings.executor
                              else None)
                 for name in registry.executors]
    return Meta(kinds=kinds, resource_types=types,
                parameter_types=[t.value for t in ParameterType], executors=executors,
                multi_user=settings.multi_user)
