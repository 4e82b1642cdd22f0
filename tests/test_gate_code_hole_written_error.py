"""A code string with a hole that the configured dialect cannot read before
that hole is an unreadable statement (``DBN004``), not only a built name.

Trial s39 (n8n): each migration's hole was ``DBN013``, accepted with one
``dbnamelint: ignore[DBN013]`` comment for the file. A MySQL migration's
string, ``'CREATE TABLE `' + tablePrefix + 'BadMy` (`Id` int)'``, read as
the tree's PostgreSQL, stopped at its first backtick, before the hole; the
error was dropped with every other diagnostic of a string with a hole (what
the code puts there may be their cause), so once the DBN013 was accepted
the commit passed with its names unread. Without the hole the same string
is ``DBN004``. An error at or after the hole stays dropped. (A table prefix
is now filled in, tests/test_gate_code_prefix_holes.py; the test holes a
``tenant``.)

Oracle: PostgreSQL 15 refuses the statement the code runs (its hole filled
as an empty tenant) at the backtick; MariaDB 10.11 runs it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_json import check_entries, stage
from git_helpers import committed_repo
from mysql_server import MysqlServer
from pg_server import PgServer, SqlFailed

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CONFIG = "paths: [db]\ndialect: postgres\n"
SCHEMA = "CREATE TABLE webhooks (id integer PRIMARY KEY);\n"
PATH = "src/migrations/mysqldb/1700000000005-AddMy.ts"
#: What the code runs, its hole filled with the default (empty) prefix.
CREATE = "CREATE TABLE `BadMy` (`Id` int NOT NULL, `UserName` varchar(32))"
ALTER = "ALTER TABLE `webhooks` ADD COLUMN `MyCol` int"
MIGRATION = """import type { MigrationContext, ReversibleMigration } from '../migration-types';

// dbnamelint: ignore[DBN013] the tenant is validated; names checked by hand
export class AddMy1700000000005 implements ReversibleMigration {
	async up({ queryRunner, tenant }: MigrationContext) {
		await queryRunner.query('CREATE TABLE `' + tenant + 'BadMy` (`Id` int NOT NULL, `UserName` varchar(32))');
		await queryRunner.query(`ALTER TABLE \\`${tenant}webhooks\\` ADD COLUMN \\`MyCol\\` int`);
	}
}
"""  # noqa: E501
#: Holes the reading fails at: what the code puts there decides.
AT_HOLE = """import type { MigrationContext, ReversibleMigration } from '../migration-types';

// dbnamelint: ignore[DBN013] columns and actions built by the helper
export class Built1700000000006 implements ReversibleMigration {
	async up({ queryRunner, columns, action }: MigrationContext) {
		await queryRunner.query(`CREATE TABLE audit_rows (${columns})`);
		await queryRunner.query(`ALTER TABLE webhooks ${action}`);
	}
}
"""


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return committed_repo(
        tmp_path / "app",
        {".dbnamelint.yml": CONFIG, "db/schema.sql": SCHEMA},
        monkeypatch,
    )


def test_an_error_before_the_hole_is_dbn004(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    stage(root, PATH, MIGRATION)
    for run in (("--base", "HEAD"), ("--pre-commit",)):
        status, found = check_entries(*run, "--no-cache")
        assert status == 1, found
        errors = sorted((c, line) for c, p, line, s, _ in found if p == PATH and s == "error")
        assert errors == [("DBN004", 6), ("DBN004", 7)], found
        assert all("backticks" in m for c, p, _, _, m in found if c == "DBN004"), found


def test_an_error_at_the_hole_stays_a_built_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    stage(root, "src/migrations/postgresdb/1700000000006-Built.ts", AT_HOLE)
    status, found = check_entries("--pre-commit", "--no-cache")
    assert status == 0, found


def test_postgres_refuses_what_mariadb_runs(pg: PgServer, maria: MysqlServer) -> None:
    with pg.fresh_database("hole_written_pg") as db:
        pg.run(sql=SCHEMA, dbname=db)
        for statement in (CREATE, ALTER):
            with pytest.raises(SqlFailed, match='syntax error at or near "`"'):
                pg.run(sql=statement, dbname=db)
    with maria.fresh_database("hole_written_maria") as db:
        maria.run(SCHEMA.replace("integer", "int"), database=db)
        maria.run(f"{CREATE}; {ALTER}", database=db)
        assert "MyCol" in maria.run("SHOW COLUMNS FROM webhooks", database=db)
