"""`migrate --cleanup` prints its SQL where no migration tool's layout is known.

Apollo (trial s21 #5) keeps its schema as one file per database
(``apolloconfigdb.sql``), no tool's names. `migrate` printed a rename's SQL
there and said `--write` would be refused; `migrate --cleanup` exited 2
with that refusal even without `--write`, and `-o FILE` wrote nothing,
although the refusal itself advised printing the SQL. Now the cleanup is
printed (and saved by `-o`) as the renames are; `--write` is refused as
before. MariaDB runs the printed SQL after the file: the view is gone, the
table and its row stay.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import mysql_server
from dbnamelint.cli import cli

SCHEMA = (
    "CREATE TABLE `App` (`Id` int NOT NULL, PRIMARY KEY (`Id`));\n"
    "INSERT INTO `App` VALUES (7);\n"
    "RENAME TABLE `App` TO `apps`;\n"
    "CREATE VIEW `App` AS SELECT `Id` FROM `apps`;\n"
)


def test_cleanup_sql_printed_and_saved_without_a_layout(
    maria: mysql_server.MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "apolloconfigdb.sql").write_text(SCHEMA, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: mysql\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    printed = CliRunner().invoke(cli, ["migrate", "--cleanup"])
    assert printed.exit_code == 0, printed.output + printed.stderr
    assert "--write would be refused" in printed.stderr
    saved = CliRunner().invoke(cli, ["migrate", "--cleanup", "-o", "cleanup.sql"])
    assert saved.exit_code == 0, saved.stderr
    sql = (tmp_path / "cleanup.sql").read_text(encoding="utf-8")
    assert "DROP VIEW `App`;" in sql and "DROP VIEW `App`;" in printed.stdout
    written = CliRunner().invoke(cli, ["migrate", "--cleanup", "--write"])
    assert written.exit_code == 2
    assert sorted(p.name for p in (tmp_path / "db").iterdir()) == ["apolloconfigdb.sql"]
    with maria.fresh_database("dbnl_cleanup_no_layout") as db:
        maria.run(SCHEMA + sql, database=db)
        objects = maria.run(
            "SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES "
            "WHERE TABLE_SCHEMA = DATABASE()",
            database=db,
        ).split("\n")
        rows = maria.run("SELECT `Id` FROM `apps`", database=db).split()
    assert [o for o in objects if o] == ["apps\tBASE TABLE"]
    assert rows == ["7"]
