"""A renamed column spelled only inside its table's name (trial s29, lemmy).

Lemmy renamed ``person_liked_combined.liked`` to ``voted_at``; the index
``idx_person_liked_combined_person_voted_at`` already spelled the new
column, and its ``liked`` is a word of the table's name, yet DBN504 called
it stale and suggested ``idx_person_voted_at_combined_person_voted_at``.
After ``person_saved_combined.saved`` -> ``saved_at`` the index
``idx_person_saved_combined_person_saved`` is stale by its last word only,
but the fix merger respelled the table's ``saved`` over and over
(``idx_person_saved_at_at_at_...``, "no consistent fix"). A stale name
spells the old column as a whole ``_``-word run outside the table's name;
words that are only part of the table's name (as the name spells it) are
the table's. The database keeps an index's name through RENAME COLUMN
(PostgreSQL's catalog is the oracle: the index keeps its name and reads the
renamed column), and ``migrate`` renames only the stale one.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import pg_server
from dbnamelint.cli import cli

CREATE = (
    "CREATE TABLE person_saved_combined (id serial PRIMARY KEY, person_id integer NOT NULL,"
    " saved timestamptz NOT NULL);\n"
    "CREATE INDEX idx_person_saved_combined_person_saved"
    " ON person_saved_combined (person_id, saved DESC, id DESC);\n"
    "CREATE TABLE person_liked_combined (id serial PRIMARY KEY, person_id integer NOT NULL,"
    " liked timestamptz NOT NULL);\n"
    "CREATE INDEX idx_person_liked_combined_person_voted_at"
    " ON person_liked_combined (person_id, liked DESC, id DESC);\n"
    "CREATE TABLE person_ban (person_id integer NOT NULL, ban boolean NOT NULL,"
    " expires timestamptz);\n"
    "CREATE INDEX idx_person_ban_expires ON person_ban (ban, expires);\n"
)
RENAMES = (
    "ALTER TABLE person_saved_combined RENAME COLUMN saved TO saved_at;\n"
    "ALTER TABLE person_liked_combined RENAME COLUMN liked TO voted_at;\n"
    "ALTER TABLE person_ban RENAME COLUMN ban TO banned;\n"
)
INDEXES = (
    "SELECT i.relname AS index, t.relname AS table, a.attname AS column FROM pg_index x "
    "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
    "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY(x.indkey) "
    "WHERE t.relname LIKE 'person_%' AND NOT x.indisprimary ORDER BY 1, 3"
)


def _tree(root: Path, *files: str) -> None:
    (root / ".git").mkdir(exist_ok=True)
    (root / "db").mkdir(exist_ok=True)
    for number, text in enumerate(files, 1):
        (root / "db" / f"{number:03}.sql").write_text(text, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n", "utf-8")


def _run(root: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_only_the_column_word_outside_the_table_name_is_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path, CREATE, RENAMES)
    _, out, _ = _run(
        tmp_path, monkeypatch, "check", "--no-cache", "--select", "DBN504", "--format", "json"
    )
    found = [f for f in json.loads(out)["findings"] if f["code"] == "DBN504"]
    assert [(f["qualified_name"], f["suggestion"]) for f in found] == [
        (
            "person_saved_combined.idx_person_saved_combined_person_saved",
            "idx_person_saved_combined_person_saved_at",
        )
    ]


def test_migrate_renames_only_the_stale_index_and_postgres_runs_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: pg_server.PgServer
) -> None:
    _tree(tmp_path, CREATE)
    code, _, err = _run(
        tmp_path,
        monkeypatch,
        "migrate",
        "--no-cache",
        "--rename-column",
        "person_saved_combined.saved=saved_at",
        "--rename-column",
        "person_liked_combined.liked=voted_at",
        "--rename-column",
        "person_ban.ban=banned",
        "-o",
        "f.sql",
    )
    assert code == 0, err
    with pg.fresh_database("lemmy_dbn504_column_in_table") as db:
        pg.run(sql=CREATE + RENAMES, dbname=db)
        kept = pg.query_json(INDEXES, db)
    with pg.fresh_database("lemmy_dbn504_column_in_table_mig") as db:
        pg.run(sql=CREATE, dbname=db)
        pg.run(files=[tmp_path / "f.sql"], dbname=db)
        migrated = pg.query_json(INDEXES, db)
    # RENAME COLUMN keeps the index names, the index reads the renamed column
    assert {(r["index"], r["column"]) for r in kept} >= {
        ("idx_person_liked_combined_person_voted_at", "voted_at"),
        ("idx_person_ban_expires", "banned"),
        ("idx_person_saved_combined_person_saved", "saved_at"),
    }
    # the migration renames the one index whose own column word is stale
    names = {r["index"] for r in migrated}
    assert names == {
        "idx_person_liked_combined_person_voted_at",
        "idx_person_ban_expires",
        "idx_person_saved_combined_person_saved_at",
    }
