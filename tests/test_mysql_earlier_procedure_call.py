"""A MySQL ``CALL`` of a procedure an earlier file of the tree created (session 33).

Authelia's ``mysql/V0012.WebAuthnMultiCookieDomain.up.sql`` runs ``CALL
PROC_DROP_INDEX('webauthn_credentials', 'webauthn_credentials_kid_key')``,
a procedure ``V0007.ConsistencyFixes.up.sql`` created: a stored procedure
stays in the database until ``DROP PROCEDURE`` (MySQL manual, "CREATE
PROCEDURE and CREATE FUNCTION Statements"). The same-file call was read this
round (tests/test_mysql_built_procedure_ddl.py); one in a later file kept
its DBN012 note and the model the keys MariaDB dropped. Now it is read as
the same-file case: :mod:`dbnamelint.runner.cross_calls`.

Oracle: MariaDB running the files in order (``drift --db`` compares every
object).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import adopted_repo, git, git_workdir
from mysql_server import MysqlServer
from test_mysql_built_procedure_ddl import PROCEDURES, TABLES

CALLS = """\
CALL PROC_DROP_FOREIGN_KEY('user_links', 'user_links_device_fkey');
CALL PROC_DROP_INDEX('duo_devices', 'username');
CALL PROC_DROP_INDEX('duo_devices', 'duo_devices_token_key');
CALL PROC_DROP_INDEX('duo_devices', 'not_there');
"""


def _project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str]) -> Path:
    root = tmp_path / "app"
    (root / "m").mkdir(parents=True)
    for name, text in files.items():
        (root / "m" / name).write_text(text, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text("dialect: mysql\npaths: [m]\n", encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def test_a_call_in_a_later_file_drops_what_mariadb_drops(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, maria: MysqlServer
) -> None:
    """Before: DBN012 notes at the later file's CALLs, and drift
    ``only_in_files`` for username, duo_devices_token_key and
    user_links_device_fkey (exit 1)."""
    files = {
        "V0001.Init.up.sql": TABLES + PROCEDURES,
        "V0002.Other.up.sql": "CREATE TABLE notes (id INT PRIMARY KEY);\n",
        "V0003.Drop.up.sql": CALLS,
    }
    root = _project(tmp_path, monkeypatch, files)
    with maria.fresh_database("dbnl_earlier_call") as db:
        for name in files:
            maria.run(file=root / "m" / name, database=db)
        keys = maria.run(
            "SELECT TABLE_NAME, INDEX_NAME FROM information_schema.STATISTICS "
            "WHERE TABLE_SCHEMA = DATABASE() ORDER BY 1, 2",
            database=db,
        ).split()
        assert keys == [
            *("duo_devices", "PRIMARY"),
            *("notes", "PRIMARY"),
            *("user_links", "PRIMARY"),
            *("user_links", "user_links_device_fkey"),
        ]
        drift = CliRunner().invoke(cli, ["drift", "--no-cache", "--db", maria.url(db)])
    assert drift.exit_code == 0, drift.output
    assert "No drift" in drift.output
    out = CliRunner().invoke(cli, ["inspect", "--no-cache"]).output
    assert "DBN012" not in out, out
    data = json.loads(CliRunner().invoke(cli, ["inspect", "--no-cache", "--format", "json"]).output)
    names = {(o["kind"], o["name"]) for o in data["objects"]}
    assert ("constraint", "username") not in names
    assert ("constraint", "duo_devices_token_key") not in names
    assert ("index", "user_links_device_fkey") in names
    # the cache gives the same model
    assert CliRunner().invoke(cli, ["inspect", "--format", "json"]).output == (
        CliRunner().invoke(cli, ["inspect", "--format", "json"]).output
    )
    cached = json.loads(CliRunner().invoke(cli, ["inspect", "--format", "json"]).output)
    assert {(o["kind"], o["name"]) for o in cached["objects"]} == names


def test_a_dropped_or_not_constant_call_keeps_the_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A procedure a later file drops before the call, or an argument that is
    no constant: not read, DBN012 (MariaDB would refuse the first: PROCEDURE
    does not exist)."""
    cases = {
        "dropped": "DROP PROCEDURE IF EXISTS PROC_DROP_INDEX;\n",
        "variable": "SET @t = 'duo_devices';\n",
    }
    for case, lead in cases.items():
        call = (
            "CALL PROC_DROP_INDEX(@t, 'username');\n"
            if case == "variable"
            else "CALL PROC_DROP_INDEX('duo_devices', 'username');\n"
        )
        _project(
            tmp_path / case,
            monkeypatch,
            {"V0001.Init.up.sql": TABLES + PROCEDURES, "V0002.Drop.up.sql": lead + call},
        )
        out = CliRunner().invoke(cli, ["inspect", "--no-cache"]).output
        assert "DBN012 info: CALL PROC_DROP_INDEX" in out, (case, out)
        assert "constraint username" in out, (case, out)


def test_a_new_call_of_a_committed_procedure_is_read_by_the_gate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new migration calling a procedure a committed one created, which
    builds ``CREATE TABLE <argument>``: the table is checked (before: a
    DBN012 error, whatever the name)."""
    root = git_workdir(tmp_path / "project", monkeypatch)
    maker = (
        "DELIMITER $$\nCREATE PROCEDURE make_log(IN tableName VARCHAR(64))\nBEGIN\n"
        "  SET @q = CONCAT('CREATE TABLE ', tableName, ' (id INT PRIMARY KEY)');\n"
        "  PREPARE s FROM @q; EXECUTE s; DEALLOCATE PREPARE s;\nEND$$\nDELIMITER ;\n"
    )
    adopted_repo(
        root,
        {"db/V0001.Init.up.sql": "CREATE TABLE users (id INT PRIMARY KEY);\n" + maker},
        "paths: [db]\ndialect: mysql\n",
    )
    new = root / "db" / "V0002.Logs.up.sql"
    new.write_text("CALL make_log('AuditLogs');\n")
    git(root, "add", "-A")
    result = CliRunner().invoke(cli, ["check", "--no-cache", "--base", "HEAD"])
    assert result.exit_code == 1, result.output
    assert 'db/V0002.Logs.up.sql:1:16: DBN101 table "AuditLogs"' in result.output, result.output
    assert "DBN012" not in result.output
    new.write_text("CALL make_log('audit_logs');\n")
    git(root, "add", "-A")
    result = CliRunner().invoke(cli, ["check", "--no-cache", "--base", "HEAD"])
    assert result.exit_code == 0, result.output
