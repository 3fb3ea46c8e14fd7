"""The code of a python operation is the body of a function."""

from __future__ import annotations

import pytest

from plynx.client.errors import BuildError
from plynx.client.source import function_body


def test_body_without_decorator_def_line_and_docstring_dedented() -> None:
    def decorator(func):  # noqa: ANN001, ANN202
        return func

    @decorator
    def split(input, output,
              param) -> None:  # a signature over two lines
        """Split the lines.

        Into two files.
        """
        # comments are kept
        import random

        random.seed(int(param["seed"]))
        text = """
not indented inside a string
"""
        output["a"] = text

    code, doc = function_body(split)
    assert code == (
        "# comments are kept\n"
        "import random\n"
        "\n"
        'random.seed(int(param["seed"]))\n'
        'text = """\n'
        "not indented inside a string\n"
        '"""\n'
        'output["a"] = text\n'
    )
    assert doc == "Split the lines.\n\nInto two files."
    compile(code, "operation.py", "exec")


def test_one_line_body() -> None:
    def one(input, output, param): output["x"] = 1  # a comment

    assert function_body(one) == ('output["x"] = 1  # a comment\n', "")


def test_docstring_only_gives_empty_code() -> None:
    def nothing(input, output, param):
        """Does nothing."""

    assert function_body(nothing) == ("", "Does nothing.")


def test_the_function_may_take_fewer_of_the_names() -> None:
    def writes(output):
        output["x"] = 2

    assert function_body(writes)[0] == 'output["x"] = 2\n'


@pytest.mark.parametrize("func, message", [
    (lambda input, output, param: None, "not a function defined with def"),
    (print, "not a function defined with def"),
])
def test_rejects_what_is_not_a_def(func: object, message: str) -> None:
    with pytest.raises(BuildError, match=message):
        function_body(func)  # type: ignore[arg-type]


def test_rejects_other_arguments() -> None:
    def wrong(data, n):
        return data

    with pytest.raises(BuildError, match="may only take input, output, param.*not data, n"):
        function_body(wrong)


def test_rejects_variables_of_an_enclosing_function() -> None:
    factor = 3

    def scaled(input, output, param):
        output["x"] = factor

    with pytest.raises(BuildError, match=r"enclosing function \(factor\)"):
        function_body(scaled)


def test_rejects_a_return_at_the_top_of_the_body() -> None:
    def early(input, output, param):
        if param["skip"]:
            return
        output["x"] = 1

    with pytest.raises(BuildError, match="'return' outside function"):
        function_body(early)


def test_rejects_generators_and_coroutines() -> None:
    def gen(input, output, param):
        yield 1

    async def coro(input, output, param):
        pass

    for func in (gen, coro):
        with pytest.raises(BuildError, match="plain function"):
            function_body(func)
