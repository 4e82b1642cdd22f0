"""Sequences read from a live PostgreSQL know the column owning them.

The oracle is the catalog: ``pg_depend`` rows of deptype 'a' (``serial``,
``OWNED BY``) and 'i' (identity) say which column owns which sequence; the
model read by ``--db`` must say the same (``SchemaObject.owned_by``). The
trial's case: after ``ALTER TABLE post RENAME TO posts`` (key and sequence
renamed too), ``check --db`` flagged ``post_reports_id_seq`` as still naming
``post``; it is ``post_reports``'s own sequence, and ``check`` of the files
says nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.database import load_database as read_database
from dbnamelint.model import ObjectKind
from pg_server import PgServer, pg_url
from test_owned_sequences_oracle import OWNERS

SCHEMA = """\
CREATE TABLE post (id serial PRIMARY KEY);
CREATE TABLE post_reports (id serial PRIMARY KEY);
ALTER TABLE post RENAME TO posts;
ALTER INDEX post_pkey RENAME TO posts_pkey;
ALTER SEQUENCE post_id_seq RENAME TO posts_id_seq;
"""
#: More ways a sequence gets an owner (or none), for the catalog comparison.
MORE = """\
CREATE SCHEMA shop;
CREATE TABLE shop.items (id bigint GENERATED ALWAYS AS IDENTITY, n int);
CREATE SEQUENCE shop.items_n_counter OWNED BY shop.items.n;
CREATE SEQUENCE free_standing_seq;
CREATE TABLE "Odd" ("Key" smallserial);
"""


def test_owned_by_is_what_pg_depend_says(pg: PgServer) -> None:
    with pg.fresh_database("dbnl_live_sequences") as db:
        pg.run(sql=SCHEMA + MORE, dbname=db)
        catalog = {
            (None if r["schema"] == "public" else r["schema"], r["seq"]): (
                None if r["tab"] is None else (r["tab"], r["col"])
            )
            for r in pg.query_json(OWNERS, db)
        }
        loaded = read_database(pg_url(pg, db))
    model = {
        (o.schema, o.name): o.owned_by
        for o in loaded.schema.objects
        if o.kind is ObjectKind.SEQUENCE
    }
    assert model == catalog
    # not vacuous: owned by serial, identity, OWNED BY, and one by nobody
    assert sum(owner is not None for owner in catalog.values()) == 5
    assert catalog[(None, "free_standing_seq")] is None


def test_check_db_agrees_with_the_files_on_owned_sequences(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "001_init.sql").write_text(SCHEMA, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    def findings(*args: str) -> list[tuple[str, str]]:
        result = CliRunner().invoke(cli, ["check", "--select", "DBN504", "--format", "json", *args])
        assert result.exit_code in (0, 1), result.output
        return sorted(
            (f["code"], f["qualified_name"]) for f in json.loads(result.stdout)["findings"]
        )

    with pg.fresh_database("dbnl_live_seq_check") as db:
        pg.run(sql=SCHEMA, dbname=db)
        from_db = findings("--db", pg_url(pg, db))
    assert from_db == findings() == []
