"""The built-in kinds are registered through the plugin hook."""

from __future__ import annotations

from plynx.kinds import BashJinja2Kind, CompositeKind, FileKind, PythonKind
from plynx.plugins import get_registry


def test_builtin_kinds_are_registered():
    registry = get_registry()
    expected = {"file": FileKind, "bash_jinja2": BashJinja2Kind, "python": PythonKind,
                "composite": CompositeKind}
    for name, cls in expected.items():
        kind = registry.kind(name)
        assert type(kind) is cls and kind.name == name and kind.description
    assert [n for n in expected if registry.kind(n).executable] == ["bash_jinja2", "python"]
