"""MySQL's "CREATE PROCEDURE; CALL; DROP PROCEDURE" DDL idiom is read at the CALL (s8-t1 #12).

kestra's MySQL migrations emulate ``IF NOT EXISTS`` by wrapping DDL in a
procedure they call once and drop. A plain body (DDL, empty handlers,
``IF ... THEN`` around DDL) is read where the CALL runs it; any other body
keeps the ``DBN012`` note. Oracle: the file applied to MariaDB by its own
client (``DELIMITER`` and all), where ``drift --db`` then finds no
difference, and the columns and index are in ``information_schema``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from mysql_server import MysqlServer

MIGRATION = """CREATE TABLE queues (id int PRIMARY KEY);
CREATE TABLE logs (id int PRIMARY KEY, namespace varchar(100), flow_id varchar(100));
DELIMITER //
CREATE PROCEDURE IF NOT EXISTS `?`()
BEGIN
    DECLARE CONTINUE HANDLER FOR SQLEXCEPTION BEGIN END;
    -- the column first
    ALTER TABLE queues ADD COLUMN consumer_group VARCHAR(250);
    IF NOT EXISTS (SELECT 1 FROM information_schema.STATISTICS
                   WHERE TABLE_NAME = 'logs' AND INDEX_NAME = 'ix_namespace_flow') THEN
        CREATE INDEX ix_namespace_flow ON logs (namespace, flow_id);
    END IF;
END //
DELIMITER ;
CALL `?`();
DROP PROCEDURE `?`;
"""


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "V1__init.sql").write_text(MIGRATION, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: mariadb\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_body_is_read_at_the_call(tree: Path) -> None:
    code, out = _run("inspect", "db")
    assert code == 0, out
    assert "db/V1__init.sql:8:35:     column consumer_group" in out
    assert "db/V1__init.sql:11:22:     index ix_namespace_flow" in out
    assert "DBN012" not in out


@pytest.mark.parametrize(
    "body",
    [
        "SET @x = 1;\n    ALTER TABLE queues ADD COLUMN c int;",
        "IF 1 THEN ALTER TABLE queues ADD COLUMN c int;\n"
        "    ELSE ALTER TABLE queues ADD COLUMN d int;\n    END IF;",
    ],
    ids=["set", "else"],
)
def test_any_other_body_keeps_the_note(
    body: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (
        "CREATE TABLE queues (id int);\nDELIMITER //\nCREATE PROCEDURE p()\nBEGIN\n    "
        f"{body}\nEND //\nDELIMITER ;\nCALL p();\n"
    )
    (tmp_path / "x.sql").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    _, out = _run("inspect", "--dialect", "mariadb", "x.sql")
    assert "DBN012 info: CALL p: what the procedure does to the schema is not read" in out
    assert "column c" not in out


def test_a_procedure_with_parameters_is_read_unless_its_ddl_names_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, maria: MysqlServer
) -> None:
    """s19 (conductor): ``p(IN n int)`` whose DDL does not use ``n`` adds the
    same column whatever the CALL passes (MariaDB: ``c`` is there)."""
    text = (
        "CREATE TABLE queues (id int);\nDELIMITER //\nCREATE PROCEDURE p(IN n int)\nBEGIN\n"
        "    ALTER TABLE queues ADD COLUMN c int;\nEND //\nDELIMITER ;\nCALL p(1);\n"
    )
    (tmp_path / "x.sql").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with maria.fresh_database("procgate_call_param") as db:
        maria.run(file=tmp_path / "x.sql", database=db)
        columns = maria.run(
            "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
            "AND TABLE_NAME = 'queues' ORDER BY ORDINAL_POSITION",
            database=db,
        )
    assert columns.split() == ["id", "c"]
    _, out = _run("inspect", "--dialect", "mariadb", "x.sql")
    assert "DBN012" not in out
    assert "x.sql:5:35:     column c" in out, out
    (tmp_path / "x.sql").write_text(text.replace("c int", "c int DEFAULT n"), encoding="utf-8")
    _, out = _run("inspect", "--dialect", "mariadb", "x.sql")
    assert "DBN012 info: CALL p: what the procedure does to the schema is not read; its body" in out
    assert "column c" not in out


def test_drift_against_mariadb_is_clean(tree: Path, maria: MysqlServer) -> None:
    with maria.fresh_database("dbnamelint_call_procedure") as db:
        maria.run(file=tree / "db" / "V1__init.sql", database=db)
        columns = maria.run(
            "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() "
            "AND TABLE_NAME = 'queues' ORDER BY ORDINAL_POSITION",
            database=db,
        )
        assert columns.split() == ["id", "consumer_group"]
        code, out = _run("drift", "--db", maria.url(db), "--format", "json")
        assert (code, json.loads(out)["drift"]) == (0, []), out
