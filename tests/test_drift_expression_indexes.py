"""``drift`` pairs expression indexes renamed in the database (trial s18 goatmisc #2).

goatcounter's ``sites#code`` and ``sites#cname`` index ``lower(code)`` and
``lower(cname)``: both key elements were ``expr`` to the pairing, so the two
shapes were one and neither index was paired (``only_in_files`` plus
``only_in_database`` for each) once the database renamed them. An expression
is now compared as :mod:`dbnamelint.index_expressions` normalises what the
files write and what ``pg_get_indexdef`` prints.

The oracles: each index's ``pg_class`` oid before and after the renames
(PostgreSQL keeps the oid through ``ALTER INDEX ... RENAME``) says which
database name is which file name; SQLite's ``sqlite_master`` holds the
recreated indexes.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from pg_server import PgServer

# Every element form PostgreSQL prints otherwise than it is written.
SCHEMA = """\
CREATE TABLE sites (
    site_id serial PRIMARY KEY, parent int, code varchar NOT NULL, cname varchar,
    email text, created timestamp, settings jsonb, n int, m int
);
CREATE UNIQUE INDEX "sites#code" ON sites(lower(code));
CREATE UNIQUE INDEX "sites#cname" ON sites(lower(cname));
CREATE INDEX "sites#parent" ON sites(parent);
CREATE UNIQUE INDEX "sites#site_id#email" ON sites(site_id, lower(email));
CREATE INDEX "sites#blank" ON sites(coalesce(cname,''), (n+1));
CREATE INDEX "sites#sum" ON sites(((n+m)::int));
CREATE INDEX "sites#big" ON sites(cast(n as bigint));
CREATE INDEX "sites#day" ON sites(date_trunc('day', created));
CREATE INDEX "sites#theme" ON sites((settings->>'theme'));
CREATE INDEX "sites#upper" ON sites(UPPER(code) text_pattern_ops DESC);
CREATE INDEX "sites#quoted" ON sites("lower"(email) COLLATE "C");
CREATE INDEX "sites#like" ON sites((code like 'a%'));
"""
RENAMES = [
    "sites#code",
    "sites#cname",
    "sites#parent",
    "sites#site_id#email",
    "sites#blank",
    "sites#sum",
    "sites#big",
    "sites#day",
    "sites#theme",
    "sites#upper",
    "sites#quoted",
    "sites#like",
]


def _project(root: Path, dialect: str, schema: str) -> Path:
    (root / "db").mkdir()
    path = root / "db" / "schema.sql"
    path.write_text(schema, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text(f"paths: [db]\ndialect: {dialect}\n", encoding="utf-8")
    return path


def _drift(url: str) -> list[tuple[str, str, str | None]]:
    result = CliRunner().invoke(cli, ["drift", "--db", url, "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    doc = json.loads(result.stdout)
    return sorted((d["drift"], d["name"], d["database_name"]) for d in doc["drift"])


def _index_oids(pg: PgServer, db: str) -> dict[int, str]:
    rows = pg.query_json(
        "SELECT c.oid AS oid, c.relname AS name FROM pg_index x "
        "JOIN pg_class c ON c.oid = x.indexrelid WHERE x.indrelid = 'sites'::regclass",
        dbname=db,
    )
    return {int(r["oid"]): r["name"] for r in rows}


def test_renamed_expression_indexes_pair_by_their_expression(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _project(tmp_path, "postgres", SCHEMA)
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("goatmisc_drift_expr") as db:
        pg.run(files=[path], dbname=db)
        before = _index_oids(pg, db)
        renames = "".join(
            f'ALTER INDEX "{name}" RENAME TO {name.replace("#", "_")};' for name in RENAMES
        )
        pg.run(sql=renames, dbname=db)
        after = _index_oids(pg, db)
        # What PostgreSQL holds: the same index (oid) under its new name.
        expected = sorted(
            ("name_differs", f"sites.{before[oid]}", f"sites.{after[oid]}")
            for oid in before
            if before[oid] != after[oid]
        )
        assert len(expected) == len(RENAMES)
        assert _drift(pg.url(db)) == expected

        # An index whose expression changed is another index: never paired.
        pg.run(
            sql="DROP INDEX sites_upper; CREATE INDEX sites_upper ON sites(upper(cname));",
            dbname=db,
        )
        found = _drift(pg.url(db))
        assert ("only_in_files", "sites.sites#upper", None) in found
        assert ("only_in_database", "sites.sites_upper", "sites.sites_upper") in found
        assert [f for f in found if f[0] == "name_differs"] == [
            e for e in expected if e[1] != "sites.sites#upper"
        ]


SQLITE_SCHEMA = """\
CREATE TABLE sites (site_id integer PRIMARY KEY, parent int, code varchar NOT NULL, cname varchar);
CREATE UNIQUE INDEX "sites#code" ON sites(lower(code));
CREATE UNIQUE INDEX "sites#cname" ON sites(lower(cname));
CREATE INDEX "sites#parent" ON sites(parent);
CREATE INDEX "sites#blank" ON sites(coalesce(cname, ''), (parent + 1));
"""


def test_sqlite_expression_indexes_pair_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _project(tmp_path, "sqlite", SQLITE_SCHEMA)
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "goat.sqlite"
    conn = sqlite3.connect(db)
    # SQLite renames no index: the database was made with the new names.
    conn.executescript(SQLITE_SCHEMA.replace('"sites#', '"sites_'))
    stored = sorted(
        r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
    )
    conn.close()
    assert stored == ["sites_blank", "sites_cname", "sites_code", "sites_parent"]
    assert _drift(f"sqlite:///{db}") == sorted(
        ("name_differs", f"sites.{name.replace('_', '#', 1)}", f"sites.{name}") for name in stored
    )
