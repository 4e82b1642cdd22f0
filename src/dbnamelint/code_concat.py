"""An expression with quoted arguments concatenated into a string.

``'ALTER TABLE ' . $this->getTable('entry') . ' ADD c INT'`` (wallabag's
Doctrine migrations), ``"ALTER TABLE " + quote("t") + " ADD c"``: the call
between the two pieces holds string literals of its own, so the plain
"anything but a quote" gap of :mod:`dbnamelint.code_ddl_text` stops there
and the first piece was read alone (``ALTER TABLE`` with no name: a
``DBN004`` error, and an edit of the pieces after it unseen by the gate:
trial s39 wallabag). Here the expression is walked to its end, its brackets
balanced and its literals skipped, so that it becomes one hole of the
string (``DBN013``: the code completes it) and the pieces after it stay
part of the string.

Concatenation is ``.`` in PHP and Perl (``dots``), ``+`` everywhere, and
the language's own operator of :mod:`dbnamelint.code_joins` (Elixir's
``<>``...); a ``.`` is member access elsewhere, part of the expression.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dbnamelint.code_joins import Joins

#: Longest expression walked, as the plain gap's 120 characters leave room for.
_LONGEST = 240


def _quote_at(literals: Sequence[tuple[int, int, str]], k: int) -> int:
    """Where ``literals[k]``'s opening starts (-1 past the end)."""
    if k >= len(literals):
        return -1
    start, _end, opening = literals[k]
    return start - len(opening)


def _closing_len(opening: str) -> int:
    """The length of the quote closing a literal opened by ``opening``."""
    if opening.startswith("<<"):
        return 0
    quote = opening.lstrip("rRbBcuUfFtT#@$")
    return len(quote) + opening.count("#")


def _past_blanks(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def _operator_end(text: str, at: int, dots: bool, joins: Joins) -> int | None:
    """Just past the concatenation operator at ``at`` and the blanks around
    it; None where none stands."""
    i = _past_blanks(text, at)
    if dots and text.startswith(".", i):
        i += 1
    elif (found := joins.operator.match(text, i)) is not None:
        i = found.end()
    else:
        return None
    return _past_blanks(text, i)


def _walk(
    text: str,
    literals: Sequence[tuple[int, int, str]],
    k: int,
    at: int,
    dots: bool,
    joins: Joins,
) -> tuple[int, int, bool] | None:
    """Walk the expression starting at ``at`` (after an operator) to where it
    ends at its own depth: (that offset, the index of the first literal past
    it, whether it held a literal); None for what is no expression
    (a ``;``, a brace, a stray quote, too long)."""
    depth = 0
    held = False
    i = at
    end = min(len(text), at + _LONGEST)
    while i < end:
        if i == _quote_at(literals, k):
            if depth == 0:
                return None  # a literal right after an operator: a plain join
            _start, stop, opening = literals[k]
            i = stop + _closing_len(opening)
            k += 1
            held = True
            continue
        c = text[i]
        if c in "([":
            depth += 1
        elif c in ")]":
            if depth == 0:
                return i, k, held
            depth -= 1
        elif c in ";{}\"'`":
            return None
        elif depth == 0 and (
            c == "," or (dots and c == ".") or joins.operator.match(text, i) is not None
        ):
            return i, k, held
        i += 1
    return None


def joined_call(
    text: str,
    literals: Sequence[tuple[int, int, str]],
    k: int,
    close: int,
    dots: bool,
    joins: Joins,
) -> int | None:
    """The index of the literal continuing the string whose last piece closes
    at ``close``, after an operator, an expression holding literals
    (``literals[k]`` the first past ``close``) and an operator; None if the
    string does not go on so."""
    op = _operator_end(text, close, dots, joins)
    if op is None:
        return None
    walked = _walk(text, literals, k, op, dots, joins)
    if walked is None:
        return None
    stop, k, held = walked
    after = _operator_end(text, stop, dots, joins)
    if not held or after is None:
        return None
    return k if _quote_at(literals, k) == after else None


def trailing_call(
    text: str,
    literals: Sequence[tuple[int, int, str]],
    k: int,
    close: int,
    dots: bool,
    joins: Joins,
) -> tuple[int, int] | None:
    """(where it ends, the index of the first literal past it) of the
    expression holding literals or, in PHP, any expression concatenated after
    a string's last piece closing at ``close`` (``'DROP TABLE ' .
    $this->getTable('x')``, ``'... TO ' . $name``), up to what ends the
    argument; None if there is none."""
    op = _operator_end(text, close, dots, joins)
    if op is None:
        return None
    walked = _walk(text, literals, k, op, dots, joins)
    if walked is None:
        return None
    stop, k, held = walked
    if not (held or dots) or not text[op:stop].strip():
        return None
    if text[stop] not in "),":
        return None
    return len(text[:stop].rstrip()), k
