"""``database_ignore:`` / ``--ignore-table`` name objects of any kind: ``KIND:pattern``.

A Rails app's load hook (mastodon's ``lib/tasks/db.rake`` after
``db:schema:load``) makes a function ``timestamp_id(text)`` and standalone
``*_id_seq`` sequences no schema.rb lists: ``drift`` reported them on every
database for good, since the patterns matched tables only. Oracle: PostgreSQL
built from the files plus what such a hook makes (a function, a sequence, a
view); its catalog is read back by ``drift``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from pg_server import PgServer

INIT = "CREATE TABLE statuses (id bigint PRIMARY KEY, body text);\n"
HOOK = (
    "CREATE SEQUENCE statuses_id_seq;"
    "CREATE SEQUENCE media_attachments_id_seq;"
    "CREATE FUNCTION timestamp_id(table_name text) RETURNS bigint LANGUAGE sql "
    "AS $$ SELECT 1::bigint $$;"
    "CREATE FUNCTION timestamp_id(table_name text, n int) RETURNS bigint LANGUAGE sql "
    "AS $$ SELECT 2::bigint $$;"
    "CREATE VIEW status_stats AS SELECT id, body FROM statuses;"
)


def _project(root: Path, config: str = "") -> Path:
    (root / "migrations").mkdir()
    up = root / "migrations" / "000001_init.up.sql"
    up.write_text(INIT, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text(
        f"paths: [migrations]\ndialect: postgres\n{config}", encoding="utf-8"
    )
    return up


def _drift(*args: str) -> tuple[int, list[tuple[str, str, str]], str]:
    result = CliRunner().invoke(cli, ["drift", "--format", "json", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    found = [(d["drift"], d["kind"], d["name"]) for d in json.loads(result.stdout)["drift"]]
    return result.exit_code, found, result.stderr


def test_a_load_hooks_functions_sequences_and_views_can_be_ignored(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = "database_ignore: ['function:timestamp_id', 'sequence:*_id_seq']\n"
    up = _project(tmp_path, config)
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("dbn_ignore_kinds") as db:
        pg.run(files=[up], sql=HOOK, dbname=db)
        code, found, err = _drift("--db", pg.url(db))
        # the view is named by neither pattern: still drift, with nothing else
        assert code == 1
        assert found == [("only_in_database", "view", "status_stats")], found
        assert "function timestamp_id (named by database_ignore" in err, err
        assert "sequence statuses_id_seq (named by database_ignore" in err, err
        code, found, err = _drift("--db", pg.url(db), "--ignore-table", "view:status_stats")
        assert (code, found) == (0, []), err


def test_a_kind_pattern_naming_nothing_is_warned_about(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    up = _project(tmp_path)
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("dbn_ignore_kinds_none") as db:
        pg.run(files=[up], dbname=db)
        code, found, err = _drift(
            "--db", pg.url(db), "--ignore-table", "function:nope", "--ignore-table", "sequence:x*"
        )
        assert (code, found) == (0, [])
        assert "patterns match no table in the database or the files: 'function:nope', " in err
        # a table pattern still names tables only: statuses is left out, not a sequence
        code, found, err = _drift("--db", pg.url(db), "--ignore-table", "table:statuses")
        assert (code, found) == (0, []), err
        assert "statuses (named by database_ignore" in err, err
