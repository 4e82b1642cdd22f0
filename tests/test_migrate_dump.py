"""migrate on a tree that is one schema dump, not a migration tool's folder.

The layout is told only from files the run reads (the configured paths):
a file beside the dump but outside ``paths`` is never blamed. A dump names
no migration tool, so ``--write`` is refused with what to do; without
``--write`` the plan and SQL are still printed (``-o FILE`` saves them), and
the advice given (number the dump, ``--layout numbered``) works: its
migration runs on the real PostgreSQL after the dump.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from pg_server import PgServer

_DUMP = """\
CREATE TABLE public."Actor" (actor_id integer NOT NULL, first_name text NOT NULL);
ALTER TABLE ONLY public."Actor" ADD CONSTRAINT "Actor_pkey" PRIMARY KEY (actor_id);
"""


def _tree(root: Path, paths: str = "[schema.sql]") -> dict[str, str]:
    root.mkdir(exist_ok=True)
    (root / "schema.sql").write_text(_DUMP, encoding="utf-8")
    # Beside the dump, not configured: another dump the run never reads.
    (root / "schema-jsonb.sql").write_text("CREATE TABLE other (id int);\n", encoding="utf-8")
    (root / "dbnamelint.yaml").write_text(f"paths: {paths}\ndialect: postgres\n")
    return _files(root)


def _files(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text() for p in root.rglob("*") if p.is_file()}


def _run(root: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["migrate", '--rename="Actor"=actors', *args])
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_a_dump_is_refused_for_write_with_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _tree(tmp_path)
    code, _, err = _run(tmp_path, monkeypatch, "--write")
    assert code == 2
    assert "schema.sql: cannot tell which migration tool names this file" in err
    assert "db/000-schema.sql" in err and "--layout numbered" in err and "-o FILE" in err
    assert _files(tmp_path) == before


@pytest.mark.parametrize("layout", ["golang-migrate", "timestamped"])
def test_a_forced_layout_blames_only_a_file_the_run_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, layout: str
) -> None:
    before = _tree(tmp_path)
    code, _, err = _run(tmp_path, monkeypatch, "--layout", layout, "--write")
    assert code == 2
    assert "schema.sql sorts after" in err
    assert "schema-jsonb.sql" not in err  # outside `paths`: not the run's business
    assert "db/000-schema.sql" in err
    assert _files(tmp_path) == before


def test_without_write_the_sql_is_printed_and_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path)
    code, out, err = _run(tmp_path, monkeypatch)
    assert code == 0, err
    assert 'ALTER TABLE "public"."Actor" RENAME TO "actors";' in out
    assert "note: --write would be refused" in err and "cannot tell which migration tool" in err
    saved = tmp_path / "rename.sql"
    code, out, err = _run(tmp_path, monkeypatch, "-o", str(saved))
    assert code == 0, err
    assert out == ""
    assert 'ALTER TABLE "public"."Actor" RENAME TO "actors";' in saved.read_text()


def test_the_advice_works_the_numbered_dump_migrates_on_postgres(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    _tree(tmp_path, "[db]")
    (tmp_path / "db").mkdir()
    (tmp_path / "schema.sql").rename(tmp_path / "db" / "000-schema.sql")
    code, _, err = _run(tmp_path, monkeypatch, "--layout", "numbered", "--write")
    assert code == 0, err
    forward = tmp_path / "db" / "001-rename-tables.sql"
    assert f"wrote db/{forward.name} (forward)" in err
    with pg.fresh_database("dbnamelint_dump_numbered") as db:
        pg.run(files=[tmp_path / "db" / "000-schema.sql", forward], dbname=db)
        rows = pg.query_json(
            "SELECT c.relname AS name, c.relkind AS kind FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' ORDER BY 1",
            db,
        )
    assert {(r["name"], r["kind"]) for r in rows} == {
        ("actors", "r"),
        ("actors_pkey", "i"),
        ("Actor", "v"),  # the compatibility view
    }
