"""The ``bash_jinja2`` kind: a bash script written as a Jinja2 template."""

from __future__ import annotations

from plynx.errors import Problem
from plynx.kinds import templating
from plynx.kinds.base import Kind, Workspace, resolved_params
from plynx.kinds.bounded_render import render_bounded
from plynx.kinds.quoting_warnings import quoting_warnings
from plynx.model import Operation, ParameterType, Task

#: The file, inside the workspace, holding the rendered script.
SCRIPT_NAME = "script.sh"
#: Parameter types whose values render as plain words, harmless even inside quotes.
PLAIN_TYPES = frozenset({ParameterType.INT, ParameterType.FLOAT, ParameterType.BOOL,
                         ParameterType.LIST_INT})


class BashJinja2Kind(Kind):
    """Renders the operation's code with ``input``, ``output`` and ``param``; runs it in bash.

    Every ``{{ … }}`` value is shell-quoted unless filtered with ``| raw`` (see
    :mod:`plynx.kinds.templating`). The template renders in a bounded worker process
    (:mod:`plynx.kinds.bounded_render`). The script runs as ``bash script.sh`` without
    ``-e``: a script that should stop at the first error says ``set -e`` itself.
    """

    name = "bash_jinja2"
    description = "A bash script templated with Jinja2; values are shell-quoted."

    def validate(self, operation: Operation) -> list[Problem]:
        return templating.check(
            operation.code,
            inputs=(i.name for i in operation.inputs),
            outputs=(o.name for o in operation.outputs),
            params=(p.name for p in operation.parameters),
        )

    def warnings(self, operation: Operation) -> list[Problem]:
        plain = (p.name for p in operation.parameters if p.type in PLAIN_TYPES)
        return quoting_warnings(operation.code, plain_params=plain)

    def cache_material(self, operation: Operation) -> str:
        return operation.code

    def render(self, task: Task, workspace: Workspace) -> str:
        operation = task.operation
        return render_bounded(
            operation.code,
            input=workspace.template_inputs(operation),
            output=workspace.template_outputs(),
            param=resolved_params(task),
            label=f"operation {operation.label!r}",
        )

    def command(self, task: Task, workspace: Workspace) -> list[str]:
        script = workspace.root / SCRIPT_NAME
        workspace.rendered = self.render(task, workspace)
        script.write_text(workspace.rendered, encoding="utf-8")
        return ["bash", str(script)]
