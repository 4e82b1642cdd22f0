"""The database a ClickHouse tree's unqualified names are in.

ClickHouse manual, "USE Statement": ``USE [DATABASE] db`` sets the current
database of the session, and "the current database is used for searching for
tables if the database is not explicitly defined in the query with a dot
before the table name"; without it the session's database is the one the
client connects to (``default`` unless told). Migration files seldom say
which: umami's ``db/clickhouse/`` writes ``umami.website_event`` in most
files and ``"website_event"`` in some, run by a client connected to
``umami``, and read apart they were two tables (``umami.event_data`` and
``event_data``; trial s28). So a ClickHouse catalog whose files name one
database only, by qualifying names with it or by ``USE db`` (read as MySQL's
is: its unqualified names after it are db's), has that database as its
default: ``umami.t`` and ``t`` are one table, as PostgreSQL's ``public.t``
and ``t`` are. Files naming two databases are read as written.
"""

from __future__ import annotations

from collections.abc import Sequence

from dbnamelint.model import Event, ObjectKind

#: Dialects whose catalogs take the files' one database as their default.
_TAKES_FILES_DATABASE = frozenset({"clickhouse"})


def home_databases(events: Sequence[Event]) -> dict[str, str]:
    """Catalog -> the one database the events of that catalog name (their
    qualifiers and ``USE``), for the dialects of :data:`_TAKES_FILES_DATABASE`;
    catalogs naming none or several are left out. A ``CREATE DATABASE`` alone
    names none: its tables may still be created elsewhere."""
    named: dict[str, set[str]] = {}
    source = None
    catalog = ""
    wanted = False
    for event in events:
        if event.source is not source:
            source = event.source
            catalog = source.catalog
            wanted = source.dialect in _TAKES_FILES_DATABASE
        if not wanted or event.kind is ObjectKind.SCHEMA:
            continue
        found = named.setdefault(catalog, set())
        if event.schema is not None:
            found.add(event.schema)
        if event.table is not None and event.table.schema is not None:
            found.add(event.table.schema)
        if event.search_path:
            found.add(event.search_path[0])
    return {catalog: next(iter(found)) for catalog, found in named.items() if len(found) == 1}
