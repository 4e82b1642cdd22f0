"""``init`` leaves out the SQL files Rust code embeds as queries (session 42).

rust-lang/crates.io runs ``diesel::sql_query(include_str!("toplevel.sql"))``
from ``crates/crates_io_database/src/models/category.rs``: the three
``models/*.sql`` (and ``src/worker/jobs/downloads/update_metadata.sql``)
are SELECTs the program runs, no migration tool. ``init`` listed both
folders in ``paths:``, before ``migrations``, as schema. A SQL file holding
no DDL that a ``.rs`` file of its folder embeds with ``include_str!`` (a
path relative to that file: Rust std, "include_str") is now an application
query file, left out as named-query files are; one holding DDL stays.

Oracle: PostgreSQL after the migrations runs each embedded file: the query
leaves the catalog as it was, the DDL one changes it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo
from pg_server import PgServer

CARGO = """\
[package]
name = "app"

[dependencies]
diesel = { version = "2", features = ["postgres"] }
"""
FILES = {
    "Cargo.toml": CARGO,
    "diesel.toml": '[print_schema]\nfile = "src/schema.rs"\n',
    "migrations/2024-01-01-000000_init/up.sql": (
        "CREATE TABLE categories (id SERIAL PRIMARY KEY, slug VARCHAR NOT NULL, crates_cnt INT);\n"
    ),
    "migrations/2024-01-01-000000_init/down.sql": "DROP TABLE categories;\n",
    "src/models/toplevel.sql": (
        "SELECT c.id, c.slug, sum(c2.crates_cnt)::int AS crates_cnt\n"
        "FROM categories AS c INNER JOIN categories c2 ON c2.slug = c.slug\nGROUP BY c.id\n"
    ),
    "src/models/sub/parents.sql": "SELECT id FROM categories WHERE slug = 'a'\n",
    "src/models/category.rs": (
        "pub fn toplevel(conn: &mut PgConnection) -> QueryResult<Vec<Category>> {\n"
        '    diesel::sql_query(include_str!("toplevel.sql")).load(conn)\n'
        "}\n"
        "pub fn parents(conn: &mut PgConnection) -> QueryResult<Vec<Category>> {\n"
        '    diesel::sql_query(include_str!( "./sub/../sub/parents.sql" )).load(conn)\n'
        "}\n"
    ),
    # a Diesel migration a hand-rolled runner embeds: a migration, it stays
    "migrations/2024-02-01-000000_seed/up.sql": "INSERT INTO categories (slug) VALUES ('a');\n",
    "migrations/2024-02-01-000000_seed/down.sql": "DELETE FROM categories;\n",
    "migrations/runner.rs": (
        'pub const SEED: &str = include_str!("2024-02-01-000000_seed/up.sql");\n'
    ),
    # embedded too, but it makes a table: schema, it stays
    "src/setup/setup.sql": "CREATE TABLE IF NOT EXISTS settings (id int);\n",
    "src/setup/mod.rs": 'pub const SETUP: &str = include_str!("setup.sql");\n',
}

_TABLES = "SELECT c.relname AS t FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace"


def test_init_leaves_embedded_queries_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    """Before: ``paths: [migrations, src/models, src/setup]``, the queries
    read as schema."""
    root = committed_repo(tmp_path / "app", FILES, monkeypatch)
    with pg.fresh_database("s42_rust_queries") as db:
        pg.run(files=[root / "migrations/2024-01-01-000000_init/up.sql"], dbname=db)
        before = pg.query_json(_TABLES, dbname=db)
        pg.run(
            files=[root / "src/models/toplevel.sql", root / "src/models/sub/parents.sql"], dbname=db
        )
        assert pg.query_json(_TABLES, dbname=db) == before  # queries: no schema
        pg.run(files=[root / "src/setup/setup.sql"], dbname=db)
        assert pg.query_json(_TABLES, dbname=db) != before  # DDL: schema
    result = CliRunner().invoke(cli, ["init"])
    assert result.exit_code == 0, result.output
    assert "Left out: src/models, src/models/sub, the application's named queries" in result.stdout
    assert "files code embeds (`include_str!`)" in result.stdout
    config = yaml.safe_load((root / "dbnamelint.yaml").read_text())
    assert sorted(config["paths"]) == ["migrations", "src/setup"], config
    assert config["exclude"] == ["src/models", "src/models/sub"], config
    # check reads with that config what it reads without the queries
    assert CliRunner().invoke(cli, ["check", "--no-cache"]).exit_code == 0
