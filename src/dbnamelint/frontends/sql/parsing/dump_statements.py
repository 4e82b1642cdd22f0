"""pg_dump's commonest statements, read without the general reader.

Besides its tables, pg_dump writes every sequence, index, primary key,
unique constraint and foreign key, every serial column's default and every
owned sequence's owner as a statement of its own (``pg_dump.c``:
``dumpSequence``, ``dumpIndex``, ``dumpConstraint``, ``dumpAttrDef``)::

    CREATE SEQUENCE public.orders_id_seq
        AS integer START WITH 1 INCREMENT BY 1 NO MINVALUE NO MAXVALUE CACHE 1;
    ALTER SEQUENCE public.orders_id_seq OWNED BY public.orders.id;
    ALTER TABLE ONLY public.orders ALTER COLUMN id
        SET DEFAULT nextval('public.orders_id_seq'::regclass);
    ALTER TABLE ONLY public.orders
        ADD CONSTRAINT orders_pkey PRIMARY KEY (id);
    ALTER TABLE ONLY public.orders
        ADD CONSTRAINT fk_customer FOREIGN KEY (customer_id)
        REFERENCES public.customers(id) ON DELETE CASCADE;
    CREATE UNIQUE INDEX index_orders_on_code ON public.orders USING btree (code);

They are most of a dump's statements, and the general reader
(:func:`.ddl.read_create`, :func:`.ddl.read_alter`, the statement guards,
the MySQL syntax scan) spent 50-80 µs on each. :func:`dump_statement`
matches exactly these shapes on the statement's tokens and builds the events
the general reader builds for them; anything else, down to a name that is a
keyword or an element that is not a single name, gives ``None`` and is read
the general way. tests/test_dump_statements.py compares both readers
statement by statement (pg_dump's shapes, declined look-alikes, generated
variants and every corpus schema).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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
        "ON",
        "ONLY",
        "CONCURRENTLY",
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
_CONSTRAINT, _SEQUENCE = TokenType.CONSTRAINT, TokenType.SEQUENCE
_CREATE, _INDEX, _UNIQUE = TokenType.CREATE, TokenType.INDEX, TokenType.UNIQUE
_NUMBER, _DASH = TokenType.NUMBER, TokenType.DASH
#: The words of pg_dump's sequence options (``dumpSequence``: ``AS integer``,
#: ``START WITH 1``, ``INCREMENT BY 1``, ``NO MINVALUE``, ``MAXVALUE n``,
#: ``CACHE 1``, ``CYCLE``); numbers besides.
_SEQUENCE_WORDS = frozenset(
    {"AS", "START", "WITH", "INCREMENT", "BY", "NO", "MINVALUE", "MAXVALUE", "CACHE", "CYCLE"}
    | {"SMALLINT", "INTEGER", "BIGINT", "INT", "INT2", "INT4", "INT8"}
)
_REFERENCES, _STRING, _DCOLON = TokenType.REFERENCES, TokenType.STRING, TokenType.DCOLON


def dump_statement(statement: Statement, tokens: list[Token]) -> list[Event] | None:
    """The events of one of pg_dump's key, serial default, sequence owner,
    sequence or index statements (see above), read as the general reader
    reads it; ``None`` when ``tokens`` are anything else (read them that way).

    ``statement`` must be PostgreSQL's (the caller checks the dialect).
    """
    if len(tokens) < 3:
        return None
    first, second = tokens[0].token_type, tokens[1].token_type
    if first is _CREATE:
        made = (
            _sequence(statement, tokens)
            if second is _SEQUENCE
            else _index(statement, tokens)
            if second in (_INDEX, _UNIQUE)
            else None
        )
        return None if made is None else [made]
    if first is not _ALTER or len(tokens) < 6:
        return None
    if second is _SEQUENCE:
        owner = _sequence_owner(statement, tokens)
        return None if owner is None else [owner]
    if second is not _TABLE:
        return None
    words = _Words(tokens, statement.text)
    words.i = 3 if tokens[2].token_type is _ONLY else 2
    table = words.qname()
    if table is None:
        return None
    if words.word("ALTER"):
        return [] if _serial_default(words) else None
    if not words.word("ADD"):
        return None
    key = _key(statement, words, table)
    return None if key is None else [key]


def _sequence(statement: Statement, tokens: list[Token]) -> Event | None:
    """``CREATE SEQUENCE s`` with pg_dump's options and no ``OWNED BY``: the
    event :func:`.ddl._create_simple` makes."""
    words = _Words(tokens, statement.text)
    words.i = 2
    name = words.qname()
    if name is None:
        return None
    rest = tokens[words.i :]
    if rest and rest[-1].token_type is _SEMICOLON:
        rest = rest[:-1]
    for tok in rest:
        if tok.token_type in (_NUMBER, _DASH):
            continue
        found = words_of(tok)
        if len(found) != 1 or found[0] not in _SEQUENCE_WORDS:
            return None
    return _event(
        statement, tokens, EventOp.CREATE, ObjectKind.SEQUENCE, name.last, schema=name.schema
    )


def _index(statement: Statement, tokens: list[Token]) -> Event | None:
    """``CREATE [UNIQUE] INDEX i ON [ONLY] t [USING method] (cols)``, each
    element one name: the event :func:`.ddl._create_index` makes."""
    words = _Words(tokens, statement.text)
    words.i = 1
    unique = words.at(_UNIQUE)
    if not words.at(_INDEX):
        return None
    name = words.qname()
    if name is None or not words.word("ON"):
        return None
    words.word("ONLY")
    table = words.qname()
    if table is None:
        return None
    if words.word("USING") and words.name() is None:
        return None
    opened = words.i
    columns = words.columns()
    if columns is None or not words.only_tails(()):
        return None
    # the list's names as written, quoted ones in their quotes (ddl._names_used)
    uses = tuple(
        dict.fromkeys(
            '"' + tok.text.replace('"', '""') + '"' if tok.token_type is _IDENTIFIER else tok.text
            for tok in tokens[opened + 1 : words.i - 1 : 2]
        )
    )
    return _event(
        statement,
        tokens,
        EventOp.CREATE,
        ObjectKind.INDEX,
        name.last,
        schema=name.schema,
        table=table.qualified(),
        columns=columns,
        unique=unique,
        uses=uses,
    )


def _event(
    statement: Statement,
    tokens: list[Token],
    op: EventOp,
    kind: ObjectKind,
    name: NameTok,
    **details: Any,
) -> Event:
    """The event of ``name``, located and stamped as :meth:`.ddl.Emitter.emit` does."""
    return Event(
        op=op,
        kind=kind,
        name=name.name,
        location=Cursor(tokens, statement, dialect_family="postgres").location(name.token),
        source=statement.source,
        quoted=name.quoted,
        suppressions=statement.comments,
        statement=statement.offset,
        **details,
    )


def _serial_default(words: _Words) -> bool:
    """``ALTER [COLUMN] c SET DEFAULT nextval('s'::regclass)`` and nothing else
    (after the table): no name changes, no action a view refuses."""
    words.word("COLUMN")
    if words.name() is None or not (words.word("SET") and words.word("DEFAULT")):
        return False
    if not (words.word("NEXTVAL") and words.at(_L_PAREN) and words.at(_STRING)):
        return False
    if words.at(_DCOLON) and not words.word("REGCLASS"):
        return False
    return words.at(_R_PAREN) and words.only_tails(())


def _sequence_owner(statement: Statement, tokens: list[Token]) -> Event | None:
    """``ALTER SEQUENCE s OWNED BY [schema.]table.column``: the ATTACH event
    :func:`.ddl._sequence_owner` makes."""
    words = _Words(tokens, statement.text)
    words.i = 2
    sequence = words.qname()
    if sequence is None or not (words.word("OWNED") and words.word("BY")):
        return None
    target = words.qname(parts=3)
    if target is None or len(target.parts) < 2 or not words.only_tails(()):
        return None
    column = target.last
    return _event(
        statement,
        tokens,
        EventOp.ATTACH,
        ObjectKind.SEQUENCE,
        sequence.last,
        schema=sequence.schema,
        table=QName(target.parts[:-1]).qualified(),
        columns=(column.name if column.quoted else words.fold(column.name, False),),
    )


def _key(statement: Statement, words: _Words, table: QName) -> Event | None:
    """``ADD CONSTRAINT n {PRIMARY KEY | UNIQUE | FOREIGN KEY} (cols) ...``
    after the table: the event :func:`.ddl.read_table_constraint` makes."""
    tokens = words.tokens
    if words.i >= len(tokens) or tokens[words.i].token_type is not _CONSTRAINT:
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
    return _event(
        statement,
        tokens,
        EventOp.CREATE,
        ObjectKind.CONSTRAINT,
        name,
        table=table.qualified(),
        constraint_type=ctype,
        columns=columns,
        ref_table=ref.qualified() if ref is not None else None,
        ref_columns=ref_columns,
    )


#: Per word written bare: whether it can be a name (``tokens.NAME_WORD``) and
#: whether it is a word of :data:`_NOT_A_PLAIN_NAME`; a dump repeats its words.
_WORDS: dict[str, tuple[bool, bool]] = {}


def _word(text: str) -> tuple[bool, bool]:
    if len(_WORDS) >= 200_000:
        _WORDS.clear()
    found = _WORDS[text] = (NAME_WORD.match(text) is not None, text.upper() in _NOT_A_PLAIN_NAME)
    return found


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
        word, structure = _WORDS.get(text) or _word(text)
        if (
            not word
            or (structure and not element)
            or self.source[tok.start : tok.end + 1] != text  # a string, a token sqlglot rewrote
        ):
            return None
        self.i += 1
        return NameTok(text, False, tok)

    def qname(self, parts: int = 2) -> QName | None:
        """A name of at most ``parts`` (2 or 3) dotted parts (more are left to
        the general reader)."""
        first = self.name()
        if first is None:
            return None
        if not self.at(_DOT):
            return QName((first,))
        second = self.name()
        if second is None:
            return None
        if not self.at(_DOT):
            return QName((first, second))
        third = self.name() if parts > 2 else None
        if third is None or self.at(_DOT):
            return None
        return QName((first, second, third))

    def at(self, token_type: TokenType) -> bool:
        """Consume one token of ``token_type``."""
        if self.i < len(self.tokens) and self.tokens[self.i].token_type is token_type:
            self.i += 1
            return True
        return False

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
        tokens, i = self.tokens, self.i
        left = len(tokens) - i
        if left == 0 or (left == 1 and tokens[i].token_type is _SEMICOLON):
            return True  # the usual case: nothing after the list
        if not tails:
            return False
        rest = tokens[i:]
        if rest[-1].token_type is _SEMICOLON:
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
