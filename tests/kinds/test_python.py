"""The python kind with real interpreter processes: the seed example, values, errors."""

from __future__ import annotations

import sys

from plynx.kinds import PythonKind
from plynx.server.demo import SPLIT_CODE
from tests.factories import python

# The "split" operation of the seed document, verbatim, as the demo content ships it
# (tests/test_docs.py checks docs/operations.md quotes the same text).
SPLIT = SPLIT_CODE


def test_seed_split_runs_verbatim(bench):
    operation = python("split", SPLIT, inputs={"data.csv": ("csv", 1, -1)},
                       outputs={"a.csv": "csv", "b.csv": "csv"},
                       params={"rate": 0.5, "seed": 7})
    first = "".join(f"row{i}\n" for i in range(50))
    second = "".join(f"row{i}\n" for i in range(50, 100))
    inputs = {"data.csv": [bench.file(first), bench.file(second)]}
    outcome = bench.run(operation, params={"rate": "0.3", "seed": "42"}, inputs=inputs)

    assert outcome.result.succeeded, outcome.stderr
    a = bench.read(outcome.result.outputs["a.csv"]).splitlines()
    b = bench.read(outcome.result.outputs["b.csv"]).splitlines()
    assert sorted(a + b) == sorted((first + second).splitlines())
    assert a and b
    # the same seed splits the same way
    again = bench.run(operation, params={"rate": "0.3", "seed": "42"}, inputs=inputs)
    assert again.result.outputs == outcome.result.outputs


def test_code_sees_dicts_of_paths_and_params(bench):
    code = ("import json, os\n"
            "print(json.dumps({'input': input, 'param': param, "
            "'cwd': os.getcwd() == os.path.dirname(__file__), 'name': __name__}))\n"
            "open(output['out'], 'w').write('done')\n")
    operation = python("show", code, inputs={"one": "file", "many": ("file", 0, -1)},
                       outputs={"out": "file"}, params={"k": 1, "flag": False})
    outcome = bench.run(operation, params={"k": 3},
                        inputs={"one": [bench.file("1")], "many": []})
    assert outcome.result.succeeded, outcome.stderr
    import json

    seen = json.loads(outcome.stdout)
    assert seen["input"]["one"].endswith("/one")
    assert seen["input"]["many"] == []
    assert seen["param"] == {"k": 3, "flag": False}
    assert seen["cwd"] is True and seen["name"] == "__main__"
    assert bench.read(outcome.result.outputs["out"]) == "done"


def test_value_inputs_arrive_as_values_and_value_outputs_are_assigned(bench):
    operation = python("total", "output['total'] = sum(input['ns']) + input['base']['n']",
                       inputs={"ns": ("int", 1, -1), "base": "dict"},
                       outputs={"total": "int"})
    inputs = {"ns": [bench.file("1"), bench.file("41")], "base": [bench.file('{"n": 100}')]}
    outcome = bench.run(operation, inputs=inputs)
    assert outcome.result.succeeded, outcome.stderr
    assert bench.read(outcome.result.outputs["total"]) == "142"


def test_values_survive_a_successful_sys_exit(bench):
    code = "import sys\noutput['n'] = 3\nsys.exit(0)\n"
    outcome = bench.run(python("exit0", code, outputs={"n": "int"}))
    assert outcome.result.succeeded, outcome.stderr
    assert bench.read(outcome.result.outputs["n"]) == "3"


def test_a_value_output_may_be_written_by_the_code(bench):
    operation = python("direct", "open(output['n'], 'w').write(' 7\\n')", outputs={"n": "int"})
    outcome = bench.run(operation)
    assert outcome.result.succeeded, outcome.stderr
    assert bench.read(outcome.result.outputs["n"]) == "7"  # written back canonically


def test_a_wrong_value_fails_with_a_clear_message(bench):
    operation = python("wrong", "output['n'] = 'many'", outputs={"n": "int"})
    result = bench.run(operation).result
    assert not result.succeeded
    assert result.error.startswith("output 'n': ")
    assert "whole number" in result.error and "'many'" in result.error


def test_a_value_output_must_be_given(bench):
    result = bench.run(python("nothing", "pass", outputs={"n": "int"})).result
    assert result.error == "output 'n' received no int value (its file is empty)"


def test_a_value_that_is_not_json_fails(bench):
    operation = python("object", "output['n'] = object()", outputs={"n": "int"})
    outcome = bench.run(operation)
    assert outcome.result.exit_code == 1
    assert "output 'n': a value of type object cannot be stored; assign" in outcome.stderr


def test_runtime_error_fails_with_the_users_traceback(bench):
    code = "x = 1\n\ndef f():\n    raise ValueError('bad input')\n\nf()\n"
    outcome = bench.run(python("boom", code))
    assert outcome.result.exit_code == 1
    assert outcome.result.error == "exit code 1"
    stderr = outcome.stderr
    assert "ValueError: bad input" in stderr
    assert 'operation.py", line 6' in stderr and 'operation.py", line 4' in stderr
    assert "plynx_launcher" not in stderr and "runpy" not in stderr


def test_exit_codes_and_output_streams_pass_through(bench):
    code = "import sys\nprint('out')\nprint('err', file=sys.stderr)\nsys.exit(3)\n"
    outcome = bench.run(python("exit", code))
    assert outcome.result.exit_code == 3 and outcome.result.error == "exit code 3"
    assert outcome.stdout == "out\n" and outcome.stderr == "err\n"


def test_code_runs_in_its_own_interpreter(bench):
    import os

    outcome = bench.run(python("pid", "import os, sys\nprint(os.getpid(), sys.executable)"))
    pid, executable = outcome.stdout.split()
    assert int(pid) != os.getpid()
    assert executable == sys.executable


def test_validate_reports_syntax_errors_with_line():
    problems = PythonKind().validate(python("bad", "x = 1\nif x\n    pass\n"))
    assert len(problems) == 1
    assert problems[0].where == "code" and problems[0].message.startswith("line 2:")
    assert PythonKind().validate(python("good", "x = 1\n")) == []


def test_environment_names_the_interpreter_version():
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    assert PythonKind().environment(python("x", "")) == {"python": version}
