"""Search columns derived from a stored body, and the free-text match used by listings.

Free text matches a lower-cased ``search_text`` column with ``LIKE``; input and output
types are kept as ``,csv,file,`` so one type matches with ``LIKE '%,csv,%'``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import ColumnElement, and_, literal

_LIKE_ESCAPE = "\\"


def _words(*parts: Any) -> str:
    return " ".join(str(part) for part in parts if part).lower()


def _type_list(slots: Iterable[Mapping[str, Any]]) -> str:
    types = sorted({str(slot.get("type", "file")) for slot in slots})
    return f",{','.join(types)}," if types else ""


def operation_search_values(body: Mapping[str, Any]) -> dict[str, str]:
    """``search_text``, ``input_types`` and ``output_types`` of an operation body."""
    return {
        "search_text": _words(body.get("name"), body.get("title"), body.get("description"),
                              body.get("kind")),
        "input_types": _type_list(body.get("inputs") or ()),
        "output_types": _type_list(body.get("outputs") or ()),
    }


def workflow_search_text(body: Mapping[str, Any]) -> str:
    """The ``search_text`` of a workflow body: its title and description."""
    return _words(body.get("title"), body.get("description"))


def escape_like(text: str) -> str:
    """``text`` with LIKE wildcards escaped (use with ``escape='\\\\'``)."""
    return (text.replace(_LIKE_ESCAPE, _LIKE_ESCAPE * 2)
            .replace("%", _LIKE_ESCAPE + "%").replace("_", _LIKE_ESCAPE + "_"))


def text_matches(column: Any, query: str) -> ColumnElement[bool]:
    """Every whitespace-separated word of ``query`` occurs in ``column`` (case-insensitive)."""
    words = query.lower().split()
    if not words:
        return literal(True)
    return and_(*(column.like(f"%{escape_like(w)}%", escape=_LIKE_ESCAPE) for w in words))


def has_type(column: Any, type_name: str) -> ColumnElement[bool]:
    """``column`` (a ``,a,b,`` list) contains ``type_name``."""
    return column.like(f"%,{escape_like(type_name)},%", escape=_LIKE_ESCAPE)
