"""A view's top-level ``FROM`` list, read so that replay can expand the
``*`` / ``t.*`` of its select list into the columns its tables have when
the view is made (PostgreSQL, MySQL and MariaDB store the expanded list:
PostgreSQL manual, CREATE VIEW, "columns added later to the table are not
part of the view"; MySQL manual, CREATE VIEW, "the view definition is
frozen at creation time").

Only a plain list is read: tables or views, each with an optional alias,
joined by ``,``, ``[INNER | LEFT | RIGHT | FULL | CROSS] JOIN ... [ON ...]``,
``JOIN ... USING (...)`` or ``NATURAL JOIN``. A derived table, function,
``LATERAL``, ``ONLY``, an alias with a column list ``t AS x(a, b)``, a
parenthesised join or any other word leaves the list unread (None): the
view's columns stay in part unknown.
"""

from __future__ import annotations

from dbnamelint.frontends.sql.parsing.lexer import TokenType
from dbnamelint.frontends.sql.parsing.tokens import Cursor
from dbnamelint.frontends.sql.parsing.view_scopes import CLAUSE_WORDS, JOIN_WORDS
from dbnamelint.model import QualifiedName, ViewName, ViewSource

#: Words that end a FROM list at its level: a query's clauses (``RETURNING``
#: ends no SELECT's FROM list) and ``WITH`` of ``WITH CHECK OPTION``.
_ENDS = (CLAUSE_WORDS - {"RETURNING"}) | {"WITH", "QUALIFY"}
_NOT_ALIAS = _ENDS | JOIN_WORDS | {"ON", "USING", "JOIN"}


def _end_of(cur: Cursor, start: int) -> int:
    """Where the FROM list starting at ``start`` ends."""
    depth = 0
    for j in range(start, cur.end):
        tt = cur.tokens[j].token_type
        if tt is TokenType.L_PAREN:
            depth += 1
        elif tt is TokenType.R_PAREN:
            depth -= 1
            if depth < 0:
                return j
        elif depth == 0 and tt is not TokenType.IDENTIFIER:
            word = cur.word(j)
            if word and word[0] in _ENDS:
                return j
    return cur.end


def _join(words: tuple[str, ...]) -> bool | None:
    """A join keyword: whether it is NATURAL; None when not a join's word."""
    if words and words[-1] in ("JOIN", "STRAIGHT_JOIN"):
        return "NATURAL" in words
    return None


def view_from(cur: Cursor, start: int) -> tuple[ViewSource, ...] | None:
    """The sources of the FROM list whose first item is at ``start`` (the
    token after ``FROM``), or None when it is not a plain list of tables."""
    tokens = cur.tokens
    end = _end_of(cur, start)
    sources: list[ViewSource] = []
    natural = False
    expect = True
    j = start
    while j < end:
        tok = tokens[j]
        words = cur.word(j) if tok.token_type is not TokenType.IDENTIFIER else ()
        if expect:
            if not cur.is_name(tok) or (words and words[0] in _NOT_ALIAS | {"LATERAL", "ONLY"}):
                return None
            parts = [tok]
            j += 1
            while (
                j + 1 < end and tokens[j].token_type is TokenType.DOT and cur.is_name(tokens[j + 1])
            ):
                parts.append(tokens[j + 1])
                j += 2
            if j < end and tokens[j].token_type in (TokenType.L_PAREN, TokenType.DOT):
                return None  # a function in FROM, or ``t.*``-like text
            last = parts[-1]
            table = QualifiedName(
                last.text,
                parts[-2].text if len(parts) > 1 else None,
                last.token_type is TokenType.IDENTIFIER,
            )
            alias: ViewName | None = None
            if (
                j < end
                and cur.word(j)[:1] == ("AS",)
                and tokens[j].token_type is not (TokenType.IDENTIFIER)
            ):
                j += 1
                if j >= end or not cur.is_name(tokens[j]):
                    return None
            if j < end and cur.is_name(tokens[j]):
                named = cur.word(j) if tokens[j].token_type is not TokenType.IDENTIFIER else ()
                if not (named and named[0] in _NOT_ALIAS):
                    alias = (tokens[j].text, tokens[j].token_type is TokenType.IDENTIFIER)
                    j += 1
            if j < end and tokens[j].token_type is TokenType.L_PAREN:
                return None  # t AS x(a, b): the columns are renamed
            sources.append(ViewSource(table, alias, natural=natural))
            natural, expect = False, False
            continue
        if tok.token_type is TokenType.COMMA:
            expect = True
            j += 1
            continue
        joined = _join(words)
        if joined is not None:
            natural = joined or natural
            expect = True
            j += 1
            continue
        if words and words[0] in JOIN_WORDS and len(words) == 1:
            natural = natural or words[0] == "NATURAL"
            j += 1
            continue
        if words[:1] == ("ON",):
            depth = 0
            j += 1
            while j < end:  # the condition, to the next join or comma at this level
                tt = tokens[j].token_type
                if tt is TokenType.L_PAREN:
                    depth += 1
                elif tt is TokenType.R_PAREN:
                    depth -= 1
                elif depth == 0 and tt is not TokenType.IDENTIFIER:
                    inner = cur.word(j)
                    if tt is TokenType.COMMA or _join(inner) is not None:
                        break
                    if inner and len(inner) == 1 and inner[0] in JOIN_WORDS:
                        break
                j += 1
            continue
        if words[:1] == ("USING",) and sources:
            j += 1
            if j >= end or tokens[j].token_type is not TokenType.L_PAREN:
                return None
            j += 1
            names: list[ViewName] = []
            while j < end and tokens[j].token_type is not TokenType.R_PAREN:
                if cur.is_name(tokens[j]):
                    names.append((tokens[j].text, tokens[j].token_type is TokenType.IDENTIFIER))
                elif tokens[j].token_type is not TokenType.COMMA:
                    return None
                j += 1
            j += 1
            last_source = sources[-1]
            sources[-1] = ViewSource(
                last_source.table, last_source.alias, tuple(names), last_source.natural
            )
            continue
        return None
    return tuple(sources) if sources and not expect else None
