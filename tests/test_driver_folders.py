"""golang-migrate's driver folders: the dialect each one's files are read in.

golang-migrate keeps one example tree per driver, ``database/<driver>/
examples/migrations``. The drivers say what database they speak (their
source): ``rqlite`` (SQLite replicated over HTTP) and ``sqlcipher`` ("a
copy of the sqlite3 driver except that it imports go-sqlcipher") are
SQLite; ``yugabytedb`` opens ``lib/pq`` (YSQL is PostgreSQL's query layer)
and ``pgx`` is a PostgreSQL driver; ``cockroachdb`` is CockroachDB. A whole
folder so named reads as that dialect, whatever ``dialect:`` says, and the
implicit names the model gives them are the databases' own (checked on
sqlite3 and PostgreSQL). ``spanner`` (GoogleSQL DDL), ``cassandra`` (CQL)
(and ``scylladb``) and ``ql`` (modernc.org/ql's own SQL) are languages dbnamelint does not
read: their files are left out with a ``DBN007`` note, with or without a
configured dialect, rather than read into false findings; ``mongodb``'s
``.json`` commands are no SQL and are not read at all.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dbnamelint.cli import cli
from pg_server import PgServer

#: Each driver's table, with an unnamed primary key and unique column: their
#: implicit names are the dialect's (SQLite ``sqlite_autoindex_<table>_1``,
#: PostgreSQL ``<table>_tag_key``).
SQLITE = "CREATE TABLE {driver}_pets (id INTEGER PRIMARY KEY, tag TEXT UNIQUE);\n"
POSTGRES = "CREATE TABLE {driver}_pets (id integer PRIMARY KEY, tag text UNIQUE);\n"
PETS = {
    driver: template.format(driver=driver)
    for driver, template in {
        "rqlite": SQLITE,
        "sqlcipher": SQLITE,
        "yugabytedb": POSTGRES,
        "pgx": POSTGRES,
        "cockroachdb": POSTGRES,
    }.items()
}
#: Languages dbnamelint does not read, in statements of the drivers' kind.
UNREADABLE = {
    # Spanner: the primary key follows the column list; INTERLEAVE IN PARENT
    "spanner": "CREATE TABLE Singers (\n  SingerId INT64 NOT NULL,\n  Name STRING(64)\n) "
    "PRIMARY KEY (SingerId);\n",
    # CQL: a keyspace's table with its options
    "cassandra": "CREATE TABLE IF NOT EXISTS shop.Carts (id uuid PRIMARY KEY, items "
    "list<text>) WITH comment = 'carts';\n",
    "scylladb": "CREATE TABLE shop.Orders (id uuid, day date, PRIMARY KEY ((id), day)) "
    "WITH CLUSTERING ORDER BY (day DESC);\n",
    # ql: Go types
    "ql": "CREATE TABLE Pets (Name string, Predator bool);\n",
}
MIGRATION = "examples/migrations/1_pets.up.sql"


def _tree(root: Path, setting: str) -> None:
    for driver, sql in {**PETS, **UNREADABLE}.items():
        path = root / "database" / driver / MIGRATION
        path.parent.mkdir(parents=True)
        path.write_text(sql, encoding="utf-8")
    mongodb = root / "database" / "mongodb" / "examples" / "migrations" / "1_pets.up.json"
    mongodb.parent.mkdir(parents=True)
    mongodb.write_text('[{"create": "Pets"}]\n', encoding="utf-8")
    (root / "dbnamelint.yaml").write_text(f"paths: [database]\n{setting}", encoding="utf-8")


def _run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _objects(root: Path) -> list[dict[str, object]]:
    done = _run("inspect", "--format", "json")
    assert done.exit_code == 0, done.output
    objects: list[dict[str, object]] = json.loads(done.stdout)["objects"]
    return objects


SETTINGS = pytest.mark.parametrize(
    "setting", ["dialect: mysql\n", "dialect: postgres\n", ""], ids=["mysql", "postgres", "none"]
)


@SETTINGS
def test_each_driver_folder_reads_as_its_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, setting: str
) -> None:
    _tree(tmp_path, setting)
    monkeypatch.chdir(tmp_path)
    dialects = {
        str(o["path"]).split("/")[1]: o["dialect"]
        for o in _objects(tmp_path)
        if o["kind"] == "table"
    }
    assert dialects == {
        "rqlite": "sqlite",
        "sqlcipher": "sqlite",
        "yugabytedb": "postgres",
        "pgx": "postgres",
        "cockroachdb": "cockroach",
    }


@SETTINGS
def test_languages_dbnamelint_does_not_read_are_left_out_with_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, setting: str
) -> None:
    _tree(tmp_path, setting)
    monkeypatch.chdir(tmp_path)
    done = _run("check", "--verbose", "--no-whitelist", "--format", "json")
    report = json.loads(done.stdout)
    notes = {d["path"]: d for d in report["diagnostics"]}
    for driver in UNREADABLE:
        note = notes[f"database/{driver}/{MIGRATION}"]
        assert note["code"] == "DBN007", note
        assert note["message"].startswith(
            f"not replayed: {driver}/ holds the migrations of another database ({driver}), "
            "whose language dbnamelint does not read"
        ), note
    # nothing of theirs was read: no unreadable statement, no finding on their names
    assert not any("/spanner/" in f["path"] for f in report["findings"]), report["findings"]
    assert not [d for d in report["diagnostics"] if d["code"] in ("DBN004", "DBN005")]
    assert not any("mongodb" in str(d["path"]) for d in report["diagnostics"])
    assert not any("mongodb" in str(o["path"]) for o in _objects(tmp_path))


def test_spanner_ddl_read_as_sql_is_misread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What reading Spanner's DDL as PostgreSQL gives (in a folder named for no
    database, as the spanner/ folder's files were read before): an error that
    is no error, since Spanner takes the statement. Why its folder is left out."""
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "1_singers.up.sql").write_text(UNREADABLE["spanner"], encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    done = _run("check", "--no-whitelist")
    assert "DBN004 error: CREATE TABLE statement: 'PRIMARY KEY' was not read" in done.output


def test_a_per_path_dialect_still_reads_an_unreadable_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(
        tmp_path, "dialect: postgres\nper_path:\n  - paths: [database/ql/**]\n    dialect: sqlite\n"
    )
    monkeypatch.chdir(tmp_path)
    tables = {(o["name"], o["dialect"]) for o in _objects(tmp_path) if o["kind"] == "table"}
    assert ("Pets", "sqlite") in tables, tables


def _implicit(objects: list[dict[str, object]], driver: str) -> set[str]:
    return {
        str(o["name"])
        for o in objects
        if o["kind"] in ("index", "constraint") and f"/{driver}/" in str(o["path"])
    }


def test_sqlite_family_folders_get_sqlites_implicit_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path, "dialect: mysql\n")
    monkeypatch.chdir(tmp_path)
    objects = _objects(tmp_path)
    for driver in ("rqlite", "sqlcipher"):
        database = sqlite3.connect(":memory:")
        database.executescript(PETS[driver])
        query = "SELECT name FROM sqlite_master WHERE type = 'index'"
        indexes = {str(n) for (n,) in database.execute(query)}
        database.close()
        assert indexes == {f"sqlite_autoindex_{driver}_pets_1"}
        assert _implicit(objects, driver) == indexes


@pytest.mark.slow
def test_postgresql_wire_folders_get_postgresqls_implicit_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    _tree(tmp_path, "dialect: mysql\n")
    monkeypatch.chdir(tmp_path)
    objects = _objects(tmp_path)
    for driver in ("yugabytedb", "pgx", "cockroachdb"):
        with pg.fresh_database("dbnamelint_driver_folders") as db:
            pg.run(sql=PETS[driver], dbname=db)
            rows = pg.query_json(
                f"SELECT conname FROM pg_constraint WHERE conrelid = '{driver}_pets'::regclass",
                dbname=db,
            )
        constraints = {str(r["conname"]) for r in rows}
        assert constraints == {f"{driver}_pets_pkey", f"{driver}_pets_tag_key"}
        assert _implicit(objects, driver) == constraints
