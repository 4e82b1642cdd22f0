"""``whitelist init`` spells objects of the default schema one way (s9 trial finding 17).

``CREATE TABLE "public"."Chart"`` and ``CREATE TABLE "Account"`` create
tables in the same schema: the oracle is PostgreSQL's catalog (both in
``public``), read from a real server when one is configured. Entries are
written without the default schema (README *How an entry finds its object*:
"the default schema folds away"), and a whitelist written the old way
(``public.Chart``) still matches.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import pg_server
from dbnamelint.cli import cli

SQL = (
    'CREATE TABLE "public"."Chart" (id int, "someCol" int);\n'
    'CREATE TABLE "Account" (id int);\n'
    'CREATE TABLE public."Survey" (id int);\n'
    "CREATE SCHEMA app;\n"
    'CREATE TABLE app."Other" (id int);\n'
)


def _init(root: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    (root / "db").mkdir(parents=True)
    (root / "db/001.sql").write_text(SQL)
    (root / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n")
    monkeypatch.chdir(root)
    done = CliRunner().invoke(cli, ["whitelist", "init"])
    assert done.exit_code == 0, done.output
    data = yaml.safe_load((root / "whitelist.yaml").read_text())
    return sorted(e["name"] for e in data["entries"])


def test_entries_of_the_default_schema_are_spelled_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = _init(tmp_path / "p", monkeypatch)
    assert names == ["Account", "Chart", "Chart.someCol", "Survey", "app.Other"]
    done = CliRunner().invoke(cli, ["check"])
    assert done.exit_code == 0, done.output


def test_a_whitelist_spelled_with_public_still_matches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "p"
    _init(root, monkeypatch)
    text = (root / "whitelist.yaml").read_text()
    text = text.replace("name: Chart\n", "name: public.Chart\n")
    text = text.replace("name: Account\n", "name: public.Account\n")
    assert "public.Chart" in text and "public.Account" in text
    (root / "whitelist.yaml").write_text(text)
    done = CliRunner().invoke(cli, ["check"])
    assert done.exit_code == 0, done.output
    assert "DBN900" not in done.output


def test_the_catalog_agrees_the_tables_share_a_schema(
    pg: pg_server.PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = _init(tmp_path / "p", monkeypatch)
    with pg.fresh_database("dbn_default_schema") as db:
        pg.run(sql=SQL, dbname=db)
        rows = pg.query_json(
            "SELECT table_schema AS s, table_name AS t FROM information_schema.tables "
            "WHERE table_schema IN ('public', 'app')",
            db,
        )
    # An entry names the schema exactly when the table is outside the default one.
    expected = sorted(r["t"] if r["s"] == "public" else f"{r['s']}.{r['t']}" for r in rows)
    assert [n for n in names if n.count(".") == (1 if n.startswith("app.") else 0)] == expected


def test_names_that_differ_only_in_case_get_entries_that_tell_them_apart(
    pg: pg_server.PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Trial s9-t2 F12: ``"UserAccount"`` and ``useraccount`` are two tables
    (PostgreSQL's catalog says so); ``init`` writes the quoted one quoted, the
    whitelist it wrote loads, and every finding of both is excused."""
    sql = 'CREATE TABLE "UserAccount" (id int);\nCREATE TABLE useraccount (id int);\n'
    with pg.fresh_database("dbnl_s9_case_twins") as db:
        pg.run(sql=sql, dbname=db)
        rows = pg.query_json(
            "SELECT relname AS n FROM pg_class WHERE relname ILIKE 'useraccount' ORDER BY 1", db
        )
        assert [r["n"] for r in rows] == ["UserAccount", "useraccount"]
    (tmp_path / "db").mkdir()
    (tmp_path / "db/001.sql").write_text(sql)
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n")
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(cli, ["whitelist", "init"])
    assert done.exit_code == 0, done.output
    data = yaml.safe_load((tmp_path / "whitelist.yaml").read_text())
    assert sorted(e["name"] for e in data["entries"]) == ['"UserAccount"', "useraccount"]
    checked = CliRunner().invoke(cli, ["check"])
    assert checked.exit_code == 0, checked.output
    assert "Not failing: 3 whitelisted" in checked.output
