"""Where a place in a bash script stands: a plain word, or inside quotes, a heredoc, a comment.

A shell-quoted value (:func:`shlex.quote`) is one safe word only where bash reads words: in
plain command text, including inside ``$( )`` (which starts a new command, even within
double quotes). Elsewhere its quotes do not protect it: inside double quotes or a heredoc
``$( )`` in the value still runs, inside single quotes its own quotes end them, inside
backticks a backtick in the value ends them, and a newline ends a comment. A heredoc's end
is found line by line before its body is parsed, so a line of the value equal to the
delimiter ends it even inside a ``$( )`` of the body.

:func:`contexts` scans a script once, from left to right, following what bash follows:
single and double quotes, ``$'…'``, backslash escapes, ``$( )`` and ``$(( ))``, backticks,
comments, and heredocs (``<<``, ``<<-``, with plain or quoted delimiters; not ``<<<``). It
reads the text as written: template statements such as ``{% if %}`` are not branches to it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

#: The character standing for a value in the scanned script.
PLACEHOLDER = "\x00"

#: Characters that end a word, after which ``#`` starts a comment.
_BREAKS = frozenset(" \t\n;&|()<>")


class Context(enum.Enum):
    """Where a value stands; its ``value`` reads after "inside"."""

    COMMAND = "plain command text"
    DOUBLE_QUOTES = "double quotes"
    SINGLE_QUOTES = "single quotes"
    ANSI_C_QUOTES = "$'…' quotes"
    BACKTICKS = "backticks"
    HEREDOC = "a heredoc"
    COMMENT = "a comment"

    @property
    def safe(self) -> bool:
        """Whether a shell-quoted value stays one word here."""
        return self is Context.COMMAND


@dataclass
class _Heredoc:
    delimiter: str
    strip_tabs: bool
    expands: bool  # the delimiter was not quoted: $( ), backticks and \ work in the body
    line: str = ""


@dataclass
class _Frame:
    context: Context
    depth: int = 0  # open parentheses of a $( )
    arithmetic: bool = False  # a $(( )): no comments nor heredocs, << shifts
    heredoc: _Heredoc | None = None


@dataclass
class _Scanner:
    script: str
    stack: list[_Frame] = field(default_factory=lambda: [_Frame(Context.COMMAND)])
    pending: list[_Heredoc] = field(default_factory=list)
    found: list[Context] = field(default_factory=list)
    i: int = 0

    def run(self) -> list[Context]:
        while self.i < len(self.script):
            frame = self.stack[-1]
            char = self.script[self.i]
            if char == PLACEHOLDER:
                self.found.append(self._here())
                if frame.heredoc is not None:
                    frame.heredoc.line += char
                self.i += 1
            elif frame.context is Context.COMMAND:
                self._command(frame, char)
            elif frame.context is Context.HEREDOC:
                self._heredoc(frame, char)
            else:
                self._quoted(frame.context, char)
        return self.found

    def _here(self) -> Context:
        """The context of a value at this point: backticks or a heredoc anywhere around it
        (their end is found before what they hold is parsed), else the innermost one."""
        around = {frame.context for frame in self.stack}
        for context in (Context.BACKTICKS, Context.HEREDOC):
            if context in around:
                return context
        return self.stack[-1].context

    def _ahead(self, text: str) -> bool:
        return self.script.startswith(text, self.i)

    def _escape(self) -> str:
        """Pass a backslash and the character it escapes (never a value); return both."""
        end = self.i + (1 if self.script[self.i + 1:self.i + 2] == PLACEHOLDER else 2)
        escaped, self.i = self.script[self.i:end], end
        return escaped

    def _push(self, context: Context, skip: int, depth: int = 0,
              arithmetic: bool = False) -> None:
        """Enter ``context`` whose opening is the next ``skip`` characters."""
        self.stack.append(_Frame(context, depth=depth, arithmetic=arithmetic))
        self.i += skip

    def _command(self, frame: _Frame, char: str) -> None:
        """Plain command text, at the top or inside ``$( )``."""
        previous = self.script[self.i - 1] if self.i else "\n"
        if char == "\\":
            self._escape()
        elif char == "'":
            self._push(Context.SINGLE_QUOTES, 1)
        elif char == '"':
            self._push(Context.DOUBLE_QUOTES, 1)
        elif char == "`":
            self._push(Context.BACKTICKS, 1)
        elif self._ahead("$'"):
            self._push(Context.ANSI_C_QUOTES, 2)
        elif self._ahead("$(("):
            self._push(Context.COMMAND, 3, depth=2, arithmetic=True)
        elif self._ahead("$("):
            self._push(Context.COMMAND, 2, depth=1)
        elif frame.arithmetic and char not in "()":
            self.i += 1
        elif char == "#" and previous in _BREAKS:
            self._push(Context.COMMENT, 1)
        elif self._ahead("<<<"):
            self.i += 3
        elif self._ahead("<<"):
            self._heredoc_operator()
        elif char == "\n":
            self.i += 1
            self._start_heredoc()
        else:
            if frame.depth and char == "(":
                frame.depth += 1
            elif frame.depth and char == ")":
                frame.depth -= 1
                if frame.depth == 0:
                    self.stack.pop()
            self.i += 1

    def _quoted(self, context: Context, char: str) -> None:
        """Inside quotes, backticks or a comment."""
        ends = {Context.DOUBLE_QUOTES: '"', Context.SINGLE_QUOTES: "'",
                Context.ANSI_C_QUOTES: "'", Context.BACKTICKS: "`", Context.COMMENT: "\n"}
        if char == "\\" and context in (Context.DOUBLE_QUOTES, Context.ANSI_C_QUOTES,
                                        Context.BACKTICKS):
            self._escape()
        elif char == ends[context]:
            self.stack.pop()
            if context is not Context.COMMENT:  # the newline still ends the command
                self.i += 1
        elif context is Context.DOUBLE_QUOTES and self._ahead("$(("):
            self._push(Context.COMMAND, 3, depth=2, arithmetic=True)
        elif context is Context.DOUBLE_QUOTES and self._ahead("$("):
            self._push(Context.COMMAND, 2, depth=1)
        elif context is Context.DOUBLE_QUOTES and char == "`":
            self._push(Context.BACKTICKS, 1)
        else:
            self.i += 1

    def _heredoc_operator(self) -> None:
        """``<<`` or ``<<-`` and its delimiter word, whose body starts at the next line."""
        self.i += 2
        strip_tabs = self._ahead("-")
        if strip_tabs:
            self.i += 1
        while self.i < len(self.script) and self.script[self.i] in " \t":
            self.i += 1
        delimiter, quoted = [], False
        while self.i < len(self.script) and self.script[self.i] not in _BREAKS \
                and self.script[self.i] != PLACEHOLDER:
            char = self.script[self.i]
            if char in "'\"":
                end = self.script.find(char, self.i + 1)
                end = len(self.script) if end < 0 else end
                delimiter.append(self.script[self.i + 1:end])
                quoted, self.i = True, end + 1
            elif char == "\\":
                delimiter.append(self.script[self.i + 1:self.i + 2])
                quoted, self.i = True, self.i + 2
            else:
                delimiter.append(char)
                self.i += 1
        word = "".join(delimiter)
        ends_in_value = self.i < len(self.script) and self.script[self.i] == PLACEHOLDER
        if word and not ends_in_value:  # a delimiter made by a value is not known here
            self.pending.append(_Heredoc(word, strip_tabs, expands=not quoted))

    def _start_heredoc(self) -> None:
        if self.pending:
            heredoc = self.pending.pop(0)
            self.stack.append(_Frame(Context.HEREDOC, heredoc=heredoc))

    def _heredoc(self, frame: _Frame, char: str) -> None:
        """A heredoc's body, line by line until its delimiter."""
        heredoc = frame.heredoc
        assert heredoc is not None
        if char == "\n":
            self.i += 1
            self._end_of_line(heredoc)
            return
        if heredoc.expands and char == "\\":
            heredoc.line += self._escape()
        elif heredoc.expands and self._ahead("$("):
            heredoc.line += "$("
            self._push(Context.COMMAND, 2, depth=1)
        elif heredoc.expands and char == "`":
            heredoc.line += char
            self._push(Context.BACKTICKS, 1)
        else:
            heredoc.line += char
            self.i += 1
        if self.i >= len(self.script):
            self._end_of_line(heredoc)

    def _end_of_line(self, heredoc: _Heredoc) -> None:
        line = heredoc.line.lstrip("\t") if heredoc.strip_tabs else heredoc.line
        heredoc.line = ""
        if line == heredoc.delimiter:
            self.stack.pop()
            self._start_heredoc()


def contexts(script: str) -> list[Context]:
    """The context of each :data:`PLACEHOLDER` in ``script``, in order."""
    return _Scanner(script).run()
