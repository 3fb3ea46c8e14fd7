"""The bash_jinja2 kind with real processes: quoting, lists, errors and the seed example."""

from __future__ import annotations

import subprocess
from pathlib import Path

from plynx.kinds import BashJinja2Kind
from plynx.server.demo import GIT_CHECKOUT_CODE
from tests.factories import bash

# The "Git - checkout directory" operation of the seed document, verbatim, as the demo content
# ships it (tests/test_docs.py checks docs/operations.md quotes the same text).
GIT_CHECKOUT = GIT_CHECKOUT_CODE


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                          text=True)
    return done.stdout.strip()


def test_seed_git_checkout_runs_verbatim(bench, tmp_path):
    repo = tmp_path / "my repo"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "dev@example.com")
    git(repo, "config", "user.name", "Dev")
    (repo / "train.py").write_text("print('v1')\n")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "first")
    first = git(repo, "rev-parse", "HEAD")
    (repo / "train.py").write_text("print('v2')\n")
    git(repo, "commit", "-q", "-am", "second")

    operation = bash("git checkout", GIT_CHECKOUT, outputs={"dir": "directory"},
                     params={"repo": "", "commit": ""})
    outcome = bench.run(operation, params={"repo": str(repo), "commit": first})

    assert outcome.result.succeeded, outcome.stderr
    artifact = outcome.result.outputs["dir"]
    assert artifact.directory
    checkout = bench.extract(artifact)
    assert (checkout / "train.py").read_text() == "print('v1')\n"
    assert (checkout / ".git").is_dir()


def test_a_parameter_cannot_inject_a_command(bench, tmp_path):
    target = tmp_path / "pwned"
    operation = bash("echo", "echo {{ param.text }} > {{ output.out }}",
                     outputs={"out": "file"}, params={"text": ""})
    outcome = bench.run(operation, params={"text": f"; touch {target}"})
    assert outcome.result.succeeded, outcome.stderr
    assert not target.exists()
    assert bench.read(outcome.result.outputs["out"]) == f"; touch {target}\n"


def test_raw_filter_renders_the_value_as_shell_code(bench, tmp_path):
    target = tmp_path / "made"
    operation = bash("raw", "{{ param.cmd | raw }}", params={"cmd": ""})
    outcome = bench.run(operation, params={"cmd": f"echo hi; touch {target}"})
    assert outcome.result.succeeded, outcome.stderr
    assert target.exists()
    assert outcome.stdout == "hi\n"


def test_list_inputs_render_as_quoted_paths(bench):
    code = "cat {{ input['data.csv'] }} {{ input['my notes'] }} > {{ output.out }}"
    operation = bash("cat", code,
                     inputs={"data.csv": ("csv", 1, -1), "my notes": "text"},
                     outputs={"out": "file"})
    inputs = {"data.csv": [bench.file("a,1\n"), bench.file("b,2\n")],
              "my notes": [bench.file("note\n")]}
    outcome = bench.run(operation, inputs=inputs)
    assert outcome.result.succeeded, outcome.stderr
    assert bench.read(outcome.result.outputs["out"]) == "a,1\nb,2\nnote\n"


def test_inputs_keep_their_names_on_disk(bench):
    operation = bash("names", "for f in {{ input['data.csv'] }}; do basename $f; done",
                     inputs={"data.csv": ("csv", 1, -1)})
    outcome = bench.run(operation, inputs={"data.csv": [bench.file("1"), bench.file("2")]})
    assert outcome.stdout == "data.csv\ndata.csv\n"


def test_odd_names_stay_inside_the_workspace(bench):
    operation = bash("odd", "echo {{ input['../up'] }} {{ input['..'] }} {{ output['a/b'] }}",
                     inputs={"../up": "file", "..": "file"}, outputs={"a/b": "file"})
    outcome = bench.run(operation, inputs={"../up": [bench.file("1")], "..": [bench.file("2")]})
    assert outcome.result.succeeded, outcome.stderr
    up, dots, out = outcome.stdout.split()
    assert up.endswith("/inputs/0/.._up") and dots.endswith("/inputs/0/__")
    assert out.endswith("/outputs/a_b")


def test_script_runs_without_errexit_unless_it_asks(bench):
    operation = bash("lenient", "false\necho after > {{ output.out }}", outputs={"out": "file"})
    outcome = bench.run(operation)
    assert outcome.result.succeeded
    assert bench.read(outcome.result.outputs["out"]) == "after\n"


def test_undefined_variable_fails_the_task_naming_it(bench):
    operation = bash("typo", "echo start\ncat {{ input.dta }}", title="Typo op",
                     inputs={"data": "file"})
    outcome = bench.run(operation, inputs={"data": [bench.file("x")]})
    result = outcome.result
    assert not result.succeeded and result.exit_code is None
    assert "operation 'Typo op'" in result.error
    assert "line 2" in result.error and "'dta'" in result.error
    assert result.error in outcome.stderr


def test_validate_reports_syntax_error_with_line():
    operation = bash("broken", "echo a\necho {{ param.x }\n", params={"x": ""})
    problems = BashJinja2Kind().validate(operation)
    assert len(problems) == 1
    assert problems[0].where == "code" and "line 2" in problems[0].message


def test_validate_reports_undeclared_references():
    operation = bash("refs", "cat {{ input.data }} > {{ output.result }}",
                     inputs={"data": "file"}, outputs={"out": "file"})
    problems = BashJinja2Kind().validate(operation)
    assert [p.message for p in problems] == [
        "template line 1: output['result'] refers to no declared output"
    ]


def test_cache_material_is_the_template_and_render_the_script(bench):
    operation = bash("echo", "echo {{ param.x }}", params={"x": "a b"})
    kind = BashJinja2Kind()
    assert kind.cache_material(operation) == "echo {{ param.x }}"
    from plynx.kinds import Workspace

    assert kind.render(bench.task(operation), Workspace(root=bench.root)) == "echo 'a b'"
