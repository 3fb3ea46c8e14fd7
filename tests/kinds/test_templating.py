"""Rendering Jinja2 templates into bash: quoting by default, ``raw`` on request, strictness."""

from __future__ import annotations

import pytest

from plynx.errors import ExecutionError
from plynx.kinds import templating


def render(source: str, *, input=None, output=None, param=None) -> str:
    return templating.render(source, input=input or {}, output=output or {},
                             param=param or {}, label="operation 'demo'")


def test_values_are_shell_quoted():
    assert render("echo {{ param.text }}", param={"text": "; touch pwned"}) == \
        "echo '; touch pwned'"
    assert render("echo {{ param['n'] }}", param={"n": 5}) == "echo 5"


def test_names_with_dots_and_attribute_lookup_both_work():
    source = "cat {{ input['data.csv'] }} {{ input.model }} > {{ output.out }}"
    text = render(source, input={"data.csv": "/w/in/data.csv", "model": "/w/my model"},
                  output={"out": "/w/out"})
    assert text == "cat /w/in/data.csv '/w/my model' > /w/out"


def test_entries_named_like_dict_methods_win():
    text = render("sort {{ param.items }} {{ param.keys | raw }}",
                  param={"items": "a b", "keys": "-k2"})
    assert text == "sort 'a b' -k2"


def test_a_list_renders_as_quoted_items():
    text = render("cat {{ input.files }}", input={"files": ["/a b", "/c", "x;y"]})
    assert text == "cat '/a b' /c 'x;y'"
    assert render("cat {{ input.files }}", input={"files": []}) == "cat "


def test_raw_filter_renders_unquoted():
    assert render("{{ param.cmd | raw }}", param={"cmd": "ls -l; pwd"}) == "ls -l; pwd"
    assert render("ls {{ param.flags | raw }}", param={"flags": ["-l", "-a"]}) == "ls -l -a"


def test_bools_and_none():
    text = render("{{ param.on }} {{ param.off }} x{{ param.none }}",
                  param={"on": True, "off": False, "none": None})
    assert text == "true false x''"


def test_filters_and_statements_still_work():
    source = "{% for f in input.files %}wc {{ f }}\n{% endfor %}{{ input.files | join(',') }}"
    assert render(source, input={"files": ["a", "b c"]}) == "wc a\nwc 'b c'\n'a,b c'"
    assert render("{{ param.x | default('d') }}", param={}) == "d"


def test_undefined_entry_names_variable_name_line_and_operation():
    with pytest.raises(ExecutionError) as caught:
        render("echo ok\ncat {{ input.dta }}", input={"data": "/p"})
    message = str(caught.value)
    assert "operation 'demo'" in message
    assert "line 2" in message
    assert "input has no 'dta'" in message and "'data'" in message


def test_undefined_top_level_variable():
    with pytest.raises(ExecutionError, match="'inputs' is undefined"):
        render("cat {{ inputs.x }}")


def test_syntax_error_at_render_names_the_line():
    with pytest.raises(ExecutionError, match="line 3"):
        render("a\nb\n{% if %}")


def test_check_reports_syntax_errors_with_line():
    problems = templating.check("echo\n{{ param.x ", inputs=[], outputs=[], params=["x"])
    assert len(problems) == 1
    assert problems[0].where == "code"
    assert problems[0].message.startswith("template line 2:")


def test_check_reports_undeclared_names():
    source = ("cat {{ input['data.csv'] }} {{ input.other }} > {{ output.out }}\n"
              "echo {{ param.rate }} {{ param.get('seed') }} {{ unknown }}")
    problems = templating.check(source, inputs=["data.csv"], outputs=["out"], params=["rate"])
    messages = sorted(p.message for p in problems)
    assert messages == [
        "template line 1: input['other'] refers to no declared input",
        "template line 2: unknown variable 'unknown' (templates see: input, output, param)",
    ]


def test_check_accepts_a_clean_template():
    source = "{% set n = 3 %}{% for f in input.files %}{{ f }} {{ n }}{% endfor %}"
    assert templating.check(source, inputs=["files"], outputs=[], params=[]) == []


@pytest.mark.parametrize("source", [
    "{{ cycler.__init__.__globals__.os.getpid() }}",
    "{{ param.__class__.__mro__ }}",
    "{{ 'x' * 100000000 }}",
    "{{ 2 ** 100000 }}",
])
def test_templates_cannot_reach_python_internals_nor_build_huge_values(source: str):
    with pytest.raises(ExecutionError, match="template"):
        render(source)


@pytest.mark.parametrize(("source", "reason"), [
    ("{{ ((3 ** 1000) ** 1000) ** 20 }}", "** would build a number of more than 65536 bits"),
    ("{% set n = 2 ** 60000 %}{{ n * n }}", "* would build a number of more than 65536 bits"),
    ("{{ 'x' * 1000000 + 'y' }}", "+ would build a value of more than 1000000 items"),
    ("{% for i in range(100000) %}{{ 'x' * 200 }}{% endfor %}",
     "the script is longer than 10000000 characters"),
])
def test_huge_values_are_refused_before_they_are_built(source: str, reason: str):
    with pytest.raises(ExecutionError, match=r"template( line 1)?: SecurityError: ") as caught:
        render(source)
    assert str(caught.value).endswith(reason)


def test_big_but_bounded_arithmetic_still_works():
    assert render("{{ 2 ** 64 }} {{ (10 ** 20) * 3 }} {{ 'ab' + 'c' }}") == \
        "18446744073709551616 300000000000000000000 abc"
