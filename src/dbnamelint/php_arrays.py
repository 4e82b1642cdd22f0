"""PHP's old array literal, ``array(...)``, found among a file's tokens.

PHP writes an array ``[...]`` or, in the old syntax LinkAce's migrations
keep, ``array(...)`` (any case, spaces before ``(``, trailing commas and
comments inside): the same value. The readers of Laravel code take ``[...]``;
:func:`old_arrays` says which tokens spell the old form so each reader gives
it as ``[...]`` (trial s43). ``array`` followed by no ``(`` is a type or a
cast (``function f(array $x)``, ``(array) $x``), and after ``->``, ``::``,
``function`` or ``new`` it is a method's or class's name: neither is a literal.
"""

from __future__ import annotations

from collections.abc import Sequence

#: Tokens after which ``array(`` is a call of a method named so, not a literal.
_NOT_LITERAL = frozenset({"->", "?->", "::", "function", "new"})


def old_arrays(toks: Sequence[tuple[str, str]]) -> tuple[dict[int, int], set[int]]:
    """For ``toks`` (each a token's kind, ``"w"`` for a word and ``"p"`` for one
    character, and its text; comments left out): each ``array`` word opening
    a literal -> the index of its ``(``, and the indexes of the ``)`` closing
    them. Brackets that do not match (a span cut out of a file) are left."""
    opens: dict[int, int] = {}
    closes: set[int] = set()
    stack: list[bool] = []  # per open `(`: whether it opens an array literal
    prev = ""
    for i, (kind, text) in enumerate(toks):
        if (
            kind == "w"
            and text.lower() == "array"
            and i + 1 < len(toks)
            and toks[i + 1] == ("p", "(")
            and prev not in _NOT_LITERAL
        ):
            opens[i] = i + 1
        elif kind == "p" and text == "(":
            stack.append(i - 1 in opens)
        elif kind == "p" and text == ")" and stack and stack.pop():
            closes.add(i)
        prev = text
    return opens, closes
