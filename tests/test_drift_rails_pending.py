"""``drift`` says a Rails database is behind its ``db/structure.sql`` (pending
migrations) instead of blaming it for a rename (trial s21 openstreetmap-website).

The dump lists the versions of the database it was taken from (``INSERT INTO
"schema_migrations" (version) VALUES ...``, as ``bin/rails db:migrate``
writes it). Oracles: a real PostgreSQL database built as Rails leaves it
(the old schema loaded, its ``schema_migrations`` rows), and ``pg_dump
--schema-only`` of a database that ran the rename, as the committed dump.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from pg_server import PgServer

OLD = """\
CREATE TABLE public.acls (id bigint NOT NULL, k character varying);
CREATE TABLE public.schema_migrations (version character varying NOT NULL PRIMARY KEY);
ALTER TABLE ONLY public.acls ADD CONSTRAINT acls_pkey PRIMARY KEY (id);
INSERT INTO schema_migrations (version) VALUES ('20260101000000');
"""
#: The Rails migration's SQL (what `execute` runs).
RENAME = """\
ALTER TABLE public.acls RENAME TO access_control_lists;
ALTER INDEX public.acls_pkey RENAME TO access_control_lists_pkey;
INSERT INTO schema_migrations (version) VALUES ('20261203140000');
"""
VERSIONS = """
INSERT INTO "schema_migrations" (version) VALUES
('20261203140000'),
('20260101000000');

"""


def _pg_dump(pg: PgServer, db: str) -> str:
    binary = shutil.which("pg_dump") or next(
        (str(p) for p in sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_dump"))), "pg_dump"
    )
    command = [binary, "--schema-only", "--no-owner", "-d", pg.database(db)]
    return subprocess.run(command, capture_output=True, text=True, check=True, timeout=120).stdout


def _drift(url: str) -> tuple[int, dict[str, object], str]:
    result = CliRunner().invoke(cli, ["drift", "--db", url, "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    text = CliRunner().invoke(cli, ["drift", "--db", url])
    return result.exit_code, json.loads(result.stdout), text.stdout


def test_a_database_behind_the_dump_is_not_said_renamed_there(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "db" / "migrate").mkdir(parents=True)
    (tmp_path / "db" / "migrate" / "20260101000000_init.rb").write_text("class Init\nend\n")
    pending = "db/migrate/20261203140000_rename_acls.rb"
    (tmp_path / pending).write_text("class RenameAcls < ActiveRecord::Migration[8.1]\nend\n")
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n")
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("railsgate_dump") as migrated:
        pg.run(sql=OLD + RENAME, dbname=migrated)
        (tmp_path / "db" / "structure.sql").write_text(_pg_dump(pg, migrated) + VERSIONS)
    with pg.fresh_database("railsgate_behind") as db:
        pg.run(sql=OLD, dbname=db)
        code, doc, text = _drift(pg.url(db))
        assert code == 1
        (state,) = doc["migrations"]  # type: ignore[misc]
        assert (state["tool"], state["not_applied"], state["applied_without_file"]) == (
            "Rails",
            [{"version": "20261203140000", "path": pending}],
            [],
        )
        table = next(d for d in doc["drift"] if d["kind"] == "table")  # type: ignore[attr-defined]
        assert table["drift"] == "renamed_in_database"
        assert table["message"] == (
            "table public.access_control_lists is called acls in the database, which is "
            "behind the files (pending migration 20261203140000): not migrated yet, not "
            "renamed there"
        )
        assert "renamed there, not in the files" not in text
        assert (
            "note: the database is behind the files: Rails' schema_migrations lacks 1 version "
            f"db/structure.sql lists, pending migration 20261203140000 ({pending})"
        ) in text
        # db:migrate run: nothing pending, no drift.
        pg.run(sql=RENAME, dbname=db)
        code, doc, text = _drift(pg.url(db))
        assert (code, doc["drift"]) == (0, [])
        assert "Rails' schema_migrations holds all 2 versions the dump lists" in text
