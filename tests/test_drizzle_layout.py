"""drizzle-kit's migrations folder: what drizzle's migrator runs is what is read (trial s27).

Facts (drizzle-orm ``src/migrator.ts`` ``readMigrationFiles``, 0.x): the
migrator runs ``<folder>/<tag>.sql`` for each entry of ``meta/_journal.json``,
in the journal's order, and no other file; it cuts each file's text at every
``--> statement-breakpoint`` and sends each piece on its own, so text after a
breakpoint on its line is SQL, not the comment the line seems to be. The
trials (dokploy on PostgreSQL, karakeep on SQLite) found a bad column after
a breakpoint passing the hook, a file the journal does not list read (its
rename hid a bad name), and ``0188_scale_down.sql`` taken for a rollback.

Oracles: a real PostgreSQL catalog after running the pieces as drizzle's
migrator does (``drift`` then finds nothing), real git.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import pg_server
from dbnamelint.cli import cli
from git_helpers import adopted_repo, git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

BREAK = "--> statement-breakpoint"
INIT = (
    'CREATE TABLE "domains" ("id" integer PRIMARY KEY);\n'
    f'{BREAK}\nCREATE INDEX "domains_idx" ON "domains" ("id");\n'
)


def journal(*tags: str) -> str:
    entries = [
        {"idx": i, "version": "7", "when": 1700000000000 + i, "tag": t, "breakpoints": True}
        for i, t in enumerate(tags)
    ]
    return json.dumps({"version": "7", "dialect": "postgresql", "entries": entries}, indent=2)


def _report(*args: str) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(cli, ["check", "--no-cache", *args, "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.stdout)


def _failing(report: dict[str, Any]) -> list[tuple[str, str]]:
    return [(f["code"], f["name"]) for f in report["findings"] if f["fails_run"]]


@pytest.fixture
def project(git_project: Path) -> Path:
    adopted_repo(
        git_project,
        {"drizzle/0000_init.sql": INIT, "drizzle/meta/_journal.json": journal("0000_init")},
        "paths: [drizzle]\ndialect: postgres\n",
    )
    return git_project


def _add(project: Path, tag: str, text: str, *, listed: bool = True) -> None:
    (project / f"drizzle/{tag}.sql").write_text(text)
    if listed:
        path = project / "drizzle/meta/_journal.json"
        tags = [e["tag"] for e in json.loads(path.read_text())["entries"]]
        path.write_text(journal(*tags, tag))
    git(project, "add", "-A")


@pytest.mark.parametrize(
    "line",
    [
        'ALTER TABLE "domains" ADD COLUMN "is_wildcard" boolean;{b} {wild}',
        '-- ALTER TABLE "domains" ADD COLUMN "x" text;{b} {wild}',
        'ALTER TABLE "domains" ADD COLUMN "c" text; -- TODO {b} {wild}',
    ],
)
def test_ddl_after_a_breakpoint_on_its_line_is_read(project: Path, line: str) -> None:
    wild = 'ALTER TABLE "domains" ADD COLUMN "wildcardName" text;'
    _add(project, "0001_wild", line.format(b=BREAK, wild=wild) + "\n")
    code, report = _report("--base", "HEAD")
    assert (code, _failing(report)) == (1, [("DBN201", "wildcardName")]), report


def test_an_applied_migration_edited_after_a_breakpoint_is_an_edit(project: Path) -> None:
    path = project / "drizzle/0000_init.sql"
    path.write_text(
        path.read_text().rstrip("\n") + f'{BREAK} ALTER TABLE "domains" ADD COLUMN "lang" text;\n'
    )
    git(project, "add", "-A")
    code, report = _report("--base", "HEAD")
    edits = [d["code"] for d in report["diagnostics"] if d["code"] == "DBN025"]
    assert (code, edits) == (1, ["DBN025"]), report


def test_a_file_the_journal_does_not_list_is_not_replayed(project: Path) -> None:
    _add(project, "0001_add", 'ALTER TABLE "domains" ADD COLUMN "createdAt" text;\n')
    _add(
        project,
        "0002_fix",
        'ALTER TABLE "domains" RENAME COLUMN "createdAt" TO "created_at";\n',
        listed=False,
    )
    code, report = _report("--base", "HEAD", "--verbose")
    assert (code, _failing(report)) == (1, [("DBN201", "createdAt")]), report
    notes = [(d["code"], d["path"]) for d in report["diagnostics"] if d["code"] == "DBN007"]
    assert notes == [("DBN007", "drizzle/0002_fix.sql")]


def test_a_listed_migration_named_like_a_rollback_runs(project: Path) -> None:
    _add(project, "0001_scale_down", 'ALTER TABLE "domains" ADD COLUMN "badName" text;\n')
    code, report = _report("--base", "HEAD")
    assert (code, _failing(report)) == (1, [("DBN201", "badName")]), report


def test_the_journal_order_is_the_order(project: Path) -> None:
    """drizzle runs entries in the journal's order, not by file name."""
    (project / "drizzle/0002_add.sql").write_text('ALTER TABLE "domains" ADD COLUMN "a" text;\n')
    (project / "drizzle/0001_rename.sql").write_text(
        'ALTER TABLE "domains" RENAME COLUMN "a" TO "b";\n'
    )
    (project / "drizzle/meta/_journal.json").write_text(
        journal("0000_init", "0002_add", "0001_rename")
    )
    result = CliRunner().invoke(cli, ["inspect", "--format", "json", "--no-cache"])
    assert result.exit_code == 0, result.output
    columns = {o["name"] for o in json.loads(result.stdout)["objects"] if o["kind"] == "column"}
    assert columns == {"id", "b"}


def _drizzle_migrate(pg: pg_server.PgServer, db: str, folder: Path) -> None:
    """drizzle's migrator, as its source reads: journal order, pieces cut at
    breakpoints, each migration recorded in ``drizzle.__drizzle_migrations``
    (``migrationsSchema``/``migrationsTable`` defaults, pg-core ``dialect.ts``)."""
    pg.run(
        sql='CREATE SCHEMA IF NOT EXISTS "drizzle"; CREATE TABLE IF NOT EXISTS '
        '"drizzle"."__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, '
        "created_at bigint)",
        dbname=db,
    )
    entries = json.loads((folder / "meta/_journal.json").read_text())["entries"]
    for entry in entries:
        for piece in (folder / f"{entry['tag']}.sql").read_text().split(BREAK):
            if piece.strip():
                pg.run(sql=piece, dbname=db)
        pg.run(
            sql='INSERT INTO "drizzle"."__drizzle_migrations" ("hash", "created_at") '
            f"VALUES ('x', {entry['when']})",
            dbname=db,
        )


def test_the_files_read_match_what_drizzle_builds(project: Path, pg: pg_server.PgServer) -> None:
    _add(
        project,
        "0001_one_line",
        f'ALTER TABLE "domains" ADD COLUMN "is_wildcard" boolean;{BREAK} '
        'ALTER TABLE "domains" ADD COLUMN "wildcard_name" text;\n'
        f'-- ALTER TABLE "domains" ADD COLUMN "x" text;{BREAK} '
        'CREATE TABLE "tags" (\n  "id" integer);\n',
    )
    _add(project, "0002_scale_down", 'ALTER TABLE "tags" ADD COLUMN "label" text;\n')
    _add(project, "0003_stray", 'ALTER TABLE "tags" ADD COLUMN "stray" text;\n', listed=False)
    with pg.fresh_database("dbn_drizzle") as db:
        _drizzle_migrate(pg, db, project / "drizzle")
        result = CliRunner().invoke(cli, ["drift", "--db", pg.url(db), "--format", "json"])
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["drift"] == []


def test_taking_an_applied_migration_out_of_the_journal_is_an_edit(project: Path) -> None:
    (project / "drizzle/meta/_journal.json").write_text(journal())
    git(project, "add", "-A")
    code, report = _report("--base", "HEAD")
    found = [(d["code"], d["path"]) for d in report["diagnostics"] if d["severity"] == "error"]
    assert (code, found) == (1, [("DBN025", "drizzle/0000_init.sql")]), report


def test_a_new_entry_not_after_the_committed_ones_is_late(project: Path) -> None:
    """drizzle runs only entries whose when is above the latest a database recorded."""
    _add(project, "0001_b", 'ALTER TABLE "domains" ADD COLUMN "b" text;\n')
    git(project, "commit", "-q", "-m", "b")
    (project / "drizzle/0002_a.sql").write_text('ALTER TABLE "domains" ADD COLUMN "a" text;\n')
    path = project / "drizzle/meta/_journal.json"
    data = json.loads(path.read_text())
    data["entries"].append(dict(data["entries"][-1], idx=2, tag="0002_a", when=1700000000000))
    path.write_text(json.dumps(data))
    git(project, "add", "-A")
    code, report = _report("--base", "HEAD")
    late = [
        (d["code"], d["severity"], d["path"])
        for d in report["diagnostics"]
        if "when" in str(d["message"])
    ]
    assert (code, late) == (1, [("DBN016", "error", "drizzle/0002_a.sql")]), report


@pytest.mark.parametrize("delta", [5000, -5000])
def test_a_committed_entrys_when_changed_is_an_edit(project: Path, delta: int) -> None:
    """drizzle records a migration by its when: raised, it runs again on every
    database that ran it (trial s27 openstatus: "already exists")."""
    _add(project, "0001_b", 'ALTER TABLE "domains" ADD COLUMN "b" text;\n')
    git(project, "commit", "-q", "-m", "b")
    path = project / "drizzle/meta/_journal.json"
    data = json.loads(path.read_text())
    data["entries"][0]["when"] += delta
    path.write_text(json.dumps(data, indent=2))
    git(project, "add", "-A")
    code, report = _report("--base", "HEAD")
    found = [
        (d["code"], d["path"], d["line"]) for d in report["diagnostics"] if d["severity"] == "error"
    ]
    assert (code, found) == (1, [("DBN025", "drizzle/meta/_journal.json", 9)]), report


def test_an_entry_without_its_file_stops_the_migrator(project: Path) -> None:
    """drizzle reads every entry's file first: "No file ... found" (its migrator.ts)."""
    path = project / "drizzle/meta/_journal.json"
    path.write_text(journal("0000_init", "0001_gone"))
    code, report = _report()
    found = [(d["code"], d["severity"], d["path"]) for d in report["diagnostics"]]
    assert (code, found) == (1, [("DBN016", "error", "drizzle/meta/_journal.json")]), report
