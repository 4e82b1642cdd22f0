"""sqlx migrations carry no BEGIN/COMMIT: sqlx runs each one in its own transaction.

Trial s6-t1 finding 13 (svix-webhooks, ``sqlx::migrate!()``,
``<14 digits>_x.up.sql``): the written migration opened with ``BEGIN;``, and
its ``COMMIT;`` ended sqlx's transaction early, so sqlx's bookkeeping
insert was no longer atomic with the DDL. A folder is sqlx's when the
crate's ``Cargo.toml`` depends on sqlx (the names alone are golang-migrate's
or Supabase's too). Oracle: the real PostgreSQL runs the forward inside an
outer transaction, as sqlx does, that is then rolled back; the catalog must
be as before (an inner COMMIT would have kept the renames).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.services.migrate.layout import Layout, detect
from pg_server import PgServer

_CARGO = """\
[package]
name = "svix-server"

[dependencies]
serde = "1"
sqlx = { version = "0.7", features = ["postgres", "migrate"] }
"""


def _tree(root: Path, *, reversible: bool, cargo: bool = True) -> Path:
    crate = root / "server"
    migrations = crate / "migrations"
    migrations.mkdir(parents=True)
    if cargo:
        (crate / "Cargo.toml").write_text(_CARGO, encoding="utf-8")
    up = "20220101000000_init.up.sql" if reversible else "20220101000000_init.sql"
    (migrations / up).write_text('CREATE TABLE "Message" (id int PRIMARY KEY);\n')
    if reversible:
        (migrations / "20220101000000_init.down.sql").write_text('DROP TABLE "Message";\n')
    (root / "dbnamelint.yaml").write_text(
        "paths: [server/migrations]\ndialect: postgres\n", encoding="utf-8"
    )
    return migrations / up


def _write(root: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["migrate", '--rename="Message"=messages', "--write"])
    assert result.exit_code == 0, result.stderr
    return [
        line.split(" ", 1)[1] for line in result.stderr.splitlines() if line.startswith("wrote")
    ]


def _relations(pg: PgServer, db: str) -> set[str]:
    rows = pg.query_json(
        "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace", db
    )
    return {r["relname"] for r in rows}


def test_reversible_sqlx_migration_runs_inside_sqlx_transaction(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    init = _tree(tmp_path, reversible=True)
    assert detect(init) is Layout.SQLX
    written = _write(tmp_path, monkeypatch)
    assert len(written) == 2
    forward_name, rollback_name = (w.split(" ")[0] for w in written)
    assert forward_name.endswith("_rename_tables.up.sql")
    assert rollback_name == forward_name.replace(".up.sql", ".down.sql")
    forward = (tmp_path / forward_name).read_text(encoding="utf-8")
    rollback = (tmp_path / rollback_name).read_text(encoding="utf-8")
    assert "BEGIN;" not in forward and "COMMIT;" not in forward
    assert "BEGIN;" not in rollback and "COMMIT;" not in rollback
    wrapped = tmp_path / "as_sqlx_runs_it.sql"
    # sqlx: BEGIN; <the file>; INSERT INTO _sqlx_migrations ...; COMMIT. Rolled back
    # here instead: nothing of the file may stay.
    wrapped.write_text(f"BEGIN;\n{forward}\nROLLBACK;\n", encoding="utf-8")
    with pg.fresh_database("dbnl_s6f3_sqlx") as db:
        pg.run(files=[init], dbname=db)
        before = _relations(pg, db)
        pg.run(files=[wrapped], dbname=db)
        assert _relations(pg, db) == before
        pg.run(files=[tmp_path / forward_name], dbname=db)
        assert _relations(pg, db) == {"messages", "messages_pkey", "Message"}
        pg.run(files=[tmp_path / rollback_name], dbname=db)
        assert _relations(pg, db) == before


def test_simple_sqlx_folder_keeps_its_rollback_out_of_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path, reversible=False)
    written = _write(tmp_path, monkeypatch)
    forward_name, rollback_name = (w.split(" ")[0] for w in written)
    assert forward_name.startswith("server/migrations/") and forward_name.endswith(
        "_rename_tables.sql"
    )
    # sqlx reads only its folder; a .down.sql there would make it reversible
    assert rollback_name == forward_name.replace("migrations/", "rollbacks/")
    assert "BEGIN;" not in (tmp_path / forward_name).read_text(encoding="utf-8")


def test_without_sqlx_the_same_names_stay_golang_migrate_as_the_folder_writes_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a go.mod requiring golang-migrate nothing names the runner: the
    script opens no transaction, as none of the folder's files does."""
    init = _tree(tmp_path, reversible=True, cargo=False)
    assert detect(init) is Layout.GOLANG_MIGRATE
    written = _write(tmp_path, monkeypatch)
    forward = (tmp_path / written[0].split(" ")[0]).read_text(encoding="utf-8")
    assert "BEGIN;" not in forward and "COMMIT;" not in forward
    assert "opens a transaction of its own" in forward


def test_write_says_the_cleanup_comes_later_and_cleanup_write_writes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    """Trial s31 windmill: ``--write`` wrote the forward and rollback, printed
    the cleanup, and said nothing of it (it was copied out by hand). sqlx runs
    every pending file of its folder, so the cleanup is not written with the
    forward (it would drop the view the old code reads); the run says so and
    names ``migrate --cleanup --write``, which writes it as a sqlx migration."""
    init = _tree(tmp_path, reversible=True)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["migrate", '--rename="Message"=messages', "--write"])
    assert result.exit_code == 0, result.stderr
    assert "`dbnamelint migrate --cleanup --write` writes it" in result.stderr
    migrations = tmp_path / "server" / "migrations"
    texts = [p.read_text(encoding="utf-8") for p in migrations.glob("*_rename_tables.up.sql")]
    assert len(texts) == 1 and "DROP VIEW" not in texts[0]
    forward = next(migrations.glob("*_rename_tables.up.sql"))
    done = CliRunner().invoke(cli, ["migrate", "--cleanup", "--write"])
    assert done.exit_code == 0, done.stderr
    assert "migrate --cleanup --write" not in done.stderr  # this is the cleanup
    cleanup = [p for p in migrations.glob("*.up.sql") if p not in (init, forward)]
    assert len(cleanup) == 1 and 'DROP VIEW "Message"' in cleanup[0].read_text(encoding="utf-8")
    with pg.fresh_database("dbnl_s31_sqlx_cleanup") as db:
        pg.run(files=[init, forward], dbname=db)
        assert "Message" in _relations(pg, db)  # the compatibility view
        pg.run(files=cleanup, dbname=db)
        assert _relations(pg, db) == {"messages", "messages_pkey"}
