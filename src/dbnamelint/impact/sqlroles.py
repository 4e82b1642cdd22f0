"""Where a SQL statement's DDL names a table, and where a word is a keyword.

:mod:`~dbnamelint.impact.sqlscope` reads queries (``FROM``, ``JOIN``,
``INTO``...); DDL names tables in places of its own, on whatever line the
keyword stands (PostgreSQL's CREATE TRIGGER, CREATE INDEX, CREATE POLICY,
CREATE RULE, ALTER/DROP/CREATE TABLE, COMMENT ON, GRANT/REVOKE, LOCK,
REFERENCES): a trigger rebuilt at start-up from a SQL file fails once its
``ON comment`` names a view (or nothing). Other words of a statement are
SQL's own there, never a table of the same spelling: ``LANGUAGE sql`` of a
routine, ``COMMENT ON``, the object kind after CREATE/ALTER/DROP (``CREATE
ROLE``, ``CREATE EVENT TRIGGER``), what ``SET``/``RESET`` set (``SET ROLE``,
``SET SESSION ...``), and a function's name before its ``(``
(``position(x IN y)``).

Tokens come in as ``(kind, folded text)`` pairs (kinds ``word``, ``qword``,
``punct``, ``hole``), one statement's, so this module needs no lexer.
"""

from __future__ import annotations

from collections.abc import Sequence

Token = tuple[str, str]

#: Words between CREATE/ALTER/DROP and the kind of object.
_MODIFIERS = frozenset(
    {
        "or",
        "replace",
        "temp",
        "temporary",
        "unlogged",
        "global",
        "local",
        "unique",
        "constraint",
        "trusted",
        "procedural",
        "recursive",
        "materialized",
        "virtual",
        "clustered",
        "nonclustered",
        "fulltext",
        "spatial",
    }
)
#: Object kinds a statement names a table of after its first ``ON`` (at depth 0).
_ON_TABLE_KINDS = frozenset({"index", "trigger", "policy"})
#: GRANT/REVOKE ... ON <kind>: objects that are no tables.
_NOT_TABLE_OBJECTS = frozenset(
    {
        "sequence",
        "function",
        "procedure",
        "routine",
        "schema",
        "database",
        "domain",
        "type",
        "language",
        "large",
        "foreign",
        "tablespace",
        "all",
        "parameter",
    }
)
#: Words after which ``name (`` is a table and its column list, not a call.
_TABLE_BEFORE_PAREN = frozenset(
    {
        "into",
        "insert",
        "replace",
        "table",
        "references",
        "on",
        "only",
        "view",
        "exists",
        "of",
        "copy",
        "like",
        "analyze",
        "analyse",
        "vacuum",
        "key",
        "index",
        "constraint",
        "unique",
        "as",
        "with",
        "recursive",
        "from",
        "join",
        "update",
        "using",
        "lateral",
        ",",
    }
)
#: The routine statements whose ``LANGUAGE x`` clause names a language.
_ROUTINES = frozenset({"function", "procedure"})


def _word(toks: Sequence[Token], i: int, *texts: str) -> bool:
    return 0 <= i < len(toks) and toks[i][0] == "word" and (not texts or toks[i][1] in texts)


def _depths(toks: Sequence[Token]) -> list[int]:
    """Each token's parenthesis depth."""
    out: list[int] = []
    depth = 0
    for kind, text in toks:
        if kind == "punct" and text == ")":
            depth = max(0, depth - 1)
        out.append(depth)
        if kind == "punct" and text == "(":
            depth += 1
    return out


def _kind_at(toks: Sequence[Token]) -> int | None:
    """Index of the object kind of a CREATE/ALTER/DROP statement, or None."""
    if not _word(toks, 0, "create", "alter", "drop"):
        return None
    i = 1
    while _word(toks, i) and toks[i][1] in _MODIFIERS:
        i += 1
    return i if _word(toks, i) else None


def _skip_if_exists(toks: Sequence[Token], i: int) -> int:
    """The index of the last word of ``IF [NOT] EXISTS`` starting after ``i``, else ``i``."""
    if _word(toks, i + 1, "if"):
        j = i + 2 if _word(toks, i + 2, "not") else i + 1
        if _word(toks, j + 1, "exists"):
            return j + 1
    return i


def _first_on(toks: Sequence[Token], depths: Sequence[int], start: int, word: str = "on") -> int:
    """Index of the first ``word`` at depth 0 from ``start``, or -1."""
    return next((i for i in range(start, len(toks)) if depths[i] == 0 and _word(toks, i, word)), -1)


def table_intros(toks: Sequence[Token]) -> tuple[list[int], list[int]]:
    """Where DDL names tables: (indexes after which a list of tables follows,
    indexes of single table names).

    ``ALTER TABLE [IF EXISTS] t``, ``CREATE TABLE [IF NOT EXISTS] t``, ``DROP
    TABLE a, b``, ``CREATE [UNIQUE] INDEX ... ON t``, ``CREATE [CONSTRAINT]
    TRIGGER ... ON t``, ``DROP/ALTER TRIGGER x ON t``, ``CREATE/ALTER/DROP
    POLICY x ON t``, ``CREATE RULE x AS ON event TO t``, ``DROP RULE x ON t``,
    ``COMMENT ON TABLE t``, ``COMMENT ON COLUMN t.c`` (the single name ``t``),
    ``COMMENT ON TRIGGER/POLICY/RULE/CONSTRAINT x ON t``, ``GRANT/REVOKE ...
    ON [TABLE] a, b``, ``LOCK [TABLE] a, b``, ``COPY t``, a routine's ``RETURNS [SETOF] t``
    (the table's row type), ``REFERENCES t`` anywhere; a table's sources
    (``(LIKE t)``, ``INHERITS (a, b)``, ``PARTITION OF t``, ``ATTACH/DETACH
    PARTITION p``, ``[NO] INHERIT t``), ``ANALYZE/VACUUM/CLUSTER [options] a, b``
    and ``ALTER SEQUENCE s OWNED BY t.c`` (the single name ``t``).
    """
    intros: list[int] = []
    singles: list[int] = []
    depths = _depths(toks)
    kind = _kind_at(toks)
    if kind is not None:
        what = toks[kind][1]
        if what == "table":
            intros.append(_skip_if_exists(toks, kind))
            intros += _table_sources(toks, depths, kind + 1)
        elif what in _ON_TABLE_KINDS or (what == "rule" and toks[0][1] != "create"):
            on = _first_on(toks, depths, kind + 1)
            if on > 0:
                intros.append(on)
        elif what == "rule":
            to = _first_on(toks, depths, kind + 1, "to")
            if to > 0:
                intros.append(to)
    elif _word(toks, 0, "comment") and _word(toks, 1, "on"):
        what = toks[2][1] if _word(toks, 2) else ""
        if what == "table":
            intros.append(2)
        elif what == "column":
            # COMMENT ON COLUMN [schema.]t.c: the part before the column.
            parts = [3]
            while parts[-1] + 2 < len(toks) and toks[parts[-1] + 1] == ("punct", "."):
                parts.append(parts[-1] + 2)
            if len(parts) >= 2:
                singles.append(parts[-2])
        elif what in ("trigger", "policy", "rule", "constraint"):
            on = _first_on(toks, depths, 3)
            if on > 0:
                intros.append(on)
    elif _word(toks, 0, "grant", "revoke"):
        on = _first_on(toks, depths, 1)
        if on > 0 and not _word(toks, on + 1, *_NOT_TABLE_OBJECTS):
            intros.append(on + 1 if _word(toks, on + 1, "table") else on)
    elif _word(toks, 0, "lock"):
        intros.append(1 if _word(toks, 1, "table") else 0)
    elif _word(toks, 0, *_MAINTENANCE):
        intros.append(_maintenance_options(toks, 0))
    elif _word(toks, 0, "copy"):
        intros.append(0)  # COPY t [(cols)] FROM/TO
    if kind is not None and toks[kind][1] in _ROUTINES:
        # RETURNS [SETOF] t: the table's row type, which goes with the table.
        returns = _first_on(toks, depths, kind + 1, "returns")
        if returns > 0:
            intros.append(returns + 1 if _word(toks, returns + 1, "setof") else returns)
    intros += [i for i in range(len(toks)) if _word(toks, i, "references")]
    if kind is not None and toks[kind][1] == "sequence":
        # ALTER SEQUENCE s OWNED BY [schema.]t.c: the part before the column.
        owned = _first_on(toks, depths, kind + 1, "owned")
        if owned > 0 and _word(toks, owned + 1, "by"):
            parts = [owned + 2]
            while parts[-1] + 2 < len(toks) and toks[parts[-1] + 1] == ("punct", "."):
                parts.append(parts[-1] + 2)
            if len(parts) >= 2:
                singles.append(parts[-2])
    return intros, singles


#: Statements whose first words are options, then a list of tables.
_MAINTENANCE = frozenset({"analyze", "analyse", "vacuum", "cluster"})
_MAINTENANCE_OPTIONS = frozenset(
    {"verbose", "full", "freeze", "analyze", "analyse", "skip_locked", "table"}
)


def _maintenance_options(toks: Sequence[Token], i: int) -> int:
    """The index after which ``ANALYZE/VACUUM/CLUSTER [(options)] [VERBOSE ...]``
    (at ``i``) lists its tables."""
    if i + 1 < len(toks) and toks[i + 1] == ("punct", "("):
        close = next((k for k in range(i + 2, len(toks)) if toks[k] == ("punct", ")")), i)
        i = close
    while _word(toks, i + 1, *_MAINTENANCE_OPTIONS):
        i += 1
    return i


def _table_sources(toks: Sequence[Token], depths: Sequence[int], start: int) -> list[int]:
    """Where a CREATE/ALTER TABLE names other tables: ``(LIKE t ...)``,
    ``INHERITS (a, b)``, ``PARTITION OF t``, ``ATTACH/DETACH PARTITION p``,
    ``[NO] INHERIT t``."""
    out: list[int] = []
    for i in range(start, len(toks)):
        if _word(toks, i, "like") and i > 0 and toks[i - 1] in (("punct", "("), ("punct", ",")):
            out.append(i)
        elif _word(toks, i, "inherits") and toks[i + 1 : i + 2] == [("punct", "(")]:
            out.append(i + 1)
        elif _word(toks, i, "partition") and (
            _word(toks, i + 1, "of") or _word(toks, i - 1, "attach", "detach")
        ):
            out.append(i + 1 if _word(toks, i + 1, "of") else i)
        elif _word(toks, i, "inherit") and depths[i] == 0:
            out.append(i)
    return out


def keyword_roles(toks: Sequence[Token]) -> set[int]:
    """Indexes of words that are SQL's own in this statement, whatever their spelling
    names elsewhere: the object kind of CREATE/ALTER/DROP (``CREATE ROLE``), ``COMMENT``
    of ``COMMENT ON`` and its kind, what ``SET``/``RESET`` set (``SET ROLE``, ``SET
    SESSION AUTHORIZATION``), a routine's ``LANGUAGE`` (``CREATE FUNCTION ...
    LANGUAGE sql``, ``DO ... LANGUAGE plpgsql``) and a function's name before its
    arguments (``position(x IN y)``, ``r.comment_count ()``)."""
    out: set[int] = set()
    depths = _depths(toks)
    kind = _kind_at(toks)
    if kind is not None:
        out.add(kind)
    if _word(toks, 0, "comment") and _word(toks, 1, "on"):
        out.update({0, 2} if _word(toks, 2) else {0})
    if _word(toks, 0, "set", "reset") and _word(toks, 1):
        out.add(1)
        if toks[1][1] in ("session", "local") and _word(toks, 2):
            out.add(2)
    routine = _word(toks, 0, "do") or (kind is not None and toks[kind][1] in _ROUTINES)
    for i, (tok_kind, text) in enumerate(toks):
        if tok_kind != "word":
            continue
        if (
            routine
            and text == "language"
            and depths[i] == 0
            and toks[i + 1 : i + 2] != [("punct", ".")]
            and (i + 1 < len(toks) and toks[i + 1][0] in ("word", "qword"))
            and not (i > 0 and toks[i - 1][1] in ("setof", "returns", "(", ",", "."))
        ):
            out.add(i)  # LANGUAGE sql, LANGUAGE plpgsql
        elif toks[i + 1 : i + 2] == [("punct", "(")]:
            first = i  # the dotted name's first part: public.t (a) after INTO is a table
            while first >= 2 and toks[first - 1] == ("punct", "."):
                first -= 2
            if not (first > 0 and toks[first - 1][1] in _TABLE_BEFORE_PAREN):
                out.add(i)  # a function's name: position(...), r.comment_count ()
    return out
