"""Jinja2 templates rendered into bash, with every value shell-quoted by default.

Templates see three variables: ``input`` (input name → path, or list of paths for list
inputs), ``output`` (output name → path) and ``param`` (parameter name → value). Both
``{{ input.NAME }}`` and ``{{ input['data.csv'] }}`` work.

Quoting rules of ``{{ … }}``:

- a value is rendered with :func:`shlex.quote`, so a parameter can never inject a command
  (``; touch pwned`` becomes the single argument ``'; touch pwned'``);
- a list renders as its quoted items joined by spaces (``cat {{ input.files }}``);
- ``True``/``False`` render as ``true``/``false`` (bash commands), ``None`` as ``''``;
- the ``raw`` filter opts out: ``{{ param.flags | raw }}`` renders the value unquoted
  (a list: its items joined by spaces). Use it only for trusted values.

Templates render in Jinja2's sandbox: they cannot reach Python internals
(``cycler.__init__.__globals__``…). As a cheap first line of defence, ``*``, ``+`` and
``**`` refuse to build a huge number, text or list before computing it, and a script longer
than :data:`MAX_SCRIPT_CHARS` is refused. What these checks cannot see (``~`` doubling a text,
nested loops) is bounded by rendering in a separate, limited process:
:mod:`plynx.kinds.bounded_render`, which previews and task execution use.

A reference to anything undefined is an error naming it (``StrictUndefined``). An input
with no connection is ``None``: test an optional one with ``{% if input.name %}``. Names win
over dict methods: ``{{ param.items }}`` is the parameter ``items``.
"""

from __future__ import annotations

import functools
import shlex
import traceback
from collections.abc import Iterable, Iterator
from typing import Any

import jinja2
from jinja2 import meta, nodes
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment, SecurityError

from plynx.errors import ExecutionError, Problem

#: The variables every template sees.
VARIABLES = ("input", "output", "param")

#: Longest text or list a ``*`` or ``+`` in a template may build.
MAX_REPEATED_ITEMS = 1_000_000
#: Largest integer (in bits) a ``*`` or ``**`` in a template may build.
MAX_INTEGER_BITS = 65_536
#: Longest script a template may render.
MAX_SCRIPT_CHARS = 10_000_000

#: The file name Jinja2 gives templates built from strings (used to find error lines).
_TEMPLATE_FILENAME = "<template>"


class Raw(str):
    """A string already fit for the shell: rendered as is, never quoted."""


def raw(value: Any) -> Raw:
    """The ``raw`` filter: render ``value`` unquoted (a list: items joined by spaces)."""
    if isinstance(value, list | tuple):
        return Raw(" ".join(_text(item) for item in value))
    return Raw(_text(value))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def shell_finalize(value: Any) -> str:
    """How Jinja2 turns the value of every ``{{ … }}`` into text: shell-quoted."""
    if isinstance(value, Raw):
        return str(value)
    if isinstance(value, list | tuple):
        return " ".join(shlex.quote(_text(item)) for item in value)
    return shlex.quote(_text(value))


class InputValues(dict):
    """The ``input`` variable: a plain dict that names itself in error messages."""


class OutputValues(dict):
    """The ``output`` variable."""


class ParamValues(dict):
    """The ``param`` variable."""


_NAMES: dict[type, str] = {InputValues: "input", OutputValues: "output", ParamValues: "param"}


class _Undefined(jinja2.StrictUndefined):
    """StrictUndefined whose message says which variable lacks which name."""

    @property
    def _undefined_message(self) -> str:
        if self._undefined_hint:
            return self._undefined_hint
        owner = self._undefined_obj
        name = self._undefined_name
        if owner is jinja2.utils.missing:
            return f"{name!r} is undefined (templates see: {', '.join(VARIABLES)})"
        label = _NAMES.get(type(owner))
        if label is not None:
            known = ", ".join(repr(key) for key in owner) or "none"
            return f"{label} has no {name!r} (known: {known})"
        return super()._undefined_message


class _Environment(SandboxedEnvironment):
    """The sandbox, where attribute lookups on the template dicts find their entries before
    dict methods, and ``*``, ``+`` and ``**`` are bounded."""

    intercepted_binops = frozenset({"*", "+", "**"})

    def getattr(self, obj: Any, attribute: str) -> Any:
        if isinstance(obj, dict) and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        _check_size(operator, left, right)
        return super().call_binop(context, operator, left, right)


def _check_size(operator: str, left: Any, right: Any) -> None:
    """SecurityError when ``left operator right`` would build a huge value, estimated from
    the operands' sizes before anything is computed."""
    if operator == "**" and _integer(left) and _integer(right) and right > 0:
        if max(left.bit_length(), 1) * right > MAX_INTEGER_BITS:
            raise SecurityError(f"{operator} would build a number of more than "
                                f"{MAX_INTEGER_BITS} bits")
    elif operator == "*" and _integer(left) and _integer(right):
        if left.bit_length() + right.bit_length() > MAX_INTEGER_BITS:
            raise SecurityError(f"{operator} would build a number of more than "
                                f"{MAX_INTEGER_BITS} bits")
    elif operator == "*":
        for sequence, count in ((left, right), (right, left)):
            if _sequence(sequence) and _integer(count) \
                    and len(sequence) * count > MAX_REPEATED_ITEMS:
                raise SecurityError(f"repeating a value {count} times builds too much")
    elif operator == "+" and _sequence(left) and _sequence(right) \
            and len(left) + len(right) > MAX_REPEATED_ITEMS:
        raise SecurityError(f"+ would build a value of more than {MAX_REPEATED_ITEMS} items")


def _integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _sequence(value: Any) -> bool:
    return isinstance(value, str | list | tuple)


_environment = _Environment(
    undefined=_Undefined,
    finalize=shell_finalize,
    autoescape=False,
    keep_trailing_newline=True,
)
_environment.filters["raw"] = raw


def environment() -> jinja2.Environment:
    """The sandboxed Jinja2 environment templates render in, for code that reads them."""
    return _environment


@functools.lru_cache(maxsize=512)
def _compile(source: str) -> jinja2.Template:
    return _environment.from_string(source)


def render(source: str, *, input: dict[str, Any], output: dict[str, Any],
           param: dict[str, Any], label: str = "operation") -> str:
    """Render ``source`` into a bash script; raise ExecutionError naming what went wrong."""
    try:
        template = _compile(source)
    except jinja2.TemplateSyntaxError as exc:
        raise ExecutionError(f"{label}: template line {exc.lineno}: {exc.message}") from None
    try:
        return _bounded_text(template.generate(
            input=InputValues(input), output=OutputValues(output), param=ParamValues(param)
        ))
    except MemoryError:
        raise  # the limit of a bounded renderer, reported by it
    except jinja2.UndefinedError as exc:
        raise ExecutionError(f"{label}: template{_line_of(exc)}: {exc.message}") from None
    except Exception as exc:  # a filter applied to the wrong value, a bad operand, …
        raise ExecutionError(
            f"{label}: template{_line_of(exc)}: {type(exc).__name__}: {exc}"
        ) from None


def _bounded_text(chunks: Iterable[str]) -> str:
    """The rendered chunks joined; SecurityError once they exceed :data:`MAX_SCRIPT_CHARS`."""
    parts: list[str] = []
    length = 0
    for chunk in chunks:
        length += len(chunk)
        if length > MAX_SCRIPT_CHARS:
            raise SecurityError(f"the script is longer than {MAX_SCRIPT_CHARS} characters")
        parts.append(chunk)
    return "".join(parts)


def _line_of(exc: BaseException) -> str:
    """`` line N`` of the template where ``exc`` was raised, or nothing when unknown."""
    lines = [f.lineno for f in traceback.extract_tb(exc.__traceback__)
             if f.filename == _TEMPLATE_FILENAME]
    return f" line {lines[-1]}" if lines else ""


def check(source: str, *, inputs: Iterable[str], outputs: Iterable[str],
          params: Iterable[str]) -> list[Problem]:
    """Problems of a template: its syntax, then references to undeclared names."""
    try:
        tree = _environment.parse(source)
    except jinja2.TemplateSyntaxError as exc:
        return [Problem("code", f"template line {exc.lineno}: {exc.message}")]
    free = meta.find_undeclared_variables(tree)
    declared = {"input": set(inputs), "output": set(outputs), "param": set(params)}
    problems: list[Problem] = []
    for name in sorted(free - set(VARIABLES) - set(_environment.globals)):
        line = next((n.lineno for n in tree.find_all(nodes.Name) if n.name == name), None)
        problems.append(Problem("code", f"template line {line}: unknown variable {name!r} "
                                        f"(templates see: {', '.join(VARIABLES)})"))
    for variable, key, line in references(tree):
        if variable in free and key not in declared[variable]:
            what = "parameter" if variable == "param" else variable
            problems.append(Problem("code", f"template line {line}: {variable}[{key!r}] "
                                            f"refers to no declared {what}"))
    return problems


def references(tree: nodes.Node) -> Iterator[tuple[str, str, int]]:
    """``(variable, name, line)`` for every ``input.NAME`` or ``param['NAME']`` in ``tree``."""
    found: Iterator[nodes.Getattr | nodes.Getitem] = tree.find_all(
        (nodes.Getattr, nodes.Getitem))
    for node in found:
        target = node.node
        if not isinstance(target, nodes.Name) or target.name not in VARIABLES:
            continue
        if isinstance(node, nodes.Getattr):
            if not hasattr(dict, node.attr):  # input.get(...) is the dict's method
                yield target.name, node.attr, node.lineno
        elif isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
            yield target.name, node.arg.value, node.lineno
