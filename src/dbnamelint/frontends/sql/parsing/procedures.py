"""MySQL's "create a procedure, CALL it, drop it" DDL idiom: the body's DDL, read at the CALL.

MySQL has no ``ADD COLUMN IF NOT EXISTS`` (MariaDB has), so migrations
(kestra's ``V1_1__initial.sql``) wrap DDL in a procedure, run it once and
drop it::

    CREATE PROCEDURE IF NOT EXISTS `?`() BEGIN
        DECLARE CONTINUE HANDLER FOR SQLEXCEPTION BEGIN END;
        ALTER TABLE queues ADD COLUMN consumer_group VARCHAR(250);
    END //
    CALL `?`();
    DROP PROCEDURE `?`;

The DDL runs at the CALL. When the body is *plain* — nothing but DDL
(``CREATE``, ``ALTER``, ``DROP``, ``RENAME``), ``DECLARE ... HANDLER`` lines
with empty bodies, and ``IF <condition> THEN ... END IF`` around DDL (the
condition, usually a look at ``information_schema``, is taken as true: the
idiom's point is that the DDL takes effect) — :func:`plain_body` returns
its statements, for the reader to read at the CALL. Parameters are allowed
when no body statement names one (``CREATE PROCEDURE make_tbl(IN n INT)
BEGIN CREATE TABLE t ...; END``: the DDL is the same whatever the CALL
passes). Anything else (a parameter used, ``ELSE``, ``SET``, a loop, a
prepared statement) keeps the procedure opaque: the caller's ``DBN012``
note, which says so when the body holds DDL (:func:`body_ddl`), for the
gate to refuse a new CALL of it. Facts: MySQL 8.0 manual, "CREATE
PROCEDURE", "IF Statement", "DECLARE ... HANDLER".
"""

from __future__ import annotations

import re

from dbnamelint.core.lazyre import lazy_compile

#: ``CREATE [DEFINER=...] PROCEDURE [IF NOT EXISTS] name(<parameters>)``,
#: characteristics (``COMMENT``, ``SQL SECURITY``...) before ``BEGIN``; the
#: parameters' types may hold one level of parentheses (``DECIMAL(10,2)``).
_HEAD = lazy_compile(
    r"\s*CREATE\s+(?:DEFINER\s*=\s*\S+\s+)?PROCEDURE\s+(?:IF\s+NOT\s+EXISTS\s+)?"
    r"((?:`[^`]+`|[\w$]+)(?:\s*\.\s*(?:`[^`]+`|[\w$]+))?)\s*"
    r"\(((?:[^()']|'[^']*'|\([^()]*\))*)\)[^;]*?\bBEGIN\b",
    re.IGNORECASE,
)
#: ``CALL name``, ``CALL name()`` or ``CALL name(<arguments>)``.
_CALL = lazy_compile(
    r"\s*CALL\s+((?:`[^`]+`|\"[^\"]+\"|[\w$]+)(?:\s*\.\s*(?:`[^`]+`|\"[^\"]+\"|[\w$]+))?)"
    r"\s*(?:\(.*\))?\s*;?\s*$",
    re.IGNORECASE | re.DOTALL,
)
#: Any ``CREATE [OR REPLACE] [DEFINER=...] PROCEDURE [IF NOT EXISTS] name``
#: (MySQL's, PostgreSQL's ``LANGUAGE plpgsql AS $$ ... $$`` too).
_ROUTINE = lazy_compile(
    r"\s*CREATE\s+(?:OR\s+REPLACE\s+)?(?:DEFINER\s*=\s*\S+\s+)?PROCEDURE\s+"
    r"(?:IF\s+NOT\s+EXISTS\s+)?((?:`[^`]+`|\"[^\"]+\"|[\w$]+)(?:\s*\.\s*(?:`[^`]+`|\"[^\"]+\"|[\w$]+))?)",
    re.IGNORECASE,
)
_BODY_START = lazy_compile(r"\b(?:BEGIN|AS)\b", re.IGNORECASE)
_WORD = lazy_compile(r"[\w$]+")
#: One parameter: ``[IN|OUT|INOUT] name type``.
_PARAMETER = lazy_compile(r"\s*(?:(?:IN|OUT|INOUT)\s+)?(`[^`]+`|[\w$]+)", re.IGNORECASE)
#: Body text that creates, alters, renames or drops a named object.
_BODY_DDL = lazy_compile(
    r"\b(?:CREATE|ALTER|DROP)(?:\s+(?:OR\s+REPLACE|UNIQUE|FULLTEXT|SPATIAL|TEMPORARY|"
    r"IF\s+(?:NOT\s+)?EXISTS))*\s+(?:TABLE|INDEX|VIEW|TRIGGER|SEQUENCE|SCHEMA|DATABASE|TYPE|"
    r"FUNCTION|PROCEDURE|DOMAIN|EVENT)\b|\bRENAME\s+(?:TABLE|TO|COLUMN|INDEX|KEY)\b",
    re.IGNORECASE,
)
_DROP = lazy_compile(
    r"\s*DROP\s+PROCEDURE\s+(?:IF\s+EXISTS\s+)?"
    r"((?:`[^`]+`|\"[^\"]+\"|[\w$]+)(?:\s*\.\s*(?:`[^`]+`|\"[^\"]+\"|[\w$]+))?)",
    re.IGNORECASE,
)
_TAIL = lazy_compile(r"\bEND\s*(?:\S*)\s*$", re.IGNORECASE)
_DDL = lazy_compile(r"(?:CREATE|ALTER|DROP|RENAME)\b", re.IGNORECASE)
_HANDLER = lazy_compile(
    r"DECLARE\s+(?:CONTINUE|EXIT)\s+HANDLER\s+FOR\s+[^;]*?(?:\bBEGIN\s+END)?\s*$",
    re.IGNORECASE | re.DOTALL,
)
_HANDLER_HEAD = lazy_compile(r"DECLARE\s+(?:CONTINUE|EXIT)\s+HANDLER\b", re.IGNORECASE)
_IF = lazy_compile(r"IF\b", re.IGNORECASE)
#: Whitespace and comments before a body statement.
_LEAD = lazy_compile(r"(?:\s|--[^\n]*|#[^\n]*|/\*.*?\*/)*", re.DOTALL)
_END_IF = lazy_compile(r"END\s+IF\s*$", re.IGNORECASE)
_THEN = lazy_compile(r"\bTHEN\b", re.IGNORECASE)


def procedure_name(text: str) -> str | None:
    """The name (unquoted, lower case) a ``CREATE PROCEDURE`` defines, else None."""
    found = _ROUTINE.match(text)
    return _key(found.group(1)) if found else None


def called_name(text: str) -> str | None:
    """The procedure a ``CALL name(...)`` runs, as :func:`procedure_name` keys it."""
    found = _CALL.match(text)
    return _key(found.group(1)) if found else None


def dropped_name(text: str) -> str | None:
    """The procedure a ``DROP PROCEDURE`` drops, keyed as :func:`procedure_name` does."""
    found = _DROP.match(text)
    return _key(found.group(1)) if found else None


def _key(name: str) -> str:
    """A routine name as MySQL compares it: without quotes, case-insensitive
    (routine names are not case-sensitive; MySQL manual, "Identifier Case
    Sensitivity"); the schema qualifier is dropped."""
    last = re.split(r"\s*\.\s*(?=(?:`[^`]+`|\"[^\"]+\"|[\w$]+)\s*$)", name.strip())[-1]
    return last.strip('`"').lower()


def plain_body(text: str) -> list[tuple[int, str]] | None:
    """The DDL statements of a plain procedure body, as ``(offset in text, text)``.

    ``text`` is the whole ``CREATE PROCEDURE`` statement. None when its
    body holds anything but DDL, empty handlers and ``IF ... THEN`` /
    ``END IF`` around DDL, or when a statement of it names a parameter
    (a word spelt as one, quoted or not: what the CALL passes may change it).
    """
    head = _HEAD.match(text)
    if head is None:
        return None
    tail = _TAIL.search(text, head.end())
    if tail is None:
        return None
    names = _parameters(head.group(2))
    out: list[tuple[int, str]] = []
    for begin, piece in _split(text, head.end(), tail.start()):
        lead = _LEAD.match(piece)
        skipped = lead.end() if lead else 0
        stripped = piece[skipped:].rstrip()
        if not stripped:
            continue
        start = begin + skipped
        if _END_IF.match(stripped):
            continue
        if _HANDLER_HEAD.match(stripped):
            if not _HANDLER.match(stripped):
                return None
            continue
        if _IF.match(stripped):
            then = _top_level(stripped, _THEN)
            if then is None:
                return None
            rest = stripped[then:]
            inner = rest.lstrip()
            if not inner:
                continue
            start += then + len(rest) - len(inner)
            stripped = inner
        if not _DDL.match(stripped):
            return None
        if names and not names.isdisjoint(w.lower() for w in _WORD.findall(stripped)):
            return None
        out.append((start, stripped))
    return out or None


def _parameters(listed: str) -> frozenset[str]:
    """The names (lower case: MySQL compares them so) of a parameter list."""
    out: set[str] = set()
    depth, begin = 0, 0
    for at, char in enumerate(listed + ","):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "," and depth == 0:
            found = _PARAMETER.match(listed[begin:at])
            if found is not None:
                out.add(found.group(1).strip("`").lower())
            begin = at + 1
    return frozenset(out)


def body_ddl(text: str) -> tuple[int, str] | None:
    """(offset in ``text``, words such as ``CREATE TABLE``) of the first DDL
    the body of ``text`` (a ``CREATE PROCEDURE`` statement) holds, after
    ``BEGIN`` (or ``AS``, PostgreSQL's), in a string literal too; else None."""
    begin = _BODY_START.search(text)
    if begin is None:
        return None
    found = _BODY_DDL.search(text, begin.end())
    return (found.start(), " ".join(found.group().split())) if found is not None else None


def _top_level(text: str, word: re.Pattern[str]) -> int | None:
    """The offset just past the first ``word`` outside parentheses and quotes."""
    depth = 0
    i = 0
    while i < len(text):
        char = text[i]
        if char in "'\"`":
            end = text.find(char, i + 1)
            i = len(text) if end < 0 else end + 1
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif depth == 0:
            found = word.match(text, i)
            if found is not None and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
                return found.end()
        i += 1
    return None


def _split(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """``text[start:end]`` cut at each ``;`` outside quotes and comments."""
    pieces: list[tuple[int, str]] = []
    begin = i = start
    while i < end:
        char = text[i]
        if char in "'\"`":
            close = text.find(char, i + 1, end)
            i = end if close < 0 else close + 1
            continue
        if text.startswith("--", i) or char == "#":
            newline = text.find("\n", i, end)
            i = end if newline < 0 else newline
            continue
        if text.startswith("/*", i):
            close = text.find("*/", i + 2, end)
            i = end if close < 0 else close + 2
            continue
        if char == ";":
            pieces.append((begin, text[begin:i]))
            begin = i + 1
        i += 1
    pieces.append((begin, text[begin:end]))
    return pieces
