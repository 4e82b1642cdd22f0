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

from dbnamelint.frontends.live.url import DatabaseUrl
from dbnamelint.model import Event, SourceFile, Statement
from dbnamelint.parsing import parse_statements
from dbnamelint.splitting import split_statements

_OBJECTS = """
SELECT type, name, tbl_name, sql FROM sqlite_master
WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
ORDER BY rowid
"""


def read_sqlite(connection: sqlite3.Connection, url: DatabaseUrl) -> list[Event]:
    """Every naming event the stored statements make, one statement per object."""
    statements: list[Statement] = []
    for kind, name, table, sql in connection.execute(_OBJECTS):
        where = name if kind in ("table", "view") else f"{table}.{name}"
        source = SourceFile(url.location(where), "sqlite", None)
        found, _ = split_statements(sql.rstrip().rstrip(";") + ";\n", source)
        statements.extend(found)
    return list(parse_statements(statements).events)
