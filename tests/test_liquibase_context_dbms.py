"""Changesets whose context names their database (trial s37 fineract).

Fineract writes a change twice, ``context="postgresql"`` and
``context="mysql"``, and runs Liquibase with the context of the database
(``DatabaseAwareMigrationContextProvider``). Read on every database, the
PostgreSQL twin's ``ALTER TABLE t RENAME a TO b`` renamed the table on
MySQL (a false ``DBN028`` per later use, ``migrate`` refused the tree) and
its ``CREATE INDEX CONCURRENTLY`` indexes were in the MySQL model. A
changelog whose changesets' contexts name two databases or more now runs
each such changeset only on the database it names, as ``dbms`` does; the
gate still judges a new one as that database runs it.

Oracle: real Liquibase 4.28 ``update --contexts=mysql`` on MariaDB 10.11
(``information_schema.columns``), run by ``test_real_liquibase_on_mariadb``
when ``DBNAMELINT_TEST_LIQUIBASE`` is set; its result is ``ORACLE``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import liquibase_cli
from check_json import check_json
from cli_json import inspect_json
from git_helpers import adopted_repo, git, isolated_git_env, write_files
from mysql_server import MysqlServer

HEAD = liquibase_cli.CHANGELOG_HEAD
END = liquibase_cli.CHANGELOG_END
SETS = (
    '  <changeSet author="a" id="1"><createTable tableName="job_params">'
    '<column name="id" type="INT"/><column name="type_cd" type="VARCHAR(10)"/>'
    "</createTable></changeSet>\n"
    '  <changeSet author="a" id="2" context="postgresql"><sql>'
    "ALTER TABLE job_params RENAME type_cd TO parameter_type;"
    "</sql></changeSet>\n"
    '  <changeSet author="a" id="3" context="mysql"><sql>'
    "ALTER TABLE job_params CHANGE COLUMN type_cd parameter_type VARCHAR(100);"
    "</sql></changeSet>\n"
)
CONFIG = "paths: [db]\ndialect: mariadb\n"
#: ``information_schema.columns`` after ``liquibase update --contexts=mysql`` on MariaDB 10.11.
ORACLE = ["job_params.id", "job_params.parameter_type"]


def _model(report: Any) -> list[str]:
    kinds = ("table", "column", "index")
    return sorted(
        o["qualified_name"]
        for o in report["objects"]
        if o["kind"] in kinds and "." in o["qualified_name"]
    )


def test_the_other_databases_twin_is_not_replayed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(tmp_path, {"db/changelog.xml": HEAD + SETS + END, "dbnamelint.yaml": CONFIG})
    code, report = inspect_json(tmp_path, monkeypatch, "--no-cache")
    assert code == 0
    assert _model(report) == ORACLE


@pytest.mark.parametrize("hook", [False, True])
def test_the_gate_judges_a_new_changeset_of_the_other_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hook: bool
) -> None:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(tmp_path)
    adopted_repo(tmp_path, {"db/changelog.xml": HEAD + SETS + END}, CONFIG)
    added = (
        '  <changeSet author="a" id="4" context="postgresql"><sql>'
        'CREATE TABLE "BadPg" (id int);</sql></changeSet>\n'
    )
    (tmp_path / "db/changelog.xml").write_text(HEAD + SETS + added + END)
    if hook:
        git(tmp_path, "add", "db/changelog.xml")
    code, found, _ = check_json(*(("--pre-commit",) if hook else ("--base", "HEAD")))
    assert code == 1
    assert "BadPg" in {f[1] for f in found}


@liquibase_cli.needs_liquibase
def test_real_liquibase_on_mariadb(tmp_path: Path, maria: MysqlServer) -> None:
    write_files(tmp_path, {"db/changelog.xml": HEAD + SETS + END})
    with maria.fresh_database("dbnl_lb_context_dbms") as db:
        done = liquibase_cli.update_mariadb(
            maria, db, tmp_path, "db/changelog.xml", "--contexts=mysql", "update"
        )
        assert done.returncode == 0, done.stdout + done.stderr
        listed = liquibase_cli.maria_columns(maria, db)
    assert listed == ORACLE


FORMATTED = (
    "-- liquibase formatted sql\n"
    "-- changeset a:1\n"
    "CREATE TABLE job_params (id INT, type_cd VARCHAR(10));\n"
    "-- changeset a:2 context:postgresql\n"
    "ALTER TABLE job_params RENAME type_cd TO parameter_type;\n"
    "-- changeset a:3 context:mysql\n"
    "ALTER TABLE job_params CHANGE COLUMN type_cd parameter_type VARCHAR(100);\n"
)


def test_formatted_sql_twins_alike(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_files(tmp_path, {"db/changelog.sql": FORMATTED, "dbnamelint.yaml": CONFIG})
    code, report = inspect_json(tmp_path, monkeypatch, "--no-cache")
    assert code == 0
    assert _model(report) == ORACLE


@pytest.mark.parametrize("hook", [False, True])
def test_the_gate_judges_a_new_formatted_changeset_of_the_other_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hook: bool
) -> None:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(tmp_path)
    adopted_repo(tmp_path, {"db/changelog.sql": FORMATTED}, CONFIG)
    added = '-- changeset a:4 context:postgresql\nCREATE TABLE "BadPg" (id int);\n'
    (tmp_path / "db/changelog.sql").write_text(FORMATTED + added)
    if hook:
        git(tmp_path, "add", "db/changelog.sql")
    code, found, _ = check_json(*(("--pre-commit",) if hook else ("--base", "HEAD")))
    assert code == 1
    assert "BadPg" in {f[1] for f in found}
