"""What the installed package ships beside its modules."""

from __future__ import annotations

from importlib.resources import files


def test_the_package_declares_its_types():
    """``py.typed`` (PEP 561) lets type checkers use the client's annotations."""
    assert files("plynx").joinpath("py.typed").is_file()
