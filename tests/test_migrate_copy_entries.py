"""``migrate --dialect X`` on a tree kept for several databases: entries of other copies.

The trial on sqlc's three-dialect ondeck tree: after ``whitelist init``,
``migrate --all --dialect mysql`` refused ``no sequence named
'venues_id_seq' in the files``, an object only the PostgreSQL copy has. An
entry whose object is only in other copies is now left out of this copy's
plan with a note naming the ``--dialect`` that plans it; one in no copy at
all is still refused. Each copy's plan runs forward and back on its real
database (PostgreSQL, MariaDB, SQLite): the catalog holds the targets
after the forward script and the legacy schema after the rollback.
"""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import pytest
import yaml

import mysql_server
from pg_server import PgServer
from test_loop_targets import _NAMES_SQL, _pg_dump
from test_migrate_loop import _run

PG = """\
CREATE TABLE city (slug text PRIMARY KEY, name text NOT NULL);
CREATE TABLE venue (
    id serial PRIMARY KEY,
    slug text NOT NULL,
    city text NOT NULL REFERENCES city (slug),
    created_at timestamp NOT NULL DEFAULT now()
);
CREATE INDEX venue_by_slug ON venue (slug);
"""
MYSQL = """\
CREATE TABLE city (slug varchar(100) PRIMARY KEY, name text NOT NULL);
CREATE TABLE venue (
    id int AUTO_INCREMENT PRIMARY KEY,
    slug varchar(100) NOT NULL,
    city varchar(100) NOT NULL,
    created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT venue_city_fk FOREIGN KEY (city) REFERENCES city (slug)
);
"""
SQLITE = """\
CREATE TABLE city (slug text PRIMARY KEY, name text NOT NULL);
CREATE TABLE venue (
    id integer PRIMARY KEY,
    slug text NOT NULL,
    city text NOT NULL REFERENCES city (slug),
    created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP
);
"""
FOLDERS = {"postgresql": PG, "mysql": MYSQL, "sqlite": SQLITE}


def _tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "ondeck"
    for folder, sql in FOLDERS.items():
        (root / folder / "schema").mkdir(parents=True)
        (root / folder / "schema" / "0001_venue.sql").write_text(sql, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text(
        "paths: [postgresql/schema, mysql/schema, sqlite/schema]\n"
        "select: [DBN105, DBN302, DBN504]\n",
        encoding="utf-8",
    )
    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    code, out, err = _run(root, monkeypatch, "whitelist", "init")
    assert code == 0, out + err
    return root


def _plan(root: Path, monkeypatch: pytest.MonkeyPatch, dialect: str) -> tuple[str, str, str]:
    code, out, err = _run(root, monkeypatch, "migrate", "--all", "--dialect", dialect)
    assert code == 0, out + err
    forward = out.split("-- ==== forward ====")[1].split("-- ==== rollback ====")[0]
    rollback = out.split("-- ==== rollback ====")[1].split("-- ==== cleanup")[0]
    return forward, rollback, err


def test_entries_of_other_copies_are_left_out_with_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _tree(tmp_path, monkeypatch)
    entries = yaml.safe_load((root / "whitelist.yaml").read_text(encoding="utf-8"))["entries"]
    assert {(e["name"], e.get("target")) for e in entries if e["kind"] == "index"} == {
        ("venue.venue_by_slug", "idx_venues_slug"),  # PostgreSQL's only
        ("venue.venue_city_fk", "idx_venues_city"),  # InnoDB's foreign-key index
    }
    _, _, err = _plan(root, monkeypatch, "mysql")
    assert "index 'venue.venue_by_slug' is not in the mysql copy (only in postgres)" in err
    assert "planned with --dialect postgres" in err
    _, _, err = _plan(root, monkeypatch, "sqlite")
    assert "'venue.venue_by_slug' is not in the sqlite copy" in err
    assert "'venue.venue_city_fk' is not in the sqlite copy (only in mysql)" in err


def test_an_entry_in_no_copy_is_still_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _tree(tmp_path, monkeypatch)
    path = root / "whitelist.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("venue.venue_by_slug", "venue.no_such_index"),
        encoding="utf-8",
    )
    code, out, err = _run(root, monkeypatch, "migrate", "--all", "--dialect", "mysql")
    assert code == 2, out + err
    assert "no index named 'venue.no_such_index' in the files" in err


def test_each_copy_applies_and_rolls_back_on_postgres(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _tree(tmp_path, monkeypatch)
    forward, rollback, _ = _plan(root, monkeypatch, "postgres")
    (tmp_path / "f.sql").write_text(forward, encoding="utf-8")
    (tmp_path / "r.sql").write_text(rollback, encoding="utf-8")
    with pg.fresh_database("dbnl_copy_entries") as db:
        pg.run(sql=PG, dbname=db)
        legacy = _pg_dump(pg, db)
        pg.run(files=[tmp_path / "f.sql"], dbname=db)
        names = {row["name"] for row in pg.query_json(_NAMES_SQL, db)}
        pg.run(files=[tmp_path / "r.sql"], dbname=db)
        assert _pg_dump(pg, db) == legacy
    assert names == {
        "cities_pkey",
        "venues_pkey",
        "venues_id_seq",
        "venues_city_fkey",
        "idx_venues_slug",
    }


_MARIA_NAMES = (
    "SELECT TABLE_NAME, INDEX_NAME FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = "
    "DATABASE() UNION SELECT TABLE_NAME, CONSTRAINT_NAME FROM "
    "information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = DATABASE() "
    "UNION SELECT TABLE_NAME, TABLE_TYPE FROM information_schema.TABLES "
    "WHERE TABLE_SCHEMA = DATABASE()"
)


def test_each_copy_applies_and_rolls_back_on_mariadb(
    maria: mysql_server.MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _tree(tmp_path, monkeypatch)
    forward, rollback, _ = _plan(root, monkeypatch, "mysql")
    with maria.fresh_database("dbnl_copy_entries") as db:
        maria.run(MYSQL, database=db)
        legacy = set(maria.run(_MARIA_NAMES, database=db).splitlines())
        maria.run(forward, database=db)
        after = set(maria.run(_MARIA_NAMES, database=db).splitlines())
        maria.run(rollback, database=db)
        assert set(maria.run(_MARIA_NAMES, database=db).splitlines()) == legacy
    assert {"venues\tidx_venues_city", "venues\tvenues_city_fk", "venue\tVIEW"} <= after
    assert not any("venue_by_slug" in row or "idx_venues_slug" in row for row in after)


def test_each_copy_applies_and_rolls_back_on_sqlite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _tree(tmp_path, monkeypatch)
    forward, rollback, _ = _plan(root, monkeypatch, "sqlite")
    db = sqlite3.connect(":memory:")
    db.executescript(SQLITE)

    def shape() -> list[object]:
        # SQLite respells a renamed table's CREATE text (quotes the name): compare
        # the objects and each table's columns, not the text
        names = db.execute("SELECT type, name FROM sqlite_master ORDER BY name").fetchall()
        cols = [
            db.execute(f"PRAGMA table_info('{n}')").fetchall() for t, n in names if t == "table"
        ]
        return [names, cols]

    legacy = shape()
    db.executescript(forward)
    tables = {n for (n,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables == {"cities", "venues"}
    db.executescript(rollback)
    assert shape() == legacy
