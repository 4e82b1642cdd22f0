"""PostgreSQL's non-reserved keywords as names (trial s29, lemmy's ``LANGUAGE``).

Lemmy writes ``CREATE TABLE LANGUAGE (...)``: ``language`` is a keyword,
but a non-reserved one, and PostgreSQL stores the unquoted name folded,
``language``. Its keyword appendix ("SQL Key Words") lets every
non-reserved keyword name a table or a column, and ``pg_get_keywords()``
lists them (``catcode`` ``U`` unreserved, ``C`` unreserved but not a
function or type name). The oracle is the catalog after the same files ran:
every one of them as a table, a column and an index name, created, altered
and renamed in the short forms (``RENAME key TO ...`` without COLUMN,
``ALTER INDEX begin RENAME TO ...``), must come out of the model with the
names PostgreSQL stores. Before: ``RENAME KEY|INDEX TO x`` was read as
MySQL's RENAME INDEX (DBN004), and after a name ``begin`` sqlglot swallowed
``RENAME ...`` as a command (the index rename lost without a word).
``inspect`` lists each name as stored, the spelling beside it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import pg_server
from dbnamelint.cli import cli


def _sql(words: list[str]) -> tuple[str, str]:
    """(the tables, the changes) with each keyword unquoted in upper case, as
    Lemmy's pg_format writes them."""
    create, change = [], ["CREATE SCHEMA ix;"]
    for word in words:
        up = word.upper()
        create.append(f"CREATE TABLE {up} ({up} int, id int);")
        create.append(f"CREATE INDEX {up}_idx ON {up} ({up});")
        change += [
            f"ALTER TABLE {up} ADD CONSTRAINT {up}_pk PRIMARY KEY (id);",
            f"ALTER TABLE {up} RENAME {up} TO {word}_r;",
            f"ALTER TABLE {up} ALTER {word}_r TYPE bigint;",
            f"ALTER TABLE {up} ADD ref int REFERENCES {up};",
            # schema ix: an index named like a table of public
            f"CREATE TABLE ix.{word}_t (id int, {up} int, {word}_d int);",
            f"ALTER TABLE ix.{word}_t DROP {word}_d;",
            f"CREATE INDEX {up} ON ix.{word}_t ({up});",
            f"ALTER INDEX ix.{up} RENAME TO {word}_i;",
        ]
    return "\n".join(create) + "\n", "\n".join(change) + "\n"


CATALOG = (
    "SELECT 'table' AS kind, c.relname AS table, c.relname AS name FROM pg_class c "
    "WHERE c.relnamespace = ANY ('{public,ix}'::regnamespace[]) AND c.relkind = 'r' UNION ALL "
    "SELECT 'column', c.relname, a.attname FROM pg_class c JOIN pg_attribute a "
    "ON a.attrelid = c.oid WHERE c.relnamespace = ANY ('{public,ix}'::regnamespace[]) "
    "AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped UNION ALL "
    "SELECT 'index', c.relname, i.relname FROM pg_index x JOIN pg_class c "
    "ON c.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid "
    "WHERE c.relnamespace = ANY ('{public,ix}'::regnamespace[])"
)


def test_every_non_reserved_keyword_names_what_postgres_stores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: pg_server.PgServer
) -> None:
    words = [
        str(r["word"])
        for r in pg.query_json(
            "SELECT word FROM pg_get_keywords() WHERE catcode IN ('U', 'C') ORDER BY 1"
        )
    ]
    assert {"language", "begin", "key", "index", "comment"} <= set(words)
    create, change = _sql(words)
    (tmp_path / ".git").mkdir()
    (tmp_path / "db").mkdir()
    files = [tmp_path / "db" / "001.sql", tmp_path / "db" / "002.sql"]
    files[0].write_text(create, encoding="utf-8")
    files[1].write_text(change, encoding="utf-8")
    with pg.fresh_database("dbnl_keyword_names") as db:
        pg.run(files=files, dbname=db)
        catalog = {(r["kind"], r["table"], r["name"]) for r in pg.query_json(CATALOG, db)}
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["inspect", "--no-cache", "--format", "json"])
    assert result.exit_code == 0, result.output
    model = json.loads(result.stdout)
    assert model["diagnostics"] == []
    folded = {o["name"]: o["stored_name"] for o in model["objects"] if o["kind"] == "table"}
    seen = {
        (
            o["kind"],
            folded.get(o["table"] or o["name"], o["stored_name"]),
            o["stored_name"],
        )
        for o in model["objects"]
        if o["kind"] in ("table", "column", "index")
        or o.get("constraint_type") in ("primary_key", "unique")
    }
    seen = {("index" if k == "constraint" else k, t, n) for k, t, n in seen}
    assert seen == catalog
    # the text listing names them as stored, the spelling beside it
    text = CliRunner().invoke(cli, ["inspect", "--no-cache"]).stdout.splitlines()
    assert any(line.endswith(": table language  (written LANGUAGE)") for line in text)
    assert any(line.endswith("     index begin_i  (was begin)") for line in text)
