"""TypeORM's ``QueryRunner`` builder calls in a migration, as the SQL they run.

A TypeORM migration (``export class Add1700000000000 implements
MigrationInterface { async up(queryRunner: QueryRunner) { ... } }``) makes
names with ``queryRunner.createTable(new Table({...}))``,
``queryRunner.addColumn("t", new TableColumn({...}))``... and no DDL string
the gate reads. :func:`builder_sql` gives each such call on ``up``'s first
parameter outside the migration's ``down`` as the SQL TypeORM 1.1's
``PostgresQueryRunner`` sends (``driver/postgres/PostgresQueryRunner.js``:
``createTableSql``, ``buildCreateColumnSql``, ``createIndexSql``,
``createForeignKeySql``), each name at its literal (the plumbing of
:mod:`dbnamelint.kysely_schema`); a computed name is a ``${...}`` hole (the
gate's ``DBN013``), and any other schema-changing call of the runner
(``changeColumn``, ``createExclusionConstraint``, ``updatePrimaryKeys``,
``createView``, ``createSchema``...), or a read one given a variable for its
``Table``/``TableColumn``/``TableIndex``..., is returned as unread
(``DBN013``, never a silent pass). What is read:

- ``createTable(new Table({name, columns, indices, foreignKeys, uniques,
  checks}), ifNotExist)``: ``CREATE TABLE [IF NOT EXISTS] "t" ("c"
  <type>[(length)] [NOT NULL] [DEFAULT ...], ..., CONSTRAINT "UQ_..." UNIQUE
  (...), CONSTRAINT "CHK_..." CHECK (...), CONSTRAINT "FK_..." FOREIGN KEY
  (...) REFERENCES "r" (...), CONSTRAINT "PK_..." PRIMARY KEY (...))`` then
  each index's ``CREATE [UNIQUE] INDEX "IDX_..." ON "t" (...)``
  (``isGenerated`` ``int``/``integer`` columns are ``SERIAL``; a column's
  ``isUnique`` a ``UQ_`` constraint; columns are ``NOT NULL`` unless
  ``isNullable: true``; the key's name the first primary column's
  ``primaryKeyConstraintName``; an ``enum`` column's type, ``CREATE TYPE``
  before the table, its ``enumName`` or ``<table>_<column lower-cased>_enum``);
- ``addColumn(t, new TableColumn({...}))``/``addColumns(t, [...])``: ``ALTER
  TABLE "t" ADD "c" <type>`` (``isUnique``: ``ADD CONSTRAINT "UQ_..."``);
- ``renameColumn(t, old, new)``: ``ALTER TABLE "t" RENAME COLUMN "old" TO
  "new"``; ``renameTable(old, new)``: ``ALTER TABLE "old" RENAME TO "new"``;
- ``createIndex(t, new TableIndex({name?, columnNames, isUnique, where}))``,
  ``createIndices(t, [...])``;
- ``createForeignKey(t, new TableForeignKey({name?, columnNames,
  referencedTableName, referencedColumnNames, onDelete, onUpdate}))``,
  ``createForeignKeys``: ``ALTER TABLE "t" ADD CONSTRAINT "FK_..." FOREIGN
  KEY``; ``createUniqueConstraint(s)(t, new TableUnique({name?,
  columnNames}))``, ``createCheckConstraint(s)(t, new TableCheck({name?,
  expression}))``, ``createPrimaryKey(t, columnNames, name?)``: ``ALTER
  TABLE "t" ADD CONSTRAINT``.

Read as ``mysql``/``mariadb``, the calls are what ``MysqlQueryRunner``
sends (``createTableSql``: an ``enum`` in the column, ``AUTO_INCREMENT``,
``[UNIQUE] INDEX`` for the ``indices``, a ``UQ_`` unique index for an
``isUnique`` column and one for each of the ``uniques``, ``PRIMARY KEY``
without a name, no ``checks``; ``addColumn``'s ``isUnique`` an ``IDX_``
unique index; ``createPrimaryKey`` without a name); ``createUniqueConstraint``
and ``createCheckConstraint``, which it throws on, are unread, saying so.

A constraint or index written without a name gets
``DefaultNamingStrategy``'s (``naming-strategy/DefaultNamingStrategy.js``):
``PK_``/``UQ_``/``FK_`` and the first 27 hex digits, ``IDX_`` and the first
26, of the SHA-1 of ``<table>_<column names sorted, joined by _>`` (an
index's ``where`` appended as ``_<where>``), ``CHK_`` and the first 26 of
that of ``<table>_<expression>``, the table without its schema.
What ``renameTable``/``renameColumn`` also rename (the table's
default-named ``PK_``/``UQ_``/``FK_``/``IDX_`` objects, its ``serial``
sequences and ``enum`` types), which TypeORM finds in the database, the
model's replay renames (:mod:`dbnamelint.typeorm_names`): the ``RENAME``
written for the call carries its :data:`~dbnamelint.typeorm_names.FOLLOW` comment.
"""

from __future__ import annotations

import re

from dbnamelint.knexseq_schema import _option, _seq_receivers, _str, _strs
from dbnamelint.kysely_schema import (
    Builder,
    _args,
    _items,
    _literal,
    _Sql,
    _Tok,
    _tokens,
    down_spans,
    literal_flag,
    literal_truth,
    receiver_calls,
    with_constants,
)
from dbnamelint.laravel_schema import Unread
from dbnamelint.typeorm_names import FOLLOW, typeorm_name
from dbnamelint.typeorm_words import TYPEORM_WORDS

#: A TypeORM migration by its words (:data:`~dbnamelint.typeorm_words.TYPEORM_WORDS`).
_TYPEORM = re.compile(TYPEORM_WORDS)

#: The ``QueryRunner`` calls read (see the module docstring).
_READ = frozenset(
    {
        "createTable",
        "addColumn",
        "addColumns",
        "renameColumn",
        "renameTable",
        "createIndex",
        "createIndices",
        "createForeignKey",
        "createForeignKeys",
        "createUniqueConstraint",
        "createUniqueConstraints",
        "createCheckConstraint",
        "createCheckConstraints",
        "createPrimaryKey",
    }
)
#: ``QueryRunner``'s other calls that make or change a name
#: (``query-runner/QueryRunner.ts``): unread, ``DBN013``.
_UNREAD = frozenset(
    {
        "changeColumn",
        "changeColumns",
        "createExclusionConstraint",
        "createExclusionConstraints",
        "updatePrimaryKeys",
        "createViewIndex",
        "createViewIndices",
        "createView",
        "createSchema",
        "createDatabase",
        "changeTableComment",
    }
)


#: TypeORM's migration class: one implementing ``MigrationInterface``, or
#: (JavaScript, ``migration:create -o``) a class whose ``up`` takes the
#: ``queryRunner``.
_CLASS_UP = re.compile(r"\bclass\b[^{]*\{[\s\S]*?\bup\s*\(\s*queryRunner\b")
#: ``name = 'Init1700000000000'`` in the class (``migration:generate`` writes it).
_NAME_FIELD = re.compile(
    r"^[ \t]*(?:(?:public|readonly|override)\s+)*name\s*(?::\s*string\s*)?=\s*"
    r"(['\"`])([^'\"`\n]*)\1",
    re.MULTILINE,
)
_CLASS_NAME = re.compile(
    r"\bclass\s+([A-Za-z_$][\w$]*)\s+implements\s+MigrationInterface\b"
    r"|\bclass\s+([A-Za-z_$][\w$]*)"
)


def is_typeorm_class(text: str) -> bool:
    """Whether ``text`` holds a TypeORM migration class (what ``paths:``
    reads as TypeORM's: ``MigrationInterface``, or a class whose ``up``
    takes ``queryRunner``)."""
    return "MigrationInterface" in text or (
        "queryRunner" in text and _CLASS_UP.search(text) is not None
    )


def typeorm_timestamp(text: str) -> int | None:
    """The timestamp TypeORM orders the migration of ``text`` by, None for
    one it refuses (TypeORM 1.1 ``MigrationExecutor.getMigrations``:
    ``parseInt((migration.name ?? migration.constructor.name).slice(-13),
    10)``, an error when 0 or NaN): the class's ``name`` field, else its
    name (the class implementing ``MigrationInterface``, else the first)."""
    field = _NAME_FIELD.search(text)
    if field is not None:
        name = field.group(2)
    else:
        found = _CLASS_NAME.search(text)
        if found is None:
            return None
        name = found.group(1) or found.group(2)
    digits = re.match(r"\s*([+-]?\d+)", name[-13:])  # parseInt: leading digits
    stamp = int(digits.group(1)) if digits is not None else 0
    return stamp or None


def is_typeorm_migration(text: str) -> bool:
    """Whether ``text`` is a TypeORM migration (``MigrationInterface``, ``"typeorm"``,
    ``up({ queryRunner })``)."""
    return _TYPEORM.search(text) is not None


def _hash(prefix: str, size: int, table: str, columns: list[str], where: str = "") -> str:
    """``DefaultNamingStrategy``'s name (:func:`dbnamelint.typeorm_names.typeorm_name`)."""
    return typeorm_name((prefix, size), table, columns, where)


def _object(arg: list[_Tok]) -> list[_Tok] | None:
    """``new Table({...})``/``new TableColumn({...})``'s object literal, or
    ``arg`` itself when it is one; None for anything else (a variable)."""
    if len(arg) >= 5 and arg[0].text == "new" and arg[2].text == "(" and arg[-1].text == ")":
        arg = arg[3:-1]
    if arg and arg[0].text == "{" and arg[-1].text == "}":
        return arg
    return None


def _flag(spec: list[_Tok], key: str, out: _Sql | None = None) -> bool:
    """Whether ``spec``'s ``key`` is set (a truthy literal: TypeORM tests
    ``if (column.isUnique)``); one that is no literal (``isUnique: unique``) is
    ``DBN013`` on ``out`` (:func:`~dbnamelint.kysely_schema.literal_flag`)."""
    value = _option(spec, key)
    if out is None:
        return bool(literal_truth(value or []))
    return literal_flag(out, key, value)


def _table_name(arg: list[_Tok]) -> tuple[list[_Tok], str | None]:
    """A table argument (a string, or a ``Table`` literal's ``name``): its
    tokens and its value (None: computed)."""
    spec = _object(arg)
    if spec is not None:
        arg = _option(spec, "name") or []
    return arg, _str(arg)


def _enum_name(table: str | None, spec: list[_Tok]) -> str | None:
    """An ``enum``/``simple-enum`` column's type (``buildEnumName``: its
    ``enumName``, else ``<table>_<column lower-cased>_enum``, in the
    table's schema), quoted; None for another column."""
    kind = _str(_option(spec, "type") or [])
    if kind not in ("enum", "simple-enum"):
        return None
    column = _str(_option(spec, "name") or [])
    name = _str(_option(spec, "enumName") or [])
    if table is None or (name is None and column is None):
        return "${x}"
    schema, _, bare = table.rpartition(".")
    name = name or f"{bare}_{(column or '').lower()}_enum"
    return ".".join('"' + p.replace('"', '""') + '"' for p in [schema, name] if p)


def _enum_types(out: _Sql, table: str | None, specs: list[list[_Tok]]) -> None:
    """``createEnumTypeSql`` before the statement: ``CREATE TYPE "e" AS
    ENUM('a', ...);`` for each enum column of ``specs`` (once a name)."""
    made: set[str] = set()
    for spec in specs:
        name = _enum_name(table, spec)
        if name is None or name in made:
            continue
        made.add(name)
        values = _strs(_option(spec, "enum") or []) or []
        quoted = ", ".join("'" + v.replace("'", "''") + "'" for v in values)
        out.kw(f"create type {name} as enum({quoted});")


def _column(out: _Sql, spec: list[_Tok], table: str | None = None) -> None:
    """``buildCreateColumnSql``: ``"c" <type> [NOT NULL] [DEFAULT d]``."""
    out.name(_option(spec, "name") or [])
    kind = (_str(_option(spec, "type") or []) or "text").lower()
    strategy = _str(_option(spec, "generationStrategy") or [])
    enum = _enum_name(table, spec)
    if out.mysql:
        _mysql_type(out, spec, kind, strategy)
    elif enum is not None:
        out.kw(enum + ("[]" if _flag(spec, "isArray", out) else ""))
    elif _flag(spec, "isGenerated", out) and strategy == "identity":
        out.kw(kind + " generated by default as identity")
    elif _flag(spec, "isGenerated", out) and strategy != "uuid":  # increment, rowid
        serial = {"integer": "serial", "int": "serial", "int4": "serial"}
        serial |= {"smallint": "smallserial", "int2": "smallserial"}
        serial |= {"bigint": "bigserial", "int8": "bigserial"}
        out.kw(serial.get(kind, kind))
    else:
        length = _option(spec, "length") or []
        size = _str(length) if length and length[0].kind == "s" else None
        if len(length) == 1 and length[0].kind == "n":
            size = length[0].text
        out.kw(kind + (f"({size})" if size and re.fullmatch(r"\d+|max", size) else ""))
    if not _flag(spec, "isNullable", out):
        out.kw("not null")
    default = _option(spec, "default") or []
    if len(default) == 1 and default[0].kind in ("n", "w") and default[0].text != "undefined":
        out.kw("default " + default[0].text)
    elif len(default) == 1 and (value := _literal(default[0])) is not None:
        out.kw("default " + value)  # TypeORM writes a default as given: SQL


def _mysql_type(out: _Sql, spec: list[_Tok], kind: str, strategy: str | None) -> None:
    """``MysqlQueryRunner.buildCreateColumnSql``'s type: ``enum ('a', ...)``
    in the column, ``AUTO_INCREMENT`` for a generated ``increment`` column
    (one without a ``generationStrategy`` is none)."""
    length = _option(spec, "length") or []
    size = _str(length) if length and length[0].kind == "s" else None
    if len(length) == 1 and length[0].kind == "n":
        size = length[0].text
    if kind in ("enum", "simple-enum"):
        values = _strs(_option(spec, "enum") or []) or []
        out.kw("enum (" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + ")")
    else:
        out.kw(kind + (f"({size})" if size and re.fullmatch(r"\d+", size) else ""))
    if _flag(spec, "isGenerated", out) and strategy == "increment":
        out.kw("auto_increment")


def _cols(out: _Sql, names: list[_Tok]) -> None:
    out.kw("(")
    for i, item in enumerate(_items(names)):
        out.kw(", " if i else "")
        out.name(item, anchored=False)
    out.kw(")")


def _constraint_name(
    out: _Sql, spec: list[_Tok], key: str, default: tuple[str, int, str, list[str]] | None
) -> None:
    """``CONSTRAINT "name"``: ``spec``'s ``key`` at its literal, else the
    default name (``default``: prefix, size, table, columns), else a hole."""
    out.kw("constraint")
    given = _option(spec, key)
    if given:
        out.name(given)
    elif default is not None:
        out.kw(out.quote(_hash(*default)))
    else:
        out.kw("${x}")


def _foreign_key(out: _Sql, table: str | None, spec: list[_Tok]) -> None:
    """``CONSTRAINT "FK_..." FOREIGN KEY (...) REFERENCES "r" (...)``."""
    columns = _option(spec, "columnNames") or []
    names = _strs(columns)
    _constraint_name(
        out, spec, "name", None if table is None or names is None else ("FK_", 27, table, names)
    )
    out.kw("foreign key")
    _cols(out, columns)
    out.kw("references")
    out.name(_option(spec, "referencedTableName") or [], anchored=False)
    _cols(out, _option(spec, "referencedColumnNames") or [])
    for rule, word in (("onDelete", "on delete"), ("onUpdate", "on update")):
        action = _str(_option(spec, rule) or [])
        if action and re.fullmatch(r"[A-Za-z ]+", action):
            out.kw(f"{word} {action}")


def _check(out: _Sql, table: str | None, spec: list[_Tok]) -> None:
    """``CONSTRAINT "CHK_..." CHECK (expression)``: ``checkConstraintName``
    hashes ``<table>_<expression>``."""
    expression = _str(_option(spec, "expression") or [])
    default = None
    if table is not None and expression is not None:
        default = ("CHK_", 26, table, [expression])
    _constraint_name(out, spec, "name", default)
    out.kw(f"check ({expression})" if expression is not None else "check (${x})")


def _unique(out: _Sql, table: str | None, spec: list[_Tok]) -> None:
    """``CONSTRAINT "UQ_..." UNIQUE (...)``."""
    columns = _option(spec, "columnNames") or []
    names = _strs(columns)
    default = None if table is None or names is None else ("UQ_", 27, table, names)
    _constraint_name(out, spec, "name", default)
    out.kw("unique")
    _cols(out, columns)


def _index(out: _Sql, table_arg: list[_Tok], table: str | None, spec: list[_Tok]) -> None:
    """``createIndexSql``: ``CREATE [UNIQUE] INDEX "IDX_..." ON "t" (...)``."""
    columns = _option(spec, "columnNames") or []
    names = _strs(columns)
    where = _str(_option(spec, "where") or []) or ""
    out.kw("create unique index" if _flag(spec, "isUnique", out) else "create index")
    given = _option(spec, "name")
    if given:
        out.name(given)
    elif table is not None and names is not None:
        out.kw(out.quote(_hash("IDX_", 26, table, names, where)))
    else:
        out.kw("${x}")
    out.kw("on")
    out.name(table_arg, anchored=False)
    _cols(out, columns)
    if where and not out.mysql:  # MySQL's createIndexSql sends no WHERE
        out.kw("where " + where)


def _mysql_indices(
    table: str | None, columns: list[list[_Tok]], spec: list[_Tok]
) -> list[tuple[list[_Tok] | str | None, list[_Tok], bool]]:
    """``MysqlQueryRunner.createTableSql``'s indexes: the ``indices``, then a
    ``UQ_`` unique index for each ``isUnique`` column no one-column unique
    index or unique covers, then each of the ``uniques`` no index of its
    name holds: each (its name: the literal, a made one, None: unnamed, to
    be ``IDX_``; its columns; unique). As TypeORM tests ``index.name ===
    unique.name``, an unnamed unique is left out while an unnamed index is
    listed (checked with TypeORM 1.1.3 on MariaDB 10.11)."""
    found: list[tuple[list[_Tok] | str | None, list[_Tok], bool]] = []
    for index in (_object(x) for x in _items(_option(spec, "indices") or [])):
        if index is not None:
            cols = _option(index, "columnNames") or []
            found.append((_option(index, "name") or None, cols, _flag(index, "isUnique")))
    uniques = [u for u in (_object(x) for x in _items(_option(spec, "uniques") or [])) if u]
    for col in columns:
        name = _str(_option(col, "name") or [])
        if not _flag(col, "isUnique") or name is None:
            continue
        alone = [[name]]
        if any(_strs(c) in alone and u for _n, c, u in found) or any(
            _strs(_option(u, "columnNames") or []) in alone for u in uniques
        ):
            continue
        made = _hash("UQ_", 27, table, [name]) if table else "${x}"
        found.append((made, _option(col, "name") or [], True))
    for u in uniques:
        given = _option(u, "name") or None
        key = _str(given) if given else None
        if any((_str(n) if isinstance(n, list) else n) == key for n, _c, _u in found):
            continue
        found.append((given, _option(u, "columnNames") or [], True))
    return found


def _create_table_mysql(out: _Sql, spec: list[_Tok], if_not: bool) -> None:
    """``MysqlQueryRunner.createTableSql``: ``CREATE TABLE t (columns,
    [UNIQUE] INDEX ..., CONSTRAINT fk FOREIGN KEY ..., PRIMARY KEY (...))``
    (a key has no name on MySQL; the ``checks`` are not sent)."""
    name_arg, table = _table_name(spec)
    columns = [_object(x) for x in _items(_option(spec, "columns") or []) if x]
    out.kw("create table" + (" if not exists" if if_not else ""))
    out.name(name_arg)
    out.kw("(")
    primary: list[str] = []
    specs = [c for c in columns if c is not None]
    for i, col in enumerate(columns):
        out.kw(", " if i else "")
        if col is None:
            out.kw("${x}")
            continue
        _column(out, col, table)
        if _flag(col, "isPrimary", out):
            primary.append(_str(_option(col, "name") or []) or "${x}")
    for name, cols, unique in _mysql_indices(table, specs, spec):
        out.kw(", unique index" if unique else ", index")
        if isinstance(name, list):
            out.name(name)
        elif name is not None:
            out.kw(out.quote(name))
        else:
            names = _strs(cols)
            out.kw(out.quote(_hash("IDX_", 26, table, names)) if table and names else "${x}")
        _cols(out, cols)
    for fk in (_object(x) for x in _items(_option(spec, "foreignKeys") or [])):
        if fk is not None:
            out.kw(",")
            _foreign_key(out, table, fk)
    if primary:
        out.kw(", primary key (" + ", ".join(out.quote(p) for p in primary) + ")")
    out.kw(")")


def _create_table(out: _Sql, spec: list[_Tok], if_not: bool) -> None:
    if out.mysql:
        _create_table_mysql(out, spec, if_not)
        return
    name_arg, table = _table_name(spec)
    columns = [c for c in _items(_option(spec, "columns") or []) if c]
    _enum_types(out, table, [c for c in (_object(x) for x in columns) if c is not None])
    out.kw("create table" + (" if not exists" if if_not else ""))
    out.name(name_arg)
    out.kw("(")
    primary: list[str] = []
    pk_name: list[_Tok] | None = None
    unique_cols: list[list[_Tok]] = []
    for i, item in enumerate(columns):
        col = _object(item)
        out.kw(", " if i else "")
        if col is None:
            out.kw("${x}")
            continue
        _column(out, col, table)
        col_name = _str(_option(col, "name") or []) or "${x}"
        if _flag(col, "isPrimary", out):
            if not primary:  # the first primary column's (createTableSql)
                pk_name = _option(col, "primaryKeyConstraintName")
            primary.append(col_name)
        if _flag(col, "isUnique", out):
            unique_cols.append(_option(col, "name") or [])
    uniques = [u for u in (_object(x) for x in _items(_option(spec, "uniques") or [])) if u]
    listed = {tuple(_strs(_option(u, "columnNames") or []) or []) for u in uniques}
    for col_arg in unique_cols:  # a column's isUnique: UQ_ unless uniques has it
        name = _str(col_arg)
        if name is None or (name,) in listed:
            continue
        out.kw(", constraint")
        out.kw(out.quote(_hash("UQ_", 27, table, [name])) if table else "${x}")
        out.kw("unique (" + out.quote(name) + ")")
    for u in uniques:
        out.kw(",")
        _unique(out, table, u)
    for check in (_object(x) for x in _items(_option(spec, "checks") or [])):
        if check is not None:
            out.kw(",")
            _check(out, table, check)
    for fk in (_object(x) for x in _items(_option(spec, "foreignKeys") or [])):
        if fk is not None:
            out.kw(",")
            _foreign_key(out, table, fk)
    if primary:
        out.kw(", constraint")
        if pk_name:
            out.name(pk_name)
        else:
            out.kw(out.quote(_hash("PK_", 27, table, primary)) if table else "${x}")
        out.kw("primary key (" + ", ".join(out.quote(p) for p in primary) + ")")
    out.kw(")")
    for index in (_object(x) for x in _items(_option(spec, "indices") or [])):
        if index is not None:
            out.kw(";")
            _index(out, name_arg, table, index)


def _add_column(out: _Sql, table_arg: list[_Tok], table: str | None, spec: list[_Tok]) -> None:
    if not out.mysql:
        _enum_types(out, table, [spec])
    out.kw("alter table")
    out.name(table_arg, anchored=False)
    out.kw("add")
    _column(out, spec, table)
    name = _str(_option(spec, "name") or [])
    if not _flag(spec, "isUnique", out):
        return
    out.kw("; alter table")
    out.name(table_arg, anchored=False)
    quoted = out.quote(name or "${x}")
    if out.mysql:
        # MysqlQueryRunner.addColumn: isUnique is a unique index named as an
        # index, IDX_ (checked with TypeORM 1.1.3 on MariaDB 10.11)
        out.kw("add unique index")
        out.kw(out.quote(_hash("IDX_", 26, table, [name])) if table and name else "${x}")
        out.kw("(" + quoted + ")")
    else:
        out.kw("add constraint")
        out.kw(out.quote(_hash("UQ_", 27, table, [name])) if table and name else "${x}")
        out.kw("unique (" + quoted + ")")


def _column_name(arg: list[_Tok]) -> list[_Tok]:
    """A column argument: a string, or a ``TableColumn`` literal's ``name``."""
    spec = _object(arg)
    return (_option(spec, "name") or []) if spec is not None else arg


#: What is said at ``renameColumn`` given a ``TableColumn`` (TypeORM 1.1's
#: ``changeColumn`` of it; checked on PostgreSQL 15: a new ``int`` column for
#: an ``integer`` one was dropped and added, an old one's ``isPrimary``
#: unset left the key its name).
_RENAME_COLUMN_OBJECT = (
    "given a TableColumn, TypeORM changes the column to it (changeColumn): a new "
    "column whose type or length is not the database's (int for integer) is dropped "
    "and added again, losing its data and the indexes and keys on it, and an old one "
    "decides by its own isPrimary whether the key is renamed; not read. Give both "
    "names as strings"
)


def _statement(out: _Sql, method: _Tok, args: list[list[_Tok]]) -> None:
    """``queryRunner.<method>(args)`` as the SQL ``PostgresQueryRunner`` sends."""
    m = method.text

    def arg(i: int) -> list[_Tok]:
        return args[i] if i < len(args) else []

    if m == "createTable":
        spec = _object(arg(0))
        if spec is None:
            out.unread.append(Unread(method.start, f"queryRunner.{m}"))
            return
        _create_table(out, spec, literal_flag(out, "ifNotExists argument", arg(1)))
        return
    table_arg, table = _table_name(arg(0))
    if m in ("addColumn", "addColumns"):
        specs = [arg(1)] if m == "addColumn" else _items(arg(1))
        for i, item in enumerate(s for s in specs if s):
            spec = _object(item)
            if spec is None or _flag(spec, "isPrimary", out):
                # a variable, or a new primary key (TypeORM drops and
                # re-adds the table's, from the database): not read
                out.unread.append(Unread(item[0].start, f"queryRunner.{m}"))
                continue
            out.kw(";" if i else "")
            _add_column(out, table_arg, table, spec)
    elif m == "renameColumn" and (_object(arg(1)) is not None or _object(arg(2)) is not None):
        out.unread.append(Unread(method.start, f"queryRunner.{m}", _RENAME_COLUMN_OBJECT))
    elif m == "renameColumn":
        # the comment: the replay renames the default names that follow
        # (dbnamelint.typeorm_names)
        out.kw("alter table")
        out.name(table_arg, anchored=False)
        out.kw("rename column")
        out.name(_column_name(arg(1)), anchored=False)
        out.kw("to")
        out.name(_column_name(arg(2)))
        out.kw(f"/* {FOLLOW} */")
    elif m == "renameTable":
        out.kw("alter table")
        out.name(table_arg, anchored=False)
        out.kw("rename to")
        out.name(arg(1))
        out.kw(f"/* {FOLLOW} */")
    elif m == "createPrimaryKey" and out.mysql:
        out.kw("alter table")  # MySQL's createPrimaryKeySql: no name
        out.name(table_arg, anchored=False)
        out.kw("add primary key")
        _cols(out, arg(1))
    elif out.mysql and m.startswith(("createUnique", "createCheck")):
        kind = "unique" if m.startswith("createUnique") else "check"
        why = (
            f"TypeORM's MysqlQueryRunner throws 'MySql does not support {kind} constraints', "
            "and the migration rolls back; nothing of it is in the model"
            + (". Create a unique index (createIndex, isUnique: true)" if kind == "unique" else "")
        )
        out.unread.append(Unread(method.start, f"queryRunner.{m}", why))
    elif m == "createPrimaryKey":
        # createPrimaryKeySql(table, columnNames, constraintName)
        names = _strs(arg(1))
        out.kw("alter table")
        out.name(table_arg, anchored=False)
        out.kw("add constraint")
        if arg(2):
            out.name(arg(2))
        else:
            out.kw(out.quote(_hash("PK_", 27, table, names)) if table and names else "${x}")
        out.kw("primary key")
        _cols(out, arg(1))
    else:
        # createIndex(t, index), createIndices(t, [index, ...]): one at a time
        plural = m.endswith(("Indices", "Keys", "Constraints"))
        for i, item in enumerate(_items(arg(1)) if plural else [arg(1)]):
            spec = _object(item)
            if spec is None:
                at = item[0].start if item else method.start
                out.unread.append(Unread(at, f"queryRunner.{m}"))
                continue
            out.kw(";" if i else "")
            if m.startswith("createInd"):
                _index(out, table_arg, table, spec)
                continue
            out.kw("alter table")
            out.name(table_arg, anchored=False)
            out.kw("add")
            if m.startswith("createForeignKey"):
                _foreign_key(out, table, spec)
            elif m.startswith("createUnique"):
                _unique(out, table, spec)
            else:
                _check(out, table, spec)


def builder_sql(path: str, text: str, *, mysql: bool = False) -> Builder:
    """TypeORM's ``QueryRunner`` calls on ``up``'s first parameter outside
    ``down`` as SQL, and its other schema-changing calls as unread (see the
    module docstring); none in a file that is no TypeORM migration."""
    calls: list[tuple[int, int, list[tuple[int, str, int]]]] = []
    unread: list[Unread] = []
    if not is_typeorm_migration(text):
        return Builder(calls, unread)
    toks = with_constants(_tokens(text))
    receivers = _seq_receivers(toks)
    if not receivers:
        return Builder(calls, unread)
    for cursor in receiver_calls(toks, receivers, down_spans(path, text)):
        i = cursor.index
        if toks[i + 3].text != "(":
            continue
        method = toks[i + 2]
        if method.text in _UNREAD:
            unread.append(Unread(method.start, f"queryRunner.{method.text}"))
        if method.text not in _READ:
            continue
        args, after = _args(toks, i + 3)
        args = [a for a in args if a]
        out = _Sql(mysql)
        out.at, out.label = method.start, f"queryRunner.{method.text}"
        _statement(out, method, args)
        unread += out.unread
        end = toks[after - 1].end
        if out.pieces or out.buffer:
            calls.append((toks[i].start, end, out.finish(end)))
        cursor.resume = after
    return Builder(calls, unread)
