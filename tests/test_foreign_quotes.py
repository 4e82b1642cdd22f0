"""A file read in the wrong dialect says so where its first name is quoted
the other dialect's way.

Right values: each statement is refused by the real server of the dialect
the file is read as (so the file is not written for it), and accepted by a
server of the dialect the hint names.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import mysql_server
import pg_server
from dbnamelint.cli import cli

BACKTICKS = "CREATE TABLE `user_accounts` (`id` int NOT NULL, PRIMARY KEY (`id`));\n"
DOUBLE_QUOTES = 'CREATE TABLE "user_accounts" (id int);\n'


def _check(tmp_path: Path, sql: str, dialect: str) -> tuple[int, str]:
    path = tmp_path / "schema.sql"
    path.write_text(sql, encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["check", "--no-cache", "--dialect", dialect, str(path)], catch_exceptions=False
    )
    return result.exit_code, result.output


def test_backticks_read_as_postgres(
    tmp_path: Path, pg: pg_server.PgServer, maria: mysql_server.MysqlServer
) -> None:
    with pg.fresh_database("dbnamelint_quotes") as db, pytest.raises(pg_server.SqlFailed):
        pg.run(sql=BACKTICKS, dbname=db)
    with maria.fresh_database("dbnamelint_quotes") as db:
        maria.run(BACKTICKS, database=db)  # MariaDB reads it
    code, out = _check(tmp_path, BACKTICKS, "postgres")
    assert code == 1
    assert "DBN004" in out and "found '`'" in out
    assert "backticks quote names in MySQL" in out and "not in postgres" in out
    assert "--dialect" in out
    # Read as MySQL, the same file is read, and nothing is said about quotes.
    code, out = _check(tmp_path, BACKTICKS, "mysql")
    assert code == 0 and "backticks" not in out


def test_double_quotes_read_as_mysql(
    tmp_path: Path, pg: pg_server.PgServer, maria: mysql_server.MysqlServer
) -> None:
    with maria.fresh_database("dbnamelint_quotes") as db, pytest.raises(mysql_server.SqlFailed):
        maria.run(DOUBLE_QUOTES, database=db)  # a string where a name goes
    with pg.fresh_database("dbnamelint_quotes") as db:
        pg.run(sql=DOUBLE_QUOTES, dbname=db)
    code, out = _check(tmp_path, DOUBLE_QUOTES, "mariadb")
    assert code == 1 and "DBN004" in out
    assert "double quotes make a string, not a name, in mariadb" in out
    assert "ANSI_QUOTES" in out


def test_square_brackets_read_as_postgres(tmp_path: Path) -> None:
    sql = "CREATE TABLE [dbo].[Users] ([Id] int);\n"
    code, out = _check(tmp_path, sql, "postgres")
    assert code == 1 and "square brackets quote names in SQL Server" in out
    code, out = _check(tmp_path, sql, "tsql")
    assert "square brackets" not in out and "DBN004" not in out


def test_a_name_error_with_no_foreign_quote_has_no_hint(tmp_path: Path) -> None:
    code, out = _check(tmp_path, "CREATE TABLE (id int);\n", "postgres")
    assert code == 1 and "DBN004" in out
    assert "quote" not in out and "--dialect" not in out


def test_a_procedure_call_is_an_info_note_listed_with_verbose(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # MySQL migrations drop indexes through procedures (no DROP INDEX IF EXISTS);
    # the reader does not run them, so the run says so when asked to list notes.
    sql = (
        "CREATE TABLE users (id int, email text, KEY users_email_idx (email));\n"
        "CALL drop_index_if_exists('users', 'users_email_idx');\n"
    )
    monkeypatch.chdir(tmp_path)  # no config found: the built-in rules
    path = tmp_path / "schema.sql"
    path.write_text(sql, encoding="utf-8")
    runner = CliRunner()
    quiet = runner.invoke(cli, ["check", "--no-cache", "--dialect", "mysql", str(path)])
    assert quiet.exit_code == 0 and "schema.sql:2:1: DBN012" not in quiet.output
    assert "1 info note not listed (DBN012 x1)" in quiet.output
    loud = runner.invoke(cli, ["check", "--no-cache", "-v", "--dialect", "mysql", str(path)])
    assert loud.exit_code == 0
    assert "schema.sql:2:1: DBN012 info: CALL drop_index_if_exists:" in loud.output
    assert "not in the model" in loud.output
    described = runner.invoke(cli, ["rules", "DBN012"])
    assert described.exit_code == 0 and "procedure-call-not-read" in described.output
