"""A PostgreSQL view body read query level by query level, as the parser
binds its column references (DBN018).

PostgreSQL records in ``pg_depend`` a dependency of the view on every table
column a ``Var`` of its query tree points at, at any level: the select list
(a ``*`` or ``t.*`` expanded when the view is made), ``WHERE``, ``JOIN ...
ON``/``USING``, ``GROUP BY``, subqueries and CTEs. A column reference binds
to the innermost query level whose ``FROM`` has a source with that column
(ambiguity there is an error, so the view would not exist), else to an
outer level's. This module splits the body into those levels with their
sources, stars and names; replay binds them to the columns the model has
when the view is made (:meth:`dbnamelint.replay.engine.Engine`).
"""

from __future__ import annotations

from msgspec import Struct, field

from dbnamelint.frontends.sql.parsing.lexer import Token, TokenType
from dbnamelint.frontends.sql.parsing.tokens import Cursor
from dbnamelint.model import QualifiedName, ViewLevel, ViewName

# Read once, not per token: on Python 3.11 reading ``TokenType.COMMA`` goes through
# ``EnumType.__getattr__``'s slow path (about five times a global's cost;
# 3.12 removed it).
_L_PAREN, _R_PAREN, _COMMA = TokenType.L_PAREN, TokenType.R_PAREN, TokenType.COMMA
_DOT, _STAR, _IDENTIFIER = TokenType.DOT, TokenType.STAR, TokenType.IDENTIFIER
_SELECT = TokenType.SELECT

#: Words that end a FROM clause's source list or a source's alias (view_stars'
#: FROM lists end at them too).
CLAUSE_WORDS = frozenset(
    {
        "WHERE",
        "GROUP",
        "HAVING",
        "ORDER",
        "LIMIT",
        "OFFSET",
        "WINDOW",
        "UNION",
        "INTERSECT",
        "EXCEPT",
        "FETCH",
        "FOR",
        "RETURNING",
    }
)
#: Words before JOIN (when the lexer keeps them apart).
JOIN_WORDS = frozenset({"LEFT", "RIGHT", "INNER", "OUTER", "FULL", "CROSS", "NATURAL"})
_NOT_ALIAS = CLAUSE_WORDS | JOIN_WORDS | {"ON", "USING", "JOIN", "WITH", "TABLESAMPLE"}
_SKIPPED_IN_FROM = frozenset({"LATERAL", "ONLY"})
#: Words that are never a column reference where they stand in a query.
_KEYWORDS = frozenset(
    {
        *_NOT_ALIAS,
        "SELECT",
        "FROM",
        "AND",
        "OR",
        "NOT",
        "NULL",
        "IS",
        "IN",
        "AS",
        "BY",
        "ALL",
        "DISTINCT",
        "CASE",
        "WHEN",
        "THEN",
        "ELSE",
        "END",
        "TRUE",
        "FALSE",
        "ASC",
        "DESC",
        "NULLS",
        "RECURSIVE",
        "LATERAL",
        "ONLY",
        "EXISTS",
        "BETWEEN",
        "LIKE",
        "ILIKE",
        "SIMILAR",
        "ANY",
        "SOME",
        "ARRAY",
        "INTERVAL",
        "FILTER",
        "OVER",
        "PARTITION",
        "ROWS",
        "RANGE",
        "GROUPS",
        "PRECEDING",
        "FOLLOWING",
        "UNBOUNDED",
        "CURRENT",
        "ROW",
        "AT",
        "COLLATE",
        "NEXT",
        "VALUES",
        "DEFAULT",
        "CURRENT_DATE",
        "CURRENT_TIME",
        "CURRENT_TIMESTAMP",
        "CURRENT_USER",
        "SESSION_USER",
        "LOCALTIME",
        "LOCALTIMESTAMP",
        "ESCAPE",
        "ISNULL",
        "NOTNULL",
        "CHECK",
        "OPTION",
        "CASCADED",
    }
)
#: Tokens after which a bare name in a select list is an output alias (``u.name creator``).
_EXPRESSION_ENDS = frozenset(
    {TokenType.R_PAREN, TokenType.NUMBER, TokenType.STRING, TokenType.IDENTIFIER, TokenType.VAR}
)


class _Level(Struct):
    parent: int
    sources: list[tuple[QualifiedName | None, str | None]] = field(default_factory=list)
    stars: list[ViewName | None] = field(default_factory=list)
    names: list[tuple[ViewName | None, ViewName]] = field(default_factory=list)
    using: list[ViewName] = field(default_factory=list)
    selected: bool = False
    aliases: set[str] = field(default_factory=set)  # output column names (AS x)


class _Frame(Struct):
    """An open parenthesis: a subquery's, a source's or an expression's."""

    level: int  # the level active when it opened
    subquery: bool
    source: bool  # a derived table, a function or a parenthesised join in FROM
    clause: str
    using: bool = False


def _word(tok: Token) -> str:
    """A keyword's first word, upper-case (sqlglot makes ``ORDER BY`` one token)."""
    if tok.token_type is _IDENTIFIER:
        return ""
    words = tok.text.upper().split(None, 1)
    return words[0] if words else ""


def _key(name: ViewName) -> str:
    return name[0] if name[1] else name[0].casefold()


def _name(tok: Token) -> ViewName:
    return (tok.text, tok.token_type is TokenType.IDENTIFIER)


def cte_key(text: str, quoted: bool, family: str | None) -> str:
    """How a ``WITH`` query's name is matched: on PostgreSQL as any name is,
    an unquoted one folded to lower case and a quoted one exactly as written
    (manual 4.1.1: ``WITH "C" AS (...) ... FROM c`` reads table ``c``, not
    the query); elsewhere without case."""
    if family == "postgres":
        return text if quoted else text.lower()
    return text.casefold()


def view_levels(cur: Cursor, start: int, end: int, ctes: set[str]) -> tuple[ViewLevel, ...]:
    """The query levels of ``tokens[start:end]``, a view's body; ``ctes``
    (case-folded) are the names its ``WITH`` gives, sources of unknown
    columns like a derived table."""
    tokens = cur.tokens
    stop = min(end, cur.end)
    levels = [_Level(-1)]
    at = 0
    clause = ""  # "select", "from", "cond" (ON), "other"
    expect_source = False
    alias_next = False  # a derived table or function in FROM closed: its alias follows
    frames: list[_Frame] = []
    j = start
    while j < stop:
        tok = tokens[j]
        tt = tok.token_type
        word = _word(tok)
        nxt = tokens[j + 1] if j + 1 < stop else None
        if tt is _L_PAREN:
            inner = _word(nxt) if nxt is not None else ""
            if inner in ("SELECT", "WITH", "VALUES"):
                frames.append(_Frame(at, True, expect_source, clause))
                levels.append(_Level(at))
                at, clause, expect_source = len(levels) - 1, "", False
            else:
                using = clause in ("from", "cond") and j > 0 and _word(tokens[j - 1]) == "USING"
                frames.append(_Frame(at, False, expect_source, clause, using))
            j += 1
            continue
        if tt is _R_PAREN:
            if frames:
                frame = frames.pop()
                at, clause = frame.level, frame.clause
                expect_source = False
                alias_next = frame.source
            j += 1
            continue
        level = levels[at]
        in_expression = bool(frames) and not frames[-1].subquery and not frames[-1].source
        if frames and frames[-1].using and cur.is_name(tok):
            level.using.append(_name(tok))
            j += 1
            continue
        if alias_next:
            alias_next = False
            if word == "AS":
                j += 1
                continue
            if cur.is_name(tok) and word not in _NOT_ALIAS:
                level.sources.append((None, tok.text.casefold()))
                j += 1
                continue
            level.sources.append((None, None))
        if word == "SELECT":
            if level.selected:  # UNION ... SELECT: a sibling level
                levels.append(_Level(level.parent))
                at = len(levels) - 1
            levels[at].selected = True
            clause, expect_source = "select", False
            j += 1
            continue
        if not in_expression:
            if word == "FROM" and not (j > start and _word(tokens[j - 1]) == "DISTINCT"):
                clause, expect_source = "from", True
                j += 1
                continue
            if word in CLAUSE_WORDS:
                clause, expect_source = ("order" if word == "ORDER" else "other"), False
                j += 1
                continue
            if clause in ("from", "cond"):
                if word.endswith("JOIN"):
                    clause, expect_source = "from", True
                    j += 1
                    continue
                if word in ("ON", "USING"):
                    clause, expect_source = "cond", False
                    j += 1
                    continue
                if tt is _COMMA:
                    clause, expect_source = "from", True
                    j += 1
                    continue
        if expect_source:
            if word in _SKIPPED_IN_FROM or word in JOIN_WORDS:
                j += 1
                continue
            if cur.is_name(tok):
                j = _source(cur, j, stop, level, ctes)
                expect_source = False
                if j < stop and tokens[j].token_type is _L_PAREN:
                    # a function in FROM: its arguments are read, its alias follows
                    frames.append(_Frame(at, False, True, clause))
                    j += 1
                continue
        if tt is _STAR and clause == "select" and j > start:
            before = tokens[j - 1]
            if before.token_type is _DOT and j - 2 >= start:
                level.stars.append(_name(tokens[j - 2]))
            elif before.token_type in (_COMMA, _SELECT) or _word(before) in (
                "SELECT",
                "DISTINCT",
                "ALL",
            ):
                level.stars.append(None)
            j += 1
            continue
        if cur.is_name(tok) and word not in _KEYWORDS:
            reference = _reference(tokens, j, start, stop, clause)
            if clause == "select" and j > start and _word(tokens[j - 1]) == "AS":
                level.aliases.add(_key(_name(tok)))
            elif reference is None:
                pass
            elif clause == "order" and reference[0] is None and _key(reference[1]) in level.aliases:
                pass  # ORDER BY an output column's name: that column, not an input one
            else:
                level.names.append(reference)
        j += 1
    return tuple(
        ViewLevel(
            parent=lv.parent,
            sources=tuple(lv.sources),
            stars=tuple(lv.stars),
            names=tuple(lv.names),
            using=tuple(lv.using),
        )
        for lv in levels
    )


def _source(cur: Cursor, j: int, stop: int, level: _Level, ctes: set[str]) -> int:
    """Reads ``[schema.]name [[AS] alias]`` at ``j`` into ``level``'s sources;
    the index after it. A CTE's name is a source of unknown columns; a name
    followed by ``(`` is a function (its alias is read after the call)."""
    tokens = cur.tokens
    parts = [tokens[j]]
    j += 1
    while j + 1 < stop and tokens[j].token_type is TokenType.DOT and cur.is_name(tokens[j + 1]):
        parts.append(tokens[j + 1])
        j += 2
    if j < stop and tokens[j].token_type is TokenType.L_PAREN:
        return j  # a function: the caller opens its frame
    last = parts[-1]
    quoted = last.token_type is TokenType.IDENTIFIER
    schema = parts[-2].text if len(parts) > 1 else None
    table: QualifiedName | None = QualifiedName(last.text, schema, quoted)
    if schema is None and cte_key(last.text, quoted, cur.dialect_family) in ctes:
        table = None
    alias: str | None = None
    if j < stop and _word(tokens[j]) == "AS":
        j += 1
    if j < stop and cur.is_name(tokens[j]) and _word(tokens[j]) not in _NOT_ALIAS:
        alias = tokens[j].text if tokens[j].token_type is TokenType.IDENTIFIER else None
        alias = alias if alias is not None else tokens[j].text.casefold()
        j += 1
        if j < stop and tokens[j].token_type is TokenType.L_PAREN:
            cur_depth = 0
            while j < stop:  # column aliases t(a, b): not references
                if tokens[j].token_type is TokenType.L_PAREN:
                    cur_depth += 1
                elif tokens[j].token_type is TokenType.R_PAREN:
                    cur_depth -= 1
                    if cur_depth == 0:
                        j += 1
                        break
                j += 1
    level.sources.append((table, alias))
    return j


def _reference(
    tokens: list[Token], j: int, start: int, stop: int, clause: str
) -> tuple[ViewName | None, ViewName] | None:
    """The column reference token ``j`` makes, ``(qualifier, name)``, or None:
    a qualifier itself, a call, a type after ``::``, a name after ``AS``, an
    output alias written without ``AS``, or a keyword in its phrase."""
    tok = tokens[j]
    nxt = tokens[j + 1] if j + 1 < stop else None
    if nxt is not None and nxt.token_type in (TokenType.L_PAREN, TokenType.DOT):
        return None
    after = tokens[j + 2] if j + 2 < stop else None
    if (
        nxt is not None
        and _word(nxt) == "AS"
        and after is not None
        and after.token_type is TokenType.L_PAREN
    ):
        return None  # WITH items AS (...): a CTE's name
    before = tokens[j - 1] if j > start else None
    if before is not None:
        if before.token_type in (TokenType.DCOLON, TokenType.ALIAS) or _word(before) == "AS":
            return None
        word = _word(tok)
        if word in ("FIRST", "LAST") and _word(before) == "NULLS":
            return None
        if word in ("TIME", "ZONE") and _word(before) in ("AT", "TIME", "WITH", "WITHOUT"):
            return None
        if before.token_type is TokenType.DOT:
            qualifier = tokens[j - 2] if j - 2 >= start else None
            return (_name(qualifier) if qualifier is not None else None, _name(tok))
        if (
            clause == "select"
            and before.token_type in _EXPRESSION_ENDS
            and _word(before) not in _KEYWORDS
            and (nxt is None or nxt.token_type is TokenType.COMMA or _word(nxt) == "FROM")
        ):
            return None  # SELECT u.name creator_name, ...: an output alias
    return (None, _name(tok))
