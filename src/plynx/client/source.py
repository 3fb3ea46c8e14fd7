"""The code of a ``python`` operation taken from a Python function's body."""

from __future__ import annotations

import ast
import inspect
import io
import tokenize
from collections.abc import Callable
from typing import Any

from plynx.client.errors import BuildError

#: The names the code of a python operation sees; a function may take any of them.
CODE_NAMES = ("input", "output", "param")


def function_body(func: Callable[..., Any]) -> tuple[str, str]:
    """``(code, docstring)`` of ``func``: its body without decorators, def line and docstring,
    dedented, comments kept.

    Raises BuildError when the source is not available, the function takes other arguments
    than ``input``, ``output`` and ``param``, or reads variables of an enclosing function
    (the code runs in another process, where they do not exist).
    """
    name = getattr(func, "__qualname__", repr(func))
    _check_signature(func, name)
    try:
        source = _dedent(inspect.getsource(func))
        tree = ast.parse(source)
    except (OSError, TypeError, SyntaxError) as exc:
        raise BuildError(f"cannot read the source of {name}: {exc}") from None
    definition = next((node for node in tree.body if isinstance(node, ast.FunctionDef)), None)
    if definition is None:  # pragma: no cover - _check_signature lets only plain defs through
        raise BuildError(f"cannot find the definition of {name} in its source")
    docstring = ast.get_docstring(definition) or ""
    row, col = _body_start(source, definition)
    first = definition.body[0]
    if docstring and isinstance(first, ast.Expr):
        row, col = first.end_lineno or row, first.end_col_offset or col
    code = _text_after(source, row, col, indent=first.col_offset)
    try:
        compile(code, name, "exec", dont_inherit=True)
    except SyntaxError as exc:  # ``return`` at the top of the body, for example
        raise BuildError(f"{name}: its body cannot run as the code of an operation: "
                         f"line {exc.lineno}: {exc.msg}") from None
    return code, docstring


def _dedent(source: str) -> str:
    """``source`` with the indentation of its first line removed from every line having it
    (lines inside a string may have less and stay as they are)."""
    first = source.splitlines()[0] if source else ""
    indent = first[:len(first) - len(first.lstrip(" \t"))]
    if not indent:
        return source
    return "".join(line.removeprefix(indent) for line in source.splitlines(keepends=True))


def _text_after(source: str, row: int, col: int, indent: int) -> str:
    """The source after line ``row``, column ``col``, with ``indent`` columns removed."""
    lines = source.splitlines(keepends=True)
    rest = lines[row - 1][col:].lstrip(" \t;").rstrip()
    body = []
    if rest and not rest.startswith("#"):
        body.append(rest + "\n")
    for line in lines[row:]:
        if not line.strip():
            body.append("\n")
        else:
            body.append(line[indent:] if not line[:indent].strip() else line)
    code = "".join(body).strip("\n")
    return code + "\n" if code else ""


def _check_signature(func: Callable[..., Any], name: str) -> None:
    if not inspect.isfunction(func) or func.__name__ == "<lambda>":
        raise BuildError(f"{name} is not a function defined with def")
    if inspect.iscoroutinefunction(func) or inspect.isgeneratorfunction(func):
        raise BuildError(f"{name} must be a plain function, not a coroutine or generator")
    parameters = inspect.signature(func).parameters
    others = [p for p in parameters if p not in CODE_NAMES]
    if others:
        raise BuildError(f"{name}: the function may only take {', '.join(CODE_NAMES)} "
                         f"(the dicts the code sees), not {', '.join(others)}")
    closure = func.__code__.co_freevars
    if closure:
        raise BuildError(f"{name} uses variables of an enclosing function "
                         f"({', '.join(closure)}); the code runs in its own process, so pass "
                         f"them as parameters")


def _body_start(source: str, definition: ast.FunctionDef) -> tuple[int, int]:
    """Line (1-based) and column just after the colon ending the ``def`` signature."""
    depth = 0
    started = False
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    for token in tokens:
        if token.start[0] < definition.lineno:
            continue
        if token.type == tokenize.NAME and token.string == "def" and not started:
            started = True
            continue
        if not started or token.type != tokenize.OP:
            continue
        if token.string in "([{":
            depth += 1
        elif token.string in ")]}":
            depth -= 1
        elif token.string == ":" and depth == 0:
            return token.end
    raise BuildError("cannot find the end of the def line")  # pragma: no cover
