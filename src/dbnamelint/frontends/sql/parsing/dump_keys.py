"""pg_dump's key statements, read without the general ALTER TABLE reader.

pg_dump writes every primary key, unique constraint and foreign key as a
statement of its own after the tables (``pg_dump.c``, ``dumpConstraint``)::

    ALTER TABLE ONLY public.orders
        ADD CONSTRAINT orders_pkey PRIMARY KEY (id);
    ALTER TABLE ONLY public.orders
        ADD CONSTRAINT fk_customer FOREIGN KEY (customer_id)
        REFERENCES public.customers(id) ON DELETE CASCADE;

They are a quarter of a dump's statements, and the general reader
(:func:`.ddl.read_alter`, the statement guards, the MySQL syntax scan) spent
about 50 µs on each. :func:`dump_key` matches exactly this shape on the
statement's tokens and builds the one event the general reader builds for it
(:func:`.ddl.read_table_constraint`); anything else, down to a name that is a
keyword or an element that is not a single name, gives ``None`` and is read
the general way. tests/test_dump_keys.py compares both readers statement by
statement (generated variants and every corpus schema).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from dbnamelint.dialects.profile import profile_for
from dbnamelint.frontends.sql.parsing.lexer import Token, TokenType
from dbnamelint.frontends.sql.parsing.tokens import (
    NAME_WORD,
    Cursor,
    NameTok,
    QName,
    words_of,
)
from dbnamelint.model import ConstraintType, Event, EventOp, ObjectKind

if TYPE_CHECKING:
    from dbnamelint.model import Statement

_IDENTIFIER = TokenType.IDENTIFIER
_L_PAREN, _R_PAREN, _COMMA = TokenType.L_PAREN, TokenType.R_PAREN, TokenType.COMMA
_DOT, _SEMICOLON = TokenType.DOT, TokenType.SEMICOLON

#: Words that start a table element in the general reader
#: (``ddl._ELEMENT_FIRST`` and ``IF``, ``NOT``, ``DEFAULT``, ``PERIOD``): a
#: bare name spelled as one of them is left to it.
_NOT_A_PLAIN_NAME = frozenset(
    {
        "PRIMARY",
        "UNIQUE",
        "FOREIGN",
        "CHECK",
        "EXCLUDE",
        "CONSTRAINT",
        "KEY",
        "INDEX",
        "FULLTEXT",
        "SPATIAL",
        "IF",
        "NOT",
        "DEFAULT",
        "PERIOD",
        "NULLS",
        "USING",
        "INCLUDE",
    }
)

#: What may follow a key's columns (a foreign key's: its referenced
#: columns), word by word: its deferrability, and a foreign key's actions,
#: match type and NOT VALID (PostgreSQL manual, CREATE TABLE, constraint
#: attributes; ALTER TABLE). The general reader passes over all of it.
_KEY_TAILS: tuple[tuple[str, ...], ...] = (
    ("NOT", "DEFERRABLE"),
    ("DEFERRABLE",),
    ("INITIALLY", "DEFERRED"),
    ("INITIALLY", "IMMEDIATE"),
)
_FK_TAILS: tuple[tuple[str, ...], ...] = (
    *_KEY_TAILS,
    *(
        ("ON", event, *action)
        for event in ("DELETE", "UPDATE")
        for action in (
            ("NO", "ACTION"),
            ("SET", "NULL"),
            ("SET", "DEFAULT"),
            ("CASCADE",),
            ("RESTRICT",),
        )
    ),
    ("MATCH", "FULL"),
    ("MATCH", "SIMPLE"),
    ("NOT", "VALID"),
)
_FOREIGN_KEY = ConstraintType.FOREIGN_KEY
_KEY_TYPES = {
    TokenType.PRIMARY_KEY: ConstraintType.PRIMARY_KEY,
    TokenType.UNIQUE: ConstraintType.UNIQUE,
    TokenType.FOREIGN_KEY: _FOREIGN_KEY,
}
_ALTER, _TABLE, _ONLY = TokenType.ALTER, TokenType.TABLE, TokenType.ONLY
_CONSTRAINT = TokenType.CONSTRAINT
_REFERENCES = TokenType.REFERENCES


def dump_key(statement: Statement, tokens: list[Token]) -> Event | None:
    """The event of ``ALTER TABLE [ONLY] t ADD CONSTRAINT n {PRIMARY KEY | UNIQUE
    | FOREIGN KEY} (cols) ...`` in pg_dump's shape, read as the general reader
    reads it; ``None`` when ``tokens`` are anything else (read them that way).

    ``statement`` must be PostgreSQL's (the caller checks the dialect).
    """
    if len(tokens) < 10 or tokens[0].token_type is not _ALTER or tokens[1].token_type is not _TABLE:
        return None
    words = _Words(tokens, statement.text)
    words.i = 3 if tokens[2].token_type is _ONLY else 2
    table = words.qname()
    if (
        table is None
        or not words.word("ADD")
        or words.i >= len(tokens)
        or tokens[words.i].token_type is not _CONSTRAINT
    ):
        return None
    words.i += 1
    name = words.name()
    if name is None or words.i >= len(tokens):
        return None
    ctype = _KEY_TYPES.get(tokens[words.i].token_type)
    if ctype is None:
        return None
    words.i += 1
    columns = words.columns()
    if columns is None:
        return None
    ref: QName | None = None
    ref_columns: tuple[str, ...] = ()
    tails = _KEY_TAILS
    if ctype is _FOREIGN_KEY:
        if words.i >= len(tokens) or tokens[words.i].token_type is not _REFERENCES:
            return None
        words.i += 1
        ref = words.qname()
        found = words.columns() if ref is not None else None
        if found is None:
            return None
        ref_columns = found
        tails = _FK_TAILS
    if not words.only_tails(tails):
        return None
    return Event(
        op=EventOp.CREATE,
        kind=ObjectKind.CONSTRAINT,
        name=name.name,
        location=Cursor(tokens, statement, dialect_family="postgres").location(name.token),
        source=statement.source,
        quoted=name.quoted,
        table=table.qualified(),
        constraint_type=ctype,
        columns=columns,
        ref_table=ref.qualified() if ref is not None else None,
        ref_columns=ref_columns,
        suppressions=statement.comments,
        statement=statement.offset,
    )


class _Words:
    """A left-to-right reader of the statement's tokens for :func:`dump_key`."""

    __slots__ = ("fold", "i", "source", "tokens")

    def __init__(self, tokens: list[Token], source: str) -> None:
        self.tokens = tokens
        self.source = source
        self.i = 0
        self.fold = profile_for("postgres").fold

    def word(self, wanted: str) -> bool:
        """Consume one token written as the bare word ``wanted`` (any case)."""
        if self.i < len(self.tokens) and words_of(self.tokens[self.i]) == (wanted,):
            self.i += 1
            return True
        return False

    def name(self, *, element: bool = False) -> NameTok | None:
        """A name in quotes, or a word written bare that the general reader
        takes for a name (:meth:`.tokens.Cursor.is_name`: keywords such as
        ``name`` or ``type`` too), but, outside a list's ``element``, not a
        word it reads as structure (a list's lone word is a column even then)."""
        if self.i >= len(self.tokens):
            return None
        tok = self.tokens[self.i]
        if tok.token_type is _IDENTIFIER:
            self.i += 1
            return NameTok(tok.text, True, tok)
        text = tok.text
        if (
            NAME_WORD.match(text) is None
            or self.source[tok.start : tok.end + 1] != text  # a string, a token sqlglot rewrote
            or (not element and text.upper() in _NOT_A_PLAIN_NAME)
        ):
            return None
        self.i += 1
        return NameTok(text, False, tok)

    def qname(self) -> QName | None:
        """``name`` or ``schema.name`` (three parts are left to the general reader)."""
        first = self.name()
        if first is None:
            return None
        if self.i < len(self.tokens) and self.tokens[self.i].token_type is _DOT:
            self.i += 1
            second = self.name()
            if second is None or (
                self.i < len(self.tokens) and self.tokens[self.i].token_type is _DOT
            ):
                return None
            return QName((first, second))
        return QName((first,))

    def columns(self) -> tuple[str, ...] | None:
        """``(a, "B")``: each element one name, stored as PostgreSQL stores it."""
        tokens = self.tokens
        if self.i >= len(tokens) or tokens[self.i].token_type is not _L_PAREN:
            return None
        self.i += 1
        found: list[str] = []
        while True:
            name = self.name(element=True)
            if name is None or self.i >= len(tokens):
                return None
            found.append(name.name if name.quoted else self.fold(name.name, False))
            tt = tokens[self.i].token_type
            self.i += 1
            if tt is _R_PAREN:
                return tuple(found)
            if tt is not _COMMA:
                return None

    def only_tails(self, tails: tuple[tuple[str, ...], ...]) -> bool:
        """Whether the rest is ``tails`` in any order and number, then at most a ``;``."""
        rest = self.tokens[self.i :]
        if rest and rest[-1].token_type is _SEMICOLON:
            rest = rest[:-1]
        if any(tok.token_type is _IDENTIFIER for tok in rest):
            return False
        words = [w for tok in rest for w in words_of(tok)]
        at = 0
        while at < len(words):
            tail = next((t for t in tails if tuple(words[at : at + len(t)]) == t), None)
            if tail is None:
                return False
            at += len(tail)
        return True
