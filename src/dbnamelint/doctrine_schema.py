"""Doctrine Migrations' Schema API in a migration's ``up()``, as the SQL it runs.

A Doctrine migration (``migrations/Version20240101120000.php``, a class
extending ``Doctrine\\Migrations\\AbstractMigration``) changes the database
with ``$this->addSql('<SQL>')`` strings, which the gate reads as any DDL
string, or with the Schema object ``up(Schema $schema)`` is given:
``$table = $schema->createTable('x'); $table->addColumn('id', 'integer');
$table->setPrimaryKey(['id']); $table->addIndex(['c']);
$table->addForeignKeyConstraint('users', ['user_id'], ['id'])``,
``$schema->getTable('x')->renameColumn('a', 'b')``, ``$schema->dropTable``,
``$schema->renameTable`` (which DBAL runs as ``CREATE TABLE`` of the new name
and ``DROP TABLE`` of the old: read so, and said, :data:`RENAME_TABLE_LOSES_ROWS`).
doctrine/migrations runs ``up()`` on a copy of the
database's schema and then the SQL DBAL's comparator finds between the two
(``DbalExecutor::executeMigration``: ``$migration->up($toSchema)``, then
``getSqlDiffToMigrate($fromSchema, $toSchema)``): no string the gate reads.
:func:`shadow_text` rewrites each run of such calls in ``up()`` (and in the
class's methods ``up()`` calls; never ``down()``) into a
``$this->addSql('<SQL>')`` holding SQL that makes the names DBAL makes,
each name on the line of the PHP call that makes it, the file's line count
kept; the calls before the last ``addSql()`` string are read after it (on
its line), as doctrine/migrations runs every ``addSql()`` string before the
Schema API's SQL.

The names follow doctrine/dbal 4.2 (``Schema\\Table``, ``AbstractAsset``):
an index, unique index, unique constraint or foreign key without a name gets
``AbstractAsset::_generateIdentifierName``'s ``strtoupper(substr($prefix .
'_' . implode('', array_map(fn ($c) => dechex(crc32($c)), [$table,
...$columns])), 0, 63))`` with the prefix ``idx``, ``uniq`` or ``fk``
(``IDX_42D2F44040272BCD``); a foreign key also makes an index ``IDX_...`` of
its local columns unless an index of the table already has exactly those
columns (``Table::_addForeignKeyConstraint``: the index is dropped again
when one is added later, ``_addIndex``'s implicit indexes); the primary key
is unnamed in the SQL (the database names it: PostgreSQL ``<table>_pkey``);
``renameColumn`` lowercases the new name (``Table::normalizeIdentifier``:
``emailAddr`` becomes ``emailaddr``); names are unquoted unless a reserved
word or given quoted, as DBAL's platforms quote them (PostgreSQL then folds
``UserLog`` to ``userlog``). Column types are kept simple (names are what
the gate judges).

A call this module does not know, or whose name comes from a variable or a
constant (``$schema->createTable(self::TABLE)``), is returned as unread (a
warning at the call), not left in silence.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.laravel_schema import Unread, _args, _Call, _chain, _literal, _Tok, _tokens, layout

if TYPE_CHECKING:
    from dbnamelint.model import Diagnostic

#: A Doctrine migration: the class it extends, or (a project's own base
#: class: wallabag's ``WallabagMigration``) DBAL's Schema given to ``up()``.
_DOCTRINE = lazy_compile(
    r"\bDoctrine\\Migrations\\AbstractMigration\b"
    r"|\bDoctrine\\DBAL\\Schema\\Schema\b(?=.*\bfunction\s+up\s*\(\s*Schema\s+\$)",
    re.DOTALL,
)
#: DBAL type names as SQL (PostgreSQL's spelling; MySQL reads them too).
_TYPES = {
    "integer": "INTEGER",
    "smallint": "SMALLINT",
    "bigint": "BIGINT",
    "string": "VARCHAR(255)",
    "ascii_string": "VARCHAR(255)",
    "text": "TEXT",
    "guid": "UUID",
    "boolean": "BOOLEAN",
    "decimal": "NUMERIC(10, 0)",
    "float": "DOUBLE PRECISION",
    "smallfloat": "REAL",
    "date": "DATE",
    "date_immutable": "DATE",
    "datetime": "TIMESTAMP",
    "datetime_immutable": "TIMESTAMP",
    "datetimetz": "TIMESTAMP",
    "datetimetz_immutable": "TIMESTAMP",
    "time": "TIME",
    "time_immutable": "TIME",
    "json": "JSON",
    "simple_array": "TEXT",
}
#: ``Table`` methods that make no name (or return a ``Column`` whose setters make none).
_TABLE_NAMELESS = frozenset(
    {
        "modifyColumn",
        "addOption",
        "setComment",
        "dropIndex",
        "dropPrimaryKey",
        "removeForeignKey",
        "removeUniqueConstraint",
        "getColumn",
        "getColumns",
        "hasColumn",
        "hasIndex",
        "getIndex",
        "getIndexes",
        "hasForeignKey",
        "getForeignKey",
        "getForeignKeys",
        "hasPrimaryKey",
        "getPrimaryKey",
        "getPrimaryKeyColumns",
        "hasOption",
        "getOption",
        "getOptions",
        "getName",
        "getComment",
        "columnsAreIndexed",
        "setSchemaConfig",
    }
)
#: ``Table`` methods that make a name, read below.
_TABLE_MAKES = frozenset(
    {
        "addColumn",
        "setPrimaryKey",
        "addIndex",
        "addUniqueIndex",
        "addUniqueConstraint",
        "addForeignKeyConstraint",
        "renameColumn",
        "renameIndex",
        "dropColumn",
    }
)
#: ``Schema`` methods that make no name.
_SCHEMA_NAMELESS = frozenset(
    {
        "hasTable",
        "getTables",
        "hasSequence",
        "getSequence",
        "getSequences",
        "hasNamespace",
        "getNamespaces",
        "getName",
        "toSql",
        "toDropSql",
        "visit",
    }
)
#: ``Type $schema`` parameters: the Schema object's names in the class's methods.
_SCHEMA_PARAM = lazy_compile(r"\bSchema\s+(\$[A-Za-z_]\w*)")


def identifier_name(columns: list[str], prefix: str, max_size: int = 63) -> str:
    """``AbstractAsset::_generateIdentifierName`` (doctrine/dbal 4.2): the
    hex CRC32 of each name (``dechex``: no leading zeros), after ``prefix_``,
    cut to ``max_size`` (``AbstractPlatform::getMaxIdentifierLength``: 63),
    upper-cased."""
    digest = "".join(format(zlib.crc32(c.encode("utf-8")), "x") for c in columns)
    return f"{prefix}_{digest}"[:max_size].upper()


#: A PHP file's namespace and first class: what doctrine/migrations records
#: a migration by (its version: ``Application\\Migrations\\Version2016...``).
_NAMESPACE = lazy_compile(r"^\s*namespace\s+([\w\\]+)\s*;", re.MULTILINE)
_CLASS = lazy_compile(r"^\s*(?:(?:final|abstract|readonly)\s+)*class\s+(\w+)", re.MULTILINE)


def version_of(text: str) -> tuple[str, int] | None:
    """(The version doctrine/migrations records migration ``text`` by, the
    offset of its class's name): the class's fully qualified name
    (``MigrationClassNameGenerator``, the ``doctrine_migration_versions``
    table's ``version``), not the file's name; None without a class."""
    found = _CLASS.search(text)
    if found is None:
        return None
    space = _NAMESPACE.search(text, 0, found.start())
    name = found.group(1) if space is None else f"{space.group(1)}\\{found.group(1)}"
    return name, found.start(1)


def is_doctrine_migration(path: str, text: str) -> bool:
    """Whether ``text`` at ``path`` is a Doctrine migration (its class extends
    ``Doctrine\\Migrations\\AbstractMigration``, or its ``up()`` is given
    ``Doctrine\\DBAL\\Schema\\Schema``: a project's own base class)."""
    return path.lower().endswith(".php") and _DOCTRINE.search(text[:20_000]) is not None


@dataclass
class _Index:
    name: str
    columns: list[str]
    unique: bool


@dataclass
class _TableState:
    """What the migration made of one table so far (its indexes, to know
    whether a foreign key's implicit index is made)."""

    name: str
    indexes: list[_Index] = field(default_factory=list)
    #: each implicit index by its name: its columns, the run and piece holding it
    implicit: dict[str, tuple[list[str], _Sql, int]] = field(default_factory=dict)


class _Sql:
    """The SQL pieces of one run of Schema API statements, in order."""

    def __init__(self, mysql: bool) -> None:
        self.mysql = mysql
        self.q = "`" if mysql else '"'
        self.pieces: list[tuple[int, str, str]] = []  # (offset, sql, name at offset)
        self.open: str | None = None  # the table whose CREATE TABLE is open
        self.first = True

    def ident(self, name: str) -> str:
        """``name`` as DBAL writes it: unquoted unless given quoted or a
        reserved word (``AbstractAsset::getQuotedName``)."""
        from dbnamelint.dialects.reserved_words import MARIADB, MYSQL, POSTGRES

        parts = []
        for part in name.split("."):
            quoted = part[:1] in ('"', "`", "[")
            bare = part.strip('"`[]')
            reserved = bare.lower() in ((MYSQL | MARIADB) if self.mysql else POSTGRES)
            plain = re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", bare) is not None
            parts.append(f"{self.q}{bare}{self.q}" if quoted or reserved or not plain else bare)
        return ".".join(parts)

    def add(self, at: int, sql: str, name: str = "") -> int:
        self.pieces.append((at, sql, name))
        return len(self.pieces) - 1

    def close(self, at: int) -> None:
        if self.open is not None:
            if self.first:  # no column read: a CREATE TABLE of none is no SQL databases take
                self.add(at, "x INT")
            self.add(at, ");")
            self.open = None

    def statement(self, at: int, sql: str, name: str = "") -> int:
        self.close(at)
        return self.add(at, sql, name)


#: What :class:`_Reader` says at a ``$schema->renameTable(...)`` call.
RENAME_TABLE_LOSES_ROWS = (
    "DBAL runs it as CREATE TABLE of the new name and DROP TABLE of the old one "
    "(its comparator finds no table rename), so the table's rows are lost, and on "
    "PostgreSQL and SQLite a table with an index fails (the index's name is taken); "
    "the model follows what runs. Rename it in SQL: "
    "$this->addSql('ALTER TABLE <old> RENAME TO <new>')"
)


def _type(arg: list[_Tok]) -> str:
    """The SQL type of ``addColumn``'s type argument (``'integer'``, ``Types::INTEGER``)."""
    if len(arg) == 1:
        value = _literal(arg[0]) or ""
    elif len(arg) == 3 and arg[1].text == "::":
        value = arg[2].text.lower()
    else:
        value = ""
    return _TYPES.get(value, "VARCHAR(255)")


#: An argument standing for ``->setAutoincrement(true)`` on the column a call adds.
_AUTOINCREMENT = [
    _Tok("s", "'autoincrement'", 0, 0),
    _Tok("o", "=>", 0, 0),
    _Tok("w", "true", 0, 0),
]


def _autoincrement(arg: list[_Tok]) -> bool:
    """Whether ``addColumn``'s options ``arg`` hold ``'autoincrement' => true``."""
    return any(
        _literal(arg[k]) == "autoincrement"
        and arg[k + 1].text == "=>"
        and arg[k + 2].text == "true"
        for k in range(len(arg) - 2)
    )


def _named(call: _Call, at: int, keyword: str) -> int | None:
    """The index of ``call``'s argument given by position ``at`` or as
    ``keyword: value`` (PHP 8 named arguments); the named one's value only."""
    for i, arg in enumerate(call.args):
        if len(arg) >= 3 and arg[0].text == keyword and arg[1].text == ":":
            call.args[i] = arg[2:]
            return i
    if at < len(call.args) and not (len(call.args[at]) >= 2 and call.args[at][1].text == ":"):
        return at
    return None


def _dynamic(call: _Call, slot: int | None, given: _Tok | None) -> bool:
    """Whether ``call``'s name argument at ``slot`` is given, but not as a
    literal nor ``null`` (a variable, a constant: a name not known here)."""
    if slot is None or slot >= len(call.args) or given is not None:
        return False
    arg = call.args[slot]
    return bool(arg) and arg[0].text.lower() != "null"


class _Reader:
    """The Schema API statements of a migration's ``up()``, as SQL runs."""

    def __init__(self, text: str, mysql: bool) -> None:
        self.text = text
        self.mysql = mysql
        self.schemas = set(_SCHEMA_PARAM.findall(text)) or {"$schema"}
        self.tables: dict[str, _TableState] = {}
        self.vars: dict[str, str | None] = {}  # $var -> table name (None: not known)
        self.unread: list[Unread] = []
        self.runs: list[tuple[int, int, _Sql]] = []
        self.sql: _Sql | None = None
        self.run_start = 0
        self.run_end = 0

    def state(self, table: str) -> _TableState:
        return self.tables.setdefault(table.strip('"`[]'), _TableState(table.strip('"`[]')))

    def begin(self, start: int) -> _Sql:
        if self.sql is None:
            self.sql = _Sql(self.mysql)
            self.run_start = start
        return self.sql

    def end_run(self) -> None:
        if self.sql is not None:
            self.sql.close(self.run_end)
            if self.sql.pieces:
                self.runs.append((self.run_start, self.run_end, self.sql))
            self.sql = None

    def statement(self, toks: list[_Tok]) -> None:
        """One statement (its tokens, without its ``;``)."""
        if not toks:
            return
        i = 0
        bound: str | None = None
        if (
            len(toks) > 3
            and toks[0].kind == "w"
            and toks[0].text.startswith("$")
            and (toks[1].text == "=")
        ):
            bound = toks[0].text
            i = 2
        head = toks[i]
        if bound is not None and head.text == "new" and i + 2 < len(toks):
            self._new_table(toks, bound)
            return
        if head.kind != "w" or not head.text.startswith("$") or i + 2 >= len(toks):
            self._stray(toks)
            return
        if toks[i + 1].text not in ("->", "?->") or toks[i + 2].kind != "w":
            self._stray(toks)
            return
        var = head.text
        calls, _ = _chain(toks, i + 1)
        if not calls:
            self._stray(toks)
            return
        if var in self.schemas:
            self._schema_call(toks, calls, bound)
            self.run_end = toks[-1].end
        elif var in self.vars or calls[0].name.text in _TABLE_MAKES:
            if var == "$this":
                self.end_run()
                return
            table = self.vars.get(var)
            self._table_calls(toks[0].start, table, calls)
            self.run_end = toks[-1].end
            if bound is not None:
                self.vars.pop(bound, None)
        else:
            self._stray(toks)

    def _new_table(self, toks: list[_Tok], bound: str) -> None:
        """``$table = new Table('x')``: a table the migration makes (openemr's
        ``CreateTableTrait``: ``$this->createTable($table)`` adds
        ``getCreateTableSQL($table)``'s SQL); another ``new`` ends the run."""
        if toks[3].text.rsplit("\\", 1)[-1] != "Table" or toks[4].text != "(":
            self.vars.pop(bound, None)
            self._stray(toks)
            return
        args, _ = _args(toks, 4)
        call = _Call(toks[3], args, toks[-1].end)
        name = call.string(0)
        if name is None:
            self.unread.append(Unread(toks[3].start, "new Table"))
            self.vars[bound] = None
            return
        lit = call.literal_at(0)
        where = lit.start if lit is not None else toks[3].start
        sql = self.begin(toks[0].start)
        sql.close(where)
        sql.add(where, f"CREATE TABLE {sql.ident(name)} (", sql.ident(name))
        sql.open = name
        sql.first = True
        self.state(name)
        self.vars[bound] = name
        self.run_end = toks[-1].end

    def _stray(self, toks: list[_Tok]) -> None:
        """A statement that is not a Schema API call: it ends the run; a
        ``$schema->`` call inside it that makes a name is unread."""
        self.end_run()
        for k in range(len(toks) - 2):
            if toks[k].text in self.schemas and toks[k + 1].text in ("->", "?->"):
                method = toks[k + 2].text
                if method not in _SCHEMA_NAMELESS and method != "getTable":
                    self.unread.append(Unread(toks[k + 2].start, method))

    def _schema_call(self, toks: list[_Tok], calls: list[_Call], bound: str | None) -> None:
        head = calls[0]
        method = head.name.text
        lit = head.literal_at(0)
        name = head.string(0)
        where = lit.start if lit is not None else head.name.start
        sql = self.begin(toks[0].start)
        if method in ("createTable", "getTable"):
            if name is None:
                self.unread.append(Unread(head.name.start, method))
            elif method == "createTable":
                sql.close(where)
                sql.add(where, f"CREATE TABLE {sql.ident(name)} (", sql.ident(name))
                sql.open = name
                sql.first = True
                self.state(name)
            if bound is not None:
                self.vars[bound] = name
            if len(calls) > 1:
                self._table_calls(toks[0].start, name, calls[1:])
            return
        if method in _SCHEMA_NAMELESS:
            return
        if method == "dropTable" and name is not None:
            sql.statement(where, f"DROP TABLE {sql.ident(name)};")
            return
        if method == "renameTable":
            new = head.string(1)
            new_lit = head.literal_at(1)
            if name is not None and new is not None and new_lit is not None:
                # DBAL's Schema::renameTable drops the table and adds it again
                # under the new name; the comparator sees a new table and a
                # dropped one (no table rename: Comparator::compareSchemas),
                # so what runs is CREATE TABLE <new> (the columns, the primary
                # key, the indexes under their names) and DROP TABLE <old>:
                # the rows are lost (DBAL 4.2 on PostgreSQL 15, MariaDB 10.11,
                # SQLite: tests/test_gate_doctrine_schema.py)
                copy = (
                    f"CREATE TABLE {sql.ident(new)} LIKE {sql.ident(name)};"
                    if self.mysql
                    # its columns, in a spelling PostgreSQL and SQLite both read
                    else f"CREATE TABLE {sql.ident(new)} AS SELECT * FROM {sql.ident(name)}"
                    " WHERE false;"
                )
                sql.statement(new_lit.start, copy, sql.ident(new))
                sql.statement(new_lit.start, f"DROP TABLE {sql.ident(name)};")
                self.unread.append(Unread(head.name.start, method, RENAME_TABLE_LOSES_ROWS))
                self.tables.pop(name, None)
                self.state(new)
                return
        if method in ("createSequence", "createNamespace") and name is not None:
            if not self.mysql:
                kind = "SEQUENCE" if method == "createSequence" else "SCHEMA"
                sql.statement(where, f"CREATE {kind} {sql.ident(name)};", sql.ident(name))
            return
        if method in ("dropSequence",) and name is not None:
            if not self.mysql:
                sql.statement(where, f"DROP SEQUENCE {sql.ident(name)};")
            return
        self.unread.append(Unread(head.name.start, method))

    def _table_calls(self, start: int, table: str | None, calls: list[_Call]) -> None:
        sql = self.begin(start)
        for call in calls:
            method = call.name.text
            if method in _TABLE_NAMELESS:
                return  # a Column (or nothing) from here on: its setters make no name
            if method not in _TABLE_MAKES:
                self.unread.append(Unread(call.name.start, method))
                return
            if table is None:
                # the table's name is not known (a variable, a constant): what
                # the call makes is not judged
                self.unread.append(Unread(call.name.start, method))
                return
            if method == "addColumn" and any(
                c.name.text == "setAutoincrement" and c.args and c.args[0][0].text == "true"
                for c in calls[calls.index(call) + 1 :]
            ):
                call.args.append(_AUTOINCREMENT)
            if not self._table_call(sql, table, call):
                self.unread.append(Unread(call.name.start, method))
                return
            if method in ("addColumn", "renameColumn"):
                return  # a Column from here on

    def _table_call(self, sql: _Sql, table: str, call: _Call) -> bool:
        """SQL for ``$table->method(...)``; False when it is not read."""
        method = call.name.text
        state = self.state(table)
        tbl = sql.ident(table)
        lit = call.literal_at(0)
        at = lit.start if lit is not None else call.name.start
        if method == "addColumn":
            name = call.string(0)
            if name is None or len(call.args) < 2:
                return False
            col = sql.ident(name)
            kind = _type(call.args[1])
            if any(_autoincrement(arg) for arg in call.args[2:]):
                # DBAL: PostgreSQL's identity (its sequence <table>_<column>_seq), MySQL's
                kind += " AUTO_INCREMENT" if sql.mysql else " GENERATED BY DEFAULT AS IDENTITY"
            if sql.open == table:
                sql.add(at, f"{'' if sql.first else ', '}{col} {kind}", col)
                sql.first = False
            else:
                sql.statement(at, f"ALTER TABLE {tbl} ADD {col} {kind};", col)
            return True
        if method == "dropColumn":
            name = call.string(0)
            if name is None:
                return False
            sql.statement(at, f"ALTER TABLE {tbl} DROP COLUMN {sql.ident(name)};")
            return True
        if method == "renameColumn":
            old, new = call.string(0), call.string(1)
            new_lit = call.literal_at(1)
            if old is None or new is None or new_lit is None:
                return False
            new = new.lower()  # Table::normalizeIdentifier
            sql.statement(
                new_lit.start,
                f"ALTER TABLE {tbl} RENAME COLUMN {sql.ident(old)} TO {sql.ident(new)};",
                sql.ident(new),
            )
            return True
        if method == "renameIndex":
            old, new = call.string(0), call.string(1)
            new_lit = call.literal_at(1)
            if old is None or new is None or new_lit is None:
                return False
            if self.mysql:
                text = f"ALTER TABLE {tbl} RENAME INDEX {sql.ident(old)} TO {sql.ident(new)};"
            else:
                text = f"ALTER INDEX {sql.ident(old)} RENAME TO {sql.ident(new)};"
            sql.statement(new_lit.start, text, sql.ident(new))
            return True
        if method == "addForeignKeyConstraint":
            return self._foreign(sql, state, call)
        cols = call.strings(0)
        if cols is None:
            return False
        listed = ", ".join(sql.ident(c) for c in cols)
        if method == "setPrimaryKey":
            if sql.open == table:
                sql.add(at, f"{'' if sql.first else ', '}PRIMARY KEY ({listed})")
                sql.first = False
            else:
                sql.statement(at, f"ALTER TABLE {tbl} ADD PRIMARY KEY ({listed});")
            state.indexes.append(_Index("primary", cols, True))
            return True
        slot = _named(call, 1, "indexName")
        given = call.literal_at(slot) if slot is not None else None
        if _dynamic(call, slot, given):
            return False  # a name from a variable or a constant
        where = given.start if given is not None else at
        prefix = "idx" if method == "addIndex" else "uniq"
        name = _literal(given) if given is not None else None
        name = name or identifier_name([table, *cols], prefix)
        ident = sql.ident(name)
        if method == "addUniqueConstraint":
            text = f"CONSTRAINT {ident} UNIQUE ({listed})"
            if sql.open == table:
                sql.add(where, f"{'' if sql.first else ', '}{text}", ident)
                sql.first = False
            else:
                sql.statement(where, f"ALTER TABLE {tbl} ADD {text};", ident)
            return True
        if method not in ("addIndex", "addUniqueIndex"):
            return False
        unique = method == "addUniqueIndex"
        index = "UNIQUE INDEX" if unique else "INDEX"
        sql.statement(where, f"CREATE {index} {ident} ON {tbl} ({listed});", ident)
        # An implicit (foreign key) index this one fulfils is dropped (Table::_addIndex).
        for implicit, (columns, run, piece) in list(state.implicit.items()):
            if columns == cols:
                run.pieces[piece] = (run.pieces[piece][0], "", "")
                del state.implicit[implicit]
                state.indexes = [i for i in state.indexes if i.name != implicit]
        state.indexes.append(_Index(name, cols, unique))
        return True

    def _foreign(self, sql: _Sql, state: _TableState, call: _Call) -> bool:
        """``addForeignKeyConstraint($foreignTable, $local, $foreign, $options, $name)``."""
        first = call.args[0] if call.args else []
        if len(first) == 1 and first[0].kind == "w" and first[0].text in self.vars:
            on = self.vars[first[0].text]
        else:
            on = call.string(0)
        local, foreign = call.strings(1), call.strings(2)
        if on is None or local is None or foreign is None:
            return False
        slot = _named(call, 4, "name")
        given = call.literal_at(slot) if slot is not None else None
        if _dynamic(call, slot, given):
            return False
        lit = call.literal_at(0)
        at = given.start if given is not None else (lit.start if lit else call.name.start)
        table = state.name
        name = (_literal(given) if given is not None else None) or identifier_name(
            [table, *local], "fk"
        )
        tbl = sql.ident(table)
        ident = sql.ident(name)
        cols = ", ".join(sql.ident(c) for c in local)
        refs = ", ".join(sql.ident(c) for c in foreign)
        sql.statement(
            at,
            f"ALTER TABLE {tbl} ADD CONSTRAINT {ident} FOREIGN KEY ({cols}) "
            f"REFERENCES {sql.ident(on)} ({refs});",
            ident,
        )
        # Table::_addForeignKeyConstraint: an index of the local columns
        # unless one of the table's has exactly those columns.
        if not any(i.columns == local for i in state.indexes):
            implicit = identifier_name([table, *local], "idx")
            piece = sql.add(
                call.name.start,
                f"CREATE INDEX {sql.ident(implicit)} ON {tbl} ({cols});",
                sql.ident(implicit),
            )
            state.implicit[implicit] = (local, sql, piece)
            state.indexes.append(_Index(implicit, local, False))
        return True


def _statements(toks: list[_Tok]) -> list[list[_Tok]]:
    """``toks`` split at ``;`` outside brackets and at every ``{`` or ``}``
    (an ``if``'s or a loop's body is statements too; its head one)."""
    out: list[list[_Tok]] = []
    cur: list[_Tok] = []
    depth = 0
    for t in toks:
        if t.kind == "p" and t.text in "{}":
            out.append(cur)
            out.append([])  # a block's edge ends a run
            cur = []
            continue
        if t.kind == "p" and t.text in "([":
            depth += 1
        elif t.kind == "p" and t.text in ")]":
            depth = max(depth - 1, 0)
        if t.kind == "p" and t.text == ";" and depth == 0:
            out.append(cur)
            cur = []
            continue
        cur.append(t)
    out.append(cur)
    return out


@dataclass
class SchemaCalls:
    """What :func:`schema_sql` found in one file."""

    #: (start, end, SQL pieces (offset, sql, name at offset)) of each run of calls rewritten.
    runs: list[tuple[int, int, list[tuple[int, str, str]]]]
    unread: list[Unread]
    #: the offset just past the last ``$this->addSql(...);`` of ``up()``
    #: (and the methods it calls), None when it has none
    last_add_sql: int | None = None


def schema_sql(text: str, *, mysql: bool = False) -> SchemaCalls:
    """The Schema API calls of ``text``'s ``up()`` as SQL (see the module docstring)."""
    from dbnamelint.laravel_schema import _up_bodies

    reader = _Reader(text, mysql)
    last_add_sql: int | None = None
    for body in _up_bodies(text):
        for stmt in _statements(_tokens(text, *body)):
            if len(stmt) > 2 and stmt[0].text == "$this" and stmt[2].text == "addSql":
                semicolon = text.find(";", stmt[-1].end, body[1])
                last_add_sql = stmt[-1].end if semicolon < 0 else semicolon + 1
            if stmt:
                reader.statement(stmt)
            else:
                reader.end_run()
        reader.end_run()
    runs = [(s, e, [p for p in sql.pieces if p[1]]) for s, e, sql in reader.runs]
    return SchemaCalls([r for r in runs if r[2]], reader.unread, last_add_sql)


def _layout(text: str, start: int, end: int, pieces: list[tuple[int, str, str]]) -> str:
    """The SQL ``pieces`` (offset, SQL, name) laid out over ``text[start:end]``'s
    lines in their order (:func:`dbnamelint.laravel_schema.layout`, a
    ``$this->addSql('`` as long as its ``DB::statement('``): each name at its
    offset's column when the line leaves room."""
    anchored = [(at, sql, max(sql.rfind(name), 0) if name else 0) for at, sql, name in pieces]
    return layout(text, start, end, anchored, in_order=True)


def shadow_text(path: str, text: str, *, mysql: bool = False) -> tuple[str, list[Unread]]:
    """``text`` with each run of Schema API calls of a Doctrine migration's
    ``up()`` as a ``$this->addSql('<SQL>')`` (same line count), and the
    calls not read; ``text`` itself for other files."""
    if not is_doctrine_migration(path, text):
        return text, []
    found = schema_sql(text, mysql=mysql)
    out = text
    # doctrine/migrations runs every addSql() string first, then the Schema
    # API's SQL (DbalExecutor::executeMigration: $migration->up($toSchema),
    # the getSql() queries, then getSqlDiffToMigrate): a run of calls before
    # the last addSql() is read after it, at the end of its line
    last = found.last_add_sql
    late = [r for r in found.runs if last is not None and r[0] < last]
    edits: list[tuple[int, int, int, str]] = []  # (start, order, end, new text)
    for start, end, pieces in found.runs:
        if (start, end, pieces) in late:
            edits.append((start, 0, end, "".join(c if c == "\n" else " " for c in text[start:end])))
            continue
        sql = _layout(text, start, end, pieces).replace("\\", "\\\\").replace("'", "\\'")
        edits.append((start, 0, end, "$this->addSql('" + sql + "')"))
    if late and last is not None:
        moved = " ".join(sql for _s, _e, pieces in late for _a, sql, _n in pieces)
        moved = " ".join(moved.split()).replace("\\", "\\\\").replace("'", "\\'")
        edits.append((last, 1, last, " $this->addSql('" + moved + "');"))
    for start, _order, end, new in sorted(edits, key=lambda e: (-e[0], e[1])):
        out = out[:start] + new + out[end:]
    return out, found.unread


def down_spans(path: str, text: str) -> list[tuple[int, int]]:
    """The bodies of a Doctrine migration's ``down()``, ``preDown()`` and
    ``postDown()``: they run only when the migration is rolled back
    (``migrations:execute --down``), so their ``addSql`` strings make no
    name a forward run makes."""
    if not is_doctrine_migration(path, text):
        return []
    from dbnamelint.laravel_schema import _method_body

    return [b for n in ("down", "preDown", "postDown") if (b := _method_body(text, n))]


def migration_sql(
    path: str, text: str, *, mysql: bool = False, dialect: str | None = None
) -> tuple[str, list[Diagnostic]]:
    """A Doctrine migration named in ``paths:`` as the SQL its ``up()`` runs,
    for the model: its ``addSql`` strings and its Schema API calls
    (:func:`shadow_text`), each on its line of ``text``, everything else
    blank (:func:`~dbnamelint.code_ddl_text.sql_view`, ``down()`` left out);
    and a ``DBN013`` warning at each string the code completes or call not
    read (as a Laravel migration's, :mod:`dbnamelint.code_migrations`: the
    gate refuses a new one unless a ``// dbnamelint: ignore[DBN013] <reason>``
    comment above it accepts it, then an info note; renameTable's, which is
    read, it does not refuse). With ``dialect``, the branches another
    database platform takes are left out (:mod:`dbnamelint.php_platforms`)."""
    from dbnamelint.code_ddl_text import ddl_strings, may_make_names, sql_view
    from dbnamelint.code_migrations import ACCEPTED, _accepted
    from dbnamelint.go_list_sql import DYNAMIC_CODE, _statement
    from dbnamelint.model import Diagnostic, Location, Severity
    from dbnamelint.positions import LineIndex

    if dialect is not None:
        from dbnamelint.php_platforms import blanked, unrun_spans

        # a branch another platform takes (`instanceof MySQLPlatform`) is not
        # run on this dialect's database (trial s39 wallabag)
        text = blanked(text, unrun_spans(text, dialect))
    shadow, unread = shadow_text(path, text, mysql=mysql)
    strings = ddl_strings(path, shadow, _statement)
    index = LineIndex(shadow)
    lines = text.split("\n")
    notes = []

    def note(line: int, column: int, message: str, naming: bool = True) -> None:
        # a warning, as a Laravel migration's (dbnamelint.code_migrations):
        # the gate refuses a new one unless an ignore[DBN013] comment accepts it;
        # text that may make no name (``naming``: an UPDATE) is a note
        severity = Severity.WARNING if naming else Severity.INFO
        if _accepted(lines, line):
            severity, message = Severity.INFO, message + ACCEPTED
        notes.append(Diagnostic(Location(path, line, column), severity, message, DYNAMIC_CODE))

    for string in strings:
        if string.holes:
            a, b = string.holes[0]
            built = " ".join(shadow[a:b].split())[:60]
            note(
                *index.line_col(string.start),
                f"this migration's SQL is completed when the code runs ({built}): it is "
                "not read, and the names it makes or changes are not in the model",
                may_make_names(string.text),
            )
    original = LineIndex(text)
    for call in unread:
        note(
            *original.line_col(call.start),
            f"this Doctrine Schema API call ({call.call}): {call.why}"
            if call.why
            else f"this Doctrine Schema API call ({call.call}) is not read (a name from a "
            "variable or a constant, or a call dbnamelint does not know): the names it "
            "makes or changes are not in the model",
        )
    return sql_view(shadow, [s for s in strings if not s.holes]), notes
