"""A table made over a view's name, or a view over a table's (trial s37 memos).

``migrate`` in memos' PostgreSQL folder renamed ``memo_share`` and left the
compatibility view ``memo_share``; memos' full ``LATEST.sql``, replayed after
the upgrades, still says ``CREATE TABLE memo_share``. The model then held a
table and a view of that one name, with no word, while every database keeps
tables and views in one namespace and refuses the statement. It is now the
``DBN010`` note of a name made again, and the new definition replaces the
earlier one, as for a table made again.

Oracles: PostgreSQL, MariaDB and sqlite3 refuse the second statement
("already exists").
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from mysql_server import MysqlServer
from mysql_server import SqlFailed as MysqlSqlFailed
from pg_server import PgServer, SqlFailed

BASE = "CREATE TABLE things (id int);\n"
CASES = {
    "table over a view": (
        "CREATE VIEW stuff AS SELECT id FROM things;\n",
        "CREATE TABLE stuff (id int);\n",
    ),
    "view over a table": (
        "CREATE TABLE stuff (id int);\n",
        "CREATE VIEW stuff AS SELECT id FROM things;\n",
    ),
}
KIND = {"CREATE TABLE": "table", "CREATE VIEW": "view"}


def _model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dialect: str, sql: str
) -> tuple[list[tuple[str, int]], list[tuple[str, int, str]]]:
    (tmp_path / "a.sql").write_text(sql)
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(cli, ["inspect", "--dialect", dialect, "--format", "json", "a.sql"])
    assert done.exit_code == 0, done.output
    objects = [
        (o["kind"], o["line"]) for o in json.loads(done.stdout)["objects"] if o["name"] == "stuff"
    ]
    done = CliRunner().invoke(
        cli, ["check", "--no-cache", "--verbose", "--dialect", dialect, "--format", "json", "a.sql"]
    )
    notes = [(d["code"], d["line"], d["message"]) for d in json.loads(done.stdout)["diagnostics"]]
    return objects, notes


@pytest.mark.parametrize("dialect", ["postgres", "mysql", "sqlite"])
@pytest.mark.parametrize("case", list(CASES))
def test_one_relation_holds_the_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dialect: str, case: str
) -> None:
    first, second = CASES[case]
    objects, notes = _model(tmp_path, monkeypatch, dialect, BASE + first + second)
    new_kind = KIND[" ".join(second.split()[:2])]
    assert objects == [(new_kind, 3)]
    assert [(code, line) for code, line, _ in notes] == [("DBN010", 3)]
    assert "holds the name, which the database refuses" in notes[0][2]


@pytest.mark.parametrize("case", list(CASES))
def test_sqlite_refuses_it(case: str) -> None:
    db = sqlite3.connect(":memory:")
    try:
        db.executescript(BASE + CASES[case][0])
        with pytest.raises(sqlite3.OperationalError, match="already exists"):
            db.executescript(CASES[case][1])
    finally:
        db.close()


@pytest.mark.parametrize("case", list(CASES))
def test_postgres_refuses_it(pg: PgServer, case: str) -> None:
    with pg.fresh_database("s37_relation_namespace") as name:
        pg.run(sql=BASE + CASES[case][0], dbname=name)
        with pytest.raises(SqlFailed, match="already exists"):
            pg.run(sql=CASES[case][1], dbname=name)


@pytest.mark.parametrize("case", list(CASES))
def test_mariadb_refuses_it(maria: MysqlServer, case: str) -> None:
    with maria.fresh_database("s37_relation_namespace") as name:
        maria.run(BASE + CASES[case][0], database=name)
        with pytest.raises(MysqlSqlFailed, match="already exists"):
            maria.run(CASES[case][1], database=name)
