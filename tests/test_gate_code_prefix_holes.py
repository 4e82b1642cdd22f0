"""A hole that only puts the deployment's table prefix before a name is
filled in as the default deployment runs it (empty): the names written after
it are judged, with no ``DBN013``.

Trial s39 (n8n): every migration writes ``${tablePrefix}`` before its table,
key and index names (``CREATE TABLE ${tablePrefix}tag_entity (...,
CONSTRAINT "PK_${tablePrefix}7a50..." ...)``). Each statement was the gate's
``DBN013`` error, so each new migration carried one ``dbnamelint:
ignore[DBN013]`` comment, which accepts every ``DBN013`` of the file: no
table, key or index name of n8n's migrations was ever judged
(``CREATE TABLE ${tablePrefix}BadTable`` passed). A hole of any other
expression (``${tenant}``), or a prefix with no name after it, stays a hole.

Oracle: PostgreSQL 15 runs the statements as n8n does with its default
prefix (empty) and with ``n8n_``: the catalog holds the names judged, and
with a prefix the same names behind it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_json import new_file_errors
from git_helpers import committed_repo
from pg_server import PgServer, public_names

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CONFIG = "paths: [db]\ndialect: postgres\n"
SCHEMA = "CREATE TABLE webhook_entity (id integer PRIMARY KEY, node text);\n"
PATH = "src/migrations/postgresdb/1700000000000-AddThings.ts"
#: n8n's forms: a template's ${tablePrefix}, a property's, a join with +;
#: mid-name (PK_${tablePrefix}...) too. No DBN013 comment.
MIGRATION = """import type { MigrationContext, ReversibleMigration } from '../migration-types';

export class AddThings1700000000000 implements ReversibleMigration {
	async up({ queryRunner, tablePrefix }: MigrationContext) {
		await queryRunner.query(`CREATE TABLE ${tablePrefix}BadThings ("Id" SERIAL NOT NULL, CONSTRAINT "PK_${tablePrefix}bad" PRIMARY KEY ("Id"))`);
		await queryRunner.query(`CREATE INDEX "IDX_${this.tablePrefix}Bad" ON ${tablePrefix}webhook_entity (node)`);
		await queryRunner.query('ALTER TABLE ' + tablePrefix + 'webhook_entity ADD "BadCol" integer');
	}
}
"""  # noqa: E501
#: The statements as PostgreSQL gets them with the prefix ``{p}``.
RUN = (
    'CREATE TABLE {p}BadThings ("Id" SERIAL NOT NULL, CONSTRAINT "PK_{p}bad" PRIMARY KEY ("Id"));'
    'CREATE INDEX "IDX_{p}Bad" ON {p}webhook_entity (node);'
    'ALTER TABLE {p}webhook_entity ADD "BadCol" integer;'
)
#: Holes that are no table prefix before a name: still built names.
OTHER = """import type { MigrationContext, ReversibleMigration } from '../migration-types';

export class Other1700000000001 implements ReversibleMigration {
	async up({ queryRunner, tablePrefix, tenant }: MigrationContext) {
		await queryRunner.query(`CREATE TABLE ${tenant}items (id int)`);
		await queryRunner.query(`CREATE TABLE "${tablePrefix}" (id int)`);
	}
}
"""


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return committed_repo(
        tmp_path / "app", {".dbnamelint.yml": CONFIG, "db/schema.sql": SCHEMA}, monkeypatch
    )


def test_the_names_after_a_table_prefix_are_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    assert new_file_errors(root, PATH, MIGRATION) == [
        ("DBN101", 5),  # BadThings
        ("DBN201", 5),  # Id
        ("DBN201", 7),  # BadCol
        ("DBN301", 6),  # IDX_Bad
        ("DBN401", 5),  # PK_bad
    ]


def test_another_hole_stays_a_built_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _repo(tmp_path, monkeypatch)
    path = "src/migrations/postgresdb/1700000000001-Other.ts"
    # a tenant's name part; a prefix with no name after it
    assert new_file_errors(root, path, OTHER) == [("DBN013", 5), ("DBN013", 6)]


def test_postgres_makes_those_names_behind_any_prefix(pg: PgServer) -> None:
    made = {}
    for prefix in ("", "n8n_"):
        with pg.fresh_database("prefix_holes") as db:
            pg.run(sql=SCHEMA.replace("webhook_entity", prefix + "webhook_entity"), dbname=db)
            pg.run(sql=RUN.format(p=prefix), dbname=db)
            made[prefix] = public_names(pg, db)
    plain, prefixed = made[""], made["n8n_"]
    assert ("t", "badthings") in plain["tables"] and ("t", "n8n_badthings") in prefixed["tables"]
    assert ("badthings", "PK_bad") in plain["constraints"]
    assert ("n8n_badthings", "PK_n8n_bad") in prefixed["constraints"]
    assert ("webhook_entity", "IDX_Bad") in plain["indexes"]
    assert ("n8n_webhook_entity", "IDX_n8n_Bad") in prefixed["indexes"]
    assert ("webhook_entity", "BadCol") in plain["columns"]
