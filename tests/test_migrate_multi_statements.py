"""``migrate`` warns a Go module on go-sql-driver/mysql that its migration
has several statements (trial s10-t2 #3: shiori runs each file in one Exec).

The driver asks the server for multi-statement queries only with
``multiStatements=true``, as the client capability flag
``CLIENT_MULTI_STATEMENTS``. Oracle: a real MariaDB, sent the written
forward script once without that flag (it refuses the second statement)
and once with it (it applies), through PyMySQL, which exposes the flag.
"""

from __future__ import annotations

from pathlib import Path

import pymysql
import pytest
from click.testing import CliRunner
from pymysql.constants import CLIENT

import mysql_server
from dbnamelint.cli import cli

INIT = (
    "CREATE TABLE `Tag` (id int PRIMARY KEY, name varchar(20));\n"
    "CREATE TABLE `BookmarkTag` (tag_id int, CONSTRAINT fk_tag FOREIGN KEY (tag_id) "
    "REFERENCES `Tag` (id));\n"
)
GO_MOD = (
    "module example.com/app\n\ngo 1.22\n\nrequire (\n\tgithub.com/go-sql-driver/mysql v1.8.1\n)\n"
)
NOTE = "go-sql-driver/mysql, which runs a file of several statements only with multiStatements"


def _project(root: Path, go_mod: str | None) -> None:
    (root / "database" / "migrations").mkdir(parents=True)
    (root / "database" / "migrations" / "0001_init.up.sql").write_text(INIT, "utf-8")
    (root / "dbnamelint.yaml").write_text("paths: [database/migrations]\ndialect: mariadb\n")
    if go_mod is not None:
        (root / "go.mod").write_text(go_mod, "utf-8")


def _migrate(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    monkeypatch.chdir(root)
    runner = CliRunner()
    init = runner.invoke(cli, ["whitelist", "init"])
    assert init.exit_code == 0, init.output
    done = runner.invoke(cli, ["migrate", "--phase", "1", "--write"])
    assert done.exit_code == 0, done.output
    forward = sorted((root / "database" / "migrations").glob("0002_*.up.sql"))
    assert len(forward) == 1, list((root / "database" / "migrations").iterdir())
    return done.stdout + done.stderr, forward[0].read_text("utf-8")


def _connect(server: mysql_server.MysqlServer, db: str, flags: int) -> pymysql.Connection:  # type: ignore[type-arg]
    return pymysql.connect(
        host=server.host, port=server.port, user=server.user, database=db, client_flag=flags
    )


def test_the_note_and_what_the_server_does_without_the_flag(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, maria: mysql_server.MysqlServer
) -> None:
    _project(tmp_path, GO_MOD)
    output, forward = _migrate(tmp_path, monkeypatch)
    assert NOTE in output
    with maria.fresh_database("dbn_multi") as db:
        maria.run(INIT, database=db)
        single = _connect(maria, db, 0)
        try:
            with pytest.raises(pymysql.err.ProgrammingError) as refused:
                single.cursor().execute(forward)
            assert refused.value.args[0] == 1064  # ER_PARSE_ERROR at the second statement
        finally:
            single.close()
        multi = _connect(maria, db, CLIENT.MULTI_STATEMENTS)
        try:
            cursor = multi.cursor()
            cursor.execute(forward)
            while cursor.nextset():
                pass
            multi.commit()
        finally:
            multi.close()
        tables = set(maria.run("SHOW TABLES", database=db).split())
        assert {"tags", "bookmark_tags"} <= tables, tables


@pytest.mark.parametrize(
    "go_mod",
    [None, "module example.com/app\n\ngo 1.22\n\nrequire github.com/lib/pq v1.10.9\n"],
    ids=["no-go-module", "other-driver"],
)
def test_no_note_without_the_driver(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, go_mod: str | None
) -> None:
    _project(tmp_path, go_mod)
    output, _ = _migrate(tmp_path, monkeypatch)
    assert NOTE not in output
