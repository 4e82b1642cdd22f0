"""The live front end: a database's catalog read into naming events.

``read_catalog("postgresql://host/app")`` connects read-only (see
:mod:`.connect`), reads the catalog with set-based queries, and returns the
events, the same values the SQL front end emits;
:func:`dbnamelint.database.load_database` replays them into the model, so
every rule, pack, whitelist entry, report format and ``inspect`` work on it
unchanged.

Errors are :class:`LiveError` subclasses with one-line, password-free
messages.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from msgspec import Struct

from dbnamelint.core.gcpause import collector_paused
from dbnamelint.frontends.live.connect import mysql_cursor, postgres_cursor, sqlite_connection
from dbnamelint.frontends.live.errors import (
    ConnectionFailedError,
    DatabaseUrlError,
    DriverMissingError,
    LiveError,
    SchemaFilterError,
)
from dbnamelint.frontends.live.events import EventBuilder
from dbnamelint.frontends.live.url import DatabaseUrl, parse_url
from dbnamelint.model import Diagnostic, Event, SourceFile

__all__ = [
    "CatalogRead",
    "ConnectionFailedError",
    "DatabaseUrl",
    "DatabaseUrlError",
    "DriverMissingError",
    "LiveError",
    "SchemaFilterError",
    "parse_url",
    "read_catalog",
    "read_rows",
]

#: Seconds one catalog query may run before the server cancels it.
STATEMENT_TIMEOUT_S = 60.0


class CatalogRead(Struct, frozen=True):
    """What the catalog of one database says, as events.

    ``source`` is the one pseudo-file they are located in (named by the URL's
    display form; its dialect is the server's, ``mariadb`` for a MariaDB
    server whatever the URL's scheme). ``sequence_owners`` maps a sequence
    ``(schema, name)`` to the ``(table, column)`` the catalog says owns it
    (PostgreSQL's ``pg_depend``), for the replayed model to mark.
    """

    events: tuple[Event, ...]
    source: SourceFile
    sequence_owners: Mapping[tuple[str | None, str], tuple[str, str]]
    #: What reading the stored statements said (SQLite, whose catalog is its
    #: ``CREATE`` texts: a statement the SQL reader cannot read, a virtual
    #: table of a module it does not know), located at the object's address.
    diagnostics: tuple[Diagnostic, ...] = ()
    #: View ``(schema, name)`` -> the table ``migrate``'s marker names (its
    #: comment on PostgreSQL, its stored text on SQLite; MySQL has neither):
    #: the compatibility view of that table.
    marked_views: Mapping[tuple[str | None, str], str] = {}


def read_catalog(
    url: str | DatabaseUrl,
    *,
    schemas: Sequence[str] = (),
    timeout_s: float = STATEMENT_TIMEOUT_S,
) -> CatalogRead:
    """The catalog of the database at ``url`` (see :mod:`.url` for the forms), as events.

    ``schemas`` limits a PostgreSQL read to those schemas (default: every
    schema but PostgreSQL's own); MySQL reads the URL's database, SQLite the
    file's ``main``. Raises :class:`LiveError` (one line, no password).
    Replaying the events into a model is the caller's
    (:func:`dbnamelint.database.load_database`).
    """
    parsed = url if isinstance(url, DatabaseUrl) else parse_url(url)
    if schemas and parsed.dialect != "postgres":
        raise SchemaFilterError(
            "--schema applies to PostgreSQL: a MySQL URL names its database, "
            "a SQLite file has one schema"
        )
    builder = EventBuilder(parsed)
    diagnostics: tuple[Diagnostic, ...] = ()
    marked: Mapping[tuple[str | None, str], str] = {}
    with collector_paused():
        if parsed.dialect == "postgres":
            from dbnamelint.frontends.live.postgres import read_postgres

            with postgres_cursor(parsed, timeout_s) as cursor:
                read_postgres(cursor, builder, schemas)
            events = builder.events
        elif parsed.dialect == "mysql":
            from dbnamelint.frontends.live.mysql import read_mysql, server_dialect

            with mysql_cursor(parsed, timeout_s) as cursor:
                # The server, not the URL's scheme, says whose implicit names
                # it chose: mysql:// reaches MariaDB as often as not.
                builder = EventBuilder(replace(parsed, dialect=server_dialect(cursor)))
                read_mysql(cursor, builder)
            events = builder.events
        else:
            from dbnamelint.frontends.live.sqlite import marked_views, read_sqlite

            with sqlite_connection(parsed, timeout_s) as connection:
                events, diagnostics = read_sqlite(connection, parsed)
                marked = marked_views(connection)
    return CatalogRead(
        tuple(events),
        builder.source,
        dict(builder.sequence_owners),
        diagnostics,
        dict(marked or builder.marked_views),
    )


def read_rows(
    url: str | DatabaseUrl, query: str, *, timeout_s: float = STATEMENT_TIMEOUT_S
) -> list[tuple[object, ...]]:
    """The rows of one ``SELECT`` (a migration tool's version table), read on
    the same read-only connection as the catalog. Raises :class:`LiveError`."""
    parsed = url if isinstance(url, DatabaseUrl) else parse_url(url)
    if parsed.dialect == "postgres":
        with postgres_cursor(parsed, timeout_s) as cursor:
            cursor.execute(query)
            return [tuple(row) for row in cursor.fetchall()]
    if parsed.dialect == "mysql":
        with mysql_cursor(parsed, timeout_s) as cursor:
            cursor.execute(query)
            return [tuple(row) for row in cursor.fetchall()]
    with sqlite_connection(parsed, timeout_s) as connection:
        return [tuple(row) for row in connection.execute(query).fetchall()]
