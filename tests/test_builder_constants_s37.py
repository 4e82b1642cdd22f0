"""A table name held in a file constant, in every JS/TS builder dbnamelint reads (trial s37).

``const TABLE = 'StockLots'`` then ``createTable(TABLE, ...)`` was a name "the
code completes": a ``DBN013`` error in the gate and a table missing from the
model, for Knex and Sequelize (tests/test_knex_checks_s37.py) and Kysely,
node-pg-migrate and TypeORM alike. A name the file binds once, with
``const``, to a string literal alone is that literal, judged at its use.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_json import new_file_errors
from git_helpers import committed_repo

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CASES = {
    "kysely": (
        "migrations/2024-01-13-lots.js",
        """import { Kysely } from 'kysely';
const TABLE = 'StockLots';
export async function up(db) {
  await db.schema.createTable(TABLE).addColumn('id', 'integer').execute();
}
""",
        4,
    ),
    "node-pg-migrate": (
        "migrations/1700000000000_lots.js",
        """const TABLE = 'StockLots';
exports.up = (pgm) => {
  pgm.createTable(TABLE, { id: 'id' });
};
""",
        3,
    ),
    "typeorm": (
        "src/migrations/1700000000000-Lots.ts",
        """import { MigrationInterface, QueryRunner, Table } from "typeorm";
const TABLE = "StockLots";
export class Lots1700000000000 implements MigrationInterface {
  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({ name: TABLE, columns: [{ name: "id", type: "int" }] }),
    );
  }
  public async down(): Promise<void> {}
}
""",
        6,
    ),
}


@pytest.mark.parametrize("tool", sorted(CASES))
def test_a_table_named_by_a_file_constant_is_judged(
    tool: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, text, line = CASES[tool]
    root = committed_repo(
        tmp_path / "app",
        {
            "dbnamelint.yaml": 'paths: ["schema.sql"]\ndialect: postgres\n',
            "schema.sql": "CREATE TABLE users (id integer PRIMARY KEY);\n",
        },
        monkeypatch,
    )
    assert new_file_errors(root, path, text) == [("DBN101", line)]
