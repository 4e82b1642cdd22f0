"""DBN502 findings get a target (trial s17, vaultwarden #6).

``whitelist init`` wrote no ``target`` for vaultwarden's ``ciphers.key`` and
``groups`` (both reserved in MySQL 8 / MariaDB): the rule proposed no name,
so no target could be merged. It now proposes one that says whose the name
is: the table's noun for a column, the module prefix or the one parent
table its foreign keys reference for a table. MariaDB is the oracle that
the targets are names: the planned migration runs, and the renamed table and
column are then read with their new names unquoted.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import mysql_server
from dbnamelint.cli import cli
from git_helpers import committed_repo

INIT = """\
CREATE TABLE organizations (uuid CHAR(36) NOT NULL PRIMARY KEY);
CREATE TABLE `groups` (
  uuid CHAR(36) NOT NULL PRIMARY KEY,
  organizations_uuid CHAR(36) NOT NULL,
  FOREIGN KEY (organizations_uuid) REFERENCES organizations (uuid)
);
CREATE TABLE ciphers (uuid CHAR(36) NOT NULL PRIMARY KEY, `key` TEXT);
"""


def test_reserved_names_get_targets_that_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, maria: mysql_server.MysqlServer
) -> None:
    committed_repo(
        tmp_path,
        {
            "dbnamelint.yaml": "paths: [migrations]\ndialect: mysql\n",
            "migrations/2018-01-14-171611_create_tables/up.sql": INIT,
            "migrations/2018-01-14-171611_create_tables/down.sql": "DROP TABLE ciphers;\n",
        },
        monkeypatch,
    )
    done = CliRunner().invoke(cli, ["whitelist", "init"])
    assert done.exit_code == 0, done.output
    text = (tmp_path / "whitelist.yaml").read_text()
    assert "name: ciphers.key\n    rules: [DBN502]\n" in text, text
    assert "target: cipher_key\n" in text and "target: organization_groups\n" in text, text
    done = CliRunner().invoke(cli, ["migrate", "--phase", "1", "--no-views", "--write"])
    assert done.exit_code == 0, done.output
    (up,) = (tmp_path / "migrations").glob("*_rename_phase_1/up.sql")
    with maria.fresh_database("dbnl_reserved_targets") as db:
        maria.run(INIT, database=db)
        maria.run(file=up, database=db)
        maria.run(
            "INSERT INTO organizations VALUES ('o');"
            "INSERT INTO organization_groups (uuid, organizations_uuid) VALUES ('g', 'o');"
            "INSERT INTO ciphers (uuid, cipher_key) VALUES ('c', 'k');",
            database=db,
        )
        out = maria.run(
            "SELECT cipher_key FROM ciphers; SELECT uuid FROM organization_groups;", database=db
        )
        assert out.split() == ["k", "g"], out


#: gophish's init migration (trial s23): no foreign key, a user_id column.
GOPHISH = """\
CREATE TABLE IF NOT EXISTS users (id integer primary key auto_increment, username varchar(255));
CREATE TABLE IF NOT EXISTS `groups` (id integer primary key auto_increment, user_id bigint,
  name varchar(255), modified_date datetime);
"""


def test_a_table_without_foreign_keys_is_owned_by_the_table_its_id_column_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, maria: mysql_server.MysqlServer
) -> None:
    committed_repo(
        tmp_path,
        {
            "dbnamelint.yaml": "paths: [db/migrations]\ndialect: mysql\n",
            "db/migrations/20160118194630_init.sql": f"-- +goose Up\n{GOPHISH}",
        },
        monkeypatch,
    )
    done = CliRunner().invoke(cli, ["whitelist", "init"])
    assert done.exit_code == 0, done.output
    text = (tmp_path / "whitelist.yaml").read_text()
    # Before: the entry for groups had no target (no foreign key said whose it is).
    entry = 'name: groups\n    rules: [DBN502]\n    phase: "1"\n    target: user_groups\n'
    assert entry in text, text
    done = CliRunner().invoke(cli, ["migrate", "--phase", "1", "--no-views", "--write"])
    assert done.exit_code == 0, done.output
    (up,) = (tmp_path / "db/migrations").glob("*_rename_phase_1.sql")
    with maria.fresh_database("dbnl_gophishimpact_groups") as db:
        maria.run(GOPHISH, database=db)
        maria.run(up.read_text().split("-- +goose Down")[0], database=db)  # goose's Up
        maria.run("INSERT INTO user_groups (user_id, name) VALUES (1, 'g');", database=db)
        assert maria.run("SELECT name FROM user_groups;", database=db).split() == ["g"]
