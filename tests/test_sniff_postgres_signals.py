"""A PostgreSQL signal of the dialect sniffer is only what SQLite and MariaDB refuse.

navidrome's goose folder (SQLite only) was read as two databases because
``meta jsonb`` counted as PostgreSQL: SQLite takes any type name, so its
files showed "postgres (31 files), sqlite (2 files)" and the baseline held
made-up PostgreSQL constraint names. The oracles: each construct runs on
real PostgreSQL, and is kept as a signal exactly when both sqlite3 and
MariaDB refuse it. Then one folder's guessed files are one dialect: its
majority's (the sqlite3 shell runs such a folder's files in turn).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.dialects import sniff_signal
from dbnamelint.frontends.sql.sources import SourceSettings, discover
from dbnamelint.model import ObjectKind
from dbnamelint.runner.pipeline import load_files
from mysql_server import MysqlServer
from mysql_server import SqlFailed as MysqlFailed
from pg_server import PgServer
from pg_server import SqlFailed as PgFailed

#: Each PostgreSQL construct the sniffer knows or knew, as one statement.
CASES = {
    "jsonb": "CREATE TABLE t_jsonb (meta jsonb)",
    "serial": "CREATE TABLE t_serial (id serial PRIMARY KEY)",
    "cast": "CREATE TABLE t_cast (n int DEFAULT '1'::int)",
    "dollar": "CREATE FUNCTION f_dollar() RETURNS int AS $$ SELECT 1 $$ LANGUAGE sql",
    "extension": "CREATE EXTENSION IF NOT EXISTS plpgsql",
    "enum": "CREATE TYPE t_mood AS ENUM ('sad', 'ok')",
    "identity": "CREATE TABLE t_identity (id int GENERATED ALWAYS AS IDENTITY)",
    "pg_catalog": "CREATE VIEW v_cat AS SELECT relname FROM pg_catalog.pg_class",
    "set": "SET client_min_messages = warning",
    "owner": "CREATE TABLE t_owner (id int); ALTER TABLE t_owner OWNER TO CURRENT_USER",
}


def _sqlite_refuses(sql: str) -> bool:
    conn = sqlite3.connect(":memory:")
    try:
        conn.executescript(sql + ";")
    except sqlite3.Error:
        return True
    finally:
        conn.close()
    return False


def _maria_refuses(maria: MysqlServer, database: str, sql: str) -> bool:
    try:
        maria.run(sql + ";", database=database)
    except MysqlFailed:
        return True
    return False


def test_postgres_runs_every_case(pg: PgServer) -> None:
    with pg.fresh_database("sniff_signals") as db:
        failed = {}
        for name, sql in CASES.items():
            try:
                pg.run(sql=sql, dbname=db)
            except PgFailed as exc:
                failed[name] = str(exc)
    assert failed == {}


def test_a_signal_is_what_sqlite_and_mariadb_both_refuse(maria: MysqlServer) -> None:
    with maria.fresh_database("sniff_signals") as db:
        refused = {n: _sqlite_refuses(s) and _maria_refuses(maria, db, s) for n, s in CASES.items()}
    # What the oracles say: SQLite takes jsonb and serial (any type name),
    # MariaDB serial (an alias of BIGINT UNSIGNED AUTO_INCREMENT).
    assert not refused["jsonb"] and not refused["serial"]
    assert {n: sniff_signal(s) == "postgres" for n, s in CASES.items()} == refused
    assert sniff_signal(CASES["jsonb"]) is None
    assert sniff_signal(CASES["serial"]) is None


def _loaded(root: Path, folder: str) -> tuple[dict[str, str], set[str]]:
    found, problems = discover([str(root / folder)], SourceSettings(root=root))
    assert not problems
    loaded = load_files(found, root)
    dialects = {Path(f.path).name: f.dialect for f in loaded.files}
    tables = {
        f"{o.source.dialect}:{o.name}" for o in loaded.schema.objects if o.kind is ObjectKind.TABLE
    }
    return dialects, tables


def _sqlite_runs(folder: Path) -> set[str]:
    """The tables after sqlite3 ran the folder's files in name order."""
    conn = sqlite3.connect(":memory:")
    try:
        for path in sorted(folder.iterdir()):
            conn.executescript(path.read_text(encoding="utf-8"))
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    finally:
        conn.close()
    return {r[0] for r in rows}


GOOSE = {
    "001_a.sql": "-- +goose Up\nCREATE TABLE a (id text PRIMARY KEY) WITHOUT ROWID;\n",
    "002_b.sql": "-- +goose Up\nCREATE TABLE b (id text PRIMARY KEY, meta jsonb);\n",
    "003_c.sql": '-- +goose Up\nCREATE TABLE "user" (id text PRIMARY KEY);\n',
}


def test_a_goose_folder_with_jsonb_is_one_sqlite_folder(tmp_path: Path) -> None:
    folder = tmp_path / "db" / "migrations"
    folder.mkdir(parents=True)
    for name, text in GOOSE.items():
        (folder / name).write_text(text, encoding="utf-8")
    assert _sqlite_runs(folder) == {"a", "b", "user"}
    dialects, tables = _loaded(tmp_path, "db/migrations")
    assert dialects == dict.fromkeys(GOOSE, "sqlite")
    assert tables == {"sqlite:a", "sqlite:b", "sqlite:user"}


def test_a_minority_signal_takes_the_folders_majority(tmp_path: Path) -> None:
    # Backticks tell MySQL, yet sqlite3 runs them: beside two SQLite files it is SQLite.
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "1.sql").write_text(
        "CREATE TABLE a (id INTEGER PRIMARY KEY AUTOINCREMENT);\n", encoding="utf-8"
    )
    (folder / "2.sql").write_text(
        "CREATE TABLE b (id text PRIMARY KEY) WITHOUT ROWID;\n", encoding="utf-8"
    )
    (folder / "3.sql").write_text("CREATE TABLE `c` (`id` int);\n", encoding="utf-8")
    assert sniff_signal("CREATE TABLE `c` (`id` int);") == "mysql"
    assert _sqlite_runs(folder) == {"a", "b", "c", "sqlite_sequence"}
    dialects, tables = _loaded(tmp_path, "m")
    assert dialects == {"1.sql": "sqlite", "2.sql": "sqlite", "3.sql": "sqlite"}
    assert tables == {"sqlite:a", "sqlite:b", "sqlite:c"}


@pytest.mark.parametrize("suffix", [".sql.postgres", ".postgres.sql"])
def test_a_named_file_keeps_its_dialect(tmp_path: Path, suffix: str) -> None:
    # A suffix names the dialect outright: the majority settles guesses only.
    folder = tmp_path / "m"
    folder.mkdir()
    (folder / "1.sql").write_text(
        "CREATE TABLE a (id int PRIMARY KEY) WITHOUT ROWID;\n", encoding="utf-8"
    )
    (folder / "2.sql").write_text("PRAGMA foreign_keys = on;\n", encoding="utf-8")
    (folder / f"3{suffix}").write_text("CREATE TABLE c (id int);\n", encoding="utf-8")
    dialects, _ = _loaded(tmp_path, "m")
    assert dialects[f"3{suffix}"] == "postgres"


def test_migrate_plans_the_goose_folder_for_sqlite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The trial's `migrate --rename share=shares` planned "the postgres copy"
    # and its RENAME CONSTRAINT failed on SQLite: the oracle runs the plan there.
    folder = tmp_path / "db" / "migrations"
    folder.mkdir(parents=True)
    for name, text in GOOSE.items():
        (folder / name).write_text(text, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db/migrations]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["migrate", "--rename", "b=bs", "-o", "fwd.sql"])
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(":memory:")
    try:
        for path in sorted(folder.iterdir()):
            conn.executescript(path.read_text(encoding="utf-8"))
        conn.executescript((tmp_path / "fwd.sql").read_text(encoding="utf-8"))
        rows = conn.execute("SELECT type, name FROM sqlite_master WHERE name IN ('b', 'bs')")
        found = set(rows.fetchall())
    finally:
        conn.close()
    assert found == {("table", "bs"), ("view", "b")}


def test_a_dump_keeps_the_database_its_header_names(tmp_path: Path) -> None:
    # mysqldump's first line names its database outright (client/mysqldump.cc
    # writes "-- MySQL dump"); two PostgreSQL files beside it do not outvote it.
    folder = tmp_path / "dumps"
    folder.mkdir()
    (folder / "a.sql").write_text("CREATE EXTENSION citext;\n", encoding="utf-8")
    (folder / "b.sql").write_text("CREATE TYPE t_mood AS ENUM ('ok');\n", encoding="utf-8")
    (folder / "c.sql").write_text(
        "-- MySQL dump 10.13  Distrib 8.0.36\n--\nCREATE TABLE c (id int);\n", encoding="utf-8"
    )
    dialects, _ = _loaded(tmp_path, "dumps")
    assert dialects == {"a.sql": "postgres", "b.sql": "postgres", "c.sql": "mysql"}
