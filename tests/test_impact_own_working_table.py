"""``impact --diff`` leaves the columns of a working table the code creates itself.

Trial s35 (outline): ``UpdateDocumentsPopularityScoreTask.ts`` runs
``CREATE UNLOGGED TABLE ${this.workingTable} ("documentId" UUID PRIMARY KEY, ...)``
and then reads and writes ``"documentId"`` of that table. With the schema's
``*.documentId`` columns renamed alike to ``document_id``, ``impact`` listed
those uses at high confidence ("table filled in at run time") and ``--diff``
rewrote ``INSERT INTO ${this.workingTable} ("document_id")`` while the CREATE
kept ``"documentId"``: the task then failed (or read ``undefined``). A
statement whose every table is one the file's own ``CREATE TABLE`` makes from
the same expression is not the schema's.

Oracle: PostgreSQL 15 runs the task's statements, as patched, against the
schema after the rename: each must run.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo
from pg_server import PgServer

SCHEMA = """\
CREATE TABLE documents (id uuid PRIMARY KEY, "popularityScore" float);
CREATE TABLE views (id uuid PRIMARY KEY, "documentId" uuid, count int);
CREATE TABLE revisions (id uuid PRIMARY KEY, "documentId" uuid);
"""
AFTER = SCHEMA.replace('"documentId"', "document_id")
WHITELIST = """\
phases:
  - {id: "1", title: "Legacy", status: open}
entries:
  - {kind: column, name: views.documentId, phase: "1", target: document_id}
  - {kind: column, name: revisions.documentId, phase: "1", target: document_id}
"""
TASK = """\
import { sequelize } from "@server/storage/database";

export default class UpdateDocumentsPopularityScoreTask {
  private workingTable = "";

  public async perform(table: string) {
    this.workingTable = `popularity_work_${Date.now()}`;
    await sequelize.query(`
      CREATE UNLOGGED TABLE ${this.workingTable} (
        "documentId" UUID PRIMARY KEY,
        processed BOOLEAN DEFAULT FALSE
      )`);
    await sequelize.query(`
      INSERT INTO ${this.workingTable} ("documentId")
      SELECT * FROM unnest(ARRAY[:ids]::uuid[])
      ON CONFLICT ("documentId") DO NOTHING
      RETURNING "documentId"`);
    await sequelize.query(`SELECT DISTINCT v."documentId" FROM views v`);
    const batch = await sequelize.query<{ documentId: string }>(`
      SELECT "documentId" FROM ${this.workingTable}
      WHERE NOT processed
      ORDER BY "documentId"`);
    await sequelize.query(`
      UPDATE ${this.workingTable} SET processed = TRUE
      WHERE "documentId" IN (SELECT r."documentId" FROM revisions r)`);
    await sequelize.query(`SELECT "documentId" FROM ${table}`);
    return batch.map((b) => b.documentId);
  }
}
"""
PATH = "server/queues/tasks/UpdateDocumentsPopularityScoreTask.ts"


def test_the_code_s_own_table_is_left_alone(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = committed_repo(
        tmp_path / "repo",
        {
            "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
            "whitelist.yaml": WHITELIST,
            "db/001_init.sql": SCHEMA,
            PATH: TASK,
        },
        monkeypatch,
    )
    done = CliRunner().invoke(cli, ["impact", "--diff"])
    assert done.exit_code == 0, done.output
    (tmp_path / "patch.diff").write_text(done.stdout)
    subprocess.run(["git", "apply", str(tmp_path / "patch.diff")], cwd=root, check=True)
    patched = (root / PATH).read_text()
    # the schema's columns are rewritten: views' and revisions', and the
    # ${table} nothing in the file creates (every such column renamed alike)
    # a select list's column keeps its output name (session 43): b.documentId reads it
    assert 'SELECT DISTINCT v."document_id" AS "documentId" FROM views v' in patched
    assert 'r."document_id" FROM revisions' in patched
    assert 'SELECT "document_id" AS "documentId" FROM ${table}' in patched
    statements = [
        s.replace("${this.workingTable}", "popularity_work").replace(":ids", "")
        for s in re.findall(r"`\s*((?:CREATE|INSERT|SELECT|UPDATE)[^`]*)`", patched)
        if "${table}" not in s
    ]
    assert len(statements) == 5
    with pg.fresh_database("s35_own_table") as db:
        for statement in [AFTER, *statements]:
            pg.run(sql=statement + ";\n", dbname=db)
