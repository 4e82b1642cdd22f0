"""A MySQL procedure building its DDL with CONCAT of its parameters, read at a CALL of constants.

Trial s33 authelia #3: ``mysql/V0007.ConsistencyFixes.up.sql`` defines
``PROC_DROP_INDEX(IN tableName VARCHAR(64), IN indexName VARCHAR(64))``,
whose body runs ``SET @query = CONCAT('ALTER TABLE ', tableName, ' DROP
INDEX ', indexName, ';'); PREPARE stmt FROM @query; EXECUTE stmt;`` inside
``IF EXISTS(...) THEN``, and calls it with constants. The model kept the 7
keys MariaDB dropped, so ``drift`` never passed on a database the files
made, and ``migrate`` asked for renames MariaDB refuses (error 1176). Now
the text the body builds from the CALL's constants is read there, guarded
(the ``IF`` is not evaluated: a drop of a key not there is skipped).

Oracle: MariaDB running the file (``drift --db`` compares every object).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import adopted_repo, git, git_workdir
from mysql_server import MysqlServer

PROCEDURES = """\
DELIMITER $$
CREATE PROCEDURE PROC_DROP_INDEX(IN tableName VARCHAR(64), IN indexName VARCHAR(64))
BEGIN
    IF EXISTS(
        SELECT * FROM information_schema.STATISTICS
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = tableName AND INDEX_NAME = indexName)
    THEN
        SET @query = CONCAT('ALTER TABLE ', tableName, ' DROP INDEX ', indexName, ';');
        PREPARE stmt FROM @query;
        EXECUTE stmt;
        DEALLOCATE PREPARE stmt;
    END IF;
END$$
CREATE PROCEDURE PROC_DROP_FOREIGN_KEY(IN tableName VARCHAR(64), IN constraintName VARCHAR(64))
BEGIN
    IF EXISTS(
        SELECT * FROM information_schema.TABLE_CONSTRAINTS
        WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = tableName
          AND CONSTRAINT_NAME = constraintName AND CONSTRAINT_TYPE = 'FOREIGN KEY')
    THEN
        SET @query = CONCAT('ALTER TABLE ', tableName, ' DROP FOREIGN KEY ', constraintName, ';');
        PREPARE stmt FROM @query;
        EXECUTE stmt;
        DEALLOCATE PREPARE stmt;
    END IF;
END$$
DELIMITER ;
"""
TABLES = """\
CREATE TABLE duo_devices (id INT PRIMARY KEY, username VARCHAR(64) UNIQUE,
  token VARCHAR(64), CONSTRAINT duo_devices_token_key UNIQUE (token));
CREATE TABLE user_links (id INT PRIMARY KEY, device_id INT,
  CONSTRAINT user_links_device_fkey FOREIGN KEY (device_id) REFERENCES duo_devices (id));
"""
CALLS = """\
CALL PROC_DROP_FOREIGN_KEY('user_links', 'user_links_device_fkey');
CALL PROC_DROP_FOREIGN_KEY('user_links', 'user_links_never_made_fkey');
CALL PROC_DROP_INDEX('duo_devices', 'username');
CALL PROC_DROP_INDEX('duo_devices', 'duo_devices_token_key');
CALL PROC_DROP_INDEX('duo_devices', 'not_there');
"""


def _project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sql: str) -> Path:
    root = tmp_path / "app"
    (root / "m").mkdir(parents=True)
    (root / "m" / "V0001.Init.up.sql").write_text(sql, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text("dialect: mysql\npaths: [m]\n", encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def test_the_keys_the_calls_drop_are_gone_as_in_mariadb(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, maria: MysqlServer
) -> None:
    """Before: drift `only_in_files` for username, duo_devices_token_key and
    user_links_device_fkey (3 differences, exit 1)."""
    sql = TABLES + PROCEDURES + CALLS
    root = _project(tmp_path, monkeypatch, sql)
    with maria.fresh_database("dbnl_built_call") as db:
        maria.run(file=root / "m" / "V0001.Init.up.sql", database=db)
        keys = maria.run(
            "SELECT TABLE_NAME, INDEX_NAME FROM information_schema.STATISTICS "
            "WHERE TABLE_SCHEMA = DATABASE() ORDER BY 1, 2",
            database=db,
        ).split()
        # MariaDB keeps the index the foreign key made; the rest is dropped
        assert keys == [
            *("duo_devices", "PRIMARY"),
            *("user_links", "PRIMARY"),
            *("user_links", "user_links_device_fkey"),
        ]
        drift = CliRunner().invoke(cli, ["drift", "--no-cache", "--db", maria.url(db)])
    assert drift.exit_code == 0, drift.output
    assert "No drift" in drift.output
    out = CliRunner().invoke(cli, ["inspect", "--no-cache", "--format", "json"]).output
    names = {(o["kind"], o["name"]) for o in json.loads(out)["objects"]}
    assert ("constraint", "username") not in names
    assert ("constraint", "user_links_device_fkey") not in names
    assert ("index", "user_links_device_fkey") in names


def test_what_is_not_constant_keeps_the_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A variable passed, a value the parameter's type would change (a string
    longer than VARCHAR(4)), a CONCAT of a local variable: not read, DBN012."""
    narrow = PROCEDURES.replace("IN indexName VARCHAR(64)", "IN indexName VARCHAR(4)")
    local = PROCEDURES.replace(
        "CONCAT('ALTER TABLE ', tableName, ' DROP INDEX ', indexName, ';')",
        "CONCAT('ALTER TABLE ', tableName, ' DROP INDEX ', @other, ';')",
    )
    cases = {
        "variable": PROCEDURES + "SET @t = 'duo_devices';\nCALL PROC_DROP_INDEX(@t, 'username');\n",
        "narrow": narrow + "CALL PROC_DROP_INDEX('duo_devices', 'username');\n",
        "local": local + "CALL PROC_DROP_INDEX('duo_devices', 'username');\n",
    }
    for case, calls in cases.items():
        _project(tmp_path / case, monkeypatch, TABLES + calls)
        out = CliRunner().invoke(cli, ["inspect", "--no-cache"]).output
        assert "DBN012 info: CALL PROC_DROP_INDEX" in out, (case, out)
        assert "constraint username" in out, (case, out)


def test_a_new_call_is_read_by_the_gate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A CALL building ``CREATE TABLE <argument>``: the table is checked (it
    was a DBN012 error before, whatever the name)."""
    root = git_workdir(tmp_path / "project", monkeypatch)
    adopted_repo(
        root,
        {"db/V0001.Init.up.sql": "CREATE TABLE users (id INT PRIMARY KEY);\n"},
        "paths: [db]\ndialect: mysql\n",
    )
    maker = (
        "DELIMITER $$\nCREATE PROCEDURE make_log(IN tableName VARCHAR(64))\nBEGIN\n"
        "  SET @q = CONCAT('CREATE TABLE ', tableName, ' (id INT PRIMARY KEY)');\n"
        "  PREPARE s FROM @q; EXECUTE s; DEALLOCATE PREPARE s;\nEND$$\nDELIMITER ;\n"
    )
    new = root / "db" / "V0002.Logs.up.sql"
    new.write_text(maker + "CALL make_log('AuditLogs');\n")
    git(root, "add", "-A")
    result = CliRunner().invoke(cli, ["check", "--no-cache", "--base", "HEAD"])
    assert result.exit_code == 1, result.output
    assert 'db/V0002.Logs.up.sql:8:16: DBN101 table "AuditLogs"' in result.output, result.output
    assert "DBN012" not in result.output
    new.write_text(maker + "CALL make_log('audit_logs');\n")
    git(root, "add", "-A")
    result = CliRunner().invoke(cli, ["check", "--no-cache", "--base", "HEAD"])
    assert result.exit_code == 0, result.output


def test_a_procedure_is_called_a_procedure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages said ``function "PROC_DROP_INDEX": function name ...`` (trial
    s33 authelia #7); JSON's kind stays ``function``, as whitelist entries say."""
    _project(tmp_path, monkeypatch, TABLES + PROCEDURES)
    out = CliRunner().invoke(cli, ["inspect", "--no-cache"]).output
    assert "m/V0001.Init.up.sql:6:18: procedure PROC_DROP_INDEX" in out, out
    assert out.splitlines()[-1].endswith("2 procedures, 2 tables"), out
    data = json.loads(CliRunner().invoke(cli, ["inspect", "--no-cache", "--format", "json"]).output)
    assert {o["kind"] for o in data["objects"] if o["name"].startswith("PROC_")} == {"function"}
    checked = CliRunner().invoke(cli, ["check", "--no-cache"]).output
    assert (
        'm/V0001.Init.up.sql:6:18: DBN505 procedure "PROC_DROP_INDEX": procedure name '
        "'PROC_DROP_INDEX' is not snake_case"
    ) in checked, checked
