"""Migration tools' own bookkeeping tables: in every migrated database, in no file.

A migration tool records which migrations it ran in a table it creates
itself (golang-migrate's ``schema_migrations``, Flyway's
``flyway_schema_history``...). No migration file creates it, so a database
built exactly from the files still holds one table the files do not know:
``drift`` would report it on every database, forever. :func:`leave_out`
removes such tables (with their columns, indexes, constraints and owned
sequences) from a database's model when the files do not create a table of
that name themselves, and says which it left out.

Default names, each from the tool's own documentation or source:

* ``schema_migrations``: golang-migrate (``MigrationsTable``), dbmate
  (default migrations table) and Rails (``schema_migrations_table_name``);
  ``ar_internal_metadata``: Rails (``internal_metadata_table_name``);
* ``goose_db_version``: goose (``-table`` default);
* ``flyway_schema_history``: Flyway 5+, ``schema_version`` before it (Flyway
  still falls back to it); a name several tools give their table is told
  apart by its columns (:mod:`dbnamelint.tool_signatures`: miniflux's
  ``schema_version (version text)`` is no tool's, Flyway's has
  ``installed_rank``...);
  in a tree of temporal's schema folders ``schema_version`` and
  ``schema_update_history`` are ``temporal-sql-tool``'s instead (the
  commands pass them as ``tools``:
  :func:`dbnamelint.temporal_layout.tool_tables`), and in Synapse's tree
  Synapse's (``always``);
* ``__diesel_schema_migrations``: Diesel (``CREATE_MIGRATIONS_TABLE``);
* ``_prisma_migrations``: Prisma Migrate;
* ``databasechangelog`` / ``databasechangeloglock``: Liquibase;
* ``_sqlx_migrations``: sqlx;
* ``gorp_migrations``: sql-migrate;
* ``atlas_schema_revisions``: Atlas (a table, and on PostgreSQL also the
  schema holding it, ``DefaultRevisionSchema``);
* ``schema_migration``: pop/soda;
* ``knex_migrations`` / ``knex_migrations_lock``: knex;
* ``migrations`` / ``migrations_lock`` of knex-migrator's columns (told by
  them, as a bare ``migrations`` is no default: :func:`_knex_tables`):
  knex-migrator (Ghost's runner, trial s39);
* ``kysely_migration`` / ``kysely_migration_lock``: Kysely's ``Migrator``
  (``DEFAULT_MIGRATION_TABLE`` / ``DEFAULT_MIGRATION_LOCK_TABLE`` of
  ``migration/migrator.js``), and ``kysely_migrations`` /
  ``kysely_migrations_lock``, the ``migrationTableName`` /
  ``migrationLockTableName`` immich gives it (trial s31);
* ``alembic_version``: Alembic;
* ``django_migrations``: Django (``MigrationRecorder``);
* ``__EFMigrationsHistory``: Entity Framework Core;
* ``migrations_history``: concourse's own runner (``atc/db/migration``);
* ``__drizzle_migrations``: drizzle's migrator (drizzle-orm ``migrator.ts``;
  on PostgreSQL in the ``drizzle`` schema, ``migrationsSchema``'s default);
* the ``sqitch`` schema: sqitch's registry (default registry name);
* ``SequelizeMeta`` / ``SequelizeData``: sequelize-cli's migration and seeder
  storage tables (``storageTableName`` of ``lib/helpers/umzug-helper.js``),
  ``SequelizeMeta`` also umzug's ``SequelizeStorage`` default ``modelName``
  (trial s32 outline: ``migrate`` renamed it, and the next ``db:migrate``
  found an empty table and replayed every migration);
* ``typeorm_metadata``: TypeORM (``metadataTableName`` default);
* ``mikro_orm_migrations``: MikroORM (``migrations.tableName`` default);
* ``doctrine_migration_versions``: Doctrine Migrations 3 (``table_name``);
* ``pgmigrations``: node-pg-migrate (``migrationsTable`` default);
* ``seaql_migrations``: SeaORM's migrator;
* ``refinery_schema_history``: refinery.

A bare ``migrations`` (Laravel, TypeORM, db-migrate) or ``migration`` (Yii)
is not a default: too many projects name a table of their own so; it is
already snake_case, so ``migrate`` plans no rename of it, and a team lists
it under ``database_ignore:`` (postgres-migrations' is found from the tree).

A team names more with the config's ``database_ignore:`` or ``drift
--ignore-table``: ``name`` (any schema), ``schema.name``, or ``schema.*``
(the whole schema: the schema itself and every object in it, as the sqitch
schema). ``KIND:pattern`` names objects of another kind the same way
(``sequence:*_id_seq``, ``function:timestamp_id``, ``view:public.stats``;
KIND one of :class:`~dbnamelint.model.ObjectKind`'s values, ``function``
also a procedure): what a project's own load hook makes that no file
creates (mastodon's ``timestamp_id()`` and its standalone sequences); a
view goes with its columns. Those are left out whatever the files hold. Each part is a shell
glob (:func:`fnmatch.fnmatchcase`: ``*``, ``?``, ``[seq]``, ``[!seq]``;
``_`` is itself, unlike LIKE): ``team_build_events_*`` names concourse's
partitions of ``team_build_events``, ``*.audit_log`` that table in every
schema, ``tmp_*.*`` every schema named ``tmp_...``. Names compare
case-insensitively (the catalogs spell them as the tools wrote them; a
pattern and a name are both case-folded, so ``[A-Z]`` is ``[a-z]``).
:func:`unmatched` names the patterns that match nothing, for a warning.

``drift`` leaves the same things out of the files' side
(:func:`files_without`): what the files attach to a tool's table (Lemmy's
trigger on ``__diesel_schema_migrations``) is compared with nothing, since
the database's copy went with its table.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from fnmatch import fnmatchcase
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from msgspec import Struct
from msgspec.structs import replace

from dbnamelint.dialects import profile_for
from dbnamelint.model import ObjectKind, Schema, SchemaObject
from dbnamelint.tool_signatures import (
    SIGNATURES,
    UNKNOWN_RUNNER,
    possessive,
    tool_by_columns,
    unknown_runner_note,
)

#: Table name (case-folded) -> the tools that create it.
TOOL_TABLES: Mapping[str, str] = MappingProxyType(
    {
        "schema_migrations": "golang-migrate/dbmate/Rails",
        "ar_internal_metadata": "Rails",
        "goose_db_version": "goose",
        "flyway_schema_history": "Flyway",
        "schema_version": "Flyway before 5",
        "__diesel_schema_migrations": "Diesel",
        "_prisma_migrations": "Prisma",
        "databasechangelog": "Liquibase",
        "databasechangeloglock": "Liquibase",
        "_sqlx_migrations": "sqlx",
        "gorp_migrations": "sql-migrate",
        "atlas_schema_revisions": "Atlas",
        "schema_migration": "pop",
        "knex_migrations": "knex",
        "knex_migrations_lock": "knex",
        "kysely_migration": "Kysely",
        "kysely_migration_lock": "Kysely",
        "kysely_migrations": "Kysely",
        "kysely_migrations_lock": "Kysely",
        "alembic_version": "Alembic",
        "django_migrations": "Django",
        "__efmigrationshistory": "Entity Framework",
        "migrations_history": "concourse",
        "__drizzle_migrations": "drizzle",
        "sequelizemeta": "Sequelize",
        "sequelizedata": "Sequelize",
        "typeorm_metadata": "TypeORM",
        "mikro_orm_migrations": "MikroORM",
        "doctrine_migration_versions": "Doctrine Migrations",
        "pgmigrations": "node-pg-migrate",
        "seaql_migrations": "SeaORM",
        "refinery_schema_history": "refinery",
    }
)

#: How a file a tool wrote from a database opens (pg_dump, mysqldump,
#: MariaDB's), in lower case: their header comment, or, written with
#: ``--skip-comments``, mariadb-dump's sandbox line and the session settings
#: both dumps save first (photoprism's ``internal/entity/schema/mariadb.sql``).
_DUMP_HEADS = (
    "-- postgresql database dump",
    "-- mysql dump",
    "-- mariadb dump",
    "enable the sandbox mode */",
    "/*!40101 set @old_character_set_client=@@character_set_client */;",
    "/*!40103 set @old_time_zone=@@time_zone */;",
)
#: ``sqlite3 .dump`` opens with these two lines, exactly so. A migration may
#: open with the first alone (pocket-id's ``PRAGMA foreign_keys=OFF;`` then
#: ``BEGIN;``: trial s26, where 52 migrations were taken for dumps).
_SQLITE_DUMP_HEAD = "PRAGMA foreign_keys=OFF;\nBEGIN TRANSACTION;\n"


def is_dump_head(head: str) -> bool:
    """Whether a SQL file opening with ``head`` (its first characters) is a
    dump a tool wrote from a database: pg_dump, mysqldump, mariadb-dump or
    ``sqlite3 .dump`` (its two first lines, as the shell writes them)."""
    lowered = head.lower()
    if any(m in lowered for m in _DUMP_HEADS):
        return True
    return head.lstrip("\ufeff").replace("\r\n", "\n").startswith(_SQLITE_DUMP_HEAD)


@lru_cache(maxsize=256)
def _is_dump(path: str) -> bool:
    """Whether the SQL file at ``path`` is a dump of a database (Rails names
    its ``structure.sql``; pg_dump, mysqldump and ``sqlite3 .dump`` open so)."""
    if path.rsplit("/", 1)[-1].lower().endswith("structure.sql"):
        return True
    try:
        with Path(path).open("rb") as file:
            head = file.read(2048).decode("utf-8", "replace")
    except OSError:
        return False
    return is_dump_head(head)


def is_dumped_tool_object(obj: SchemaObject) -> bool:
    """Whether ``obj`` is a migration tool's bookkeeping table (:data:`TOOL_TABLES`)
    or a column, index or constraint of one, as a schema dump holds it: the
    dump copies the migrated database, the tool's table with it (trial s24
    spicedb: ``alembic_version`` in a pg_dump was planned for a rename). The
    tool reads and writes it by name: not the project's to lint or rename.
    The same name in a migration the project wrote is linted as any."""
    table = obj.name if obj.kind is ObjectKind.TABLE else obj.table
    if table is None:
        return False
    if obj.source.dialect == "sqlite" and table.casefold().startswith("sqlite_"):
        # SQLite's own tables (sqlite_sequence, sqlite_stat1): "table names that
        # begin with sqlite_ are reserved for internal use" (sqlite.org,
        # lang_createtable.html), so a file holding one is the shell's .schema
        # or .dump of a database (confirmation s39c gotify: DBN105 on it)
        return True
    if table.casefold() not in TOOL_TABLES:
        return False
    return _is_dump(obj.source.path)


def dumped_tool(obj: SchemaObject) -> str | None:
    """Whose bookkeeping table ``obj`` (a table) is when
    :func:`is_dumped_tool_object` says it is one (the tools of
    :data:`TOOL_TABLES`, or ``"SQLite"`` for one of its reserved
    ``sqlite_`` tables), else None."""
    if obj.kind is not ObjectKind.TABLE or not is_dumped_tool_object(obj):
        return None
    return TOOL_TABLES.get(obj.name.casefold(), "SQLite")


#: Go migration libraries' tables under names too common to take by the name
#: alone (a project's own ``migrations``), told by their exact columns, as a
#: dump copies them: table (case-folded) -> (tool, each column set it has
#: had). xormigrate's ``Sync2(new(Migration))`` (xorm's mapper: ``migration``;
#: ``ID`` alone before its ``Description``: woodpecker's dump, trial s39,
#: where ``migrate`` planned ``migration`` -> ``migrations``); gormigrate's
#: ``DefaultOptions`` (``TableName: "migrations"``, ``IDColumnName: "id"``).
DUMPED_BY_COLUMNS: Mapping[str, tuple[str, tuple[frozenset[str], ...]]] = MappingProxyType(
    {
        "migration": ("xormigrate", (frozenset({"id"}), frozenset({"id", "description"}))),
        "migrations": ("gormigrate", (frozenset({"id"}),)),
    }
)


def dumped_tool_tables(schema: Schema) -> frozenset[tuple[str | None, str]]:
    """(schema, table), case-folded, of each table of ``schema`` a schema dump
    holds that is a :data:`DUMPED_BY_COLUMNS` tool's: its name and exactly
    one of its column sets."""
    wanted = [
        o
        for o in schema.of_kind(ObjectKind.TABLE)
        if o.name.casefold() in DUMPED_BY_COLUMNS and _is_dump(o.source.path)
    ]
    if not wanted:
        return frozenset()
    columns: dict[tuple[str | None, str], set[str]] = {}
    for column in schema.of_kind(ObjectKind.COLUMN):
        if column.table is not None:
            key = (_table_schema(column), column.table.casefold())
            columns.setdefault(key, set()).add(column.name.casefold())
    out = set()
    for table in wanted:
        key = (_folded(table.schema), table.name.casefold())
        if columns.get(key, set()) in DUMPED_BY_COLUMNS[key[1]][1]:
            out.add(key)
    return frozenset(out)


def _folded(name: str | None) -> str | None:
    return name.casefold() if name is not None else None


def _table_schema(obj: SchemaObject) -> str | None:
    """The schema of the table ``obj`` (a column, index...) is attached to, case-folded."""
    return _folded(obj.table_schema if obj.table_schema is not None else obj.schema)


def in_tables(obj: SchemaObject, tables: frozenset[tuple[str | None, str]]) -> bool:
    """Whether ``obj`` is one of ``tables`` (:func:`dumped_tool_tables`) or a
    column, index or constraint of one."""
    table = obj.name if obj.kind is ObjectKind.TABLE else obj.table
    schema = _folded(obj.schema) if obj.kind is ObjectKind.TABLE else _table_schema(obj)
    return table is not None and (schema, table.casefold()) in tables


#: Schema name (case-folded) -> the tool that keeps its bookkeeping there.
TOOL_SCHEMAS: Mapping[str, str] = MappingProxyType(
    {"sqitch": "sqitch", "atlas_schema_revisions": "Atlas", "drizzle": "drizzle"}
)

#: Why a table named by the team is left out (the note's wording).
CONFIGURED = "database_ignore/--ignore-table"


class LeftOut(Struct, frozen=True):
    """What :func:`leave_out` removed: ``(qualified name, why)`` per table or
    schema, in the database's order, and how many model objects that was."""

    tables: tuple[tuple[str, str], ...]
    objects: int
    #: Whether the files were read: without them (``inspect --db``) a tool's
    #: table is left out by its name alone, even if a file creates it.
    files_read: bool = True
    #: What went, for :func:`files_without`: schema names and (schema, table)
    #: pairs, case-folded, the default schema by its name.
    schemas: frozenset[str] = frozenset()
    table_keys: frozenset[tuple[str, str]] = frozenset()
    #: The team's patterns (``database_ignore:``, ``--ignore-table``), which
    #: name the files' tables too, whatever the database holds.
    patterns: tuple[str, ...] = ()
    #: Qualified names of the left-out tables that the files create too,
    #: left out all the same: the tool makes and owns them whatever the
    #: files say (``leave_out``'s ``always``).
    owned: frozenset[str] = frozenset()
    #: Qualified names of the left-out tables whose tool their columns told
    #: (:func:`~dbnamelint.tool_signatures.tool_by_columns`), not their name alone.
    by_columns: frozenset[str] = frozenset()

    def note(self, files_too: bool = False) -> str | None:
        """One line for stderr, or None when nothing was left out (``files_too``:
        ``drift``, which leaves the same out of the files' side)."""
        if not self.tables:
            return None
        side = "both sides" if files_too else "the database's side"
        whose = "which no file creates" if self.files_read else "by its name; no file was read"
        listed = ", ".join(
            f"{name} (named by {why})"
            if why == CONFIGURED
            else f"{name} ({possessive(why)} own table, {whose}; "
            f"{unknown_runner_note(_fold(name.rsplit('.', 1)[-1]))})"
            if why == UNKNOWN_RUNNER
            else f"{name} ({possessive(why)} own table, which {why} creates whatever the files say)"
            if name in self.owned and not why.startswith("the ")
            else f"{name} ({possessive(why)} own table, not linted in the files either)"
            if name in self.owned
            else f"{name} ({possessive(why)} own table, {whose.replace('its name', 'its columns')})"
            if name in self.by_columns
            else f"{name} ({possessive(why)} own table, {whose})"
            for name, why in self.tables
        )
        return (
            f"left out of {side}: {listed}; list more tables under database_ignore: in the config"
        )


def _fold(name: str | None) -> str:
    return (name or "").casefold()


def _schema(obj: SchemaObject) -> str:
    """``obj``'s schema (its table's, for an attached object), case-folded; an
    unqualified object is in its dialect's default schema (``public``)."""
    schema = obj.table_schema if obj.table is not None else obj.schema
    return _fold(schema or profile_for(obj.source.dialect).default_schema)


def _whole_schemas(extra: Iterable[str]) -> set[str]:
    """The schema globs of ``schema.*`` patterns, case-folded."""
    return {p.casefold()[:-2] for p in extra if p.endswith(".*") and len(p) > 2}


def _in_whole(schema: str, globs: Iterable[str]) -> bool:
    """Whether the case-folded ``schema`` is one a ``schema.*`` glob names."""
    return any(fnmatchcase(schema, g) for g in globs)


def _matches(pattern: str, table: SchemaObject) -> bool:
    """``name`` / ``schema.name`` globs against a table (an unqualified table
    is in its dialect's default schema, e.g. ``public``); ``schema.*`` goes
    as a whole schema (:func:`_whole_schemas`)."""
    wanted_schema, dot, wanted = pattern.casefold().rpartition(".")
    if not fnmatchcase(_fold(table.name), wanted):
        return False
    return not dot or fnmatchcase(_schema(table), wanted_schema)


#: The kinds a ``KIND:pattern`` names (``table:x`` is ``x``).
_KIND_NAMES: Mapping[str, ObjectKind] = MappingProxyType(
    {k.value: k for k in ObjectKind if k is not ObjectKind.SCHEMA}
)


def split_patterns(
    patterns: Iterable[str],
) -> tuple[tuple[str, ...], tuple[tuple[ObjectKind, str], ...]]:
    """``patterns`` as table patterns and ``(kind, pattern)`` pairs of the
    ``KIND:pattern`` ones (``sequence:*_id_seq``); ``table:x`` is ``x``."""
    tables: list[str] = []
    kinds: list[tuple[ObjectKind, str]] = []
    for p in patterns:
        head, colon, rest = p.partition(":")
        kind = _KIND_NAMES.get(head.strip().casefold()) if colon else None
        if kind is None:
            tables.append(p)
        elif kind is ObjectKind.TABLE:
            tables.append(rest)
        else:
            kinds.append((kind, rest))
    return tuple(tables), tuple(kinds)


def _without_kinds(
    objects: Sequence[SchemaObject], kinds: Sequence[tuple[ObjectKind, str]]
) -> tuple[tuple[SchemaObject, ...], list[SchemaObject]]:
    """``objects`` without those a ``KIND:pattern`` names (a view with what
    is attached to it: its columns), and those named."""
    if not kinds:
        return tuple(objects), []
    named = [o for o in objects if any(o.kind is k and _matches(p, o) for k, p in kinds)]
    if not named:
        return tuple(objects), []
    views = {
        (_schema(o), _fold(o.name))
        for o in named
        if o.kind in (ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW)
    }
    ids = {id(o) for o in named}
    kept = tuple(
        o
        for o in objects
        if id(o) not in ids and not (o.table is not None and (_schema(o), _fold(o.table)) in views)
    )
    return kept, named


def _schema_names(schema: Schema) -> set[str]:
    """Every schema ``schema``'s objects are in or name, case-folded."""
    names = {_schema(o) for o in schema.objects if o.kind is not ObjectKind.SCHEMA}
    return names | {_fold(o.name) for o in schema.of_kind(ObjectKind.SCHEMA)}


def unmatched(patterns: Sequence[str], *sides: Schema) -> tuple[str, ...]:
    """The ``database_ignore``/``--ignore-table`` patterns that name no table
    (``schema.*``: no schema) of any of ``sides``, in their order: a typo, or
    a table gone, that would otherwise leave out nothing without a word."""
    out = []
    for p in dict.fromkeys(patterns):
        tables, kinds = split_patterns((p,))
        if kinds:
            kind, pattern = kinds[0]
            hit = any(_matches(pattern, o) for side in sides for o in side.of_kind(kind))
        elif whole := _whole_schemas(tables):
            hit = any(_in_whole(s, whole) for side in sides for s in _schema_names(side))
        else:
            hit = any(
                _matches(tables[0], t) for side in sides for t in side.of_kind(ObjectKind.TABLE)
            )
        if not hit:
            out.append(p)
    return tuple(out)


def unmatched_warning(patterns: Sequence[str], where: str) -> str | None:
    """One line for stderr naming ``patterns`` (from :func:`unmatched`), or None."""
    if not patterns:
        return None
    listed = ", ".join(repr(p) for p in patterns)
    which = "pattern matches" if len(patterns) == 1 else "patterns match"
    return f"database_ignore/--ignore-table {which} no table {where}: {listed}"


#: The columns of Knex's migrations table and of its ``<table>_lock`` (knex 3.1
#: ``lib/migrations/migrate/table-creator.js``), whatever ``tableName`` the
#: project gives it (Wiki.js' ``knex.migrate.latest({tableName: 'migrations'})``).
_KNEX_TABLE = frozenset({"id", "name", "batch", "migration_time"})
_KNEX_LOCK = frozenset({"index", "is_locked"})


#: knex-migrator's (5.4.1: ``lib/database.js`` ``createMigrationsTable``,
#: ``migrations/lock-table.js``), always named ``migrations`` and
#: ``migrations_lock`` (Ghost's; trial s39), case-folded.
_KNEX_MIGRATOR_TABLE = frozenset({"id", "name", "version", "currentversion"})
_KNEX_MIGRATOR_LOCK = frozenset({"lock_key", "locked", "acquired_at", "released_at"})
#: (table columns, lock columns, tool) of each pair told by its columns.
_SHAPED_PAIRS = (
    (_KNEX_TABLE, _KNEX_LOCK, "knex"),
    (_KNEX_MIGRATOR_TABLE, _KNEX_MIGRATOR_LOCK, "knex-migrator"),
)


def _knex_tables(columns: Mapping[tuple[str, str], list[str]]) -> dict[tuple[str, str], str]:
    """The (schema, table) pairs that are Knex's migrations table under
    another name and its lock table, or knex-migrator's, with the tool:
    exactly the tool's columns, the pair named ``t`` and ``t_lock`` (a table
    alone with those columns may be anyone's)."""
    found: dict[tuple[str, str], str] = {}
    for (schema, table), names in columns.items():
        lock = (schema, table + "_lock")
        for table_columns, lock_columns, tool in _SHAPED_PAIRS:
            if (
                frozenset(names) == table_columns
                and frozenset(columns.get(lock, ())) == lock_columns
            ):
                found[(schema, table)] = found[lock] = tool
    return found


def leave_out(
    database: Schema,
    files: Schema | None,
    extra: Sequence[str] = (),
    tools: Mapping[str, str] | None = None,
    always: Mapping[str, str] | None = None,
) -> tuple[Schema, LeftOut]:
    """``database`` without the tool tables the files do not create, and what went.

    A default name (:data:`TOOL_TABLES`, :data:`TOOL_SCHEMAS`, and ``tools``:
    more table names -> their tool, as the project configures its tool:
    pop's ``migration_table_name``; ``schema.name`` for one schema's:
    postgres-migrations' ``migrations``) is kept when ``files`` create a table
    (or, for a schema, any object) of that name: then it is the project's
    own and compared as usual. ``always``: table names -> their tool, left
    out even so (Prisma's ``_prisma_migrations`` where the files are Prisma's:
    Prisma makes it before any migration runs, so a migration's ``CREATE
    TABLE IF NOT EXISTS`` of it does nothing). ``extra`` patterns (``name``,
    ``schema.name``, ``schema.*``) are always left out. Pure.
    """
    patterns = extra
    extra, kinds = split_patterns(extra)
    forced = {k.casefold(): v for k, v in (always or {}).items()}
    known = {**TOOL_TABLES, **{k.casefold(): v for k, v in (tools or {}).items()}, **forced}
    file_tables = set()
    file_schemas = set()
    if files is not None:
        for o in files.objects:
            file_schemas.add(_fold(o.schema))
            if o.kind is ObjectKind.TABLE:
                file_tables.add(_fold(o.name))
    project = {k.casefold() for k in (*(tools or {}), *(always or {}))}
    columns: dict[tuple[str, str], list[str]] = {}
    for o in database.of_kind(ObjectKind.COLUMN):
        if o.table is not None:
            columns.setdefault((_schema(o), _fold(o.table)), []).append(_fold(o.name))
    whole = _whole_schemas(extra)
    gone_schemas: dict[str, str] = dict.fromkeys(
        (s for s in _schema_names(database) if _in_whole(s, whole)) if whole else (), CONFIGURED
    )
    for o in database.of_kind(ObjectKind.SCHEMA):
        tool = TOOL_SCHEMAS.get(_fold(o.name))
        if tool is not None and _fold(o.name) not in file_schemas:
            gone_schemas.setdefault(_fold(o.name), tool)
    gone_tables: dict[tuple[str, str], str] = {}
    owned: set[str] = set()
    by_columns: set[str] = set()
    knex_shaped = _knex_tables(columns)
    listed: list[tuple[str, str]] = [
        (f"schema {o.name}", gone_schemas[_fold(o.name)])
        for o in database.of_kind(ObjectKind.SCHEMA)
        if _fold(o.name) in gone_schemas
    ]
    table_keys = {(_schema(t), _fold(t.name)) for t in database.of_kind(ObjectKind.TABLE)}
    for t in database.of_kind(ObjectKind.TABLE):
        key = (_schema(t), _fold(t.name))
        if key[0] in gone_schemas:
            continue
        why = _why(t, extra, file_tables, known)
        if why is not None and why == TOOL_TABLES.get(_fold(t.name)) and key[1] not in project:
            # a name several tools (and runners of no tool) give their table: its columns say whose
            beside = {n for s, n in table_keys if s == key[0]}
            why = tool_by_columns(key[1], columns.get(key, ()), why, beside)
            if why != UNKNOWN_RUNNER and key in columns and key[1] in SIGNATURES:
                by_columns.add(t.qualified_name)
        if why is None and key in knex_shaped and key[1] not in file_tables:
            why = knex_shaped[key]
            by_columns.add(t.qualified_name)
        if why is None and _fold(t.name) in forced:
            why = forced[_fold(t.name)]
            owned.add(t.qualified_name)
        if why is not None:
            gone_tables[key] = why
            listed.append((t.qualified_name, why))
    kept, named = _without_kinds(
        [o for o in database.objects if not _gone(o, gone_schemas, gone_tables)], kinds
    )
    # a function's overloads are one name
    listed += [
        (shown, CONFIGURED)
        for shown in dict.fromkeys(f"{o.kind.value} {o.qualified_name}" for o in named)
    ]
    if not listed and len(kept) == len(database.objects):
        return database, LeftOut((), 0, schemas=frozenset(gone_schemas), patterns=tuple(patterns))
    left = LeftOut(
        tuple(listed),
        len(database.objects) - len(kept),
        files is not None,
        frozenset(gone_schemas),
        frozenset(gone_tables),
        tuple(patterns),
        frozenset(owned),
        frozenset(by_columns),
    )
    return replace(database, objects=kept), left


def files_without(files: Schema, left: LeftOut) -> Schema:
    """The files' model without what ``left`` took from the database's side:
    the left-out schemas with everything in them, the left-out tables (a
    ``database_ignore:`` table the files create too), and whatever is
    attached to either (columns, indexes, constraints, triggers, policies,
    owned sequences), the files' tables the team's patterns name, which
    the database may lack, and SQLite's own ``sqlite_*`` tables a dump of a
    SQLite database holds (the live reader never reads them). Pure."""
    patterns, kinds = split_patterns(left.patterns)
    tables = dict.fromkeys(left.table_keys, "")
    for t in files.of_kind(ObjectKind.TABLE) if patterns else ():
        if any(_matches(p, t) for p in patterns):
            tables[(_schema(t), _fold(t.name))] = CONFIGURED
    for t in files.of_kind(ObjectKind.TABLE):
        if t.source.dialect == "sqlite" and t.name.casefold().startswith("sqlite_"):
            # SQLite's own (a .schema dump's sqlite_sequence), which the live
            # reader leaves out too (pragma_table_list's internal tables)
            tables[(_schema(t), _fold(t.name))] = ""
    schemas = dict.fromkeys(left.schemas, "")
    whole = _whole_schemas(patterns)
    for name in _schema_names(files) if whole else ():
        if _in_whole(name, whole):
            schemas[name] = CONFIGURED  # a schema only the files have
    if not schemas and not tables and not kinds:
        return files
    kept, _ = _without_kinds([o for o in files.objects if not _gone(o, schemas, tables)], kinds)
    return files if len(kept) == len(files.objects) else replace(files, objects=kept)


def _why(
    table: SchemaObject, extra: Iterable[str], file_tables: set[str], tools: Mapping[str, str]
) -> str | None:
    """Why ``table`` is left out, or None to keep it (``tools``: tool table names)."""
    if any(_matches(p, table) for p in extra):
        return CONFIGURED
    tool = tools.get(_fold(table.name)) or tools.get(f"{_schema(table)}.{_fold(table.name)}")
    if tool is None or _fold(table.name) in file_tables:
        return None
    return tool


def _gone(
    obj: SchemaObject, schemas: Mapping[str, str], tables: Mapping[tuple[str, str], str]
) -> bool:
    """Whether ``obj`` is a left-out schema, table, or belongs to one."""
    if obj.kind is ObjectKind.SCHEMA:
        return _fold(obj.name) in schemas
    schema = _schema(obj)
    if schema in schemas:
        return True
    if obj.kind is ObjectKind.TABLE:
        return (schema, _fold(obj.name)) in tables
    if obj.table is not None:
        return (schema, _fold(obj.table)) in tables
    if obj.owned_by is not None:
        return (schema, _fold(obj.owned_by[0])) in tables
    return False
