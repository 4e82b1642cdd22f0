"""Which files are migration history: applied once, never edited, never patched.

A migration that created ``messages`` must keep creating ``messages``: the
tool checks what it applied (Flyway's checksums, golang-migrate's version
table...) and a fresh install replays it before the rename. So a file a
migration tool reads is no code to fix, wherever it lies: the schema copies
of other databases (``db/postgres/V1__init.sql`` beside the configured
``db/mysql``) included. A file is history when

- a folder on its path is named ``migrations``, ``migration``, ``migrate``
  (Rails' ``db/migrate``), ``changelog``/``changelogs`` (Liquibase) or
  ``changesets``, whatever its language (Django, Alembic, Knex, Ecto,
  Laravel, EF Core migrations are code of that kind); or
- it is a SQL file named as a migration tool names them: Flyway
  ``V<n>__x.sql``/``U<n>__x.sql``/``R__x.sql``, golang-migrate/dbmate/sqlx
  ``x.up.sql``/``x.down.sql``, Diesel ``up.sql``/``down.sql``, Prisma
  ``migration.sql``, a 14-digit timestamp (``20240101120000_x.sql``) or a
  number (``001_x.sql``, ``001-x.sql``, ``001.sql``); or
- it is a SQL file that opens as goose (``-- +goose Up``), dbmate
  (``-- migrate:up``), sql-migrate (``-- +migrate Up``) or Liquibase
  (``-- liquibase formatted sql``) migrations do.
"""

from __future__ import annotations

import re

from dbnamelint.frontends.sql.sources import is_down_migration
from dbnamelint.impact.languages import SQL_SUFFIXES

#: Suffixes of SQL files (the schema tree's own, and other databases' copies).

_MIGRATION_DIRS = frozenset(
    {"migrations", "migration", "migrate", "changelog", "changelogs", "changesets"}
)
_TOOL_NAME = re.compile(
    r"^(?:[VU]\d+(?:[._]\d+)*__.+|R__.+|.+[._-]up(?:\.[^./]+)*|up|down|migration"
    r"|\d{14}_.+|\d+(?:[-_.].*)?)\.[^./]+$",
    re.IGNORECASE,
)
_HEAD_MARKERS = ("-- +goose up", "-- migrate:up", "-- +migrate up", "--liquibase formatted sql")


def is_migration(path: str, head: str = "") -> bool:
    """Whether ``path`` (relative, ``/``-separated) is migration history.

    ``head`` is the file's first lines when known (for the tools that mark
    migrations inside the file). See the module docstring for the rules.
    """
    parts = path.split("/")
    if any(part.lower() in _MIGRATION_DIRS for part in parts[:-1]):
        return True
    name = parts[-1]
    if not name.lower().endswith(SQL_SUFFIXES):
        return False
    if _TOOL_NAME.match(name) or is_down_migration(name):
        return True
    lowered = head.lower().replace("-- liquibase", "--liquibase")
    return any(marker in lowered for marker in _HEAD_MARKERS)
