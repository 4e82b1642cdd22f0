"""The tables and views a test database holds, read from its catalog: what
the ``migrate --write`` tests compare after each run and rollback of a
written migration (the migration tool's own bookkeeping table left out).

PostgreSQL: ``pg_class`` (``relkind`` ``r`` table, ``v`` view) of schema
``public``; MariaDB: ``information_schema.TABLES`` (``TABLE_TYPE`` ``BASE
TABLE``/``VIEW``) of the database.
"""

from __future__ import annotations

import mysql_server
from pg_server import PgServer


def pg_relations(pg: PgServer, db: str, leave_out: str) -> dict[str, str]:
    """Name -> ``relkind`` of each table and view of ``public`` in ``db``
    whose name is NOT LIKE ``leave_out`` (a SQL LIKE pattern)."""
    rows = pg.query_json(
        "SELECT relname, relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = 'public' AND relkind IN ('r', 'v')"
        f" AND relname NOT LIKE '{leave_out}'",
        db,
    )
    return {r["relname"]: r["relkind"] for r in rows}


def maria_tables(maria: mysql_server.MysqlServer, db: str, leave_out: str) -> dict[str, str]:
    """Name -> ``TABLE_TYPE`` of each table and view of database ``db``
    whose name is NOT LIKE ``leave_out``."""
    out = maria.run(
        "SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES"
        f" WHERE TABLE_SCHEMA = '{db}' AND TABLE_NAME NOT LIKE '{leave_out}'"
    )
    # the client's batch output writes a backslash as two
    return dict(line.replace("\\\\", "\\").split("\t") for line in out.splitlines() if line)
