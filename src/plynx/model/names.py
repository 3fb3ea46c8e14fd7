"""The one rule for identifiers: node ids and the names of inputs, outputs, parameters,
workflow parameters and operations.

A name is 1 to :data:`MAX_NAME_LENGTH` ASCII letters, digits, ``_``, ``.`` and ``-``, and
starts with a letter, a digit or ``_``. So a name is never ``.`` or ``..``, never holds
``/``, ``\\``, a space, a NUL or another control character, and never looks like a
command-line option: it is safe as one component of a path, in a header and in a shell
word. ``data.csv``, ``a.csv``, ``grep1`` and ``sum_of_sums`` are names; ``../x``,
``/tmp/x``, ``bad name!`` and ``-rf`` are not.

Nested composite nodes are addressed as ``c/inner``: the ``/`` joining ids never occurs in
one id. The models stay lenient (stored content written before the rule still loads); the
rule is checked where names come in: the API, workflow files and validation.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator

#: The longest name, in characters.
MAX_NAME_LENGTH = 100

#: The rule, as a regular expression.
NAME_PATTERN = rf"[A-Za-z0-9_][A-Za-z0-9_.-]{{0,{MAX_NAME_LENGTH - 1}}}"

#: The rule, in words (the end of every message about a bad name).
NAME_RULE = (f"use letters, digits, '_', '.' and '-', starting with a letter, a digit or '_', "
             f"at most {MAX_NAME_LENGTH} characters")

_NAME = re.compile(NAME_PATTERN)
_NOT_NAME = re.compile(r"[^A-Za-z0-9_.-]+")
_SHOWN = 40  # characters of a bad name quoted in a message


def is_name(text: object) -> bool:
    """Whether ``text`` is a valid name."""
    return isinstance(text, str) and _NAME.fullmatch(text) is not None


def name_problem(text: object, what: str = "name") -> str | None:
    """Why ``text`` cannot be a ``what`` (``node id``, ``input name``, …); None if it can."""
    if is_name(text):
        return None
    article = "an" if what[:1] in ("a", "e", "i", "o", "u") else "a"
    if not isinstance(text, str):
        return f"{article} {what} must be a string, not {type(text).__name__}"
    if not text:
        return f"{article} {what} must not be empty"
    shown = repr(text) if len(text) <= _SHOWN else f"{text[:_SHOWN]!r}…"
    return f"{shown} is not a valid {what} ({_flaw(text)}): {NAME_RULE}"


def _flaw(text: str) -> str:
    """What is wrong with ``text`` (neither empty nor a name), in a few words."""
    if not _NAME.match(text[0]):
        return f"it starts with {text[0]!r}"
    bad = _NOT_NAME.search(text)
    if bad is not None:
        return f"{bad.group()[0]!r} is not allowed"
    return f"longer than {MAX_NAME_LENGTH} characters"


def check_name(text: str) -> str:
    """``text`` if it is a valid name; ValueError saying why otherwise (pydantic validator)."""
    problem = name_problem(text)
    if problem is not None:
        raise ValueError(problem)
    return text


def make_name(text: str, default: str = "file") -> str:
    """A valid name made from free text such as a file name: every run of other characters
    becomes ``_``, a leading ``.`` or ``-`` gets a ``_`` before it, and the name is cut to
    :data:`MAX_NAME_LENGTH` (``default`` when nothing is left)."""
    name = _NOT_NAME.sub("_", text).strip("_") or default
    if not _NAME.match(name):
        name = f"_{name}"
    return name[:MAX_NAME_LENGTH]


#: A ``str`` field holding a name.
Name = Annotated[str, AfterValidator(check_name)]
