"""Only storable text in a request: no NUL character and no lone surrogate in any path
parameter, query parameter or JSON body.

PostgreSQL cannot store NUL in text, no database stores a lone UTF-16 surrogate (JSON may
spell one, ``"\\ud800"``), and no id, name, title or search needs either. One dependency of
the whole API refuses them before any route runs: a 422 naming every field holding one
(``path.run_id``, ``query.q``, ``body.graph.nodes.0.title``), on every database alike.
Uploaded files are bytes, not text, and are never looked at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError

#: Where a text is in a request, as FastAPI locates fields.
Loc = tuple[str | int, ...]

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def text_problem(text: str) -> str | None:
    """Why ``text`` cannot be stored, or None."""
    found = _UNSTORABLE.search(text)
    if found is None:
        return None
    if found.group() == "\x00":
        return "NUL characters are not allowed"
    return "lone surrogates are not allowed (not valid Unicode)"


def bad_texts(value: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
    """Where the texts (keys included) of the JSON-like ``value`` that cannot be stored are,
    and why."""
    if isinstance(value, str):
        if why := text_problem(value):
            yield loc, why
    elif isinstance(value, dict):
        for key, item in value.items():
            if why := text_problem(key):
                yield loc, f"the key {key!r}: {why}"
            yield from bad_texts(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from bad_texts(item, (*loc, index))


async def _json_body(request: Request) -> Any:
    """The JSON body FastAPI read for the route (None when the route takes no body, or the
    body is not JSON: FastAPI refuses that itself)."""
    if getattr(request.scope.get("route"), "body_field", None) is None:
        return None
    try:
        return await request.json()  # read and parsed once: FastAPI has done it already
    except ValueError:
        return None


async def refuse_unstorable_text(request: Request) -> None:
    """RequestValidationError listing every path parameter, query parameter and text of the
    JSON body holding a NUL character or a lone surrogate."""
    query = request.query_params.multi_items()
    found = dict.fromkeys([  # a repeated query parameter is named once
        *bad_texts(dict(request.path_params), ("path",)),
        *(item for key, value in query for item in bad_texts({key: value}, ("query",))),
        *bad_texts(await _json_body(request), ("body",)),
    ])
    if found:
        raise RequestValidationError([{"type": "unstorable_text", "loc": loc, "msg": why,
                                       "input": None} for loc, why in found])
