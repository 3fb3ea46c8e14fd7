"""Warnings about ``{{ … }}`` placed where shell quoting does not protect the value."""

from __future__ import annotations

import pytest

from plynx.errors import Problem
from plynx.kinds import BashJinja2Kind
from plynx.kinds.quoting_warnings import quoting_warnings
from plynx.model import Parameter, ParameterType
from plynx.server.demo import GIT_CHECKOUT_CODE
from tests.factories import bash


def test_a_value_in_double_quotes_is_named_with_its_line_and_the_safe_way() -> None:
    (warning,) = quoting_warnings("set -e\necho \"name: {{ param['x'] }}\"\n")
    assert warning.where == "code"
    assert warning.line == 2
    assert warning.message.startswith(
        "template line 2: {{ param['x'] }} is inside double quotes, where its shell quoting "
        "does not protect the value")
    assert "use it bare, outside the quotes (it is quoted for you)" in warning.message
    assert "$PLYNX_PARAM_x" in warning.message


@pytest.mark.parametrize(("source", "context", "advice"), [
    ("echo '{{ param.x }}'", "single quotes", '"$PLYNX_PARAM_x"'),
    ("cat <<EOF\n{{ param.x }}\nEOF", "a heredoc", "write $PLYNX_PARAM_x in its place"),
    ("cat <<-'EOF'\n\t{{ param.x }}\n\tEOF", "a heredoc", "$PLYNX_PARAM_x"),
    ("echo `echo {{ param.x }}`", "backticks", "write $( ) instead of backticks"),
    ("echo $(grep \"{{ param.x }}\" f)", "double quotes", "$PLYNX_PARAM_x"),
    ("ls  # {{ param.x }}", "a comment", "{# … #}"),
])
def test_every_unsafe_context_is_reported(source: str, context: str, advice: str) -> None:
    (warning,) = quoting_warnings(source)
    assert f"is inside {context}," in warning.message
    assert advice in warning.message


@pytest.mark.parametrize("source", [
    "grep {{ param.pattern }} {{ input.lines }} > {{ output.out }}",
    "{% if param.verbose %}echo \"verbose\"{% endif %}\necho {{ param.x }}",
    "x=$(cat {{ input.lines }}); echo \"$x\"",
    "echo \"$(grep {{ param.pattern }} {{ input.lines }})\"",
    "echo \"{{ param.flags | raw }}\"",
    "echo 'plain text' \"and $HOME\" {{ param.x }} # done",
    "{# echo \"{{ param.x }}\" #}echo ok",
    "cat <<EOF\n$HOME\nEOF\necho {{ param.x }}",
    "echo \"{% for f in input.files %}x{% endfor %}\" {{ input.files }}",
    GIT_CHECKOUT_CODE,
], ids=["bare words", "if statement", "substitution", "substitution in double quotes",
        "raw", "quotes elsewhere", "jinja comment", "heredoc before", "statement in quotes",
        "git checkout"])
def test_no_warning_where_values_are_safe(source: str) -> None:
    assert quoting_warnings(source) == []


def test_inputs_and_outputs_get_a_shell_variable_as_advice() -> None:
    (warning,) = quoting_warnings('wc -l "{{ input.lines }}"')
    assert warning.message.startswith('template line 1: {{ input.lines }} is inside double')
    assert "PLYNX_PARAM" not in warning.message
    assert 'v={{ … }}' in warning.message and "$v" in warning.message


def test_the_variable_follows_the_name_mapping() -> None:
    (warning,) = quoting_warnings("echo \"{{ param['n-lines.max'] }}\"")
    assert "$PLYNX_PARAM_n_lines_max" in warning.message


def test_plain_parameters_are_not_reported() -> None:
    source = 'echo "{{ param.n }} {{ param.text }} {{ param.n ~ param.text }}"'
    warnings = quoting_warnings(source, plain_params=["n"])
    assert [w.message.split(" is inside")[0] for w in warnings] == [
        "template line 1: {{ param.text }}", "template line 1: {{ param.n ~ param.text }}"]


def test_lines_are_those_of_the_template() -> None:
    source = "{% if param.a %}\n\necho ok\n{% endif %}\necho '{{ param.b }}'\n"
    assert [w.line for w in quoting_warnings(source)] == [5]


def test_whitespace_control_is_followed() -> None:
    source = "# note {% if param.a -%}\n{{ param.b }}{% endif %}\necho {{ param.b }}"
    assert [w.line for w in quoting_warnings(source)] == [2]


def test_a_template_that_does_not_parse_has_no_warnings() -> None:
    assert quoting_warnings('echo "{{ param.x ') == []


def test_the_kind_warns_except_for_numbers_and_booleans() -> None:
    op = bash("greet", 'echo "{{ param.n }} {{ param.on }} {{ param.who }} {{ param.ns }}"',
              params={"n": 3, "on": True, "who": "you",
                      "ns": Parameter(name="ns", type=ParameterType.LIST_INT, default=[1])})
    warnings = BashJinja2Kind().warnings(op)
    assert [w.message.split(" is inside")[0] for w in warnings] == [
        "template line 1: {{ param.who }}"]
    assert isinstance(warnings[0], Problem) and warnings[0].line == 1
