"""``impact`` after trial s19 (conductor) #3: code is judged by the database that runs it.

Conductor keeps one module per database, each holding its code beside its
Flyway migrations (``sqlite-persistence/src/main/java/...`` and
``sqlite-persistence/src/main/resources/db/migration_sqlite``). The copies of
a table are one object of the report, and its places were judged against the
first copy's database: the SQLite DAO's ``INSERT ... ON CONFLICT DO
NOTHING`` went unmarked (``--dialect sqlite`` marked it), and the PostgreSQL
test's ``truncate table queue`` was marked "MySQL and MariaDB cannot
TRUNCATE a view". Now a code file is its module's database's code; a file
no module's migrations lie beside is judged as the reported copy's, and a
note says so. Copies listed in different sections carry their databases.

Oracle: sqlite3 refuses the DAO's upsert on the compatibility view
(``cannot UPSERT a view``) and takes it on the table; PostgreSQL's and
MariaDB's refusals are view_limits' claims, checked by
tests/test_impact_view_writes.py.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.impact.codedialect import code_families
from git_helpers import committed_repo
from impact_json import impact_items, impact_json

MYSQL = "CREATE TABLE queue (id INT AUTO_INCREMENT PRIMARY KEY, queue_name VARCHAR(255) UNIQUE);\n"
POSTGRES = "CREATE TABLE queue (id SERIAL PRIMARY KEY, queue_name TEXT UNIQUE);\n"
SQLITE = "CREATE TABLE queue (id INTEGER PRIMARY KEY AUTOINCREMENT, queue_name TEXT UNIQUE);\n"
# Each copy renamed by its own migration, the old name a compatibility view.
RENAME = "ALTER TABLE queue RENAME TO queues;\nCREATE VIEW queue AS SELECT * FROM queues;\n"
WHITELIST = """\
phases:
  - {id: "1", title: "Legacy", status: done}
entries: []
"""
UPSERT = "INSERT INTO queue (queue_name) VALUES (?) ON CONFLICT (queue_name) DO NOTHING"
SQLITE_DAO = f'class SqliteQueueDAO {{\n  String q = "{UPSERT}";\n}}\n'
PG_TEST = 'class PgQueueTest {\n  String t = "truncate table queue restart identity cascade";\n}\n'
SHARED = 'class Shared {\n  String t = "TRUNCATE TABLE queue";\n}\n'
RES = "src/main/resources/db"
FILES = {
    f"mysql-persistence/{RES}/migration/V1__init.sql": MYSQL,
    f"postgres-persistence/{RES}/migration_postgres/V1__init.sql": POSTGRES,
    f"sqlite-persistence/{RES}/migration_sqlite/V1__init.sql": SQLITE,
    f"mysql-persistence/{RES}/migration/V2__rename.sql": RENAME.replace(
        "ALTER TABLE queue RENAME TO", "RENAME TABLE queue TO"
    ),
    f"postgres-persistence/{RES}/migration_postgres/V2__rename.sql": RENAME,
    f"sqlite-persistence/{RES}/migration_sqlite/V2__rename.sql": RENAME,
    "sqlite-persistence/src/main/java/SqliteQueueDAO.java": SQLITE_DAO,
    "postgres-persistence/src/test/java/PgQueueTest.java": PG_TEST,
    "core/src/main/java/Shared.java": SHARED,
}


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = {"dbnamelint.yaml": 'paths: ["."]\n', "whitelist.yaml": WHITELIST, **FILES}
    return committed_repo(tmp_path / "repo", files, monkeypatch)


def _impact(*args: str) -> dict[str, Any]:
    return impact_json(*args)


def _marks(data: dict[str, Any]) -> dict[str, str]:
    return {item["path"]: item["refused"] or "" for _obj, item in impact_items(data)}


def test_sqlite_refuses_the_upsert_on_the_view_only() -> None:
    con = sqlite3.connect(":memory:")
    con.executescript(SQLITE + RENAME)
    # migrate's SQLite view takes writes through INSTEAD OF triggers.
    con.execute(
        "CREATE TRIGGER queue_insert INSTEAD OF INSERT ON queue BEGIN"
        " INSERT INTO queues (queue_name) VALUES (NEW.queue_name); END"
    )
    con.execute(UPSERT.replace("ON CONFLICT (queue_name) DO NOTHING", ""), ("p",))
    with pytest.raises(sqlite3.OperationalError, match="cannot UPSERT a view"):
        con.execute(UPSERT, ("q",))
    con.execute(UPSERT.replace("queue ", "queues "), ("q",))


def test_each_module_is_judged_by_its_database(repo: Path) -> None:
    data = _impact()
    marks = _marks(data)
    assert marks["sqlite-persistence/src/main/java/SqliteQueueDAO.java"].startswith(
        "will fail on the compatibility view: SQLite cannot UPSERT a view"
    )
    assert marks["postgres-persistence/src/test/java/PgQueueTest.java"].startswith(
        "will fail on the compatibility view: PostgreSQL cannot TRUNCATE a view"
    )
    # Beside no module's migrations: the reported copy's (MySQL's, the first) judgement, said.
    assert marks["core/src/main/java/Shared.java"].startswith(
        "will fail on the compatibility view: MySQL and MariaDB cannot TRUNCATE a view"
    )
    notes = data["notes"]
    assert isinstance(notes, list)
    assert [n for n in notes if "beside no database's migrations" in n] == [
        "1 file with SQL naming tables kept for mysql, postgres, sqlite lie beside no "
        "database's migrations (e.g. core/src/main/java/Shared.java): judged as mysql's "
        "code for what a compatibility view refuses (`dbnamelint impact --dialect X` "
        "judges them as X's)"
    ]
    # As --dialect sqlite judges the SQLite module (its code counted, the others set apart).
    sqlite_marks = _marks(_impact("--dialect", "sqlite"))
    assert (
        sqlite_marks["sqlite-persistence/src/main/java/SqliteQueueDAO.java"]
        == (marks["sqlite-persistence/src/main/java/SqliteQueueDAO.java"])
    )


def test_a_stale_entry_and_its_renamed_copies_are_one_object(repo: Path) -> None:
    # mini4: an entry left for the table after every copy's rename ran. It
    # used to be listed twice (trial s21 flipt): the stale entry with the MySQL
    # copy under its phase, the other copies under "Renamed already".
    entry = '  - {kind: table, name: queue, phase: "1", target: queues}\n'
    (repo / "whitelist.yaml").write_text(
        WHITELIST.replace("status: done", "status: open").replace("entries: []\n", "entries:\n")
        + entry,
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["impact"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    heads = [line.split(" (already")[0] for line in lines if line.startswith("  table ")]
    assert heads == ["  table queue -> queues"]
    assert "Renamed already" not in result.stdout
    # One object: each module's statement judged by its own database's copy.
    assert [x.strip()[:58] for x in lines if x.strip().startswith("!")] == [
        "! will fail on the compatibility view: MySQL and MariaDB c",
        "! will fail on the compatibility view: PostgreSQL cannot T",
        "! will fail on the compatibility view: SQLite cannot UPSER",
    ]


def test_a_module_folder_tells_its_database() -> None:
    families = code_families(
        [
            ("sqlite-persistence/src/main/resources/db/migration_sqlite/V1__a.sql", "sqlite"),
            ("scheduler/mysql-persistence/src/main/resources/db/m/V1__a.sql", "mysql"),
            ("scheduler/sqlite-persistence/src/main/resources/db/m/V1__a.sql", "sqlite"),
        ]
    )
    assert families("sqlite-persistence/src/test/java/A.java") == {"sqlite"}
    assert families("scheduler/sqlite-persistence/src/main/java/A.java") == {"sqlite"}
    assert families("scheduler/core/src/A.java") == {"mysql", "sqlite"}
    assert families("core/src/A.java") is None
    assert families("A.java") is None
