from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from plynx import __version__
from tests.conftest import Invoke


def test_config_prints_the_effective_settings(invoke: Invoke, home: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLYNX_DATABASE_URL", "postgresql://plynx:pa55word@db/plynx")
    monkeypatch.setenv("PLYNX_SECRET", "x" * 40)
    result = invoke("config")
    assert result.exit_code == 0
    settings = yaml.safe_load(result.output)
    assert settings["home"] == str(home)
    assert settings["database_url"] == "postgresql://plynx:***@db/plynx"
    assert settings["artifact_store"] == str(home / "artifacts")
    assert settings["secret"] == "***"
    assert "pa55word" not in result.output and "x" * 40 not in result.output


def test_home_option_sets_the_home_folder(invoke: Invoke, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere"
    result = invoke("--home", other, "config")
    assert result.exit_code == 0
    assert yaml.safe_load(result.output)["home"] == str(other)


def test_version(invoke: Invoke) -> None:
    result = invoke("--version")
    assert (result.exit_code, result.output) == (0, f"plynx {__version__}\n")


def test_errors_are_one_clear_line(invoke: Invoke, home: Path) -> None:
    home.mkdir(parents=True)
    (home / "config.yaml").write_text("concurency: 3\n")
    result = invoke("config")
    assert result.exit_code == 2
    assert result.stderr == f"Error: {home / 'config.yaml'}: unknown setting(s): concurency\n"
    assert "Traceback" not in result.output


def test_a_short_secret_is_refused_at_start(invoke: Invoke,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLYNX_SECRET", "too short")
    result = invoke("config")
    assert result.exit_code == 2
    assert "secret: must be at least 32 bytes long" in result.output
