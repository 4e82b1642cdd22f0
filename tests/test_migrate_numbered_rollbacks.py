"""A numbered folder's rollback stays out of reach of runners that apply every ``*.sql``.

``docker-entrypoint-initdb.d`` runs ``/docker-entrypoint-initdb.d/*`` in
glob order (files only; a folder is ignored), node ``postgres-migrations``
every ``*.sql`` file of its folder: a ``002-x.down.sql`` beside the forward
ran, and first. Oracle: the real PostgreSQL, given every ``*.sql`` of the
folder in name order as such a runner gives them, ends with the renamed
table and its compatibility view; the rollback, where it was written,
takes it back.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from pg_server import PgServer


def _tree(root: Path, folder: str) -> Path:
    db = root / folder if folder else root
    db.mkdir(parents=True, exist_ok=True)
    (db / "001-init.sql").write_text('CREATE TABLE "Foo" (id int);\n', encoding="utf-8")
    paths = f"[{folder}]" if folder else "['.']"
    (root / "dbnamelint.yaml").write_text(f"paths: {paths}\ndialect: postgres\n")
    return db


def _write(root: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["migrate", '--rename="Foo"=foo', "--write"])
    assert result.exit_code == 0, result.stderr
    return result.stderr


def _relations(pg: PgServer, db: str) -> set[tuple[str, str]]:
    rows = pg.query_json(
        "SELECT relname, relkind FROM pg_class WHERE relnamespace = 'public'::regnamespace",
        db,
    )
    return {(r["relname"], r["relkind"]) for r in rows}


def test_every_sql_of_the_folder_in_name_order_runs_the_forward_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    folder = _tree(tmp_path, "db")
    err = _write(tmp_path, monkeypatch)
    assert "wrote db/002-rename-tables.sql (forward)" in err
    assert "wrote rollbacks/002-rename-tables.sql (rollback)" in err
    run_all = sorted(folder.glob("*.sql"))  # what the entrypoint's glob gives
    assert [p.name for p in run_all] == ["001-init.sql", "002-rename-tables.sql"]
    with pg.fresh_database("dbnl_s6f3_numbered") as db:
        pg.run(files=run_all, dbname=db)
        assert _relations(pg, db) == {("foo", "r"), ("Foo", "v")}
        pg.run(files=[tmp_path / "rollbacks" / "002-rename-tables.sql"], dbname=db)
        assert _relations(pg, db) == {("Foo", "r")}
    # and `check` replays the forward, not the rollback folder
    result = CliRunner().invoke(cli, ["inspect", "--no-cache"])
    assert "view Foo" in result.output
    assert "rollbacks/" not in result.output


def test_a_folder_at_the_top_of_the_tree_keeps_its_rollbacks_inside(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The parent of the tree's top is no place to write to."""
    _tree(tmp_path, "")
    err = _write(tmp_path, monkeypatch)
    assert "wrote 002-rename-tables.sql (forward)" in err
    assert "wrote rollbacks/002-rename-tables.sql (rollback)" in err
    assert (tmp_path / "rollbacks" / "002-rename-tables.sql").is_file()
    assert not list(tmp_path.parent.glob("rollbacks"))


def test_a_folder_that_keeps_down_files_beside_keeps_its_convention(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``001-init.down.sql`` beside ``001-init.sql``: its runner skips them."""
    folder = _tree(tmp_path, "db")
    (folder / "001-init.down.sql").write_text('DROP TABLE "Foo";\n', encoding="utf-8")
    err = _write(tmp_path, monkeypatch)
    assert "wrote db/002-rename-tables.down.sql (rollback)" in err
    assert not (tmp_path / "rollbacks").exists()
