"""Names written unquoted in upper case: PostgreSQL stores them folded.

``CREATE TABLE LANGUAGE`` (Lemmy's migrations) makes a table the catalog
calls ``language``; a later ``ALTER TABLE "language" RENAME TO
"languages"`` quotes the next name. Each name the table has had folds with
the quoting it was written with, not with the current one's
(:func:`dbnamelint.core.identity.earlier_names`). The oracle is PostgreSQL:
``to_regclass`` says which written names denote the table.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from pg_server import PgServer

CREATE = "CREATE TABLE LANGUAGE (id int);\n"
RENAME = 'ALTER TABLE "language" RENAME TO "languages";\n'


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


def project(root: Path, whitelist: str, *files: str) -> list[Path]:
    (root / "m").mkdir()
    paths = []
    for i, sql in enumerate(files, 1):
        paths.append(root / "m" / f"00{i}_m.sql")
        paths[-1].write_text(sql, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text("paths: [m]\ndialect: postgres\n", encoding="utf-8")
    (root / "whitelist.yaml").write_text(whitelist, encoding="utf-8")
    return paths


def regclass(pg: PgServer, db: str, name: str) -> str | None:
    rows = pg.query_json(f"SELECT to_regclass('{name}')::text AS r", dbname=db)
    found: str | None = rows[0]["r"]
    return found


def test_quoted_entry_names_the_folded_table(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = project(
        tmp_path,
        "entries:\n  - kind: table\n    name: '\"language\"'\n    rules: [DBN105]\n",
        CREATE,
    )
    with pg.fresh_database("dbn_upper_entry") as db:
        pg.run(files=files, dbname=db)
        assert regclass(pg, db, '"language"') == "language"
        assert regclass(pg, db, '"LANGUAGE"') is None
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("check")
    assert code == 0, out
    assert "1 whitelisted" in out and "stale" not in out
    # "LANGUAGE" quoted is another table, which the database does not have.
    (tmp_path / "whitelist.yaml").write_text(
        "entries:\n  - kind: table\n    name: '\"LANGUAGE\"'\n    rules: [DBN105]\n"
    )
    code, out, _ = run("check")
    assert code == 1 and "DBN900 stale whitelist entry" in out


def test_entry_follows_a_quoted_rename_of_an_unquoted_name(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = project(
        tmp_path,
        "entries:\n  - kind: table\n    name: language\n    rules: [DBN105]\n"
        "    target: languages\n",
        CREATE,
        RENAME,
    )
    with pg.fresh_database("dbn_upper_rename") as db:
        pg.run(files=files[:1], dbname=db)
        assert regclass(pg, db, "language") == "language"  # what the rename's "language" finds
        pg.run(files=files[1:], dbname=db)
        assert regclass(pg, db, "languages") == "languages"
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("check")
    # The entry's table was renamed to its target: done, not "no table named language".
    assert code == 1
    assert (
        "stale whitelist entry table language: renamed to its target languages at m/002_m.sql"
        in out
    )


def test_reports_and_whitelist_init_show_the_stored_name(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``check``, ``whitelist init`` and ``impact`` name the table as the
    catalog stores it; a quoted upper-case table keeps its case."""
    files = project(tmp_path, "", CREATE + 'CREATE TABLE "ORDER_LINE" (id int);\n')
    (tmp_path / "whitelist.yaml").unlink()
    with pg.fresh_database("dbn_upper_shown") as db:
        pg.run(files=files, dbname=db)
        stored = pg.query_json(
            "SELECT relname FROM pg_class WHERE relkind = 'r' AND "
            "relnamespace = 'public'::regnamespace ORDER BY relname",
            dbname=db,
        )
    assert [r["relname"] for r in stored] == ["ORDER_LINE", "language"]
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("check")
    assert code == 1
    assert 'DBN105 table "language":' in out and '"LANGUAGE"' not in out
    assert 'table "ORDER_LINE"' in out  # quoted: stored as written
    code, _, _ = run("whitelist", "init")
    text = (tmp_path / "whitelist.yaml").read_text()
    assert "name: language\n" in text and "name: LANGUAGE" not in text
    assert "name: ORDER_LINE\n" in text
    code, out, _ = run("check")
    assert code == 0, out
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "main.rs").write_text('const Q: &str = "SELECT * FROM language";\n')
    code, out, _ = run("impact")
    assert "table language -> languages: 1 reference" in out, out
    # drift names the files' table as the database would store it.
    with pg.fresh_database("dbn_upper_drift") as db:
        info = dict(part.split("=", 1) for part in pg.conninfo.split())
        url = f"postgresql://{info.get('user', 'postgres')}@{info.get('host', '127.0.0.1')}:"
        code, out, _ = run("drift", "--db", f"{url}{info.get('port', 5432)}/{db}")
    assert code == 1
    assert "only_in_files: table language is in the files but not in the database" in out
    assert "only_in_files: table ORDER_LINE is in the files" in out


def test_dbn504_names_the_old_table_as_stored(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The names PostgreSQL derived from the unquoted LANGUAGE hold
    ``language``, the old name DBN504 reports (was 'LANGUAGE')."""
    files = project(
        tmp_path,
        "",
        "CREATE TABLE LANGUAGE (id serial PRIMARY KEY, code text);\n"
        "CREATE INDEX ON LANGUAGE (code);\n",
        RENAME,
    )
    with pg.fresh_database("dbn_upper_dbn504") as db:
        pg.run(files=files, dbname=db)
        derived = pg.query_json(
            "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace "
            "AND relkind IN ('i', 'S') ORDER BY relname",
            dbname=db,
        )
    names = [r["relname"] for r in derived]
    assert names == ["language_code_idx", "language_id_seq", "language_pkey"]
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("check", "--select", "DBN504")
    assert code == 1
    for name in names:
        assert (
            f"name '{name}' still contains the old table name 'language' (now 'languages')" in out
        ), out
