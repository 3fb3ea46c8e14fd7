"""Short ways of declaring inputs, outputs and parameters, turned into the models.

- an input is a type (``"csv"``), ``(type, min, max)`` for a list (``("text", 1, -1)``), or
  an ``Input``;
- an output is a type or an ``Output``;
- a parameter is its default (the type follows from it: ``10`` is an int), a mapping of
  ``type``, ``default``, ``options``, ``description``, ``hidden``, or a ``Parameter``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from plynx.client.errors import BuildError
from plynx.errors import InvalidParameter
from plynx.model import Input, Output, Parameter, ParameterType, infer_parameter_type

InputSpec = str | tuple[str, int, int] | Input
OutputSpec = str | Output

_PARAMETER_FIELDS = ("type", "default", "options", "description", "hidden")


def _reason(exc: ValidationError) -> str:
    return "; ".join(e["msg"].removeprefix("Value error, ") for e in exc.errors())


def to_inputs(spec: Mapping[str, InputSpec] | None, owner: str) -> list[Input]:
    """Inputs declared as ``{name: type | (type, min, max) | Input}``."""
    inputs = []
    for name, value in (spec or {}).items():
        try:
            if isinstance(value, Input):
                inputs.append(value.model_copy(update={"name": name}))
            elif isinstance(value, str):
                inputs.append(Input(name=name, type=value))
            elif isinstance(value, tuple) and len(value) == 3:
                type_, low, high = value
                inputs.append(Input(name=name, type=type_, min_count=low, max_count=high))
            else:
                raise BuildError(f"{owner}: input {name!r} must be a type, (type, min, max) or "
                                 f"an Input, not {value!r}")
        except ValidationError as exc:
            reason = _reason(exc)
            named = reason if reason.startswith(f"input {name!r}") else f"input {name!r}: {reason}"
            raise BuildError(f"{owner}: {named}") from None
    return inputs


def to_outputs(spec: Mapping[str, OutputSpec] | None, owner: str) -> list[Output]:
    """Outputs declared as ``{name: type | Output}``."""
    outputs = []
    for name, value in (spec or {}).items():
        if isinstance(value, Output):
            outputs.append(value.model_copy(update={"name": name}))
        elif isinstance(value, str) and value and name:
            outputs.append(Output(name=name, type=value))
        else:
            raise BuildError(f"{owner}: output {name!r} must be a type or an Output, "
                             f"not {value!r}")
    return outputs


def to_parameters(spec: Mapping[str, Any] | None, owner: str) -> list[Parameter]:
    """Parameters declared as ``{name: default | {type, default, …} | Parameter}``."""
    parameters = []
    for name, value in (spec or {}).items():
        try:
            parameters.append(_parameter(name, value, owner))
        except ValidationError as exc:
            raise BuildError(f"{owner}: parameter {name!r}: {_reason(exc)}") from None
        except InvalidParameter as exc:
            raise BuildError(f"{owner}: {exc}") from None
    return parameters


def _parameter(name: str, value: Any, owner: str) -> Parameter:
    if isinstance(value, Parameter):
        return value.model_copy(update={"name": name})
    if not isinstance(value, Mapping):
        return Parameter(name=name, type=infer_parameter_type(value), default=value)
    unknown = sorted(set(value) - set(_PARAMETER_FIELDS))
    if unknown:
        raise BuildError(f"{owner}: parameter {name!r}: unknown key(s) {', '.join(unknown)} "
                         f"(allowed: {', '.join(_PARAMETER_FIELDS)})")
    fields = dict(value)
    if "type" not in fields:
        fields["type"] = (ParameterType.ENUM if fields.get("options")
                          else infer_parameter_type(fields.get("default")))
    parameter = Parameter(name=name, **fields)
    if parameter.default is not None:
        parameter.default = parameter.coerce(parameter.default)
    return parameter
