"""Kinds: how an operation becomes a process (``file``, ``bash_jinja2``, ``python``,
``composite``, and more from plugins)."""

from plynx.kinds.base import Kind, Workspace, resolved_params
from plynx.kinds.bash_jinja2 import BashJinja2Kind
from plynx.kinds.composite import CompositeKind
from plynx.kinds.file import FileKind
from plynx.kinds.python import PythonKind

__all__ = [
    "BashJinja2Kind",
    "CompositeKind",
    "FileKind",
    "Kind",
    "PythonKind",
    "Workspace",
    "resolved_params",
]
