"""A column renamed by hand: one column only in the files and one only in the
database, of the same type, on one table (trial s10-t1 #6).

The real catalog is the oracle: each database is built from the files, then
changed as a user would by hand; drift must say "probably renamed" only when
the pairing is the table's only one.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.column_types import canonical_type
from mysql_server import MysqlServer
from pg_server import PgServer
from tree_helpers import up_migration_project

SQL = (
    "CREATE TABLE keys (id serial PRIMARY KEY, label varchar(20) NOT NULL, "
    "made timestamptz, n int);\n"
)


def run(*args: str) -> tuple[int, list[tuple[str, str, str, str | None]], str]:
    result = CliRunner().invoke(cli, [*args, "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    doc = json.loads(result.stdout)
    found = [(d["drift"], d["kind"], d["name"], d["database_name"]) for d in doc["drift"]]
    return result.exit_code, sorted(found), "\n".join(d["message"] for d in doc["drift"])


def test_one_same_type_pair_is_a_probable_rename(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    up = up_migration_project(tmp_path, SQL, "postgres")
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("dbn_colrename_pg") as db:
        pg.run(files=[up], sql='ALTER TABLE keys RENAME COLUMN id TO "kexId"', dbname=db)
        code, found, messages = run("drift", "--db", pg.url(db))
        assert (code, found) == (1, [("renamed_in_database", "column", "keys.id", "keys.kexId")])
        assert 'probably renamed in the database: column keys.id is called "kexId"' in messages

        # Two hand renames of one type on the table: which is which is a guess, so none is paired.
        pg.run(sql="ALTER TABLE keys RENAME COLUMN n TO m", dbname=db)
        code, found, _ = run("drift", "--db", pg.url(db))
        assert code == 1 and [f[0] for f in found] == [
            "only_in_database",
            "only_in_database",
            "only_in_files",
            "only_in_files",
        ]


def test_another_type_is_not_a_rename(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    up = up_migration_project(tmp_path, SQL, "postgres")
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("dbn_colrename_type") as db:
        pg.run(
            files=[up],
            sql="ALTER TABLE keys DROP COLUMN label; ALTER TABLE keys ADD COLUMN title text;"
            "ALTER TABLE keys RENAME COLUMN made TO made_at",
            dbname=db,
        )
        code, found, _ = run("drift", "--db", pg.url(db))
        assert (code, found) == (
            1,
            [
                ("only_in_database", "column", "keys.title", "keys.title"),
                ("only_in_files", "column", "keys.label", None),
                ("renamed_in_database", "column", "keys.made", "keys.made_at"),
            ],
        )


def test_mariadb_column_rename(
    maria: MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    up = up_migration_project(
        tmp_path,
        "CREATE TABLE api_keys (id INT AUTO_INCREMENT PRIMARY KEY, label VARCHAR(20), "
        "ok BOOLEAN);\n",
        "mysql",
    )
    monkeypatch.chdir(tmp_path)
    with maria.fresh_database("dbn_colrename_maria") as db:
        maria.run(file=up, database=db)
        maria.run("ALTER TABLE api_keys RENAME COLUMN label TO title", database=db)
        code, found, _ = run("drift", "--db", maria.url(db))
        assert (code, found) == (
            1,
            [("renamed_in_database", "column", "api_keys.label", "api_keys.title")],
        )


@pytest.mark.parametrize(
    ("written", "dialect", "catalog"),
    [
        ("serial", "postgres", "integer"),
        ("INT8", "postgres", "bigint"),
        ("VARCHAR ( 20 )", "postgres", "character varying(20)"),
        ("timestamptz(3)", "postgres", "timestamp(3) with time zone"),
        ("timestamp", "postgres", "timestamp without time zone"),
        ("INT", "mysql", "int(11)"),
        ("integer", "mariadb", "int(11)"),
        ("BOOLEAN", "mysql", "tinyint(1)"),
    ],
)
def test_canonical_types(written: str, dialect: str, catalog: str) -> None:
    """Spellings as PostgreSQL's format_type and MariaDB's COLUMN_TYPE print them
    (PostgreSQL 15, MariaDB 10.11)."""
    assert canonical_type(written, dialect) == canonical_type(catalog, dialect)
