"""``plynx run`` in this process: exit statuses, progress lines, outputs, parameters."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from tests.cli.conftest import FAILING, SUMS
from tests.conftest import Invoke

Project = Callable[[str, str], Path]


def test_a_successful_run(invoke: Invoke, project: Project) -> None:
    result = invoke("run", project("sums.yaml", SUMS))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("run ") and lines[0].endswith(" of Sums: 3 node(s)")
    assert any(line.endswith("✔ sum succeeded") or " ✔ sum succeeded in " in line
               for line in lines)
    assert any("[ran: no entry]" in line for line in lines)
    assert lines[-1].startswith("✔ run ") and " succeeded in " in lines[-1]
    assert "(3 succeeded)" in lines[-1]


def test_a_second_run_hits_the_cache(invoke: Invoke, project: Project) -> None:
    path = project("sums.yaml", SUMS)
    assert invoke("run", path).exit_code == 0
    result = invoke("run", path)
    assert result.exit_code == 0
    assert "↺ sum cached [hit (run " in result.stdout
    assert "(3 cached)" in result.stdout
    refreshed = invoke("run", path, "--refresh")
    assert "[ran: refresh]" in refreshed.stdout
    uncached = invoke("run", path, "--no-cache")
    assert "[ran: no cache]" in uncached.stdout


def test_outputs_are_copied_and_printed(invoke: Invoke, project: Project, tmp_path: Path) -> None:
    out = tmp_path / "results"
    result = invoke("run", project("sums.yaml", SUMS), "--output-dir", out, "--print-outputs",
                    "--quiet")
    assert result.exit_code == 0, result.output
    # 1..20 filtered by ^1, added up; only the final output (sum.total) is copied.
    assert (out / "sum" / "total").read_text() == str(1 + sum(range(10, 20)))
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == ["sum", "sum/total"]
    header, row = result.stdout.splitlines()
    assert header.split() == ["output", "type", "digest", "size", "path", "or", "value"]
    assert row.split()[:2] == ["sum.total", "text"]
    assert row.split()[-1] == str(out / "sum" / "total")
    printed = invoke("run", project("sums.yaml", SUMS), "--print-outputs", "--quiet")
    assert printed.stdout.splitlines()[1].split()[-1] == str(1 + sum(range(10, 20)))


def test_workflow_and_node_parameters(invoke: Invoke, project: Project, tmp_path: Path) -> None:
    out = tmp_path / "results"
    path = project("sums.yaml", SUMS)
    result = invoke("run", path, "-p", "n=12", "-p", "grep.pattern=^1", "--output-dir", out, "-q")
    assert result.exit_code == 0, result.output
    assert (out / "sum" / "total").read_text() == str(1 + 10 + 11 + 12)
    invoke("run", path, "-p", "seq.n=3", "-p", "grep.pattern=.", "--output-dir", out, "-q")
    assert (out / "sum" / "total").read_text() == "6"


def test_quiet_prints_nothing_on_success(invoke: Invoke, project: Project) -> None:
    result = invoke("run", project("sums.yaml", SUMS), "--quiet")
    assert (result.exit_code, result.output) == (0, "")


def test_a_failed_run_shows_the_error_and_the_end_of_stderr(invoke: Invoke,
                                                            project: Project) -> None:
    result = invoke("run", project("failing.yaml", FAILING))
    assert result.exit_code == 1
    assert "✘ noisy failed" in result.stdout
    assert "↷ after skipped" in result.stdout
    assert result.stdout.splitlines()[-1].startswith("✘ run ")
    err = result.stderr.splitlines()
    assert err[0].startswith("✘ noisy failed: ")
    assert "exit" in err[0]
    tail = [line for line in err if line.startswith("  | ")]
    assert tail == [f"  | line {i}" for i in range(11, 31)]


def test_invalid_workflows_exit_with_2_before_running(invoke: Invoke, project: Project) -> None:
    result = invoke("run", project("sums.yaml", SUMS), "-p", "n=lots", "-p", "x=1")
    assert result.exit_code == 2
    assert "Error: the workflow is invalid (2 problems):" in result.stderr
    assert "parameters.n" in result.stderr and "parameters.x" in result.stderr
    broken = invoke("run", project("broken.yaml", "nodes: {a: {operation: b}}\n"))
    assert broken.exit_code == 2
    assert "unknown operation 'b'" in broken.stderr
    assert broken.stdout == ""


ESCAPING = """\
nodes:
  write:
    operation:
      kind: bash_jinja2
      outputs: {"../../escaped": text, "/tmp/escaped": text}
      code: "true"
"""


def test_names_leading_outside_the_output_folder_are_refused(invoke: Invoke, project: Project,
                                                            tmp_path: Path) -> None:
    out = tmp_path / "a" / "b" / "out"
    result = invoke("run", project("escape.yaml", ESCAPING), "--output-dir", out)
    assert result.exit_code == 2
    assert "nodes.write.operation.outputs.../../escaped: '../../escaped' is not a valid " \
           "output name" in result.stderr
    assert "'/tmp/escaped' is not a valid output name" in result.stderr
    assert not (tmp_path / "a" / "escaped").exists() and not out.exists()


def test_file_nodes_and_json_files(invoke: Invoke, project: Project, tmp_path: Path) -> None:
    project("numbers.txt", "4\n5\n")
    document = {
        "operations": {"sum": {
            "kind": "python", "inputs": {"lines": "text"}, "outputs": {"total": "text"},
            "code": "open(output['total'], 'w').write(str(sum(int(x) for x in "
                    "open(input['lines']))))",
        }},
        "nodes": {"numbers": {"file": "numbers.txt"},
                  "sum": {"operation": "sum", "inputs": {"lines": "numbers"}}},
    }
    out = tmp_path / "out"
    result = invoke("run", project("flow.json", json.dumps(document)), "--output-dir", out)
    assert result.exit_code == 0, result.output
    assert (out / "sum" / "total").read_text() == "9"
    assert not (out / "numbers").exists()


def test_value_outputs_are_printed_as_values(invoke: Invoke, project: Project) -> None:
    path = project("values.yaml", """\
        nodes:
          total:
            operation:
              kind: python
              outputs: {n: int, msg: str}
              code: |
                output['n'] = 5050
                output['msg'] = "hello"
        """)
    result = invoke("run", path, "--print-outputs", "--quiet")
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line.split() for line in result.stdout.splitlines()[1:]}
    assert rows["total.n"][1] == "int" and rows["total.n"][-1] == "5050"
    assert rows["total.msg"][-1] == '"hello"'
