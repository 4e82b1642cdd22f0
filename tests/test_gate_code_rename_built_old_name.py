"""A rename in a code string whose old name the code builds and whose new
name is written in full judges the new name.

Trial s39 (n8n): ``ALTER INDEX IDX_${tablePrefix}812eb05f... RENAME TO
"BadIdx"`` and ``ALTER TABLE ... RENAME CONSTRAINT "FK_${tablePrefix}5e29..."
TO "BadFk"`` were dropped whole because the old name held a hole, so once the
hole's ``DBN013`` was accepted the commit passed with the new names
unjudged; the same renames of an old name written in full were
``DBN301``/``DBN401`` errors. (A table prefix is now filled in,
tests/test_gate_code_prefix_holes.py; the test holes a ``${tenant}``.) A new
name the code builds (``RENAME TO ${tenant}ParentRows``) stays the
``DBN013`` note.

Oracle: PostgreSQL 15 runs the statements as the code does (tenant empty,
the old column name from a variable): its catalog holds the written new
names.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_json import check_entries, stage
from git_helpers import committed_repo
from pg_server import PgServer, public_names

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CONFIG = "paths: [db]\ndialect: postgres\n"
SCHEMA = """CREATE TABLE parents (id integer PRIMARY KEY);
CREATE TABLE items (
    id integer PRIMARY KEY,
    parent_id integer,
    old_col integer,
    CONSTRAINT "FK_items_parent" FOREIGN KEY (parent_id) REFERENCES parents (id)
);
CREATE INDEX "IDX_items_parent" ON items (parent_id);
"""
PATH = "src/migrations/1700000000008-Renames.ts"
MIGRATION = """import type { MigrationContext, ReversibleMigration } from './migration-types';

// dbnamelint: ignore[DBN013] the tenant is validated, the old column the helper's
export class Renames1700000000008 implements ReversibleMigration {
	async up({ queryRunner, tenant, oldName }: MigrationContext) {
		await queryRunner.query(`ALTER INDEX "IDX_${tenant}items_parent" RENAME TO "BadIdx"`);
		await queryRunner.query(`ALTER TABLE items RENAME CONSTRAINT "FK_${tenant}items_parent" TO "BadFk"`);
		await queryRunner.query(`ALTER TABLE items RENAME COLUMN "${oldName}" TO "BadCol"`);
		await queryRunner.query(`ALTER TABLE ${tenant}parents RENAME TO ${tenant}ParentRows`);
	}
}
"""  # noqa: E501


def test_a_written_new_name_is_judged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = committed_repo(
        tmp_path / "app", {".dbnamelint.yml": CONFIG, "db/schema.sql": SCHEMA}, monkeypatch
    )
    stage(root, PATH, MIGRATION)
    for run in (("--base", "HEAD"), ("--pre-commit",)):
        status, found = check_entries(*run, "--no-cache")
        assert status == 1, found
        errors = sorted((c, line) for c, p, line, s, _ in found if p == PATH and s == "error")
        # BadIdx, BadFk, BadCol; not ParentRows, a name the code builds
        assert errors == [("DBN201", 8), ("DBN301", 6), ("DBN401", 7)], found


def test_postgres_holds_the_written_names(pg: PgServer) -> None:
    run = (
        'ALTER INDEX "IDX_items_parent" RENAME TO "BadIdx";'
        'ALTER TABLE items RENAME CONSTRAINT "FK_items_parent" TO "BadFk";'
        'ALTER TABLE items RENAME COLUMN "old_col" TO "BadCol";'
    )
    with pg.fresh_database("rename_built_old") as db:
        pg.run(sql=SCHEMA, dbname=db)
        pg.run(sql=run, dbname=db)
        names = public_names(pg, db)
    assert ("items", "BadIdx") in names["indexes"]
    assert ("items", "BadFk") in names["constraints"]
    assert ("items", "BadCol") in names["columns"]
