"""PL/pgSQL ``IF`` conditions that test the catalog, in shapes replay answers.

A migration's ``DO`` block often guards DDL with a catalog test::

    IF NOT EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = 'ix') THEN ...
    IF (SELECT count(*) = 2 FROM pg_indexes WHERE indexname IN ('a', 'b')) THEN ...
    IF (SELECT count(*) FROM information_schema.columns WHERE ...) = 0 THEN ...
    IF to_regclass('public.t') IS NOT NULL AND NOT EXISTS (...) THEN ...

:func:`parse` reads the first three as a :class:`CountTest`: the ``FROM ...
WHERE`` as a Liquibase ``sqlCheck`` count
(:func:`dbnamelint.liquibase_sql_check.parse`, the same views and
conditions), compared with a number; ``to_regclass('[schema.]name') IS
[NOT] NULL`` as a :class:`RegclassTest`; ``NOT``/``AND``/``OR`` of them (SQL's
precedence: NOT, then AND, then OR) as :class:`Not`/:class:`All`/:class:`AnyOf`.
A part in another shape is :class:`Opaque` (not known: ``x AND false`` is
still false); a condition with no part replay knows is None.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from msgspec import Struct

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.liquibase_sql_check import SqlCheck
from dbnamelint.liquibase_sql_check import parse as parse_count

__all__ = ["All", "AnyOf", "Condition", "CountTest", "Not", "Opaque", "RegclassTest", "parse"]

_COMPARE: dict[str, Callable[[int, int], bool]] = {
    "=": int.__eq__,
    "<>": int.__ne__,
    "!=": int.__ne__,
    ">": int.__gt__,
    ">=": int.__ge__,
    "<": int.__lt__,
    "<=": int.__le__,
}


class CountTest(Struct, frozen=True):
    """``count(rows of check) <op> number``."""

    check: SqlCheck
    op: str
    number: int

    def holds(self, count: int) -> bool:
        return _COMPARE[self.op](count, self.number)


class RegclassTest(Struct, frozen=True):
    """``to_regclass('[schema.]name') IS [NOT] NULL``: whether a relation
    (table, view, index, sequence...) of that name is found (``exists``:
    ``IS NOT NULL``). Each part as written, with whether it was quoted
    (``'"Mixed"'``): PostgreSQL folds the rest to lower case."""

    schema: tuple[str, bool] | None
    name: tuple[str, bool]
    exists: bool


class Opaque(Struct, frozen=True):
    """A part of a condition replay does not decide."""

    text: str


class Not(Struct, frozen=True):
    term: Condition


class All(Struct, frozen=True):
    """``a AND b ...``."""

    terms: tuple[Condition, ...]


class AnyOf(Struct, frozen=True):
    """``a OR b ...``."""

    terms: tuple[Condition, ...]


Condition = CountTest | RegclassTest | Opaque | Not | All | AnyOf

_REGCLASS = lazy_compile(
    r"\s*(?:pg_catalog\s*\.\s*)?to_regclass\s*\(\s*'((?:[^']|'')*)'\s*(?:::\s*text\s*)?\)"
    r"\s*IS\s+(NOT\s+)?NULL\s*\Z",
    re.IGNORECASE,
)
_PART = lazy_compile(r'"((?:[^"]|"")*)"|([^".]+)')
#: What splits a condition at its top level (outside parentheses and literals).
_SPLITTERS = lazy_compile(
    r"""'(?:[^']|'')*'|"(?:[^"]|"")*"|\$(?:[^\W\d]\w*)?\$|[()]|\b(AND|OR|NOT|BETWEEN)\b""",
    re.IGNORECASE,
)


def parse(condition: str) -> Condition | None:
    """The :class:`Condition` ``condition`` is, or None when replay knows no part of it."""
    parsed = _boolean(condition)
    return None if isinstance(parsed, Opaque) else parsed


def _boolean(text: str) -> Condition:
    """``text`` split at its top-level OR, then AND, then a leading NOT."""
    text = text.strip()
    while text.startswith("(") and text.endswith(")") and _balanced(text[1:-1]):
        if text[1:-1].strip()[:6].upper() == "SELECT":
            break  # ``(SELECT count(*) ...)``: the subquery's own parentheses
        text = text[1:-1].strip()
    words = _top_words(text)
    if words is None or "BETWEEN" in (w for w, _, _ in words):
        return Opaque(text)  # unbalanced, a dollar quote, or ``x BETWEEN a AND b``
    for joiner, make in (("OR", AnyOf), ("AND", All)):
        cuts = [(start, end) for word, start, end in words if word == joiner]
        if cuts:
            bounds = [0, *(p for cut in cuts for p in cut), len(text)]
            pieces = [text[bounds[i] : bounds[i + 1]] for i in range(0, len(bounds), 2)]
            if any(not piece.strip() for piece in pieces):
                return Opaque(text)
            return make(tuple(_boolean(piece) for piece in pieces))
    atom = _atom(text)
    if atom is not None:
        return atom
    if words and words[0][0] == "NOT" and words[0][1] == 0:
        term = _boolean(text[words[0][2] :])
        return Opaque(text) if isinstance(term, Opaque) else Not(term)
    return Opaque(text)


def _top_words(text: str) -> list[tuple[str, int, int]] | None:
    """AND/OR/NOT/BETWEEN outside parentheses and literals, with where they
    stand; None when the parentheses do not close or a dollar quote is in."""
    depth = 0
    out: list[tuple[str, int, int]] = []
    for found in _SPLITTERS.finditer(text):
        token = found.group(0)
        if token == "(":
            depth += 1
        elif token == ")":
            depth -= 1
            if depth < 0:
                return None
        elif token.startswith("$"):
            return None
        elif found.group(1) is not None and depth == 0:
            out.append((token.upper(), found.start(), found.end()))
    return out if depth == 0 else None


def _atom(condition: str) -> CountTest | RegclassTest | None:
    regclass = _REGCLASS.match(condition)
    if regclass is not None:
        return _regclass(regclass.group(1).replace("''", "'"), regclass.group(2) is not None)
    return _count(condition)


def _regclass(argument: str, exists: bool) -> RegclassTest | None:
    """``[schema.]name`` as ``to_regclass`` reads its text (a database name
    before them is not the files' to say: None)."""
    parts: list[tuple[str, bool]] = []
    at = 0
    while at <= len(argument):
        found = _PART.match(argument, at)
        if found is None:
            return None
        if found.group(1) is not None:
            parts.append((found.group(1).replace('""', '"'), True))
        else:
            parts.append((found.group(2).strip(), False))
        at = found.end()
        if at == len(argument):
            break
        if argument[at] != ".":
            return None
        at += 1
    if not 1 <= len(parts) <= 2 or any(not name for name, _ in parts):
        return None
    return RegclassTest(parts[0] if len(parts) == 2 else None, parts[-1], exists)


_NOT_EXISTS = lazy_compile(r"\s*(NOT\s+)?EXISTS\s*\((.*)\)\s*\Z", re.IGNORECASE | re.DOTALL)
#: ``SELECT <anything but FROM> FROM ...``: what EXISTS selects does not matter.
_SELECT_FROM = lazy_compile(
    r"\s*SELECT\b(?:[^'\"]*?)\s\bFROM\b(.*)\Z|\s*SELECT\s+FROM\b(.*)\Z", re.IGNORECASE | re.DOTALL
)
_OP = r"(=|<>|!=|>=|<=|>|<)\s*(\d+)"
#: ``(SELECT count(*) [<op> N] FROM ...) [<op> N]``.
_COUNT = lazy_compile(
    rf"\s*\(\s*SELECT\s+count\s*\(\s*(?:\*|1|[\w.]+)\s*\)\s*(?:{_OP}\s*)?FROM\b(.*)\)\s*(?:{_OP})?\s*\Z",
    re.IGNORECASE | re.DOTALL,
)


def _count(condition: str) -> CountTest | None:
    """The :class:`CountTest` ``condition`` is, or None."""
    condition = condition.strip()
    while condition.startswith("(") and _balanced(condition[1:-1]) and condition.endswith(")"):
        inner = condition[1:-1].strip()
        if inner[:6].upper() == "SELECT":
            break  # ``(SELECT count(*) ...)``: the subquery's own parentheses
        condition = inner
    exists = _NOT_EXISTS.match(condition)
    if exists is not None:
        select = _SELECT_FROM.match(exists.group(2))
        if select is None:
            return None
        rest = select.group(1) if select.group(1) is not None else select.group(2)
        check = parse_count(f"SELECT COUNT(*) FROM {rest}")
        if check is None:
            return None
        return CountTest(check, "=" if exists.group(1) else ">", 0)
    counted = _COUNT.match(condition)
    if counted is None:
        return None
    inner_op, inner_n, rest, outer_op, outer_n = counted.groups()
    if (inner_op is None) == (outer_op is None):
        return None  # both (a boolean compared with a number) or neither (a bare count)
    check = parse_count(f"SELECT COUNT(*) FROM {rest}")
    if check is None:
        return None
    return CountTest(check, inner_op or outer_op, int(inner_n or outer_n))


def _balanced(text: str) -> bool:
    """Whether ``text``'s parentheses (outside literals) close in order."""
    depth = 0
    for char in re.sub(r"'(?:[^']|'')*'", "", text):
        depth += (char == "(") - (char == ")")
        if depth < 0:
            return False
    return depth == 0
