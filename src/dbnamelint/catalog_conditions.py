"""PL/pgSQL ``IF`` conditions that count catalog rows, in shapes replay answers.

A migration's ``DO`` block often guards DDL with a catalog test::

    IF NOT EXISTS (SELECT 1 FROM pg_indexes WHERE indexname = 'ix') THEN ...
    IF (SELECT count(*) = 2 FROM pg_indexes WHERE indexname IN ('a', 'b')) THEN ...
    IF (SELECT count(*) FROM information_schema.columns WHERE ...) = 0 THEN ...

:func:`parse` reads those as a :class:`CountTest`: the ``FROM ... WHERE``
as a Liquibase ``sqlCheck`` count (:func:`dbnamelint.liquibase_sql_check.parse`,
the same views and conditions), compared with a number. Any other
condition is None: replay does not decide it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from msgspec import Struct

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.liquibase_sql_check import SqlCheck
from dbnamelint.liquibase_sql_check import parse as parse_count

__all__ = ["CountTest", "parse"]

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


def parse(condition: str) -> CountTest | None:
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
