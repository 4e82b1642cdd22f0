"""``drift`` reads Prisma's ``_prisma_migrations`` for its ``[not applied yet:
FILE]`` marks (trial s16, documenso).

prisma-engines creates ``_prisma_migrations`` itself before it runs a
migration (``create_migrations_table``, PostgreSQL flavour: the DDL below)
and records each attempt at a folder as a row whose ``migration_name`` is
the folder's name; a migration counts as applied when ``finished_at`` is
set and ``rolled_back_at`` is not (``diagnose_migration_history``), one
with neither is failed (``migrate deploy`` stops on it). Each database is
built as Prisma leaves it, its rows written as Prisma writes them; the real
catalog is the oracle.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import write_files
from pg_server import PgServer

#: prisma-engines' sql_migration_persistence, PostgreSQL flavour.
PRISMA_TABLE = """CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);
"""
FOLDER = "packages/prisma/migrations"
INIT = f"{FOLDER}/20230404095503_initial_migration/migration.sql"
SESSIONS = f"{FOLDER}/20230411134605_sessions/migration.sql"
NOTES = f"{FOLDER}/20230421134018_notes/migration.sql"
FILES = {
    "dbnamelint.yaml": f"paths: [{FOLDER}]\ndialect: postgres\n",
    f"{FOLDER}/migration_lock.toml": 'provider = "postgresql"\n',
    INIT: 'CREATE TABLE "User" ("id" SERIAL NOT NULL, CONSTRAINT "User_pkey" '
    'PRIMARY KEY ("id"));\n',
    SESSIONS: 'CREATE TABLE "Session" ("id" TEXT NOT NULL, "userId" INTEGER NOT NULL);\n',
    NOTES: 'CREATE TABLE "Note" ("id" TEXT NOT NULL);\n',
}


def _row(name: str, *, finished: bool = True, rolled_back: bool = False) -> str:
    """The row Prisma writes for an attempt at ``name`` (``record_migration_started``,
    then ``record_migration_finished``; ``migrate resolve --rolled-back``)."""
    finished_at = "now()" if finished else "NULL"
    rolled = "now()" if rolled_back else "NULL"
    return (
        "INSERT INTO _prisma_migrations (id, checksum, finished_at, migration_name, "
        f"rolled_back_at, applied_steps_count) VALUES (gen_random_uuid()::text, "
        f"repeat('0', 64), {finished_at}, '{name}', {rolled}, {1 if finished else 0});\n"
    )


def drift(url: str) -> tuple[int, Any, str, str]:
    result = CliRunner().invoke(cli, ["drift", "--db", url, "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    text = CliRunner().invoke(cli, ["drift", "--db", url]).stdout
    return result.exit_code, json.loads(result.stdout), result.stderr, text


def _folder(path: str) -> str:
    return Path(path).parent.name


def test_folders_without_an_applied_row_are_marked(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first folder applied by Prisma; the second applied by hand with
    psql (no row); the third attempted, then rolled back with ``migrate
    resolve --rolled-back`` and its table dropped; a row for a folder that
    is gone."""
    write_files(tmp_path, FILES)
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("dbn_prisma_drift") as db:
        pg.run(
            files=[tmp_path / INIT, tmp_path / SESSIONS],
            sql=PRISMA_TABLE
            + _row(_folder(INIT))
            + _row(_folder(NOTES), finished=False, rolled_back=True)
            + _row("20230301000000_gone"),
            dbname=db,
        )
        code, doc, err, text = drift(pg.url(db))
    (state,) = doc["migrations"]
    assert (state["tool"], state["table"], state["version"]) == (
        "Prisma",
        "_prisma_migrations",
        "20230404095503_initial_migration",
    ), doc
    assert state["not_applied"] == [
        {"version": "20230411134605_sessions", "path": SESSIONS},
        {"version": "20230421134018_notes", "path": NOTES},
    ]
    assert state["applied_without_file"] == ["20230301000000_gone"]
    assert state["failed"] == []
    found = {(d["drift"], d["name"], d["not_applied_yet"]) for d in doc["drift"]}
    # "Session" exists though no row says so: no drift; "Note" is not migrated yet
    assert found == {("only_in_files", "Note", NOTES)}, found
    assert code == 1
    assert f"[not applied yet: {NOTES}]" in text
    assert "_prisma_migrations (Prisma's own table, which no file creates)" in err, err


def test_every_folder_applied_is_no_drift(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(tmp_path, FILES)
    monkeypatch.chdir(tmp_path)
    paths = [INIT, SESSIONS, NOTES]
    with pg.fresh_database("dbn_prisma_applied") as db:
        pg.run(
            files=[tmp_path / p for p in paths],
            sql=PRISMA_TABLE + "".join(_row(_folder(p)) for p in paths),
            dbname=db,
        )
        code, doc, _err, _text = drift(pg.url(db))
    (state,) = doc["migrations"]
    assert (code, doc["drift"]) == (0, []), doc
    assert (state["version"], state["not_applied"]) == ("20230421134018_notes", [])
    assert "all 3 of its migration files are applied" in " ".join(state["notes"])


def test_a_failed_migration_is_said(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A row with neither ``finished_at`` nor ``rolled_back_at``: the script
    failed part-way (``record_failed_step``)."""
    write_files(tmp_path, FILES)
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("dbn_prisma_failed") as db:
        pg.run(
            files=[tmp_path / INIT],
            sql=PRISMA_TABLE + _row(_folder(INIT)) + _row(_folder(SESSIONS), finished=False),
            dbname=db,
        )
        _code, doc, _err, _text = drift(pg.url(db))
    (state,) = doc["migrations"]
    assert state["failed"] == ["20230411134605_sessions"]
    assert any(
        "finished_at and rolled_back_at are null" in n and "prisma migrate resolve" in n
        for n in state["notes"]
    ), state["notes"]


def test_a_migration_that_creates_the_table_too_leaves_it_out(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A baseline copied from a dump holds ``CREATE TABLE IF NOT EXISTS
    "_prisma_migrations"``: Prisma has made the table before, so that does
    nothing and the table is still Prisma's, read and left out of both sides."""
    files = dict(FILES)
    files[INIT] = files[INIT] + PRISMA_TABLE.replace(
        "CREATE TABLE _prisma_migrations", 'CREATE TABLE IF NOT EXISTS "_prisma_migrations"'
    ).replace("VARCHAR(36) PRIMARY KEY NOT NULL", "TEXT PRIMARY KEY")
    write_files(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("dbn_prisma_own") as db:
        pg.run(sql=PRISMA_TABLE, dbname=db)  # Prisma's, made before the first migration
        pg.run(
            files=[tmp_path / INIT],
            sql=_row(_folder(INIT)),
            dbname=db,
        )
        code, doc, err, _text = drift(pg.url(db))
    (state,) = doc["migrations"]
    assert state["not_applied"] == [
        {"version": "20230411134605_sessions", "path": SESSIONS},
        {"version": "20230421134018_notes", "path": NOTES},
    ]
    found = {(d["drift"], d["name"]) for d in doc["drift"]}
    assert found == {("only_in_files", "Session"), ("only_in_files", "Note")}, found
    assert code == 1
    assert "_prisma_migrations (Prisma's own table, which Prisma creates whatever" in err, err


def test_outside_a_prisma_layout_the_table_is_read_only_when_no_file_creates_it(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Plain numbered files that create a ``_prisma_migrations`` table of their
    own: the project's, compared as any other table."""
    write_files(
        tmp_path,
        {
            "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
            "db/001_init.sql": PRISMA_TABLE,
        },
    )
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("dbn_prisma_plain") as db:
        pg.run(files=[tmp_path / "db/001_init.sql"], dbname=db)
        code, doc, err, _text = drift(pg.url(db))
    assert (code, doc["drift"], doc["migrations"]) == (0, [], []), doc
    assert "_prisma_migrations" not in err
