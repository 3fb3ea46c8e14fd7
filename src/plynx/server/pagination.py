"""Pages of list and search results."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel

T = TypeVar("T")

#: Most items one page may hold.
MAX_LIMIT = 500


class Page(BaseModel, Generic[T]):
    """Some items of a longer list: ``total`` counts every match, unless ``total_exact`` is
    false: then there are more than ``total`` matches."""

    items: list[T]
    total: int
    offset: int
    limit: int
    total_exact: bool = True


@dataclass(frozen=True)
class PageRequest:
    """Which slice of the results a request asks for."""

    offset: int
    limit: int


def page_request(
    offset: Annotated[int, Query(ge=0, le=10**9, description="items to skip")] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="items per page")] = 50,
) -> PageRequest:
    """FastAPI dependency: ``offset`` and ``limit`` query parameters."""
    return PageRequest(offset=offset, limit=limit)


#: A handler parameter receiving the requested page.
PageDep = Annotated[PageRequest, Depends(page_request)]
