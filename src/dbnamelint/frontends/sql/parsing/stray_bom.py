"""A byte-order mark (U+FEFF) past a file's start, read as its database reads it.

Two files joined (``cat a.sql b.sql``) leave the second one's BOM in the
middle; only a file's first character is dropped as a BOM
(:func:`dbnamelint.frontends.sql.sources.decode_bytes`). Past it the
databases differ (checked on sqlite3 3.40, PostgreSQL 15, MariaDB 10.11):

- SQLite's tokenizer takes a BOM where a token starts for white space: every
  statement runs, the BOM ignored;
- PostgreSQL and MariaDB take it for a character of a name (both allow any
  non-ASCII character in one): a statement starting with it
  (``\\ufeffcreate table``) or a BOM standing alone (``t (id int) \\ufeff;``)
  is a syntax error there, so the statement is refused.

A BOM inside a name (``e\\ufeff``), or starting one within a statement
(``(\\ufeffid int)``), is a character of that name in all three: left to the
reader. Literals, quoted names and comments are left alone.
"""

from __future__ import annotations

import re

from msgspec.structs import replace

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.dialects import Family
from dbnamelint.model import Location, Statement

__all__ = ["BOM", "refused_at", "without_stray_boms"]

BOM = "\ufeff"

#: Literals (dollar-quoted too), quoted names and comments: no BOM in them is stray.
_HIDDEN = lazy_compile(
    r"'(?:[^'\\]|''|\\.)*'|\"(?:[^\"]|\"\")*\"|`(?:[^`]|``)*`"
    r"|(\$(?:[^\W\d]\w*)?\$).*?\1|--[^\n]*|#[^\n]*|/\*.*?\*/",
    re.DOTALL,
)


def _stray(text: str) -> list[int]:
    """Offsets of BOMs where a token starts (not inside a name), outside
    literals and comments."""
    masked = _HIDDEN.sub(lambda m: " " * len(m.group(0)), text)
    return [
        at
        for at, char in enumerate(masked)
        if char == BOM and (at == 0 or not _name_char(masked[at - 1]))
    ]


def _name_char(char: str) -> bool:
    return char.isalnum() or char in "_$" or (char != BOM and ord(char) > 0x7F)


def without_stray_boms(statement: Statement, family: Family) -> Statement:
    """``statement`` with the BOMs its database passes over made spaces (the
    same length, so every offset stays): SQLite's where a token starts, and
    in every dialect one that is the file's first character (text read
    without :func:`~dbnamelint.frontends.sql.sources.decode_bytes`)."""
    stray = [
        at for at in _stray(statement.text) if family is Family.SQLITE or statement.offset + at == 0
    ]
    if not stray:
        return statement
    chars = list(statement.text)
    for at in stray:
        chars[at] = " "
    return replace(statement, text="".join(chars))


def refused_at(statement: Statement, family: Family) -> tuple[Location, str] | None:
    """PostgreSQL, MySQL/MariaDB: where and why the database refuses
    ``statement`` for a stray BOM (it starts the statement, or stands
    alone), or None."""
    if family not in (Family.POSTGRES, Family.MYSQL):
        return None
    text = statement.text
    masked = _HIDDEN.sub(lambda m: " " * len(m.group(0)), text)
    for at in _stray(text):
        alone = at + 1 == len(text) or not _name_char(text[at + 1])
        if alone or not masked[:at].strip():
            database = "PostgreSQL" if family is Family.POSTGRES else "MySQL"
            why = (
                f"a byte-order mark (U+FEFF) in the middle of the file, which {database}"
                " reads as a character of a name, so it refuses the statement (a syntax"
                " error at it; only a file's first character is dropped as a BOM): two"
                " files joined? Remove it"
            )
            return _location(statement, at), why
    return None


def _location(statement: Statement, at: int) -> Location:
    text, base = statement.text, statement.location
    newlines = text.count("\n", 0, at)
    if not newlines:
        return Location(base.path, base.line, base.column + at)
    return Location(base.path, base.line + newlines, at - text.rfind("\n", 0, at))
