"""A view's top-level ``FROM`` list, read so that replay can expand the
``*`` / ``t.*`` of its select list into the columns its tables have when
the view is made (PostgreSQL, MySQL and MariaDB store the expanded list:
PostgreSQL manual, CREATE VIEW, "columns added later to the table are not
part of the view"; MySQL manual, CREATE VIEW, "the view definition is
frozen at creation time").

A list of sources is read: tables or views, derived tables (``(SELECT
...) s``, ``LATERAL (SELECT ...) l``, ``(VALUES ...) v``) and ``WITH``
queries, each with an optional alias and alias column list (``t AS x(a,
b)``), joined by ``,``, ``[INNER | LEFT | RIGHT | FULL | CROSS] JOIN ...
[ON ...]``, ``JOIN ... USING (...)`` or ``NATURAL JOIN``. A derived table's
or ``WITH`` query's output columns are its select list's (the first
branch's of a ``UNION``/``INTERSECT``/``EXCEPT``), named as the view's own
are (:func:`item_name`), with ``*`` / ``q.*`` read again over its own
``FROM`` list; a ``VALUES`` list's are ``column1``, ``column2``... on
PostgreSQL and SQLite (PostgreSQL manual, VALUES: "column1, column2, etc.";
checked on SQLite 3), named after the first row's text on MariaDB
(:func:`_value_name`; MySQL's ``VALUES ROW(...)``: left unknown). A
PostgreSQL function with a column definition list (``f(...) AS x(a int,
b text)``) gives the columns it names; a built-in
set-returning function without one the columns PostgreSQL gives it
(:func:`_returned`). Any other function,
``ONLY``, a parenthesised join, a ``WITH`` query or
select item whose names cannot be read, or any other word leaves the list
unread (None): the view's columns stay in part unknown.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from msgspec.structs import replace

from dbnamelint.frontends.sql.parsing.colname import figure
from dbnamelint.frontends.sql.parsing.lexer import Token, TokenType
from dbnamelint.frontends.sql.parsing.tokens import Cursor, NameTok
from dbnamelint.frontends.sql.parsing.view_scopes import CLAUSE_WORDS, JOIN_WORDS, cte_key
from dbnamelint.model import QualifiedName, ViewName, ViewQuery, ViewSource

#: ``WITH`` queries in scope: case-folded name -> their output columns (None:
#: not read, so a star over one stays unknown).
Ctes = Mapping[str, ViewQuery | None]

#: Words that end a FROM list at its level: a query's clauses (``RETURNING``
#: ends no SELECT's FROM list) and ``WITH`` of ``WITH CHECK OPTION``.
_ENDS = (CLAUSE_WORDS - {"RETURNING"}) | {"WITH", "QUALIFY"}
_NOT_ALIAS = _ENDS | JOIN_WORDS | {"ON", "USING", "JOIN"}


def _end_of(cur: Cursor, start: int) -> int:
    """Where the FROM list starting at ``start`` ends."""
    for j in _outside(cur, start, cur.end):
        tt = cur.tokens[j].token_type
        if tt is TokenType.R_PAREN:
            return j
        if tt is not TokenType.IDENTIFIER:
            word = cur.word(j)
            if word and word[0] in _ENDS and not _ordinality(cur, j):
                return j
    return cur.end


def _ordinality(cur: Cursor, j: int) -> bool:
    """Whether the token at ``j`` starts ``WITH ORDINALITY`` (a function in
    FROM), which ends no FROM list."""
    word = cur.word(j)
    if word[:2] == ("WITH", "ORDINALITY"):
        return True
    nxt = j + 1
    return (
        word[:1] == ("WITH",)
        and nxt < len(cur.tokens)
        and cur.tokens[nxt].text.upper() == "ORDINALITY"
    )


def _outside(cur: Cursor, start: int, end: int) -> Iterator[int]:
    """The indexes, from ``start`` before ``end``, of the tokens outside the
    parentheses opened there (not a ``(`` or ``)`` itself), and of each ``)``
    that closes one opened before ``start`` (the first is where the enclosing
    parentheses end; after it, tokens are outside when their depth is back to 0)."""
    depth = 0
    for k in range(start, end):
        tt = cur.tokens[k].token_type
        if tt is TokenType.L_PAREN:
            depth += 1
        elif tt is TokenType.R_PAREN:
            depth -= 1
            if depth < 0:
                yield k
        elif depth == 0:
            yield k


def _join(words: tuple[str, ...]) -> bool | None:
    """A join keyword: whether it is NATURAL; None when not a join's word."""
    if words and words[-1] in ("JOIN", "STRAIGHT_JOIN"):
        return "NATURAL" in words
    return None


def view_from(cur: Cursor, start: int, ctes: Ctes | None = None) -> tuple[ViewSource, ...] | None:
    """The sources of the FROM list whose first item is at ``start`` (the
    token after ``FROM``), or None when one cannot be read; ``ctes``: the
    ``WITH`` queries in scope, which a bare name reads before a table."""
    scope: Ctes = ctes or {}
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
            if words[:1] == ("LATERAL",) and j + 1 < end:
                j += 1  # LATERAL (SELECT ...): its columns as any derived table's
                if tokens[j].token_type is not TokenType.L_PAREN:
                    return None  # LATERAL f(x): a function's columns
                tok, words = tokens[j], ()
            derived: ViewQuery | None = None
            if tok.token_type is TokenType.L_PAREN:
                close = _close(cur, j, end)
                if close is None:
                    return None
                derived = query_shape(cur, j + 1, close, scope)
                if derived is None:
                    return None  # a parenthesised join, or names not read
                table = QualifiedName("", None, False)
                j = close + 1
            else:
                if not cur.is_name(tok) or (words and words[0] in _NOT_ALIAS | {"ONLY"}):
                    return None
                parts = [tok]
                j += 1
                while (
                    j + 1 < end
                    and tokens[j].token_type is TokenType.DOT
                    and cur.is_name(tokens[j + 1])
                ):
                    parts.append(tokens[j + 1])
                    j += 2
                if j < end and tokens[j].token_type is TokenType.L_PAREN:
                    found = _function_with_definitions(cur, j, end)
                    if found is None:
                        return None  # a function in FROM whose columns are not written
                    called, derived, j = found
                    table = QualifiedName(parts[-1].text, None, False)
                    sources.append(ViewSource(table, called, natural=natural, derived=derived))
                    natural, expect = False, False
                    continue
                if j < end and tokens[j].token_type is TokenType.DOT:
                    return None  # ``t.*``-like text
                last = parts[-1]
                table = QualifiedName(
                    last.text,
                    parts[-2].text if len(parts) > 1 else None,
                    last.token_type is TokenType.IDENTIFIER,
                )
                key = cte_key(
                    last.text, last.token_type is TokenType.IDENTIFIER, cur.dialect_family
                )
                if len(parts) == 1 and key in scope:
                    derived = scope[key]  # a WITH query, not a table
                    if derived is None:
                        return None
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
                # t AS x(a, b): the list renames the first columns
                close = _close(cur, j, end)
                renamed = None if close is None else _names(cur, j + 1, close)
                if close is None or renamed is None or alias is None:
                    return None
                derived = _renamed(ViewSource(table, derived=derived), renamed)
                j = close + 1
            sources.append(ViewSource(table, alias, natural=natural, derived=derived))
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
            # the condition, to the next join or comma at this level
            j = next((k for k in _outside(cur, j + 1, end) if _ends_condition(cur, k)), end)
            continue
        if words[:1] == ("USING",) and sources:
            j += 1
            if j >= end or tokens[j].token_type is not TokenType.L_PAREN:
                return None
            close = _close(cur, j, end)
            names = None if close is None else _names(cur, j + 1, close)
            if close is None or names is None:
                return None
            j = close + 1
            sources[-1] = replace(sources[-1], using=names)
            continue
        return None
    return tuple(sources) if sources and not expect else None


def _function_with_definitions(
    cur: Cursor, j: int, end: int
) -> tuple[ViewName | None, ViewQuery, int] | None:
    """PostgreSQL ``f(...) [AS] [x] (a type, b type)`` at the ``(`` of the
    call (``j``): the alias, the columns the column definition list names
    and where the source ends; None for any other function in FROM, whose
    columns depend on its return type (manual, "Table Functions": "If the
    function has been defined as returning the record data type, then an
    alias or the key word AS must be present, followed by a column
    definition list in the form ( column_name data_type [, ... ])")."""
    tokens = cur.tokens
    if cur.dialect_family != "postgres":
        return None
    called = tokens[j - 1]
    close = _close(cur, j, end)
    if close is None:
        return None
    arguments = Cursor(tokens, None, cur.words, j + 1, close, cur.dialect_family)
    count = len(arguments.split_commas(in_parens=False)) if close > j + 1 else 0
    j = close + 1
    ordinality = j < end and _ordinality(cur, j)
    if ordinality:
        j += 1 if cur.word(j)[:2] == ("WITH", "ORDINALITY") else 2
    if j < end and cur.word(j)[:1] == ("AS",) and tokens[j].token_type is not TokenType.IDENTIFIER:
        j += 1
    alias: ViewName | None = None
    if j < end and cur.is_name(tokens[j]):
        named = cur.word(j) if tokens[j].token_type is not TokenType.IDENTIFIER else ()
        if named and named[0] in _NOT_ALIAS:
            return None
        alias = (tokens[j].text, tokens[j].token_type is TokenType.IDENTIFIER)
        j += 1
    known = _returned(called, count, alias)
    if j >= end or tokens[j].token_type is not TokenType.L_PAREN:
        if known is None:
            return None
        return alias, ViewQuery((*known, *_ORDINALITY[:ordinality])), j
    close = _close(cur, j, end)
    if close is None:
        return None
    if known is not None:
        # f(...) AS x(a, b): an alias list renames the first columns
        renamed = _names(cur, j + 1, close)
        columns = [*known, *_ORDINALITY[:ordinality]]
        if renamed is None or len(renamed) > len(columns):
            return None
        return alias, ViewQuery((*renamed, *columns[len(renamed) :])), close + 1
    pieces = Cursor(tokens, None, cur.words, j + 1, close, cur.dialect_family)
    names: list[ViewName] = []
    for piece in pieces.split_commas(in_parens=False):
        first = piece.peek()
        if first is None or piece.end - piece.i < 2 or not piece.is_name(first):
            return None  # x(a, b): an alias list over a return type not known
        names.append((first.text, first.token_type is TokenType.IDENTIFIER))
    return alias, ViewQuery(tuple(names)), close + 1


#: ``WITH ORDINALITY``'s column, after the function's (manual 7.2.1.4).
_ORDINALITY: tuple[ViewName, ...] = (("ordinality", False),)
#: Built-in set-returning functions of one scalar column: in FROM it is
#: named after the table alias, else the function (PostgreSQL manual 7.2.1.4,
#: "Table Functions": "If the function returns a base data type, the single
#: result column is named for the function", and the alias names it
#: (checked on PostgreSQL 15: ``generate_series(1, 3) g`` has column ``g``).
#: ``unnest`` of one array only (of several: one column per array).
_SCALAR_SETS = frozenset(
    {
        "generate_series",
        "generate_subscripts",
        "unnest",
        "regexp_split_to_table",
        "regexp_matches",
        "string_to_table",
        "json_object_keys",
        "jsonb_object_keys",
    }
)
#: Built-ins returning named columns (``OUT`` parameters; manual 9.16,
#: "JSON Processing Functions", 9.26 "System Information Functions"): named
#: so whatever the alias (checked on PostgreSQL 15: ``jsonb_array_elements(x)
#: e`` has column ``value``).
_COMPOSITE_SETS: dict[str, tuple[ViewName, ...]] = {
    "json_each": (("key", False), ("value", False)),
    "jsonb_each": (("key", False), ("value", False)),
    "json_each_text": (("key", False), ("value", False)),
    "jsonb_each_text": (("key", False), ("value", False)),
    "json_array_elements": (("value", False),),
    "jsonb_array_elements": (("value", False),),
    "json_array_elements_text": (("value", False),),
    "jsonb_array_elements_text": (("value", False),),
    "pg_get_keywords": tuple(
        (name, False) for name in ("word", "catcode", "barelabel", "catdesc", "baredesc")
    ),
}


def _returned(called: Token, count: int, alias: ViewName | None) -> tuple[ViewName, ...] | None:
    """The columns built-in function ``called`` (with ``count`` arguments)
    gives in FROM under ``alias``; None when it is no function known here
    (its columns depend on a return type this does not read)."""
    if called.token_type is TokenType.IDENTIFIER:
        return None  # "unnest"(...): a name as written, maybe the file's own function
    name = called.text.lower()
    if name in _COMPOSITE_SETS:
        return _COMPOSITE_SETS[name]
    if name not in _SCALAR_SETS or (name == "unnest" and count != 1):
        return None
    return (alias if alias is not None else (name, False),)


def _renamed(source: ViewSource, names: tuple[ViewName, ...]) -> ViewQuery:
    """``source``'s columns, the first named by an alias or ``WITH`` column list."""
    if source.derived is not None and not source.derived.renamed:
        return replace(source.derived, renamed=names)
    return ViewQuery((None,), (None,), (source,), names)


def _ends_condition(cur: Cursor, k: int) -> bool:
    """Whether the token at ``k`` (outside parentheses) ends a join's ``ON``
    condition: a comma or a join's word."""
    tt = cur.tokens[k].token_type
    if tt is TokenType.R_PAREN or tt is TokenType.IDENTIFIER:
        return False
    words = cur.word(k)
    if tt is TokenType.COMMA or _join(words) is not None:
        return True
    return bool(words) and len(words) == 1 and words[0] in JOIN_WORDS


def _close(cur: Cursor, j: int, end: int) -> int | None:
    """Index of the ``)`` closing the ``(`` at ``j`` (before ``end``)."""
    depth = 0
    for k in range(j, end):
        tt = cur.tokens[k].token_type
        if tt is TokenType.L_PAREN:
            depth += 1
        elif tt is TokenType.R_PAREN:
            depth -= 1
            if depth == 0:
                return k
    return None


def _names(cur: Cursor, start: int, end: int) -> tuple[ViewName, ...] | None:
    """``a, b, "C"`` between ``start`` and ``end``: the names; None if other text."""
    names: list[ViewName] = []
    expect = True
    for k in range(start, end):
        tok = cur.tokens[k]
        if expect and cur.is_name(tok):
            names.append((tok.text, tok.token_type is TokenType.IDENTIFIER))
        elif expect or tok.token_type is not TokenType.COMMA:
            return None
        expect = not expect
    return tuple(names) if names and not expect else None


def _top(cur: Cursor, start: int, end: int, words: frozenset[str]) -> int | None:
    """The first token from ``start``, outside parentheses, whose first word
    is one of ``words``; None when there is none before ``end``."""
    for k in _outside(cur, start, end):
        tt = cur.tokens[k].token_type
        if tt is not TokenType.R_PAREN and tt is not TokenType.IDENTIFIER:
            word = cur.word(k)
            if word and word[0] in words and not (word[0] == "GROUP" and within_group(cur, k)):
                return k
    return None


def within_group(cur: Cursor, k: int) -> bool:
    """Whether the GROUP at ``k`` is an ordered-set aggregate's ``WITHIN
    GROUP (ORDER BY ...)`` (``WITHIN GROUP`` may be one token), not ``GROUP BY``."""
    if cur.word(k)[:2] == ("GROUP", "BY"):
        return False
    return k > 0 and cur.tokens[k - 1].text.upper() == "WITHIN"


#: Words that end a select list inside a query.
_LIST_ENDS = frozenset(
    {
        "FROM",
        "INTO",
        "WHERE",
        "GROUP",
        "HAVING",
        "WINDOW",
        "UNION",
        "INTERSECT",
        "EXCEPT",
        "ORDER",
        "LIMIT",
        "OFFSET",
        "FETCH",
    }
)


def read_with(
    cur: Cursor, start: int, end: int, ctes: Ctes
) -> tuple[dict[str, ViewQuery | None], int] | None:
    """``WITH [RECURSIVE] c [(a, b)] AS [[NOT] MATERIALIZED] (query), ...``
    at ``start``: the ``WITH`` queries in scope after it (``ctes`` and
    these, each with the output columns :func:`query_shape` reads, the
    column list naming the first; a recursive one's are its first
    branch's) and where the query they serve starts; None when the list
    cannot be read."""
    tokens = cur.tokens
    scope = dict(ctes)
    j = start + 1
    if cur.word(j)[:1] == ("RECURSIVE",):
        j += 1
    while j < end:
        tok = tokens[j]
        if not cur.is_name(tok):
            return None
        key = cte_key(tok.text, tok.token_type is TokenType.IDENTIFIER, cur.dialect_family)
        j += 1
        listed: tuple[ViewName, ...] = ()
        if j < end and tokens[j].token_type is TokenType.L_PAREN:
            close = _close(cur, j, end)
            found = None if close is None else _names(cur, j + 1, close)
            if close is None or found is None:
                return None
            listed, j = found, close + 1
        if cur.word(j)[:1] != ("AS",):
            return None
        j += 1
        if cur.word(j)[:1] == ("NOT",):
            j += 1
        if cur.word(j)[:1] == ("MATERIALIZED",):
            j += 1
        if j >= end or tokens[j].token_type is not TokenType.L_PAREN:
            return None
        close = _close(cur, j, end)
        if close is None:
            return None
        shape = query_shape(cur, j + 1, close, scope)
        if shape is not None and listed:
            shape = _renamed(ViewSource(QualifiedName(""), derived=shape), listed)
        j = close + 1
        if cur.word(j)[:1] in (("SEARCH",), ("CYCLE",)):
            # PostgreSQL 14's SEARCH ... SET c / CYCLE ... SET m USING p add
            # columns: unknown; skip to the next query of the list
            shape = None
            while j < end and tokens[j].token_type is not TokenType.COMMA:
                if cur.word(j)[:1] in (("SELECT",), ("VALUES",)) or (
                    tokens[j].token_type is TokenType.L_PAREN
                ):
                    break
                j += 1
        scope[key] = shape
        if j < end and tokens[j].token_type is TokenType.COMMA:
            j += 1
            continue
        return scope, j
    return None


def query_shape(cur: Cursor, start: int, end: int, ctes: Ctes) -> ViewQuery | None:
    """The output columns of the query ``tokens[start:end]`` (a derived
    table's or ``WITH`` query's body), or None when they cannot be read."""
    tokens = cur.tokens
    j = start
    if cur.word(j)[:1] == ("WITH",):
        found = read_with(cur, j, end, ctes)
        if found is None:
            return None
        ctes, j = found
    if j >= end:
        return None
    if tokens[j].token_type is TokenType.L_PAREN:  # (SELECT ...) UNION ...: the first names them
        close = _close(cur, j, end)
        return None if close is None else query_shape(cur, j + 1, close, ctes)
    first = cur.word(j)[:1]
    if first == ("VALUES",):
        if j + 1 >= end or tokens[j + 1].token_type is not TokenType.L_PAREN:
            return None  # MySQL's VALUES ROW(...): not read
        close = _close(cur, j + 1, end)
        if close is None:
            return None
        row = Cursor(tokens, None, cur.words, j + 2, close, cur.dialect_family)
        values = row.split_commas(in_parens=False)
        if cur.dialect_family == "mysql":
            named = [_value_name(value.tokens[value.i : value.end]) for value in values]
            if any(name is None for name in named):
                return None
            return ViewQuery(tuple((name, True) for name in named if name is not None))
        return ViewQuery(tuple((f"column{n}", False) for n in range(1, len(values) + 1)))
    if first != ("SELECT",):
        return None
    j += 1
    if cur.word(j)[:1] == ("DISTINCT",):
        j += 1
        if cur.word(j)[:1] == ("ON",):
            close = _close(cur, j + 1, end)
            if close is None:
                return None
            j = close + 1
    elif cur.word(j)[:1] in (("ALL",), ("DISTINCTROW",)):
        j += 1
    stop = _top(cur, j, end, _LIST_ENDS)
    list_end = end if stop is None else stop
    items = Cursor(tokens, None, cur.words, j, list_end, cur.dialect_family)
    names: list[ViewName | None] = []
    stars: list[ViewName | None] = []
    for item in items.split_commas(in_parens=False):
        toks = item.tokens[item.i : item.end]
        if toks[-1].token_type is TokenType.STAR:
            if len(toks) == 1:
                stars.append(None)
            elif len(toks) >= 3 and toks[-2].token_type is TokenType.DOT:
                stars.append((toks[-3].text, toks[-3].token_type is TokenType.IDENTIFIER))
            else:
                return None
            names.append(None)
            continue
        name = item_name(item, toks)  # None: named after its text, unless a list renames it
        names.append(("", False) if name is None else (name.name, name.quoted))
    if not stars:
        return ViewQuery(tuple(names))
    sub = Cursor(tokens, None, cur.words, 0, end, cur.dialect_family)
    from_list = list_end < end and cur.word(list_end)[:1] == ("FROM",)
    sources = view_from(sub, list_end + 1, ctes) if from_list else None
    return None if sources is None else ViewQuery(tuple(names), tuple(stars), sources)


def _value_name(tokens: list[Token]) -> str | None:
    """MariaDB: the name a ``VALUES`` list's column gets, the text of its
    first row's value (checked on MariaDB 10.11: ``(VALUES (1, 'a', -3,
    2.5)) AS v`` has the columns ``1``, ``a``, ``-3``, ``2.5``). Read for a
    string without backslashes and a number written as MariaDB writes it
    back; anything else (an expression, ``NULL``, ``007``: MariaDB stores
    ``7`` and the view no longer opens) is None, not known."""
    if len(tokens) == 1 and tokens[0].token_type is TokenType.STRING:
        text = tokens[0].text
        return text if "\\" not in text and text else None
    sign = ""
    if len(tokens) == 2 and tokens[0].token_type is TokenType.DASH:
        sign, tokens = "-", tokens[1:]
    if len(tokens) != 1 or tokens[0].token_type is not TokenType.NUMBER:
        return None
    text = tokens[0].text
    if not text.replace(".", "", 1).isdigit() or (text[:1] == "0" and text[1:2] not in ("", ".")):
        return None
    return sign + text


def item_name(item: Cursor, tokens: list[Token]) -> NameTok | None:
    """The name of the select item ``tokens`` (not a star): its alias, else a
    column reference's column (``t.col``: ``col``), else on PostgreSQL the
    name FigureColname gives the expression (the function or type name,
    ``case``, else ``?column?``; manual, "Column Labels"); None elsewhere:
    MySQL, MariaDB and SQLite name an expression after its text."""
    alias = select_alias(tokens, item)
    if alias is not None:
        return alias
    column = column_reference(item, tokens)
    if column is not None:
        return column
    if item.dialect_family != "postgres":
        return None
    found, strength = figure(tokens)
    last = tokens[-1]
    quoted = last.token_type is TokenType.IDENTIFIER and found == last.text
    return NameTok(found if strength and found else "?column?", quoted or not strength, tokens[0])


def select_alias(tokens: list[Token], item: Cursor) -> NameTok | None:
    """``expr AS alias`` or ``expr alias``: the alias. ``CASE ... END`` ends
    in a word that is no alias (END is reserved: PostgreSQL's FigureColname
    names that item ``case``)."""
    if len(tokens) >= 3 and tokens[-2].token_type is TokenType.ALIAS:
        last = tokens[-1]
        return NameTok(last.text, last.token_type is TokenType.IDENTIFIER, last)
    if len(tokens) >= 2 and item.is_name(tokens[-1]) and tokens[-1].token_type is not TokenType.END:
        before = tokens[-2].token_type
        if before in (
            TokenType.R_PAREN,
            TokenType.VAR,
            TokenType.IDENTIFIER,
            TokenType.NUMBER,
            TokenType.STRING,
            TokenType.R_BRACKET,
        ):
            last = tokens[-1]
            return NameTok(last.text, last.token_type is TokenType.IDENTIFIER, last)
    return None


def column_reference(item: Cursor, tokens: list[Token]) -> NameTok | None:
    """``col`` / ``t.col`` / ``s.t.col``: the column's name token, else None."""
    if not tokens or len(tokens) % 2 == 0:
        return None
    for j, tok in enumerate(tokens):
        if j % 2 == 1 and tok.token_type is not TokenType.DOT:
            return None
        if j % 2 == 0 and not item.is_name(tok):
            return None
    last = tokens[-1]
    return NameTok(last.text, last.token_type is TokenType.IDENTIFIER, last)
