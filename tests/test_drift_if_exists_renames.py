"""An ``IF EXISTS`` rename of an object the files never made is no drift
(trial s33 django: netbox's ``ALTER INDEX IF EXISTS <missing> RENAME TO y``,
9 of its 27 differences).

The model keeps the new name (a rename of a hand-made object is judged like
any name, and a later ``CREATE ... IF NOT EXISTS`` replaces it), but a
database built from the files skipped the statement ("relation ... does not
exist, skipping"): the oracle is that database's catalog, read by ``drift``.
The control: a rename of a missing object without ``IF EXISTS``, which the
database refuses, stays a difference where the object is made by hand.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from pg_server import PgServer

SCHEMA = """\
CREATE TABLE orders (id int PRIMARY KEY, total int);
CREATE INDEX orders_total_idx ON orders (total);
ALTER INDEX IF EXISTS orders_legacy RENAME TO orders_legacy_idx;
ALTER TABLE IF EXISTS legacy_carts RENAME TO carts;
ALTER SEQUENCE IF EXISTS legacy_seq RENAME TO order_numbers;
ALTER INDEX IF EXISTS orders_total_idx RENAME TO orders_sum_idx;
"""


def _drift(url: str) -> tuple[int, list[tuple[str, str]]]:
    result = CliRunner().invoke(cli, ["drift", "--no-cache", "--db", url, "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    doc = json.loads(result.stdout)
    return result.exit_code, sorted((d["drift"], d["name"]) for d in doc["drift"])


def test_an_if_exists_rename_of_a_missing_object_is_no_drift(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "db").mkdir()
    path = tmp_path / "db" / "001_schema.sql"
    path.write_text(SCHEMA, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    inspected = CliRunner().invoke(cli, ["inspect", "--no-cache", "--format", "json"])
    names = {o["name"] for o in json.loads(inspected.stdout)["objects"]}
    # The model still holds (and so judges) the names the renames give.
    assert {"orders_legacy_idx", "carts", "order_numbers", "orders_sum_idx"} <= names
    with pg.fresh_database("drift_if_exists") as db:
        pg.run(files=[path], dbname=db)
        relations = {
            r["relname"]
            for r in pg.query_json(
                "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace",
                dbname=db,
            )
        }
        # What PostgreSQL made: the existing index renamed, nothing for the rest.
        assert "orders_sum_idx" in relations
        assert not {"orders_legacy_idx", "carts", "order_numbers"} & relations
        code, found = _drift(pg.url(db))
        assert (code, found) == (0, [])

        # Made by hand under the old name and renamed there: the object is
        # in the database under the name the files give, and still no drift.
        pg.run(sql="CREATE TABLE legacy_carts ();", dbname=db)
        pg.run(sql="ALTER TABLE legacy_carts RENAME TO carts;", dbname=db)
        code, found = _drift(pg.url(db))
        assert (code, found) == (0, [])

    # A rename without IF EXISTS says the object exists: its absence is drift.
    path.write_text(SCHEMA.replace("INDEX IF EXISTS orders_legacy", "INDEX orders_legacy"))
    with pg.fresh_database("drift_if_exists_plain") as db:
        pg.run(sql=SCHEMA, dbname=db)
        code, found = _drift(pg.url(db))
        assert (code, found) == (1, [("only_in_files", "orders_legacy_idx")])
