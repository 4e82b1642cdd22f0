"""The README's phase path in a code migration passes the gate (trial s32 outline).

For a schema dump beside Sequelize migrations, ``migrate --write`` is
refused, so the printed forward SQL goes in the migration's ``up`` and the
rollback in its ``down``. The hook failed that correct migration twice over:

- the rollback kept in a module-level ``const rollback = `...``` that only
  ``down()`` reads was judged as forward DDL (``DBN101 table "apiKeys"``...);
  a constant only ``down`` reads runs only backwards, as ``down``'s own body
  (:func:`dbnamelint.kysely_schema.down_only_spans`);
- migrate's own compatibility view in the forward string (its ``COMMENT ON
  VIEW ... 'dbnamelint compatibility view of api_keys'`` marker), beside the
  dump regenerated after the forward ran, got ``DBN505`` and ``DBN201`` for
  each old column name it shows, though the same view in the dump passes:
  it is now linked to its table as in a .sql file
  (:func:`dbnamelint.dumped_views.with_dumped_views`).

Oracle: a real ``pg_dump --schema-only`` of a PostgreSQL database before and
after migrate's forward script ran on it; real git for the gate.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from check_json import check_entries, new_file_errors, stage
from dbnamelint.cli import cli
from git_helpers import commit_all, committed_repo
from pg_server import PgServer

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

PATH = "server/migrations/20260901000000-rename.js"


def _migration(up: str, down: str, consts: str = "") -> str:
    return (
        "'use strict';\n"
        f"{consts}\n"
        "module.exports = {\n"
        "  async up(queryInterface) {\n"
        f"    await queryInterface.sequelize.query({up});\n"
        "  },\n"
        "  async down(queryInterface) {\n"
        f"    await queryInterface.sequelize.query({down});\n"
        "  },\n"
        "};\n"
    )


ROLLBACK = 'const rollback = `\nALTER TABLE good_things RENAME TO "GoodThings";\n`\n'


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return committed_repo(
        tmp_path / "repo",
        {
            "dbnamelint.yaml": 'paths: ["db"]\ndialect: postgres\n',
            "db/schema.sql": "CREATE TABLE good_things (id integer PRIMARY KEY);\n",
        },
        monkeypatch,
    )


def test_a_constant_only_down_reads_is_not_forward(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    text = _migration("'CREATE TABLE more_things (id int)'", "rollback", ROLLBACK)
    stage(root, PATH, text)
    for run in (("--base", "HEAD"), ("--pre-commit",)):
        status, found = check_entries(*run, "--no-cache")
        assert status == 0, found


@pytest.mark.parametrize(
    ("up", "down"),
    [
        ("rollback", "'SELECT 1'"),  # up runs it
        ("rollback", "rollback"),  # both do
        ("`${rollback}`", "rollback"),  # a template's hole in up
    ],
)
def test_a_constant_up_reads_is_forward(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, up: str, down: str
) -> None:
    root = _repo(tmp_path, monkeypatch)
    errors = new_file_errors(root, PATH, _migration(up, down, ROLLBACK))
    assert ("DBN101", 3) in errors, errors


def _run(*args: str) -> str:
    done = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert done.exit_code == 0, done.output
    return done.output


def _dump(pg: PgServer, db: str) -> str:
    return subprocess.run(
        ["pg_dump", "--schema-only", "--no-owner", pg.url(db)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="no pg_dump")
def test_the_phase_path_in_a_sequelize_migration(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pg.fresh_database("code_phase_path") as db:
        pg.run(sql='CREATE TABLE "apiKeys" (id int PRIMARY KEY, "userId" int);', dbname=db)
        root = committed_repo(
            tmp_path / "repo",
            {
                "dbnamelint.yaml": 'paths: ["db"]\ndialect: postgres\n',
                "db/schema.sql": _dump(pg, db),
            },
            monkeypatch,
        )
        _run("whitelist", "init")
        commit_all(root, "baseline")
        plan = _run("migrate", "--phase", "1")
        forward = plan.split("-- ==== forward ====\n")[1].split("-- ==== rollback ====")[0]
        rollback = plan.split("-- ==== rollback ====\n")[1].split("-- ==== cleanup")[0]
        assert "COMMENT ON VIEW" in forward
        pg.run(sql=forward, dbname=db)  # what the migration's up runs
        (root / "db/schema.sql").write_text(_dump(pg, db), encoding="utf-8")
    _run("whitelist", "prune")
    consts = f"const forward = `\n{forward}`;\nconst rollback = `\n{rollback}`;\n"
    for text in (
        _migration("forward", "rollback", consts),
        _migration(f"`\n{forward}`", f"`\n{rollback}`"),  # inlined
    ):
        stage(root, PATH, text)
        for run in (("--base", "HEAD"), ("--pre-commit",)):
            status, found = check_entries(*run, "--no-cache")
            assert status == 0, (text, found)
