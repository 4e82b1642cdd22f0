"""``init`` writes ``paths`` in the order the folders must be replayed (trial s28 lemmy).

lemmy's runner (``crates/diesel_utils/src/schema_setup/mod.rs``) runs every
Diesel migration, then its ``replaceable_schema`` folder of routines and
triggers over the migrations' tables. ``init`` wrote the folders in name
order, ``crates/...`` first, and the config's order is the replay order:
its triggers were read before their tables existed (false ``DBN011`` notes,
a trigger missing from the model, ``drift`` finding it only in the
database). Now a folder that works on tables another folder makes, and
makes none that one works on, comes after it; folders with no such tie keep
their name order. Oracle: PostgreSQL, with the files run in the runner's
order, and ``drift`` against it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from pg_server import PgServer

MIGRATION = "migrations/2020-01-01-000000_init/up.sql"
TRIGGERS = "crates/db/replaceable_schema/triggers.sql"
FILES = {
    "diesel.toml": '[print_schema]\nfile = "src/schema.rs"\n',
    MIGRATION: "CREATE TABLE posts (id int PRIMARY KEY, score int);\n",
    "migrations/2020-01-01-000000_init/down.sql": "DROP TABLE posts;\n",
    TRIGGERS: (
        "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS "
        "$$ BEGIN RETURN NEW; END $$;\n"
        "CREATE TRIGGER posts_touch BEFORE UPDATE ON posts FOR EACH ROW "
        "EXECUTE FUNCTION touch();\n"
        "CREATE INDEX idx_posts_score ON posts (score);\n"
    ),
}


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout


def test_a_folder_over_the_migrations_tables_comes_after_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    for name, text in FILES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    monkeypatch.chdir(tmp_path)
    code, _out = _run("init")
    assert code == 0
    config = (tmp_path / "dbnamelint.yaml").read_text()
    listed = [line.strip()[2:] for line in config.splitlines() if line.startswith("  - ")]
    assert listed[:2] == ["migrations", "crates/db/replaceable_schema"], config
    _code, out = _run("check", "--no-cache", "--verbose", "--format", "json")
    codes = [d["code"] for d in json.loads(out)["diagnostics"]]
    assert "DBN011" not in codes, out
    with pg.fresh_database("dbnl_init_path_order") as db:
        pg.run(files=[tmp_path / MIGRATION, tmp_path / TRIGGERS], dbname=db)
        code, out = _run("drift", "--db", pg.url(db), "--format", "json")
    assert (code, json.loads(out)["drift"]) == (0, []), out


def test_folders_with_no_tie_keep_their_name_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two copies of one schema (each makes its own tables) are not reordered."""
    for name in ("db/mysql/001_init.sql", "db/postgres/001_init.sql"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(
            "CREATE TABLE posts (id int);\nCREATE INDEX idx_posts_id ON posts (id);\n"
        )
    monkeypatch.chdir(tmp_path)
    code, _out = _run("init")
    assert code == 0
    config = (tmp_path / "dbnamelint.yaml").read_text()
    listed = [line.strip()[2:] for line in config.splitlines() if line.startswith("  - ")]
    assert listed[:2] == ["db/mysql", "db/postgres"], config


def test_migrate_writes_into_the_migrations_folder_not_the_schema_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    """With the replaceable schema replayed last, the last file touching the
    table is one no migration tool names: ``migrate --write`` put its Diesel
    folder there and refused ("no diesel version sorts after every migration
    of the folder"). The migration goes into ``migrations/`` (PostgreSQL runs
    it forward and back)."""
    from git_helpers import init_repo, isolated_git_env

    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    files = {name: text.replace("posts", "post") for name, text in FILES.items()}
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    monkeypatch.chdir(tmp_path)
    # the runner's order, as the user writes it (or init now writes it)
    (tmp_path / "dbnamelint.yaml").write_text(
        "paths: [migrations, crates/db/replaceable_schema]\ndialect: postgres\n"
    )
    assert _run("whitelist", "init")[0] == 0
    init_repo(tmp_path, "base")
    code, out = _run("migrate", "--phase", "1", "--write")
    assert code == 0, out
    written = sorted(
        p.relative_to(tmp_path).as_posix() for p in tmp_path.glob("migrations/*/up.sql")
    )
    assert len(written) == 2 and written[-1].endswith("_rename_phase_1/up.sql"), written
    with pg.fresh_database("dbnl_init_order_migrate") as db:
        pg.run(files=[tmp_path / MIGRATION, tmp_path / TRIGGERS], dbname=db)
        pg.run(files=[tmp_path / written[-1]], dbname=db)
        renamed = pg.query_json(
            "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'", dbname=db
        )
        pg.run(files=[tmp_path / written[-1].replace("up.sql", "down.sql")], dbname=db)
        back = pg.query_json(
            "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'", dbname=db
        )
    assert {r["name"] for r in renamed} == {"posts"}
    assert {r["name"] for r in back} == {"post"}
