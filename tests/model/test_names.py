"""The one rule for identifiers: what is a name, why a text is not, and names made from text."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ValidationError

from plynx.model.names import MAX_NAME_LENGTH, Name, is_name, make_name, name_problem

VALID = ["data.csv", "a.csv", "out", "grep1", "sum_of_sums", "_hidden", "1st", "b-2.csv",
         "v1.2.3", "inputs", "x" * MAX_NAME_LENGTH]
INVALID = ["", ".", "..", "../../x", "/tmp/x", "c/inner", "a\\b", "a\x00b", "bad name!",
           "-rf", ".hidden", "tab\there", "line\nbreak", "é", "x" * (MAX_NAME_LENGTH + 1)]


@pytest.mark.parametrize("name", VALID)
def test_names_of_letters_digits_underscores_dots_and_dashes_are_valid(name: str) -> None:
    assert is_name(name)
    assert name_problem(name) is None


@pytest.mark.parametrize("text", INVALID)
def test_paths_separators_controls_spaces_and_long_texts_are_not_names(text: str) -> None:
    assert not is_name(text)
    problem = name_problem(text, "node id")
    assert problem is not None and "node id" in problem


@pytest.mark.parametrize(("text", "flaw"), [
    ("..", "it starts with '.'"),
    ("/tmp/x", "it starts with '/'"),
    ("c/inner", "'/' is not allowed"),
    ("a\x00b", "'\\x00' is not allowed"),
    ("bad name!", "' ' is not allowed"),
    ("x" * 101, "longer than 100 characters"),
])
def test_a_problem_says_what_is_wrong_and_states_the_rule(text: str, flaw: str) -> None:
    problem = name_problem(text, "input name")
    assert problem is not None
    assert f"is not a valid input name ({flaw}): use letters, digits, '_', '.' and '-', " \
           "starting with a letter, a digit or '_', at most 100 characters" in problem


def test_empty_and_non_text_names_are_explained() -> None:
    assert name_problem("", "output name") == "an output name must not be empty"
    assert name_problem("", "parameter name") == "a parameter name must not be empty"
    assert name_problem(3, "node id") == "a node id must be a string, not int"


def test_a_long_bad_name_is_quoted_cut() -> None:
    problem = name_problem("y" * 500 + "!")
    assert problem is not None and len(problem) < 300


def test_the_pydantic_type_refuses_bad_names() -> None:
    class Named(BaseModel):
        name: Name

    assert Named(name="data.csv").name == "data.csv"
    with pytest.raises(ValidationError, match="it starts with '.'"):
        Named(name="..")


@pytest.mark.parametrize(("text", "made"), [
    ("data.csv", "data.csv"),
    ("my data (1).csv", "my_data_1_.csv"),
    ("../../etc/passwd", "_.._.._etc_passwd"),
    (".hidden", "_.hidden"),
    ("-rf", "_-rf"),
    ("données.csv", "donn_es.csv"),
    ("", "file"),
    ("!!!", "file"),
])
def test_names_made_from_free_text_follow_the_rule(text: str, made: str) -> None:
    assert make_name(text) == made
    assert is_name(make_name(text))


def test_names_made_from_long_text_are_cut() -> None:
    assert make_name("z" * 1000) == "z" * MAX_NAME_LENGTH
