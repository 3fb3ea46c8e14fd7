"""The Hub interface: a catalogue of operations to browse."""

from __future__ import annotations

from typing import ClassVar

from plynx.model import Operation


class Hub:
    """A searchable catalogue of operations, grouped for display."""

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""

    def operations(self) -> list[Operation]:
        raise NotImplementedError

    def search(self, text: str = "", input_type: str | None = None,
               output_type: str | None = None) -> list[Operation]:
        """Operations whose name, title or description contain ``text`` (case-insensitive)
        and that have an input or output of the given types."""
        needle = text.lower()
        found = []
        for op in self.operations():
            haystack = f"{op.name} {op.title} {op.description}".lower()
            if needle and needle not in haystack:
                continue
            if input_type and all(i.type != input_type for i in op.inputs):
                continue
            if output_type and all(o.type != output_type for o in op.outputs):
                continue
            found.append(op)
        return found
