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


def test_sibling_module_folders_each_get_their_own_rollbacks_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    """``db/mod-a/`` and ``db/mod-b/`` both number ``002_...``: one phase writes both.

    Each forward, run after its module's ``001``, renames its table; each
    rollback, where it was written, gives back its module's table alone.
    """
    for mod, table in (("mod-a", "ThingA"), ("mod-b", "ThingB")):
        (tmp_path / "db" / mod).mkdir(parents=True)
        (tmp_path / "db" / mod / "001_init.sql").write_text(
            f'CREATE TABLE "{table}" (id int PRIMARY KEY);\n', encoding="utf-8"
        )
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        cli, ["migrate", '--rename="ThingA"=thing_as', '--rename="ThingB"=thing_bs', "--write"]
    )
    assert result.exit_code == 0, result.stderr
    for mod in ("mod-a", "mod-b"):
        assert f"wrote db/{mod}/002_rename_tables.sql (forward)" in result.stderr
        assert f"wrote db/rollbacks/{mod}/002_rename_tables.sql (rollback)" in result.stderr
    with pg.fresh_database("dbnl_s6g1_siblings") as db:
        for mod in ("mod-a", "mod-b"):
            pg.run(files=[tmp_path / "db" / mod / "001_init.sql"], dbname=db)
        before = _relations(pg, db)
        for mod in ("mod-a", "mod-b"):
            pg.run(files=[tmp_path / "db" / mod / "002_rename_tables.sql"], dbname=db)
        tables = {r for r in _relations(pg, db) if r[1] in "rv"}
        assert tables == {("thing_as", "r"), ("ThingA", "v"), ("thing_bs", "r"), ("ThingB", "v")}
        pg.run(files=[tmp_path / "db/rollbacks/mod-a/002_rename_tables.sql"], dbname=db)
        tables = {r for r in _relations(pg, db) if r[1] in "rv"}
        assert tables == {("ThingA", "r"), ("thing_bs", "r"), ("ThingB", "v")}
        pg.run(files=[tmp_path / "db/rollbacks/mod-b/002_rename_tables.sql"], dbname=db)
        assert _relations(pg, db) == before
    # the walk leaves the nested rollback folders out: no table is defined twice
    result = CliRunner().invoke(cli, ["inspect", "--no-cache"])
    assert "rollbacks/" not in result.output
