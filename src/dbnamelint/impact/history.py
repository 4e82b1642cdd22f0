"""Which files are migration history: applied once, never edited, never patched.

A migration that created ``messages`` must keep creating ``messages``: the
tool checks what it applied (Flyway's checksums, golang-migrate's version
table...) and a fresh install replays it before the rename. So a file a
migration tool reads is no code to fix, wherever it lies: the schema copies
of other databases (``db/postgres/V1__init.sql`` beside the configured
``db/mysql``) included. A file is history when

- a folder on its path is named ``migrations``, ``migration``, ``migrate``
  (Rails' ``db/migrate``), or opens with one of them and a separator
  (``migrate-scripts``, ``migrations_old``), and it is no code (a view
  template is code), or code shaped as one
  migration of a tool (:func:`~dbnamelint.impact.migration_code.is_migration_code`:
  a versioned name such as ``00001_x.go``/``0001_initial.py``, or a
  registration such as ``goose.AddMigration``; Django, Alembic, Knex, Ecto,
  Laravel, EF Core migrations are code of that kind). Other code there (a
  runner, hasura-auth's ``go/migrations/hasura.go``, a helper package) is
  live code; or
- a folder on its path is named ``changelog``/``changelogs``/``changesets``
  (Liquibase's names, which apps use too: Rails' ``app/views/changesets``),
  no ``app`` folder lies above it, and the file is one of Liquibase's
  formats (XML, YAML, JSON, SQL) or notes; or
- it is an Alembic revision (``versions/1975ea83b712_x.py``, or opening
  with ``revision =`` and ``down_revision =``), wherever it lies; or
- it is drizzle-kit's ``meta/_journal.json`` or a ``meta/<n>_snapshot.json``
  (the schema as each migration left it); or
- it is a project's release notes (``CHANGELOG.md``, ``CHANGES.rst``,
  ``HISTORY``, ``NEWS``, ``RELEASE_NOTES.md``), which say what each release
  did under the names of its time; or
- it is a script named as one migration step: ``migrate``/``migration``,
  then a version, date or commit id (``migrate-db-17cf077.sh``,
  ``migration_0042.py``); or
- it is a SQL file named as a migration tool names them: Flyway
  ``V<n>__x.sql``/``U<n>__x.sql``/``R__x.sql``, golang-migrate/dbmate/sqlx
  ``x.up.sql``/``x.down.sql``, Diesel ``up.sql``/``down.sql``, Prisma
  ``migration.sql``, a 14-digit timestamp (``20240101120000_x.sql``) or a
  number (``001_x.sql``, ``001-x.sql``, ``001.sql``) when it opens with DDL
  (a numbered file of INSERTs, ``02-dummy-data.sql``, is seed or test data:
  code); or
- it is a SQL file in a release's folder of a folder of upgrade scripts
  (``upgrade(s)/``, ``update(s)/``, ``delta(s)/``): a folder between them
  names a version (dolphinscheduler's
  ``upgrade/3.3.0_schema/mysql/dolphinscheduler_ddl.sql``, Apollo's
  ``delta/v220-v230/x.sql``): what an older database ran, which ``init``
  leaves out of the model and the gate calls applied history; or
- it is a SQL file in a rollback folder (``rollbacks/``, ``rollback/``, where
  ``dbnamelint migrate`` writes the rollbacks of runners that read every
  file of their folder, often outside the configured ``paths``): it
  restores the old names by design; or
- it is a SQL file that opens as goose (``-- +goose Up``), dbmate
  (``-- migrate:up``), sql-migrate (``-- +migrate Up``) or Liquibase
  (``-- liquibase formatted sql``) migrations do, as ``dbnamelint migrate``'s
  scripts do (``-- dbnamelint migrate: ...``), or as a dump
  ``pg_dump`` (``-- PostgreSQL database dump``), ``mysqldump`` (``-- MySQL
  dump``) or ``mariadb-dump`` (``-- MariaDB dump``) writes: a copy of a
  database's schema (Rails' ``db/ci_structure.sql`` beside the configured
  ``db/structure.sql``), regenerated from the database, never edited.

The config's ``impact_history:`` and ``impact_code:`` decide before these
rules do (:mod:`dbnamelint.impact.historyglobs`).
"""

from __future__ import annotations

import re

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.frontends.sql.sources import ROLLBACK_DIRS, is_down_migration
from dbnamelint.impact.languages import SQL_SUFFIXES
from dbnamelint.impact.migration_code import (
    CODE_HEAD_CHARS,
    is_alembic_revision,
    is_code,
    is_migration_code,
)
from dbnamelint.rails_dump import structure_dump_name
from dbnamelint.tool_tables import is_dump_head

#: How many characters of a SQL file its tool's marker is looked for in.
SQL_HEAD_CHARS = 2000

#: Liquibase's folder names, which application code also uses (Rails'
#: ``app/views/changesets``): they make history only of Liquibase's formats
#: and notes, and not below an ``app`` folder (Rails, Laravel, Phoenix keep
#: their migrations elsewhere).
_LIQUIBASE_DIRS = frozenset({"changelog", "changelogs", "changesets"})
_LIQUIBASE_SUFFIXES = (".xml", ".yaml", ".yml", ".json", ".sql", ".md", ".txt", ".rst", ".adoc")
#: ``migrate``, ``migration``, ``migrations``, alone or opening a longer folder
#: name (``migrate-scripts``, ``migrations_old``); not ``migrator`` (code).
_MIGRATION_DIR = lazy_compile(r"^migrat(?:e|ion|ions)(?:[-_. ].*)?$", re.IGNORECASE)
#: A script named as one migration step: ``migrate``/``migration``, then a
#: version, a date or a commit id (``migrate-db-17cf077.sh``, ``migration_0042.py``).
_STEP_SCRIPT = lazy_compile(
    r"^migrat(?:e|ion)(?:[-_][^/]*)?[-_](?=[0-9a-f]*\d)[0-9a-f]+\.[^./]+$", re.IGNORECASE
)
#: The weakest of the names: a number and anything (``001-x.sql``), not a
#: tool's 14-digit timestamp.
#: A project's release notes (``CHANGELOG.md``, ``CHANGES.rst``, ``HISTORY``,
#: ``NEWS``, ``RELEASE_NOTES.md``): what each release did, under the names it
#: had then (river's CHANGELOG tells users to run ``CREATE INDEX ... ON
#: river_job`` before migration 006), never to be patched.
_RELEASE_NOTES = lazy_compile(
    r"^(?:change[-_ ]?log|changes|history|news|release[-_ ]?notes)"
    r"(?:\.(?:md|markdown|rst|txt|adoc|asciidoc|org))?$",
    re.IGNORECASE,
)
#: A migration's own folder, named from its date and time (Prisma's
#: ``20240101120000_x/``, Diesel's ``2024-01-01-120000_x/``).
_DATED_FOLDER = lazy_compile(r"^\d{4}-?\d{2}-?\d{2}[-_]?\d{6}[-_]")
_BARE_NUMBER = lazy_compile(r"^(?!\d{14}_)\d+(?:[-_.].*)?\.[^./]+$")
#: A DDL statement's start, the mark of a migration among numbered files.
#: drizzle-kit's ``meta/_journal.json`` and ``meta/0003_snapshot.json`` (trial s27 dokploy:
#: about 580 references each counted as code).
_DRIZZLE_META = lazy_compile(r"^(?:_journal|\d+_snapshot)\.json$")
_DDL = lazy_compile(r"^\s*(?:CREATE|ALTER|DROP|RENAME)\s", re.IGNORECASE | re.MULTILINE)
_TOOL_NAME = lazy_compile(
    r"^(?:[VU]\d+(?:[._]\d+)*__.+|R__.+|.+[._-]up(?:\.[^./]+)*|up|down|migration"
    r"|\d{14}_.+|\d+(?:[-_.].*)?)\.[^./]+$",
    re.IGNORECASE,
)
#: Names only a migration tool gives: Flyway's versioned and baseline
#: migrations, golang-migrate's ``.up.``, Diesel's ``up.sql``, Prisma's
#: ``migration.sql``, a 14-digit timestamp (not a plain number: a pg_dump is
#: often kept as ``001_schema.sql`` beside migrations that are not).
_MIGRATION_NAME = lazy_compile(
    r"^(?:[VB]\d+(?:[._]\d+)*__.+|\d+_.+\.up\.[^./]+|up\.sql|migration\.sql|\d{14}_.+)$",
    re.IGNORECASE,
)
#: Folders of upgrade scripts below a full schema (Apollo's ``delta/``,
#: dolphinscheduler's ``upgrade/<version>_schema/<db>/``): what ``init`` leaves
#: out of the model as scripts an older database ran, and the gate calls
#: applied history.
_UPGRADE_DIRS = frozenset({"upgrade", "upgrades", "update", "updates", "delta", "deltas"})
#: A release's version in a folder's name (``3.3.0_schema``, ``v220-v230``).
_VERSION = lazy_compile(r"(?<![A-Za-z])v?\d+(?:[._]\d+)+|(?<![A-Za-z])v\d+(?![A-Za-z])")
_HEAD_MARKERS = (
    "-- +goose up",
    "-- migrate:up",
    "-- +migrate up",
    "--liquibase formatted sql",
    # A dump a tool writes from the database (Rails' db/structure.sql and its
    # db/ci_structure.sql are pg_dump's): regenerated after each migration, never edited.
    "-- postgresql database dump",
    "-- mysql dump",
    "-- mariadb dump",
    # what ``dbnamelint migrate`` writes: forward, rollback, cleanup
    "-- dbnamelint migrate:",
)


def head_chars(path: str) -> int:
    """How many of the first characters of the file at ``path`` :func:`is_migration`
    reads (its ``head``): SQL files' markers, code files' registrations; 0: none."""
    name = path.rsplit("/", 1)[-1].lower()
    if name.endswith(SQL_SUFFIXES):
        return SQL_HEAD_CHARS
    if name.endswith(".py") or (is_code(name) and in_migration_folder(path)):
        return CODE_HEAD_CHARS  # Alembic's revisions lie anywhere
    return 0


def in_migration_folder(path: str) -> bool:
    """Whether a folder on ``path`` (relative, ``/``-separated) is named as
    migration tools name theirs (``migrations``, ``db/migrate``, a Liquibase
    ``changelog`` holding one of Liquibase's formats, not below ``app/``)."""
    parts = path.split("/")[:-1]
    if any(_MIGRATION_DIR.match(p) for p in parts):
        return True
    if not path.lower().endswith(_LIQUIBASE_SUFFIXES):
        return False
    for number, part in enumerate(parts):
        if part.lower() in _LIQUIBASE_DIRS:
            return not any(p.lower() == "app" for p in parts[:number])
    return False


def is_migration(path: str, head: str = "") -> bool:
    """Whether ``path`` (relative, ``/``-separated) is migration history.

    ``head`` is the file's first :func:`head_chars` characters when known
    (for the tools that mark migrations inside the file, and code's
    registrations); empty: not read. See the module docstring for the rules.
    """
    name = path.rsplit("/", 1)[-1]
    if _STEP_SCRIPT.match(name) or _RELEASE_NOTES.match(name):
        return True
    if _DRIZZLE_META.match(name) and path.rsplit("/", 2)[-2:-1] == ["meta"]:
        return True  # drizzle-kit's journal and snapshots: the schema at each migration
    if in_migration_folder(path):
        # Code beside the migrations (a runner, a helper) is live unless shaped as one;
        # a file of a dated migration's folder is that migration's (formbricks'
        # 20260401000002_backfill/migration.ts beside Prisma's: trial s26).
        return (
            not is_code(name)
            or is_migration_code(name, head)
            or is_alembic_revision(path)
            or _DATED_FOLDER.match(path.rsplit("/", 2)[-2]) is not None  # it is in a folder
        )
    if is_alembic_revision(path, head):
        return True
    if not name.lower().endswith(SQL_SUFFIXES):
        return False
    if is_down_migration(name) or any(p.lower() in ROLLBACK_DIRS for p in path.split("/")[:-1]):
        return True  # a rollback restores the old names by design
    if _upgrade_script(path):
        return True
    if _TOOL_NAME.match(name):
        # A bare number (02-dummy-data.sql) also names seed and test data:
        # history only when the file opens with DDL, as a migration does.
        return not _BARE_NUMBER.match(name) or not head or _DDL.search(head) is not None
    lowered = head.lower().replace("-- liquibase", "--liquibase")
    return any(marker in lowered for marker in _HEAD_MARKERS)


def _upgrade_script(path: str) -> bool:
    """Whether SQL file ``path`` is an upgrade script of a release: in a
    folder of a folder of upgrades (:data:`_UPGRADE_DIRS`) naming a version,
    or below one (trial s40 dolphinscheduler: ``impact --diff`` patched
    ``upgrade/3.2.0_schema/mysql/dolphinscheduler_ddl.sql``). A file named
    with a version right in the upgrades folder (``upgrades/1.2.0.sql``) is
    one by its number (:data:`_TOOL_NAME`), when it opens with DDL."""
    parts = path.split("/")[:-1]
    for number, part in enumerate(parts):
        if part.lower() in _UPGRADE_DIRS:
            return any(_VERSION.search(p) for p in parts[number + 1 :])
    return False


#: dbmate appends this to the pg_dump it writes (``dbmate dump``, ``dbmate up``).
_DUMP_TAILS = ("-- dbmate schema migrations",)


def is_schema_dump(path: str, head: str = "", tail: str = "") -> bool:
    """Whether ``path`` is a generated copy of a schema, not code
    (:func:`schema_dump_marker` names what shows it)."""
    return schema_dump_marker(path, head, tail) is not None


def schema_dump_marker(path: str, head: str = "", tail: str = "") -> str | None:
    """What shows ``path`` is a generated copy of a schema, or None.

    A SQL file named as Rails names its dumps (``structure.sql``,
    ``ci_structure.sql``), one that opens as pg_dump / mysqldump / MariaDB's
    dump / ``sqlite3 .dump`` do, or one that ends as dbmate's ``schema.sql`` does (pg_dump
    without its header, then ``-- Dbmate schema migrations``). ``head`` and
    ``tail`` are the file's first and last characters when known. Such a file
    is rewritten by its tool from the database, so it is reported with the
    generated files (:mod:`dbnamelint.impact.generated`): never counted as a
    use, never patched.
    """
    name = path.rsplit("/", 1)[-1].lower()
    if not name.endswith(SQL_SUFFIXES):
        return None
    if structure_dump_name(name):
        return "Rails' structure.sql (db:schema:dump)"
    if _MIGRATION_NAME.match(name):
        # A tool runs it whatever it holds: a dump made a baseline migration
        # (V1__baseline.sql), a migration written as a dump opens.
        return None
    if any(marker in tail.lower() for marker in _DUMP_TAILS):
        return "dbmate's schema dump (-- Dbmate schema migrations)"
    if is_dump_head(head):
        lines = [line.strip() for line in head.lstrip("\ufeff").splitlines()]
        shown = next((line for line in lines if is_dump_head(line)), "")
        shown = shown or next((line for line in lines if line.strip("-/*# ")), "")
        return f"a database dump's header ({shown[:80]})"
    return None
