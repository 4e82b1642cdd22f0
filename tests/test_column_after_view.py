"""DBN019: a column added to a table after the compatibility view of its old name.

The oracle is each database: after the files run, selecting the new column
through the old name fails where DBN019 is reported (PostgreSQL 15, MariaDB
10.11: the view's columns were fixed when it was made) and works where it is
not (the view re-created after the column; SQLite expanding a ``*`` at each
use). Trial s10-t2 #6 (a MariaDB app whose code still used the old name).
"""

from __future__ import annotations

import sqlite3

import pytest

import mysql_server
import pg_server
from dbnamelint.model import Severity
from dbnamelint.runner.pipeline import schema_from_sql

RENAMED = """\
CREATE TABLE bookmark (id int, url text);
ALTER TABLE bookmark RENAME TO bookmarks;
CREATE VIEW bookmark AS SELECT {select} FROM bookmarks;
ALTER TABLE bookmarks ADD COLUMN archived int;
"""
#: The view re-created by the migration that adds the column: it shows it.
RECREATED = "CREATE OR REPLACE VIEW bookmark AS SELECT * FROM bookmarks;\n"
CASES = {
    "star": (RENAMED.format(select="*"), True),
    "listed": (RENAMED.format(select="id, url"), True),
    "re-created": (RENAMED.format(select="*") + RECREATED, False),
}


def _reported(sql: str, dialect: str) -> list[int]:
    schema = schema_from_sql(sql, dialect=dialect)
    found = [d for d in schema.diagnostics if d.code == "DBN019"]
    assert all(d.severity is Severity.WARNING for d in found)
    assert all("'archived'" in d.message and "'bookmark'" in d.message for d in found)
    return [d.location.line for d in found]


@pytest.mark.parametrize("case", sorted(CASES))
def test_postgres_hides_the_column_where_dbn019_says(pg: pg_server.PgServer, case: str) -> None:
    sql, hidden = CASES[case]
    with pg.fresh_database("dbnl_column_after_view") as db:
        pg.run(sql=sql, dbname=db)
        try:
            pg.run(sql="SELECT archived FROM bookmark", dbname=db)
            seen = True
        except pg_server.SqlFailed as exc:
            assert 'column "archived" does not exist' in str(exc)
            seen = False
    assert seen is not hidden
    assert _reported(sql, "postgres") == ([4] if hidden else [])


@pytest.mark.parametrize("case", sorted(CASES))
def test_mariadb_hides_the_column_where_dbn019_says(
    maria: mysql_server.MysqlServer, case: str
) -> None:
    sql, hidden = CASES[case]
    with maria.fresh_database("dbnl_column_after_view") as db:
        maria.run(sql, database=db)
        try:
            maria.run("SELECT archived FROM bookmark", database=db)
            seen = True
        except mysql_server.SqlFailed as exc:
            assert "1054" in str(exc)
            seen = False
    assert seen is not hidden
    assert _reported(sql, "mariadb") == ([4] if hidden else [])


@pytest.mark.parametrize(("select", "hidden"), [("*", False), ("id, url", True)])
def test_sqlite_expands_a_star_at_each_use(select: str, hidden: bool) -> None:
    sql = RENAMED.format(select=select)
    db = sqlite3.connect(":memory:")
    db.executescript(sql)
    try:
        db.execute("SELECT archived FROM bookmark")
        seen = True
    except sqlite3.OperationalError as exc:
        assert "no such column" in str(exc)
        seen = False
    assert seen is not hidden
    assert _reported(sql, "sqlite") == ([4] if hidden else [])
