"""Short declarations of inputs, outputs and parameters."""

from __future__ import annotations

from plynx.client.specs import to_inputs, to_parameters
from plynx.model import Input, ParameterType


def test_parameter_types_are_inferred_from_defaults() -> None:
    (number, items, text) = to_parameters({"n": 3, "ids": (1, 2), "t": "a\nb"}, "op")
    assert (number.type, items.type, text.type) == (
        ParameterType.INT, ParameterType.LIST_INT, ParameterType.TEXT)


def test_inputs_and_parameters() -> None:
    assert to_inputs({"a": "csv", "b": ("file", 0, 3), "c": Input(name="x", type="json")},
                     "op") == [Input(name="a", type="csv"),
                               Input(name="b", min_count=0, max_count=3),
                               Input(name="c", type="json")]
    rate, mode, text = to_parameters({"rate": {"default": 1, "type": "float"},
                                      "mode": {"options": ["a", "b"]},
                                      "text": "two\nlines"}, "op")
    assert (rate.type, rate.default) == (ParameterType.FLOAT, 1.0)
    assert (mode.type, mode.options, mode.default) == (ParameterType.ENUM, ["a", "b"], None)
    assert text.type is ParameterType.TEXT
