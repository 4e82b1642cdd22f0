"""A live database as the input of a run (``check --db``, ``inspect --db``, ``drift``).

Commands call these instead of wiring the live front end, the files and
:func:`dbnamelint.drift.with_file_facts` themselves, so the three agree on
which database is read and what the files add to it.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace

from dbnamelint.core.index import CatalogIndex
from dbnamelint.dialects import copy_of
from dbnamelint.drift import as_server_dialect, with_file_facts
from dbnamelint.frontends.live import read_database
from dbnamelint.frontends.live.errors import database_url
from dbnamelint.pipeline import Loaded, load_paths
from dbnamelint.schema import replay
from dbnamelint.sources import SourceSettings
from dbnamelint.tool_tables import LeftOut, leave_out
from dbnamelint.whitelist import Whitelist, WhitelistEntry


def resolve_url(given: str | None, env_name: str | None) -> str:
    """``--db URL``, else ``$<database:>``, else ``$DATABASE_URL`` (see :func:`database_url`)."""
    return database_url(given, env_name, dict(os.environ))


def load_database(url: str, schemas: Sequence[str] = ()) -> Loaded:
    """The database's model as read (raises ``LiveError``, one line, no password)."""
    return read_database(url, schemas=schemas)


def without_tool_tables(
    database: Loaded, files: Loaded | None, extra: Sequence[str] = ()
) -> tuple[Loaded, LeftOut]:
    """``database`` without the migration tools' bookkeeping tables the files
    do not create, and the ``extra`` ones the team names
    (:func:`dbnamelint.tool_tables.leave_out`); the model only, not its events."""
    schema, left = leave_out(database.schema, None if files is None else files.schema, extra)
    if not left.tables:
        return database, left
    return replace(database, schema=schema), left


def load_files(paths: Sequence[str], settings: SourceSettings) -> Loaded | None:
    """The files' model, or None when ``paths`` hold no SQL file."""
    if not paths:
        return None
    loaded = load_paths(paths, settings)
    return loaded if loaded.files else None


def database_with_files(database: Loaded, files: Loaded | None) -> Loaded:
    """``database`` with modules, rename history, compatibility views and
    suppressions taken from ``files`` (unchanged when there are none)."""
    if files is None:
        return database
    # Facts come from the database's own copy only: a PostgreSQL copy's
    # CONSTRAINT "primary" says nothing about who named MariaDB's PRIMARY.
    events, _ = as_server_dialect(files.events, database.files[0].dialect)
    known = files.schema if events is files.events else replay(events)
    schema = with_file_facts(database.schema, known)
    return replace(database, schema=schema)


def other_copies_entries(
    whitelist: Whitelist, files: Loaded | None, dialect: str
) -> tuple[WhitelistEntry, ...]:
    """Entries whose object the files hold only in copies other than ``dialect``'s.

    A tree that keeps one schema for several databases has one whitelist
    for all of them; a database of one copy cannot say whether an entry for
    another copy's object is stale (:func:`dbnamelint.dialects.copy_of`).
    """
    if files is None or not whitelist.entries:
        return ()
    own = copy_of(dialect)
    index = CatalogIndex(files.schema)
    out = []
    for entry in whitelist.entries:
        copies = index.resolve_all(entry.kind, entry.parts)
        if copies and all(copy_of(c.obj.source.dialect) != own for c in copies):
            out.append(entry)
    return tuple(out)
