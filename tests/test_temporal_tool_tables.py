"""temporal-sql-tool's own tables (``schema_version``, ``schema_update_history``) and drift.

Trial s30 temporal: ``drift`` against a database ``temporal-sql-tool`` set
up reported ``schema_update_history`` only in the database (exit 1), and
left ``schema_version`` out as "Flyway before 5's own table". The tool
creates both in every database it sets up (``setup-schema``,
``update-schema``: ``CreateSchemaVersionTables`` of its SQL plugins,
``common/persistence/sql/sqlplugin/{postgresql,sqlite}/admin.go``, whose
statements are copied below), and no schema file does. Which tool's they
are is told from the tree: a temporal schema folder's files among those
read (a version folder beside its ``manifest.json``, or the full
``schema.sql`` beside ``versioned/``); elsewhere ``schema_version`` stays
Flyway's. The databases are built as the tool builds them (PostgreSQL: the
versions' files, then its tables; SQLite: the full ``schema.sql``, as the
server's ``schema/sqlite/setup.go`` runs it, then its tables), and the real
catalog is the oracle: what it holds beyond the two tables is still reported.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from pg_server import PgServer
from temporal_helpers import manifest
from tree_helpers import up_migration_project

#: postgresql/admin.go createSchemaVersionTableQuery + createSchemaUpdateHistoryTableQuery
PG_TOOL = (
    "CREATE TABLE IF NOT EXISTS schema_version(version_partition INT not null, "
    "db_name VARCHAR(255) not null, creation_time TIMESTAMP, curr_version VARCHAR(64), "
    "min_compatible_version VARCHAR(64), PRIMARY KEY (version_partition, db_name));\n"
    "CREATE TABLE IF NOT EXISTS schema_update_history(version_partition INT not null, "
    "year int not null, month int not null, update_time TIMESTAMP not null, "
    "description VARCHAR(255), manifest_md5 VARCHAR(64), new_version VARCHAR(64), "
    "old_version VARCHAR(64), PRIMARY KEY (version_partition, year, month, update_time));\n"
)
#: sqlite/admin.go's (no IF NOT EXISTS, DATETIME(6))
SQLITE_TOOL = (
    "CREATE TABLE schema_version(version_partition INT not null, "
    "db_name VARCHAR(255) not null, creation_time DATETIME(6), curr_version VARCHAR(64), "
    "min_compatible_version VARCHAR(64), PRIMARY KEY (version_partition, db_name));\n"
    "CREATE TABLE schema_update_history(version_partition INT not null, "
    "year int not null, month int not null, update_time DATETIME(6) not null, "
    "description VARCHAR(255), manifest_md5 VARCHAR(64), new_version VARCHAR(64), "
    "old_version VARCHAR(64), PRIMARY KEY (version_partition, year, month, update_time));\n"
)
BASE = "CREATE TABLE namespaces (id BIGINT PRIMARY KEY, name VARCHAR(255));\n"
MORE = "CREATE TABLE shards (shard_id INTEGER PRIMARY KEY, range_id BIGINT);\n"


def _temporal(root: Path, engine: str) -> Path:
    """A schema folder shaped like temporal's: full schema.sql beside versioned/."""
    folder = root / "schema" / engine / "temporal"
    files = {
        "schema.sql": BASE + MORE,
        "versioned/v1.0/manifest.json": manifest("1.0", "schema.sql"),
        "versioned/v1.0/schema.sql": BASE,
        "versioned/v1.1/manifest.json": manifest("1.1", "shards.sql"),
        "versioned/v1.1/shards.sql": MORE,
    }
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


def _drifted(out: str) -> list[tuple[str, str, str]]:
    return [(d["drift"], d["kind"], d["name"]) for d in json.loads(out)["drift"]]


def test_postgres_database_set_up_by_the_tool(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _temporal(tmp_path, "postgresql")
    (tmp_path / "dbnamelint.yaml").write_text(
        "paths: [schema]\ndialect: postgres\nexclude: [schema/postgresql/temporal/schema.sql]\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    versioned = folder / "versioned"
    with pg.fresh_database("dbn_temporal_tooltables") as db:
        pg.run(
            files=[versioned / "v1.0" / "schema.sql", versioned / "v1.1" / "shards.sql"],
            sql=PG_TOOL,
            dbname=db,
        )
        code, out, err = _run("drift", "--db", pg.url(db), "--format", "json")
        assert (code, _drifted(out)) == (0, []), (out, err)
        for table in ("schema_version", "schema_update_history"):
            assert f"{table} (temporal-sql-tool's own table, which no file creates)" in err, err
        assert "Flyway" not in err
        code, out, err = _run("check", "--db", pg.url(db), "--no-cache")
        assert "schema_update_history (temporal-sql-tool's own table" in err, err
        code, out, err = _run("inspect", "--db", pg.url(db), "--format", "json")
        names = {o["name"] for o in json.loads(out)["objects"]}
        assert code == 0 and {"namespaces", "shards"} <= names
        assert not names & {"schema_version", "schema_update_history"}
        assert "schema_version (temporal-sql-tool's own table, by its name" in err, err
        # the oracle: anything else the database holds is still drift
        pg.run(sql="CREATE TABLE audit_log (id int);", dbname=db)
        code, out, _ = _run("drift", "--db", pg.url(db), "--format", "json")
        assert (code, _drifted(out)) == (1, [("only_in_database", "table", "audit_log")])


def test_sqlite_database_from_the_full_schema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite's tree reads the full schema.sql (its versioned/ left out): still
    temporal's schema folder, so still the tool's tables."""
    folder = _temporal(tmp_path, "sqlite")
    (tmp_path / "dbnamelint.yaml").write_text(
        "paths: [schema]\ndialect: sqlite\nexclude: [schema/sqlite/temporal/versioned]\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    with sqlite3.connect(tmp_path / "t.db") as con:
        con.executescript((folder / "schema.sql").read_text(encoding="utf-8") + SQLITE_TOOL)
    con.close()
    code, out, err = _run("drift", "--db", "sqlite:///t.db", "--format", "json")
    assert (code, _drifted(out)) == (0, []), (out, err)
    assert "schema_update_history (temporal-sql-tool's own table" in err, err
    assert "schema_version (temporal-sql-tool's own table" in err, err


def test_elsewhere_schema_version_stays_flyways(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without temporal's folders, ``schema_version`` is told by its columns
    (temporal-sql-tool's ``curr_version``...: before, by its name alone, it
    was called Flyway's, trial confirm35), and ``schema_update_history`` is
    no tool's: it is drift."""
    up = up_migration_project(tmp_path, BASE, "postgres")
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("dbn_temporal_tooltables_plain") as db:
        pg.run(files=[up], sql=PG_TOOL, dbname=db)
        code, out, err = _run("drift", "--db", pg.url(db), "--format", "json")
    assert "schema_version (temporal-sql-tool's own table" in err, err
    assert "Flyway" not in err
    assert (code, _drifted(out)) == (
        1,
        [("only_in_database", "table", "schema_update_history")],
    )
