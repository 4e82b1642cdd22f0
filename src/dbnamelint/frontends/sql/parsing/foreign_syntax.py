"""MySQL's own table syntax in a statement read as PostgreSQL or SQLite.

The reader takes a ``CREATE TABLE`` or ``ALTER TABLE`` for the names in it
and passes over what it does not need, so MySQL's column positions and
table options read as PostgreSQL passed unsaid: ``ALTER TABLE t ADD COLUMN c
int AFTER b``, ``ALTER TABLE t MODIFY COLUMN c bigint``, ``id int UNSIGNED
NOT NULL AUTO_INCREMENT``, ``) ENGINE=InnoDB``, and an index written inside
the table, ``KEY idx_u (id)``, read as a column ``key``. PostgreSQL refuses
each (its ``gram.y``: no column position, no ``MODIFY``/``CHANGE``, no
table options but its own, no index element in ``CREATE TABLE``), and so
does sqlite3 (``lang_altertable.html``, ``lang_createtable.html``) but for
``UNSIGNED``, ``ZEROFILL``, ``AUTO_INCREMENT`` and a column position
(``AFTER b``, ``FIRST``) right after a column's type, which SQLite takes as
words of the type name (any words are one: ``int AFTER b``); after a
constraint (``NOT NULL AUTO_INCREMENT``) it refuses them too. They are MySQL's and
MariaDB's ("ALTER TABLE Statement", "CREATE TABLE Statement" of the MySQL
8.0 manual), so a file showing them was written for MySQL and read in the
wrong dialect: :func:`mysql_only` finds the first, for the reader's
``DBN004`` error at it (tests/test_mysql_syntax_elsewhere.py runs each on
PostgreSQL, sqlite3 and MariaDB).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.dialects import Family
from dbnamelint.frontends.sql.parsing.lexer import Token, TokenType

#: The families whose statements are searched for MySQL's constructs; built
#: once, not per statement: on Python 3.11 reading ``Family.SQLITE`` goes
#: through ``EnumType.__getattr__``'s slow path (about five times a global's
#: cost; 3.12 removed it).
_JUDGED = (Family.POSTGRES, Family.SQLITE)
#: Table options after CREATE TABLE's). ``)`` (MySQL's ``table_option``): none
#: is PostgreSQL's or SQLite's.
_TABLE_OPTIONS = frozenset(
    {"ENGINE", "AUTO_INCREMENT", "CHARSET", "ROW_FORMAT", "COMMENT", "AVG_ROW_LENGTH"}
)
#: An index element of CREATE TABLE, or ALTER TABLE ADD's (``KEY idx (a)``).
_INDEX_WORDS = frozenset({"KEY", "INDEX", "FULLTEXT", "SPATIAL"})
#: What SQLite takes as words of a column's type name (PostgreSQL refuses them).
_TYPE_WORDS = frozenset({"UNSIGNED", "ZEROFILL", "AUTO_INCREMENT"})
#: A word every construct found holds (a superset: ``KEY`` but after
#: ``PRIMARY``/``FOREIGN`` alone, which every table writes, is a column's;
#: ``CHARACTER``, ``COLLATE`` and ``CURRENT_TIMESTAMP`` only where MySQL's
#: constructs hold them: PostgreSQL writes ``character varying``).
#: Every alternative starts at a word boundary with one of the letters of the
#: look-ahead: tested first, they settle most positions of a text at once
#: (the alternatives alone are tried one by one at every position; 3.5x).
_MAYBE = lazy_compile(
    r"\b(?=[ACDEFIKMORSUZ])(?:"
    r"\b(?:AFTER|FIRST|MODIFY|CHANGE|UNSIGNED|ZEROFILL|AUTO_INCREMENT|FULLTEXT|SPATIAL"
    r"|ENGINE|CHARSET|ROW_FORMAT|COMMENT|AVG_ROW_LENGTH|INDEX)\b"
    r"|\bDEFAULT\s+(?:CHARACTER|COLLATE)\b|\bON\s+UPDATE\s+(?:CURRENT_TIMESTAMP|NOW)\b"
    r"|\bDROP\s+(?:FOREIGN|PRIMARY)\b|(?<!PRIMARY )(?<!FOREIGN )\bKEY\b)",
    re.IGNORECASE,
)
#: Substrings of the upper-cased text one of which :data:`_MAYBE` needs
#: (:func:`_maybe`): tests cheaper than the pattern, which has no literal
#: start to skip by (it was a tenth of reading a pg_dump schema).
_NEEDED = (
    "AFTER", "FIRST", "MODIFY", "CHANGE", "UNSIGNED", "ZEROFILL", "AUTO_INCREMENT", "FULLTEXT",
    "SPATIAL", "ENGINE", "CHARSET", "ROW_FORMAT", "COMMENT", "AVG_ROW_LENGTH", "INDEX",
)  # fmt: skip
#: :data:`_MAYBE`'s ``DEFAULT CHARACTER SET``/``COLLATE`` and ``ON UPDATE
#: CURRENT_TIMESTAMP``, on the upper-cased text (``character varying`` and a
#: foreign key's ``ON UPDATE CASCADE`` are not them).
_DEFAULT_SET = lazy_compile(r"DEFAULT\s+(?:CHARACTER|COLLATE)\b")
_ON_UPDATE = lazy_compile(r"ON\s+UPDATE\s+(?:CURRENT_TIMESTAMP|NOW)\b")
_DROP_KEY = lazy_compile(r"DROP\s+(?:FOREIGN|PRIMARY)\b")


def _maybe(upper: str) -> bool:
    """Whether the upper-cased text may hold what :data:`_MAYBE` finds (a superset)."""
    for word in _NEEDED:  # a loop, not any(): no generator per statement
        if word in upper:
            return True
    if "KEY" in upper and upper.count("KEY") > upper.count("PRIMARY KEY") + upper.count(
        "FOREIGN KEY"
    ):
        return True  # a KEY that is neither a primary nor a foreign key's
    if "UPDATE" in upper and _ON_UPDATE.search(upper) is not None:
        return True
    if "DROP" in upper and _DROP_KEY.search(upper) is not None:
        return True
    return "DEFAULT" in upper and _DEFAULT_SET.search(upper) is not None


_NOT_WORDS = frozenset(
    {
        TokenType.IDENTIFIER,
        TokenType.STRING,
        TokenType.NUMBER,
        TokenType.L_PAREN,
        TokenType.R_PAREN,
        TokenType.COMMA,
        TokenType.SEMICOLON,
        TokenType.DOT,
        TokenType.EQ,
    }
)


def mysql_only(tokens: Sequence[Token], text: str, family: Family) -> tuple[Token, str] | None:
    """The first construct of MySQL's that a PostgreSQL or SQLite (``family``)
    ``CREATE TABLE``/``ALTER TABLE`` statement (``tokens`` of ``text``) holds,
    and what it is; None when it holds none or is another statement."""
    if family not in _JUDGED:
        return None
    if len(tokens) < 3:
        return None
    first = tokens[0].text.upper()
    # The words after it (a quoted name is no word: ``CREATE TEMP "table"``).
    after = [t.text.upper() for t in tokens[1:4] if t.token_type not in _NOT_WORDS]
    alter = first == "ALTER" and after[:1] == ["TABLE"]
    create = first == "CREATE" and "TABLE" in after
    if not (alter or create) or not _maybe(text.upper()) or _MAYBE.search(text) is None:
        return None  # cheap: most statements of a dump hold none of the words
    words = [_word(t, text) for t in tokens]
    return _in_alter(tokens, words, family) if alter else _in_create(tokens, words, family)


def _word(token: Token, text: str) -> str | None:
    """A bare word's text in upper case (not a quoted name, string, number or mark)."""
    if token.token_type in _NOT_WORDS:
        return None
    first = text[token.start : token.start + 1]
    return token.text.upper() if first.isalpha() or first == "_" else None


def _index_at(tokens: Sequence[Token], words: Sequence[str | None], i: int) -> bool:
    """Whether an element starting at ``i`` is an index (``[UNIQUE] KEY|INDEX
    [name] (col``): a column named ``key`` of type ``varchar(10)`` is not."""
    if words[i] == "UNIQUE" and i + 1 < len(words) and words[i + 1] in ("KEY", "INDEX"):
        i += 1
    elif words[i] not in _INDEX_WORDS:
        return False
    j = i + 1
    if j < len(tokens) and tokens[j].token_type is not TokenType.L_PAREN:
        j += 1  # the index's name
    return (
        j + 1 < len(tokens)
        and tokens[j].token_type is TokenType.L_PAREN
        and tokens[j + 1].token_type is not TokenType.NUMBER
    )


#: Words that end a column's type name and start its constraints (SQLite's
#: ``column-constraint``): a word after one is no word of the type name.
_CONSTRAINT_WORDS = frozenset(
    {"CONSTRAINT", "PRIMARY", "PRIMARY KEY", "NOT", "NULL", "UNIQUE", "CHECK", "DEFAULT"}
    | {"COLLATE", "REFERENCES", "GENERATED", "AS"}
)


def _column_word(
    tokens: Sequence[Token], words: Sequence[str | None], i: int, family: Family, typed: bool
) -> str | None:
    """A column attribute of MySQL's at ``i`` (inside a column's definition);
    ``typed``: a constraint came before it (SQLite takes any word of a type
    name: ``int UNSIGNED``, ``int AUTO_INCREMENT``, but not after ``NOT NULL``)."""
    word = words[i]
    if word in _TYPE_WORDS and (family is Family.POSTGRES or typed):
        return f"{word} in a column's definition"
    if (
        word == "ON"
        and i + 2 < len(words)
        and words[i + 1] == "UPDATE"
        and words[i + 2] in ("CURRENT_TIMESTAMP", "NOW")
    ):
        return "ON UPDATE CURRENT_TIMESTAMP in a column's definition"
    if (
        word == "COMMENT"
        and (family is Family.POSTGRES or typed)  # SQLite: `int COMMENT 'x'` is a type name
        and i + 1 < len(tokens)
        and tokens[i + 1].token_type is TokenType.STRING
        and i > 0
        and tokens[i - 1].token_type not in (TokenType.COMMA, TokenType.L_PAREN)
    ):
        return "a column's COMMENT 'text'"
    return None


def _in_create(
    tokens: Sequence[Token], words: Sequence[str | None], family: Family
) -> tuple[Token, str] | None:
    depth = 0
    closed = False
    start = False  # the next token starts an element of the table
    typed = False  # the element's type name has ended (a constraint began)
    for i, tok in enumerate(tokens):
        tt = tok.token_type
        if tt is TokenType.L_PAREN:
            depth += 1
            start = depth == 1 and not closed
            continue
        if tt is TokenType.R_PAREN:
            depth -= 1
            closed = closed or depth == 0
            continue
        if depth == 1 and not closed:
            if tt is TokenType.COMMA:
                start, typed = True, False
                continue
            if start and _index_at(tokens, words, i):
                return tok, f"an index inside CREATE TABLE ({tok.text} ...)"
            if not start:
                found = _column_word(tokens, words, i, family, typed)
                if found is not None:
                    return tok, found
                typed = typed or words[i] in _CONSTRAINT_WORDS
            start = False
        elif depth == 0 and closed and words[i] in _TABLE_OPTIONS:
            follow = tokens[i + 1] if i + 1 < len(tokens) else None
            if follow is not None and (follow.token_type is TokenType.EQ or words[i] == "ENGINE"):
                return tok, f"the table option {tok.text}"
        elif (
            depth == 0
            and closed
            and words[i] == "DEFAULT"
            and i + 1 < len(words)
            and words[i + 1] in ("CHARSET", "CHARACTER", "COLLATE")
        ):
            return tok, f"the table option DEFAULT {tokens[i + 1].text}"
    return None


def _in_alter(
    tokens: Sequence[Token], words: Sequence[str | None], family: Family
) -> tuple[Token, str] | None:
    depth = 0
    # An action starts after the table's name, and after each comma.
    at = 2
    while at < len(words) and words[at] in ("IF", "EXISTS", "ONLY", "IGNORE"):
        at += 1
    at += 1
    while at + 1 < len(tokens) and tokens[at].token_type is TokenType.DOT:
        at += 2
    action = True
    typed = False  # the action's column type name has ended (a constraint began)
    for i in range(at, len(tokens)):
        tok = tokens[i]
        tt = tok.token_type
        if tt is TokenType.L_PAREN:
            depth += 1
            continue
        if tt is TokenType.R_PAREN:
            depth -= 1
            continue
        if depth:
            continue
        if tt is TokenType.COMMA:
            action, typed = True, False
            continue
        word = words[i]
        nxt = words[i + 1] if i + 1 < len(words) else None
        if action and word in ("MODIFY", "CHANGE"):
            return tok, f"ALTER TABLE ... {tok.text}"
        if action and word == "ADD" and _index_at(tokens, words, i + 1):
            return tokens[i + 1], f"ALTER TABLE ... ADD {tokens[i + 1].text}"
        if action and word == "DROP" and (nxt or "").split(" ")[0] in ("FOREIGN", "PRIMARY"):
            return tok, f"ALTER TABLE ... DROP {(nxt or '').split(' ')[0]} KEY"
        if (
            action
            and word == "RENAME"
            and nxt in ("INDEX", "KEY")
            and (words[i + 2] if i + 2 < len(words) else None) != "TO"
        ):  # PostgreSQL's RENAME index TO x renames a column named index
            return tok, f"ALTER TABLE ... RENAME {tokens[i + 1].text}"
        action = False
        # A column position stands after a column's definition, not where a
        # name goes: PostgreSQL's REFERENCES after (a table named after).
        before = words[i - 1] if i > 0 else None
        position = (
            word in ("AFTER", "FIRST")
            and (family is Family.POSTGRES or typed)
            and before not in _NAME_BEFORE
        )
        if position and _ends_action(tokens, i + (2 if word == "AFTER" else 1)):
            if word == "FIRST" and i > 0 and words[i - 1] == "NULLS":
                continue
            return tok, f"the column position {tok.text}"
        found = _column_word(tokens, words, i, family, typed)
        if found is not None:
            return tok, found
        typed = typed or word in _CONSTRAINT_WORDS
    return None


#: Words after which the next word is a name (a table, a column), never a
#: column position: ``REFERENCES after``, ``RENAME first TO x``.
_NAME_BEFORE = frozenset({"REFERENCES", "RENAME", "COLUMN", "ALTER", "DROP", "TO", "ADD", "ON"})


def _ends_action(tokens: Sequence[Token], i: int) -> bool:
    """Whether an ALTER TABLE action ends at ``tokens[i]`` (a comma, ``;``, the end)."""
    return i >= len(tokens) or tokens[i].token_type in (TokenType.COMMA, TokenType.SEMICOLON)
