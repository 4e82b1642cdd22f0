"""``init`` on temporal's schema folders: which of ``schema.sql`` and ``versioned/`` builds.

Trial s30 temporal: ``init`` wrote ``paths: ["."]`` with no ``exclude``, and
the first ``check`` gave five ``DBN023`` warnings (each full ``schema.sql``
and its ``versioned/`` creating the same tables), while the README said it
left ``versioned/`` out. Temporal's own tools decide which is the source:

- PostgreSQL and MySQL: ``temporal-sql-tool setup-schema -v 0.0`` then
  ``update-schema -d ./schema/<db>/<v>/temporal/versioned`` (temporal's
  Makefile, ``tools/sql/README.md``); ``versioned/v1.0`` runs the base
  schema, so the versions build the whole database and ``schema.sql`` is a
  copy: it is what ``init`` leaves out.
- SQLite: the server runs the embedded ``v3/temporal/schema.sql``
  (``schema/sqlite/setup.go``); ``versioned/`` starts at ``v0.2`` and alters
  tables it never creates, so it upgrades databases an older full schema
  built: an upgrade folder, left out as guacamole's ``upgrade/`` is.

Oracles: the versions run alone on PostgreSQL and MariaDB build the tables
``schema.sql`` builds; sqlite3 refuses SQLite's versions run alone ("no such
table") and builds the full schema; the model ``check`` reads after
``init`` holds the tables each real catalog holds, with no ``DBN023``.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from dbnamelint.cli import cli
from mysql_server import MysqlServer
from pg_server import PgServer
from temporal_helpers import manifest

NAMESPACES = "CREATE TABLE namespaces (id BIGINT NOT NULL, name VARCHAR(255), PRIMARY KEY (id));\n"
SHARDS = (
    "CREATE TABLE shards (shard_id INTEGER NOT NULL, range_id BIGINT, PRIMARY KEY (shard_id));\n"
)
CURRENT = "CREATE TABLE current_executions (shard_id INTEGER NOT NULL, run_id BINARY(16));\n"
QUEUES = "CREATE TABLE queues (queue_type INTEGER NOT NULL, queue_name VARCHAR(255));\n"
START_TIME = "ALTER TABLE current_executions ADD COLUMN start_time TIMESTAMP NULL;\n"


#: versioned/ builds everything (v1.0 the base schema), as PostgreSQL's and MySQL's
SERVER = {
    "schema.sql": NAMESPACES + SHARDS,
    "versioned/v1.0/manifest.json": manifest("1.0", "schema.sql"),
    "versioned/v1.0/schema.sql": NAMESPACES,
    "versioned/v1.1/manifest.json": manifest("1.1", "shards.sql"),
    "versioned/v1.1/shards.sql": SHARDS,
}
#: versioned/ upgrades from v0.1 (the full schema of its time), as SQLite's
SQLITE = {
    "schema.sql": NAMESPACES
    + CURRENT.replace("NULL)", "NULL, start_time TIMESTAMP NULL)")
    + QUEUES,
    "versioned/v0.2/manifest.json": manifest("0.2", "queues.sql"),
    "versioned/v0.2/queues.sql": QUEUES,
    "versioned/v0.3/manifest.json": manifest("0.3", "start_time.sql"),
    "versioned/v0.3/start_time.sql": START_TIME,
}
TREES = {
    "schema/postgresql/v12/temporal": SERVER,
    "schema/mysql/v8/temporal": SERVER,
    "schema/sqlite/v3/temporal": SQLITE,
}


def _tree(root: Path) -> None:
    for folder, files in TREES.items():
        for name, text in files.items():
            path = root / folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")


def _versions(folder: Path) -> list[Path]:
    """The version files in ``update-schema``'s order (the test trees' versions sort so)."""
    out = []
    for version in sorted((folder / "versioned").iterdir(), key=lambda p: p.name):
        listed = json.loads((version / "manifest.json").read_text(encoding="utf-8"))
        out += [version / name for name in listed["SchemaUpdateCqlFiles"]]
    return out


def _run(*args: str) -> tuple[int, str]:
    done = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return done.exit_code, done.output


def _model_tables(dialect: str) -> list[str]:
    code, out = _run("inspect", "--format", "json")
    assert code == 0, out
    objects = json.loads(out[out.index("{") :])["objects"]
    return sorted(o["name"] for o in objects if o["kind"] == "table" and o["dialect"] == dialect)


def test_the_versions_build_the_server_databases(
    pg: PgServer, maria: MysqlServer, tmp_path: Path
) -> None:
    _tree(tmp_path)
    for engine in ("postgresql/v12", "mysql/v8"):
        folder = tmp_path / "schema" / engine / "temporal"
        versions = _versions(folder)
        if engine.startswith("postgresql"):
            with pg.fresh_database("dbn_init_temporal_v") as db:
                pg.run(files=versions, dbname=db)
                built = pg.public_tables(db)
            with pg.fresh_database("dbn_init_temporal_full") as db:
                pg.run(files=[folder / "schema.sql"], dbname=db)
                assert pg.public_tables(db) == built == ["namespaces", "shards"]
        else:
            with maria.fresh_database("dbn_init_temporal_v") as db:
                for path in versions:
                    maria.run(file=path, database=db)
                built = sorted(maria.run("SHOW TABLES", database=db).split())
            with maria.fresh_database("dbn_init_temporal_full") as db:
                maria.run(file=folder / "schema.sql", database=db)
                full = sorted(maria.run("SHOW TABLES", database=db).split())
            assert full == built == ["namespaces", "shards"]


def test_sqlites_versions_upgrade_the_full_schema(tmp_path: Path) -> None:
    _tree(tmp_path)
    folder = tmp_path / "schema/sqlite/v3/temporal"
    with (
        sqlite3.connect(":memory:") as con,
        pytest.raises(sqlite3.OperationalError, match="no such"),
    ):
        for path in _versions(folder):
            con.executescript(path.read_text(encoding="utf-8"))
    con.close()
    with (
        sqlite3.connect(":memory:") as con,
        pytest.raises(sqlite3.OperationalError, match="already"),
    ):
        con.executescript((folder / "schema.sql").read_text(encoding="utf-8"))
        con.executescript(QUEUES)  # v0.2 after the full schema: no database runs both
    con.close()


def test_init_leaves_out_what_the_tools_do_not_build_from(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out = _run("init")
    assert code == 0, out
    config = yaml.safe_load((tmp_path / "dbnamelint.yaml").read_text(encoding="utf-8"))
    assert sorted(config["exclude"]) == [
        "schema/mysql/v8/temporal/schema.sql",
        "schema/postgresql/v12/temporal/schema.sql",
        "schema/sqlite/v3/temporal/versioned",
    ], config
    text = (tmp_path / "dbnamelint.yaml").read_text(encoding="utf-8")
    assert "temporal-sql-tool builds a new database from the versions" in text
    assert "schema/mysql/v8/temporal/versioned: temporal" in text  # migrate writes there
    code, out = _run("check", "--no-cache", "--select", "DBN023,DBN011")
    assert code == 0 and "DBN023" not in out, out
    # the model holds what each real catalog holds
    folder = tmp_path / "schema/postgresql/v12/temporal"
    with pg.fresh_database("dbn_init_temporal_model") as db:
        pg.run(files=_versions(folder), dbname=db)
        assert _model_tables("postgres") == pg.public_tables(db)
    with sqlite3.connect(":memory:") as con:
        con.executescript((tmp_path / "schema/sqlite/v3/temporal/schema.sql").read_text())
        names = sorted(
            r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")
        )
    con.close()
    assert _model_tables("sqlite") == names
