"""What files add to a table before the files make it stays on it (trial s28 umami).

umami's ``db/postgresql/data-migrations/`` is read before its Prisma
migrations (``init`` lists folders in name order) though it runs after them;
its ``CREATE INDEX "BadIdx" ON "websites"`` landed on a table the files had
not made yet (a ghost), which a later ``RENAME TO websites`` then replaced,
index and column with it: the bad names passed the hook. The ghost's
objects now go to the renamed table. Oracle: PostgreSQL running the files
in the order they run, and ``drift`` against it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from pg_server import PgServer

LATER = (
    'CREATE INDEX "BadIdx" ON "websites" ("name");\n'
    'ALTER TABLE "websites" ADD COLUMN "BadCol" INT;\n'
)
FIRST = "CREATE TABLE website (id int, name text);\nALTER TABLE website RENAME TO websites;\n"


def _run(*args: str) -> tuple[int, Any]:
    result = CliRunner().invoke(cli, [*args, "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.stdout)


def test_a_ghosts_objects_stay_on_the_renamed_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a/add-idx.sql").write_text(LATER)  # read first, runs last
    (tmp_path / "b/001_init.sql").write_text(FIRST)
    monkeypatch.chdir(tmp_path)
    code, report = _run("check", "--no-cache", "--dialect", "postgres", "a", "b")
    found = sorted((f["code"], f["name"]) for f in report["findings"])
    assert (code, found) == (1, [("DBN201", "BadCol"), ("DBN301", "BadIdx")])
    with pg.fresh_database("dbnl_ghost_rename") as db:
        pg.run(files=[tmp_path / "b/001_init.sql", tmp_path / "a/add-idx.sql"], dbname=db)
        code, drift = _run("drift", "--db", pg.url(db), "--dialect", "postgres", "a", "b")
    assert (code, drift["drift"]) == (0, [])
