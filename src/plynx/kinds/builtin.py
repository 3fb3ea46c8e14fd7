"""The built-in kinds, registered through the same hook as third-party kinds."""

from __future__ import annotations

from plynx.hookspecs import hookimpl
from plynx.kinds.bash_jinja2 import BashJinja2Kind
from plynx.kinds.composite import CompositeKind
from plynx.kinds.file import FileKind
from plynx.kinds.python import PythonKind


@hookimpl
def plynx_kinds() -> list[type]:
    return [FileKind, BashJinja2Kind, PythonKind, CompositeKind]
