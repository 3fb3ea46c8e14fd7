"""Plugins registered from outside the package, through real ``plynx`` entry points.

Each test installs tiny distributions into a temporary folder on ``sys.path``: a module and
a ``<name>.dist-info`` folder whose ``entry_points.txt`` names it, which is all
``importlib.metadata`` needs to find an installed package.
"""

from __future__ import annotations

import re
import sys
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from plynx.config import Settings
from plynx.engine import Engine
from plynx.errors import PluginError
from plynx.model import Status
from plynx.plugins import (
    DEFAULT_PLUGINS,
    ENTRY_POINT_GROUP,
    build_registry,
    get_registry,
    plugin_manager,
)
from plynx.workflow_file import load_workflow

FIXTURES = Path(__file__).parent / "plugins"
DOC = Path(__file__).resolve().parents[1] / "docs" / "plugins.md"
SHOUT_SOURCE = (FIXTURES / "shout_plugin.py").read_text(encoding="utf-8")

#: install(distribution, {relative path: text}, {entry-point name: module}, folder="site")
Install = Callable[..., Path]


def write_distribution(site: Path, distribution: str, files: dict[str, str],
                       entry_points: dict[str, str]) -> Path:
    """Write ``files`` (modules, data) and the metadata of ``distribution`` into ``site``."""
    site.mkdir(parents=True, exist_ok=True)
    for relative, text in files.items():
        path = site / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    info = site / f"{distribution.replace('-', '_')}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {distribution}\nVersion: 1.0\n", encoding="utf-8")
    lines = "".join(f"{name} = {target}\n" for name, target in entry_points.items())
    (info / "entry_points.txt").write_text(f"[{ENTRY_POINT_GROUP}]\n{lines}", encoding="utf-8")
    return site


@pytest.fixture
def install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Install]:
    """Install distributions into folders put on ``sys.path``; undo it all afterwards.

    The process-wide registry is cleared before and after, so that neither this test nor
    the next sees a registry built with another ``sys.path``.
    """
    folders: list[Path] = []

    def install_(distribution: str, files: dict[str, str], entry_points: dict[str, str],
                 folder: str = "site") -> Path:
        site = write_distribution(tmp_path / folder, distribution, files, entry_points)
        if site not in folders:
            folders.append(site)
            monkeypatch.syspath_prepend(str(site))
        return site

    get_registry.cache_clear()
    try:
        yield install_
    finally:
        get_registry.cache_clear()
        for name, module in list(sys.modules.items()):
            location = getattr(module, "__file__", None) or ""
            if any(location.startswith(str(folder)) for folder in folders):
                del sys.modules[name]


def install_shout(install: Install) -> None:
    install("plynx-shout", {"shout_plugin.py": SHOUT_SOURCE}, {"shout": "shout_plugin"})


def test_a_kind_from_an_installed_distribution_is_registered(install: Install) -> None:
    install_shout(install)
    manager = plugin_manager()
    registry = build_registry(manager)
    kind = registry.kind("shout")
    assert type(kind).__module__ == "shout_plugin"
    assert kind.name == "shout" and kind.executable
    assert manager.get_plugin("shout") is sys.modules["shout_plugin"]
    assert {"file", "bash_jinja2", "python", "composite"} <= set(registry.kinds)
    for name in DEFAULT_PLUGINS:  # the built-ins are plugins of the same manager
        assert manager.get_plugin(name) is not None


def test_a_workflow_runs_the_plugin_kind_end_to_end(install: Install, settings: Settings) -> None:
    install_shout(install)
    with Engine(settings) as engine:
        workflow = load_workflow(FIXTURES / "shout.yaml", engine.artifacts)
        assert engine.validate(workflow) == []
        run = engine.run(workflow)
        assert run.status is Status.SUCCEEDED, run.error
        states = engine.node_states(run.id)
        with engine.artifacts.open(states["shout"].outputs["out"].digest) as handle:
            assert handle.read() == b"HELLO PLUGINS\n"
        with engine.artifacts.open(states["count"].outputs["n"].digest) as handle:
            assert handle.read() == b"2"
        again = engine.run(workflow)  # a plugin kind is cached like any other
        assert engine.node_states(again.id)["shout"].status is Status.CACHED
        other = engine.run(workflow, params={"text": "quiet please"})
        assert engine.node_states(other.id)["shout"].status is Status.SUCCEEDED


def test_without_the_distribution_the_kind_is_unknown(install: Install,
                                                      settings: Settings) -> None:
    with Engine(settings) as engine:
        workflow = load_workflow(FIXTURES / "shout.yaml", engine.artifacts)
        problems = [str(p) for p in engine.validate(workflow)]
    assert any(p.startswith("operations.shout: unknown kind 'shout'") for p in problems), problems


def test_two_plugins_registering_one_kind_name_are_refused(install: Install) -> None:
    install("shout-a", {"shout_a.py": SHOUT_SOURCE}, {"shout_a": "shout_a"})
    install("shout-b", {"shout_b.py": SHOUT_SOURCE}, {"shout_b": "shout_b"})
    with pytest.raises(PluginError) as caught:
        build_registry(plugin_manager())
    message = str(caught.value)
    assert "kind 'shout'" in message
    assert "shout_a" in message and "shout_b" in message


def test_two_distributions_with_one_entry_point_name_are_refused(install: Install) -> None:
    install("shout-a", {"shout_a.py": SHOUT_SOURCE}, {"shout": "shout_a"})
    install("shout-b", {"shout_b.py": SHOUT_SOURCE}, {"shout": "shout_b"})
    with pytest.raises(PluginError) as caught:
        plugin_manager()
    message = str(caught.value)
    assert "'shout'" in message and "shout-a" in message and "shout-b" in message


def test_a_distribution_found_twice_on_the_path_is_loaded_once(install: Install) -> None:
    install_shout(install)
    install("plynx-shout", {"shout_plugin.py": SHOUT_SOURCE}, {"shout": "shout_plugin"},
            folder="copy")
    assert type(build_registry(plugin_manager()).kind("shout")).__module__ == "shout_plugin"


def test_a_plugin_overriding_a_builtin_kind_is_refused(install: Install) -> None:
    source = SHOUT_SOURCE.replace('name = "shout"', 'name = "python"')
    install("fake-python", {"fake_python.py": source}, {"fake_python": "fake_python"})
    with pytest.raises(PluginError, match="kind 'python'.*plynx.kinds.builtin.*fake_python"):
        build_registry(plugin_manager())


def test_a_plugin_that_fails_to_import_names_the_group(install: Install) -> None:
    install("plynx-broken", {"broken_plugin.py": "import plynx_no_such_module\n"},
            {"broken": "broken_plugin"})
    with pytest.raises(PluginError) as caught:
        plugin_manager()
    message = str(caught.value)
    assert f"{ENTRY_POINT_GROUP!r}" in message
    assert "broken" in message and "plynx_no_such_module" in message


def test_an_entry_point_naming_a_missing_module_names_the_group(install: Install) -> None:
    install("plynx-missing", {}, {"missing": "plynx_missing_plugin"})
    with pytest.raises(PluginError, match="'plynx'.*plynx_missing_plugin"):
        plugin_manager()


def test_a_misspelt_hook_is_refused(install: Install) -> None:
    source = SHOUT_SOURCE.replace("def plynx_kinds(", "def plynx_kind(")
    install("plynx-typo", {"typo_plugin.py": source}, {"typo": "typo_plugin"})
    with pytest.raises(PluginError, match=r"'typo' implements plynx_kind\(\).*plynx_kinds"):
        plugin_manager()


def doc_files() -> dict[str, str]:
    """The files shown in docs/plugins.md: each code block after a line `` `PATH`: ``."""
    text = DOC.read_text(encoding="utf-8")
    return dict(re.findall(r"^`([^`\n]+)`:\n\n```\w*\n(.*?)^```", text, re.MULTILINE | re.DOTALL))


def test_the_example_package_of_the_docs_works(install: Install, settings: Settings,
                                               tmp_path: Path) -> None:
    files = doc_files()
    project = tomllib.loads(files["plynx-example/pyproject.toml"])["project"]
    prefix = "plynx-example/src/"
    install(project["name"], {path.removeprefix(prefix): text for path, text in files.items()
                              if path.startswith(prefix)},
            project["entry-points"][ENTRY_POINT_GROUP])
    registry = get_registry()
    assert registry.kind("shout").name == "shout"
    assert registry.resource_type("text").accepts(registry.resource_type("markdown"))

    flow = tmp_path / "shout.yaml"
    flow.write_text(files["shout.yaml"], encoding="utf-8")
    with Engine(settings.model_copy(update={"executor": "serial"})) as engine:
        assert type(engine.executor).__name__ == "SerialExecutor"
        hub = registry.hubs["bundled"](engine.artifacts)
        assert [op.name for op in hub.operations()] == ["shout", "word_count"]
        assert [op.name for op in hub.search(input_type="markdown")] == ["word_count"]
        run = engine.run(load_workflow(flow, engine.artifacts))
        assert run.status is Status.SUCCEEDED, run.error
        states = engine.node_states(run.id)
        with engine.artifacts.open(states["shout"].outputs["out"].digest) as handle:
            assert handle.read() == b"PLUGINS ARE PLAIN PACKAGES\n"
        with engine.artifacts.open(states["words"].outputs["n"].digest) as handle:
            assert handle.read() == b"5"
