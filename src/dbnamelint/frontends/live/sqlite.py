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

import re
import sqlite3

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.frontends.live.url import DatabaseUrl
from dbnamelint.frontends.sql.parsing import parse_statements
from dbnamelint.frontends.sql.splitting import split_statements
from dbnamelint.model import Event, SourceFile, Statement

_OBJECTS = """
SELECT type, name, tbl_name, sql FROM sqlite_master
WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
ORDER BY rowid
"""


#: Shadow tables each virtual-table module keeps (sqlite.org: fts5.html,
#: fts3.html "Shadow Tables", rtreedev "Shadow tables"), for SQLite before
#: 3.37, which has no ``pragma_table_list`` to say which tables are shadows.
_SHADOW_SUFFIXES = {
    "fts5": ("data", "idx", "content", "docsize", "config"),
    "fts4": ("content", "segments", "segdir", "docsize", "stat"),
    "fts3": ("content", "segments", "segdir", "docsize", "stat"),
    "rtree": ("node", "parent", "rowid"),
    "rtree_i32": ("node", "parent", "rowid"),
    "geopoly": ("node", "parent", "rowid"),
}
_VIRTUAL = lazy_compile(
    r"""^\s*CREATE\s+VIRTUAL\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?"""
    r"""(?:(?:"[^"]*"|`[^`]*`|\[[^\]]*\]|\w+)\s*\.\s*)?"""
    r"""(?:"(?P<dq>(?:[^"]|"")*)"|`(?P<bq>[^`]*)`|\[(?P<br>[^\]]*)\]|'(?P<sq>[^']*)'|(?P<bare>\w+))"""
    r"""\s+USING\s+(?P<module>\w+)""",
    re.IGNORECASE,
)


def shadow_tables(connection: sqlite3.Connection) -> frozenset[str]:
    """Names (case-folded) of the shadow tables virtual tables keep for themselves.

    SQLite creates and renames them with their virtual table; no file writes
    them, so the model leaves them out. From ``pragma_table_list`` (SQLite
    3.37+: ``type = 'shadow'``), else from each virtual table's module.
    """
    try:
        rows = connection.execute(
            "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'shadow'"
        ).fetchall()
        return frozenset(str(r[0]).casefold() for r in rows)
    except sqlite3.Error:
        pass
    out: set[str] = set()
    for (sql,) in connection.execute("SELECT sql FROM sqlite_master WHERE type = 'table'"):
        found = _VIRTUAL.match(sql or "")
        if found is None:
            continue
        name = next(found.group(g) for g in ("dq", "bq", "br", "sq", "bare") if found.group(g))
        name = name.replace('""', '"')
        for suffix in _SHADOW_SUFFIXES.get(found.group("module").lower(), ()):
            out.add(f"{name}_{suffix}".casefold())
    return frozenset(out)


def read_sqlite(connection: sqlite3.Connection, url: DatabaseUrl) -> list[Event]:
    """Every naming event the stored statements make, one statement per object
    (a virtual table's shadow tables left out: :func:`shadow_tables`)."""
    statements: list[Statement] = []
    shadows = shadow_tables(connection)
    for kind, name, table, sql in connection.execute(_OBJECTS):
        if str(table).casefold() in shadows:
            continue
        where = name if kind in ("table", "view") else f"{table}.{name}"
        source = SourceFile(url.location(where), "sqlite", None)
        found, _ = split_statements(sql.rstrip().rstrip(";") + ";\n", source)
        statements.extend(found)
    return list(parse_statements(statements).events)
