"""SQL Server stored procedures: their definitions, drops, renames and ``EXEC``\\ s.

A T-SQL migration can make a procedure whose body runs DDL and run it::

    CREATE PROCEDURE dbo.mk @t sysname AS
    BEGIN
        DECLARE @s nvarchar(max) = N'CREATE TABLE ' + QUOTENAME(@t) + N' (id int)';
        EXEC sp_executesql @s;
    END
    GO
    EXEC dbo.mk @t = N'AuditLog';

Facts, from the Microsoft docs (no SQL Server runs here): "CREATE
PROCEDURE" (``CREATE [OR ALTER] {PROC | PROCEDURE} [schema.]name [;
number] [{@parameter [type_schema.]data_type} [VARYING] [NULL] [= default]
[OUT | OUTPUT | READONLY]] [, ...n] [WITH <option> [, ...n]] [FOR
REPLICATION] AS {[BEGIN] sql_statement [;] [...n] [END]}``: the body runs
to the end of the batch; ``ALTER PROCEDURE`` replaces the body), "EXECUTE"
(``EXEC[UTE] [@return_status =] module_name [[@parameter =] {value |
@variable [OUTPUT] | [DEFAULT]}] [, ...n] [WITH RECOMPILE]``: values by
position, then by name; ``EXEC (...)`` runs a string), "sp_executesql"
(``[@stmt =] N'statement'``), "sp_rename" (``[@objname =] 'object_name',
[@newname =] 'new_name' [, [@objtype =] 'OBJECT']``: a procedure's new name
takes no schema), "DROP PROCEDURE" (``DROP {PROC | PROCEDURE} [IF EXISTS]
{[schema.]name} [, ...n]``), "QUOTENAME" (``[`` + the text with each ``]``
doubled + ``]``; ``"`` and ``'`` as delimiters likewise; NULL for text over
128 characters), "char and varchar" / "nchar and nvarchar" (a parameter
declared ``varchar`` without a length holds 1 character; a longer value is
cut to the declared length), "sysname" (``nvarchar(128)``).

A parameter is bound (:func:`bound`) when the ``EXEC`` gives it a string
literal that its character type holds as written, and the body never
assigns it; a local variable (``DECLARE @s ... = <text>`` or one ``SET @s =
<text>``) is known when assigned exactly once, from string literals, bound
parameters, known variables and ``QUOTENAME(...)`` of them joined by ``+``
(:class:`Values`), and used after that assignment. Anything else is not
known: the ``EXEC`` is not read and keeps its ``DBN012`` note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dbnamelint.core.lazyre import lazy_compile

#: A T-SQL name part: ``[x]``, ``"x"`` or a bare word.
_PART = r"(?:\[(?:[^\]]|\]\])+\]|\"(?:[^\"]|\"\")+\"|[^\W\d][\w@$#]*)"
_NAME = rf"({_PART}(?:\s*\.\s*{_PART}){{0,2}})"
_HEAD = lazy_compile(
    rf"\s*(?:CREATE(?:\s+OR\s+ALTER)?|ALTER)\s+PROC(?:EDURE)?\s+{_NAME}(?:\s*;\s*\d+)?",
    re.IGNORECASE,
)
_EXEC = lazy_compile(rf"\s*EXEC(?:UTE)?\s+(?:@[\w@$#]+\s*=\s*)?{_NAME}(?=\s|;|\Z)", re.IGNORECASE)
_DROP = lazy_compile(r"\s*DROP\s+PROC(?:EDURE)?\s+(?:IF\s+EXISTS\s+)?", re.IGNORECASE)
_LISTED = lazy_compile(rf"\s*{_NAME}\s*(?:,|;?\s*\Z)")
_RENAME = lazy_compile(
    r"\s*EXEC(?:UTE)?\s+(?:(?:\[?sys\]?|\[?dbo\]?)\s*\.\s*)?\[?sp_rename\]?\s+"
    r"(?:@objname\s*=\s*)?N?'((?:[^']|'')*)'\s*,\s*(?:@newname\s*=\s*)?N?'((?:[^']|'')*)'"
    r"\s*(?:,\s*(?:@objtype\s*=\s*)?N?'(\w*)'\s*)?;?\s*\Z",
    re.IGNORECASE,
)
#: Where the body starts: ``AS`` outside quotes and parentheses (:func:`_body_start`).
_AS = lazy_compile(r"AS\b", re.IGNORECASE)
_STRING = lazy_compile(r"N?'((?:[^']|'')*)'", re.IGNORECASE)
_QUOTENAME = lazy_compile(
    r"QUOTENAME\s*\(\s*(?P<arg>.*?)\s*(?:,\s*N?'(?P<q>[^']|'')'\s*)?\)\s*\Z",
    re.IGNORECASE | re.DOTALL,
)
_VARIABLE = lazy_compile(r"@[\w@$#]+\Z")
#: A declared character type (a variable holding DDL text).
_TYPE = r"(?:n?varchar\s*\(\s*(?:\d+|max)\s*\)|sysname)"
#: A character type and its length (``max``: none); ``sysname`` is ``nvarchar(128)``.
_CHARACTER = lazy_compile(
    r"(?:sys\s*\.\s*)?(?:(n?varchar|national\s+char(?:acter)?\s+varying)\s*(?:\(\s*(\d+|max)\s*\))?"
    r"|(sysname))\s*(?:=.*)?\Z",
    re.IGNORECASE | re.DOTALL,
)

#: A text and, per character and its end, where it is written: an offset
#: of the definition's text, or ``-w - 1`` for offset ``w`` of the EXEC's.
Text = tuple[str, tuple[int, ...]]


def key(name: str) -> str:
    """A procedure's key as :mod:`.routines` keys one: its last name part,
    unquoted, lower case (SQL Server's default collation is case-insensitive)."""
    parts = re.findall(_PART, name)
    last = parts[-1] if parts else name
    if last.startswith("["):
        return last[1:-1].replace("]]", "]").lower()
    return last.strip('"').lower()


def defined(text: str) -> tuple[str, str, int] | None:
    """``(name as written, parameter list, offset where the body starts)``
    of a ``CREATE [OR ALTER] PROCEDURE`` (or ``ALTER PROCEDURE``), else None."""
    head = _HEAD.match(text)
    if head is None:
        return None
    start = _body_start(text, head.end())
    if start is None:
        return None
    listed = text[head.end() : start - 2]
    listed = re.split(r"\b(?:WITH|FOR\s+REPLICATION)\b", listed, maxsplit=1, flags=re.I)[0]
    listed = listed.strip()
    if listed.startswith("(") and listed.endswith(")"):
        listed = listed[1:-1]
    return head.group(1), listed, start


def _after_string(text: str, at: int) -> int:
    """The offset just past the ``'...'`` literal opening at ``at`` (``''``
    is a quote inside it, T-SQL's only escape); the text's end when unclosed."""
    end = text.find("'", at + 1)
    while end >= 0 and text.startswith("''", end):
        end = text.find("'", end + 2)
    return len(text) if end < 0 else end + 1


def _body_start(text: str, at: int) -> int | None:
    """The offset just past the ``AS`` that starts the body."""
    depth = 0
    i = at
    while i < len(text):
        char = text[i]
        if char == "'":
            i = _after_string(text, i)
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif (
            depth == 0
            and _AS.match(text, i)
            and not (text[i - 1].isalnum() or text[i - 1] in "_@$#")
        ):
            return i + 2
        i += 1
    return None


def executed(text: str) -> tuple[str, int] | None:
    """``(procedure as written, offset of its arguments)`` of ``EXEC name
    ...``; None for ``EXEC (...)``, ``EXEC @variable`` and the system
    procedures that run or rename text (:func:`.._executed_text`, :func:`renamed`)."""
    found = _EXEC.match(text)
    if found is None:
        return None
    name = found.group(1)
    if key(name) in ("sp_executesql", "sp_rename"):
        return None
    return name, found.end()


def dropped(text: str) -> list[str]:
    """The keys a ``DROP PROCEDURE [IF EXISTS] a, b`` drops."""
    head = _DROP.match(text)
    if head is None:
        return []
    out: list[str] = []
    at = head.end()
    while (listed := _LISTED.match(text, at)) is not None and listed.end() > at:
        out.append(key(listed.group(1)))
        at = listed.end()
    return out


def renamed(text: str) -> tuple[str, str] | None:
    """``(old key, new name)`` of ``EXEC sp_rename 'old', 'new'`` of an
    object (no ``@objtype``, or ``'OBJECT'``); None for any other."""
    found = _RENAME.match(text)
    if found is None or (found.group(3) or "OBJECT").upper() != "OBJECT":
        return None
    old, new = (g.replace("''", "'") for g in found.group(1, 2))
    return key(old), new


def bound(listed: str, call: str, at: int, body: str) -> dict[str, Text] | None:
    """Each parameter (``@name`` lower case) of the list ``listed`` that the
    arguments of ``call`` (from offset ``at``) give a string it holds as
    written; None when an argument is not a constant or names no parameter
    (the EXEC is then not read). A parameter the body assigns is left out."""
    parameters = [_parameter(p) for p in _commas(listed) if p[1].strip()]
    if any(p is None for p in parameters):
        return None
    named = [p for p in parameters if p is not None]
    arguments = call[at:].rstrip().rstrip(";")
    arguments = re.sub(r"\bWITH\s+RECOMPILE\s*\Z", "", arguments, flags=re.IGNORECASE)
    out: dict[str, Text] = {}
    position = 0
    for offset, item in _commas(arguments) if arguments.strip() else []:
        found = re.match(r"\s*(?:(@[\w@$#]+)\s*=\s*)?N?'((?:[^']|'')*)'\s*\Z", item, re.I)
        if found is None:
            return None
        if found.group(1) is not None:
            which = next((p for p in named if p[0] == found.group(1).lower()), None)
        else:
            which = named[position] if position < len(named) else None
            position += 1
        if which is None:
            return None
        value, where = _undoubled(found.group(2), at + offset + found.start(2))
        if _holds(which[1], value) and not _assigned(which[0], body):
            out[which[0]] = (value, tuple(-1 - w for w in where))
    return out


def _parameter(item: tuple[int, str]) -> tuple[str, str] | None:
    """``(@name lower case, its type and the rest)`` of one parameter."""
    found = re.match(r"\s*(@[\w@$#]+)\s+(?:AS\s+)?(.*?)\s*\Z", item[1], re.I | re.S)
    return (found.group(1).lower(), found.group(2)) if found else None


def _holds(kind: str, value: str) -> bool:
    """Whether a parameter of type ``kind`` holds ``value`` as written: a
    character type of no length limit or one it fits in (``varchar`` alone
    is 1 character), no ``OUTPUT``; ``varchar`` (a code page) ASCII only."""
    if re.search(r"\b(?:OUT|OUTPUT|READONLY|VARYING)\b", kind, re.I):
        return False
    found = _CHARACTER.match(kind)
    if found is None:
        return False
    if found.group(3):
        return len(value) <= 128
    size = found.group(2)
    if not found.group(1).lower().startswith("n") and not value.isascii():
        return False
    return size is not None and (size.lower() == "max" or len(value) <= int(size))


def _assigned(name: str, body: str) -> bool:
    """Whether the body gives ``name`` a value (``SET @x =``, ``SELECT @x
    =``, ``@x += ``, ``OUTPUT``, ``FETCH ... INTO``)."""
    word = re.escape(name)
    return (
        re.search(
            rf"{word}(?![\w@$#])\s*(?:[-+*/%&|^]?=(?!=)|\s+OUT(?:PUT)?\b)|\bINTO\s+[^;]*{word}(?![\w@$#])",
            _code(body),
            re.I,
        )
        is not None
    )


def _code(text: str) -> str:
    """``text`` with its strings and comments blanked (same length)."""
    return re.sub(
        r"N?'(?:[^']|'')*'|--[^\n]*|/\*.*?\*/",
        lambda m: " " * len(m.group()),
        text,
        flags=re.S,
    )


@dataclass
class Values:
    """The text each known variable of a body holds (see the module docstring)."""

    body: str
    offset: int
    known: dict[str, Text] = field(default_factory=dict)
    #: Where each local variable's value is set: it holds it only after.
    set_at: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, text: str, offset: int, parameters: dict[str, Text]) -> Values:
        """The values of a procedure's body ``text[offset:]``: the bound
        ``parameters``, and each local variable assigned once (by its
        ``DECLARE`` or one ``SET``) from known text."""
        values = cls(text, offset, dict(parameters))
        code = _code(text[offset:])
        kinds = {
            m.group(1).lower(): m.group(2)
            for m in re.finditer(
                rf"(?:\bDECLARE\s+|,\s*)(@[\w@$#]+)\s+(?:AS\s+)?({_TYPE})", code, re.I
            )
        }
        for found in re.finditer(
            rf"(?:\bDECLARE\s+|,\s*)(@[\w@$#]+)\s+(?:AS\s+)?{_TYPE}\s*=|\bSET\s+(@[\w@$#]+)\s*=",
            code,
            re.I,
        ):
            name = (found.group(1) or found.group(2)).lower()
            if name in parameters or name not in kinds or _assignments(name, code) != 1:
                continue
            start = offset + found.end()
            end = _expression_end(text, start)
            made = values.evaluate(text[start:end], start)
            if made is not None and _holds(kinds[name], made[0]):
                values.known[name] = made
                values.set_at[name] = start
        return values

    def evaluate(self, expression: str, at: int) -> Text | None:
        """The text ``expression`` (written at offset ``at`` of the body's
        statement) makes, or None: pieces joined by ``+``, each a string
        literal, a known variable or ``QUOTENAME`` of one."""
        text: list[str] = []
        where: list[int] = []
        for offset, piece in _pluses(expression):
            made = self._piece(piece, at + offset)
            if made is None:
                return None
            text.append(made[0])
            where.extend(made[1][:-1])
        end = at + len(expression)
        return "".join(text), (*where, end)

    def _piece(self, piece: str, at: int) -> Text | None:
        stripped = piece.strip()
        at += len(piece) - len(piece.lstrip())
        if stripped.startswith("(") and stripped.endswith(")"):
            return self.evaluate(stripped[1:-1], at + 1)
        literal = _STRING.fullmatch(stripped)
        if literal is not None:
            value, where = _undoubled(literal.group(1), at + literal.start(1))
            return value, where
        if _VARIABLE.match(stripped):
            name = stripped.lower()
            return self.known.get(name) if self.set_at.get(name, -1) < at else None
        quoted = _QUOTENAME.match(stripped)
        if quoted is not None:
            inner = self.evaluate(quoted.group("arg"), at + quoted.start("arg"))
            if inner is None or len(inner[0]) > 128:
                return None  # NULL
            mark = quoted.group("q") or "["
            close = {"[": "]", "]": "]", '"': '"', "'": "'", "''": "'"}.get(mark)
            if close is None:
                return None
            opening = "'" if mark == "''" else mark if mark != "]" else "["
            out: list[str] = [opening]
            spots: list[int] = [inner[1][0]]
            for char, spot in zip(inner[0], inner[1], strict=False):
                out.append(char * 2 if char == close else char)
                spots.extend([spot] * (2 if char == close else 1))
            out.append(close)
            spots.extend([inner[1][-1], inner[1][-1]])
            return "".join(out), tuple(spots)
        return None


def _assignments(name: str, code: str) -> int:
    """How many times ``code`` gives ``name`` a value (by ``=`` after its
    name, ``OUTPUT``, ``INTO``)."""
    word = re.escape(name)
    return len(
        re.findall(
            rf"{word}(?![\w@$#])\s*(?:(?:AS\s+)?{_TYPE}\s*)?"
            rf"[-+*/%&|^]?=(?!=)|{word}\s+OUT(?:PUT)?\b|\bINTO\s+[^;]*{word}(?![\w@$#])",
            code,
            re.I,
        )
    )


def _expression_end(text: str, at: int) -> int:
    """Where an expression from ``at`` ends: a ``;`` or a line break outside
    parentheses and quotes not followed (after blanks) by ``+``, or a ``,``."""
    depth = 0
    i = at
    while i < len(text):
        char = text[i]
        if char == "'":
            i = _after_string(text, i)
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                return i
            depth -= 1
        elif depth == 0 and char in ";,":
            return i
        elif depth == 0 and char == "\n":
            rest = text[i:].lstrip()
            before = text[at:i].rstrip()
            if not rest.startswith("+") and not before.endswith("+"):
                return i
        i += 1
    return i


def _pluses(expression: str) -> list[tuple[int, str]]:
    """``expression`` cut at each ``+`` outside parentheses and quotes."""
    return _commas(expression, "+")


def _commas(listed: str, mark: str = ",") -> list[tuple[int, str]]:
    """``listed`` cut at each ``mark`` outside parentheses and quotes: (offset, item)."""
    out: list[tuple[int, str]] = []
    depth, begin, i = 0, 0, 0
    while i < len(listed):
        char = listed[i]
        if char == "'":
            end = listed.find("'", i + 1)
            while end >= 0 and listed.startswith("''", end):
                end = listed.find("'", end + 2)
            i = len(listed) if end < 0 else end + 1
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == mark and depth == 0:
            out.append((begin, listed[begin:i]))
            begin = i + 1
        i += 1
    out.append((begin, listed[begin:]))
    return out


def _undoubled(written: str, at: int) -> Text:
    """A literal's text (``''`` one quote), each character where it is
    written (``at`` the literal's first), and its end."""
    chars: list[str] = []
    spots: list[int] = []
    i = 0
    while i < len(written):
        chars.append(written[i])
        spots.append(at + i)
        i += 2 if written.startswith("''", i) else 1
    return "".join(chars), (*spots, at + len(written))
