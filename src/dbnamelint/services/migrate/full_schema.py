"""A full schema kept beside its upgrade scripts, edited so a fresh install makes the new names.

Projects such as icingadb keep one full schema per database
(``schema/pgsql/schema.sql``) and hand-applied upgrade scripts below it
(``schema/pgsql/upgrades/1.2.0.sql``): its ``doc/04-Upgrading.md`` has a new
database run the full schema only, and an older one "apply all schema
versions in their order" (``psql -f schema/pgsql/upgrades/1.2.3.sql``). A
rename therefore goes in both: a new upgrade script renaming the objects in
place (:func:`~.layout.plan_files`, layout ``upgrades``), and the full
schema's statements naming the new names, so a fresh install creates them
directly. This module does the second: every name the phase renames is
replaced where the full schema writes it, token by token with sqlglot's
tokenizer for the dialect (strings, comments and dollar-quoted bodies are
one token each, so nothing in them changes), every other byte kept.

Which word is which object is told by the words before it, as the
statements write them:

- a table: the name after ``TABLE`` (``CREATE``/``ALTER``/``DROP``/``COMMENT
  ON TABLE``, ``IF [NOT] EXISTS`` and ``ONLY`` skipped), ``REFERENCES``,
  ``INTO``, ``FROM``, ``JOIN``, ``LIKE``, the ``ON`` of ``CREATE INDEX``,
  ``CREATE TRIGGER``, ``CREATE POLICY``, ``CREATE RULE``, and the table of a
  qualified column (``COMMENT ON COLUMN t.c``, ``OWNED BY t.c``, ``t.c``);
- an index, constraint, sequence or trigger: the name after ``INDEX``,
  ``KEY`` (MySQL's ``UNIQUE KEY k``), ``CONSTRAINT``, ``SEQUENCE``,
  ``TRIGGER``;
- a column of the statement's table: the first word of each element of a
  ``CREATE TABLE`` body, any word inside parentheses in it (keys,
  ``CHECK``), but those after ``REFERENCES other`` (the other table's), the
  word after ``ADD``, ``ALTER``, ``DROP``, ``MODIFY``, ``CHANGE``, ``RENAME``
  (``COLUMN``, ``IF [NOT] EXISTS`` skipped) of an ``ALTER TABLE``, and the
  words inside parentheses of ``CREATE INDEX ... ON t (...)`` and
  ``INSERT INTO t (...)``.

A word followed by ``(`` is a function call, never a column. An implicit
name (``comments_pkey``) is not written, and the database chooses it from
the new table name, as the upgrade script's rename gives it.
"""

from __future__ import annotations

from collections.abc import Sequence

from msgspec import Struct

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.dialects import Family, profile_for, sqlglot_dialect
from dbnamelint.frontends.sql.parsing.lexer import SqlglotError, Token, TokenType, tokenizers
from dbnamelint.frontends.sql.parsing.spans import replace_spans
from dbnamelint.frontends.sql.parsing.tokens import NAME_WORD
from dbnamelint.model import ObjectKind

_BARE = lazy_compile(r"[a-z_][a-z0-9_$]*\Z")
_NOT_NAMES = frozenset(
    {
        TokenType.STRING,
        TokenType.NATIONAL_STRING,
        TokenType.NUMBER,
        TokenType.HEREDOC_STRING,
        TokenType.L_PAREN,
        TokenType.R_PAREN,
        TokenType.COMMA,
        TokenType.DOT,
        TokenType.SEMICOLON,
    }
)
_SKIPPED = frozenset({"IF", "NOT", "EXISTS", "ONLY", "CONCURRENTLY", "COLUMN"})
_TABLE_AFTER = frozenset({"TABLE", "REFERENCES", "INTO", "FROM", "JOIN", "LIKE"})
_ON_TABLE_HEADS = frozenset({"INDEX", "TRIGGER", "POLICY", "RULE"})
_OBJECT_AFTER = {
    "INDEX": (ObjectKind.INDEX, ObjectKind.CONSTRAINT),
    "KEY": (ObjectKind.INDEX, ObjectKind.CONSTRAINT),
    "CONSTRAINT": (ObjectKind.CONSTRAINT, ObjectKind.INDEX),
    "SEQUENCE": (ObjectKind.SEQUENCE,),
    "TRIGGER": (ObjectKind.TRIGGER,),
}
_COLUMN_AFTER = frozenset({"ADD", "ALTER", "DROP", "MODIFY", "CHANGE", "RENAME"})


class Renames:
    """The phase's renames by old name: tables, columns per old table, other objects."""

    def __init__(self, steps: Sequence[tuple[ObjectKind, str | None, str, str]]) -> None:
        """``steps``: (kind, the table's old name or None, old, new) per rename."""
        self.tables: dict[str, str] = {}
        self.columns: dict[tuple[str, str], str] = {}
        self.objects: dict[tuple[ObjectKind, str], str] = {}
        for kind, table, old, new in steps:
            if kind is ObjectKind.TABLE:
                self.tables[old.casefold()] = new
            elif kind is ObjectKind.COLUMN and table is not None:
                self.columns[(table.casefold(), old.casefold())] = new
            else:
                self.objects[(kind, old.casefold())] = new


def _is_name(token: Token) -> bool:
    if token.token_type in _NOT_NAMES:
        return False
    return token.token_type is TokenType.IDENTIFIER or NAME_WORD.match(token.text) is not None


def _written(new: str, token: Token, text: str, family: Family) -> str:
    """``new`` as ``token`` wrote its old name: in the same quotes, or bare."""
    if token.token_type is TokenType.IDENTIFIER:
        return text[token.start] + new + text[token.end]
    if _BARE.match(new):
        return new
    return f"`{new}`" if family is Family.MYSQL else f'"{new}"'


def _key(token: Token) -> str:
    """A name token as :class:`Renames` keys names: case-folded, quoted or not
    (the plan names ``"AlertRules"`` as ``AlertRules``: keyed as written, a
    quoted name was never found, and the full schema kept it: trial s30)."""
    return token.text.casefold()


#: Functions whose text argument PostgreSQL reads as a sequence's name.
_SEQUENCE_FUNCTIONS = frozenset({"NEXTVAL", "CURRVAL", "SETVAL"})


def _names_a_sequence(tokens: Sequence[Token], at: int) -> bool:
    """Whether the string ``tokens[at]`` names a sequence: the first argument
    of ``nextval``/``currval``/``setval`` (PostgreSQL casts it to
    ``regclass``: ``nextval('icingadb_schema_id_seq')``, a serial column's
    default), or cast ``::regclass`` itself."""
    after = tokens[at + 1 : at + 3]
    if (
        len(after) == 2
        and after[0].token_type is TokenType.DCOLON
        and after[1].text.upper() == "REGCLASS"
    ):
        return True
    return (
        at >= 2
        and tokens[at - 1].token_type is TokenType.L_PAREN
        and tokens[at - 2].text.upper() in _SEQUENCE_FUNCTIONS
    )


def _sequence_text(
    token: Token, renames: Renames, edits: dict[tuple[int, int], str], text: str
) -> None:
    """A renamed sequence's name in the string ``token``, respelled (its
    schema qualifier kept); a quoted or escaped name is left alone."""
    written = text[token.start : token.end + 1]
    if not (written.startswith("'") and written.endswith("'")) or '"' in written:
        return
    qualifier, _, name = token.text.rpartition(".")
    new = renames.objects.get((ObjectKind.SEQUENCE, name.casefold()))
    if new is not None and "'" not in new:
        edits[(token.start, token.end + 1)] = (
            "'" + (f"{qualifier}." if qualifier else "") + new + "'"
        )


class Rewrite(Struct, frozen=True):
    """The edited text, how many names were replaced, and the names left as
    they were that still look like a renamed object's (line, name): an
    index, constraint, sequence or trigger name elsewhere than after its
    word, a renamed column in a view reading its table."""

    text: str
    replaced: int
    left: tuple[tuple[int, str], ...] = ()


def rewrite(text: str, dialect: str, renames: Renames) -> Rewrite:
    """``text`` (a full schema in ``dialect``) with the renamed names
    replaced (module docstring). Raises ``ValueError`` when the tokenizer
    refuses the text."""
    try:
        tokens = tokenizers(None).get(sqlglot_dialect(dialect)).tokenize(text)
    except SqlglotError as exc:
        raise ValueError(str(exc)) from None
    family = profile_for(dialect).family
    edits: dict[tuple[int, int], str] = {}
    start = 0
    statements = []
    for at, token in enumerate([*tokens, None]):
        if token is None or token.token_type is TokenType.SEMICOLON:
            statements.append(tokens[start:at])
            _statement(tokens[start:at], renames, edits, text, family)
            start = at + 1
    objects = {old for _, old in renames.objects}
    left: list[tuple[int, str]] = []
    for statement in statements:
        keys = {_key(t) for t in statement if _is_name(t)}
        view = len(statement) > 2 and "VIEW" in [t.text.upper() for t in statement[1:5]]
        columns = {c for (table, c) in renames.columns if view and table in keys}
        for token in statement:
            if (token.start, token.end + 1) in edits:
                continue
            if token.token_type is TokenType.STRING:
                if token.text.rpartition(".")[2].casefold() in objects:
                    left.append((text.count("\n", 0, token.start) + 1, token.text))
                continue
            if not _is_name(token):
                continue
            if _key(token) in objects or _key(token) in columns:
                left.append((text.count("\n", 0, token.start) + 1, token.text))
    return Rewrite(replace_spans(text, edits), len(edits), tuple(left))


def _statement(
    tokens: Sequence[Token],
    renames: Renames,
    edits: dict[tuple[int, int], str],
    text: str,
    family: Family,
) -> None:
    if not tokens:
        return
    words = [t.text.upper() if t.token_type is not TokenType.IDENTIFIER else "" for t in tokens]
    head = words[0]
    creates_table = head == "CREATE" and "TABLE" in words[1:4]
    on_table = head == "CREATE" and any(w in _ON_TABLE_HEADS for w in words[1:4])
    subject: str | None = None  # the statement's table, as the old name (casefolded)
    depth = 0
    element_start = False  # the next word starts an element of a CREATE TABLE body
    referenced: list[tuple[int, str | None]] = []  # (depth, table) of REFERENCES t (...)
    pending_reference: str | None = None
    table_next_paren: str | None = None

    def edit(token: Token, new: str) -> None:
        edits[(token.start, token.end + 1)] = _written(new, token, text, family)

    def before(i: int) -> str:
        """The keyword before token ``i``, skipping IF/NOT/EXISTS/ONLY/COLUMN."""
        j = i - 1
        while j >= 0 and words[j] in _SKIPPED:
            j -= 1
        return words[j] if j >= 0 else ""

    def column_of(table: str | None, token: Token) -> None:
        if table is None:
            return
        new = renames.columns.get((table, _key(token)))
        if new is not None:
            edit(token, new)

    i = 0
    while i < len(tokens):
        token = tokens[i]
        kind = token.token_type
        if kind is TokenType.L_PAREN:
            depth += 1
            if pending_reference is not None:
                referenced.append((depth, pending_reference))
                pending_reference = None
            elif table_next_paren is not None:
                referenced.append((depth, table_next_paren))
                table_next_paren = None
            element_start = creates_table and depth == 1
            i += 1
            continue
        if kind is TokenType.R_PAREN:
            if referenced and referenced[-1][0] == depth:
                referenced.pop()
            depth -= 1
            i += 1
            continue
        if kind is TokenType.COMMA:
            element_start = creates_table and depth == 1
            i += 1
            continue
        if kind is TokenType.STRING and _names_a_sequence(tokens, i):
            _sequence_text(token, renames, edits, text)
        if not _is_name(token):
            element_start = False
            i += 1
            continue
        # a name chain: name (. name)*
        chain = [token]
        j = i + 1
        while (
            j + 1 < len(tokens)
            and tokens[j].token_type is TokenType.DOT
            and _is_name(tokens[j + 1])
        ):
            chain.append(tokens[j + 1])
            j += 2
        call = j < len(tokens) and tokens[j].token_type is TokenType.L_PAREN
        keyword = before(i)
        was_start = element_start
        element_start = False
        i = j
        if keyword in _OBJECT_AFTER:
            last = chain[-1]
            for wanted in _OBJECT_AFTER[keyword]:
                new = renames.objects.get((wanted, _key(last)))
                if new is not None:
                    edit(last, new)
                    break
            continue
        if keyword in _TABLE_AFTER or (keyword == "ON" and on_table):
            last = chain[-1]
            old = _key(last)
            new = renames.tables.get(old)
            if new is not None:
                edit(last, new)
            if keyword == "REFERENCES":
                pending_reference = old
            elif subject is None:
                subject = old
                if keyword in ("ON", "INTO"):
                    table_next_paren = old
            continue
        if len(chain) >= 2:
            # t.c: COMMENT ON COLUMN t.c, OWNED BY t.c, a qualified column
            table_token, column_token = chain[-2], chain[-1]
            table = _key(table_token)
            new = renames.tables.get(table)
            if new is not None:
                edit(table_token, new)
            column_of(table, column_token)
            continue
        if call:
            continue  # a function, a type with its length (varchar(255))
        if referenced:
            column_of(referenced[-1][1], token)
        elif (creates_table and (depth >= 2 or (depth == 1 and was_start))) or (
            head == "ALTER" and (keyword in _COLUMN_AFTER or depth >= 1)
        ):
            column_of(subject, token)
