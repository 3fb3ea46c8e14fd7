"""The environment of a task's process: an allow-list, never the environment of PLynx.

PLynx's own environment holds its secrets (``PLYNX_SECRET``, the database URL with its
password, storage credentials), so a task starts from nothing and gets only:

- the basics of a usable shell taken from this process: :data:`BASE_VARIABLES` and every
  ``LC_*`` locale variable;
- ``HOME`` set to the task's workspace;
- what the administrator lists in the ``task_env`` setting (:func:`parse_task_env`);
- what the operation declares in its ``env``;
- ``PLYNX_RUN_ID``, ``PLYNX_NODE_ID``, ``PLYNX_ATTEMPT``, and ``PLYNX_PARAM_<name>`` for
  every parameter (:func:`parameter_variables`), set last so nothing overrides them.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from plynx.errors import ConfigError, ExecutionError
from plynx.model import Task

#: Variables of this process every task inherits, when they are set.
BASE_VARIABLES = ("PATH", "LANG", "LANGUAGE", "TZ", "USER", "LOGNAME")
#: Prefix of the locale variables every task inherits.
LOCALE_PREFIX = "LC_"
#: Prefix of the variables carrying parameter values.
PARAM_PREFIX = "PLYNX_PARAM_"

_VARIABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NOT_IN_NAME = re.compile(r"[^A-Za-z0-9_]")


def is_variable_name(name: str) -> bool:
    """Whether ``name`` can name an environment variable (letters, digits, ``_``)."""
    return _VARIABLE_NAME.fullmatch(name) is not None


def parse_task_env(entries: Iterable[str]) -> dict[str, str | None]:
    """The ``task_env`` setting as ``{name: value}``; ``None`` passes PLynx's own value on.

    An entry is ``NAME`` (give tasks this variable of PLynx's environment, when set) or
    ``NAME=value`` (set it to ``value``). A bad entry is a :class:`~plynx.errors.ConfigError`.
    """
    parsed: dict[str, str | None] = {}
    for entry in entries:
        name, sep, value = entry.strip().partition("=")
        if not is_variable_name(name):
            raise ConfigError(f"task_env: {entry!r} is not NAME or NAME=value with a variable "
                              "name of letters, digits and '_'")
        parsed[name] = value if sep else None
    return parsed


def parameter_variable(name: str) -> str:
    """The variable carrying parameter ``name``: ``PLYNX_PARAM_`` and the name, with every
    character other than letters, digits and ``_`` replaced by ``_``."""
    return PARAM_PREFIX + _NOT_IN_NAME.sub("_", name)


def parameter_text(value: Any) -> str:
    """A parameter value as a variable holds it: text as is, ``true``/``false``, numbers,
    an empty string for none, and JSON for lists and mappings."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def parameter_variables(params: Mapping[str, Any]) -> dict[str, str]:
    """``PLYNX_PARAM_<name>`` for every parameter; of two names that map to the same
    variable, the first one wins."""
    variables: dict[str, str] = {}
    for name, value in params.items():
        variables.setdefault(parameter_variable(name), parameter_text(value))
    return variables


def task_environment(task: Task, home: Path, task_env: Mapping[str, str | None] = {},
                     source: Mapping[str, str] | None = None) -> dict[str, str]:
    """The whole environment of ``task``'s process, whose workspace is ``home``.

    ``source`` is the environment of this process (``os.environ`` by default): only the
    allow-listed variables and the ``None`` entries of ``task_env`` are read from it.
    """
    if source is None:
        source = os.environ
    env = {name: value for name, value in source.items()
           if name in BASE_VARIABLES or name.startswith(LOCALE_PREFIX)}
    env["HOME"] = str(home)
    for name, value in task_env.items():
        if value is not None:
            env[name] = value
        elif name in source:
            env[name] = source[name]
    env.update(task.operation.env)
    env.update(parameter_variables(task.params))
    env["PLYNX_RUN_ID"] = task.run_id
    env["PLYNX_NODE_ID"] = task.node_id
    env["PLYNX_ATTEMPT"] = str(task.attempt)
    for name, value in env.items():
        if "\0" in value or "\0" in name or "=" in name or not name:
            raise ExecutionError(f"the environment variable {name!r} cannot be set: a name "
                                 "must be non-empty without '=', and no value may hold a NUL "
                                 "character")
    return env
