"""A stale entry whose object a regenerated dump holds under its target is
renamed, not "dropped and created again" (trial s21 openstreetmap).

Rails re-dumps ``db/structure.sql`` with ``pg_dump`` after a migration ran:
the file then holds the table under its new name and nothing else. DBN900
and ``whitelist prune`` said "dropped and created again under that name",
the wording for SQLite's index rebuilds (tests/test_stale_recreated_as_target.py,
which keeps it). Oracle: real PostgreSQL renames the table (its ``pg_class``
oid stays: the same table, no drop) and real ``pg_dump`` writes both dumps.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo
from pg_server import PgServer

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

WHITELIST = """\
phases:
  - {id: "1", title: Names, status: open}
entries:
  - {kind: table, name: gpx_files, phase: "1", target: gpx_traces}
"""


def _pg_dump(pg: PgServer, db: str) -> str:
    binary = shutil.which("pg_dump") or next(
        (str(p) for p in sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_dump"))), "pg_dump"
    )
    command = [binary, "--schema-only", "--no-owner", "-d", pg.database(db)]
    return subprocess.run(command, capture_output=True, text=True, check=True, timeout=120).stdout


def _oid(pg: PgServer, db: str, table: str) -> int:
    rows = pg.query_json(f"SELECT oid::int AS oid FROM pg_class WHERE relname = '{table}'", db)
    return int(rows[0]["oid"])


def test_a_regenerated_dump_renamed_the_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    with pg.fresh_database("smalls22_osm_dump") as db:
        pg.run(sql="CREATE TABLE gpx_files (id int PRIMARY KEY, user_id int)", dbname=db)
        before = _oid(pg, db, "gpx_files")
        root = committed_repo(
            tmp_path / "osm",
            {
                "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
                "whitelist.yaml": WHITELIST,
                "db/structure.sql": _pg_dump(pg, db),
            },
            monkeypatch,
        )
        pg.run(sql="ALTER TABLE gpx_files RENAME TO gpx_traces", dbname=db)
        assert _oid(pg, db, "gpx_traces") == before  # renamed: the same table
        (root / "db" / "structure.sql").write_text(_pg_dump(pg, db), encoding="utf-8")

    check = CliRunner().invoke(cli, ["check"])
    assert check.exit_code == 1, check.output
    assert "DBN900" in check.stdout
    assert "renamed to its target gpx_traces at db/structure.sql:" in check.stdout
    assert "(the regenerated dump holds it under that name): delete this entry" in check.stdout
    assert "dropped" not in check.stdout

    prune = CliRunner().invoke(cli, ["whitelist", "prune"])
    assert prune.exit_code == 0, prune.output
    assert "(the regenerated dump holds it under that name)" in prune.output
    assert "dropped" not in prune.output
    assert "gpx_files" not in (root / "whitelist.yaml").read_text(encoding="utf-8")
