"""Views of the schema that read a compatibility view the cleanup drops.

A view made after the rename phase over the old name reads the
compatibility view, not the table. PostgreSQL records that (pg_depend) and
refuses the cleanup's ``DROP VIEW "old"`` ('cannot drop view old because
other objects depend on it'); SQLite takes the DROP and the view fails on
every use ('no such table: main.old'), and so do later ``ALTER TABLE ...
RENAME`` statements ('error in view report: no such table'). MySQL and
MariaDB keep a view as text: ``bodies.view_readers`` finds those by name.
Checked on PostgreSQL 15 and sqlite3 (tests/test_migrate_cleanup_view_dependents.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from msgspec import Struct

from dbnamelint.dialects import Family, profile_for
from dbnamelint.model import Location, ObjectKind, Schema
from dbnamelint.services.migrate.plan import View

_VIEWS = (ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW)


class Dependent(Struct, frozen=True):
    """A view (``kind``: "view" or "materialized view") named ``name``, made at
    ``location``, that reads the compatibility view ``view`` of ``table``."""

    view: str
    table: str
    kind: str
    name: str
    location: Location


def view_dependents(
    schema: Schema,
    views: Sequence[View],
    dialect: str,
    rerun: Sequence[tuple[str, int, int]] = (),
) -> list[Dependent]:
    """The views of ``schema`` (the replayed model) reading one of ``views``
    directly, in the order they were made; none for MySQL/MariaDB (their view
    queries are text the body search reads) and the dialects not checked.

    A view's sources are kept as the names of the objects it reads when
    replayed, so the compatibility view's own name is matched exactly.
    ``rerun``: (path, first line, last line) of the statements a migration
    tool runs again (a Flyway ``R__`` script, a Liquibase ``runOnChange``
    changeset): a view made there is left to the body search, which says
    what re-running it does (the model replays it last, as a fresh install
    does, while a database migrated before the rename holds the view over
    the table, and the DROP works there).
    """
    family = profile_for(dialect).family
    if family not in (Family.POSTGRES, Family.SQLITE):
        return []
    wanted = {v.old: v for v in views}
    out: list[Dependent] = []
    for reader in schema.objects:
        if reader.kind not in _VIEWS or reader.compatibility_view_for:
            continue
        at = reader.location
        if any(p == at.path and first <= at.line <= last for p, first, last in rerun):
            continue
        for source in dict.fromkeys(reader.selects_from):
            view = wanted.get(source)
            if view is not None and source != reader.name:
                kind = reader.kind.value.replace("_", " ")
                out.append(Dependent(view.old, view.new, kind, reader.name, reader.location))
    return out


def refuses_drop(dialect: str) -> bool:
    """Whether the database refuses ``DROP VIEW`` while another view reads it
    (PostgreSQL), so ``--force`` cannot write the cleanup anyway."""
    return profile_for(dialect).view_dependencies
