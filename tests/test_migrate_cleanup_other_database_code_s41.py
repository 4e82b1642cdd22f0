"""``migrate --database X --cleanup`` sets the other databases' code apart, as ``impact`` does.

Found in session 41 (after the vaultwarden trial): the cleanup's search ran
on X's model alone, so code a package gives another database (a crate whose
``sqlx::migrate!`` runs the other folder: :mod:`dbnamelint.impact.codeowners`)
counted as X's. ``impact --database pg`` listed no reference and set
``crates/lite/src/lib.rs`` apart as "Another database's code", while
``migrate --cleanup --database pg --write`` refused ("code still uses store:
crates/lite/src/lib.rs:5") and told the user that ``impact --database pg``
lists it. The lite database keeps its own table ``store``; dropping pg's
compatibility view does not touch it. ``--views-where-referenced`` searched
alike and kept a view for that code.

The oracles are the databases: pg's folder with the written scripts applied
on PostgreSQL (the view gone, pg's query runs), lite's on SQLite (its query
runs on its own table).
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dbnamelint.cli import cli
from git_helpers import commit_all, committed_repo
from pg_server import PgServer, SqlFailed


def _crate(name: str, driver: str, pool: str, query: str) -> dict[str, str]:
    return {
        f"crates/{name}/Cargo.toml": (
            f'[package]\nname = "{name}"\nversion = "0.1.0"\n\n[dependencies]\n'
            f'sqlx = {{ version = "0.8", features = ["{driver}"] }}\n'
        ),
        f"crates/{name}/src/lib.rs": (
            f"pub async fn setup(pool: &{pool}) {{\n"
            '    sqlx::migrate!("./migrations").run(pool).await.unwrap();\n}\n'
            f"pub async fn run(pool: &{pool}) {{\n"
            f'    sqlx::query("{query}").execute(pool).await.unwrap();\n}}\n'
        ),
    }


FILES = {
    "Cargo.toml": '[workspace]\nmembers = ["crates/*"]\n',
    "crates/pg/migrations/20240101000000_init.sql": (
        "CREATE TABLE store (id bigint PRIMARY KEY, tag text);\n"
    ),
    "crates/lite/migrations/20240101000000_init.sql": (
        "CREATE TABLE store (id integer PRIMARY KEY, tag text);\n"
    ),
    # pg's code reads the new name already; lite's its own table's.
    **_crate("pg", "postgres", "PgPool", "SELECT tag FROM stores WHERE id = $1"),
    **_crate("lite", "sqlite", "SqlitePool", "SELECT tag FROM store WHERE id = ?"),
    "dbnamelint.yaml": (
        "paths: [crates/lite/migrations, crates/pg/migrations]\n"
        "databases:\n  lite: [crates/lite/migrations]\n  pg: [crates/pg/migrations]\n"
    ),
}


def _run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def _query(root: Path, path: str) -> str:
    found = re.search(r'sqlx::query\("([^"]*)"\)', (root / path).read_text())
    assert found is not None
    return found.group(1)


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    committed_repo(tmp_path, FILES, monkeypatch)
    assert _run("whitelist", "init").exit_code == 0
    commit_all(tmp_path, "adopt")
    forward = _run("migrate", "--phase", "1", "--database", "pg", "--write")
    assert forward.exit_code == 0, forward.output
    commit_all(tmp_path, "rename phase 1 (pg)")
    return tmp_path


def test_cleanup_is_written_past_another_databases_code(repo: Path, pg: PgServer) -> None:
    impact = _run("impact", "--database", "pg")
    assert "crates/lite/src/lib.rs (1, database lite)" in impact.output  # set apart

    cleanup = _run("migrate", "--cleanup", "--database", "pg", "--write")
    assert cleanup.exit_code == 0, cleanup.output
    assert "code still uses" not in cleanup.output

    folder = repo / "crates/pg/migrations"
    scripts = sorted(folder.glob("*.sql"))
    assert len(scripts) == 3  # init, forward, cleanup
    with pg.fresh_database("s41_cleanup_other_db") as db:
        pg.run(files=scripts, dbname=db)
        assert pg.view_columns(db) == {}  # the compatibility view is gone
        pg.run(sql=_query(repo, "crates/pg/src/lib.rs").replace("$1", "1"), dbname=db)
        with pytest.raises(SqlFailed, match='"store" does not exist'):
            pg.run(sql="SELECT tag FROM store", dbname=db)
    lite = sqlite3.connect(":memory:")
    for script in sorted((repo / "crates/lite/migrations").glob("*.sql")):
        lite.executescript(script.read_text())
    lite.execute(_query(repo, "crates/lite/src/lib.rs"), (1,))  # its own table


def test_views_where_referenced_skips_another_databases_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No pg code reads ``store``: no view is kept for lite's code."""
    committed_repo(tmp_path, FILES, monkeypatch)
    assert _run("whitelist", "init").exit_code == 0
    commit_all(tmp_path, "adopt")
    out = _run("migrate", "--phase", "1", "--database", "pg", "--views-where-referenced")
    assert out.exit_code == 0, out.output
    assert 'CREATE VIEW "store"' not in out.output
    assert 'ALTER TABLE "store" RENAME TO "stores";' in out.output
