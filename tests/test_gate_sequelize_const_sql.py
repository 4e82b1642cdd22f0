"""SQL a Sequelize migration holds in a constant, and the ``ignore[DBN013]``
comment above a call spread over several lines.

Trial s35 (outline): ``const sql = `CREATE TABLE "good_consts" (...)`; await
queryInterface.sequelize.query(sql);`` (outline's own style, 4 applied
migrations) was read into the model, yet ``check`` said "not read" (DBN013)
and the gate refused it, a compliant name included; so was a ``for (const s
of [`...`])`` loop. And ``// dbnamelint: ignore[DBN013] <reason>`` above
``await queryInterface.sequelize.query(`` with the template literal on the
next line did not accept it, though the README says it does.

Oracle: Sequelize 6.37.5 (tests/knexseq/run.cjs) runs the migration on
PostgreSQL 15: the tables the constants hold are what it makes, and are what
the gate judges. Real git for the gate.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_json import check_entries, stage
from git_helpers import commit_all, committed_repo
from node_oracle import run_sequelize
from pg_server import PgServer, public_names

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

PATH = "migrations/20240102000000-consts.js"
CONSTS = """'use strict';
const sql = `CREATE TABLE "good_consts" ("id" uuid PRIMARY KEY)`;

module.exports = {
  async up(queryInterface) {
    await queryInterface.sequelize.query(sql);
    for (const statement of [`CREATE TABLE "good_loops" (id int)`, `CREATE TABLE "%s" (id int)`]) {
      await queryInterface.sequelize.query(statement);
    }
  },
  async down() {},
};
"""
SPREAD_PATH = "migrations/20240103000000-spread.js"
SPREAD = """'use strict';
const tableName = "audit_notes";

module.exports = {
  async up(queryInterface) {
    // dbnamelint: ignore[DBN013] reviewed: tableName is the constant above
    await queryInterface.sequelize.query(
      `CREATE TABLE "${tableName}" (id int)`,
    );
  },
  async down() {},
};
"""


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return committed_repo(
        tmp_path / "app",
        {
            "dbnamelint.yaml": 'paths: ["migrations"]\ndialect: postgres\n',
            "migrations/20240101000000-init.js": "module.exports = {\n"
            "  async up(queryInterface, Sequelize) {\n"
            '    await queryInterface.createTable("documents", '
            "{ id: { type: Sequelize.INTEGER, primaryKey: true } });\n"
            "  },\n};\n",
        },
        monkeypatch,
    )


def _sequelize_tables(pg: PgServer, text: str, tmp: Path) -> list[str]:
    module = tmp / "migration.js"
    module.write_text(text)
    with pg.fresh_database("s35_const_sql") as db:
        run_sequelize(module, pg.url(db))
        return sorted(public_names(pg, db)["tables"])


def _judged(found: list[tuple[str, str, int, str, str]], path: str) -> list[tuple[str, int]]:
    return sorted((c, line) for c, p, line, s, _ in found if p == path and s != "info")


def test_sql_in_a_constant_is_read_not_refused(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tables = _sequelize_tables(pg, CONSTS.replace('"%s"', '"BadConst"'), tmp_path)
    assert [t for _, t in tables] == ["BadConst", "good_consts", "good_loops"]
    root = _repo(tmp_path, monkeypatch)
    stage(root, PATH, CONSTS.replace('"%s"', '"good_extras"'))
    status, found = check_entries("--base", "HEAD", "--no-cache")
    assert status == 0, found
    assert _judged(found, PATH) == [], found
    # a bad name in the array is judged, with no "not read" beside it
    stage(root, PATH, CONSTS.replace('"%s"', '"BadConst"'))
    status, found = check_entries("--base", "HEAD", "--no-cache")
    assert status == 1, found
    assert "DBN013" not in {c for c, _ in _judged(found, PATH)}, found
    assert ("DBN101", 7) in _judged(found, PATH), found
    # committed: check says nothing of it
    stage(root, PATH, CONSTS.replace('"%s"', '"good_extras"'))
    commit_all(root, "consts")
    status, found = check_entries("--no-cache")
    assert [e for e in found if e[0] == "DBN013"] == [], found


def test_sql_a_constant_reads_from_a_file_is_still_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    text = CONSTS.replace(
        'const sql = `CREATE TABLE "good_consts" ("id" uuid PRIMARY KEY)`;',
        'const sql = require("fs").readFileSync("x.sql", "utf8");',
    )
    assert text != CONSTS
    stage(root, PATH, text.replace('"%s"', '"good_extras"'))
    status, found = check_entries("--base", "HEAD", "--no-cache")
    assert status == 1, found
    assert _judged(found, PATH) == [("DBN013", 6)], found


def test_the_comment_above_a_spread_call_accepts_it(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert [t for _, t in _sequelize_tables(pg, SPREAD, tmp_path)] == ["audit_notes"]
    root = _repo(tmp_path, monkeypatch)
    stage(root, SPREAD_PATH, SPREAD)
    status, found = check_entries("--base", "HEAD", "--no-cache")
    assert status == 0, found
    # a comment above another statement accepts nothing
    moved = SPREAD.replace(
        "  async up(queryInterface) {\n    // dbnamelint: ignore[DBN013] reviewed: tableName is "
        "the constant above\n",
        "  // dbnamelint: ignore[DBN013] reviewed: tableName is the constant above\n"
        "  async up(queryInterface) {\n    console.log(tableName);\n",
    )
    assert moved != SPREAD
    stage(root, SPREAD_PATH, moved)
    status, found = check_entries("--base", "HEAD", "--no-cache")
    assert status == 1, found
    assert _judged(found, SPREAD_PATH) == [("DBN013", 9)], found
