"""The name PostgreSQL gives an index element that is an expression.

``CREATE INDEX ON t (lower(email))`` is named ``t_lower_idx``: the parser
calls ``FigureIndexColname`` (``parser/parse_target.c``,
``FigureColnameInternal``) on each expression and only falls back to
``expr`` when that finds nothing. Ported here over sqlglot tokens:

* a column reference gives its (last) name, a function call its name
  (``CAST``/``::`` look through to what is cast, else give the type's
  internal name: ``int`` -> ``int4``), ``CASE`` gives ``case``,
  ``ARRAY[...]`` gives ``array``; operators, literals and the rest give
  nothing (``expr``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from dbnamelint.frontends.sql.parsing.lexer import Token, TokenType

#: Type names as PostgreSQL's grammar rewrites them (``SystemTypeName``):
#: what ``x::int`` reports as its column name when x itself has none.
_TYPE_NAMES = {
    "int": "int4",
    "integer": "int4",
    "int4": "int4",
    "smallint": "int2",
    "int2": "int2",
    "bigint": "int8",
    "int8": "int8",
    "real": "float4",
    "float4": "float4",
    "float": "float8",
    "float8": "float8",
    "double precision": "float8",
    "boolean": "bool",
    "bool": "bool",
    "decimal": "numeric",
    "dec": "numeric",
    "char": "bpchar",
    "character": "bpchar",
    "character varying": "varchar",
}

_NAME_TYPES = frozenset({TokenType.VAR, TokenType.IDENTIFIER})


def _name_of(tok: Token) -> str:
    """A name as PostgreSQL stores it: unquoted names lower-cased."""
    return tok.text if tok.token_type is TokenType.IDENTIFIER else tok.text.lower()


def _close(tokens: Sequence[Token], start: int) -> int:
    """Index of the bracket closing the one at ``start`` (or len(tokens))."""
    opener = tokens[start].token_type
    closer = TokenType.R_PAREN if opener is TokenType.L_PAREN else TokenType.R_BRACKET
    depth = 0
    for j in range(start, len(tokens)):
        tt = tokens[j].token_type
        if tt is opener:
            depth += 1
        elif tt is closer:
            depth -= 1
            if depth == 0:
                return j
    return len(tokens)


def _type_name(tokens: Sequence[Token]) -> str | None:
    if not tokens:
        return None
    if tokens[0].token_type is TokenType.IDENTIFIER:
        return tokens[0].text
    # The words before any (...) modifier, e.g. character varying(20).
    cut = next((i for i, t in enumerate(tokens) if t.token_type is TokenType.L_PAREN), len(tokens))
    words = [t.text.lower() for t in tokens[:cut] if t.token_type is not TokenType.DOT]
    if not words:
        return None
    spelled = " ".join(words)
    return _TYPE_NAMES.get(spelled, words[-1])


def _top_level_cast(tokens: Sequence[Token]) -> int:
    """Index of the last ``::`` outside brackets, or -1."""
    return _last_top_level(tokens, lambda tok: tok.token_type is TokenType.DCOLON)


def _last_top_level(tokens: Sequence[Token], wanted: Callable[[Token], bool]) -> int:
    """Index of the last token outside brackets that is ``wanted``, or -1."""
    depth = 0
    found = -1
    for j, tok in enumerate(tokens):
        tt = tok.token_type
        if tt in (TokenType.L_PAREN, TokenType.L_BRACKET):
            depth += 1
        elif tt in (TokenType.R_PAREN, TokenType.R_BRACKET):
            depth -= 1
        elif depth == 0 and wanted(tok):
            found = j
    return found


def figure(tokens: Sequence[Token]) -> tuple[str | None, int]:
    """``(name, strength)`` of an expression, as ``FigureColnameInternal``.

    Strength 2: a real name (column, function); 1: a fallback (type name,
    ``case``); 0: nothing.
    """
    while (
        tokens
        and tokens[0].token_type is TokenType.L_PAREN
        and _close(tokens, 0) == len(tokens) - 1
    ):
        tokens = tokens[1:-1]
    if not tokens:
        return None, 0
    collate = _last_top_level_collate(tokens)
    if collate > 0 and _dotted_name_end(tokens, collate + 1) == len(tokens) > collate + 1:
        return figure(tokens[:collate])  # a CollateClause names what it collates
    cast = _top_level_cast(tokens)
    if cast > 0:
        name, strength = figure(tokens[:cast])
        if strength > 1:
            return name, strength
        type_name = _type_name(tokens[cast + 1 :])
        return (type_name, 1) if type_name else (name, strength)
    first = tokens[0]
    if first.token_type is TokenType.CASE and tokens[-1].token_type is TokenType.END:
        return "case", 1
    if first.token_type is TokenType.ARRAY and len(tokens) > 1:
        if _close(tokens, 1) == len(tokens) - 1:
            return "array", 2
        return None, 0
    end = _primary_end(tokens)
    if 0 < end < len(tokens):
        found = _indirection(tokens, end)
        if found is not None:
            return (found, 2) if found else figure(tokens[:end])
    # A dotted name, maybe called: a / t.a / f(x) / s.f(x)
    j = 0
    while j + 2 < len(tokens) and tokens[j + 1].token_type is TokenType.DOT:
        j += 2
    last = tokens[j]
    if last.token_type in (TokenType.STRING, TokenType.NUMBER, TokenType.DOT):
        return None, 0
    if j == len(tokens) - 1:
        return (_name_of(last), 2) if _is_word(last) else (None, 0)
    if tokens[j + 1].token_type is TokenType.L_PAREN and _after_call(
        tokens, _close(tokens, j + 1) + 1
    ) == len(tokens):
        if last.text.upper() == "CAST" and _close(tokens, j + 1) == len(tokens) - 1:
            inner = tokens[j + 2 : -1]
            as_at = next(
                (i for i, t in enumerate(inner) if t.token_type is TokenType.ALIAS), len(inner)
            )
            name, strength = figure(inner[:as_at])
            if strength > 1:
                return name, strength
            type_name = _type_name(inner[as_at + 1 :])
            return (type_name, 1) if type_name else (name, strength)
        return _name_of(last), 2
    return None, 0


def _after_call(tokens: Sequence[Token], j: int) -> int:
    """Past the ``WITHIN GROUP (...)``, ``FILTER (...)`` and ``OVER (...)`` /
    ``OVER w`` a function call at ``tokens[:j]`` may carry: they belong to
    the call (PostgreSQL's FuncCall), which FigureColname names after the
    function (``row_number() OVER ()`` -> ``row_number``, ``count(*) FILTER
    (WHERE ...)`` -> ``count``: checked on PostgreSQL 15)."""
    n = len(tokens)
    while j < n:
        word = tokens[j].text.upper()
        if word == "WITHIN" and j + 2 < n and tokens[j + 1].text.upper() == "GROUP":
            j += 2
        elif word in ("FILTER", "OVER") and j + 1 < n:
            j += 1
            if word == "OVER" and tokens[j].token_type is not TokenType.L_PAREN:
                if not _is_word(tokens[j]):
                    return j
                j += 1  # OVER w: a named window
                continue
        else:
            return j
        if tokens[j].token_type is not TokenType.L_PAREN:
            return j
        j = _close(tokens, j) + 1
    return j


def _primary_end(tokens: Sequence[Token]) -> int:
    """Where the expression's first operand ends: after a ``(...)`` group,
    or after a dotted name and the call it may make; 0 when it is neither."""
    if tokens[0].token_type is TokenType.L_PAREN:
        return _close(tokens, 0) + 1
    if not _is_word(tokens[0]) or tokens[0].token_type in (TokenType.STRING, TokenType.NUMBER):
        return 0
    j = 0
    while j + 2 < len(tokens) and tokens[j + 1].token_type is TokenType.DOT:
        if not _is_word(tokens[j + 2]) or tokens[j + 2].token_type is TokenType.STAR:
            break
        j += 2
    if j + 1 < len(tokens) and tokens[j + 1].token_type is TokenType.L_PAREN:
        return _close(tokens, j + 1) + 1
    return j + 1


def _indirection(tokens: Sequence[Token], start: int) -> str | None:
    """``tokens[start:]`` as field selections and subscripts (``.f``,
    ``[1]``, ``.*``), as PostgreSQL's ``A_Indirection``: the last field's
    name, ``""`` when there is none (then the operand names the column),
    ``None`` when the rest is not an indirection (an operator follows)."""
    name = ""
    j = start
    while j < len(tokens):
        tt = tokens[j].token_type
        if tt is TokenType.L_BRACKET:
            j = _close(tokens, j) + 1
        elif tt is TokenType.DOT and j + 1 < len(tokens):
            field = tokens[j + 1]
            if field.token_type is not TokenType.STAR:
                if not _is_word(field) or field.token_type is TokenType.NUMBER:
                    return None
                name = _name_of(field)
            j += 2
        else:
            return None
    return name


def _is_word(tok: Token) -> bool:
    return tok.token_type in _NAME_TYPES or (tok.text[:1].isalpha() or tok.text[:1] == "_")


def _dotted_name_end(tokens: Sequence[Token], start: int) -> int:
    """Where the dotted name starting at ``start`` ends (``a``, ``s."C"``); ``start``
    itself when no name starts there."""
    if start >= len(tokens) or not _is_word(tokens[start]):
        return start
    if tokens[start].token_type in (TokenType.STRING, TokenType.NUMBER):
        return start
    j = start
    while (
        j + 2 < len(tokens)
        and tokens[j + 1].token_type is TokenType.DOT
        and _is_word(tokens[j + 2])
        and tokens[j + 2].token_type not in (TokenType.STRING, TokenType.NUMBER)
    ):
        j += 2
    return j + 1


def _column_reference(tokens: Sequence[Token]) -> Token | None:
    """The column an expression is, when it is only a column reference in
    brackets and under ``COLLATE`` clauses (``(a)``, ``a COLLATE "C"``,
    ``((a) COLLATE "C")``, ``t.a``): its last name; None for anything else.

    PostgreSQL's ``ComputeIndexAttrs`` strips a top-level ``CollateExpr`` and
    stores such an element as the plain column (its comment: 'User wrote
    "(column)" or "(column COLLATE something)"'); SQLite does the same
    (``sqlite3ExprSkipCollate`` in ``sqlite3CreateIndex``).
    """
    while tokens:
        if tokens[0].token_type is TokenType.L_PAREN and _close(tokens, 0) == len(tokens) - 1:
            tokens = tokens[1:-1]
            continue
        collate = _last_top_level_collate(tokens)
        if collate > 0 and _dotted_name_end(tokens, collate + 1) == len(tokens) > collate + 1:
            tokens = tokens[:collate]
            continue
        if tokens[0].token_type is TokenType.L_PAREN or _dotted_name_end(tokens, 0) != len(tokens):
            return None
        last = tokens[-1]
        if last.token_type is not TokenType.IDENTIFIER and last.text.upper() in _NOT_COLUMNS:
            return None
        return last
    return None


#: Words that are values, not column references, when alone in brackets.
_NOT_COLUMNS = frozenset({"NULL", "TRUE", "FALSE", "*"})


def _is_collate(tok: Token) -> bool:
    return tok.token_type is TokenType.COLLATE or (
        tok.token_type is not TokenType.IDENTIFIER and tok.text.upper() == "COLLATE"
    )


def _last_top_level_collate(tokens: Sequence[Token]) -> int:
    """Index of the last ``COLLATE`` outside brackets, or -1."""
    return _last_top_level(tokens, _is_collate)


def parenthesised_column(element: Sequence[Token]) -> Token | None:
    """The column an index element written in brackets names, or None.

    ``(a COLLATE "C") text_pattern_ops DESC``, ``((a))``: the name token of
    ``a``, which the database stores as a plain key column (see
    :func:`_column_reference`); None when the bracketed part is an
    expression or something other than options follows it.
    """
    if not element or element[0].token_type is not TokenType.L_PAREN:
        return None
    close = _close(element, 0)
    if close >= len(element):
        return None
    rest = element[close + 1 :]
    if rest and not _is_word(rest[0]):
        return None
    return _column_reference(element[1:close])


def index_column_name(element: Sequence[Token]) -> str:
    """What an index element (``a DESC``, ``lower(a)``, ``(a + b)``) names.

    A bare column's name (as written); for an expression, PostgreSQL's
    ``FigureIndexColname``, ``expr`` when that finds nothing. Trailing
    ``COLLATE``, operator classes, ``ASC/DESC`` and ``NULLS`` are ignored.
    """
    if not element:
        return "expr"
    first = element[0]
    if first.token_type is TokenType.L_PAREN:
        name, strength = figure(element[: _close(element, 0) + 1])
        return name if strength > 0 and name else "expr"
    j = 0
    while j + 2 < len(element) and element[j + 1].token_type is TokenType.DOT:
        j += 2
    if j + 1 < len(element) and element[j + 1].token_type is TokenType.L_PAREN:
        name, strength = figure(element[: _close(element, j + 1) + 1])
        return name if strength > 0 and name else "expr"
    return "expr"
