"""Warnings about ``{{ … }}`` placed where its shell quoting does not protect the value.

A ``bash_jinja2`` template's values are shell-quoted: safe as bare words, not inside double
or single quotes, a heredoc, backticks or a comment (see :mod:`plynx.kinds.shell_context`).
:func:`quoting_warnings` finds every ``{{ … }}`` in such a place and says what to write
instead. It never stops saving or running: a value that cannot hold anything harmful
(a number) or that its author chose to render unquoted (``| raw``) may be there on purpose.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import jinja2
from jinja2 import nodes

from plynx.errors import Problem
from plynx.kinds import templating
from plynx.kinds.shell_context import PLACEHOLDER, Context, contexts


@dataclass(frozen=True)
class _Expression:
    text: str  # as written between {{ and }}
    line: int


def quoting_warnings(source: str, plain_params: Iterable[str] = ()) -> list[Problem]:
    """A :class:`~plynx.errors.Problem` (``where="code"``, with its line) for each ``{{ … }}``
    of ``source`` that stands inside quotes, a heredoc, backticks or a comment.

    ``plain_params`` names the parameters whose values are always plain words (numbers,
    booleans): ``{{ param.NAME }}`` of one of them is never reported. A template that does
    not parse gives no warnings (its syntax error is reported by validation).
    """
    try:
        script, expressions = _script(source)
    except jinja2.TemplateSyntaxError:
        return []
    plain = set(plain_params)
    warnings = []
    for expression, context in zip(expressions, contexts(script), strict=True):
        if context.safe:
            continue
        node = _parse(expression.text)
        if node is None or _is_raw(node) or _param_of(node) in plain:
            continue
        params = sorted({key for variable, key, _ in _references(node) if variable == "param"})
        warnings.append(Problem("code", _message(expression, context, params),
                                line=expression.line))
    return warnings


def _script(source: str) -> tuple[str, list[_Expression]]:
    """The template's literal text with :data:`PLACEHOLDER` for each ``{{ … }}``, statements
    and comments left out, and the expressions in order."""
    parts: list[str] = []
    expressions: list[_Expression] = []
    tokens: Iterator[tuple[int, str, str]] = templating.environment().lexer.tokeniter(
        source, None)
    inside = None  # the token ending the tag being read
    expression: list[str] = []
    line = 0
    for lineno, kind, value in tokens:
        if inside is not None:
            if kind == inside:
                if kind == "variable_end":
                    expressions.append(_Expression("".join(expression).strip(), line))
                    parts.append(PLACEHOLDER)
                inside = None
            elif kind != "whitespace" or expression:
                expression.append(value)
        elif kind == "data":
            parts.append(value.replace(PLACEHOLDER, " "))
        elif kind in ("variable_begin", "block_begin"):
            inside = kind.replace("begin", "end")
            expression, line = [], lineno
    return "".join(parts), expressions


def _parse(text: str) -> nodes.Expr | None:
    try:
        tree = templating.environment().parse(f"{{{{ {text} }}}}")
    except jinja2.TemplateSyntaxError:
        return None
    output = tree.body[0] if tree.body else None
    if isinstance(output, nodes.Output) and len(output.nodes) == 1:
        return output.nodes[0]
    return None


def _is_raw(node: nodes.Expr) -> bool:
    return isinstance(node, nodes.Filter) and node.name == "raw"


def _references(node: nodes.Expr) -> list[tuple[str, str, int]]:
    """:func:`~plynx.kinds.templating.references` in ``node``, ``node`` itself included."""
    return list(templating.references(nodes.Output([node])))


def _param_of(node: nodes.Expr) -> str | None:
    """The parameter ``node`` is, when it is exactly ``param.NAME`` or ``param['NAME']``."""
    if isinstance(node, nodes.Getattr | nodes.Getitem) and isinstance(node.node, nodes.Name):
        found = _references(node)
        if len(found) == 1 and found[0][0] == "param":
            return found[0][1]
    return None


def _message(expression: _Expression, context: Context, params: list[str]) -> str:
    shown = f"{{{{ {expression.text} }}}}"
    return (f"template line {expression.line}: {shown} is inside {context.value}, where "
            f"its shell quoting does not protect the value{_RISKS[context]}; "
            f"{_advice(context, params)}")


_RISKS = {
    Context.DOUBLE_QUOTES: " (a $( ) or ` in it runs, and the quotes PLynx adds become text)",
    Context.SINGLE_QUOTES: " (the quotes PLynx adds end yours, so the value runs as code)",
    Context.ANSI_C_QUOTES: " (the quotes PLynx adds end yours, so the value runs as code)",
    Context.BACKTICKS: " (a ` in it ends the backticks, and the rest runs)",
    Context.HEREDOC: " (a $( ) in it runs, and a line equal to the delimiter ends the "
                     "heredoc)",
    Context.COMMENT: " (a line break in it ends the comment, and the next line runs)",
}


def _advice(context: Context, params: list[str]) -> str:
    """What to write instead: the value bare, or the parameter's environment variable (a
    shell variable set from the value when it is not a parameter)."""
    if context is Context.COMMENT:
        return "take it out of the comment, or make the comment a Jinja2 one: {# … #}"
    if context is Context.BACKTICKS:
        return "write $( ) instead of backticks: inside $( ) a bare {{ … }} is safe"
    if params:
        variable = " and ".join(_variable(name) for name in params)
        instead = ""
    else:
        variable = "$v"
        instead = " (after setting v={{ … }}, bare, on a line before)"
    if context is Context.HEREDOC:
        return (f"write {variable} in its place{instead}: a variable is safe in a heredoc "
                "whose delimiter is not quoted (<<EOF)")
    if context is Context.DOUBLE_QUOTES:
        return (f"use it bare, outside the quotes (it is quoted for you), or write "
                f"{variable} in its place{instead}: a variable is safe inside double quotes")
    return (f"use it bare, outside the quotes (it is quoted for you: '…'{{{{ … }}}}'…'), "
            f'or write "{variable}" there{instead}')


def _variable(name: str) -> str:
    """``$PLYNX_PARAM_<name>``, the variable a task's process gets for parameter ``name``."""
    # imported here: the executors import the kinds
    from plynx.executors.environment import parameter_variable

    return "$" + parameter_variable(name)
