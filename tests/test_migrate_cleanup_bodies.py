"""The cleanup refuses to drop a view a function body still reads (trial s7-t1 #14).

PostgreSQL resolves the names in a PL/pgSQL body when it runs: a trigger
function written before a rename keeps reading the old name, which the
compatibility view answers until the cleanup drops it. Oracle: the same
files and the cleanup applied to PostgreSQL 15, where the next INSERT then
fails with "relation ... does not exist"; once a migration rewrites the
body to the new name, the cleanup is written and the INSERT works.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from pg_server import PgServer, SqlFailed

INIT = """CREATE TABLE counter (id int PRIMARY KEY, n int);
CREATE TABLE item (id int);
CREATE FUNCTION bump() RETURNS trigger LANGUAGE plpgsql
  AS $$BEGIN UPDATE counter SET n = n + 1; RETURN NEW; END$$;
CREATE TRIGGER item_bump AFTER INSERT ON item FOR EACH ROW EXECUTE FUNCTION bump();
"""
CONFIG = """paths: [db]
dialect: postgres
select: [DBN107]
rules:
  table-legacy-name:
    options: {names: {counter: counters}}
"""
REWRITE = (
    "CREATE OR REPLACE FUNCTION bump() RETURNS trigger LANGUAGE plpgsql AS "
    "$$BEGIN UPDATE counters SET n = n + 1; RETURN NEW; END$$;\n"
)


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stderr


def _renamed(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (root / "db").mkdir()
    (root / "db" / "001_init.sql").write_text(INIT, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text(CONFIG, encoding="utf-8")
    monkeypatch.chdir(root)
    assert _run("whitelist", "init")[0] == 0
    code, err = _run("migrate", "--all", "--write")
    assert code == 0, err
    assert _run("whitelist", "prune")[0] == 0


def test_cleanup_write_is_refused_while_a_body_reads_the_view(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _renamed(tmp_path, monkeypatch)
    code, err = _run("migrate", "--cleanup", "--write")
    assert code == 2
    assert "db/001_init.sql:4 (function reads counter)" in err
    assert "nothing written (--force drops them anyway)" in err
    assert sorted(p.name for p in (tmp_path / "db").iterdir()) == [
        "001_init.sql",
        "002_rename_whitelist_targets.sql",
    ]
    # The oracle: the cleanup forced through breaks the trigger's next run.
    code, err = _run("migrate", "--cleanup", "--write", "--force")
    assert code == 0, err
    assert "dropped anyway (--force)" in err
    files = sorted((tmp_path / "db").glob("*.sql"))
    with pg.fresh_database("dbnamelint_cleanup_bodies") as db:
        pg.run(files=files[:2], dbname=db)
        pg.run(sql="INSERT INTO item VALUES (1)", dbname=db)  # the view answers
        pg.run(files=files[2:], dbname=db)
        with pytest.raises(SqlFailed, match='relation "counter" does not exist'):
            pg.run(sql="INSERT INTO item VALUES (2)", dbname=db)


def test_cleanup_is_written_once_a_migration_rewrites_the_body(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _renamed(tmp_path, monkeypatch)
    (tmp_path / "db" / "003_bump_reads_counters.sql").write_text(REWRITE, encoding="utf-8")
    code, err = _run("migrate", "--cleanup", "--write")
    assert code == 0, err
    assert "reads counter" not in err
    files = sorted((tmp_path / "db").glob("*.sql"))
    assert len(files) == 4
    with pg.fresh_database("dbnamelint_cleanup_bodies") as db:
        pg.run(files=files, dbname=db)
        pg.run(sql="INSERT INTO item VALUES (1)", dbname=db)
        rows = pg.query_json("SELECT count(*) AS n FROM pg_views WHERE viewname = 'counter'", db)
        assert rows == [{"n": 0}]


def test_the_dry_run_warns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _renamed(tmp_path, monkeypatch)
    code, err = _run("migrate", "--cleanup")
    assert code == 0
    assert "warning: 1 body in the schema still reads the views" in err
    assert "--write would be refused without --force" in err
