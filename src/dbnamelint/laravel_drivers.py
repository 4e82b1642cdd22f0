"""The code of a Laravel migration that does not run on the database read.

A migration written for several databases chooses its calls by the
connection's driver (koel's, which runs on MySQL, PostgreSQL and SQLite)::

    if (DB::getDriverName() === 'sqlite') {
        Schema::create('artists_new', ...); Schema::rename('artists_new', 'artists');
    } else {
        Schema::table('artists', fn (Blueprint $t) => $t->renameColumn('public_id', 'id'));
    }

Read whole, every branch entered the model of the one database the tree is
read as: the SQLite rebuild replaced ``artists`` in the MySQL model, its
indexes and keys lost, ``drift`` against the database Laravel built listed
them (trial s42 koel). Here the branches another driver takes are found,
so that the model is what Laravel runs on the dialect read: an
``if``/``elseif``/``else`` chain whose conditions compare the driver
(``DB::getDriverName()``, ``DB::connection()->getDriverName()``,
``Schema::getConnection()->getDriverName()``) with string literals
(``===``, ``!==``, ``==``, ``!=``, ``in_array(..., [...])``), joined by
``!``, ``&&``, ``||``, ``and``, ``or`` and parentheses. Any other condition
(a named connection's driver, a variable) leaves every branch read.

Laravel's driver names (``config/database.php``'s ``driver``): ``mysql`` and
``mariadb`` (Laravel 11) for the MySQL family, so a test of one of them
alone is not known there; ``pgsql``; ``sqlite``; ``sqlsrv``.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import TYPE_CHECKING

from dbnamelint.laravel_schema import _literal, _Tok, _tokens
from dbnamelint.php_platforms import _chain

if TYPE_CHECKING:
    from dbnamelint.django_vendor import Guard

__all__ = ["DRIVERS", "driver_guards", "unrun_spans"]

#: A dialect family -> the Laravel drivers that may run it.
DRIVERS: dict[str, frozenset[str]] = {
    "mysql": frozenset({"mysql", "mariadb"}),
    "postgres": frozenset({"pgsql"}),
    "sqlite": frozenset({"sqlite"}),
    "tsql": frozenset({"sqlsrv"}),
}
_FACADES = ("DB", "Schema")
_GLUE = ("::", "->", "connection", "getConnection", "(", ")")
_OPERATORS = ("===", "!==", "==", "!=", "&&", "||")


def _merged(toks: Sequence[_Tok]) -> list[_Tok]:
    """``toks`` with PHP's comparison and logical operators as one token
    each (the tokenizer gives ``=``, ``=``, ``=``)."""
    out: list[_Tok] = []
    i = 0
    while i < len(toks):
        for op in _OPERATORS:
            run = toks[i : i + len(op)]
            if (
                len(run) == len(op)
                and "".join(t.text for t in run) == op
                and all(a.end == b.start for a, b in pairwise(run))
            ):
                out.append(_Tok("p", op, run[0].start, run[-1].end))
                i += len(op)
                break
        else:
            out.append(toks[i])
            i += 1
    return out


class _Decider:
    """A condition's value for one driver; None where it is not known."""

    def __init__(self, toks: list[_Tok], driver: str) -> None:
        self.toks = toks
        self.driver = driver
        self.i = 0

    def text(self, at: int = 0) -> str:
        k = self.i + at
        return self.toks[k].text if k < len(self.toks) else ""

    def decide(self) -> bool | None:
        value = self.either()
        return value if self.i == len(self.toks) else None

    def either(self) -> bool | None:
        value = self.both()
        while self.text().lower() in ("||", "or"):
            self.i += 1
            more = self.both()
            value = (
                True if value is True or more is True else None if None in (value, more) else False
            )
        return value

    def both(self) -> bool | None:
        value = self.negated()
        while self.text().lower() in ("&&", "and"):
            self.i += 1
            more = self.negated()
            value = (
                False
                if value is False or more is False
                else None
                if None in (value, more)
                else True
            )
        return value

    def negated(self) -> bool | None:
        if self.text() == "!":
            self.i += 1
            value = self.negated()
            return None if value is None else not value
        if self.text() == "(":
            self.i += 1
            value = self.either()
            if self.text() != ")":
                return None
            self.i += 1
            return value
        if self.text() == "in_array" and self.text(1) == "(":
            return self.in_array()
        return self.compared()

    def operand(self) -> str | bool | None:
        """The driver (True), a string literal's value, or None."""
        tok = self.toks[self.i] if self.i < len(self.toks) else None
        if tok is None:
            return None
        if tok.kind == "s":
            self.i += 1
            return _literal(tok)
        if tok.text.rsplit("\\", 1)[-1] not in _FACADES:
            return None
        k = self.i + 1
        while k < len(self.toks) and self.toks[k].text in _GLUE:
            k += 1
        called = [t.text for t in self.toks[k : k + 3]]
        if called == ["getDriverName", "(", ")"] and self._bare(self.i + 1, k):
            self.i = k + 3
            return True
        return None

    def _bare(self, a: int, b: int) -> bool:
        """Whether ``toks[a:b]`` reaches the default connection:
        ``::``, ``::connection()->``, ``::getConnection()->``."""
        texts = [t.text for t in self.toks[a:b]]
        return texts in (
            ["::"],
            ["::", "connection", "(", ")", "->"],
            ["::", "getConnection", "(", ")", "->"],
        )

    def compared(self) -> bool | None:
        left = self.operand()
        op = self.text()
        if left is None or op not in _OPERATORS[:4]:
            return None
        self.i += 1
        right = self.operand()
        if right is None or (left is True) == (right is True):
            return None  # not one driver and one literal
        value = right if left is True else left
        same = value == self.driver
        return same if op in ("===", "==") else not same

    def in_array(self) -> bool | None:
        """``in_array(<driver>, ['a', 'b'][, true])``."""
        self.i += 2
        if self.operand() is not True or self.text() != ",":
            return None
        self.i += 1
        if self.text() not in ("[", "array"):
            return None
        self.i += 2 if self.text() == "array" else 1
        items: list[str] = []
        while self.text() not in ("]", ")", ""):
            item = self.operand()
            if not isinstance(item, str):
                return None
            items.append(item)
            if self.text() == ",":
                self.i += 1
        self.i += 1
        if self.text() == ",":
            self.i += 1
            if self.text().lower() not in ("true", "false"):
                return None
            self.i += 1
        if self.text() != ")":
            return None
        self.i += 1
        return self.driver in items


def _decide(toks: list[_Tok], family: str) -> bool | None:
    """The value of condition ``toks`` on every driver of ``family``, when
    they agree; else None."""
    merged = _merged(toks)
    values = {_Decider(merged, driver).decide() for driver in DRIVERS[family]}
    return values.pop() if len(values) == 1 else None


def unrun_spans(text: str, family: str) -> list[tuple[int, int]]:
    """The spans of Laravel migration ``text`` that do not run on a
    database of ``family`` (``mysql``, ``postgres``, ``sqlite``, ``tsql``):
    the branches of each ``if`` chain on the driver another driver takes;
    [] when nothing is known."""
    if "getDriverName" not in text or family not in DRIVERS:
        return []
    toks = _tokens(text, 0, len(text))
    out: list[tuple[int, int]] = []
    for i, tok in enumerate(toks):
        if tok.kind == "w" and tok.text == "if":
            found = _chain(toks, i, lambda cond: _decide(cond, family))
            if found is not None:
                out += found[0]
    return out


def driver_guards(text: str) -> list[Guard]:
    """The branches of Laravel migration ``text`` on the driver, as the
    gate's guards (:class:`~dbnamelint.django_vendor.Guard`): each span some
    database does not run, with the families that do (``only``), so that
    the gate judges a branch's names on those, whatever the one the model
    reads (a ``BadName`` in the SQLite branch of a MySQL tree)."""
    from dbnamelint.django_vendor import Guard

    families = [f for f in DRIVERS if f != "tsql" or "sqlsrv" in text]
    unrun: dict[tuple[int, int], set[str]] = {}
    for family in families:
        for span in unrun_spans(text, family):
            unrun.setdefault(span, set()).add(family)
    return [
        Guard(a, b, frozenset(f for f in families if f not in never))
        for (a, b), never in sorted(unrun.items())
    ]
