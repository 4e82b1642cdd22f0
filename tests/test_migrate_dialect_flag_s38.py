"""``migrate --dialect D`` on a tree read in another database family (trial s38 confirm P3).

A Django tree whose settings default to SQLite (``dialect: sqlite``), planned
with ``--dialect postgres`` for production, was planned from the SQLite model:
the forward renamed the table and its indexes but not the primary key, the
foreign keys nor the serial's sequence that PostgreSQL names after the table,
and said nothing. Files that do not say their dialect are now read again as
``--dialect``'s; files that say another (a suffix, a folder) make the plan
refuse with a located reason, exit 2.

Oracle: PostgreSQL 15 runs the schema then the forward; its catalog must hold
the names a fresh ``CREATE TABLE`` of the new name gives.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from pg_server import PgServer, public_names

SCHEMA = """\
CREATE TABLE owners (id serial PRIMARY KEY, label text NOT NULL);
CREATE TABLE items (
    id serial PRIMARY KEY,
    owner_id integer NOT NULL REFERENCES owners (id),
    name text NOT NULL
);
CREATE INDEX items_name_idx ON items (name);
"""


def _forward(root: Path, monkeypatch: pytest.MonkeyPatch, *flags: str) -> tuple[int, str]:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(
        cli, ["migrate", "--rename", "items=stock_items", "--no-views", *flags]
    )
    forward = result.stdout.partition("-- ==== rollback ====")[0]
    return result.exit_code, forward.split("-- ==== forward ====")[-1]


def test_a_tree_read_as_sqlite_is_planned_as_postgres_reads_it(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "app"
    (root / "db").mkdir(parents=True)
    (root / "db" / "schema.sql").write_text(SCHEMA, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text("paths: [db]\ndialect: sqlite\n", encoding="utf-8")
    code, forward = _forward(root, monkeypatch, "--dialect", "postgres")
    assert code == 0, forward
    with pg.fresh_database("dbn_s38_dialect_flag") as db:
        pg.run(sql=SCHEMA, dbname=db)
        pg.run(sql=forward, dbname=db)
        migrated = public_names(pg, db)
    with pg.fresh_database("dbn_s38_dialect_fresh") as db:
        pg.run(sql=SCHEMA.replace("items", "stock_items"), dbname=db)
        fresh = public_names(pg, db)
    assert migrated == fresh
    assert ("stock_items", "stock_items_pkey") in migrated["constraints"]


def test_files_that_say_another_dialect_are_not_planned_for_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "app"
    (root / "db").mkdir(parents=True)
    (root / "db" / "001_init.sql.sqlite").write_text(SCHEMA, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text("paths: [db]\n", encoding="utf-8")
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["migrate", "--rename", "items=stock_items"])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(
        cli, ["migrate", "--rename", "items=stock_items", "--dialect", "postgres"]
    )
    assert result.exit_code == 2, result.output
    assert "--dialect 'postgres': the tree's files are read as sqlite" in result.stderr
    assert "--dialect sqlite (or `dialect: sqlite` in the config)" in result.stderr
