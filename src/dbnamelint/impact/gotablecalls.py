"""Go queries that take their table from a model's ``TableName()`` call.

A Go model's ``TableName()`` method names its table (:mod:`dbnamelint.impact.gorm`),
and code builds queries around it: Supabase Auth's cleanup job writes
``tableSessions := Session{}.TableName()`` then ``fmt.Sprintf("delete from %q
where id in (select id from %q where not_after < now() ...)", tableSessions,
tableSessions)``, and its models ``"DELETE FROM " + (&pop.Model{Value:
Session{}}).TableName() + " WHERE user_id = ?"``. No string names the table,
yet the statement reads it, so its column names are that table's. Found here:

- a ``Sprintf`` whose format (a literal, or an identifier a ``const``/``var``/
  ``:=`` of the file assigns one) puts its verbs in table positions (``FROM
  %q``, ``JOIN``, ``INTO``, ``UPDATE``...; ``fmt``: the n-th verb takes the
  n-th argument after the format) that ``TableName()`` calls of one table fill
  (two tables may be read at two query levels, ``not exists (select ... from
  %q)``, where a bare column's table is not known), and each ``%q.col`` whose
  verb such a call fills, that table's column whatever the format holds;
- a string literal ending in a table position, then ``+`` such a call (or an
  identifier assigned one): it and the literal after (``+ " WHERE ..."``)
  are one statement on it.

The call is ``T{}.TableName()``, ``(&T{}).TableName()``, pop's ``(&pop.Model{Value:
T{}}).TableName()``, ``v.TableName()`` on a variable declared as a ``T``
(:func:`~dbnamelint.impact.gormconv.declared_type`), or an identifier the
same function assigns one of those to; its table is what ``T``'s own
``TableName()`` returns (the caller gives the file's package's types first;
a type whose method returns no one known name is not followed). Reads text only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.go_calls import call_arguments
from dbnamelint.impact.classify import table_position_before
from dbnamelint.impact.gormconv import Clause, declared_type, mask

_LITERAL = r"""(?:"(?:\\.|[^"\\\n])*"|`[^`]*`)"""
_LITERAL_RE = lazy_compile(_LITERAL)
_VERB = lazy_compile(r"%(?:%|[-+# 0]*(?:\[\d+\])?(?:\d+|\*)?(?:\.(?:\d+|\*)?)?[a-zA-Z])")
_SPRINTF = lazy_compile(r"\bSprintf\s*\(")
_TYPE = r"&?\s*(?:\w+\.)?(?P<type>[A-Za-z_]\w*)\s*\{[^{}]*\}"
#: A ``TableName()`` call: on a composite literal (also inside pop's
#: ``pop.Model{Value: ...}``), or on a variable.
_CALL = lazy_compile(
    r"(?:\(\s*&\s*(?:\w+\.)?Model\s*\{\s*Value\s*:\s*" + _TYPE + r"\s*,?\s*\}\s*\)"
    r"|\(\s*" + _TYPE.replace("type", "paren") + r"\s*\)"
    r"|(?<![\w.])" + _TYPE.replace("type", "bare") + r"|(?<![\w.])(?P<var>[A-Za-z_]\w*))"
    r"\s*\.\s*TableName\s*\(\s*\)"
)
_IDENT = lazy_compile(r"[A-Za-z_]\w*")


def clauses(path: str, text: str, tables: Mapping[str, str | None]) -> list[Clause]:
    """The string literals of ``text`` (a Go file) whose statement takes a table
    from a ``TableName()`` call, each with that table (folded); ``tables``: per
    type with a ``TableName()`` method, the name it returns (None: unknown)."""
    if not path.lower().endswith(".go") or "TableName" not in text:
        return []
    masked = mask(text)
    out = _sprintf_clauses(text, masked, tables)
    out += _concatenated(text, masked, tables)
    return out


def call_table(
    text: str, masked: str, expression: tuple[int, int], tables: Mapping[str, str | None]
) -> str | None:
    """The table (folded) the Go expression ``text[a:b]`` names through a
    ``TableName()`` call, directly or through an identifier the enclosing
    function assigns one to; None when it is no such call."""
    a, b = expression
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    found = _CALL.fullmatch(text, a, b)
    if found is None:
        ident = _IDENT.fullmatch(text, a, b)
        if ident is None:
            return None
        assigned = _assigned_call(text, masked, ident.group(), a)
        if assigned is None:
            return None
        found = assigned
    name = found.group("type") or found.group("paren") or found.group("bare")
    if name is None:
        name = declared_type(text[: found.start()], found.group("var"))
    table = tables.get(name) if name is not None else None
    return table.rpartition(".")[2].casefold() if table else None


def _assigned_call(text: str, masked: str, ident: str, at: int) -> re.Match[str] | None:
    """The ``TableName()`` call the last assignment of ``ident`` before ``at``
    in the same function gives it (``tableSessions := Session{}.TableName()``)."""
    body = masked.rfind("\nfunc ", 0, at) + 1
    pattern = re.compile(rf"(?<![\w.]){re.escape(ident)}\s*(?::=|=(?!=))[ \t]*")
    found = list(pattern.finditer(masked, body, at))
    if not found:
        return None
    call = _CALL.match(text, found[-1].end())
    if call is None or not _LINE_END.match(masked, call.end()):
        return None  # a call with more after it: Session{}.TableName() + "_x"
    return call


_LINE_END = lazy_compile(r"[ \t]*;?[ \t]*(?://[^\n]*)?(?:\n|$)")


def _sprintf_clauses(text: str, masked: str, tables: Mapping[str, str | None]) -> list[Clause]:
    """A ``Sprintf`` format's statement on the one table its table verbs take
    (every one a ``TableName()`` call of it: two tables may be read at two
    levels, ``not exists (select ... from %q ...)``, and a bare column's is
    then not known), and each ``%q.col`` whose verb such a call fills."""
    out: list[Clause] = []
    for call in _SPRINTF.finditer(masked):
        args = arguments(masked, call.end() - 1)
        if len(args) < 2:
            continue
        form = _format_span(text, masked, args[0])
        if form is None:
            continue
        named: list[str | None] = []
        n = 0
        for verb in _VERB.finditer(text, *form):
            if verb.group() == "%%":
                continue
            n += 1
            table = call_table(text, masked, args[n], tables) if n < len(args) else None
            if table is not None:
                column = _QUALIFIED.match(text, verb.end(), form[1])
                if column is not None:
                    out.append(Clause(column.start(1), column.end(1), frozenset({table}), table))
            if table_position_before(text[form[0] : verb.start()]):
                named.append(table)
        if len(set(named)) == 1 and named[0] is not None:
            out.append(Clause(form[0], form[1], frozenset({named[0]})))
    return out


#: A column a verb qualifies: ``%q.col``.
_QUALIFIED = lazy_compile(r"\.\s*([A-Za-z_]\w*)")


def _format_span(text: str, masked: str, argument: tuple[int, int]) -> tuple[int, int] | None:
    """(start, end) of the content of the format's string literal: the argument
    itself, or the literal an identifier is assigned in the file."""
    a, b = argument
    value = text[a:b].strip()
    at = text.index(value, a) if value else a
    if _LITERAL_RE.fullmatch(value) is not None and masked[at] in '"`':
        return at + 1, at + len(value) - 1
    if _IDENT.fullmatch(value) is None:
        return None
    assigned = re.search(
        rf"(?<![\w.]){re.escape(value)}(?:\s+[\w.]+)?\s*(?::=|=(?!=))\s*({_LITERAL})", text
    )
    if assigned is None or masked[assigned.start(1)] not in '"`':
        return None
    return assigned.start(1) + 1, assigned.end(1) - 1


def _concatenated(text: str, masked: str, tables: Mapping[str, str | None]) -> list[Clause]:
    """``"DELETE FROM " + X.TableName() + " WHERE ..."`` (or ``+ table +``, an
    identifier assigned such a call): the literal before and the one after."""
    out: list[Clause] = []
    for plus in _AFTER_LITERAL.finditer(masked):
        close = plus.start()
        opening = _opening_quote(masked, close)
        if opening is None or not table_position_before(text[opening + 1 : close]):
            continue
        expression = _CALL.match(text, plus.end()) or _BARE.match(masked, plus.end())
        if expression is None:
            continue
        table = call_table(text, masked, (plus.end(), expression.end()), tables)
        if table is None:
            continue
        out.append(Clause(opening + 1, close, frozenset({table})))
        after = _NEXT_LITERAL.match(masked, expression.end())
        if after is not None:
            literal = _LITERAL_RE.match(text, after.end() - 1)
            if literal is not None:
                out.append(Clause(literal.start() + 1, literal.end() - 1, frozenset({table})))
    return out


#: A literal's closing quote, then ``+``: what follows it is concatenated.
_AFTER_LITERAL = lazy_compile(r"[\"`](?=\s*\+)\s*\+\s*")
#: An identifier standing alone in a concatenation (no call, no member after it).
_BARE = lazy_compile(r"[A-Za-z_]\w*(?=\s*(?:\+|\)|,|$))", re.MULTILINE)
_NEXT_LITERAL = lazy_compile(r"\s*\+\s*[\"`]")


def _opening_quote(masked: str, close: int) -> int | None:
    """The offset of the quote opening the literal whose closing quote is at
    ``close`` (``masked`` holds no quote inside a literal), or None."""
    quote = masked[close]
    at = masked.rfind(quote, 0, close)
    if at < 0 or (quote == '"' and "\n" in masked[at:close]):
        return None
    return at


def arguments(masked: str, open_at: int) -> list[tuple[int, int]]:
    """(start, end) of each top-level argument of the call whose ``(`` is at
    ``open_at`` in ``masked`` (:func:`~dbnamelint.impact.gormconv.mask`ed text),
    an empty last one (``f(a, )``) left out; empty when the call does not close."""
    found = call_arguments(masked, open_at + 1)
    if found and not masked[found[-1][0] : found[-1][1]].strip():
        found.pop()
    return found
