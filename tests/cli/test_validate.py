from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.cli.conftest import SUMS
from tests.conftest import Invoke


def test_a_valid_workflow(invoke: Invoke, project: Callable[[str, str], Path]) -> None:
    path = project("sums.yaml", SUMS)
    result = invoke("validate", path)
    assert result.exit_code == 0, result.output
    assert result.output == f"✔ {path} is valid: 3 node(s), 3 operation(s)\n"


def test_warnings_are_printed_and_do_not_fail(invoke: Invoke,
                                              project: Callable[[str, str], Path]) -> None:
    path = project("sums.yaml", SUMS.replace("code: grep {{ param['pattern'] }}",
                                             "code: grep \"{{ param['pattern'] }}\""))
    result = invoke("validate", path)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"✔ {path} is valid: 3 node(s), 3 operation(s)\n"
    (warning,) = result.stderr.splitlines()
    assert warning.startswith("warning: operations.grep.code: template line 1: "
                              "{{ param['pattern'] }} is inside double quotes")


def test_every_validation_problem_is_listed(invoke: Invoke,
                                            project: Callable[[str, str], Path]) -> None:
    path = project("bad.yaml", SUMS.replace("inputs: {lines: grep}", "inputs: {lines: grep.oops}")
                   .replace("kind: python", "kind: pythn"))
    result = invoke("validate", path)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0].startswith("Error: the workflow is invalid (")
    assert any("unknown kind 'pythn'" in line for line in lines)
    assert any("no output 'oops'" in line for line in lines)
    assert all(line.startswith("  - ") for line in lines[1:])


def test_parameters_given_on_the_command_line_are_checked(
        invoke: Invoke, project: Callable[[str, str], Path]) -> None:
    path = project("sums.yaml", SUMS)
    assert invoke("validate", path, "-p", "n=7", "-p", "grep.pattern=^2").exit_code == 0
    result = invoke("validate", path, "-p", "n=many", "-p", "nope.x=1", "-p", "grep.nope=1")
    assert result.exit_code == 2
    assert "parameters.n: parameter 'n' expects int, got 'many'" in result.stderr
    assert "nodes.nope: no such node" in result.stderr
    assert "nodes.grep.params.nope: unknown parameter" in result.stderr


def test_a_malformed_file_lists_its_problems(invoke: Invoke,
                                             project: Callable[[str, str], Path]) -> None:
    path = project("bad.yaml", "nodes:\n  a: {operation: x}\n  b: {opration: y}\n")
    result = invoke("validate", path)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"Error: invalid workflow file {path} (3 problems):",
        "  - bad.yaml:2: nodes.a.operation: unknown operation 'x' (known: none)",
        "  - bad.yaml:3: nodes.b.operation: missing",
        "  - bad.yaml:3: nodes.b.opration: unknown key (did you mean 'operation'?)",
    ]


def test_a_missing_file(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("validate", tmp_path / "nope.yaml")
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: cannot read workflow file {tmp_path / 'nope.yaml'}: file not found\n"
    )


def test_malformed_assignments_are_usage_errors(invoke: Invoke,
                                                project: Callable[[str, str], Path]) -> None:
    result = invoke("validate", project("sums.yaml", SUMS), "-p", "novalue")
    assert result.exit_code == 2
    assert "expected NAME=VALUE or NODE.PARAM=VALUE, got 'novalue'" in result.stderr
