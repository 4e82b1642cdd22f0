"""Where the names of a ``CREATE TABLE`` text are, for editing it token by token.

SQLite cannot rename a constraint, so ``migrate`` rebuilds the table from
its own definition (:mod:`dbnamelint.services.migrate.sqlite_rebuild`) with
only the table's name and the constraint names changed: every other byte of
the text stays as it was. This module finds those names with sqlglot's
tokenizer for the dialect (quoted names with ``"..."``, ``[...]`` and
backticks, strings and comments are one token each, so a word inside a CHECK
string or a comment is never taken for a name).
"""

from __future__ import annotations

from msgspec import Struct

from dbnamelint.dialects import sqlglot_dialect
from dbnamelint.frontends.sql.parsing.lexer import SqlglotError, Token, TokenType, tokenizers


class NameSpan(Struct, frozen=True):
    """One name in the text: ``text[start:end]`` writes it (quotes included);
    ``name`` is its value (quotes removed, doubled quotes undone)."""

    name: str
    start: int
    end: int


class TableSpans(Struct, frozen=True):
    """The names of one ``CREATE TABLE`` text.

    ``table``: the table's name as written (a schema qualifier included:
    the span runs from the first part to the last); ``constraints``: the
    name after each ``CONSTRAINT`` word, in text order, table-level and
    column-level alike; ``autoincrement``: an ``AUTOINCREMENT`` keyword
    is written (the table has a ``sqlite_sequence`` row).
    """

    table: NameSpan
    constraints: tuple[NameSpan, ...]
    autoincrement: bool = False
    #: Each ``<table>.`` written before a column inside the definition (a
    #: CHECK's ``"page_component"."type"``): ``(start, end)`` of the name and
    #: its dot. A table made under another name (a rebuild's ``new_X``)
    #: refuses them, so the rebuild writes those columns bare.
    qualifiers: tuple[tuple[int, int], ...] = ()


_NAME_TYPES = frozenset({TokenType.VAR, TokenType.IDENTIFIER, TokenType.STRING})


def _span(token: Token) -> NameSpan:
    return NameSpan(token.text, token.start, token.end + 1)


def create_table_spans(text: str, dialect: str) -> TableSpans | None:
    """The name spans of ``text``, a ``CREATE [TEMP] TABLE [IF NOT EXISTS]
    name (...)`` statement in ``dialect`` (a profile or sqlglot name).

    Returns None when ``text`` is not such a statement (a ``CREATE TABLE ...
    AS SELECT``, another statement, or text the tokenizer refuses).
    Offsets are character offsets into ``text``; ends are exclusive.
    """
    try:
        tokens = tokenizers(None).get(sqlglot_dialect(dialect)).tokenize(text)
    except (SqlglotError, ValueError):
        return None
    if len(tokens) < 4 or tokens[0].token_type is not TokenType.CREATE:
        return None
    at = 1
    while at < len(tokens) and tokens[at].token_type is not TokenType.TABLE:
        if tokens[at].text.upper() not in ("TEMP", "TEMPORARY"):
            return None
        at += 1
    at += 1
    words = [t.text.upper() for t in tokens[at : at + 3]]
    if words == ["IF", "NOT", "EXISTS"]:
        at += 3
    first = at
    while at < len(tokens) and tokens[at].token_type is not TokenType.L_PAREN:
        at += 1
    if at >= len(tokens) or at == first:
        return None
    name = NameSpan(tokens[at - 1].text, tokens[first].start, tokens[at - 1].end + 1)
    constraints = tuple(
        _span(tokens[i + 1])
        for i in range(at, len(tokens) - 1)
        if tokens[i].token_type is TokenType.CONSTRAINT
        and (tokens[i + 1].token_type in _NAME_TYPES or tokens[i + 1].text.isidentifier())
    )
    autoincrement = any(
        t.token_type not in (TokenType.STRING, TokenType.IDENTIFIER)
        and t.text.upper() == "AUTOINCREMENT"
        for t in tokens[at:]
    )
    own = name.name.rsplit(".", 1)[-1].casefold()
    qualifiers = tuple(
        (tokens[i].start, tokens[i + 1].end + 1)
        for i in range(at + 1, len(tokens) - 2)
        if tokens[i + 1].token_type is TokenType.DOT
        and tokens[i].token_type in (TokenType.VAR, TokenType.IDENTIFIER)
        and tokens[i].text.casefold() == own
        and tokens[i - 1].token_type is not TokenType.DOT
    )
    return TableSpans(name, constraints, autoincrement, qualifiers)


def replace_spans(text: str, edits: dict[tuple[int, int], str]) -> str:
    """``text`` with each ``(start, end)`` span replaced by its new text; the
    rest byte for byte. Spans must not overlap."""
    out, at = [], 0
    for (start, end), new in sorted(edits.items()):
        out += [text[at:start], new]
        at = end
    out.append(text[at:])
    return "".join(out)
