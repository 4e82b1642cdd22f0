"""A JS/TS migration that hands its database handle to a function defined
elsewhere: the DDL that function runs is not read (``DBN013``).

Trial s35 (outline): ``await addAuditColumns(queryInterface, Sequelize,
"documents")`` from an npm package, and a project helper
``addColumnIfMissing(queryInterface, "documents", "BadViaHelper", ...)``,
passed ``check --base`` and the hook in silence; a committed one left
``documents.audit_note`` out of the model with no note. The gate now refuses
such a call in a new migration (accepted by ``dbnamelint: ignore[DBN013]
<reason>``) and ``check`` warns at a committed one; a function the file
defines itself is read there and is no such call.

Oracle: Sequelize 6.37.5 (tests/knexseq/run.cjs) runs the migration with its
helper module on PostgreSQL 15: the column the helper makes is real, so the
call does make DDL the model cannot see. Real git for the gate.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_json import check_entries, new_file_errors, stage
from git_helpers import commit_all, committed_repo
from node_oracle import run_sequelize
from pg_server import PgServer, public_names

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

SCHEMA = "CREATE TABLE documents (id integer PRIMARY KEY);\n"
HELPER = """'use strict';
async function addColumnIfMissing(queryInterface, table, column, spec) {
  const found = await queryInterface.describeTable(table);
  if (!found[column]) {
    // dbnamelint: ignore[DBN013] reviewed: callers name the column
    await queryInterface.addColumn(table, column, spec);
  }
}
module.exports = { addColumnIfMissing };
"""
PATH = "migrations/20240105000000-helper.js"
MIGRATION = """'use strict';
const { addColumnIfMissing } = require("../lib/migrationHelpers");

module.exports = {
  async up(queryInterface, Sequelize) {
    await addColumnIfMissing(queryInterface, "documents", "BadViaHelper", { type: Sequelize.STRING });
  },
  async down() {},
};
"""  # noqa: E501
PACKAGE = """'use strict';
const audit = require("@acme/sequelize-audit");

module.exports = {
  up: async (queryInterface, Sequelize) => {
    await queryInterface.sequelize.transaction(async (transaction) => {
      await audit.addAuditColumns(queryInterface.sequelize, Sequelize, "documents", { transaction });
    });
  },
  down: async () => {},
};
"""  # noqa: E501
ENUM = """'use strict';
const replaceEnum = require("sequelize-replace-enum-postgres").default;

module.exports = {
  up: (queryInterface) => replaceEnum({
    queryInterface,
    tableName: "documents",
    columnName: "state",
    newValues: ["draft", "published"],
    enumName: "DocumentStateEnum",
  }),
  down: () => Promise.resolve(),
};
"""
KNEX = """import { addAudit } from '../lib/audit';

export async function up(knex) {
  await addAudit(knex, 'documents');
}

export async function down(knex) {
  await knex.schema.dropTable('x');
}
"""
TYPEORM = """import { MigrationInterface, QueryRunner } from "typeorm";
import { addAudit } from "../lib/audit";

export class Audit1700000000000 implements MigrationInterface {
  public async up(queryRunner: QueryRunner): Promise<void> {
    await addAudit(queryRunner, "documents");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {}
}
"""
LOCAL = """'use strict';
async function addNote(qi, Sequelize) {
  await qi.addColumn("documents", "audit_note", { type: Sequelize.STRING });
}

module.exports = {
  async up(queryInterface, Sequelize) {
    console.log(queryInterface);
    await addNote(queryInterface, Sequelize);
  },
  async down(queryInterface) {
    await undoHelper(queryInterface);
  },
};
"""


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return committed_repo(
        tmp_path / "app",
        {
            "dbnamelint.yaml": 'paths: ["schema.sql", "migrations"]\ndialect: postgres\n',
            "schema.sql": SCHEMA,
            "lib/migrationHelpers.js": HELPER,
        },
        monkeypatch,
    )


def test_the_helper_makes_a_column_sequelize_really_adds(pg: PgServer, tmp_path: Path) -> None:
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "migrationHelpers.js").write_text(HELPER)
    (tmp_path / "migrations").mkdir()
    module = tmp_path / PATH
    module.write_text(MIGRATION)
    with pg.fresh_database("s35_handoff") as db:
        pg.run(sql=SCHEMA, dbname=db)
        run_sequelize(module, pg.url(db))
        names = public_names(pg, db)
    assert ("documents", "BadViaHelper") in names["columns"]


@pytest.mark.parametrize(
    ("path", "text", "line"),
    [
        (PATH, MIGRATION, 6),
        ("migrations/20240106000000-package.js", PACKAGE, 7),
        ("migrations/20240106500000-enum.js", ENUM, 5),
        ("migrations/20240107000000_audit.js", KNEX, 4),
        ("migrations/1700000000000-Audit.ts", TYPEORM, 6),
    ],
    ids=["sequelize-project-helper", "sequelize-package", "object-argument", "knex", "typeorm"],
)
def test_a_new_migration_handing_its_handle_on_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: str, text: str, line: int
) -> None:
    root = _repo(tmp_path, monkeypatch)
    assert new_file_errors(root, path, text) == [("DBN013", line)]


def test_the_comment_accepts_it_and_check_warns_once_committed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    accepted = MIGRATION.replace(
        "    await addColumnIfMissing",
        "    // dbnamelint: ignore[DBN013] reviewed: the helper adds one column\n"
        "    await addColumnIfMissing",
    )
    stage(root, PATH, accepted)
    status, found = check_entries("--base", "HEAD", "--no-cache")
    assert status == 0, found
    # committed before the gate (trial s35 t-hole2): check says the model misses it
    stage(root, PATH, MIGRATION)
    commit_all(root, "helper migration")
    status, found = check_entries("--no-cache")
    assert [(c, p, line, s) for c, p, line, s, _ in found if c == "DBN013"] == [
        ("DBN013", PATH, 6, "warning")
    ], found


def test_a_helper_the_file_defines_is_no_hand_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``addNote`` is defined (and read) in the file; ``console.log`` runs no
    DDL; ``down()`` is not read."""
    _repo(tmp_path, monkeypatch)
    stage(Path.cwd(), "migrations/20240108000000-local.js", LOCAL)
    status, found = check_entries("--base", "HEAD", "--no-cache")
    assert status == 0, found
    assert not [e for e in found if e[0] == "DBN013"], found
