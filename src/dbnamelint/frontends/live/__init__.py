"""The live front end: a database's catalog read into naming events.

``read_database("postgresql://host/app")`` connects read-only (see
:mod:`.connect`), reads the catalog with set-based queries, and returns the
events and the replayed model, exactly the shape the SQL front end gives
(:class:`dbnamelint.runner.pipeline.Loaded`), so every rule, pack, whitelist entry,
report format and ``inspect`` work on it unchanged.

Errors are :class:`LiveError` subclasses with one-line, password-free
messages.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

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
from dbnamelint.model import ObjectKind, Schema
from dbnamelint.replay.engine import replay
from dbnamelint.runner.gcpause import collector_paused
from dbnamelint.runner.pipeline import Loaded

__all__ = [
    "ConnectionFailedError",
    "DatabaseUrl",
    "DatabaseUrlError",
    "DriverMissingError",
    "LiveError",
    "SchemaFilterError",
    "parse_url",
    "read_database",
]

#: Seconds one catalog query may run before the server cancels it.
STATEMENT_TIMEOUT_S = 60.0


def _with_owners(
    schema: Schema, owners: Mapping[tuple[str | None, str], tuple[str, str]]
) -> Schema:
    """``schema`` with each sequence the catalog says a column owns marked so
    (``SchemaObject.owned_by``), as replay marks a file's serial column's."""
    if not owners:
        return schema
    objects = tuple(
        replace(o, owned_by=owners[(o.schema, o.name)])
        if o.kind is ObjectKind.SEQUENCE and (o.schema, o.name) in owners
        else o
        for o in schema.objects
    )
    return replace(schema, objects=objects)


def read_database(
    url: str | DatabaseUrl,
    *,
    schemas: Sequence[str] = (),
    timeout_s: float = STATEMENT_TIMEOUT_S,
) -> Loaded:
    """The model of the database at ``url`` (see :mod:`.url` for the forms).

    ``schemas`` limits a PostgreSQL read to those schemas (default: every
    schema but PostgreSQL's own); MySQL reads the URL's database, SQLite the
    file's ``main``. ``files`` of the result is one pseudo-file named by the
    URL's display form, whose dialect is the server's (``mariadb`` for a
    MariaDB server, whatever the URL's scheme). Raises :class:`LiveError`
    (one line, no password).
    """
    parsed = url if isinstance(url, DatabaseUrl) else parse_url(url)
    if schemas and parsed.dialect != "postgres":
        raise SchemaFilterError(
            "--schema applies to PostgreSQL: a MySQL URL names its database, "
            "a SQLite file has one schema"
        )
    builder = EventBuilder(parsed)
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
            from dbnamelint.frontends.live.sqlite import read_sqlite

            with sqlite_connection(parsed, timeout_s) as connection:
                events = read_sqlite(connection, parsed)
        schema = _with_owners(replay(events), builder.sequence_owners)
    files = (builder.source,)
    return Loaded(
        files=files,
        statements=len(events),
        events=tuple(events),
        schema=replace(schema, files=files),
        diagnostics=schema.diagnostics,
    )
