"""Short declarations of inputs, outputs and parameters."""

from __future__ import annotations

import pytest

from plynx.client.specs import infer_parameter_type, to_inputs, to_parameters
from plynx.model import Input, ParameterType
from plynx.workflow_file.fields import infer_parameter_type as file_inference


@pytest.mark.parametrize("value", [True, 3, 2.5, [1, 2], ["a", 1], [], "x", "a\nb", None])
def test_types_are_inferred_as_in_workflow_files(value: object) -> None:
    assert infer_parameter_type(value) == file_inference(value)


def test_a_tuple_default_is_a_list() -> None:
    assert infer_parameter_type((1, 2)) is ParameterType.LIST_INT


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
