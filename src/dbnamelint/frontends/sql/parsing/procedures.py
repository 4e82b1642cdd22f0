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


#: ``SET @v = <expression>`` in a body (``:=`` too).
_SET_USER = lazy_compile(r"SET\s+@([\w$.]+)\s*:?=\s*(.*?)\s*$", re.IGNORECASE | re.DOTALL)
#: ``PREPARE s FROM @v``.
_PREPARE_FROM = lazy_compile(r"PREPARE\s+([\w$]+)\s+FROM\s+@([\w$.]+)\s*$", re.IGNORECASE)
#: ``EXECUTE s`` (no ``USING``: its ``?`` would be values, not text).
_EXECUTE_NAME = lazy_compile(r"EXECUTE\s+([\w$]+)\s*$", re.IGNORECASE)
#: ``{DEALLOCATE | DROP} PREPARE s``: frees the statement, runs nothing.
_DEALLOCATE = lazy_compile(r"(?:DEALLOCATE|DROP)\s+PREPARE\s+[\w$]+\s*$", re.IGNORECASE)
_CONCAT = lazy_compile(r"CONCAT\s*\((.*)\)\s*$", re.IGNORECASE | re.DOTALL)
#: One constant: a quoted string or a number.
_CONSTANT = lazy_compile(
    r"\s*('(?:[^'\\]|\\.|'')*'|\"(?:[^\"\\]|\\.|\"\")*\"|[-+]?\d+(?:\.\d+)?)\s*$", re.DOTALL
)
#: A ``CALL name(<arguments>)``'s argument list.
_CALL_ARGUMENTS = lazy_compile(
    r"\s*CALL\s+(?:`[^`]+`|\"[^\"]+\"|[\w$]+)(?:\s*\.\s*(?:`[^`]+`|\"[^\"]+\"|[\w$]+))?"
    r"\s*\((.*)\)\s*;?\s*$",
    re.IGNORECASE | re.DOTALL,
)
#: One text the body builds and runs: the statement, for each of its
#: characters (and its end) the offset in the ``CALL`` statement it comes
#: from (a character of the body's own literals: the CALL's first), and
#: whether an ``IF ... THEN`` runs it.
Built = tuple[str, tuple[int, ...], bool]


def built_body(text: str, call: str) -> list[tuple[int, str] | Built] | None:
    """What a ``CALL`` (``call``, its whole text) of the procedure ``text``
    (a ``CREATE PROCEDURE``) runs, when the body builds its DDL from the
    parameters: statements of plain DDL naming no parameter, as
    :func:`plain_body` gives them, and each text a ``SET @v = CONCAT(...)``
    (or one literal or parameter) builds and ``PREPARE s FROM @v; EXECUTE s``
    runs, with the CALL's constant arguments put in (:data:`Built`).

    authelia's ``PROC_DROP_INDEX(IN tableName VARCHAR(64), IN indexName
    VARCHAR(64))`` runs ``CONCAT('ALTER TABLE ', tableName, ' DROP INDEX ',
    indexName, ';')`` inside ``IF EXISTS(...) THEN``: ``CALL
    PROC_DROP_INDEX('encryption', 'name')`` runs ``ALTER TABLE encryption
    DROP INDEX name;`` when that index is there (a built text in an ``IF``
    is guarded). MySQL 8.0 manual, "CONCAT()" (a NULL argument makes the
    whole NULL: not read), "PREPARE Statement" (the text of a user variable),
    "Local Variable Scope" (a parameter holds what the CALL passed). None
    when any argument is not a constant, or any body statement is something
    else (``ELSE``, a loop, a local variable, ``EXECUTE ... USING``): the
    procedure stays opaque, its CALL noted (``DBN012``)."""
    head = _HEAD.match(text)
    if head is None:
        return None
    tail = _TAIL.search(text, head.end())
    arguments = _arguments(call)
    if tail is None or arguments is None:
        return None
    parameters = _ordered_parameters(head.group(2))
    if parameters is None or len(parameters) != len(arguments):
        return None
    values: dict[str, tuple[str, tuple[int, ...]]] = {}
    for (name, kind), (value, where) in zip(parameters, arguments, strict=True):
        if not _holds_as_is(kind, value, call[where[0] - 1 : where[0]] in "'\""):
            return None
        values[name] = (value, where)
    variables: dict[str, tuple[str, tuple[int, ...]]] = {}
    prepared: dict[str, tuple[str, tuple[int, ...]]] = {}
    out: list[tuple[int, str] | Built] = []
    inside_if = False
    for begin, piece in _split(text, head.end(), tail.start()):
        lead = _LEAD.match(piece)
        skipped = lead.end() if lead else 0
        stripped = piece[skipped:].rstrip()
        if not stripped:
            continue
        start = begin + skipped
        if _END_IF.match(stripped):
            inside_if = False
            continue
        if _HANDLER_HEAD.match(stripped):
            if not _HANDLER.match(stripped):
                return None
            continue
        if _IF.match(stripped):
            then = _top_level(stripped, _THEN)
            if then is None or inside_if:
                return None
            inside_if = True
            rest = stripped[then:]
            inner = rest.lstrip()
            if not inner:
                continue
            start += then + len(rest) - len(inner)
            stripped = inner
        found = _SET_USER.match(stripped)
        if found is not None:
            built = _built_value(found.group(2), values)
            if built is None:
                return None
            variables[found.group(1).lower()] = built
            continue
        found = _PREPARE_FROM.match(stripped)
        if found is not None:
            held = variables.get(found.group(2).lower())
            if held is None:
                return None
            prepared[found.group(1).lower()] = held
            continue
        found = _EXECUTE_NAME.match(stripped)
        if found is not None:
            runs = prepared.get(found.group(1).lower())
            if runs is None:
                return None
            out.append((runs[0], runs[1], inside_if))
            continue
        if _DEALLOCATE.match(stripped):
            continue
        if not _DDL.match(stripped):
            return None
        if values and not set(values).isdisjoint(w.lower() for w in _WORD.findall(stripped)):
            return None
        out.append((start, stripped))
    if inside_if or not any(len(step) == 3 for step in out):
        return None  # no text built: plain_body's, or nothing
    return out


def _arguments(call: str) -> list[tuple[str, tuple[int, ...]]] | None:
    """The constant arguments of ``CALL name(...)``: each value as MySQL
    reads it and, per character (and its end), its offset in ``call``;
    None when any is not a string or number constant (a variable, an
    expression, NULL)."""
    found = _CALL_ARGUMENTS.match(call)
    if found is None:
        return None
    listed, at = found.group(1), found.start(1)
    if not listed.strip():
        return []
    out: list[tuple[str, tuple[int, ...]]] = []
    for begin, item in _commas(listed):
        value = _constant(item, at + begin)
        if value is None:
            return None
        out.append(value)
    return out


def _constant(item: str, offset: int) -> tuple[str, tuple[int, ...]] | None:
    """The value of one constant ``item`` written at ``offset``, or None."""
    from dbnamelint.frontends.sql.parsing.dynamic import unescaped_literal

    found = _CONSTANT.match(item)
    if found is None:
        return None
    written, start = found.group(1), offset + found.start(1)
    if written[0] not in "'\"":
        return written, tuple(range(start, start + len(written) + 1))
    inner, where = unescaped_literal(written[1:-1], written[0], backslashes=True)
    return inner, tuple(start + 1 + w for w in where)


def _built_value(
    expression: str, values: dict[str, tuple[str, tuple[int, ...]]]
) -> tuple[str, tuple[int, ...]] | None:
    """The text ``SET @v = expression`` puts in ``@v``: ``CONCAT`` of
    constants and parameters, or one of them; None for anything else."""
    concat = _CONCAT.match(expression)
    items = [item for _, item in _commas(concat.group(1))] if concat else [expression]
    text: list[str] = []
    where: list[int] = []
    for item in items:
        name = item.strip().strip("`").lower()
        if name in values:
            value, offsets = values[name]
        else:
            constant = _constant(item, 0)
            if constant is None:
                return None
            value, offsets = constant[0], tuple(0 for _ in constant[1])
        text.append(value)
        where.extend(offsets[:-1])
    return "".join(text), (*where, 0)


def _ordered_parameters(listed: str) -> list[tuple[str, str]] | None:
    """The ``IN`` parameters' names (lower case) and types, in order; None
    when one is ``OUT``/``INOUT`` (the CALL passes a variable there)."""
    out: list[tuple[str, str]] = []
    for _, item in _commas(listed):
        if not item.strip():
            continue
        if re.match(r"\s*(?:OUT|INOUT)\s", item, re.IGNORECASE):
            return None
        found = _PARAMETER.match(item)
        if found is None:
            return None
        out.append((found.group(1).strip("`").lower(), item[found.end() :].strip()))
    return out


#: A character type and its length: ``VARCHAR(64)``, ``CHAR(10)``, ``TEXT``.
_CHARACTER_TYPE = lazy_compile(
    r"(?:NATIONAL\s+)?(?:VAR)?CHAR(?:ACTER)?(?:\s+VARYING)?\s*(?:\(\s*(\d+)\s*\))?|"
    r"(?:TINY|MEDIUM|LONG)?TEXT\b",
    re.IGNORECASE,
)
_INTEGER_TYPE = lazy_compile(r"(?:TINY|SMALL|MEDIUM|BIG)?INT(?:EGER)?\b", re.IGNORECASE)


def _holds_as_is(kind: str, value: str, quoted: bool) -> bool:
    """Whether a parameter of type ``kind`` holds the CALL's constant as
    written: a string within a character type's length, an integer in an
    integer or character type. Anything else is converted (``1.5`` into
    an ``INT`` is 2, a string too long is cut or refused) and not read."""
    character = _CHARACTER_TYPE.match(kind)
    if character is not None:
        size = character.group(1)
        return size is None or len(value) <= int(size)
    return not quoted and _INTEGER_TYPE.match(kind) is not None and value.lstrip("+-").isdigit()


def _commas(listed: str) -> list[tuple[int, str]]:
    """``listed`` cut at each ``,`` outside parentheses and quotes: (offset, item)."""
    out: list[tuple[int, str]] = []
    depth, begin, i = 0, 0, 0
    while i < len(listed):
        char = listed[i]
        if char in "'\"`":
            j = i + 1
            while j < len(listed):
                if listed[j] == "\\" and char != "`":
                    j += 2
                    continue
                if listed[j] == char:
                    if listed[j + 1 : j + 2] == char:
                        j += 2
                        continue
                    break
                j += 1
            i = j + 1
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "," and depth == 0:
            out.append((begin, listed[begin:i]))
            begin = i + 1
        i += 1
    out.append((begin, listed[begin:]))
    return out
