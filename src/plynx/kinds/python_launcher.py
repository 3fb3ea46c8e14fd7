"""Runs the code of a ``python`` operation in its own interpreter process.

The python kind copies this file into the task's workspace and starts
``python plynx_launcher.py plynx_task.marshal``. The spec file (in :mod:`marshal` format,
written by the same interpreter, because it loads with no import at all) names the code
file and holds the ``input``, ``output`` and ``param`` dicts the code sees. After the code
ends, the value outputs (an int, a dict, …) the code assigned, as in
``output['total'] = 5050``, are handed back in the file named by ``values`` (marshal too),
and the python kind writes them with their resource type; an output left untouched must
have been written by the code.

The code runs as the ``__main__`` module with ``__file__`` set to its path, so tracebacks
point at the user's file and lines. It is compiled and executed directly rather than through
:func:`runpy.run_path`, which imports modules costing more than the interpreter's start-up.
This file imports nothing from PLynx and as little as possible, so that starting a task
stays cheap. To look at a spec: ``python -c "import marshal, sys;
print(marshal.load(open(sys.argv[1], 'rb')))" plynx_task.marshal``.
"""

from __future__ import annotations

import marshal
import sys


def main(argv: list[str]) -> int:
    with open(argv[1], "rb") as handle:
        spec = marshal.load(handle)
    for stream in (sys.stdout, sys.stderr):
        stream.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    code_path = spec["code"]
    output = dict(spec["output"])
    variables = {"input": spec["input"], "output": output, "param": spec["param"]}
    sys.argv = [code_path]
    try:
        _run(code_path, variables)
    except SystemExit as exc:
        if exc.code in (None, 0):  # a successful sys.exit() still hands its values back
            status = _write_values(output, spec["value_outputs"], spec["values"])
            if status:
                return status
        raise
    except BaseException as exc:  # the user's error: show it from the user's code down
        _report(exc, code_path)
        return 1
    return _write_values(output, spec["value_outputs"], spec["values"])


def _run(code_path: str, variables: dict) -> None:
    """Execute the file ``code_path`` as the ``__main__`` module, seeing ``variables``."""
    with open(code_path, "rb") as handle:
        source = handle.read()
    code = compile(source, code_path, "exec", dont_inherit=True)
    module = type(sys)("__main__")
    module.__file__ = code_path
    module.__dict__.update(variables)
    sys.modules["__main__"] = module  # so that pickle finds classes the code defines
    exec(code, module.__dict__)


def _report(exc: BaseException, code_path: str) -> None:
    """Print the traceback without the launcher's own frames."""
    import traceback

    tb = exc.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename != code_path:
        tb = tb.tb_next
    traceback.print_exception(type(exc), exc, tb)


def _write_values(output: dict, value_outputs: dict, values_path: str) -> int:
    """Hand the value outputs the code assigned back to PLynx; 1 if one cannot be."""
    values = {}
    for name, path in value_outputs.items():
        value = output.get(name, path)
        if isinstance(value, str) and value == path:
            continue
        if hasattr(value, "tolist") and not isinstance(value, list | dict):
            value = value.tolist()  # NumPy scalars and arrays
        values[name] = value
    if not values:
        return 0
    try:
        data = marshal.dumps(values)
    except ValueError:
        for name, value in values.items():
            try:
                marshal.dumps(value)
            except ValueError:
                print(f"plynx: output {name!r}: a value of type {type(value).__name__} "
                      f"cannot be stored; assign a bool, int, float, str, None, list or dict",
                      file=sys.stderr)
        return 1
    with open(values_path, "wb") as handle:
        handle.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
