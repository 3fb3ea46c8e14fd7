"""Operations defined in Python: ``@operation`` functions, ``bash_operation`` and stored ones.

An :class:`OperationDef` holds the operation's model; calling it inside an open
``Workflow`` adds a node running it and returns the node's handle.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, overload

from pydantic import ValidationError

from plynx.client import context
from plynx.client.errors import BuildError
from plynx.client.source import function_body
from plynx.client.specs import InputSpec, OutputSpec, to_inputs, to_outputs, to_parameters
from plynx.model import CachePolicy, Operation, OperationStatus, RetryPolicy

if TYPE_CHECKING:
    from plynx.client.builder import Node

#: Fields that identify one stored version rather than describe what the operation does.
IDENTITY_FIELDS = frozenset({"id", "version", "status", "successor", "author", "created_at"})


def content_of(operation: Operation) -> dict[str, Any]:
    """What an operation does, without the fields naming its stored version."""
    return operation.model_dump(mode="json", exclude=set(IDENTITY_FIELDS))


class OperationDef:
    """An operation to use in workflows built in Python.

    ``model`` describes it; ``stored_id`` is set when it is a version already stored on a
    server (see ``Client.operation``), which is then used as it is. Call it inside
    ``with Workflow(...)``: positional arguments and keyword arguments named after inputs
    connect outputs of other nodes; keyword arguments named after parameters set them.
    """

    def __init__(self, model: Operation, stored_id: str | None = None) -> None:
        self.model = model
        self.stored_id = stored_id

    @property
    def name(self) -> str:
        return self.model.name

    def __call__(self, *values: Any, **named: Any) -> Node:
        """Add a node running this operation to the open workflow."""
        workflow = context.current(f"operation {self.name!r}")
        inputs = {k: v for k, v in named.items() if self.model.input(k) is not None}
        params = {k: v for k, v in named.items() if k not in inputs}
        return workflow.add(self, *values, inputs=inputs, params=params)

    def content(self) -> dict[str, Any]:
        """What the operation does (see ``content_of``); equal content, same operation."""
        return content_of(self.model)

    def __repr__(self) -> str:
        stored = f" stored as {self.stored_id}" if self.stored_id else ""
        return f"<OperationDef {self.name} ({self.model.kind}){stored}>"


def make_operation(kind: str, name: str, *, code: str = "",
                   inputs: Mapping[str, InputSpec] | None = None,
                   outputs: Mapping[str, OutputSpec] | None = None,
                   params: Mapping[str, Any] | None = None, title: str = "",
                   description: str = "", cache: CachePolicy | None = None,
                   retries: RetryPolicy | None = None, timeout_seconds: float | None = None,
                   env: Mapping[str, str] | None = None) -> OperationDef:
    """An operation of any kind from the short declarations of ``plynx.client.specs``."""
    owner = f"operation {name!r}"
    fields: dict[str, Any] = {
        "name": name, "kind": kind, "code": code, "title": title, "description": description,
        "inputs": to_inputs(inputs, owner), "outputs": to_outputs(outputs, owner),
        "parameters": to_parameters(params, owner), "timeout_seconds": timeout_seconds,
        "env": dict(env or {}), "status": OperationStatus.DRAFT,
    }
    if cache is not None:
        fields["cache"] = cache
    if retries is not None:
        fields["retries"] = retries
    try:
        model = Operation(**fields)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise BuildError(f"{owner}: {problems}") from None
    for slots in (model.inputs, model.outputs, model.parameters):
        names = [slot.name for slot in slots]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise BuildError(f"{owner}: {', '.join(duplicates)} declared twice")
    return OperationDef(model)


def bash_operation(name: str, code: str, inputs: Mapping[str, InputSpec] | None = None,
                   outputs: Mapping[str, OutputSpec] | None = None,
                   params: Mapping[str, Any] | None = None, *, title: str = "",
                   description: str = "", **options: Any) -> OperationDef:
    """A ``bash_jinja2`` operation: ``code`` is a Jinja2 template of a bash script using
    ``{{ input.NAME }}``, ``{{ output.NAME }}`` and ``{{ param['NAME'] }}``.

    ``options`` are ``cache``, ``retries``, ``timeout_seconds`` and ``env``.
    """
    return make_operation("bash_jinja2", name, code=code, inputs=inputs, outputs=outputs,
                          params=params, title=title, description=description, **options)


@overload
def operation(func: Callable[..., Any], /) -> OperationDef: ...


@overload
def operation(func: None = None, /, *, inputs: Mapping[str, InputSpec] | None = None,
              outputs: Mapping[str, OutputSpec] | None = None,
              params: Mapping[str, Any] | None = None, name: str | None = None,
              title: str = "", description: str | None = None,
              **options: Any) -> Callable[[Callable[..., Any]], OperationDef]: ...


def operation(func: Callable[..., Any] | None = None, /, *,
              inputs: Mapping[str, InputSpec] | None = None,
              outputs: Mapping[str, OutputSpec] | None = None,
              params: Mapping[str, Any] | None = None, name: str | None = None,
              title: str = "", description: str | None = None,
              **options: Any) -> OperationDef | Callable[[Callable[..., Any]], OperationDef]:
    """Turn a function into a ``python`` operation whose code is the function's body.

    The body runs in its own interpreter on the worker, with the dicts ``input`` (paths,
    lists of paths for list inputs, or values for value types), ``output`` (paths to write,
    or assign a value for value types) and ``param``; so the function takes only those
    names (``def f(input, output, param):``), imports what it needs inside, and uses no
    variables of the module or of an enclosing function. ``name`` defaults to the
    function's name, ``description`` to its docstring. ``options`` are ``cache``,
    ``retries``, ``timeout_seconds`` and ``env``::

        @operation(inputs={"values": ("int", 1, -1)}, outputs={"total": "int"})
        def sum_all(input, output, param):
            output["total"] = sum(input["values"])
    """

    def decorate(function: Callable[..., Any]) -> OperationDef:
        code, docstring = function_body(function)
        op = make_operation("python", name or function.__name__, code=code, inputs=inputs,
                            outputs=outputs, params=params, title=title,
                            description=docstring if description is None else description,
                            **options)
        functools.update_wrapper(op, function, updated=())
        return op

    return decorate if func is None else decorate(func)
