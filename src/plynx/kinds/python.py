"""The ``python`` kind: Python code run in its own interpreter process."""

from __future__ import annotations

import functools
import json
import marshal
import os
import sys
from pathlib import Path
from typing import Any

from plynx.errors import ExecutionError, PlynxError, Problem
from plynx.kinds.base import Kind, Workspace, require_regular_file, resolved_params
from plynx.model import Operation, Task
from plynx.plugins import get_registry

#: Files the kind writes into the workspace.
CODE_NAME = "operation.py"
LAUNCHER_NAME = "plynx_launcher.py"
SPEC_NAME = "plynx_task.marshal"
VALUES_NAME = "plynx_values.marshal"


@functools.cache
def _launcher_source() -> str:
    return Path(__file__).with_name("python_launcher.py").read_text(encoding="utf-8")


class PythonKind(Kind):
    """Runs the operation's code with the dicts ``input``, ``output`` and ``param``.

    ``input`` maps an input name to a path (a list of paths for list inputs); inputs of a
    value type (int, float, str, bool, dict, list) are given as their value instead.
    ``output`` maps an output name to the path to fill; for a value output the code may
    instead assign the value (``output['total'] = 5050``). The code runs as ``operation.py``
    in the workspace, under the interpreter running PLynx (``sys.executable``), never inside
    the PLynx process; tracebacks point at the user's lines.
    """

    name = "python"
    description = "Python code run in its own interpreter with input, output and param."

    def validate(self, operation: Operation) -> list[Problem]:
        try:
            compile(operation.code, CODE_NAME, "exec", dont_inherit=True)
        except SyntaxError as exc:
            return [Problem("code", f"line {exc.lineno}: {exc.msg}")]
        except ValueError as exc:  # null bytes in the source
            return [Problem("code", str(exc))]
        return []

    def cache_material(self, operation: Operation) -> str:
        return operation.code

    def environment(self, operation: Operation) -> dict[str, str]:
        return {"python": f"{sys.version_info.major}.{sys.version_info.minor}"}

    def command(self, task: Task, workspace: Workspace) -> list[str]:
        root = workspace.root
        code = root / CODE_NAME
        code.write_text(task.operation.code, encoding="utf-8")
        launcher = root / LAUNCHER_NAME
        launcher.write_text(_launcher_source(), encoding="utf-8")
        spec = {
            "code": str(code),
            "input": self._inputs(task.operation, workspace),
            "output": workspace.template_outputs(),
            "param": resolved_params(task),
            "value_outputs": self._value_outputs(task.operation, workspace),
            "values": str(root / VALUES_NAME),
        }
        try:  # only JSON-like data crosses over, whatever the parameters hold
            plain = json.loads(json.dumps(spec, allow_nan=True))
        except (TypeError, ValueError) as exc:
            raise ExecutionError(f"values cannot be passed to Python code: {exc}") from None
        spec_path = root / SPEC_NAME
        spec_path.write_bytes(marshal.dumps(plain))
        return [sys.executable, str(launcher), str(spec_path)]

    def finish(self, task: Task, workspace: Workspace) -> None:
        """Write the value outputs the code assigned, each as its resource type says."""
        path = workspace.root / VALUES_NAME
        if not os.path.lexists(path):
            return
        require_regular_file(path, "the value outputs")
        values = marshal.loads(path.read_bytes())
        registry = get_registry()
        for declared in task.operation.outputs:
            if declared.name not in values:
                continue
            value = values[declared.name]
            try:
                registry.resource_type(declared.type).dump_value(
                    workspace.outputs[declared.name], value)
            except PlynxError as exc:
                raise ExecutionError(f"output {declared.name!r}: {exc}") from None
            except Exception as exc:
                raise ExecutionError(f"output {declared.name!r}: cannot store the "
                                     f"{declared.type} value: {exc}") from None

    def _inputs(self, operation: Operation, workspace: Workspace) -> dict[str, Any]:
        values = workspace.template_inputs(operation)
        registry = get_registry()
        for declared in operation.inputs:
            resource_type = registry.resource_type(declared.type)
            if not resource_type.value:
                continue
            loaded = []
            for path in workspace.inputs.get(declared.name, []):
                try:
                    loaded.append(resource_type.load_value(path))
                except PlynxError as exc:
                    raise ExecutionError(f"input {declared.name!r}: {exc}") from None
            if declared.is_list:
                values[declared.name] = loaded
            else:
                values[declared.name] = loaded[0] if loaded else None
        return values

    def _value_outputs(self, operation: Operation, workspace: Workspace) -> dict[str, str]:
        registry = get_registry()
        return {
            o.name: str(workspace.outputs[o.name])
            for o in operation.outputs
            if registry.resource_type(o.type).value and o.name in workspace.outputs
        }
