"""The examples under examples/ run end to end through ``plynx run``."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.conftest import Invoke

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_sums_gives_5050(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("run", EXAMPLES / "sums" / "workflow.yaml", "--output-dir", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert "(20 succeeded)" in result.stdout
    assert (tmp_path / "out" / "total" / "total").read_text().strip() == "5050"
    again = invoke("run", EXAMPLES / "sums" / "workflow.yaml")
    assert "(20 cached)" in again.stdout


def test_machine_learning_pipeline_runs_as_shipped(invoke: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = invoke("run", EXAMPLES / "ml-pipeline" / "workflow.yaml", "--output-dir", out)
    assert result.exit_code == 0, result.output
    check_model(out)


def test_machine_learning_pipeline_from_git(invoke: Invoke, tmp_path: Path) -> None:
    repo = tmp_path / "model-repo"
    commit = subprocess.run([EXAMPLES / "ml-pipeline" / "make-repo.sh", repo], check=True,
                            capture_output=True, text=True).stdout.strip()
    out = tmp_path / "out"
    result = invoke("run", EXAMPLES / "ml-pipeline" / "workflow-git.yaml", "-p",
                    f"repo={repo}", "-p", f"commit={commit}", "--output-dir", out)
    assert result.exit_code == 0, result.output
    check_model(out)


def check_model(out: Path) -> None:
    """The pipeline's outputs in ``out`` fit the data and account for every line of it."""
    model = json.loads((out / "model" / "model").read_text())
    assert abs(model["slope"] - 3) < 0.2 and abs(model["intercept"] - 2) < 0.5
    metrics = json.loads((out / "model" / "metrics").read_text())
    predictions = (out / "model" / "predictions").read_text().splitlines()
    assert metrics["count"] == len(predictions) > 0
    assert metrics["mse"] < 1
    # the split sent every line of data.csv to exactly one side
    data = (EXAMPLES / "ml-pipeline" / "data.csv").read_text().splitlines()
    assert model["trained_on"] + len(predictions) == len(data)


def test_fan_out_fan_in_with_a_failing_branch(invoke: Invoke) -> None:
    result = invoke("run", EXAMPLES / "fan-out-fan-in" / "workflow.yaml")
    assert result.exit_code == 1
    assert "4 succeeded, 1 failed, 1 skipped" in result.stdout
    assert "branch for beta failed on purpose" in result.output
    assert "↷ all_three skipped" in result.stdout
