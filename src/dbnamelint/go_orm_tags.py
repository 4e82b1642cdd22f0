"""GORM struct tags that name a column or an index, as the DDL they make.

GORM makes a model's columns and indexes from its fields (``AutoMigrate``,
GORM docs "Declaring Models > Fields Tags", "Indexes"): a field's name by the
naming strategy (snake_case, compliant by construction), unless its tag says
``column:Name``; an index ``idx_<table>_<column>`` unless ``index:Name`` or
``uniqueIndex:Name`` says. A change adding ``BadField string
`gorm:"column:BadField;uniqueIndex:UQ_Tok"``` to a model passed the gate
(trial s38 gogs), as no string held DDL. :func:`shadow_text` writes each tag
naming a column or an index as a Go string of the statement GORM runs for it
(``ALTER TABLE <table> ADD COLUMN Name ...; CREATE UNIQUE INDEX UQ_Tok ON
<table> (Name)``), on the tag's line, so the gate judges the names a change
adds with the rules as any DDL string's. The table is GORM's default name
for the struct (:func:`~dbnamelint.impact.gormconv.convention_table`); the
names, not the table, are what the tag writes, unless the struct's
``TableName()`` names it. That method is the table's name for GORM and xorm
alike: its returned literal is read as the ``CREATE TABLE`` the ORM runs
(trial s39 woodpecker: ``return "CronJobs"`` passed). xorm's tags name a
column in quotes or bare, as its parser reads them (:func:`xorm_column`).
"""

from __future__ import annotations

import re

import inflection

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.impact.gorm import table_name_literals, table_names
from dbnamelint.impact.gormconv import convention_table, imports_gorm, mask

#: ``type Name struct {`` (top level, in a ``type (...)`` block, or in a function).
_STRUCT = lazy_compile(r"^[ \t]*(?:type[ \t]+)?(?P<name>[A-Za-z_]\w*)[ \t]+struct[ \t]*\{", re.M)
#: A field line: its name, then its type, then its tag (a raw string on the line).
_FIELD = lazy_compile(r"^[ \t]*(?P<field>[A-Za-z_]\w*)[ \t]+[^`\n]*?(?P<tag>`[^`\n]*`)", re.M)
_GORM_TAG = lazy_compile(r'\bgorm:"(?P<settings>[^"]*)"')
_NAME = lazy_compile(r"[A-Za-z_]\w*")
_XORM_TAG = lazy_compile(r'\bxorm:"(?P<settings>[^"]*)"')
#: The words of an xorm tag that are no column name, upper-cased as xorm
#: compares them: its tag handlers (``defaultTagHandlers`` of xorm.io/xorm
#: ``tags/tag.go``; ``COLLATE``, ``JSON``, ``JSONB`` of v1.4) and the SQL
#: types it registers as handlers too (``schemas.SqlTypes`` of
#: ``schemas/type.go``, every version's; ``UNSIGNED INT`` and the like are
#: two words, ``UNSIGNED`` a handler).
_XORM_KEYWORDS = frozenset(
    {
        *("-", "<-", "->", "PK", "NULL", "NOT", "AUTOINCR", "DEFAULT", "CREATED", "UPDATED"),
        *("DELETED", "VERSION", "UTC", "LOCAL", "NOTNULL", "INDEX", "UNIQUE", "CACHE"),
        *("NOCACHE", "COMMENT", "EXTENDS", "UNSIGNED", "COLLATE", "JSON", "JSONB"),
        *("BIT", "TINYINT", "SMALLINT", "MEDIUMINT", "INT", "INTEGER", "BIGINT", "NUMBER"),
        *("INT8", "ENUM", "SET", "XML", "CHAR", "NCHAR", "VARCHAR", "VARCHAR2", "NVARCHAR"),
        *("TINYTEXT", "TEXT", "NTEXT", "MEDIUMTEXT", "LONGTEXT", "UUID", "CLOB", "SYSNAME"),
        *("DATE", "DATETIME", "SMALLDATETIME", "TIME", "TIMESTAMP", "TIMESTAMPZ", "YEAR"),
        *("DECIMAL", "NUMERIC", "MONEY", "SMALLMONEY", "REAL", "FLOAT", "DOUBLE", "BINARY"),
        *("VARBINARY", "TINYBLOB", "BLOB", "MEDIUMBLOB", "LONGBLOB", "BYTEA", "BOOL"),
        *("BOOLEAN", "SERIAL", "BIGSERIAL", "ARRAY", "UNIQUEIDENTIFIER"),
    }
)
#: The words whose value, without parentheses, is the next word (``DEFAULT 'UTC'``).
_XORM_TAKES_NEXT = frozenset({"DEFAULT", "COLLATE"})
#: What ends a field's mapping: ``-`` (ignored) and ``extends`` (its struct's columns).
_XORM_NO_COLUMN = frozenset({"-", "EXTENDS"})
#: A table a ``TableName()`` returns: a name, or a schema's and a name.
_TABLE = lazy_compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)?")
_XORM_WORD = lazy_compile(r"'([A-Za-z_]\w*)'|([A-Za-z_]\w*)")


def _settings(tag: str) -> dict[str, str]:
    """A gorm tag's settings, keys upper-cased as GORM's ``ParseTagSetting``."""
    found = _GORM_TAG.search(tag)
    out: dict[str, str] = {}
    for part in (found.group("settings") if found else "").split(";"):
        key, _, value = part.partition(":")
        if key.strip():
            out[key.strip().upper()] = value.strip()
    return out


def _statements(table: str, field: str, tag: str, q: str) -> list[str]:
    """The DDL GORM runs for a field's ``tag``, names quoted by ``q`` as GORM quotes them."""
    settings = _settings(tag)
    column = settings.get("COLUMN", "")
    named = _NAME.fullmatch(column) is not None
    on = column if named else inflection.underscore(field)
    indexes = [
        f"CREATE {unique}INDEX {q}{name}{q} ON {q}{table}{q} ({q}{on}{q})"
        for key, unique in (("INDEX", ""), ("UNIQUEINDEX", "UNIQUE "))
        if _NAME.fullmatch(name := settings.get(key, "").split(",")[0].strip())
    ]
    if not (named or indexes):
        return []
    # no CREATE TABLE: the table is no name the tag writes, and the gate
    # judges a column or index of a table the model lacks all the same
    added = (
        [f"ALTER TABLE {q}{table}{q} ADD COLUMN IF NOT EXISTS {q}{on}{q} text"]
        if named or on != "id"
        else []
    )
    return [*added, *indexes]


def _xorm_words(settings: str) -> list[str]:
    """An xorm tag's words as xorm's ``splitTag`` cuts them: at blanks outside
    single quotes and parentheses, each word's name before its ``(``."""
    words: list[str] = []
    quoted = parens = False
    start = 0
    for at, char in enumerate(settings + " "):
        if char == "'":
            quoted = not quoted
        elif char == "(" and not quoted:
            parens = True
        elif char == ")" and not quoted:
            parens = False
        elif char == " " and not quoted and not parens:
            if at > start:
                words.append(settings[start:at].split("(", 1)[0])
            start = at + 1
    return words


def xorm_column(settings: str) -> str | None:
    """The column name an xorm tag's ``settings`` write, as xorm's tag parser
    (``Parser.parseFieldWithTags``) finds it: each word no handler or SQL type
    takes (:data:`_XORM_KEYWORDS`, case aside) names the column, in single
    quotes or bare (``'BadCol'``, ``BadCol``), the last one winning; the word
    after a ``DEFAULT`` or ``COLLATE`` without parentheses is its value. None
    when no word names it (the mapper's name for the field: snake_case) or the
    field makes no column (``-``, ``extends``)."""
    name = None
    skip = False
    for word in _xorm_words(settings.strip()):
        upper = word.upper()
        if skip:
            skip = False
        elif upper in _XORM_NO_COLUMN:
            return None
        elif upper in _XORM_KEYWORDS:
            skip = upper in _XORM_TAKES_NEXT
        elif (found := _XORM_WORD.fullmatch(word)) is not None:
            name = found.group(1) or found.group(2)
    return name


def _xorm_statements(table: str, tag: str, q: str) -> list[str]:
    """The column xorm makes for a tag naming it (``xorm:"'BadCol'
    VARCHAR(40)"``, ``xorm:"BadCol NOT NULL"``: :func:`xorm_column`)."""
    found = _XORM_TAG.search(tag)
    name = xorm_column(found.group("settings")) if found else None
    if name is None:
        return []
    return [f"ALTER TABLE {q}{table}{q} ADD COLUMN IF NOT EXISTS {q}{name}{q} text"]


def shadow_text(path: str, text: str, *, mysql: bool = False) -> str:
    """``text`` with each GORM tag naming a column or an index (in a file
    importing GORM), each xorm tag naming a column (:func:`xorm_column`;
    Gitea's and woodpecker's models import no xorm: the tag is xorm's alone),
    and each string a ``TableName()`` method of such a file returns, replaced
    by a Go string of its DDL (on the tag's or the literal's line); ``text``
    itself when none does. Names are quoted as the ORMs' dialects quote them
    (backticks on MySQL, else double quotes: the string is then a raw one)."""
    if not path.lower().endswith(".go"):
        return text
    # a `gorm:"..."` struct tag is GORM's whatever the file imports: models often
    # live in a package that never imports gorm (gotify's model/: confirmation s39c)
    gorm = 'gorm:"' in text or ("TableName" in text and imports_gorm(path, text))
    xorm = _XORM_TAG.search(text) is not None
    if not (gorm or xorm):
        return text
    code = mask(text)
    q = "`" if mysql else '"'
    # a struct's TableName() method names its table for both ORMs
    named = {k: v for k, v in table_names(path, text).items() if v is not None}
    edits: list[tuple[int, int, str]] = []
    for struct in _STRUCT.finditer(code):
        start = struct.end()
        depth, end = 1, start
        while end < len(code) and depth:
            depth += {"{": 1, "}": -1}.get(code[end], 0)
            end += 1
        name = struct.group("name")
        for field in _FIELD.finditer(text, start, end):
            tag = field.group("tag")
            table = named.get(name)
            statements = (
                _statements(table or convention_table(name), field.group("field"), tag, q)
                if gorm
                else []
            )
            if not statements and xorm:  # xorm's mappers keep the struct's name singular
                statements = _xorm_statements(table or inflection.underscore(name), tag, q)
            if statements:
                edits.append((field.start("tag"), field.end("tag"), "; ".join(statements)))
    # the table a TableName() method names: the DDL the ORM runs for it (the
    # method renames the table an ORM reads and syncs: trial s39 woodpecker)
    for a, b in table_name_literals(path, text):
        name = text[a:b]
        if _TABLE.fullmatch(name):
            quoted = ".".join(f"{q}{part}{q}" for part in name.split("."))
            edits.append((a - 1, b + 1, f"CREATE TABLE IF NOT EXISTS {quoted} ()"))
    for begin, finish, sql in sorted(edits, reverse=True):
        literal = f'"{sql}"' if "`" in sql else f"`{sql}`"  # no escape needed either way
        text = f"{text[:begin]}{literal}{text[finish:]}"
    return text
