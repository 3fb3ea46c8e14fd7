"""The wheel's build hook says what the web UI build needs and how it goes."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

import hatch_build
import pytest


def fake_tool(folder: Path, name: str, output: str = "") -> None:
    script = folder / name
    script.write_text(f"#!/bin/sh\necho '{output}'\n")
    script.chmod(0o755)


def hook() -> hatch_build.WebUiBuildHook:
    app = SimpleNamespace(display_info=print)
    return hatch_build.WebUiBuildHook(".", {}, None, None, "dist", "wheel", app=app)


@pytest.mark.parametrize("present", [[], ["node"], ["npm"]])
def test_a_missing_node_or_npm_is_named(tmp_path, monkeypatch, present):
    for name in present:
        fake_tool(tmp_path, name, "v20.0.0")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(RuntimeError, match="is not on the PATH") as error:
        hook()._build(tmp_path)
    for name in {"node", "npm"} - set(present):
        assert name in str(error.value)
    assert "PLYNX_SKIP_UI_BUILD=1" in str(error.value)


def test_an_old_node_is_refused(tmp_path):
    fake_tool(tmp_path, "node", "v16.20.2")
    with pytest.raises(RuntimeError, match="needs Node.js 18 or newer.*v16.20.2"):
        hatch_build._check_node_version(str(tmp_path / "node"))
    fake_tool(tmp_path, "node", "v20.1.0")
    hatch_build._check_node_version(str(tmp_path / "node"))


def test_each_step_is_announced_with_its_duration(tmp_path, monkeypatch, capsys):
    for name in ("node", "npm"):
        fake_tool(tmp_path, name, "v20.0.0")
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}/usr/bin:/bin")
    (tmp_path / "package-lock.json").write_text("{}")
    hook()._build(tmp_path)
    out = capsys.readouterr().out
    assert "npm ci: fetching the web UI's JavaScript packages: done in" in out
    assert "npm run build: compiling the web UI: done in" in out
