"""Which database a branch of Go code runs on.

A Go app that runs on several databases branches on its driver
(WriteFreely's ``migrations/v9.go``: ``if db.driverName == driverSQLite {
CREATE INDEX ... } else { ALTER TABLE posts ADD INDEX ... }``). Read as one
text, the MySQL-only ``ADD INDEX`` was read as SQLite too, a column named
``INDEX`` (trial s39 writefreely). :func:`go_vendor_guards` gives the spans
of such branches with the databases they run on, as
:func:`dbnamelint.django_vendor.vendor_guards` does for Python.

A test of the driver is ``<a> == <b>`` or ``<a> != <b>`` where one side
names a driver or dialect (``db.driverName``, ``dialect``, ``driverMySQL``)
and one names a database (``driverMySQL``, ``"mysql"``, ``"sqlite3"``);
``==`` runs the block on that database, ``!=`` everywhere else, and an
``else`` block the opposite (an ``else if`` chain: each test's own branch,
none of the earlier ones' databases). A test of anything else keeps the
branch read everywhere, as before.
"""

from __future__ import annotations

import re

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.django_vendor import Guard
from dbnamelint.go_braces import block_end

#: ``if <a> ==|!= <b> {``: one comparison (``&&``/``||`` are not followed).
_IF = lazy_compile(r"\bif\s+(?P<a>[\w.()\"]+)\s*(?P<op>==|!=)\s*(?P<b>[\w.()\"-]+)\s*\{")
#: ``} else {`` or ``} else if`` right after a block.
_ELSE = lazy_compile(r"\s*else\s*(?P<if>if\b)?")
#: A database word in a driver's name or constant, and its family.
_WORDS = (
    (re.compile(r"mysql|mariadb", re.IGNORECASE), "mysql"),
    (re.compile(r"sqlite", re.IGNORECASE), "sqlite"),
    (re.compile(r"postgres|\bpgx?\b|driverpg", re.IGNORECASE), "postgres"),
)
#: What a side that names the driver holds.
_DRIVER = lazy_compile(r"driver|dialect", re.IGNORECASE)


def _family(word: str) -> str | None:
    for pattern, family in _WORDS:
        if pattern.search(word):
            return family
    return None


def _test(a: str, b: str) -> str | None:
    """The database a comparison of ``a`` and ``b`` tests the driver for."""
    if not (_DRIVER.search(a) or _DRIVER.search(b)):
        return None
    return _family(b) or _family(a)


def go_vendor_guards(text: str) -> list[Guard]:
    """The branches of Go ``text`` that test the database driver (see the
    module docstring); empty when it tests none."""
    if "driver" not in text.lower() and "dialect" not in text.lower():
        return []
    out: list[Guard] = []
    for found in _IF.finditer(text):
        family = _test(found.group("a"), found.group("b"))
        if family is None:
            continue
        equal = found.group("op") == "=="
        one = frozenset({family})
        open_at = found.end() - 1
        end = block_end(text, open_at)
        out.append(Guard(open_at, end, one if equal else None, frozenset() if equal else one))
        other = _ELSE.match(text, end)
        if other is None:
            continue
        if other.group("if"):
            # an `else if` chain: all of it runs where this test fails
            brace = text.find("{", other.end())
            stop = block_end(text, brace) if brace >= 0 else end
            chained = _ELSE.match(text, stop)
            while chained is not None:
                brace = text.find("{", chained.end())
                if brace < 0:
                    break
                stop = block_end(text, brace)
                chained = _ELSE.match(text, stop)
            out.append(Guard(end, stop, None if equal else one, one if equal else frozenset()))
            continue
        brace = text.find("{", other.end())
        if brace >= 0 and not text[other.end() : brace].strip():
            out.append(
                Guard(
                    brace,
                    block_end(text, brace),
                    None if equal else one,
                    one if equal else frozenset(),
                )
            )
    return out
