"""A code file's view verdict is its database's (trial s37 memos).

memos keeps its migrations per dialect (``store/migration/{sqlite,mysql,
postgres}``) and one driver package per database (``store/db/{sqlite,mysql,
postgres}``). ``impact`` judged every statement by the dialect of the first
files holding the table (SQLite's): ``store/db/mysql/memo_share.go``, which
inserts and reads ``LastInsertId()``, was marked with SQLite's
``last_insert_rowid()`` caveat, though MariaDB answers it through the view as
through the table. A code file below a folder named for a database is judged
by that database's view.

Oracles: MariaDB and sqlite3 running the forward script ``migrate`` writes
for each folder, then the same INSERT through the view and through the
table: the id each gives back differs on SQLite only.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

import pytest

import mysql_server
from cli_json import run_streams
from git_helpers import isolated_git_env
from impact_json import impact_items

SCHEMA = {
    "sqlite": "CREATE TABLE player (id integer PRIMARY KEY, name varchar(50) NOT NULL);\n",
    "mysql": (
        "CREATE TABLE player (id int AUTO_INCREMENT PRIMARY KEY, name varchar(50) NOT NULL);\n"
    ),
}
INSERT = "INSERT INTO {t} (name) VALUES ('p')"
#: Each driver inserts and reads the new row's id.
CODE = (
    "package {d}\n\n"
    "func add(db *sql.DB) (int64, error) {{\n"
    '\tres, err := db.Exec("' + INSERT.format(t="player") + '")\n'
    "\tif err != nil {{\n\t\treturn 0, err\n\t}}\n"
    "\treturn res.LastInsertId()\n"
    "}}\n"
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "app"
    for dialect, sql in SCHEMA.items():
        (root / "migration" / dialect).mkdir(parents=True)
        (root / "migration" / dialect / "001_init.sql").write_text(sql)
        (root / "store" / dialect).mkdir(parents=True)
        (root / "store" / dialect / "player.go").write_text(CODE.format(d=dialect))
    (root / "dbnamelint.yaml").write_text(
        "paths: [migration/sqlite, migration/mysql]\nselect: [DBN105]\n"
    )
    monkeypatch.chdir(root)
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    assert run_streams("whitelist", "init")[0] == 0
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", "commit", "-qm", "legacy"], cwd=root, check=True)
    return root


def _marks(root: Path) -> dict[str, str | None]:
    code, out, err = run_streams("impact", "--format", "json")
    assert code == 0, out + err
    marks: dict[str, str | None] = {}
    for _obj, item in impact_items(json.loads(out), "player"):
        marks[item["path"]] = marks.get(item["path"]) or item["refused"]
    return marks


def _forward(dialect: str) -> str:
    code, plan, err = run_streams("migrate", "--all", f"migration/{dialect}")
    assert code == 0, plan + err
    return plan.split("-- ==== forward ====")[1].split("-- ==== rollback ====", 1)[0]


def test_each_driver_is_judged_by_its_database(
    project: Path, maria: mysql_server.MysqlServer
) -> None:
    marks = _marks(project)
    # sqlite3: the id through the view is not the new row's
    forward = _forward("sqlite")
    ids = []
    for t in ("player", "players"):
        db = sqlite3.connect(":memory:")
        try:
            db.executescript(SCHEMA["sqlite"] + forward)
            ids.append(db.execute(INSERT.format(t=t)).lastrowid)
        finally:
            db.close()
    assert ids == [0, 1]
    # MariaDB: LAST_INSERT_ID() through the view is the new row's, as through the table
    with maria.fresh_database("s37_view_code_dialect") as name:
        maria.run(SCHEMA["mysql"] + _forward("mysql"), database=name)
        answers = [
            maria.run(
                # InnoDB's counter ignores ROLLBACK: each run starts from 1
                "ALTER TABLE players AUTO_INCREMENT = 1; START TRANSACTION; "
                f"{INSERT.format(t=t)}; SELECT LAST_INSERT_ID(); ROLLBACK;",
                database=name,
            )
            for t in ("player", "players")
        ]
    assert answers[0] == answers[1]
    assert marks["store/mysql/player.go"] is None
    assert "last_insert_rowid()" in str(marks["store/sqlite/player.go"])
