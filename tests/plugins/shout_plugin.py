"""A PLynx plugin used by tests/test_plugins.py: the kind ``shout``.

It is installed into a temporary folder as the module of a tiny distribution whose
``entry_points.txt`` names it in the ``plynx`` group, exactly as a third-party package would.
"""

from __future__ import annotations

from plynx.hookspecs import hookimpl
from plynx.kinds.base import Kind, Workspace, resolved_params
from plynx.model import Task


class ShoutKind(Kind):
    """Writes the parameter ``text`` in upper case into the output ``out``, using bash."""

    name = "shout"
    description = "Writes its text parameter in upper case."

    def command(self, task: Task, workspace: Workspace) -> list[str]:
        text = str(resolved_params(task)["text"]).upper()
        script = 'printf "%s\\n" "$1" > "$2"'
        return ["bash", "-c", script, "shout", text, str(workspace.outputs["out"])]


@hookimpl
def plynx_kinds() -> list[type]:
    return [ShoutKind]
