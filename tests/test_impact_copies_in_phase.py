"""Trial s21 (flipt): a schema kept for several databases, one golang-migrate
folder each (``migrations/{postgres,cockroachdb,mysql,sqlite}``), whose
phase's column rename is written in some copies' folders or in all of them
while the whitelist still lists it.

1. ``impact`` listed the column twice: once under its phase (the entry, or
   the stale entry of the first renamed copy) and once under "Renamed
   already, or no phase" (the other copies renamed by the same phase).
2. ``impact --diff``'s "the patch also renames ... in mysql and postgres and
   sqlite" named the PostgreSQL copy, renamed already, and not the
   CockroachDB copy that still had the old name: holders were kept per
   database family, and CockroachDB is PostgreSQL's family although its
   copy has its own migration (``migrate --dialect cockroach``). The
   PostgreSQL copy's rename was not even listed: the CockroachDB column
   still named ``pos`` was taken for another object holding the name.

Oracles: each copy's migrations run in order on its database (PostgreSQL
for the postgres and cockroachdb folders, MariaDB for mysql, sqlite3 for
sqlite), and the catalogs say which copies still have the column ``pos``:
exactly those the report and the note must name as waiting.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import commit_all, committed_repo
from impact_json import impact_json
from mysql_server import MysqlServer
from pg_server import PgServer

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CONFIG = """\
extends: [recommended]
paths: [migrations]
per_path:
  - paths: ["migrations/postgres/**"]
    dialect: postgres
  - paths: ["migrations/cockroachdb/**"]
    dialect: cockroach
  - paths: ["migrations/mysql/**"]
    dialect: mysql
  - paths: ["migrations/sqlite/**"]
    dialect: sqlite
"""
WHITELIST = """\
phases:
  - {id: "1", title: "Names", status: open}
entries:
  - {kind: column, name: rollouts.pos, phase: "1", target: rollout_pos}
"""
FOLDERS = ("postgres", "cockroachdb", "mysql", "sqlite")
COPY = {"postgres": "postgres", "cockroachdb": "cockroach", "mysql": "mysql", "sqlite": "sqlite"}
CODE = 'package common\n\nfunc q() string {\n\treturn "SELECT id, pos FROM rollouts"\n}\n'
RENAME = "ALTER TABLE rollouts RENAME COLUMN pos TO rollout_pos;\n"


def _repo(root: Path, monkeypatch: pytest.MonkeyPatch, renamed: tuple[str, ...]) -> Path:
    files = {
        "dbnamelint.yaml": CONFIG,
        "whitelist.yaml": WHITELIST,
        "internal/rollout.go": CODE,
    }
    for folder in FOLDERS:
        files[f"migrations/{folder}/000001_init.up.sql"] = (
            "CREATE TABLE rollouts (id int PRIMARY KEY, pos int);\n"
        )
        files[f"migrations/{folder}/000001_init.down.sql"] = "DROP TABLE rollouts;\n"
        if folder in renamed:
            files[f"migrations/{folder}/000002_rename_phase_1.up.sql"] = RENAME
            files[f"migrations/{folder}/000002_rename_phase_1.down.sql"] = (
                "ALTER TABLE rollouts RENAME COLUMN rollout_pos TO pos;\n"
            )
    return committed_repo(root, files, monkeypatch)


def _ups(root: Path, folder: str) -> list[Path]:
    return sorted((root / "migrations" / folder).glob("*.up.sql"))


def _copies_with_pos(root: Path, pg: PgServer, maria: MysqlServer) -> set[str]:
    """The copies whose database has column rollouts.pos after its migrations."""
    holding: set[str] = set()
    for folder in ("postgres", "cockroachdb"):
        with pg.fresh_database(f"smalls22_{folder}") as db:
            pg.run(files=_ups(root, folder), dbname=db)
            rows = pg.query_json(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_name = 'rollouts' AND column_name = 'pos'",
                dbname=db,
            )
            if rows:
                holding.add(COPY[folder])
    with maria.fresh_database("smalls22_mysql") as db:
        for up in _ups(root, "mysql"):
            maria.run(file=up, database=db)
        if maria.run(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = "
            f"'{db}' AND table_name = 'rollouts' AND column_name = 'pos'",
            database=db,
        ).strip():
            holding.add("mysql")
    with sqlite3.connect(":memory:") as conn:
        for up in _ups(root, "sqlite"):
            conn.executescript(up.read_text(encoding="utf-8"))
        if any(row[1] == "pos" for row in conn.execute("PRAGMA table_info(rollouts)")):
            holding.add("sqlite")
    return holding


def _phases() -> list[dict[str, Any]]:
    phases: list[dict[str, Any]] = impact_json()["phases"]
    return phases


def test_copies_renamed_by_the_phase_are_listed_in_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer, maria: MysqlServer
) -> None:
    root = _repo(tmp_path / "repo", monkeypatch, renamed=("postgres",))
    waiting = _copies_with_pos(root, pg, maria)
    assert waiting == {"cockroach", "mysql", "sqlite"}  # the databases say so

    phases = _phases()
    assert [p["phase"] for p in phases] == ["1"]  # no "Renamed already" group
    text = CliRunner().invoke(cli, ["impact"]).stdout
    assert "Renamed already" not in text
    # The entry's copies that wait, and the copy its phase renamed already.
    assert f"column rollouts.pos -> rollout_pos [{', '.join(sorted(waiting))}]: 1 reference" in (
        text
    )
    assert "column rollouts.pos -> rollout_pos [postgres] (already renamed in the schema)" in text

    diff = CliRunner().invoke(cli, ["impact", "--diff"])
    assert diff.exit_code == 0, diff.output
    named = " and ".join(sorted(waiting))
    assert f"(rollouts.pos -> rollout_pos in {named})" in diff.stderr
    # --renamed-only leaves the shared code: three copies still have the old name.
    only = CliRunner().invoke(cli, ["impact", "--diff", "--renamed-only"])
    assert f"code that runs on {named} too" in only.stderr
    assert "`dbnamelint migrate --dialect cockroach`" in only.stderr


def test_an_entry_every_copy_renamed_is_one_stale_object(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer, maria: MysqlServer
) -> None:
    root = _repo(tmp_path / "repo", monkeypatch, renamed=FOLDERS)
    assert _copies_with_pos(root, pg, maria) == set()

    phases = _phases()
    assert [p["phase"] for p in phases] == ["1"]
    objects = phases[0]["objects"]
    assert len(objects) == 1, objects
    assert objects[0]["stale_entry"] is True
    assert objects[0]["references"] == 1

    # Pruned, the renames are what is left: under "Renamed already", once.
    (root / "whitelist.yaml").write_text(
        'phases:\n  - {id: "1", title: "Names", status: done}\nentries: []\n', encoding="utf-8"
    )
    commit_all(root, "prune")
    phases = _phases()
    assert [p["phase"] for p in phases] == [None]
    assert len(phases[0]["objects"]) == 1
