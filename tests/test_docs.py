"""The documentation keeps up with the code.

Every built-in kind, resource type, parameter type, executor, hub, plugin hook, setting and
status must be named, in backticks, on the page that documents it; the examples of
docs/operations.md are the seed's, and they load, validate and run.
"""

from __future__ import annotations

import importlib
import re
import subprocess
from pathlib import Path

import pluggy
import pytest

from plynx import hookspecs
from plynx.artifacts import open_store
from plynx.config import Settings
from plynx.engine import Engine
from plynx.graph import validate_workflow
from plynx.model import OperationStatus, ParameterType, Status
from plynx.plugins import DEFAULT_PLUGINS, Registry, build_registry, get_registry
from plynx.workflow_file import load_workflow
from tests.kinds.test_bash_jinja2 import GIT_CHECKOUT
from tests.kinds.test_python import SPLIT

DOCS = Path(__file__).resolve().parents[1] / "docs"


def page(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def documented(text: str, name: str) -> bool:
    """Whether ``name`` appears in backticks: `name`, `$name` or `name()`."""
    return re.search(rf"`\$?{re.escape(name)}(\(\))?`", text) is not None


def builtin_registry() -> Registry:
    """What the built-in plugins register, whatever else is installed."""
    manager = pluggy.PluginManager("plynx")
    manager.add_hookspecs(hookspecs)
    for module in DEFAULT_PLUGINS:
        manager.register(importlib.import_module(module), name=module)
    return build_registry(manager)


BUILTINS = builtin_registry()
HOOKS = sorted(name for name, value in vars(hookspecs).items() if hasattr(value, "plynx_spec"))
SETTINGS = sorted(Settings.model_fields)

#: (page, what, name): ``name`` must be documented on ``page``.
REQUIRED = [
    *[("operations.md", "kind", name) for name in BUILTINS.kinds],
    *[("resources.md", "resource type", name) for name in BUILTINS.resource_types],
    *[(doc, "parameter type", t.value) for t in ParameterType
      for doc in ("operations.md", "workflow-file.md")],
    *[("plugins.md", "hook", name) for name in HOOKS],
    *[("plugins.md", "executor", name) for name in BUILTINS.executors],
    *[("plugins.md", "hub", name) for name in BUILTINS.hubs],
    *[("configuration.md", "setting", name) for name in SETTINGS],
    *[("configuration.md", "environment variable", f"PLYNX_{name.upper()}") for name in SETTINGS],
    *[("concepts.md", "status", status.value) for status in Status],
    *[("concepts.md", "operation status", status.value) for status in OperationStatus],
]


@pytest.mark.parametrize(("doc", "what", "name"), REQUIRED,
                         ids=[f"{doc}:{name}" for doc, _, name in REQUIRED])
def test_documented(doc: str, what: str, name: str) -> None:
    assert documented(page(doc), name), f"docs/{doc} does not document the {what} `{name}`"


def test_the_checks_find_what_they_check() -> None:
    assert set(BUILTINS.kinds) == {"file", "bash_jinja2", "python", "composite"}
    assert {"file", "directory", "csv", "int", "list"} <= set(BUILTINS.resource_types)
    assert HOOKS == ["plynx_executors", "plynx_hubs", "plynx_kinds", "plynx_resource_types"]
    assert {"home", "database_url", "concurrency"} <= set(SETTINGS)
    assert len(Status) == 8 and "list_int" in {t.value for t in ParameterType}


def resource_rows() -> dict[str, list[str]]:
    """The rows of the table of built-in types in docs/resources.md, by type name."""
    rows = {}
    for line in page("resources.md").splitlines():
        match = re.match(r"^\| `([a-z_]+)` \|(.*)\|$", line)
        if match and match.group(1) not in rows:
            rows[match.group(1)] = [cell.strip() for cell in match.group(2).split("|")]
    return rows


@pytest.mark.parametrize("name", list(BUILTINS.resource_types))
def test_the_table_of_resource_types_says_what_the_code_does(name: str) -> None:
    resource_type = BUILTINS.resource_types[name]
    row = resource_rows().get(name)
    assert row is not None, f"docs/resources.md: no row for `{name}` in the table of types"
    is_a, _, media_type = row[0], row[1], row[2]
    assert re.findall(r"`([a-z_]+)`", is_a) == list(resource_type.is_a), name
    assert media_type == f"`{resource_type.media_type}`", name


# -- docs/operations.md ----------------------------------------------------------------------


def blocks(doc: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", page(doc), re.MULTILINE | re.DOTALL)


def test_the_seed_examples_are_given_verbatim() -> None:
    indented = "".join(f"      {line}".rstrip() + "\n" for line in GIT_CHECKOUT.splitlines())
    assert any(indented in block for block in blocks("operations.md", "yaml"))
    assert SPLIT in blocks("operations.md", "python")


def test_the_yaml_examples_of_operations_md_are_valid(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "artifacts"))
    (tmp_path / "split.py").write_text(SPLIT, encoding="utf-8")
    examples = blocks("operations.md", "yaml")
    assert len(examples) >= 4
    for number, example in enumerate(examples):
        if "\nnodes:" not in f"\n{example}":
            example += "nodes: {}\n"
        path = tmp_path / f"example{number}.yaml"
        path.write_text(example, encoding="utf-8")
        workflow = load_workflow(path, store)
        assert validate_workflow(workflow, get_registry()) == [], example


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True,
                          text=True)
    return done.stdout.strip()


def test_the_git_example_runs(settings: Settings, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / "train.py").write_text("print('v1')\n")
    git(repo, "add", ".")
    git(repo, "-c", "user.email=dev@example.com", "-c", "user.name=Dev", "commit", "-qm", "v1")
    first = git(repo, "rev-parse", "HEAD")
    (repo / "train.py").write_text("print('v2')\n")
    git(repo, "-c", "user.email=dev@example.com", "-c", "user.name=Dev", "commit", "-qam", "v2")

    (example,) = [b for b in blocks("operations.md", "yaml") if "git_checkout" in b]
    path = tmp_path / "git.yaml"
    path.write_text(example, encoding="utf-8")
    with Engine(settings) as engine:
        workflow = load_workflow(path, engine.artifacts)
        run = engine.run(workflow, node_params={"checkout": {"repo": str(repo), "commit": first}})
        assert run.status is Status.SUCCEEDED, run.error
        artifact = engine.node_states(run.id)["checkout"].outputs["dir"]
        folder = tmp_path / "checkout"
        engine.artifacts.materialize(artifact, folder)
    assert (folder / "train.py").read_text() == "print('v1')\n"


# -- links -----------------------------------------------------------------------------------


def anchors(text: str) -> set[str]:
    """The anchors of the headings of a page, as GitHub makes them."""
    found = set()
    for heading in re.findall(r"^#+ (.*)$", text, re.MULTILINE):
        slug = re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")
        found.add(slug)
    return found


@pytest.mark.parametrize("doc", ["operations.md", "resources.md", "plugins.md"])
def test_links_lead_somewhere(doc: str) -> None:
    broken = []
    for target in re.findall(r"\]\(([^)\s]+)\)", page(doc)):
        if re.match(r"^[a-z]+://", target):
            continue
        name, _, anchor = target.partition("#")
        text = page(name or doc) if (DOCS / (name or doc)).exists() else None
        if text is None or (anchor and anchor not in anchors(text)):
            broken.append(target)
    assert not broken, f"docs/{doc}: broken links {broken}"
