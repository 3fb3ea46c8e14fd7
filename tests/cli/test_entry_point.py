"""The installed ``plynx`` console script, run as a real process."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.conftest import SUMS

PLYNX = Path(sys.executable).with_name("plynx")

SLOW = """\
nodes:
  wait:
    operation:
      kind: bash_jinja2
      outputs: {out: text}
      code: sleep 60 > {{ output.out }}
"""


def environment(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLYNX_")}
    env["PLYNX_HOME"] = str(home)
    return env


@pytest.mark.skipif(not PLYNX.exists(), reason="the plynx script is not installed")
def test_the_console_script_runs_a_workflow(tmp_path: Path,
                                            project: Callable[[str, str], Path]) -> None:
    path = project("sums.yaml", SUMS)
    out = tmp_path / "out"
    done = subprocess.run(
        [str(PLYNX), "run", str(path), "--output-dir", str(out)],
        env=environment(tmp_path / "home"), capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "✔ run " in done.stdout
    assert (out / "sum" / "total").read_text() == "146"


@pytest.mark.skipif(not PLYNX.exists(), reason="the plynx script is not installed")
@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_interrupting_cancels_the_run(tmp_path: Path, project: Callable[[str, str], Path],
                                      stop: signal.Signals) -> None:
    path = project("slow.yaml", SLOW)
    process = subprocess.Popen(
        [str(PLYNX), "run", str(path)], env=environment(tmp_path / "home"),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert process.stdout is not None
        seen = []
        for line in process.stdout:
            seen.append(line)
            if "wait running" in line:
                break
        else:
            pytest.fail(f"the node never started: {seen}")
        process.send_signal(stop)
        rest, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 1, err
    assert "⊘ wait canceled" in rest
    assert rest.splitlines()[-1].startswith("⊘ run ")
    assert "Traceback" not in err
