"""MariaDB's anonymous compound statement ``BEGIN NOT ATOMIC ... END`` is read (trial s40, F8).

MariaDB runs a ``BEGIN NOT ATOMIC`` block outside any stored program, at
once (MariaDB manual, "BEGIN END"), so a migration can guard its DDL with
``IF NOT EXISTS (SELECT ... information_schema ...) THEN ... END IF``
without the create-call-drop procedure idiom. Its head ``BEGIN`` read as a
transaction's start hid the block: a bad column or index added in it passed
``check`` and the gate. Now the DDL written in it is read (an ``IF``'s
condition is not evaluated: guarded, as a T-SQL ``IF`` block's), and an
``EXECUTE`` of text a ``PREPARE`` builds is ``DBN013``, an error in the
gate when new. Oracle: MariaDB fed the file by its own client, then
``drift --db`` finds nothing the files do not hold.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import git
from mysql_server import MysqlServer


def _block(column: str, index: str) -> str:
    return (
        "DELIMITER //\n"
        "BEGIN NOT ATOMIC\n"
        "    DECLARE CONTINUE HANDLER FOR SQLEXCEPTION BEGIN END;\n"
        "    IF NOT EXISTS (SELECT 1 FROM information_schema.COLUMNS\n"
        f"                   WHERE TABLE_NAME = 'items' AND COLUMN_NAME = '{column}') THEN\n"
        f"        ALTER TABLE items ADD COLUMN `{column}` int;\n"
        "    END IF;\n"
        f"    CREATE INDEX `{index}` ON items (n);\n"
        "    SET @seen = 1;\n"
        "END//\n"
        "DELIMITER ;\n"
    )


BASE = "CREATE TABLE items (id int PRIMARY KEY, n int);\n"


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


def test_the_block_s_ddl_is_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "x.sql").write_text(BASE + _block("BlockCol", "BlockIdx"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out = _run("check", "--no-cache", "--dialect", "mariadb", "x.sql")
    assert code == 1, out
    assert 'x.sql:7:38: DBN201 column "items.BlockCol"' in out, out
    assert 'x.sql:9:18: DBN301 index "items.BlockIdx"' in out, out
    assert "DBN004" not in out and "DBN005" not in out, out


def test_the_model_is_what_mariadb_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, maria: MysqlServer
) -> None:
    (tmp_path / "x.sql").write_text(BASE + _block("block_col", "block_idx"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with maria.fresh_database("begin_not_atomic") as db:
        maria.run(file=tmp_path / "x.sql", database=db)
        columns = maria.run(
            "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
            "AND TABLE_NAME = 'items' ORDER BY ORDINAL_POSITION",
            database=db,
        )
        assert columns.split() == ["id", "n", "block_col"]
        code, out = _run(
            "drift", "--no-cache", "--dialect", "mariadb", "--db", maria.url(db),
            "--format", "json", "x.sql",
        )  # fmt: skip
    assert (code, json.loads(out)["drift"]) == (0, []), out


def test_the_gate_refuses_the_block_s_bad_names_and_built_text(git_project: Path) -> None:
    (git_project / "db").mkdir()
    (git_project / "db" / "001_init.sql").write_text(BASE, encoding="utf-8")
    (git_project / "dbnamelint.yaml").write_text("paths: [db]\ndialect: mariadb\n", "utf-8")
    git(git_project, "init", "-q")
    git(git_project, "add", "-A")
    git(git_project, "commit", "-qm", "base")
    built = _block("good_col", "good_idx").replace(
        "    SET @seen = 1;\n",
        "    SET @q = CONCAT('ALTER TABLE items ADD COLUMN ', 'x', ' int');\n"
        "    PREPARE s FROM @q;\n"
        "    EXECUTE s;\n",
    )
    (git_project / "db" / "002_block.sql").write_text(built, encoding="utf-8")
    git(git_project, "add", "-A")
    code, out = _run("check", "--base", "HEAD")
    assert code == 1, out
    assert "db/002_block.sql:11:5: DBN013 error" in out, out
    (git_project / "db" / "002_block.sql").write_text(_block("BadCol", "good_idx"), "utf-8")
    git(git_project, "add", "-A")
    code, out = _run("check", "--base", "HEAD")
    assert code == 1, out
    assert "'BadCol' is not snake_case" in out, out


def _loops(column: str, table: str, index: str) -> str:
    return (
        "CREATE TABLE items (id int PRIMARY KEY, n int);\n"
        "DELIMITER //\n"
        f"FOR i IN 1..1 DO ALTER TABLE items ADD COLUMN `{column}` int; END FOR//\n"
        "WHILE (SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()\n"
        f"       AND TABLE_NAME = '{table}') = 0 DO CREATE TABLE `{table}` (id int); END WHILE//\n"
        f"REPEAT CREATE INDEX `{index}` ON items (n); UNTIL 1 END REPEAT//\n"
        "DELIMITER ;\n"
    )


def test_the_ddl_of_a_loop_is_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """MariaDB runs ``FOR``, ``WHILE``, ``REPEAT`` and ``LOOP`` outside stored
    programs too: a ``WHILE`` (a harmless head) hid its DDL, a ``FOR`` was
    an unknown statement (``DBN005``)."""
    (tmp_path / "x.sql").write_text(_loops("LoopCol", "WhileThing", "RepeatIdx"), "utf-8")
    monkeypatch.chdir(tmp_path)
    code, out = _run("check", "--no-cache", "--dialect", "mariadb", "x.sql")
    assert code == 1, out
    for name in ("LoopCol", "WhileThing", "RepeatIdx"):
        assert f"'{name}' is not snake_case" in out, out
    assert "DBN005" not in out, out


def test_the_loops_model_is_what_mariadb_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, maria: MysqlServer
) -> None:
    (tmp_path / "x.sql").write_text(_loops("loop_col", "while_things", "repeat_idx"), "utf-8")
    monkeypatch.chdir(tmp_path)
    with maria.fresh_database("compound_loops") as db:
        maria.run(file=tmp_path / "x.sql", database=db)
        code, out = _run(
            "drift", "--no-cache", "--dialect", "mariadb", "--db", maria.url(db),
            "--format", "json", "x.sql",
        )  # fmt: skip
    assert (code, json.loads(out)["drift"]) == (0, []), out
