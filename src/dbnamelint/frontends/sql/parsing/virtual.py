"""SQLite ``CREATE VIRTUAL TABLE t USING module(arguments)``: the columns a module makes.

SQLite hands the arguments to the module, which declares the table's columns
itself (``sqlite3_declare_vtab``); ``pragma_table_xinfo`` shows them. This
reads them as each built-in module does (checked against ``pragma_table_xinfo``
of SQLite 3.40 by tests/test_sqlite_virtual_tables.py):

- ``fts5`` (sqlite.org/fts5.html): an argument with ``=`` is an option
  (``content=``, ``tokenize=``, ``prefix=``...); any other is a column, its
  first word the name (``b UNINDEXED``).
- ``fts3``/``fts4`` (sqlite.org/fts3.html): ``tokenize`` first is an option;
  in fts4 so is an argument with ``=`` (``notindexed=``, ``content=``...), in
  fts3 that is a column; a column is its first word. No column: one named
  ``content``, or under fts4 ``content=t`` the columns of ``t``.
- ``rtree``/``rtree_i32`` (sqlite.org/rtree.html): every argument is a column
  (its first word; ``+aux`` an auxiliary one).
- ``fts5vocab``: fixed columns by its last argument (``row``, ``col``, ``instance``).

Shadow tables: fts5 and fts4 keep no ``_content`` under ``content=`` (the
rows live elsewhere, or nowhere), fts5 no ``_docsize`` under ``columnsize=0``,
fts4 none under ``matchinfo=fts3``.

The hidden columns a module adds (fts's column named after the table,
``rank``, ``docid``, ``__langid``) are its own, not names anyone wrote: left
out, as ``pragma_table_info`` leaves them out. Any other module's columns are
unknown here: :func:`module_columns` returns None.
"""

from __future__ import annotations

from msgspec import Struct

from dbnamelint.frontends.sql.parsing.lexer import Token, TokenType
from dbnamelint.frontends.sql.parsing.tokens import Cursor, NameTok, QName, ReadError
from dbnamelint.model import Event, EventOp, ObjectKind

#: Modules whose columns :func:`module_columns` knows.
KNOWN_MODULES = ("fts3", "fts4", "fts5", "fts5vocab", "rtree", "rtree_i32")

#: Shadow tables a module keeps, ``<table>_<suffix>`` (sqlite.org: fts5.html,
#: fts3.html "Shadow Tables", rtree.html), before the options that leave some
#: out (:func:`module_columns`). SQLite creates, renames and drops them with
#: their virtual table.
SHADOW_SUFFIXES = {
    "fts5": ("data", "idx", "content", "docsize", "config"),
    "fts4": ("content", "segments", "segdir", "docsize", "stat"),
    "fts3": ("content", "segments", "segdir"),
    "rtree": ("node", "parent", "rowid"),
    "rtree_i32": ("node", "parent", "rowid"),
}

_VOCAB = {
    "row": ("term", "doc", "cnt"),
    "col": ("term", "col", "doc", "cnt"),
    "instance": ("term", "doc", "col", "offset"),
}


class ModuleColumns(Struct, frozen=True):
    """What a module's arguments declare.

    ``columns``: each column's name token and declared type as SQLite reports
    it (``INT``/``REAL`` for rtree, None for fts). ``implicit``: names the
    module chose (fts4 ``content``, fts5vocab's), located at ``at``. ``like``:
    fts4 ``content=t`` without columns takes ``t``'s columns.
    """

    columns: tuple[tuple[NameTok, str | None], ...] = ()
    implicit: tuple[str, ...] = ()
    like: QName | None = None
    #: The suffixes of the shadow tables the module makes for these options.
    shadows: tuple[str, ...] = ()


def _has_eq(piece: Cursor) -> bool:
    return any(piece.tokens[j].token_type is TokenType.EQ for j in range(piece.i, piece.end))


def _first_name(piece: Cursor, *, fts: bool = False) -> NameTok:
    """An argument's first word as a name (a string is one too, as SQLite dequotes it).

    ``fts``: the fts modules read their arguments themselves, and a run of
    digits (and letters) is a name there: fts5's "bareword" (fts5.html, 3.1)
    and fts3/4's first token; ``fts5('email text', user_id, 100)`` has a
    column ``100`` (``PRAGMA table_xinfo``, SQLite 3.40). rtree refuses one.
    """
    tok = piece.peek()
    if fts and tok is not None and tok.token_type is TokenType.NUMBER and tok.text.isalnum():
        piece.advance()
        return NameTok(tok.text, True, tok)
    if tok is not None and tok.token_type is TokenType.PLUS:  # rtree auxiliary column
        piece.advance()
        tok = piece.peek()
    if tok is not None and tok.token_type is TokenType.STRING:
        piece.advance()
        return NameTok(tok.text, True, tok)
    return piece.name("a column name")


def _option_value(piece: Cursor) -> tuple[str, Token | None]:
    """``key = value``: the key (upper-case) and the value's token."""
    key = piece.peek()
    j = piece.i
    while j < piece.end and piece.tokens[j].token_type is not TokenType.EQ:
        j += 1
    value = piece.tokens[j + 1] if j + 1 < piece.end else None
    return ("" if key is None else key.text.upper()), value


def module_columns(module: str, pieces: list[Cursor]) -> ModuleColumns | None:
    """The columns ``module`` makes of its arguments (one cursor each); None
    for a module not in :data:`KNOWN_MODULES`. Raises :class:`ReadError` where
    an argument has no name to read."""
    module = module.lower()
    if module == "fts5":
        return _fts5(pieces)
    if module in ("fts3", "fts4"):
        return _fts3(module, pieces)
    if module in ("rtree", "rtree_i32"):
        return _rtree(module, pieces)
    if module == "fts5vocab":
        if not pieces:
            raise ReadError("fts5vocab's arguments (table, type)", None)
        kind = pieces[-1].peek()
        words = _VOCAB.get(kind.text.lower() if kind is not None else "")
        if words is None:
            raise ReadError("row, col or instance", kind)
        return ModuleColumns(implicit=words)
    return None


def _fts5(pieces: list[Cursor]) -> ModuleColumns:
    cols = tuple((_first_name(p, fts=True), None) for p in pieces if not _has_eq(p))
    options = dict(_option_value(p) for p in pieces if _has_eq(p))
    left_out = set()
    if "CONTENT" in options:
        left_out.add("content")
    size = options.get("COLUMNSIZE")
    if size is not None and size.text.strip() == "0":
        left_out.add("docsize")
    return ModuleColumns(cols, shadows=_shadows("fts5", left_out))


def _fts3(module: str, pieces: list[Cursor]) -> ModuleColumns:
    cols: list[tuple[NameTok, str | None]] = []
    content: Token | None = None
    left_out: set[str] = set()
    for piece in pieces:
        first = piece.peek()
        quoted = first is None or first.token_type is TokenType.IDENTIFIER
        if not quoted and first is not None and first.text.upper() == "TOKENIZE":
            continue  # tokenize=porter, or tokenize porter: the tokenizer
        if module == "fts4" and _has_eq(piece):
            key, value = _option_value(piece)
            if key == "CONTENT":
                content = value
                left_out.add("content")
            elif key == "MATCHINFO" and value is not None and value.text.lower() == "fts3":
                left_out.add("docsize")
            continue
        cols.append((_first_name(piece, fts=True), None))
    shadows = _shadows(module, left_out)
    if cols:
        return ModuleColumns(tuple(cols), shadows=shadows)
    if content is not None and content.text:
        written = content.token_type in (TokenType.IDENTIFIER, TokenType.STRING)
        like = QName((NameTok(content.text, written, content),))
        return ModuleColumns(like=like, shadows=shadows)
    return ModuleColumns(implicit=("content",), shadows=shadows)


def _rtree(module: str, pieces: list[Cursor]) -> ModuleColumns:
    coordinate = "INT" if module == "rtree_i32" else "REAL"
    cols: list[tuple[NameTok, str | None]] = []
    for number, piece in enumerate(pieces):
        auxiliary = piece.at_type(TokenType.PLUS)
        name = _first_name(piece)
        cols.append((name, None if auxiliary else "INT" if number == 0 else coordinate))
    return ModuleColumns(tuple(cols), shadows=_shadows(module, set()))


def _shadows(module: str, left_out: set[str]) -> tuple[str, ...]:
    return tuple(s for s in SHADOW_SUFFIXES[module] if s not in left_out)


def without_shadow_tables(events: list[Event]) -> list[Event]:
    """``events`` less the statements creating a virtual table's shadow tables
    (``Event.shadow_tables``; a schema dump, ``sqlite3 .schema``, writes them
    after the virtual table): they are the module's, made by SQLite with it."""
    shadows = {
        n.casefold()
        for e in events
        if e.shadow_tables and e.op is EventOp.CREATE
        for n in e.shadow_tables
    }
    if not shadows:
        return events
    dropped = {
        (e.source, e.statement)
        for e in events
        if e.kind is ObjectKind.TABLE
        and e.op is EventOp.CREATE
        and not e.virtual_module
        and (e.name or "").casefold() in shadows
    }
    if not dropped:
        return events
    return [e for e in events if (e.source, e.statement) not in dropped]
