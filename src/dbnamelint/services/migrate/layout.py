"""Where the project keeps its migrations, and how its tool names a new one.

The migration goes beside the last file (in replay order) that touches what
it renames, in that file's layout (or the layout of the file that created
the table, when that one is not recognised):

- flyway (``V<n>__x.sql``, or a baseline migration ``B<n>__x.sql``):
  ``V<next>__slug.sql``, the highest version (baselines' too) of
  every location with its last part one higher, written in its scheme
  (``V1_27__`` -> ``V1_28__``), and the folder's shared description tail
  (``___MYSQL``) kept; + undo ``U<next>__slug.sql``; beside Spring Boot's
  vendor-neutral ``common/``, in the folder named for the database
  (:func:`flyway_folder`);
- golang-migrate (``*.up.sql``): ``<next>_slug.up.sql`` + ``.down.sql`` (a folder of
  ``V0001.Name.up.sql`` files, Authelia's: ``V<next>.slug.up.sql``, its scheme kept);
- pop (``<version>_x.up.sql`` in a Go module that runs pop or Ory's popx:
  :func:`dbnamelint.go_module.runs_pop`): named as golang-migrate's, no
  BEGIN/COMMIT (pop runs each migration in a transaction with its version row);
- postgres-migrations (``<id>[-_]<name>.sql`` where the nearest ``package.json``
  depends on the npm ``postgres-migrations``: :mod:`dbnamelint.postgres_migrations`):
  the next consecutive id, as wide and with the same separator, no BEGIN/COMMIT
  (the runner wraps each file in its transaction with the row recording it),
  the rollback out of the folder (``../rollbacks/``: the runner reads every
  ``.sql`` file of its folder);
- diesel (``<ts>_x/up.sql``): ``<YYYY-MM-DD-HHMMSS>_slug/up.sql`` + ``down.sql``;
- prisma (``<ts>_x/migration.sql``): ``<ts>_slug/migration.sql`` + ``down.sql``
  (Prisma's down-migration recipe); folders numbered by a counter (umami's
  ``01_init``): ``<next>_slug``, as wide (Diesel likewise);
- goose (``-- +goose Up``), dbmate (``-- migrate:up``), sql-migrate
  (``-- +migrate Up``): one file with both sections;
- liquibase (``-- liquibase formatted sql``): ``-- changeset`` + ``-- rollback``
  lines, placed where Liquibase runs it after everything it runs
  (:mod:`.changelog`: an include appended to the root changelog, a name
  that sorts last in an ``includeAll`` folder run last, or the end of a
  formatted-SQL changelog run directly);
- sqlx (``<version>_x.sql`` or ``.up.sql`` in a crate whose ``Cargo.toml``
  depends on sqlx): ``<version>_slug.up.sql`` + ``.down.sql`` in a folder of
  reversible migrations, else ``<version>_slug.sql`` + ``../rollbacks/...``;
  no BEGIN/COMMIT (sqlx runs each migration in its own transaction);
- zdb (``YYYY-MM-DD-N-x[-<dialect>].{sql,gotxt}``, zgo.at/zdb's ``db/migrate``:
  :mod:`dbnamelint.zdb_layout`): ``<date>-<N>-slug-<dialect>.sql`` (today's
  date, or the latest one of the folder, and the next ``N`` of that date; a
  run for another dialect's copy reuses the name its twin got), no
  BEGIN/COMMIT (zdb runs each migration in a transaction with its
  ``version`` row), the rollback in ``../rollbacks/`` (zdb reads every
  ``.sql`` of ``db/migrate``);
- temporal (a ``v<version>/`` folder with temporal's ``manifest.json``:
  :mod:`dbnamelint.temporal_layout`): the next version's folder
  ``v<major>.<minor+1>/`` with ``<slug>.sql`` and its ``manifest.json``
  (``CurrVersion``, ``MinCompatibleVersion`` as the last manifest sets it,
  ``Description``, ``SchemaUpdateCqlFiles``), plain statements (the tool
  runs them one by one, in no transaction), the rollback in
  ``../../rollbacks/v<version>/`` (temporal has no down migrations);
- synapse (a file of a Synapse store's ``full_schemas/<N>/`` or
  ``delta/<N>/``: :mod:`dbnamelint.synapse_layout`): one delta per store,
  ``<store>/delta/<SCHEMA_VERSION>/<NN>_slug.sql.postgres`` (``.sql.sqlite``
  for SQLite), ``NN`` past every delta of that version in every store (they
  run sorted together by file name; a run for the other database reuses
  the number its twin got), no BEGIN/COMMIT (``prepare_database`` runs
  the upgrade in one transaction), the rollback in
  ``rollbacks/<store>/<SCHEMA_VERSION>/<same>`` beside the stores (Synapse
  has no down migrations; it never reads that folder);
- timestamped (Supabase ``supabase/migrations``, ``<14 digits>_x.sql``):
  ``<ts>_slug.sql`` + ``../rollbacks/<ts>_slug.sql`` (not applied by the tool);
- upgrades (a full schema with a folder of upgrade scripts named with a
  version below its folder, icingadb's ``schema/pgsql/schema.sql`` and
  ``upgrades/1.2.0.sql``: :mod:`.upgrades`): the next version's script
  ``upgrades/<next>.sql`` (or ``--name``'s), the full schema edited so a new
  database makes the new names (:mod:`.full_schema`), the rollback in
  ``rollbacks/<same>`` beside the upgrades folder;
- numbered (``001-x.sql``, ``001_x.sql``, ``001.sql``): the next number, as wide as the
  highest, same separator, + ``../rollbacks/<same>.sql`` (``<same>.down.sql`` in a
  folder that already keeps ``.down.sql`` files beside its migrations;
  ``../rollbacks/<folder name>/<same>.sql`` when a sibling folder holds
  migrations too, for the timestamped and sqlx layouts as well).

Versions continue the folder's scheme (a counter, or a timestamp past every
existing one, a clock behind the tree included), are never one a migration
of the folder has, and make the new file come last in the tool's order (of
every migration of the folder) and in dbnamelint's (of the files it reads:
:mod:`.versions`); when no name in
the scheme can (a numbered layout in a folder of unnumbered files), the
migration is refused with what to rename. Files are written atomically
(temporary file + rename in the same folder) and never overwrite an
existing file.
"""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import Struct

from dbnamelint import (
    atomicfile,
    golang_migrate_names,
    synapse_layout,
    temporal_layout,
    temporal_split,
    zdb_layout,
)
from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.dialects import (
    Family,
    copy_of,
    dialect_from_folder_names,
    dialect_from_suffix,
    profile_for,
)
from dbnamelint.drizzle_layout import JOURNAL, has_journal
from dbnamelint.flyway_baselines import baseline_version
from dbnamelint.frontends.prisma.schema import prisma_string
from dbnamelint.frontends.sql.sources import (
    ROLLBACK_DIRS,
    is_go_migration,
    is_rollback_file,
    rollback_suffix,
)
from dbnamelint.go_module import GOLANG_MIGRATE as GOLANG_MIGRATE_MODULE
from dbnamelint.go_module import go_module_requires, runs_pop
from dbnamelint.liquibase_sql import changesets, is_changelog_text, liquibase_dbms, read_head
from dbnamelint.pop import MIGRATION as POP_MIGRATION
from dbnamelint.postgres_migrations import runs_file as runs_postgres_migrations
from dbnamelint.services.migrate import drizzle_files
from dbnamelint.services.migrate.changelog import (
    Placement,
    append_changeset,
    include_at_end,
    place,
)
from dbnamelint.services.migrate.sqitch import sqitch_change, sqitch_target
from dbnamelint.services.migrate.upgrades import UPGRADE_FOLDERS, upgrade_name, upgrades_folder
from dbnamelint.services.migrate.versions import (
    ToolOrder,
    counts_up,
    diesel_order,
    leading_version,
    name_order,
    next_counter,
    number_order,
    pop_order,
    sorts_after,
    stamp_candidates,
    taken,
    tool_sorts_after,
    uses_timestamps,
)
from dbnamelint.sqlx_crate import uses_sqlx

if TYPE_CHECKING:
    from dbnamelint.services.migrate.plan import Step


class Layout(str, Enum):
    """Migration tools whose file naming we follow."""

    FLYWAY = "flyway"
    GOLANG_MIGRATE = "golang-migrate"
    POP = "pop"
    POSTGRES_MIGRATIONS = "postgres-migrations"
    DIESEL = "diesel"
    PRISMA = "prisma"
    GOOSE = "goose"
    DBMATE = "dbmate"
    SQL_MIGRATE = "sql-migrate"
    LIQUIBASE = "liquibase"
    SQLX = "sqlx"
    SQITCH = "sqitch"
    ZDB = "zdb"
    TEMPORAL = "temporal"
    SYNAPSE = "synapse"
    DRIZZLE = "drizzle"
    TIMESTAMPED = "timestamped"
    NUMBERED = "numbered"
    #: A full schema with hand-applied upgrade scripts below it (:mod:`.upgrades`).
    UPGRADES = "upgrades"
    #: A new Alembic revision after the chain's head (:mod:`.alembic_revision`).
    ALEMBIC = "alembic"
    #: A new Django migration after the app's leaf (:mod:`.django_migration`).
    DJANGO = "django"
    #: A new Knex migration after the folder's last one (:mod:`.knex_migration`).
    KNEX = "knex"
    #: A new sequelize-cli migration after the folder's last one (:mod:`.sequelize_migration`).
    SEQUELIZE = "sequelize"
    #: A new Laravel migration after the folder's last one (:mod:`.laravel_migration`).
    LARAVEL = "laravel"
    #: A new TypeORM migration after the folder's newest one (:mod:`.typeorm_migration`).
    TYPEORM = "typeorm"
    #: A new Kysely migration named after the folder's newest one (:mod:`.kysely_migration`).
    KYSELY = "kysely"

    @property
    def own_transaction(self) -> bool:
        """Whether the tool runs each migration in a transaction of its own.

        Flyway, Liquibase, goose, dbmate, sql-migrate, Diesel and sqlx do
        (their manuals; sqlx unless a file opens with ``-- no-transaction``);
        pop too, with the row recording the version in that same transaction
        (``Migrator.UpTo``; popx too, but not on MySQL or CockroachDB, where
        DDL commits anyway), and postgres-migrations (``runMigration``, the
        ``migrations`` row in it, unless a file says ``-- postgres-migrations
        disable-transaction``); a BEGIN/COMMIT in the script would end the
        tool's transaction early.
        """
        return self in _OWN_TRANSACTION

    @property
    def order(self) -> ToolOrder | None:
        """The tool's order of a folder's migration names, or None (dbnamelint's only).

        Supabase, dbmate, Prisma and Liquibase ``includeAll`` sort names;
        Diesel sorts its versions as text (dashes dropped), pop its versions
        as text (``UpMigrations.Less``: ``10`` before ``9``); golang-migrate,
        goose, sqlx, sql-migrate and postgres-migrations compare version numbers; Flyway's
        versions are numbered past every major; a plain numbered folder is
        read in dbnamelint's order.
        """
        if self is Layout.DIESEL:
            return diesel_order
        if self is Layout.POP:
            return pop_order
        if self in _NAME_ORDER:
            return name_order
        if self in _NUMBER_ORDER:
            return number_order
        return None

    @property
    def keys_history_by_name(self) -> bool:
        """Whether the tool records an applied migration under its version or name.

        Every tool's history table does (``__diesel_schema_migrations.version``,
        golang-migrate's ``schema_migrations``, goose's ``goose_db_version``,
        Flyway's ``flyway_schema_history``, ``_prisma_migrations``, dbmate's
        and Supabase's ``schema_migrations``, pop's ``schema_migration``,
        sqlx's ``_sqlx_migrations``, postgres-migrations' ``migrations`` (id and
        a hash of the name), sql-migrate's ``gorp_migrations``, Liquibase's ``DATABASECHANGELOG``
        file path): renaming an applied migration makes the tool apply it
        again. Only a plain numbered folder has no known runner.
        """
        return self is not Layout.NUMBERED


_OWN_TRANSACTION = frozenset(
    {
        Layout.FLYWAY,
        Layout.LIQUIBASE,
        Layout.GOOSE,
        Layout.DBMATE,
        Layout.DIESEL,
        Layout.SQL_MIGRATE,
        Layout.SQLX,
        Layout.POP,
        Layout.POSTGRES_MIGRATIONS,
        Layout.ZDB,
        Layout.SYNAPSE,
        Layout.DRIZZLE,
        Layout.ALEMBIC,
        Layout.DJANGO,
        Layout.KNEX,
        Layout.SEQUELIZE,
        # on PostgreSQL; on MySQL and SQLite it opens none (transactions.tool_note says so)
        Layout.LARAVEL,
        Layout.TYPEORM,
        # on PostgreSQL; on MySQL and SQLite its Migrator opens none (transactions.tool_note)
        Layout.KYSELY,
    }
)
_NAME_ORDER = frozenset(
    {
        Layout.TIMESTAMPED,
        Layout.DBMATE,
        Layout.PRISMA,
        Layout.LIQUIBASE,
        Layout.ZDB,
        Layout.SYNAPSE,
    }
)
_NUMBER_ORDER = frozenset(
    {
        Layout.GOLANG_MIGRATE,
        Layout.GOOSE,
        Layout.SQLX,
        Layout.SQL_MIGRATE,
        Layout.POSTGRES_MIGRATIONS,
    }
)


class LayoutError(Exception):
    """The layout cannot be told, or a file to write already exists.

    Its message names the files it is about by their absolute paths; shown,
    a path under the working directory is relative to it, as every other
    message of migrate shows paths (guides s40: ``dbnamelint:
    /tmp/app/migrations/0001_initial.py: a Django ... migration``)."""

    def __str__(self) -> str:
        text = super().__str__()
        here = str(Path.cwd()).rstrip(os.sep) + os.sep
        # at a path's start only: not inside another path that merely holds it
        return re.sub(rf"(?<![\w{re.escape(os.sep)}.~-]){re.escape(here)}", "", text)


class NewFile(Struct, frozen=True):
    """One file to write: where, and its whole text."""

    path: Path
    text: str
    role: str  # "forward", "rollback", "forward+rollback", "cleanup", "changelog", "manifest"
    #: An existing file rewritten (a Liquibase changelog gaining an include):
    #: its text when planned; written only if it still reads so.
    replaces: str | None = None


_FLYWAY = lazy_compile(r"^V(\d+)(?:[._]\d+)*__.+\.sql$", re.IGNORECASE)
_FLYWAY_VERSIONED = lazy_compile(r"^V(\d+(?:[._]\d+)*)__(.*)\.sql$", re.IGNORECASE)
_FLYWAY_UNDO = lazy_compile(r"^U(\d+(?:[._]\d+)*)__.*\.sql$", re.IGNORECASE)
_FLYWAY_BASELINE = lazy_compile(r"^B(\d+(?:[._]\d+)*)__(.*)\.sql$", re.IGNORECASE)
#: A description's tail a folder's every migration shares (hawkbit's ``___MYSQL``).
_FLYWAY_TAIL = lazy_compile(r"_{2,}[A-Za-z0-9]+$")
_LAST_NUMBER = lazy_compile(r"(\d+)$")


def flyway_next_version(names: Iterable[str]) -> str:
    """The version of a new Flyway migration after every ``V<version>__x.sql``
    and baseline migration ``B<version>__x.sql`` of ``names``.

    The highest version (Flyway compares versions part by part as numbers,
    ``1.0`` equal to ``1``: ``MigrationVersion.compareTo``) with its last part
    one higher, written as it is written (separator ``_`` or ``.`` and the
    part's width kept): ``V1_27__`` -> ``1_28``, ``V1_12_29__`` -> ``1_12_30``,
    ``V5__`` -> ``6``, ``V009__`` -> ``010``. ``1`` when there is none. A
    baseline counts: a new database skips every versioned migration at or
    below the latest baseline's version (:mod:`dbnamelint.flyway_baselines`),
    so ``B8__`` beside ``V7__`` gives ``9``.
    """
    best: tuple[tuple[int, ...], str] | None = None
    for name in names:
        found = _FLYWAY_VERSIONED.match(name)
        if found is None and baseline_version(name) is not None:
            found = _FLYWAY_BASELINE.match(name)
        if found is None:
            continue
        text = found.group(1)
        parts = [int(p) for p in re.split(r"[._]", text)]
        while len(parts) > 1 and parts[-1] == 0:
            parts.pop()
        if best is None or tuple(parts) > best[0]:
            best = (tuple(parts), text)
    if best is None:
        return "1"
    text = best[1]
    last = _LAST_NUMBER.search(text)
    if last is None:  # never: the pattern ends every version with digits
        return "1"
    digits = last.group(1)
    return text[: last.start()] + str(int(digits) + 1).zfill(len(digits))


def _flyway_parts(version: str) -> tuple[int, ...]:
    """A Flyway version as Flyway compares it (``1_10`` after ``1_9``; ``1.0`` is ``1``)."""
    parts = [int(p) for p in re.split(r"[._]", version) if p]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def flyway_folder(folder: Path, dialect: str | None) -> Path:
    """The folder a new Flyway migration in ``dialect`` goes to, its anchor being in ``folder``.

    Spring Boot's ``db/migration/common`` holds the scripts every database
    runs (``spring.flyway.locations=db/migration/common,db/migration/{vendor}``),
    while the rename scripts are the dialect's own SQL (PostgreSQL's ``DO``
    blocks, ``regclass``): beside ``common/``, they go to the one folder
    named for ``dialect`` (``postgresql/``; else the one named for its copy,
    ``mysql/`` for MariaDB: :func:`~dbnamelint.dialects.copy_of`). ``folder``
    itself when it is not ``common/``, when ``dialect`` is None, or when no
    single such folder exists.
    """
    if dialect is None or folder.name.lower() != "common":
        return folder
    try:
        siblings = sorted(p for p in folder.parent.iterdir() if p.is_dir() and p != folder)
    except OSError:
        return folder
    named = [(p, d) for p in siblings if (d := dialect_from_folder_names([p.name])) is not None]
    own = [p for p, d in named if d == dialect] or [
        p for p, d in named if copy_of(d) == copy_of(dialect)
    ]
    return own[0] if len(own) == 1 else folder


def flyway_undo_note(
    files: Sequence[NewFile],
    shown: Callable[[Path], str],
    dialect: str = "postgres",
    table_of: Callable[[Path], str | None] = lambda _path: None,
    settings_table: Callable[[Path], tuple[str, str] | None] = lambda _path: None,
) -> str | None:
    """What to say of the Flyway undo files (``U<version>__x.sql``) among ``files``; None
    when there is none. ``shown``: how to print a path; ``table_of``: the
    history table of the Flyway instance running a file's folder, when the
    config names it (``flyway_locations: [{locations: [...], table: x}]``);
    else ``settings_table``: the table the project's own Flyway settings
    name, with the file that names it (hawkbit's
    ``spring.flyway.table=schema_version``,
    :mod:`dbnamelint.flyway_settings`; trial s33: the note said
    ``flyway_schema_history``).

    Flyway runs undo migrations only in its Teams and Enterprise editions
    (``flyway undo``, documentation.red-gate.com "Undo": "Flyway Teams");
    Community does not run them. By hand, the rollback is the undo script
    run with the database's client, then the version's row deleted from
    Flyway's schema history table (default ``flyway_schema_history``; Spring
    Boot's ``spring.flyway.table``, ``Flyway.configure().table(...)``), so
    ``flyway migrate`` applies the version again. Flyway records a version
    with ``.`` for ``_`` (``V1_28__`` is ``1.28``).
    """
    undos = [
        (f, found)
        for f in files
        if f.role == "rollback" and (found := _FLYWAY_UNDO.match(f.path.name)) is not None
    ]
    if not undos:
        return None
    names = ", ".join(shown(f.path) for f, _ in undos)
    forwards = ", ".join("V" + f.path.name[1:] for f, _ in undos)
    head = (
        f"Flyway runs the undo migration {names} only in its Teams and Enterprise editions "
        "(flyway undo); Community does not run it. To roll back by hand: run it with the "
        f"database's client ({_client_run(shown(undos[0][0].path), dialect)}), then delete "
    )
    configured = [table_of(f.path) for f, _ in undos]
    in_settings = [
        None if t is not None else settings_table(f.path)
        for (f, _), t in zip(undos, configured, strict=True)
    ]
    tables = [
        t if t is not None else (s[0] if s else None)
        for t, s in zip(configured, in_settings, strict=True)
    ]
    unknown = any(t is None for t in tables)
    if_set = (
        "; each instance's table is the one its spring.flyway.table, flyway.table or "
        "flyway.datasources.<name>.table (Micronaut) names, if set"
        if unknown
        else ""
    )
    if len({f.path.parent for f, _ in undos}) > 1:
        # Flyway instances apart (trial s19): each keeps its own history table
        rows = "; ".join(
            f"for {shown(f.path)}: DELETE FROM {table or _DEFAULT_HISTORY} WHERE version = "
            f"'{m.group(1).replace('_', '.')}'"
            for (f, m), table in zip(undos, tables, strict=True)
        )
        return (
            f"{head}the version's row from the history table of the Flyway instance that runs "
            f"its folder ({rows}{if_set}), so a later flyway migrate applies {forwards} again"
        )
    versions = ", ".join(f"'{m.group(1).replace('_', '.')}'" for _, m in undos)
    where = f"version = {versions}" if len(undos) == 1 else f"version IN ({versions})"
    table = tables[0]
    whose = (
        "Flyway's history table"
        if table is None
        else "the history table of the Flyway instance that runs its folder"
    )
    setting = in_settings[0]
    named = (
        "; the table spring.flyway.table, flyway.table or flyway.datasources.<name>.table "
        "(Micronaut) names, if set"
        if table is None
        else f", as {shown(Path(setting[1]))} sets it"
        if setting is not None
        else ", as the config's flyway_locations names it"
    )
    if setting is not None:
        whose = "Flyway's history table"
    return (
        f"{head}the version's row from {whose} (DELETE FROM {table or _DEFAULT_HISTORY} "
        f"WHERE {where}{named}), so a later flyway migrate applies {forwards} again"
    )


#: Flyway's history table unless configured otherwise (Flyway 5+).
_DEFAULT_HISTORY = "flyway_schema_history"


def prisma_next_steps(
    files: Sequence[NewFile],
    tables: Sequence[tuple[str, str]],
    columns: Sequence[tuple[str, str, str]],
    shown: Callable[[Path], str],
    dialect: str = "postgres",
    types: Sequence[tuple[str, str]] = (),
) -> str | None:
    """What to do after a Prisma migration (``<name>/migration.sql`` among
    ``files``) is written; None without one. ``tables``: ``(old, new)`` table
    renames; ``columns``: ``(table, old, new)`` column renames; ``types``:
    ``(old, new)`` type renames (a Prisma enum's, mapped by ``@@map`` as a
    model is); ``shown``: how to print a path.

    Prisma reads the tables through ``schema.prisma``: a model still named
    for the old table makes the next ``prisma migrate dev`` write a migration
    that renames it back, so each renamed table's model needs ``@@map`` and
    each renamed field ``@map`` (Prisma's "Database mapping"). ``migrate
    deploy`` runs ``migration.sql`` only, never a ``down.sql`` (Prisma's
    "Generating down migrations" runs one with ``prisma db execute``), and
    ``prisma migrate resolve --rolled-back`` takes a failed migration only
    (prisma-engines ``mark_migration_rolled_back``:
    ``CannotRollBackSucceededMigration``), so an applied one is rolled back
    by running its ``down.sql`` and deleting its ``_prisma_migrations`` row.
    """
    forward = next(
        (f for f in files if f.role.startswith("forward") and f.path.name == "migration.sql"),
        None,
    )
    if forward is None:
        return None
    name = forward.path.parent.name
    down = next(
        (f for f in files if f.role == "rollback" and f.path.parent == forward.path.parent), None
    )
    maps = [f'the model of "{old}": @@map({prisma_string(new)})' for old, new in tables[:3]]
    maps += [
        f'the field of "{table}"."{old}": @map({prisma_string(new)})'
        for table, old, new in columns[: max(0, 3 - len(maps))]
    ]
    maps += [
        f'the enum of "{old}": @@map({prisma_string(new)})'
        for old, new in types[: max(0, 3 - len(maps))]
    ]
    more = len(tables) + len(columns) + len(types) - len(maps)
    listed = "; ".join(maps) + (f"; {more} more" if more > 0 else "")
    mapping = (
        f"map schema.prisma's models to the new names ({listed}), or the next `prisma "
        "migrate dev` writes a migration renaming them back: `dbnamelint impact --diff "
        "--renamed-only` prints that patch (`git apply` it)"
        if maps
        else "check that schema.prisma's models map to the names the database holds"
    )
    if down is None:
        rollback = f"`prisma migrate resolve --rolled-back {name}` is for a failed deploy only"
    else:
        script = shown(down.path)
        rollback = (
            f"to roll it back once applied, run `prisma db execute --file {script}` (or "
            f'{_client_run(script, dialect)}), then DELETE FROM "_prisma_migrations" WHERE '
            f"migration_name = '{name}' so Prisma counts it unapplied (`prisma migrate resolve "
            "--rolled-back` refuses a migration that was applied: it is for a failed deploy, "
            "whose transaction left nothing to undo)"
        )
    adapter = _adapter_config(forward.path) if "$dbnamelint$" in forward.text else None
    split = (
        f"; {shown(adapter)} sets a driver adapter, whose executeScript splits a "
        "migration.sql at every `;` (Prisma 6.19 with @prisma/adapter-pg: a syntax error "
        "inside the script's DO block, nothing renamed), so run this one with "
        f"{_client_run(shown(forward.path), dialect)} and then `prisma migrate resolve "
        f"--applied {name}`"
        if adapter is not None
        else ""
    )
    return (
        f"Prisma: {mapping}; `prisma migrate deploy` applies {name} (its migration.sql "
        f"only, never a down.sql){split}; {rollback}"
    )


#: The names Prisma looks for its config file under (prisma.io, "prisma.config.ts").
_PRISMA_CONFIGS = tuple(
    f"prisma.config.{suffix}" for suffix in ("ts", "mts", "cts", "js", "mjs", "cjs")
)


def _adapter_config(migration: Path) -> Path | None:
    """The Prisma config above ``migration`` (up to the folder holding a
    ``package.json``) when it sets a driver ``adapter``, else None (trial s26
    ghostfolio: with one, ``migrate deploy`` sent the script through the
    adapter, which split it at each ``;``)."""
    for folder in migration.absolute().parents:
        for name in _PRISMA_CONFIGS:
            config = folder / name
            try:
                text = config.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            return config if _ADAPTER.search(text) else None
        if (folder / "package.json").is_file():
            return None
    return None


_ADAPTER = lazy_compile(r"\badapter\s*:")


def _client_run(path: str, dialect: str) -> str:
    """How the database's own command-line client runs the script at ``path``."""
    family = profile_for(dialect).family
    if family is Family.MYSQL:
        client = "mariadb" if dialect == "mariadb" else "mysql"
        return f"{client} <database> < {path}"
    if family is Family.SQLITE:
        return f"sqlite3 <database file> < {path}"
    if family is Family.TSQL:
        return f"sqlcmd -i {path}"
    if family is Family.ORACLE:
        return f"sqlplus <connection> @{path}"
    return f"psql -f {path}"


def _same_description(description: str, slug: str) -> bool:
    """Whether a copy's migration described ``description`` is this run's
    ``slug``, that copy's folder tail (``__MYSQL``,
    :func:`flyway_description_suffix`) aside."""
    if description == slug:
        return True
    rest = description[len(slug) :] if description.startswith(slug) else ""
    return _FLYWAY_TAIL.fullmatch(rest) is not None


def flyway_description_suffix(names: Iterable[str]) -> str:
    """The tail every versioned migration of a folder ends its description with
    (``___MYSQL`` of hawkbit's ``V1_12_29__add_ds_sm_locked___MYSQL.sql``), when
    there are two or more of them and they all share it; else ``""``."""
    tails = [
        (m.group(0) if (m := _FLYWAY_TAIL.search(v.group(2))) else "")
        for name in names
        if (v := _FLYWAY_VERSIONED.match(name)) is not None
    ]
    if len(tails) < 2 or len(set(tails)) != 1:
        return ""
    return tails[0]


_FLYWAY_REPEATABLE = lazy_compile(r"^R__", re.IGNORECASE)
_TS14 = lazy_compile(r"^(\d{14})_")
#: A sqlx migration: ``<version>_<description>.sql`` or ``.up.sql``/``.down.sql``
#: (the version an ``i64`` as Rust parses it, a sign taken: ``-1_x.sql``).
_SQLX_NAME = lazy_compile(r"^[+-]?\d+_.*\.sql$", re.IGNORECASE)
#: A numbered file: ``001-x.sql``, ``001_x.sql``, or only the number (``001.sql``);
#: the separator whole (memos' ``00__x.sql``: its runner splits the name at ``__``).
_NUMBER = lazy_compile(r"^(\d+)([-_]+|(?=\.sql$))", re.IGNORECASE)


def _golang_migrate_up(name: str) -> bool:
    """Whether golang-migrate runs ``name`` as an up migration, whatever its
    extension (``128_note.up.txt``; not a Go or fizz file:
    :func:`~dbnamelint.golang_migrate_names.runs_as_sql`)."""
    found = golang_migrate_names.parse(name)
    return found is not None and found.direction == "up" and golang_migrate_names.runs_as_sql(name)


def _head(path: Path) -> str:
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            return handle.read(2000)
    except OSError:
        return ""


def _rails_database_flag(dump: Path) -> str:
    """`` --database queue`` for another database's dump (Rails' generator
    writes the migration to that database's ``migrations_paths:``), else ""."""
    found = _RAILS_DUMP_NAME.match(dump.name)
    database = found.group("database") if found is not None else None
    return f" --database {database}" if database else ""


def _rails_steps(dump: Path) -> str:
    """How the printed scripts go into a Rails migration, by the adapter of
    the database ``dump`` (``db/[<name>_]schema.rb`` or ``_structure.sql``) is of.

    PostgreSQL's adapter sends a string of several statements as one query,
    which runs them all. SQLite's prepares the string, which compiles its
    first statement only: the rest is dropped without an error (trial s37
    lobsters: a migration doing `execute` of the forward script said
    "migrated" and renamed nothing; ActiveRecord on SQLite). MySQL's mysql2
    and trilogy clients refuse several statements in one query unless
    multi-statements are enabled, which Rails does not do for `execute`."""
    from dbnamelint.frontends.rails.app import adapter_dialect

    name = dump.name.replace("structure.sql", "schema.rb")
    dialect = adapter_dialect(dump.with_name(name))
    family = profile_for(dialect).family if dialect is not None else Family.POSTGRES
    if family is Family.SQLITE:
        return (
            "each statement of the forward script in an `execute` of its own in `up`, the "
            "rollback's in `down`, without the scripts' BEGIN and COMMIT: Rails runs the "
            "migration in a transaction, and the SQLite adapter runs only the first "
            "statement of a string, dropping the rest without an error"
        )
    if family is Family.MYSQL:
        return (
            "each statement of the forward script in an `execute` of its own in `up`, the "
            "rollback's in `down`, without the scripts' BEGIN and COMMIT: MySQL commits "
            "each DDL statement, and the mysql2 and trilogy adapters refuse a string of "
            "several statements"
        )
    return (
        "the forward script in `up` as execute <<~'SQL', the rollback in `down`; "
        "`disable_ddl_transaction!`, since the script has its own BEGIN/COMMIT"
    )


def detect(anchor: Path, text: str | None = None) -> Layout:
    """The layout of the migration file ``anchor`` (an existing file of the tree).

    ``text``: the file's text when it is not on disk (a migration the change
    deleted, as the base commit holds it); its folders are still read.
    Raises :class:`LayoutError` when the name follows no known tool.
    """
    name = anchor.name
    if name.lower().endswith(".go"):
        raise LayoutError(
            f"{anchor}: a Go migration list, whose steps the program's own runner applies: "
            "--write does not add a step to Go code; print the SQL without --write "
            "(--no-transaction: a runner that wraps each step in a transaction must not get "
            "BEGIN/COMMIT; -o FILE saves it) and add the forward script's statements as a new "
            "step at the list's end; its rollback and cleanup likewise, later"
        )
    if name.lower().endswith(".php"):
        from dbnamelint.doctrine_schema import is_doctrine_migration

        php = _head(anchor) if text is None else text
        if is_doctrine_migration(name, php):
            # never the Schema API's renameTable: DBAL 4 runs it as CREATE
            # TABLE and DROP TABLE (dbnamelint.doctrine_schema)
            raise LayoutError(
                f"{anchor}: a Doctrine migration, written in PHP: --write does not write "
                "one; print the SQL without --write (-o FILE saves it) and write a new "
                "migration whose up() runs the forward script's statements with "
                "$this->addSql(...), not $schema->renameTable(), which DBAL runs as CREATE "
                "TABLE and DROP TABLE (the rows are lost); its rollback and cleanup "
                "likewise, later"
            )
    if name.lower().endswith((".js", ".cjs", ".mjs", ".ts", ".cts", ".mts")):
        from dbnamelint.typeorm_schema import is_typeorm_class

        if is_typeorm_class(_head(anchor) if text is None else text):
            raise LayoutError(
                f"{anchor}: a TypeORM migration, written in its framework's API: --write "
                "does not write one; print the SQL without --write (-o FILE saves it) and "
                "write a new migration class whose up() runs the forward script's "
                "statements with queryRunner.query(...); its rollback and cleanup likewise, "
                "later"
            )
    if name.lower().endswith(".cs"):
        # an EF Core migration (dbnamelint.code_migrations): EF runs only its
        # compiled Migration classes, never a .sql file written beside them
        raise LayoutError(
            f"{anchor}: an EF Core migration, written in C#: --write does not write one "
            "(EF runs only its Migration classes; a .sql file beside them never runs). "
            "Print the SQL without --write (-o FILE saves it), add a migration "
            "(`dotnet ef migrations add <Name>`) whose Up runs the forward script's "
            'statements with migrationBuilder.Sql(@"..."), without the script\'s BEGIN and '
            "COMMIT (EF runs each migration in a transaction), and whose Down runs the "
            "rollback's; rename the entity's mapping too (ToTable, HasColumnName, "
            "HasDatabaseName, or [Table]/[Column]) so the model snapshot and the next "
            "migration EF scaffolds agree with the database; the cleanup likewise, later"
        )
    if name.lower().endswith((".php", ".py", ".js", ".cjs", ".mjs", ".ts", ".cts", ".mts")):
        # read as the SQL its tool runs (dbnamelint.code_migrations)
        tool, runners = {
            # a Laravel migration is migrate's laravel layout (detect_for_migrate)
            ".php": ("PHP migration of no tool --write knows", "DB::unprepared, $this->addSql"),
            ".py": ("Django migration", "migrations.RunSQL"),
        }.get(
            anchor.suffix.lower(),
            # a Kysely migration is migrate's kysely layout (detect_for_migrate)
            ("db-migrate or node-pg-migrate migration", "db.runSql, pgm.sql"),
        )
        raise LayoutError(
            f"{anchor}: a {tool}, written in its framework's API: --write does not write "
            "one; print the SQL without --write (-o FILE saves it) and write a new migration "
            f"that runs the forward script's statements ({runners}) or the framework's own "
            "renames; its rollback and cleanup likewise, later"
        )
    if sqitch_target(anchor) is not None:
        return Layout.SQITCH  # deploy/<change>.sql of a sqitch project (any name)
    if temporal_layout.version_of(anchor) is not None:
        return Layout.TEMPORAL  # versioned/v1.10/x.sql beside temporal's manifest.json
    if synapse_layout.store_of(anchor) is not None:
        return Layout.SYNAPSE  # main/full_schemas/72/full.sql.postgres, main/delta/74/x.sql
    if anchor.name.lower().endswith(".sql") and has_journal(str(anchor.parent)):
        return Layout.DRIZZLE  # drizzle/0003_x.sql beside meta/_journal.json
    head = (_head(anchor) if text is None else text[:2000]).lower()
    if anchor.suffix.lower() in (".xml", ".yaml", ".yml", ".json") and is_changelog_text(
        read_head(str(anchor)) if text is None else text[:16384]
    ):
        return Layout.LIQUIBASE  # change types (createTable...) in a changelog of their own
    if _FLYWAY.match(name) or baseline_version(name) is not None:
        return Layout.FLYWAY  # a versioned migration, or a baseline migration B<n>__
    if name == "migration.sql":
        return Layout.PRISMA
    if name == "up.sql":
        return Layout.DIESEL
    if (
        _SQLX_NAME.match(name)
        and "supabase/migrations" not in anchor.as_posix()
        and uses_sqlx(anchor)
    ):
        return Layout.SQLX
    if name.endswith(".up.fizz") and POP_MIGRATION.match(name) and runs_pop(anchor):
        return Layout.POP  # pop's fizz migration (dbnamelint.fizz_schema)
    if name.endswith(".up.sql") or _golang_migrate_up(name):
        # pop reads golang-migrate's names too; its module's go.mod tells them apart
        if POP_MIGRATION.match(name) and runs_pop(anchor):
            return Layout.POP
        return Layout.GOLANG_MIGRATE
    if "-- +goose up" in head:
        return Layout.GOOSE
    if "-- migrate:up" in head:
        return Layout.DBMATE
    if "-- +migrate up" in head:
        return Layout.SQL_MIGRATE
    if "--liquibase formatted sql" in head.replace("-- liquibase", "--liquibase"):
        return Layout.LIQUIBASE
    if runs_postgres_migrations(anchor):
        return Layout.POSTGRES_MIGRATIONS  # numbered files the npm runner reads
    if zdb_layout.migration_name(str(anchor)) is not None:
        return Layout.ZDB  # 2022-01-13-1-unfk-postgres.sql: zdb's migration names
    if _TS14.match(name) or "supabase/migrations" in anchor.as_posix():
        return Layout.TIMESTAMPED
    if _NUMBER.match(name):
        return Layout.NUMBERED
    if is_rails_dump(anchor):
        raise LayoutError(
            f"{anchor}: Rails' schema dump, which `bin/rails db:migrate` rewrites: --write "
            "does not write Rails migrations; put the printed SQL in one (`bin/rails generate "
            f"migration RenamePhaseN{_rails_database_flag(anchor)}`, N the phase: "
            f"{_rails_steps(anchor)}), run it, and the dump follows; -o FILE saves the SQL"
        )
    if is_ecto_dump(anchor):
        raise LayoutError(
            f"{anchor}: Ecto's schema dump, which `mix ecto.dump` rewrites: --write does not "
            "write Ecto migrations; put the printed SQL in one (`mix ecto.gen.migration "
            "rename_phase_n`, n the phase: each statement of the forward script in its own "
            "`execute` in `up` (Postgrex runs one statement per query), the rollback's in "
            "`down`, and `@disable_ddl_transaction true` or no BEGIN/COMMIT of the script's "
            "own, since Ecto runs each migration in a transaction), then `mix ecto.migrate` "
            "and `mix ecto.dump`; -o FILE saves the SQL"
        )
    if _is_dump(anchor, text):
        from dbnamelint.services.code_tools import migration_tools, project_root

        tools = migration_tools(project_root(anchor))
        if tools:
            # no --layout: a SQL file beside the dump is no migration of the project's tool
            raise LayoutError(
                f"{anchor}: a schema dump, no migration: "
                + dump_advice(anchor.name, anchor, dump=True)
            )
    raise LayoutError(
        f"{anchor}: cannot tell which migration tool names this file; "
        "pass --layout (flyway, golang-migrate, pop, postgres-migrations, diesel, prisma, "
        "goose, dbmate, sql-migrate, liquibase, sqlx, sqitch, zdb, temporal, synapse, "
        "drizzle, timestamped, "
        "numbered, upgrades) "
        "for the tool that reads its folder; " + dump_advice(anchor.name, anchor)
    )


def detect_for_migrate(anchor: Path) -> Layout:
    """:func:`detect`, and where it finds no tool, a full schema with upgrade
    scripts below it (:mod:`.upgrades`): where ``migrate`` writes a new
    upgrade script. Only ``migrate`` asks this: for the gate and ``init`` such
    a full schema is no tool's history (it is edited in place with every
    upgrade script), so :func:`detect` does not say it. An Alembic revision is
    :attr:`Layout.ALEMBIC` here only, likewise, a Django migration
    :attr:`Layout.DJANGO`, a Knex one :attr:`Layout.KNEX`, a Sequelize one
    :attr:`Layout.SEQUELIZE`, a TypeORM one :attr:`Layout.TYPEORM`, a Kysely
    one :attr:`Layout.KYSELY` and a Laravel one :attr:`Layout.LARAVEL`."""
    if anchor.suffix.lower() == ".py":
        from dbnamelint.code_migrations import code_migration_kind

        try:
            text = anchor.read_bytes().decode("utf-8", "replace")
        except OSError:
            text = ""
        kind = code_migration_kind(anchor.as_posix(), text)
        if kind == "alembic":
            # migrate writes a new revision after the chain's head
            # (:mod:`.alembic_revision`); to the gate and init a revision stays
            # code history, read by dbnamelint.code_migrations
            return Layout.ALEMBIC
        if kind == "django":
            return Layout.DJANGO  # a migration after the app's leaf (:mod:`.django_migration`)
    if anchor.suffix.lower() in (".js", ".cjs", ".mjs", ".ts", ".cts", ".mts"):
        from dbnamelint.code_migrations import code_migration_kind

        kind = code_migration_kind(anchor.as_posix(), _read(anchor) or "")
        # migrate writes a new migration after the folder's last
        # (:mod:`.knex_migration`, :mod:`.sequelize_migration`); to the gate
        # and init it stays code history
        if kind == "knex":
            return Layout.KNEX
        if kind == "sequelize":
            return Layout.SEQUELIZE
        if kind == "typeorm":
            return Layout.TYPEORM  # :mod:`.typeorm_migration`
        if kind == "kysely":
            return Layout.KYSELY  # :mod:`.kysely_migration`
    if anchor.suffix.lower() == ".php":
        from dbnamelint.code_migrations import code_migration_kind

        # a migration after the folder's last (:mod:`.laravel_migration`); a
        # Doctrine one is no "laravel" kind and keeps detect's refusal
        if code_migration_kind(anchor.as_posix(), _read(anchor) or "") == "laravel":
            return Layout.LARAVEL
    try:
        return detect(anchor)
    except LayoutError:
        if upgrades_folder(anchor) is not None:
            return Layout.UPGRADES  # schema/pgsql/schema.sql beside upgrades/1.2.0.sql
        raise


def is_ecto_dump(anchor: Path) -> bool:
    """Whether ``anchor`` is Ecto's schema dump (``priv/<repo>/structure.sql``
    beside ``migrations/``, what ``mix ecto.dump`` writes): the SQL goes into
    an Ecto migration (trial s28 plausible: the advice named --layout
    numbered, which Ecto never runs)."""
    return (
        anchor.name == "structure.sql"
        and anchor.parent.parent.name == "priv"
        and (anchor.parent / "migrations").is_dir()
    )


#: A Rails database's dump: ``schema.rb``, ``structure.sql``, or another
#: database's ``<name>_schema.rb`` / ``<name>_structure.sql`` (``HashConfig#schema_dump``).
_RAILS_DUMP_NAME = lazy_compile(r"^(?:(?P<database>\w+?)_)?(?:schema\.rb|structure\.sql)$")


def is_rails_dump(anchor: Path) -> bool:
    """Whether ``anchor`` is Rails' schema dump (``db/structure.sql`` beside ``db/migrate/``,
    or another database's ``db/queue_schema.rb`` beside its ``migrations_paths:``
    folder or ``db/migrate/``; either in an app with ``config/application.rb``):
    the SQL goes into a Rails migration, whose advice
    keeps the script's BEGIN/COMMIT."""
    found = _RAILS_DUMP_NAME.match(anchor.name)
    if found is None or anchor.parent.name != "db":
        return False
    if (anchor.parent / "migrate").is_dir():
        return True
    if (anchor.parent.parent / "config" / "application.rb").is_file():
        return True  # a Rails app's own (no migration yet, or they were squashed away)
    if found.group("database") is None:
        return False
    from dbnamelint.frontends.rails.app import migrations_paths

    app = anchor.parent.parent
    return any((app / p).is_dir() for p in migrations_paths(app, found.group("database")) or [])


def slugify(text: str) -> str:
    """``Phase 3: Workspace tables`` -> ``phase_3_workspace_tables`` (file-name safe)."""
    slug = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
    return slug[:60].rstrip("_") or "rename"


def _entries(folder: Path) -> list[str]:
    return sorted(e.name for e in folder.iterdir()) if folder.is_dir() else []


def _migration_names(folder: Path, layout: Layout) -> list[str]:
    """Names of the tool's migrations in ``folder`` (folders for Prisma/Diesel, else files)."""
    if layout in (Layout.PRISMA, Layout.DIESEL):
        return [n for n in _entries(folder) if (folder / n).is_dir() and not n.startswith(".")]
    # goose's Go migrations hold versions too (goose refuses a duplicate), and
    # golang-migrate runs its names of any extension (128_note.up.txt).
    return [
        n
        for n in _entries(folder)
        if (
            n.lower().endswith(".sql")
            or dialect_from_suffix(n) is not None
            or is_go_migration(n)
            or zdb_layout.is_template_migration(n)
            or (layout is Layout.GOLANG_MIGRATE and golang_migrate_names.runs_as_sql(n))
        )
        and not n.startswith(".")
        and not is_rollback_file(folder / n)
    ]


_LETTERED = lazy_compile(r"^([A-Za-z]+)(\d+)([._-])")


def runner_transaction(anchor: Path | None, layout: Layout | None) -> bool:
    """Whether the folder of ``anchor`` is Authelia's (``V0001.Name.up.sql``):
    its runner applies every pending migration of a PostgreSQL or SQLite
    database in one transaction of its own (authelia's
    ``internal/storage/sql_provider_schema.go``: ``BeginTxx``, then each
    file's ``Exec``), so a script's own BEGIN/COMMIT would end it early
    (PostgreSQL) or fail ("cannot start a transaction within a
    transaction", SQLite). golang-migrate would not read these names at all
    (its versions are digits)."""
    if layout is not Layout.GOLANG_MIGRATE or anchor is None:
        return False
    return _lettered_scheme(_migration_names(anchor.parent, layout)) is not None


#: A statement opening a transaction of the script's own: ``BEGIN;``, ``BEGIN
#: TRANSACTION;``, ``START TRANSACTION;`` on a line of its own (a PL/pgSQL
#: block's ``BEGIN`` has no ``;`` after it, a trigger's ``BEGIN`` neither).
_OPENS_TRANSACTION = lazy_compile(
    r"^[ \t]*(?:BEGIN(?:[ \t]+(?:TRANSACTION|WORK))?|START[ \t]+TRANSACTION)[ \t]*;",
    re.IGNORECASE | re.MULTILINE,
)
#: How much of each migration :func:`folder_convention` reads.
_CONVENTION_BYTES = 1 << 20


def runner_unknown(anchor: Path | None, layout: Layout | None) -> bool:
    """Whether nothing tells how the runner of ``anchor``'s folder applies a file.

    A plain numbered or timestamped folder names no tool; ``*.up.sql`` files
    are golang-migrate's names, but many projects run them with a runner of
    their own (concourse's ``atc/db/migration`` wraps each file and its
    ``migrations_history`` row in one transaction) when their ``go.mod``
    does not require golang-migrate. Authelia's runner is known
    (:func:`runner_transaction`)."""
    if anchor is None or layout is None:
        return False
    if layout in (Layout.NUMBERED, Layout.TIMESTAMPED):
        return True
    if layout is Layout.GOLANG_MIGRATE:
        if runner_transaction(anchor, layout):
            return False
        return not go_module_requires(anchor, GOLANG_MIGRATE_MODULE)
    return False


def folder_convention(anchor: Path, layout: Layout) -> tuple[bool, int] | None:
    """Whether the forward migrations of ``anchor``'s folder open transactions
    of their own (any of them: ``BEGIN;`` or ``START TRANSACTION;``), and how
    many were read; None when none could be read."""
    folder = anchor.parent
    read = 0
    for name in _migration_names(folder, layout):
        path = folder / name
        if is_go_migration(name) or not path.is_file():
            continue
        try:
            with path.open("rb") as handle:
                text = handle.read(_CONVENTION_BYTES).decode("utf-8", errors="replace")
        except OSError:
            continue
        read += 1
        if _OPENS_TRANSACTION.search(text):
            return True, read
    return (False, read) if read else None


def _without_dialect_word(name: str) -> str:
    """``name`` without the dot-part naming a database (``x.postgres.up.sql``
    -> ``x.up.sql``; kratos' per-dialect copies); the first part always stays."""
    head, *rest = name.split(".")
    return ".".join([head, *(p for p in rest if dialect_from_folder_names([p]) is None)])


def _copy_names(folder: Path, layout: Layout) -> list[str]:
    """The migration names of the folders beside ``folder`` that keep the same
    migrations for other databases: ``folder`` and they are named for a
    database (vaultwarden's Diesel ``migrations/{mysql,postgresql,sqlite}``,
    where one migration has one name in every copy). Empty otherwise."""
    if dialect_from_folder_names([folder.name]) is None or not folder.parent.is_dir():
        return []
    out: list[str] = []
    for sibling in sorted(folder.parent.iterdir()):
        if (
            sibling.name != folder.name
            and sibling.is_dir()
            and dialect_from_folder_names([sibling.name]) is not None
        ):
            out += _migration_names(sibling, layout)
    return out


def _lettered_scheme(names: Sequence[str]) -> tuple[str, list[str], str] | None:
    """``(letters, counters, separator)`` when every ``*.up.sql`` of a folder
    is named ``<letters><counter><sep>...`` with the same letters and
    separator (Authelia's ``V0001.Initial_Schema.up.sql``); else None (plain
    golang-migrate ``000001_x.up.sql``)."""
    ups = [n for n in names if n.lower().endswith(".up.sql")]
    found = [m for n in ups if (m := _LETTERED.match(n)) is not None]
    if not ups or len(found) != len(ups):
        return None
    schemes = {(m.group(1), m.group(3)) for m in found}
    if len(schemes) != 1:
        return None
    ((letters, sep),) = schemes
    return letters, [m.group(2) for m in found], sep


def _read_names(folder: Path, replayed: Sequence[Path]) -> frozenset[str] | None:
    """Names directly in ``folder`` (a file, or the subfolder holding one) that
    the run reads; None when the caller did not say what it reads."""
    if not replayed:
        return None
    base = folder.resolve()
    out = set()
    for path in replayed:
        try:
            out.add(path.resolve().relative_to(base).parts[0])
        except (ValueError, IndexError):
            continue
    return frozenset(out)


def _versioned(
    layout: Layout,
    names: Sequence[str],
    stem: Callable[[str], str],
    now: datetime,
    read: Collection[str] | None = None,
    copies: Sequence[str] = (),
) -> str:
    """The first version candidate whose name ``stem`` builds sorts after ``names``.

    A counter when the folder counts (:func:`~.versions.counts_up`), else a
    timestamp for the layouts that stamp. Versions continue past every name
    of the folder and never repeat one (a file the run leaves out still
    holds its version, and the tool still orders it); only the files the
    run reads (``read``, default all) are in the way of dbnamelint's order.

    ``copies``: the migration names of the folders that keep the same
    migrations for other databases (:func:`_copy_names`). The new version
    sorts after theirs too, and when one of them already holds this very
    migration (``stem`` of its version: a run for another dialect wrote it)
    and its version sorts after every name here, that version is taken, so
    every copy names the migration alike.
    """
    own = [v for n in names if (v := leading_version(n)) is not None]
    versions = own + [v for n in copies if (v := leading_version(n)) is not None]
    stamped = layout in (Layout.TIMESTAMPED, Layout.PRISMA, Layout.DIESEL)
    if uses_timestamps(versions) or (stamped and not counts_up(versions)):
        # A version already taken never comes back, even when the name after it sorts later.
        candidates = [c for c in stamp_candidates(versions, now) if not taken(c, versions)]
    else:
        # umami's Prisma folders 01_init ... 19_x: 20_x, not a timestamp
        # (22000000000000_x would sort after a later `prisma migrate dev` folder).
        candidates = [next_counter(versions)]

    # This migration as another copy named it (newest first): the same name
    # here. A copy may be a folder beside this one, or files of this folder
    # whose names carry another database's word (kratos'
    # ``<v>_x.postgres.up.sql`` beside ``<v>_x.sqlite3.up.sql``).
    def kin(name: str, version: str) -> bool:
        return _without_dialect_word(name) == stem(version)

    worded = [n for n in names if _without_dialect_word(n) != n]
    same = sorted(
        {v for n in [*copies, *worded] if (v := leading_version(n)) is not None and kin(n, v)},
        key=int,
        reverse=True,
    )
    # Reused only where every migration of that version here is a copy of this one.
    free = [
        v
        for v in same
        if all(kin(n, v) for n in names if (w := leading_version(n)) and int(w) == int(v))
    ]
    candidates = [*free, *candidates]
    ordered = [n for n in names if read is None or n in read]
    # The tool runs every migration of the folder, read or not.
    versioned = [n for n in names if leading_version(n) is not None and n not in ordered]
    blocker = None
    # Diesel's folders replay by their version (dbnamelint's walk keys a
    # folder holding ``up.sql`` so): the folders are compared with it.
    inside = "/up.sql" if layout is Layout.DIESEL else ""
    for candidate in candidates:
        # the other copies of this very migration run beside it, not before it
        others = [n for n in ordered if not kin(n, candidate)]
        found = sorts_after(
            stem(candidate) + inside, [n + inside for n in others], tool=layout.order
        )
        blocker = found[: len(found) - len(inside)] if found is not None else None
        if blocker is None and layout.order is not None:
            blocker = tool_sorts_after(
                stem(candidate), [n for n in versioned if not kin(n, candidate)], layout.order
            )
        if blocker is None and candidate not in same:
            # A new version comes after every copy's too (their next run takes it).
            found = sorts_after(
                stem(candidate) + inside, [n + inside for n in copies], tool=layout.order
            )
            blocker = found[: len(found) - len(inside)] if found is not None else None
        if blocker is None:
            return candidate
    if layout.keys_history_by_name and blocker is not None and leading_version(blocker):
        # The version is the applied migration's key in the tool's history
        # table: renamed, it would be applied again.
        advice = (
            f"renaming {blocker} would make {layout.value} apply it again (its name is the "
            "key of its history table); print the SQL without writing files (no --write; "
            "-o FILE saves it) and add it with the tool's own command, or pass --layout "
            "for the tool that names the folder"
        )
    else:
        advice = f"rename {blocker} to sort before it, or pass --layout for the tool that names it"
    if blocker is not None and leading_version(blocker) is None:
        advice += "; " + dump_advice(blocker)
    tried = f"tried {len(candidates)} versions" if len(candidates) > 1 else f"tried {candidates[0]}"
    raise LayoutError(
        f"no {layout.value} version sorts after every migration of the folder "
        f"({tried}): {blocker} sorts after {stem(candidates[-1])}; " + advice
    )


def _is_dump(anchor: Path, text: str | None) -> bool:
    """Whether ``anchor`` (its text ``text`` when not on disk) opens or ends
    as a tool's schema dump (pg_dump's, mysqldump's, ``sqlite3 .dump``'s
    header: :func:`~dbnamelint.impact.history.is_schema_dump`)."""
    from dbnamelint.impact.history import is_schema_dump

    if text is not None:
        return is_schema_dump(anchor.as_posix(), text[:2000], text[-2000:])
    try:
        data = anchor.read_bytes()
    except OSError:
        return False
    head, tail = data[:2048].decode("utf-8", "replace"), data[-2048:].decode("utf-8", "replace")
    return is_schema_dump(anchor.as_posix(), head, tail)


def dump_advice(name: str, near: Path | None = None, *, dump: bool = False) -> str:
    """What to do when ``name`` (a file the run reads, at ``near`` when
    known, else in the current folder's project) is no tool's migration: a
    dump. In a project whose migrations are code of a tool dbnamelint knows
    (:func:`~dbnamelint.services.code_tools.migration_tools`: db-migrate,
    Knex, Sequelize, Kysely, Laravel, Django, Alembic, Doctrine...), a new
    migration of that tool running the forward script with its own SQL
    runner; never the numbered SQL layout, whose files that tool never runs
    (trial s32 unleash: ``db/001-rename-phase-1.sql`` beside db-migrate's
    ``src/migrations/*.js`` reached no database, while burndown counted the
    renames done). ``dump``: ``name`` is known to be a dump (its header)."""
    from dbnamelint.services.code_tools import migration_tools, project_root

    tools = migration_tools(project_root(near if near is not None else Path.cwd()))
    if tools:
        where = "; ".join(f"{t.describe()}: {t.runner}" for t in tools)
        lead = "" if dump else f"if {name} is a schema dump rather than a migration, "
        return (
            f"{lead}the project's migrations are code: {where}. Print the SQL without "
            "--write (-o FILE saves it) and put the forward script in a new migration of "
            "that folder, run by that call; its rollback in its down, its cleanup "
            "likewise later; run it and regenerate the "
            f"dump (a full schema kept by hand, which new installs run, takes the same "
            f"renames in place). Not a numbered SQL file beside {name} (--layout numbered): "
            "no tool of "
            "the project runs it, so no database would get the renames"
        )
    return (
        f"if {name} is a schema dump rather than a migration, make it the first migration "
        f"(move it to a numbered name such as db/000-schema.sql, then --layout numbered "
        "writes the renames as db/001-...sql after it), or print the SQL without writing "
        "files (no --write; -o FILE saves it)"
    )


def plan_files(
    layout: Layout,
    anchor: Path,
    slug: str,
    forward: str,
    rollback: str,
    *,
    now: datetime,
    cleanup: bool = False,
    replayed: Sequence[Path] = (),
    root: Path | None = None,
    reached: Callable[[Path], bool] | None = None,
    dialect: str | None = None,
    steps: Sequence[Step] = (),
    name: str | None = None,
) -> list[NewFile]:
    """The files that hold ``forward``/``rollback`` in ``layout``, beside ``anchor``.

    Names continue the folder's own scheme (next counter, or a timestamp
    past every existing one) so the new migration comes last both in the
    tool's order and in dbnamelint's (``replayed``: the files the reader
    replays, absolute). A Liquibase changelog under ``root`` that includes
    ``anchor`` file by file gets an include of the new file, last.
    ``cleanup``: ``forward`` is a cleanup script (it drops views); its
    ``rollback`` re-creates them, written where the layout keeps rollbacks
    (without one, only the forward file is written). Raises :class:`LayoutError`
    when no name in the layout's scheme replays last (a numbered layout in a
    folder whose last file is not numbered), naming the file and what to do.
    ``reached``: whether the configured paths take in a file; one they do
    not is added to them, last (:mod:`.config_paths`), so it replays last
    whatever its name. ``dialect``: the scripts' dialect (a Flyway anchor in
    Spring Boot's ``common/`` sends them to that database's folder:
    :func:`flyway_folder`). ``steps``: the renames, for the files a tool keeps
    of the schema besides the scripts (drizzle-kit's snapshot). ``name``:
    ``--name`` as given, for a layout whose file it names (an upgrade
    script's version: :func:`.upgrades.upgrade_name`).
    """
    if layout is Layout.UPGRADES:
        return _upgrades(anchor, forward, rollback, cleanup=cleanup, name=name)
    if layout is Layout.ALEMBIC:
        return _alembic(anchor, slug, forward, rollback, now=now, cleanup=cleanup, dialect=dialect)
    if layout is Layout.KNEX:
        return _knex(anchor, slug, forward, rollback, now=now, cleanup=cleanup, dialect=dialect)
    if layout is Layout.SEQUELIZE:
        return _sequelize(
            anchor, slug, forward, rollback, now=now, cleanup=cleanup, dialect=dialect
        )
    if layout is Layout.LARAVEL:
        return _laravel(anchor, slug, forward, rollback, now=now, cleanup=cleanup, dialect=dialect)
    if layout is Layout.TYPEORM:
        return _typeorm(
            anchor,
            slug,
            forward,
            rollback,
            now=now,
            cleanup=cleanup,
            dialect=dialect,
            replayed=replayed,
        )
    if layout is Layout.KYSELY:
        return _kysely(anchor, slug, forward, rollback, now=now, cleanup=cleanup, dialect=dialect)
    if layout is Layout.DJANGO:
        return _django(
            anchor, slug, forward, rollback, cleanup=cleanup, dialect=dialect, steps=steps
        )
    if layout is Layout.SQITCH:
        return _sqitch(anchor, slug, forward, rollback, now=now, cleanup=cleanup)
    if layout is Layout.LIQUIBASE:
        placement = place(anchor, root or anchor.parent)
        if placement.refused is not None:
            raise LayoutError(placement.refused)
        liquibase = _liquibase(
            placement, anchor, slug, forward, rollback, now=now, cleanup=cleanup, replayed=replayed
        )
        if placement.master is not None or placement.append_to is not None:
            return liquibase  # Liquibase (and the reader) follow the changelog
        if reached is None or reached(liquibase[0].path):
            _check_last(layout, liquibase[0], replayed, root)
        return liquibase
    files = _files(
        layout,
        anchor,
        slug,
        forward,
        rollback,
        now=now,
        cleanup=cleanup,
        replayed=replayed,
        root=root,
        dialect=dialect,
        steps=steps,
    )
    if cleanup:
        files = [
            NewFile(f.path, f.text, "cleanup" if f.role == "forward" else f.role, f.replaces)
            for f in files
        ]
    if reached is None or reached(files[0].path):
        _check_last(layout, files[0], replayed, root)
    return files


def _code_anchor(anchor: Path, kind: str, made_by: str, goes: str) -> None:
    """:class:`LayoutError` unless ``anchor`` is a ``kind`` code migration
    (:func:`~dbnamelint.code_migrations.code_migration_kind`), the one the
    written migration goes after (``goes`` says where)."""
    from dbnamelint.code_migrations import code_migration_kind

    if code_migration_kind(anchor.as_posix(), _read(anchor) or "") != kind:
        raise LayoutError(
            f"{anchor}: --layout {kind} needs the renamed tables made by {made_by}: {goes}"
        )


def _written(path: Path, text: str, cleanup: bool) -> NewFile:
    """A code migration holding a forward script and its rollback, or a cleanup."""
    return NewFile(path, text, "cleanup" if cleanup else "forward+rollback")


def _refuse_own_transaction(
    anchor: Path, forward: str, rollback: str, dialect: str | None, runner: str
) -> tuple[list[str], list[str]]:
    """The scripts' statements (:func:`.code_script.statements`), or
    :class:`LayoutError` where they carry a transaction of their own, which
    would end part-way the one the tool runs the migration in (``runner``)."""
    from dbnamelint.services.migrate.code_script import own_transaction_refusal, statements

    ups = statements(forward, dialect)
    downs = statements(rollback, dialect) if rollback else []
    refusal = own_transaction_refusal(anchor.parent, (*ups, *downs), runner)
    if refusal is not None:
        raise LayoutError(refusal)
    return ups, downs


def _alembic(
    anchor: Path,
    slug: str,
    forward: str,
    rollback: str,
    *,
    now: datetime,
    cleanup: bool,
    dialect: str | None,
) -> list[NewFile]:
    """One revision file holding both scripts, after the chain's head: Alembic
    orders revisions by ``down_revision``, not by name, so no name check."""
    from dbnamelint.services.migrate.alembic_revision import AlembicError, revision

    _code_anchor(
        anchor,
        "alembic",
        "an Alembic revision (a file with revision = and down_revision =)",
        "the new revision goes after its chain's head",
    )
    _refuse_own_transaction(
        anchor,
        forward,
        rollback,
        dialect,
        "Alembic runs each revision in the transaction env.py opens",
    )
    message = slug.replace("_", " ")
    try:
        new = revision(anchor.parent, message, forward, rollback or None, dialect=dialect, now=now)
    except AlembicError as error:
        raise LayoutError(str(error)) from None
    return [_written(new.path, new.text, cleanup)]


def _django(
    anchor: Path,
    slug: str,
    forward: str,
    rollback: str,
    *,
    cleanup: bool,
    dialect: str | None,
    steps: Sequence[Step],
) -> list[NewFile]:
    """One migration holding both scripts, after the app's leaf, with the
    state operations the renames need (:mod:`.django_state`); refused when
    the project's settings name a database other than ``dialect``'s
    (:func:`.django_engines.engines_refusal`)."""
    from dbnamelint.services.migrate.django_engines import engines_refusal
    from dbnamelint.services.migrate.django_migration import DjangoError, leaf, migration
    from dbnamelint.services.migrate.django_state import state_changes

    _code_anchor(
        anchor,
        "django",
        "a Django migration (a Migration class in an app's migrations/)",
        "the new migration goes after that app's leaf",
    )
    _refuse_own_transaction(
        anchor, forward, rollback, dialect, "Django runs each migration in a transaction (atomic)"
    )
    folder = anchor.parent
    try:
        after = leaf(folder)
    except DjangoError as error:
        raise LayoutError(str(error)) from None
    family = profile_for(dialect or "postgres").family.value
    # one dialect's SQL fails on the settings' other engines (trial s41 healthchecks)
    refusal = engines_refusal(anchor, family, dialect or "postgres")
    if refusal is not None:
        raise LayoutError(refusal)
    state = state_changes(folder, after[0], steps, family)
    if state.elsewhere:
        raise LayoutError(
            f"{anchor}: the renames go in app {after[0]}'s migrations (its migration is the "
            f"last to change them), but {', '.join(state.elsewhere)} is another app's model, "
            "whose table only a migration of that app can tell Django's state: print the SQL "
            "without --write (-o FILE saves it) and write the renames of each app's tables "
            "in that app's migration by hand (SeparateDatabaseAndState with RunSQL and "
            "AlterModelTable)"
        )
    new = migration(folder, after, slug, forward, rollback or None, dialect=dialect, state=state)
    return [_written(new.path, new.text, cleanup)]


def django_note(anchor: Path, steps: Sequence[Step], dialect: str) -> str | None:
    """What the user must still do after a Django migration of ``steps`` is
    written beside ``anchor``: the ``models.py`` edits that keep the models
    agreeing with the state it leaves, any state it could not write, and, when
    no settings naming a database are found, whose SQL it holds
    (:func:`.django_engines.engines_note`)."""
    from dbnamelint.services.migrate.django_engines import engines_note
    from dbnamelint.services.migrate.django_migration import DjangoError, leaf
    from dbnamelint.services.migrate.django_state import state_changes

    try:
        label, _ = leaf(anchor.parent)
    except DjangoError:
        return None
    state = state_changes(anchor.parent, label, steps, profile_for(dialect).family.value)
    said = list(state.by_hand)
    unknown = engines_note(anchor, label, dialect)
    if unknown is not None:
        said.append(unknown)
    if state.edits:
        said.insert(
            0,
            f"the migration tells Django's state the new names; set them in app {label}'s "
            f"models.py too ({'; '.join(state.edits)}), or `makemigrations` writes a migration "
            "renaming them back: `manage.py makemigrations --check --dry-run` then says "
            '"No changes detected"',
        )
    return "; ".join(said) if said else None


def _knex(
    anchor: Path,
    slug: str,
    forward: str,
    rollback: str,
    *,
    now: datetime,
    cleanup: bool,
    dialect: str | None,
) -> list[NewFile]:
    """One Knex migration holding both scripts (``up``, ``down``), named to sort
    after the folder's last migration (:mod:`.knex_migration`)."""
    from dbnamelint.services.migrate.knex_migration import KnexError, migration

    _code_anchor(
        anchor,
        "knex",
        "a Knex migration (a .js/.ts file exporting up(knex))",
        "the new migration goes after its folder's last",
    )
    ups, downs = _refuse_own_transaction(
        anchor, forward, rollback, dialect, "Knex runs each migration in a transaction"
    )
    try:
        new = migration(anchor, slug, slug.replace("_", " "), ups, downs, dialect=dialect, now=now)
    except KnexError as error:
        raise LayoutError(str(error)) from None
    return [_written(new.path, new.text, cleanup)]


def _sequelize(
    anchor: Path,
    slug: str,
    forward: str,
    rollback: str,
    *,
    now: datetime,
    cleanup: bool,
    dialect: str | None,
) -> list[NewFile]:
    """One sequelize-cli migration holding both scripts (``up``, ``down``),
    named to sort after the folder's last (:mod:`.sequelize_migration`)."""
    from dbnamelint.services.migrate.sequelize_migration import SequelizeError, migration

    _code_anchor(
        anchor,
        "sequelize",
        "a Sequelize migration (a .js file exporting up(queryInterface, Sequelize))",
        "the new migration goes after its folder's last",
    )
    ups, downs = _refuse_own_transaction(
        anchor, forward, rollback, dialect, "the written migration runs them in one transaction"
    )
    try:
        new = migration(anchor, slug, slug.replace("_", " "), ups, downs, now=now)
    except SequelizeError as error:
        raise LayoutError(str(error)) from None
    return [_written(new.path, new.text, cleanup)]


def _laravel(
    anchor: Path,
    slug: str,
    forward: str,
    rollback: str,
    *,
    now: datetime,
    cleanup: bool,
    dialect: str | None,
) -> list[NewFile]:
    """One Laravel migration holding both scripts (``up()``, ``down()``), named
    to sort after the folder's last migration (:mod:`.laravel_migration`)."""
    from dbnamelint.services.migrate.laravel_migration import LaravelError, migration

    _code_anchor(
        anchor,
        "laravel",
        "a Laravel migration (a database/migrations/*.php class extending Migration)",
        "the new migration goes after its folder's last",
    )
    ups, downs = _refuse_own_transaction(
        anchor,
        forward,
        rollback,
        dialect,
        "Laravel's migrator runs a PostgreSQL migration in its transaction",
    )
    try:
        new = migration(anchor, slug, slug.replace("_", " "), ups, downs, now=now)
    except LaravelError as error:
        raise LayoutError(str(error)) from None
    return [_written(new.path, new.text, cleanup)]


def _typeorm(
    anchor: Path,
    slug: str,
    forward: str,
    rollback: str,
    *,
    now: datetime,
    cleanup: bool,
    dialect: str | None,
    replayed: Sequence[Path],
) -> list[NewFile]:
    """One TypeORM migration class holding both scripts (``up``, ``down``),
    its timestamp after the newest of the folder and of ``replayed``
    (:mod:`.typeorm_migration`)."""
    from dbnamelint.services.migrate.typeorm_migration import TypeormError, migration

    _code_anchor(
        anchor,
        "typeorm",
        "a TypeORM migration (a class whose up(queryRunner) TypeORM runs)",
        "the new migration goes after its folder's newest",
    )
    ups, downs = _refuse_own_transaction(
        anchor, forward, rollback, dialect, "TypeORM runs the migrations in a transaction"
    )
    try:
        new = migration(anchor, slug, ups, downs, now=now, replayed=replayed)
    except TypeormError as error:
        raise LayoutError(str(error)) from None
    return [_written(new.path, new.text, cleanup)]


def _kysely(
    anchor: Path,
    slug: str,
    forward: str,
    rollback: str,
    *,
    now: datetime,
    cleanup: bool,
    dialect: str | None,
) -> list[NewFile]:
    """One Kysely migration holding both scripts (``up``, ``down``), named
    after the folder's newest (:mod:`.kysely_migration`)."""
    from dbnamelint.services.migrate.kysely_migration import KyselyError, migration

    _code_anchor(
        anchor,
        "kysely",
        "a Kysely migration (a .ts/.js file exporting up(db), importing kysely)",
        "the new migration goes after its folder's newest",
    )
    ups, downs = _refuse_own_transaction(
        anchor,
        forward,
        rollback,
        dialect,
        "Kysely's Migrator runs the pending migrations in a transaction on PostgreSQL",
    )
    try:
        new = migration(anchor, slug, ups, downs, now=now)
    except KyselyError as error:
        raise LayoutError(str(error)) from None
    return [_written(new.path, new.text, cleanup)]


def typeorm_note(files: Sequence[NewFile]) -> str | None:
    """The note of a TypeORM migration among ``files`` that a file of its
    folder listing the migration classes must name too
    (:func:`.typeorm_migration.listing_note`)."""
    from dbnamelint.services.migrate.typeorm_migration import listing_note

    for new in files:
        if new.path.name.endswith((".ts", ".js", ".cjs", ".mjs", ".cts", ".mts")):
            note = listing_note(new.path, new.text)
            if note is not None:
                return note
    return None


def alembic_note(files: Sequence[NewFile]) -> str | None:
    """The note of an Alembic revision among ``files`` named by Alembic's default
    template because ``alembic.ini``'s ``file_template`` was not followed."""
    from dbnamelint.services.migrate.alembic_revision import template_note

    for new in files:
        if new.path.suffix == ".py" and new.role in ("forward+rollback", "cleanup"):
            note = template_note(new.path.parent)
            if note is not None:
                return note
    return None


def _upgrades(
    anchor: Path, forward: str, rollback: str, *, cleanup: bool, name: str | None
) -> list[NewFile]:
    """A new upgrade script below the full schema ``anchor`` (and its rollback
    beside the upgrades folder, in ``rollbacks/``): :mod:`.upgrades`. Not
    read by ``check`` (the config leaves the upgrades folder out), so not
    checked to replay last; the full schema's edit is
    :func:`.service.build_migration`'s."""
    folder = upgrades_folder(anchor)
    if folder is None:
        raise LayoutError(
            f"{anchor}: no folder of upgrade scripts named with a version beside it "
            f"({', '.join(sorted(UPGRADE_FOLDERS))}/): --layout upgrades needs the full schema "
            "that such a folder upgrades"
        )
    try:
        file_name = upgrade_name(folder, name)
    except ValueError as exc:
        raise LayoutError(str(exc)) from None
    files = [NewFile(folder / file_name, forward, "cleanup upgrade" if cleanup else "upgrade")]
    if not (cleanup and not rollback):
        files.append(NewFile(folder.parent / "rollbacks" / file_name, rollback, "rollback"))
    return files


def _sqitch(
    anchor: Path, slug: str, forward: str, rollback: str, *, now: datetime, cleanup: bool
) -> list[NewFile]:
    """``deploy/``, ``revert/`` and ``verify/`` scripts and the ``sqitch.plan``
    line of a new sqitch change (:mod:`.sqitch`); sqitch deploys in plan
    order, so the change appended last runs last (and dbnamelint replays it so)."""
    try:
        change = sqitch_change(anchor, slug, forward, rollback, now)
    except OSError as exc:
        raise LayoutError(f"{anchor}: cannot read the sqitch plan: {exc}") from exc
    if change is None:
        raise LayoutError(
            f"{anchor}: --layout sqitch needs a sqitch project (a deploy/ folder beside "
            "sqitch.plan, or one sqitch.conf names) above the file"
        )
    scripts, (plan, before, after) = change
    roles = ("cleanup" if cleanup else "forward", "rollback", "verify")
    texts = list(scripts.items())
    if cleanup and not rollback:
        texts[1] = (texts[1][0], "-- the dropped compatibility views are not re-created\n")
    files = [NewFile(Path(p), t, r) for (p, t), r in zip(texts, roles, strict=True)]
    return [*files, NewFile(plan, after, "plan", replaces=before)]


def liquibase_note(anchor: Path, root: Path) -> str | None:
    """What the user must do by hand so Liquibase runs a changeset written
    after ``anchor`` (:func:`.changelog.place`), or None (nothing)."""
    placement = place(anchor, root)
    if placement.master is not None and placement.master.path.suffix.lower() == ".json":
        return (
            f"{placement.master.path.name} is a JSON changelog, which --write does not edit: "
            "add an include of the new file after its last entry"
        )
    return placement.note


def _neighbour_filters(anchor: Path) -> str:
    """`` dbms:<list>``, `` context:<expr>``, `` contextFilter:<expr>`` and
    `` labels:<expr>``, each when every changeset of the formatted-SQL
    ``anchor`` carries the same one (a file of one database's changesets in a
    changelog shared by several; changesets run with ``--contexts=prod``
    only): the new changeset must run where and when its neighbours do, or it
    would run without the tables they create. "" otherwise (an unreadable
    file too)."""
    try:
        text = anchor.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    found = changesets(text)
    out = ""
    for name, values in (
        ("dbms", {change.dbms for change in found}),
        ("context", {change.context for change in found}),
        ("contextFilter", {change.context_filter for change in found}),
        ("labels", {change.labels for change in found}),
    ):
        if len(values) == 1:
            (value,) = values
            out += f" {name}:{value}" if value else ""
    return out


#: A ``dbms`` attribute as XML (``dbms="h2"``), YAML (``dbms: h2``), JSON
#: (``"dbms": "h2"``) and formatted SQL (``dbms:h2``) write it.
_DBMS_ATTRIBUTE = lazy_compile(r"""\bdbms["']?[ \t]*[=:][ \t]*["']?([!\w][!\w ,]*)""")
_CHANGESET_LINE = lazy_compile(r"^--[ \t]*changeset[ \t]+dbnamelint:.*$", re.MULTILINE)


def other_dbms_note(
    files: Sequence[NewFile], changelogs: Iterable[Path], dialect: str
) -> str | None:
    """A note when the changeset written in ``files`` carries no ``dbms:``
    filter while ``changelogs`` (the tree's changelog files) name other
    databases in ``dbms`` attributes (JHipster's ``<property ... dbms="h2"/>``):
    Liquibase runs an unfiltered changeset on every database, and the
    changeset is ``dialect``'s SQL. None otherwise (unreadable files skipped)."""
    written = next((f for f in files if f.role == "forward+rollback"), None)
    short = liquibase_dbms(dialect)
    if written is None or short is None:
        return None
    lines = _CHANGESET_LINE.findall(written.text)
    if not lines or "dbms:" in lines[-1]:
        return None
    others: dict[str, str] = {}
    for path in changelogs:
        if path.suffix.lower() not in (".xml", ".yaml", ".yml", ".json", ".sql"):
            continue
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for match in _DBMS_ATTRIBUTE.finditer(text):
            for raw in match.group(1).split(","):
                name = raw.strip().lstrip("!").strip().lower()
                if name and name not in ("all", "none", short):
                    others.setdefault(name, path.name)
    if not others:
        return None
    named = ", ".join(f"{n} (dbms in {where})" for n, where in sorted(others.items()))
    return (
        f"the new changeset is written for {short} and has no dbms filter, but this "
        f"changelog also names {named}: Liquibase runs an unfiltered changeset on every "
        f"database, so it will fail there; to keep it to {short}, add ` dbms:{short}` to "
        f"its `-- changeset` line ({', '.join(sorted(others))} then keep the old names)"
    )


def _liquibase(
    placement: Placement,
    anchor: Path,
    slug: str,
    forward: str,
    rollback: str,
    *,
    now: datetime,
    cleanup: bool,
    replayed: Sequence[Path],
) -> list[NewFile]:
    """The changeset (``-- changeset`` + ``-- rollback`` lines) where ``placement``
    puts it, with the changelog edit that makes Liquibase run it."""
    no_rollback = cleanup and not rollback
    # `-- ` with a space: MySQL and MariaDB read `--` as a comment only when
    # a space follows (`--changeset` is a syntax error there); Liquibase's
    # formatted-SQL parser allows any whitespace after `--`
    # (AbstractFormattedChangeLogParser: `--[\s]*changeset`, `--[\s]*rollback`).
    rollback_lines = (
        [
            f"-- rollback {line}"
            for line in rollback.splitlines()
            if line.strip() and not line.startswith("--")
        ]
        if not no_rollback
        else ["-- rollback empty"]
    )
    # A PL/pgSQL block (the compatibility views' privileges) holds `;`s
    # that Liquibase's splitter would cut it at (liquibase#5538): the
    # changeset goes to the driver whole, which reads dollar quotes.
    whole = any(line.startswith("DO $") for line in (forward + rollback).splitlines())
    # `splitStatements` does not reach the `-- rollback` lines: Liquibase
    # splits them at `;` unless `rollbackSplitStatements:false` (a formatted-SQL
    # changeset attribute; Liquibase 4.28 `rollback-count` then sends them whole).
    rollback_whole = any(line.startswith("DO $") for line in rollback.splitlines())
    attributes = (
        (" splitStatements:false" if whole else "")
        + (" rollbackSplitStatements:false" if rollback_whole and not no_rollback else "")
        + _neighbour_filters(anchor)
    )
    changeset = (
        f"-- changeset dbnamelint:{slug}{attributes}\n{forward}" + "\n".join(rollback_lines) + "\n"
    )
    role = "forward+rollback"
    if placement.append_to is not None:
        edit = append_changeset(placement.append_to, changeset)
        if edit is None:
            raise LayoutError(f"{placement.append_to}: cannot read it to append the changeset")
        return [NewFile(edit.path, edit.after, role, replaces=edit.before)]
    text = f"-- liquibase formatted sql\n\n{changeset}"
    folder = placement.folder
    names = _migration_names(folder, Layout.LIQUIBASE)
    numbered = [v for n in names if (v := leading_version(n)) is not None]
    sep = "-" if _dash_separated(names) else "_"
    stem = slug.replace("_", sep)
    if placement.by_name and (numbered or not names):
        # An includeAll folder runs its files in name order: the name sorts last.
        read = _read_names(folder, replayed)
        prefix = _versioned(Layout.LIQUIBASE, names, lambda v: f"{v}{sep}{stem}.sql", now, read)
        name = f"{prefix}{sep}{stem}.sql"
    elif numbered:
        # The changelog's includes order the files, not their names (Liquibase
        # manual, "include"): the next number, whatever sorts after it.
        name = f"{next_counter(numbered)}{sep}{stem}.sql"
    else:  # named, not numbered
        name = f"{slug.replace('_', '-')}.sql"
    new = NewFile(folder / name, text, role)
    if placement.master is None:
        return [new]
    edit = include_at_end(placement.master, new.path)
    if edit is None:
        return [new]  # a JSON changelog: liquibase_note says what to add
    return [new, NewFile(edit.path, edit.after, "changelog", replaces=edit.before)]


def _check_last(
    layout: Layout, forward: NewFile, replayed: Sequence[Path], root: Path | None
) -> None:
    """Refuse a forward file that dbnamelint would replay before an existing file."""
    base = forward.path.parent
    if layout in (Layout.PRISMA, Layout.DIESEL):
        base = base.parent
    name = forward.path.relative_to(base).as_posix()
    others = []
    for path in replayed:
        try:
            rel = path.relative_to(base).as_posix()
        except ValueError:
            continue
        if layout is Layout.FLYWAY and _FLYWAY_REPEATABLE.match(rel):
            continue  # Flyway runs repeatables after every versioned migration too
        others.append(rel)
    later = sorts_after(name, others, tool=None)
    if later is None:
        return
    if layout is Layout.NUMBERED and not _NUMBER.match(later):
        counters = [v for n in others if (v := leading_version(n)) is not None]
        # A file in a subfolder replays with its folder: the folder takes the number.
        unnumbered = list(
            dict.fromkeys(
                o.split("/", 1)[0] + ("/" if "/" in o else "")
                for o in others
                if not _NUMBER.match(o)
            )
        )
        examples = []
        for other in unnumbered[:3]:
            counters.append(next_counter(counters))
            examples.append(f"{other} -> {counters[-1]}-{other}")
        if len(unnumbered) > 3:
            examples.append(f"and {len(unnumbered) - 3} more")
        advice = f"number the files and folders it must follow ({', '.join(examples)}), "
    else:
        advice = f"rename {later} so it sorts before {name}, "
    raise LayoutError(
        f"{_shown(forward.path, root)}: dbnamelint would replay it before "
        f"{_shown(base / later, root)} (a folder replays in name order, numbers before "
        f"letters), so the renames would run first; {advice}or leave those files out of "
        "the checked paths (config `exclude`)"
    )


def _shown(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def _files(
    layout: Layout,
    anchor: Path,
    slug: str,
    forward: str,
    rollback: str,
    *,
    now: datetime,
    cleanup: bool,
    replayed: Sequence[Path],
    root: Path | None = None,
    dialect: str | None = None,
    steps: Sequence[Step] = (),
) -> list[NewFile]:
    folder = anchor.parent
    dropped = "-- the dropped compatibility views are not re-created\n"
    # A cleanup with a rollback (it re-creates the views) is written as any migration.
    no_rollback = cleanup and not rollback
    if layout is Layout.FLYWAY:
        # Flyway merges every location into one version order: pass them all.
        target = flyway_folder(folder, dialect)
        own = list(_entries(target))
        here = [*_entries(folder), *own, *(p.name for p in replayed)]
        tail = f"__{slug}{flyway_description_suffix(own)}.sql"
        copies = _copy_names(target, layout)
        number = flyway_next_version([*here, *copies])
        # This migration as the run for another database's copy numbered it:
        # the same version, when it still comes after every one here.
        floor = _flyway_parts(flyway_next_version(here))
        # Each copy's name ends with its own folder's tail (hawkbit's
        # ``V1_20_5__rename_phase_1__MYSQL.sql`` beside ``...__POSTGRESQL.sql``:
        # one change, one version in every folder; trial s33 numbered the
        # second copy V1_20_6).
        same = [
            found.group(1)
            for n in copies
            if (found := _FLYWAY_VERSIONED.match(n)) is not None
            and _same_description(found.group(2), slug)
            and _flyway_parts(found.group(1)) >= floor
        ]
        if same:
            number = max(same, key=_flyway_parts)
        folder = target
        name = f"{number}{tail}"
        files = [NewFile(folder / f"V{name}", forward, "forward")]
        if not no_rollback:
            files.append(NewFile(folder / f"U{name}", rollback, "rollback"))
        return files
    names = _migration_names(folder, layout)
    read = _read_names(folder, replayed)
    if layout in (Layout.GOLANG_MIGRATE, Layout.POP):
        lettered = _lettered_scheme(names) if layout is Layout.GOLANG_MIGRATE else None
        if lettered is not None:
            # Authelia-style V0001.Name.up.sql: the folder's own scheme, continued.
            letters, numbers, sep = lettered
            stem = f"{letters}{next_counter(numbers)}{sep}{slug}"
            ordered = [n for n in names if read is None or n in read]
            blocker = sorts_after(f"{stem}.up.sql", ordered, tool=name_order)
            if blocker is not None:
                raise LayoutError(
                    f"{stem}.up.sql would not sort after {blocker}; rename {blocker} "
                    "or pass --layout for the tool that names it"
                )
        else:
            prefix = _versioned(
                layout,
                names,
                lambda v: f"{v}_{slug}.up.sql",
                now,
                read,
                _copy_names(folder, layout),
            )
            stem = f"{prefix}_{slug}"
        return _up_down(folder, stem, forward, rollback if not no_rollback else dropped)
    if layout in (Layout.DIESEL, Layout.PRISMA):
        root = folder.parent
        siblings = _migration_names(root, layout)
        read = _read_names(root, replayed)
        if layout is Layout.DIESEL:
            # diesel CLI names folders 2018-12-05-031038_x (2.x: ...-031038-0000_x);
            # some trees use 14 plain digits: the latest folder's style goes on
            dashed = _diesel_dashed(siblings)

            def shape(version: str) -> str:
                # a timestamp the CLI's way; a counter (01_init) as the folder writes it
                if dashed and len(version) == _DIESEL_SUBVERSIONED:
                    return f"{_dashed(version[:14])}-{version[14:]}"
                return _dashed(version) if dashed and len(version) == 14 else version

            stamp = _versioned(
                layout,
                siblings,
                lambda v: f"{shape(v)}_{slug}",
                now,
                read,
                _copy_names(root, layout),
            )
            target = root / f"{shape(stamp)}_{slug}"
            first = "up.sql"
        else:
            stamp = _versioned(
                layout, siblings, lambda v: f"{v}_{slug}", now, read, _copy_names(root, layout)
            )
            target = root / f"{stamp}_{slug}"
            first = "migration.sql"
        files = [NewFile(target / first, forward, "forward")]
        if not no_rollback or layout is Layout.DIESEL:
            files.append(
                NewFile(target / "down.sql", rollback if not no_rollback else dropped, "rollback")
            )
        return files
    if layout in (Layout.GOOSE, Layout.DBMATE, Layout.SQL_MIGRATE):
        up, down = _SECTIONS[layout]
        back = _without_file_header(rollback, forward) if not no_rollback else ""
        if layout is Layout.GOOSE:
            # A SQLite rebuild sets PRAGMA foreign_keys=OFF, a no-op inside
            # goose's transaction: goose runs it bare, the script has its own
            notx = "-- +goose NO TRANSACTION\n" if "\nBEGIN;\n" in forward else ""
            mark = ("-- +goose StatementBegin\n", "-- +goose StatementEnd\n")
            text = f"{notx}{up}\n{_one_statement(forward, dialect, mark)}"
            text += f"\n{down}\n{_one_statement(back, dialect, mark)}"
        elif layout is Layout.SQL_MIGRATE:
            mark = ("-- +migrate StatementBegin\n", "-- +migrate StatementEnd\n")
            text = f"{up}\n{_one_statement(forward, dialect, mark)}"
            text += f"\n{down}\n{_one_statement(back, dialect, mark)}"
        else:
            text = f"{up}\n{forward}\n{down}\n{back}"
        sep = "-" if layout is Layout.SQL_MIGRATE and _dash_separated(names) else "_"
        stem = slug.replace("_", sep)
        prefix = _versioned(
            layout, names, lambda v: f"{v}{sep}{stem}.sql", now, read, _copy_names(folder, layout)
        )
        return [NewFile(folder / f"{prefix}{sep}{stem}.sql", text, "forward+rollback")]
    if layout is Layout.SQLX and any(n.lower().endswith(".up.sql") for n in names):
        # sqlx's reversible migrations: <version>_<description>.up.sql + .down.sql
        stamp = _versioned(
            layout, names, lambda v: f"{v}_{slug}.up.sql", now, read, _copy_names(folder, layout)
        )
        return _up_down(
            folder, f"{stamp}_{slug}", forward, rollback if not no_rollback else dropped
        )
    if layout is Layout.TEMPORAL:
        return _temporal(folder, slug, forward, rollback if not no_rollback else None)
    if layout is Layout.DRIZZLE:
        return _drizzle(
            folder, slug, forward, rollback if not no_rollback else None, now, dialect, steps
        )
    if layout is Layout.SYNAPSE:
        return _synapse(anchor, slug, forward, rollback if not no_rollback else None, dialect)
    if layout is Layout.ZDB:
        name = _zdb_name(names, slug, dialect, now)
        files = [NewFile(folder / name, forward, "forward")]
        if not no_rollback:
            files.append(NewFile(_rollbacks_beside(folder) / name, rollback, "rollback"))
        return files
    if layout in (Layout.TIMESTAMPED, Layout.SQLX):
        # sqlx's simple migrations have no rollback file: it goes beside the folder
        stamp = _versioned(
            layout, names, lambda v: f"{v}_{slug}.sql", now, read, _copy_names(folder, layout)
        )
        files = [NewFile(folder / f"{stamp}_{slug}.sql", forward, "forward")]
        if not no_rollback:
            rollbacks = _rollbacks_beside(folder)
            files.append(NewFile(rollbacks / f"{stamp}_{slug}.sql", rollback, "rollback"))
        return files
    counters: list[tuple[str, str]] = [
        (m.group(1), m.group(2)) for n in names if (m := _NUMBER.match(n))
    ]
    top = max(counters, key=lambda t: (int(t[0]), len(t[0])), default=None)
    sep = top[1] if top and top[1] else "-"  # 001.sql, 002.sql: 003-slug.sql
    # after the number the folder's separator whole (``02__slug``), between
    # the slug's words its first character (``02__rename_tables``)
    tail = f"{sep}{slug.replace('_', sep[0])}"
    own = [v for v, _ in counters]
    # The copies of the folder for other databases: their counters, and this
    # migration as a run for another dialect numbered it (same name in each).
    copies = [m.group(1) for n in _copy_names(folder, layout) if (m := _NUMBER.match(n))]
    same = [
        m.group(1)
        for n in _copy_names(folder, layout)
        if (m := _NUMBER.match(n)) and n == f"{m.group(1)}{tail}.sql"
    ]
    top_own = max((int(v) for v in own), default=0)
    reused = [v for v in same if int(v) > top_own and not taken(v, own)]
    stem = f"{max(reused, key=int) if reused else next_counter([*own, *copies])}{tail}"
    files = [NewFile(folder / f"{stem}.sql", forward, "forward")]
    if no_rollback:
        return files
    if layout is Layout.POSTGRES_MIGRATIONS:
        # The runner takes every .sql file of its folder for a migration
        # (a .down.sql beside it would be one more id): never beside it.
        at_top = root is not None and folder.resolve() == root.resolve()
        rollbacks = folder / "rollbacks" if at_top else _rollbacks_beside(folder)
        files.append(NewFile(rollbacks / f"{stem}.sql", rollback, "rollback"))
    else:
        files.append(NewFile(_numbered_rollback(folder, stem, root), rollback, "rollback"))
    return files


def _temporal(folder: Path, slug: str, forward: str, rollback: str | None) -> list[NewFile]:
    """The next version of temporal's schema folder above ``folder`` (a version
    folder): ``v<major>.<minor+1>/<slug>.sql`` and its ``manifest.json``, the
    rollback in ``rollbacks/v<version>/`` beside the schema folder (temporal
    runs no down migration; walks leave ``rollbacks/`` out).

    Raises :class:`LayoutError` when no version folder has a manifest."""
    root = folder.parent
    found = temporal_layout.versions(root)
    if not found:
        raise LayoutError(
            f"{folder}: --layout temporal needs a version folder (v1.0/) with temporal's "
            f"{temporal_layout.MANIFEST} (SchemaUpdateCqlFiles) in {root}"
        )
    version, _, last = found[-1]
    new = f"{version[0]}.{version[1] + 1}"
    target = root / f"v{new}"
    if target.exists():
        raise LayoutError(f"{target} exists already: temporal's next version has a folder")
    text = temporal_layout.next_manifest(last, new, slug.replace("_", " "), f"{slug}.sql")
    files = [
        NewFile(target / f"{slug}.sql", forward, "forward"),
        NewFile(target / temporal_layout.MANIFEST, text, "manifest"),
    ]
    if rollback is not None:
        files.append(
            NewFile(root.parent / "rollbacks" / f"v{new}" / f"{slug}.sql", rollback, "rollback")
        )
    for new_file in files:
        # what the tool runs (the rollback is run by hand, with any client)
        runs = new_file.role == "forward"
        refused = temporal_split.refusal(new_file.text) if runs else None
        if refused is not None:
            # a MySQL name holding a word its splitter nests on (`order_end`, `if_due`);
            # a statement it does not take (a re-created foreign key's PREPARE, a DELETE)
            why = (
                "its splitter reads words such as BEGIN, END, IF and LOOP in backquoted names too"
                if "unmatched" in refused
                else "it runs only statements opening with CREATE, ALTER, INSERT, DROP or DO"
            )
            raise LayoutError(
                f"{new_file.path}: temporal-sql-tool would refuse this {new_file.role} script "
                f"({refused}): {why}; print the SQL without --write (-o FILE saves it) and "
                "apply it by hand"
            )
    return files


def _drizzle(
    folder: Path,
    slug: str,
    forward: str,
    rollback: str | None,
    now: datetime,
    dialect: str | None,
    steps: Sequence[Step],
) -> list[NewFile]:
    """The next migration of the drizzle-kit folder ``folder``
    (:mod:`.drizzle_files`): ``<idx>_<slug>.sql`` with a breakpoint between
    statements, its journal entry, a snapshot with the new names beside the
    latest one, and the rollback in ``../rollbacks/`` (drizzle has no down
    migrations and runs nothing its journal does not list).

    Raises :class:`LayoutError` when the journal cannot take the entry."""
    try:
        journal = drizzle_files.journal_text(folder)
        tag, idx = drizzle_files.next_tag(journal, slug, folder)
        new_journal = drizzle_files.with_entry(journal, tag, idx, now, folder)
        latest = drizzle_files.latest_snapshot(folder)
        snapshot = (
            drizzle_files.renamed_snapshot(latest.read_text(encoding="utf-8"), steps)
            if latest is not None
            else None
        )
    except (drizzle_files.DrizzleError, OSError, UnicodeDecodeError) as exc:
        raise LayoutError(f"{folder}: drizzle's journal or snapshot: {exc}") from exc
    files = [
        NewFile(folder / f"{tag}.sql", drizzle_files.breakpointed(forward, dialect), "forward"),
        NewFile(folder / JOURNAL, new_journal, "journal", replaces=journal),
    ]
    if snapshot is not None:
        files.append(NewFile(folder / "meta" / f"{idx:04d}_snapshot.json", snapshot, "snapshot"))
    if rollback is not None:
        files.append(NewFile(_rollbacks_beside(folder) / f"{tag}.sql", rollback, "rollback"))
    return files


#: A Synapse delta's number: ``04_x.sql``, ``04x.sql`` (its older deltas), ``04_x.py``.
_SYNAPSE_NUMBER = lazy_compile(r"^(\d+)")


def _synapse(
    anchor: Path, slug: str, forward: str, rollback: str | None, dialect: str | None
) -> list[NewFile]:
    """The next delta of the Synapse store holding ``anchor``:
    ``<store>/delta/<SCHEMA_VERSION>/<NN>_<slug>.sql.<engine>`` (``<slug>_<store>``
    outside ``main``), the rollback in ``rollbacks/<store>/<SCHEMA_VERSION>/``
    beside the stores.

    ``prepare_database`` runs a version's deltas of every store sorted
    together by file name, records each in ``applied_schema_deltas`` and
    applies the current version's deltas not recorded yet, so a delta of
    ``SCHEMA_VERSION`` past every other one runs last on a new database and
    on an upgraded one. It picks ``.sql.postgres`` or ``.sql.sqlite`` by the
    engine. Raises :class:`LayoutError` for another database or without a
    ``SCHEMA_VERSION``."""
    store = synapse_layout.store_of(anchor)
    if store is None:
        raise LayoutError(
            f"{anchor}: --layout synapse needs a file of a Synapse store's "
            "full_schemas/<N>/ or delta/<N>/ folder (a store holds both)"
        )
    root = store.parent
    version = synapse_layout.schema_version(root)
    if version is None:
        raise LayoutError(
            f"{root / '__init__.py'}: no SCHEMA_VERSION = <N> line: Synapse's deltas go "
            "into delta/<SCHEMA_VERSION>/ and dbnamelint cannot tell which"
        )
    family = profile_for(dialect).family if dialect else None
    engines = {Family.POSTGRES: "postgres", Family.SQLITE: "sqlite"}
    engine = engines.get(family) if family is not None else None
    if engine is None:
        raise LayoutError(
            f"{anchor}: Synapse runs on PostgreSQL and SQLite only (.sql.postgres, "
            f".sql.sqlite deltas); --dialect {dialect} has no delta file"
        )
    other = "sqlite" if engine == "postgres" else "postgres"
    folder = store / synapse_layout.DELTA / str(version)
    names = [
        name
        for sibling in root.iterdir()
        if sibling.is_dir()
        for name in _entries(sibling / synapse_layout.DELTA / str(version))
    ]
    numbers = [m.group(1) for n in names if (m := _SYNAPSE_NUMBER.match(n))]
    width = max((len(n) for n in numbers), default=2)
    # Synapse refuses two deltas of one version with one file name in any
    # stores: a phase's delta for another store than main says which it is
    stem = slug if store.name == "main" else f"{slug}_{store.name}"
    # the other database's twin, written by an earlier run: the same number
    twin = f"_{stem}.sql.{other}"
    same = [
        n[: -len(twin)] for n in _entries(folder) if n.endswith(twin) and n[: -len(twin)].isdigit()
    ]
    top = max((int(n) for n in numbers), default=0)
    number = max(same, key=int) if same else str(top + 1).zfill(width)
    name = f"{number}_{stem}.sql.{engine}"
    if engine == "postgres":
        forward = _synapse_postgres_text(forward, folder / name)
    files = [NewFile(folder / name, forward, "forward")]
    if rollback is not None:
        target = root / "rollbacks" / store.name / str(version) / name
        files.append(NewFile(target, rollback, "rollback"))
    return files


def _synapse_postgres_text(script: str, path: Path) -> str:
    """``script`` as a ``.sql.postgres`` delta must spell it for Synapse to run
    it as written. ``PostgresEngine.executescript`` sends the file through
    ``LoggingTransaction.execute(sql, ())``: ``convert_param_style`` turns
    each ``?`` into ``%s`` and psycopg2 then %-formats the whole text with no
    parameters, so ``format('GRANT %s ...')`` or ``RAISE WARNING '... %'``
    failed with ``IndexError: tuple index out of range`` (trial s38 synapse).
    A ``%%`` reaches the server as ``%``; a ``?`` has no spelling that
    survives: :class:`LayoutError`. The rollback, run by hand, stays as is."""
    if "?" in script:
        line = script.count("\n", 0, script.index("?")) + 1
        raise LayoutError(
            f"{path}: line {line} of the forward script holds '?', which Synapse's "
            "PostgreSQL runner turns into a parameter placeholder (convert_param_style) "
            "and then fails on: rename that name first, or write this delta by hand"
        )
    return script.replace("%", "%%")


def _zdb_name(names: Sequence[str], slug: str, dialect: str | None, now: datetime) -> str:
    """A new zdb migration's file name for ``dialect``'s copy:
    ``<YYYY-MM-DD>-<N>-<slug>-<dialect>.sql``.

    zdb runs migration names in text order and records each in its
    ``version`` table, so the name sorts after every migration of the
    folder (``names``): today's date, or the folder's latest when that is
    later (a clock behind), with the next ``N`` of that date. When another
    dialect's copy already holds this migration (``<name>-postgres.sql``
    written by the run for PostgreSQL) as the folder's last, this copy gets
    the same name: one migration, one ``version`` row, on every database.
    """
    words = slug.replace("_", "-")
    family = profile_for(dialect).family if dialect else Family.POSTGRES
    suffix = {Family.SQLITE: "sqlite", Family.MYSQL: "mariadb"}.get(family, "postgres")
    migrations: dict[str, set[str | None]] = {}
    for n in names:
        found = zdb_layout.migration_name(n)
        if found is not None and zdb_layout.dated_parts(found) is not None:
            migrations.setdefault(found, set()).add(zdb_layout.dash_dialect(n))
    ordered = sorted(migrations)
    if ordered:
        last = ordered[-1]
        parts = zdb_layout.dated_parts(last)
        twins = migrations[last]
        if parts is not None and parts[2] == words and None not in twins and suffix not in twins:
            return f"{last}-{suffix}.sql"
    dates = [p[0] for m in ordered if (p := zdb_layout.dated_parts(m)) is not None]
    date = max([now.strftime("%Y-%m-%d"), *dates])
    counters = [p[1] for m in ordered if (p := zdb_layout.dated_parts(m)) and p[0] == date]
    return f"{date}-{max(counters, default=0) + 1}-{words}-{suffix}.sql"


def _numbered_rollback(folder: Path, stem: str, root: Path | None) -> Path:
    """Where a numbered folder's rollback goes: out of the folder's runner's reach.

    A numbered folder is often run file by file in name order by something
    that applies every ``*.sql`` in it (``docker-entrypoint-initdb.d``,
    node ``postgres-migrations``, a psql loop): a ``<stem>.down.sql`` beside
    the forward would run, and first (``.down.sql`` sorts before ``.sql``).
    So the rollback goes to ``../rollbacks/<stem>.sql`` (as the timestamped
    layout's; a folder at the top of the tree keeps it in its own
    ``rollbacks/``: neither runner descends into a folder). A folder that
    already keeps rollbacks beside its migrations (``001_init.down.sql``)
    has a runner that skips them: its convention (``<stem>.down.sql``,
    ``<stem>.rollback.sql``, ``<stem>_rollback.sql``: the latest file's) is kept.
    """
    suffixes = [
        suffix for n in sorted(_entries(folder)) if (suffix := rollback_suffix(n)) is not None
    ]
    if suffixes:  # the latest rollback's shape: .down.sql, .rollback.sql, _rollback.sql
        return folder / f"{stem}{suffixes[-1]}"
    at_top = root is not None and folder.resolve() == root.resolve()
    rollbacks = folder / "rollbacks" if at_top else _rollbacks_beside(folder)
    return rollbacks / f"{stem}.sql"


def _rollbacks_beside(folder: Path) -> Path:
    """The ``rollbacks/`` folder beside ``folder`` that its rollbacks go to.

    ``../rollbacks/`` when ``folder`` is the parent's only migrations folder;
    ``../rollbacks/<folder name>/`` when a sibling folder holds migrations too
    (``db/mod-a/``, ``db/mod-b/``): each module numbers its own files, so
    their rollbacks would share names. Walks leave every folder under a
    ``rollbacks/`` out, and the runners of a migrations folder never see it.
    """
    rollbacks = folder.parent / "rollbacks"
    siblings = [
        d
        for d in (folder.parent.iterdir() if folder.parent.is_dir() else ())
        if d.is_dir()
        and d.name != folder.name
        and not d.name.startswith(".")
        and d.name.lower() not in ROLLBACK_DIRS
    ]
    if any(_holds_migrations(d) for d in siblings):
        return rollbacks / folder.name
    return rollbacks


def _holds_migrations(folder: Path) -> bool:
    """Whether ``folder`` holds a numbered or timestamped ``*.sql`` file (``001_x.sql``)."""
    return any(
        n.lower().endswith(".sql") and leading_version(n) is not None for n in _entries(folder)
    )


def _without_file_header(rollback: str, forward: str) -> str:
    """``rollback`` without the leading comment lines ``forward`` opens with too.

    One-file layouts (goose, dbmate, sql-migrate) hold both scripts; the
    title (``-- dbnamelint migrate: ...``) and the file-wide lint directives
    (``-- squawk-ignore-file``, ``-- atlas:nolint``) head the file once, in
    its Up section. The rollback keeps its own lines (``-- rollback: ...``).
    """
    opening = set()
    for line in forward.splitlines():
        if not line.startswith("--"):
            break
        opening.add(line)
    lines = rollback.splitlines(keepends=True)
    head = 0
    while head < len(lines) and lines[head].startswith("--"):
        head += 1
    kept = [line for line in lines[:head] if line.rstrip("\n") not in opening]
    return "".join(kept + lines[head:])


def _one_statement(script: str, dialect: str | None, mark: tuple[str, str]) -> str:
    """``script`` with each statement that holds a line ending in ``;`` before
    its own end (a ``DO $$`` body, a SQLite trigger's ``BEGIN ... END``)
    between ``mark``'s lines (``-- +goose StatementBegin``/``StatementEnd``).

    goose and sql-migrate end a statement at every line that ends with ``;``
    outside those markers (goose's sqlparser; sql-migrate took it over), and
    send each statement by itself: every other statement stays bare, so a
    MySQL driver without multi-statement support (go-sql-driver/mysql's
    default) runs the script too. Statements are found by dbnamelint's own
    splitter for ``dialect``.
    """
    from dbnamelint.frontends.sql.splitting import split_statements
    from dbnamelint.model import SourceFile

    source = SourceFile("migration.sql", dialect or "postgres", None)
    statements, _ = split_statements(script, source)
    starts = [0]
    for line in script.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    opened: dict[int, int] = {}  # first line -> last line of each wrapped statement
    for statement in statements:
        first = bisect.bisect_right(starts, statement.offset) - 1
        last = bisect.bisect_right(starts, statement.offset + max(len(statement.text) - 1, 0)) - 1
        inner = script[starts[first] : starts[last]].splitlines()
        if any(line.rstrip().endswith(";") for line in inner):
            opened[first] = last
    if not opened:
        return script
    lines = script.splitlines(keepends=True)
    out: list[str] = []
    closing: int | None = None
    for number, line in enumerate(lines):
        if closing is None and number in opened:
            out.append(mark[0])
            closing = opened[number]
        out.append(line)
        if closing is not None and number == closing:
            if not line.endswith("\n"):
                out.append("\n")
            out.append(mark[1])
            closing = None
    return "".join(out)


_SECTIONS = {
    Layout.GOOSE: ("-- +goose Up", "-- +goose Down"),
    Layout.DBMATE: ("-- migrate:up", "-- migrate:down"),
    Layout.SQL_MIGRATE: ("-- +migrate Up", "-- +migrate Down"),
}


def _dashed(stamp: str) -> str:
    """``20261201093000`` -> ``2026-12-01-093000`` (Diesel's folder prefix)."""
    return f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}-{stamp[8:]}"


#: Digits of a Diesel 2.x version, ``2025-07-27-143313-0000``: the stamp, then
#: a subversion (``stamp_candidates`` makes every stamp this wide once a
#: folder has one, and Diesel compares the versions as text).
_DIESEL_SUBVERSIONED = 18


def _diesel_dashed(names: Sequence[str]) -> bool:
    """Whether the latest Diesel folder (in Diesel's order) is dashed, the
    CLI's way (``2018-12-05-031038_x``, 2.x ``2025-07-27-143313-0000_x``),
    rather than 14 plain digits; the subversion then follows from the width
    of the versions.

    ``00000000000000_diesel_initial_setup`` (what ``diesel setup`` writes)
    says nothing either way; no other folder: dashed, the CLI's default.
    """
    stamped = [n for n in names if re.match(r"^\d{14}_|^\d{4}-\d{2}-\d{2}-\d{6}[-_]", n)]
    stamped = [n for n in stamped if not n.startswith("0" * 14)]
    return not stamped or not max(stamped, key=diesel_order)[:14].isdigit()


def _dash_separated(names: Sequence[str]) -> bool:
    """Whether versions are followed by ``-`` (sql-migrate's ``new`` writes ``<ts>-x.sql``)."""
    return any(re.match(r"^\d+-", n) for n in names)


def write_files(files: Sequence[NewFile], *, overwrite: bool = False) -> None:
    """Write every file atomically, checking all of them before writing any.

    A new file must not exist (unless ``overwrite``); a file that
    ``replaces`` an existing one must still read as it did when planned.
    Raises :class:`LayoutError`; ``OSError`` passes through.
    """
    paths = [new.path.resolve() for new in files]
    if len(set(paths)) != len(paths):
        # Every migration of one run takes its --name: no name parts them.
        twice = next(
            new.path for new, path in zip(files, paths, strict=True) if paths.count(path) > 1
        )
        raise LayoutError(
            f"two migrations would be written to the same file, {twice} (or edit the same "
            "changelog); nothing written: plan their renames in runs of their own "
            "(--rename OLD=NEW for each part)"
        )
    for new in files:
        if new.replaces is not None:
            if _read(new.path) != new.replaces:
                raise LayoutError(f"{new.path} changed since the migration was planned")
        elif new.path.exists() and not overwrite:
            raise LayoutError(f"{new.path} already exists; not overwritten")
    for new in files:
        _write(new.path, new.text)


def undo_files(files: Sequence[NewFile]) -> None:
    """Take back what :func:`write_files` wrote: new files removed, edited ones restored."""
    for new in files:
        if new.replaces is not None:
            if new.path.exists():
                _write(new.path, new.replaces)
        else:
            new.path.unlink(missing_ok=True)
            folder = new.path.parent
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()  # Prisma/Diesel: the migration's own folder


def _up_down(folder: Path, stem: str, forward: str, rollback: str) -> list[NewFile]:
    """``<stem>.up.sql`` and ``<stem>.down.sql`` (golang-migrate, sqlx reversible)."""
    return [
        NewFile(folder / f"{stem}.up.sql", forward, "forward"),
        NewFile(folder / f"{stem}.down.sql", rollback, "rollback"),
    ]


def _read(path: Path) -> str | None:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError):
        return None


def _write(path: Path, text: str) -> None:
    """Atomic, through symlinks, devices in place (:func:`dbnamelint.atomicfile.write_bytes`)."""
    atomicfile.write_bytes(path, text.encode("utf-8"))
