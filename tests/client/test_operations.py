"""Operations defined in Python become the models the server stores."""

from __future__ import annotations

import pytest

from plynx.client import BuildError, OperationDef, bash_operation, operation
from plynx.client.operations import content_of
from plynx.model import CachePolicy, Input, Output, Parameter, ParameterType


@operation(inputs={"data": "csv", "extra": ("text", 0, -1)}, outputs={"out": "text"},
           params={"n": 10, "rate": 0.5, "verbose": False, "label": "x", "ids": [1, 2],
                   "mode": {"options": ["fast", "slow"], "default": "fast"}},
           title="Head of a table", cache=CachePolicy(enabled=False), timeout_seconds=60)
def head(input, output, param):
    """First lines of a table."""
    with open(input["data"]) as src, open(output["out"], "w") as dst:
        dst.writelines(src.readlines()[: int(param["n"])])


def test_decorator_makes_a_python_operation() -> None:
    op = head.model
    assert isinstance(head, OperationDef)
    assert (op.name, op.kind, op.title) == ("head", "python", "Head of a table")
    assert op.description == "First lines of a table."
    assert op.code.startswith('with open(input["data"]) as src')
    assert op.inputs == [Input(name="data", type="csv"),
                         Input(name="extra", type="text", min_count=0, max_count=-1)]
    assert op.outputs == [Output(name="out", type="text")]
    types = {p.name: (p.type, p.default) for p in op.parameters}
    assert types == {
        "n": (ParameterType.INT, 10), "rate": (ParameterType.FLOAT, 0.5),
        "verbose": (ParameterType.BOOL, False), "label": (ParameterType.STR, "x"),
        "ids": (ParameterType.LIST_INT, [1, 2]), "mode": (ParameterType.ENUM, "fast"),
    }
    assert op.parameter("mode").options == ["fast", "slow"]
    assert op.cache.enabled is False
    assert op.timeout_seconds == 60
    assert head.__name__ == "head" and head.__wrapped__ is not None


def test_bare_decorator_and_explicit_name() -> None:
    @operation
    def plain(input, output, param):
        pass

    @operation(name="renamed", description="explicit")
    def original(input, output, param):
        """Docstring."""

    assert (plain.name, plain.model.code, plain.model.inputs) == ("plain", "pass\n", [])
    assert (original.name, original.model.description) == ("renamed", "explicit")


def test_bash_operation() -> None:
    op = bash_operation("grep", "grep {{ param['p'] }} {{ input.lines }} > {{ output.m }}",
                        inputs={"lines": "text"}, outputs={"m": Output(name="ignored")},
                        params={"p": Parameter(name="ignored", default="^1")})
    assert op.model.kind == "bash_jinja2"
    assert op.model.outputs == [Output(name="m", type="file")]
    assert op.model.parameters == [Parameter(name="p", default="^1")]


def test_content_leaves_out_what_names_a_stored_version() -> None:
    content = content_of(head.model)
    assert not {"id", "version", "status", "author", "created_at", "successor"} & set(content)
    assert content["code"] == head.model.code
    other = head.model.model_copy(update={"id": "x", "version": 7, "author": "bob"})
    assert content_of(other) == content


@pytest.mark.parametrize("kwargs, message", [
    ({"inputs": {"a": 3}}, "input 'a' must be a type"),
    ({"inputs": {"a": ("text", 2, 1)}}, "operation 'op': input 'a': count range 2..1 is empty$"),
    ({"outputs": {"b": ("text",)}}, "output 'b' must be a type"),
    ({"params": {"n": {"type": "int", "default": "ten"}}}, "parameter 'n' expects int"),
    ({"params": {"n": {"type": "integer"}}}, "parameter 'n': Input should be"),
    ({"params": {"n": {"defualt": 3}}}, r"unknown key\(s\) defualt"),
])
def test_bad_declarations_are_build_errors(kwargs: dict, message: str) -> None:
    with pytest.raises(BuildError, match=message):
        bash_operation("op", "true", **kwargs)


def test_an_operation_outside_a_workflow_says_where_to_call_it() -> None:
    with pytest.raises(BuildError, match=r"call it inside 'with Workflow\(...\):'"):
        head()
