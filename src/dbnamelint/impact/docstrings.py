"""Python docstrings: string literals that are statements of their own.

A string literal standing as a whole statement (a module's, class's or
function's docstring, or any bare string: Python evaluates and discards it)
is documentation, whatever SQL words its prose holds ("1. Pull image from
project(PA) by robot account;"). Found with Python's own tokenizer: a
``STRING`` token (or adjacent ones) opening a logical line and ending it, in
a file with a triple-quoted string (a one-line string is judged as prose
already). A file the tokenizer cannot read (Python 2, a syntax error) has
none found.
Reads text only.
"""

from __future__ import annotations

import bisect
import io
import re
import tokenize

from dbnamelint.core.lazyre import lazy_compile

_START = frozenset({tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING})
_SKIPPED = frozenset({tokenize.NL, tokenize.COMMENT})
_BLANK_LINE = lazy_compile(r"\n[ \t]*\n")


def docstrings(path: str, text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each bare string statement's literal in the
    Python file ``text`` (quotes and prefix included), in order."""
    if not path.lower().endswith((".py", ".pyi")) or ('"""' not in text and "'''" not in text):
        return []
    starts = [0, *(m.end() for m in re.finditer("\n", text))]

    def offset(row: int, column: int) -> int:
        return starts[row - 1] + column if row - 1 < len(starts) else len(text)

    out: list[tuple[int, int]] = []
    statement_start = True
    pending: list[tuple[int, int]] = []  # the strings of the current statement so far
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            kind = token.type
            if kind in _SKIPPED:
                continue
            if kind == tokenize.STRING and (statement_start or pending):
                pending.append((offset(*token.start), offset(*token.end)))
                statement_start = False
                continue
            if pending and kind in (tokenize.NEWLINE, tokenize.ENDMARKER):
                out += pending
            pending = []
            statement_start = kind in _START
    except (tokenize.TokenError, SyntaxError):
        return []
    return out


def paragraph(text: str, span: tuple[int, int], at: int) -> str:
    """The paragraph (lines between blank lines) of the docstring ``span``
    that holds offset ``at``, its quotes left out."""
    literal = text[span[0] : span[1]]
    head = 0
    while head < len(literal) and literal[head] not in "\"'":
        head += 1  # a prefix: r, u, b
    width = 3 if literal[head : head + 3] in ('"""', "'''") else 1
    start, end = span[0] + head + width, max(span[0] + head + width, span[1] - width)
    for blank in _BLANK_LINE.finditer(text, start, end):
        if blank.end() <= at:
            start = blank.end()
        elif blank.start() >= at:
            end = blank.start()
            break
    return text[start:end].strip()


def span_at(spans: list[tuple[int, int]], at: int) -> tuple[int, int] | None:
    """The span of ``spans`` (in order, not overlapping) holding offset ``at``, or None."""
    k = bisect.bisect_right([a for a, _ in spans], at) - 1
    return spans[k] if k >= 0 and at < spans[k][1] else None
