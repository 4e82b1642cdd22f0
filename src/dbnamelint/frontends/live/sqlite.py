"""SQLite's catalog: ``sqlite_schema`` holds each object's CREATE statement.

SQLite keeps no name of a constraint anywhere but in the table's stored
``CREATE TABLE`` text (which ``ALTER TABLE ... RENAME`` rewrites), so that
text *is* the catalog ("The Schema Table", sqlite.org/schematab.html). Each
stored statement goes through the SQL front end, in rowid (creation) order,
located at the object's address instead of a file; the autoindexes SQLite
made (``sql`` is NULL) are named again by replay exactly as SQLite names
them (checked against ``sqlite_master`` by tests/test_sqlite_oracle.py).
"""

from __future__ import annotations

import sqlite3

from dbnamelint.core.view_marker import marked_table
from dbnamelint.frontends.live.url import DatabaseUrl
from dbnamelint.frontends.sql.parsing import parse_statements
from dbnamelint.frontends.sql.splitting import split_statements
from dbnamelint.model import Diagnostic, Event, SourceFile, Statement

_OBJECTS = """
SELECT type, name, tbl_name, sql FROM sqlite_master
WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
ORDER BY rowid
"""


def shadow_tables(connection: sqlite3.Connection) -> frozenset[str]:
    """Names (case-folded) of the shadow tables virtual tables keep for themselves.

    SQLite creates and renames them with their virtual table; no file writes
    them, so the model leaves them out. From ``pragma_table_list`` (SQLite
    3.37+: ``type = 'shadow'``, which knows every loaded module's); before
    that, the SQL front end leaves out those of the modules it knows
    (:func:`dbnamelint.frontends.sql.parsing.virtual.without_shadow_tables`).
    """
    try:
        rows = connection.execute(
            "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'shadow'"
        ).fetchall()
    except sqlite3.Error:
        return frozenset()
    return frozenset(str(r[0]).casefold() for r in rows)


def marked_views(connection: sqlite3.Connection) -> dict[tuple[str | None, str], str]:
    """(None, view) -> the table ``migrate``'s marker in the view's stored text
    names (``sqlite_master.sql`` keeps the ``/* ... */`` comment verbatim)."""
    out: dict[tuple[str | None, str], str] = {}
    for name, sql in connection.execute("SELECT name, sql FROM sqlite_master WHERE type = 'view'"):
        table = marked_table(sql)
        if table is not None:
            out[(None, str(name))] = table
    return out


def read_sqlite(
    connection: sqlite3.Connection, url: DatabaseUrl
) -> tuple[list[Event], tuple[Diagnostic, ...]]:
    """Every naming event the stored statements make, one statement per object
    (a virtual table's shadow tables left out: :func:`shadow_tables`), and
    what the SQL reader said of them (located at the object's address)."""
    statements: list[Statement] = []
    shadows = shadow_tables(connection)
    for kind, name, table, sql in connection.execute(_OBJECTS):
        if str(table).casefold() in shadows:
            continue
        where = name if kind in ("table", "view") else f"{table}.{name}"
        source = SourceFile(url.location(where), "sqlite", None)
        found, _ = split_statements(sql.rstrip().rstrip(";") + ";\n", source)
        statements.extend(found)
    parsed = parse_statements(statements)
    return list(parsed.events), parsed.diagnostics
