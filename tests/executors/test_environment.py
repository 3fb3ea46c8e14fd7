"""The environment of a task's process: an allow-list, never PLynx's own secrets."""

from __future__ import annotations

import json

import pytest

from plynx.config import load_settings
from plynx.errors import ConfigError
from plynx.executors.environment import (
    parameter_variable,
    parameter_variables,
    parse_task_env,
    task_environment,
)
from plynx.executors.local import LocalExecutor
from tests.factories import bash, python

SECRETS = {
    "PLYNX_SECRET": "s" * 40,
    "PLYNX_DATABASE_URL": "postgresql://plynx:hunter2@db/plynx",
    "AWS_SECRET_ACCESS_KEY": "aws-secret",
}


@pytest.fixture
def secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    """The environment of a server holding secrets."""
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)


def dumped_environment(bench, op=None, **run):
    op = op or python("env", "import json, os\nprint(json.dumps(dict(os.environ)))")
    outcome = bench.run(op, **run)
    assert outcome.result.succeeded, outcome.stderr
    return json.loads(outcome.stdout)


def test_a_task_sees_none_of_the_servers_secrets(bench, secrets):
    env = dumped_environment(bench)
    assert not set(SECRETS) & set(env)
    assert not any(value in text for value in SECRETS.values() for text in env.values())


def test_a_bash_task_cannot_print_the_secret(bench, secrets):
    outcome = bench.run(bash("leak", "echo \"[$PLYNX_SECRET]\"; env"))
    assert outcome.stdout.startswith("[]\n")
    assert SECRETS["PLYNX_SECRET"] not in outcome.stdout


def test_the_allow_list_home_and_run_variables(bench, monkeypatch):
    monkeypatch.setenv("LC_TIME", "C")
    monkeypatch.setenv("SOME_TOOL_SETTING", "x")
    env = dumped_environment(bench, node_id="n7")
    assert env["PATH"]
    assert env["LC_TIME"] == "C"
    assert "SOME_TOOL_SETTING" not in env
    assert env["PLYNX_RUN_ID"] == "run1" and env["PLYNX_NODE_ID"] == "n7"
    assert env["PLYNX_ATTEMPT"] == "1"
    assert env["HOME"].startswith(str(bench.work_dir))  # the task's own workspace


def test_the_administrators_task_env_and_the_operations_env(bench, monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", "http://proxy:3128")
    monkeypatch.setenv("UNLISTED", "no")
    op = python("env", "import json, os\nprint(json.dumps(dict(os.environ)))",
                env={"MODEL_SERVER": "v2"})
    env = dumped_environment(bench, op, task_env=parse_task_env(
        ["HTTP_PROXY", "CUDA_HOME=/opt/cuda", "NOT_SET_HERE"]))
    assert env["HTTP_PROXY"] == "http://proxy:3128"
    assert env["CUDA_HOME"] == "/opt/cuda"
    assert env["MODEL_SERVER"] == "v2"
    assert "UNLISTED" not in env and "NOT_SET_HERE" not in env


def test_parameters_are_variables_safe_in_any_quoting(bench, tmp_path):
    marker = tmp_path / "pwned"
    payload = f"$(touch {marker}) `touch {marker}` \"'"
    op = bash("echo", 'echo "$PLYNX_PARAM_text"\ncat <<EOF\n$PLYNX_PARAM_text\nEOF\n'
              'echo "$PLYNX_PARAM_n $PLYNX_PARAM_flag $PLYNX_PARAM_items"',
              params={"text": "str", "n": "int", "flag": "bool", "items": "list_str"})
    outcome = bench.run(op, params={"text": payload, "n": 3, "flag": True, "items": ["a", "b"]})
    assert outcome.result.succeeded, outcome.stderr
    assert outcome.stdout == f'{payload}\n{payload}\n3 true ["a", "b"]\n'
    assert not marker.exists()


def test_parameter_variable_names():
    assert parameter_variable("data.csv") == "PLYNX_PARAM_data_csv"
    assert parameter_variable("n-lines") == "PLYNX_PARAM_n_lines"
    assert parameter_variables({"a.b": 1, "a_b": 2, "c": None}) == {
        "PLYNX_PARAM_a_b": "1", "PLYNX_PARAM_c": ""}


def test_a_nul_in_a_value_fails_the_task_with_a_clear_error(bench):
    outcome = bench.run(bash("nul", "true", params={"text": "str"}), params={"text": "a\0b"})
    assert not outcome.result.succeeded
    assert "PLYNX_PARAM_text" in outcome.result.error and "NUL" in outcome.result.error


def test_task_environment_reads_only_the_allow_list(bench):
    task = bench.task(bash("t", "true"))
    env = task_environment(task, bench.root, {"A": None},
                           source={"PATH": "/bin", "A": "1", "B": "2", "LC_ALL": "C"})
    assert {k: env[k] for k in ("PATH", "A", "LC_ALL")} == {"PATH": "/bin", "A": "1",
                                                            "LC_ALL": "C"}
    assert "B" not in env


@pytest.mark.parametrize("entry", ["", "1ABC", "A B", "=x", "A-B=1"])
def test_bad_task_env_entries_are_refused(entry):
    with pytest.raises(ConfigError, match="task_env"):
        parse_task_env([entry])


def test_the_setting_reaches_the_local_executor(tmp_path, monkeypatch):
    monkeypatch.setenv("PLYNX_HOME", str(tmp_path))
    monkeypatch.setenv("PLYNX_TASK_ENV", "HTTP_PROXY, MODE=fast")
    settings = load_settings()
    assert settings.task_env == ["HTTP_PROXY", "MODE=fast"]
    executor = LocalExecutor.from_settings(settings)
    try:
        assert executor.task_env == {"HTTP_PROXY": None, "MODE": "fast"}
    finally:
        executor.shutdown()
    monkeypatch.setenv("PLYNX_TASK_ENV", "NO GOOD")
    with pytest.raises(ConfigError, match="task_env"):
        load_settings()
