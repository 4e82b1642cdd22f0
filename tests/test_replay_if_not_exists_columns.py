"""A ``CREATE TABLE IF NOT EXISTS`` the standing table makes a no-op (trial s20, shiori #11).

A migration folder adds ``CREATE TABLE IF NOT EXISTS tags (id INT, BadCol
INT)`` while ``tags`` stands: the database skips the whole statement, so
``BadCol`` is never made and its name never checked, and the run passed in
silence. It now warns (DBN010) naming the columns the standing table lacks;
a definition that only repeats the standing table's columns is no news.

The databases are the oracle: after both files run, the table has no such
column (PostgreSQL's catalog, MariaDB's information_schema, sqlite3's
``pragma_table_info``), and the model agrees.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

import mysql_server
import pg_server
from dbnamelint.cli import cli

FIRST = "CREATE TABLE tags (id INT, name VARCHAR(20));\n"
AGAIN = "CREATE TABLE IF NOT EXISTS tags (id INT, name VARCHAR(20), BadCol INT, note_text INT);\n"
SAME = "CREATE TABLE IF NOT EXISTS tags (id INT, name VARCHAR(20));\n"


def _check(tmp_path: Path, dialect: str, *files: str) -> tuple[list[dict[str, object]], set[str]]:
    """(``check``'s diagnostics, the columns ``inspect`` gives ``tags``) for a
    migration folder of ``files``, in order."""
    folder = tmp_path / "m"
    folder.mkdir()
    for i, text in enumerate(files, start=1):
        (folder / f"{i:04d}_step.up.sql").write_text(text, encoding="utf-8")
    runner = CliRunner()
    done = runner.invoke(
        cli, ["check", "--no-cache", "--dialect", dialect, "--format", "json", str(folder)]
    )
    assert done.exit_code == 0, done.output
    diagnostics = json.loads(done.stdout)["diagnostics"]
    shown = runner.invoke(
        cli, ["inspect", "--no-cache", "--dialect", dialect, "--format", "json", str(folder)]
    )
    assert shown.exit_code == 0, shown.output
    columns = {
        str(o["name"]).lower()
        for o in json.loads(shown.stdout)["objects"]
        if o["kind"] == "column" and o["table"] == "tags"
    }
    return diagnostics, columns


def _warned(diagnostics: list[dict[str, object]]) -> list[str]:
    return [
        str(d["message"])
        for d in diagnostics
        if d["code"] == "DBN010" and d["severity"] == "warning"
    ]


@pytest.mark.parametrize("dialect", ["sqlite", "postgres", "mysql"])
def test_a_repeat_of_the_standing_columns_is_no_news(tmp_path: Path, dialect: str) -> None:
    diagnostics, columns = _check(tmp_path, dialect, FIRST, SAME)
    assert _warned(diagnostics) == []
    assert columns == {"id", "name"}


def _model_and_warning(tmp_path: Path, dialect: str, database_columns: set[str]) -> None:
    diagnostics, columns = _check(tmp_path, dialect, FIRST, AGAIN)
    assert columns == database_columns == {"id", "name"}
    (message,) = _warned(diagnostics)
    assert "its columns BadCol, note_text never reach the database" in message
    assert "m/0001_step.up.sql:1:14" in message


def test_sqlite(tmp_path: Path) -> None:
    db = sqlite3.connect(":memory:")
    db.executescript(FIRST + AGAIN)
    got = {r[0].lower() for r in db.execute("SELECT name FROM pragma_table_info('tags')")}
    db.close()
    _model_and_warning(tmp_path, "sqlite", got)


def test_postgres(pg: pg_server.PgServer, tmp_path: Path) -> None:
    with pg.fresh_database("dbnl_ine_columns") as name:
        pg.run(sql=FIRST + AGAIN, dbname=name)
        rows = pg.query_json(
            "SELECT attname FROM pg_attribute WHERE attrelid = 'tags'::regclass "
            "AND attnum > 0 AND NOT attisdropped",
            name,
        )
    _model_and_warning(tmp_path, "postgres", {str(r["attname"]) for r in rows})


def test_mariadb(maria: mysql_server.MysqlServer, tmp_path: Path) -> None:
    with maria.fresh_database("dbnl_ine_columns") as name:
        maria.run(FIRST + AGAIN, database=name)
        out = maria.run(
            "SELECT column_name FROM information_schema.columns "
            f"WHERE table_schema = '{name}' AND table_name = 'tags'",
        )
    _model_and_warning(tmp_path, "mysql", {line.strip().lower() for line in out.split()})
