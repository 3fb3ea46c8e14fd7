"""The bash context of each value in a script: plain words, quotes, heredocs, comments."""

from __future__ import annotations

import pytest

from plynx.kinds.shell_context import PLACEHOLDER, Context, contexts

V = PLACEHOLDER
C = Context


@pytest.mark.parametrize(("script", "expected"), [
    (f"echo {V} > {V}", [C.COMMAND, C.COMMAND]),
    (f"cmd --opt={V}", [C.COMMAND]),
    (f"x=$(cat {V})", [C.COMMAND]),
    (f'echo "$(cat {V})" and "$(( {V} + 1 ))"', [C.COMMAND, C.COMMAND]),
    (f"x=$(( 1 << 2 ))\necho {V}", [C.COMMAND]),
    (f"echo a#b {V} ${{#list}} {V} $# {V}", [C.COMMAND] * 3),
    (f'echo \\" {V} \\\' {V}', [C.COMMAND] * 2),
    (f"cat <<< {V}", [C.COMMAND]),
    (f"cat <<EOF\n$(grep x {V})\nEOF", [C.HEREDOC]),
], ids=["words", "option", "command substitution", "substitution in double quotes",
        "arithmetic shift", "hash inside words", "escaped quotes", "here-string",
        "substitution in a heredoc"])
def test_contexts(script: str, expected: list[Context]) -> None:
    assert contexts(script) == expected


@pytest.mark.parametrize(("script", "expected"), [
    (f'echo "name: {V}"', C.DOUBLE_QUOTES),
    (f'echo "a \\" still {V}"', C.DOUBLE_QUOTES),
    (f'echo $(grep "{V}" file)', C.DOUBLE_QUOTES),
    (f"echo 'name: {V}'", C.SINGLE_QUOTES),
    (f"echo \"it's\" '{V}'", C.SINGLE_QUOTES),
    (f"echo $'a\\'b {V}'", C.ANSI_C_QUOTES),
    (f"echo `ls {V}`", C.BACKTICKS),
    (f'echo "`ls {V}`"', C.BACKTICKS),
    (f"ls # {V}", C.COMMENT),
    (f"# {V}", C.COMMENT),
    (f"x=1;# {V}", C.COMMENT),
], ids=["double quotes", "escaped double quote", "double quotes in $( )", "single quotes",
        "single quote inside double quotes", "ansi-c quotes", "backticks",
        "backticks in double quotes", "comment", "comment line", "comment after ;"])
def test_a_value_inside(script: str, expected: Context) -> None:
    assert contexts(script) == [expected]
    assert not expected.safe


def test_each_context_ends_where_bash_ends_it() -> None:
    script = (f'echo "{V}" {V}\n'
              f"echo '{V}' {V}\n"
              f"echo `{V}` {V}\n"
              f"# {V}\n{V}\n")
    assert contexts(script) == [C.DOUBLE_QUOTES, C.COMMAND, C.SINGLE_QUOTES, C.COMMAND,
                                C.BACKTICKS, C.COMMAND, C.COMMENT, C.COMMAND]


@pytest.mark.parametrize("operator", ["<<EOF", "<< EOF", "<<'EOF'", '<<"EOF"', "<<\\EOF",
                                      "<<E'O'F"])
def test_heredoc_bodies_until_the_delimiter(operator: str) -> None:
    script = f"cat {operator} > {V}\nline {V}\n  EOF\nEOF\necho {V}\n"
    assert contexts(script) == [C.COMMAND, C.HEREDOC, C.COMMAND]


def test_heredoc_with_dash_ends_at_a_tab_indented_delimiter() -> None:
    script = f"cat <<-END\n\t{V}\n\tEND\necho {V}"
    assert contexts(script) == [C.HEREDOC, C.COMMAND]
    assert contexts(f"cat <<END\n\t{V}\n\tEND\necho {V}") == [C.HEREDOC, C.HEREDOC]


def test_several_heredocs_on_one_line_follow_each_other() -> None:
    script = f"paste <<A <<B # two\n{V}\nA\n{V}\nB\necho {V}"
    assert contexts(script) == [C.HEREDOC, C.HEREDOC, C.COMMAND]


def test_a_heredoc_inside_a_substitution() -> None:
    script = f'x="$(cat <<EOF\n{V}\nEOF\n)" {V}'
    assert contexts(script) == [C.HEREDOC, C.COMMAND]


def test_a_delimiter_made_by_a_value_starts_no_heredoc() -> None:
    assert contexts(f"cat <<{V}\necho {V}") == [C.COMMAND, C.COMMAND]


def test_a_backslash_before_a_value_does_not_hide_it() -> None:
    assert contexts(f"echo \\{V} \"\\{V}\"") == [C.COMMAND, C.DOUBLE_QUOTES]


def test_only_plain_command_text_is_safe() -> None:
    assert [context for context in Context if context.safe] == [Context.COMMAND]
