"""A table a code string names with a hole before its written name is
shown as the code writes it in the findings on its columns and indexes.

Trial s39 (n8n): with ``${tablePrefix}`` before its table names the gate's
findings read ``column "xxxxxxxxxxxxxxwebhook_entity.BadColumn"`` (the
reader's placeholder), and for a MySQL migration's escaped backticks,
``\\`${tablePrefix}webhook_entity\\```, ``column "
xxxxxxxxxxxxxxwebhook_entity.MyCol"``: the escaped quote was laid after its
backslash, so the quoted name began with a space. (A table prefix is now
filled in, tests/test_gate_code_prefix_holes.py; any other hole so placed,
here a ``tenant``, is shown.) Now ``column "${tenant}webhook_entity.BadColumn"``
and, for one joined with ``+``, ``column "{tenant}bad_mys.Id"``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from check_json import stage
from dbnamelint.cli import cli
from git_helpers import committed_repo

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CONFIG = """paths: [db]
dialect: postgres
per_path:
  - paths: ["src/migrations/mysqldb/**"]
    dialect: mysql
"""
SCHEMA = "CREATE TABLE webhook_entity (id integer PRIMARY KEY);\n"
POSTGRES = """import type { MigrationContext, ReversibleMigration } from '../migration-types';

// dbnamelint: ignore[DBN013] the tenant is validated
export class AddCol1700000000004 implements ReversibleMigration {
	async up({ queryRunner, tenant }: MigrationContext) {
		await queryRunner.query(`ALTER TABLE ${tenant}webhook_entity ADD COLUMN "BadColumn" integer`);
	}
}
"""  # noqa: E501
MYSQL = """import type { MigrationContext, ReversibleMigration } from '../migration-types';

// dbnamelint: ignore[DBN013] the tenant is validated
export class AddMy1700000000005 implements ReversibleMigration {
	async up({ queryRunner, tenant }: MigrationContext) {
		await queryRunner.query('CREATE TABLE `' + tenant + 'bad_mys` (`Id` int)');
		await queryRunner.query(`ALTER TABLE \\`${tenant}webhook_entity\\` ADD COLUMN \\`MyCol\\` int`);
	}
}
"""  # noqa: E501


def test_the_prefixed_table_is_shown_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = committed_repo(
        tmp_path / "app", {".dbnamelint.yml": CONFIG, "db/schema.sql": SCHEMA}, monkeypatch
    )
    stage(root, "src/migrations/postgresdb/1700000000004-AddCol.ts", POSTGRES)
    stage(root, "src/migrations/mysqldb/1700000000005-AddMy.ts", MYSQL)
    result = CliRunner().invoke(cli, ["check", "--base", "HEAD", "--no-cache", "--format", "json"])
    assert result.exit_code == 1, result.output
    findings = json.loads(result.stdout)["findings"]
    tables = sorted((f["table"], f["name"]) for f in findings if f["code"] == "DBN201")
    assert tables == [
        ("${tenant}webhook_entity", "BadColumn"),
        ("${tenant}webhook_entity", "MyCol"),
        ("{tenant}bad_mys", "Id"),
    ], findings
