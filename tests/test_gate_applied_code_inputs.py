"""An applied code migration whose SQL is completed by the file's constants:
an edit of a constant is an edit of the statement it runs (``DBN025``).

Trial s35 (outline): ``const constraintName = "documents_last_modified_by_id_fkey"``
filled into ``ALTER TABLE ... ADD CONSTRAINT "${constraintName}"`` of a
committed Sequelize migration, then edited to ``"DocumentsLastModifiedByBadFK"``:
``check --base`` and the hook passed (only the SQL strings and builder calls
were compared), and a real run made the new name. Same for the array a ``for``
loop runs and for a builder call's table constant, in every JS/TS tool.

Oracle: Sequelize 6.37.5 (tests/knexseq/run.cjs) runs both versions of the
migration on PostgreSQL 15: the catalog shows that the edit changes what it
makes. Real git for the gate.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_json import assert_edit_fails, assert_edit_passes
from git_helpers import committed_repo
from node_oracle import run_sequelize
from pg_server import PgServer

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

SCHEMA = (
    "CREATE TABLE users (id integer PRIMARY KEY);\n"
    'CREATE TABLE documents (id integer PRIMARY KEY, "lastModifiedById" integer);\n'
)
PATH = "migrations/20240102000000-fk.js"
FK = """'use strict';
const tableName = "documents";
const constraintName = "documents_last_modified_by_id_fkey";

module.exports = {
  async up(queryInterface) {
    // dbnamelint: ignore[DBN013] reviewed: the constants above
    await queryInterface.sequelize.query(`ALTER TABLE "${tableName}" ADD CONSTRAINT "${constraintName}" FOREIGN KEY ("lastModifiedById") REFERENCES users (id)`);
  },
  async down(queryInterface) {
    const rollbackNote = "drops the key";
    await queryInterface.sequelize.query(`ALTER TABLE "${tableName}" DROP CONSTRAINT "${constraintName}" /* ${rollbackNote} */`);
  },
};
"""  # noqa: E501
EDITED = FK.replace('"documents_last_modified_by_id_fkey"', '"DocumentsLastModifiedByBadFK"')
LOOP_PATH = "migrations/20240103000000-loop.js"
LOOP = """'use strict';
const constraintNames = ["documents_old_a_key", "documents_old_b_key"];
const note = "cleanup";

module.exports = {
  async up(queryInterface, Sequelize) {
    console.log(note);
    for (const constraintName of constraintNames) {
      // dbnamelint: ignore[DBN013] reviewed: the array above
      await queryInterface.sequelize.query(`ALTER TABLE documents DROP CONSTRAINT IF EXISTS "${constraintName}"`);
    }
    const table = "documents";
    // dbnamelint: ignore[DBN013] reviewed: the constant above
    await queryInterface.addColumn(table, "audit_note", { type: Sequelize.STRING });
  },
  async down() {},
};
"""  # noqa: E501
ALEMBIC_PATH = "migrations/versions/a1b2c3_audit.py"
ALEMBIC = """from alembic import op

revision = "a1b2c3"
down_revision = None
table = "documents"
column = "audit_note"
label = "draft"


def upgrade():
    # dbnamelint: ignore[DBN013] reviewed: the constants above
    op.execute(f'ALTER TABLE "{table}" ADD COLUMN "{column}" text')
    op.execute("UPDATE documents SET meta = '{label}'")  # no f-string: no hole


def downgrade():
    op.execute(f'ALTER TABLE "{table}" DROP COLUMN "{column}"')
"""
KNEX_PATH = "migrations/20240104000000_knex.js"
KNEX = """const table = 'audit_log';
// dbnamelint: ignore[DBN013] reviewed: the constant above
exports.up = (knex) => knex.raw(`CREATE TABLE ${table} (id integer PRIMARY KEY)`);
exports.down = (knex) => knex.raw(`DROP TABLE ${table}`);
"""


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return committed_repo(
        tmp_path / "app",
        {
            "dbnamelint.yaml": 'paths: ["schema.sql", "migrations"]\ndialect: postgres\n',
            "schema.sql": SCHEMA,
            PATH: FK,
            LOOP_PATH: LOOP,
            KNEX_PATH: KNEX,
            ALEMBIC_PATH: ALEMBIC,
        },
        monkeypatch,
    )


def _sequelize_constraints(pg: PgServer, text: str, tmp: Path, name: str) -> list[str]:
    module = tmp / f"{name}.js"
    module.write_text(text)
    with pg.fresh_database(f"s35_inputs_{name}") as db:
        pg.run(sql=SCHEMA, dbname=db)
        run_sequelize(module, pg.url(db))
        rows = pg.query_json(
            "SELECT conname AS n FROM pg_constraint WHERE contype = 'f' ORDER BY 1", db
        )
    return [str(r["n"]) for r in rows]


def test_the_edited_constant_changes_what_sequelize_makes(pg: PgServer, tmp_path: Path) -> None:
    assert _sequelize_constraints(pg, FK, tmp_path, "before") == [
        "documents_last_modified_by_id_fkey"
    ]
    assert _sequelize_constraints(pg, EDITED, tmp_path, "after") == ["DocumentsLastModifiedByBadFK"]


def test_an_edited_constant_of_an_applied_migration_is_dbn025(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _repo(tmp_path, monkeypatch)
    assert_edit_fails(Path.cwd(), PATH, EDITED)


@pytest.mark.parametrize(
    ("path", "old", "new"),
    [
        (LOOP_PATH, '"documents_old_b_key"]', '"DocumentsOldB"]'),  # the array the loop runs
        (LOOP_PATH, 'const table = "documents"', 'const table = "documents_v2"'),  # builder arg
        (KNEX_PATH, "'audit_log'", "'AuditLog'"),  # Knex's knex.raw template
        (ALEMBIC_PATH, '"audit_note"', '"AuditNote"'),  # an Alembic f-string
    ],
    ids=["loop-array", "builder-table", "knex-raw", "alembic-fstring"],
)
def test_every_input_of_the_forward_sql_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: str, old: str, new: str
) -> None:
    _repo(tmp_path, monkeypatch)
    text = {LOOP_PATH: LOOP, KNEX_PATH: KNEX, ALEMBIC_PATH: ALEMBIC}[path]
    assert old in text
    assert_edit_fails(Path.cwd(), path, text.replace(old, new))


@pytest.mark.parametrize(
    ("path", "old", "new"),
    [
        (PATH, '"drops the key"', '"drops the foreign key"'),  # down() only
        (PATH, "reviewed: the constants above", "reviewed twice"),  # a comment
        (LOOP_PATH, '"cleanup"', '"clean-up"'),  # a value no SQL reads
        (ALEMBIC_PATH, 'label = "draft"', 'label = "final"'),  # braces of a plain string
    ],
    ids=["down-only", "comment", "unrelated-constant", "plain-braces"],
)
def test_an_edit_no_forward_sql_reads_passes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: str, old: str, new: str
) -> None:
    _repo(tmp_path, monkeypatch)
    text = {PATH: FK, LOOP_PATH: LOOP, ALEMBIC_PATH: ALEMBIC}[path]
    assert old in text
    assert_edit_passes(Path.cwd(), path, text.replace(old, new))
