"""The row an upsert proposes names its table's columns (trial s29, openfga).

``INSERT INTO assertion (...) VALUES (...) ON CONFLICT (store, ...) DO UPDATE
SET store = excluded.store``: ``excluded`` is the row the INSERT proposes
(PostgreSQL's INSERT, "the special excluded table"; sqlite.org/lang_upsert.html),
so ``excluded.store`` is ``assertion``'s column. ``impact`` took ``excluded``
for a qualifier bound to no table: where another table has a ``store`` column
too (openfga's ``changelog``, ``tuple``), the place was plain text and
``impact --diff`` left it, and the patched upsert failed on the renamed
schema. The same for MySQL 8.0.19's row alias (``VALUES (...) AS new ON
DUPLICATE KEY UPDATE store = new.store``) and a squirrel chain's
``Suffix("ON CONFLICT ... excluded.store")``.

Oracles: real PostgreSQL and SQLite run the upsert as written on the old
schema and as patched on the renamed one; MySQL's row alias (MariaDB has
none) follows MySQL's manual, "INSERT ... ON DUPLICATE KEY UPDATE".
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import psycopg
import pytest
from click.testing import CliRunner

import mysql_server
from dbnamelint.cli import cli
from git_helpers import committed_repo, git
from impact_json import impact_items, impact_json
from pg_server import PgServer

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

SCHEMA = """\
CREATE TABLE assertion (store varchar(40) NOT NULL, model varchar(40) NOT NULL, payload text,
  PRIMARY KEY (store, model));
CREATE TABLE changelog (store varchar(40) NOT NULL, ulid varchar(40) NOT NULL,
  PRIMARY KEY (store, ulid));
"""
RENAMED = SCHEMA.replace(
    "assertion (store varchar(40) NOT NULL", "assertion (store_id varchar(40) NOT NULL"
).replace("PRIMARY KEY (store, model)", "PRIMARY KEY (store_id, model)")
WHITELIST = """\
phases:
  - {id: "1", title: "Names", status: open}
entries:
  - {kind: column, name: assertion.store, phase: "1", target: store_id}
"""
UPSERT = (
    "INSERT INTO assertion (store, model, payload) VALUES ('s', 'm', 'p') "
    "ON CONFLICT (store, model) DO UPDATE SET payload = excluded.payload, store = excluded.store"
)
CODE_PY = f'UPSERT = "{UPSERT}"\n'
# MySQL 8.0.19+: the row alias; VALUES(col), the older form MariaDB runs too.
MYSQL_VALUES = (
    "INSERT INTO assertion (store, model, payload) VALUES ('s', 'm', 'p') "
    "ON DUPLICATE KEY UPDATE payload = VALUES(payload), store = VALUES(store)"
)
MYSQL_PY = (
    f'VALUES_FORM = "{MYSQL_VALUES}"\n'
    'UPSERT = "INSERT INTO assertion (store, model, payload) VALUES (%s, %s, %s) AS new '
    'ON DUPLICATE KEY UPDATE store = new.store, payload = VALUES(payload)"\n'
)
SQUIRREL_GO = """\
package app

import sq "github.com/Masterminds/squirrel"

func write(b sq.StatementBuilderType) sq.InsertBuilder {
\treturn b.Insert("assertion").Columns("store", "model", "payload").Values("s", "m", "p").
\t\tSuffix("ON CONFLICT (store, model) DO UPDATE SET store = excluded.store")
}
"""


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dialect: str) -> Path:
    files = {
        "dbnamelint.yaml": f"paths: [db]\ndialect: {dialect}\n",
        "whitelist.yaml": WHITELIST,
        "db/001_init.sql": SCHEMA,
        "app/q.py": MYSQL_PY if dialect == "mysql" else CODE_PY,
        "app/store.go": SQUIRREL_GO,
    }
    return committed_repo(tmp_path / dialect, files, monkeypatch)


def _places(dialect: str) -> dict[tuple[str, int, int], tuple[str, str]]:
    return {
        (i["path"], i["line"], i["column"]): (i["confidence"], i["context"])
        for _obj, i in impact_items(impact_json("--min-confidence", "plain"), "assertion.store")
    }


def _patched(root: Path) -> str:
    result = CliRunner().invoke(cli, ["impact", "--diff"])
    assert result.exit_code == 0, result.stderr
    (root / "fix.patch").write_text(result.stdout, encoding="utf-8")
    git(root, "apply", "fix.patch")
    text = (root / "app/q.py").read_text(encoding="utf-8")
    return text.split('"')[1]


def test_sqlite_excluded_is_the_inserted_tables_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch, "sqlite")
    places = _places("sqlite")
    column = UPSERT.index("excluded.store") + len("excluded.") + len('UPSERT = "') + 1
    assert places[("app/q.py", 1, column)] == ("high", "SQL (table.column)")
    go_line = SQUIRREL_GO.splitlines()[6]
    go_column = go_line.index("excluded.store") + len("excluded.") + 1
    assert places[("app/store.go", 7, go_column)] == ("high", "SQL (table.column)")
    patched = _patched(root)
    assert patched == UPSERT.replace("store", "store_id")
    assert "SET store_id = excluded.store_id" in (root / "app/store.go").read_text(encoding="utf-8")
    for schema, sql in ((SCHEMA, UPSERT), (RENAMED, patched)):
        db = sqlite3.connect(":memory:")
        try:
            db.executescript(schema)
            db.execute(sql)
            db.execute(sql)  # the second one updates: the upsert's own path
            assert db.execute("SELECT count(*) FROM assertion").fetchone() == (1,)
        finally:
            db.close()
    db = sqlite3.connect(":memory:")
    try:  # what the old patch left: excluded.store on the renamed table
        db.executescript(RENAMED)
        with pytest.raises(sqlite3.OperationalError, match="no such column"):
            db.execute(
                UPSERT.replace("store", "store_id").replace("excluded.store_id", "excluded.store")
            )
    finally:
        db.close()


def test_postgres_runs_the_patched_upsert(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch, "postgres")
    patched = _patched(root)
    assert patched == UPSERT.replace("store", "store_id")
    for schema, sql in ((SCHEMA, UPSERT), (RENAMED, patched)):
        with pg.fresh_database("upsert_rows") as name:
            pg.run(sql=schema, dbname=name)
            with psycopg.connect(pg.database(name)) as conn:
                conn.execute(sql)
                conn.execute(sql)
                assert conn.execute("SELECT count(*) FROM assertion").fetchone() == (1,)


def test_mysql_row_alias_and_values_name_the_inserted_tables_column(
    maria: mysql_server.MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch, "mysql")
    places = _places("mysql")
    line = MYSQL_PY.splitlines()[1]
    alias = line.index("new.store") + len("new.") + 1
    assert places[("app/q.py", 2, alias)] == ("high", "SQL (table.column)")
    line = MYSQL_PY.splitlines()[0]
    values = line.index("VALUES(store)") + len("VALUES(") + 1
    assert places[("app/q.py", 1, values)] == ("high", "SQL")
    _patched(root)
    lines = (root / "app/q.py").read_text(encoding="utf-8").splitlines()
    assert "UPDATE store_id = new.store_id, payload" in lines[1]
    assert "AS new ON DUPLICATE" in lines[1]
    patched = lines[0].split('"')[1]
    assert patched == MYSQL_VALUES.replace("store", "store_id")
    # MariaDB has no row alias (MySQL 8.0.19's): VALUES(col) runs on both.
    for schema, sql in ((SCHEMA, MYSQL_VALUES), (RENAMED, patched)):
        with maria.fresh_database("upsert_rows") as name:
            maria.run(schema + sql + ";\n" + sql + ";\n", database=name)
            assert maria.run("SELECT count(*) FROM assertion", database=name).split()[-1] == "1"
