"""Liquibase preconditions of formatted SQL, and ``sqlCheck`` answered from the model.

Formatted SQL's ``--preconditions onFail:MARK_RAN`` with
``--precondition-sql-check``/``-table-exists``/``-view-exists`` lines were
read as comments: the changeset was replayed unconditionally (``old_extra``
below, and a second ``CREATE TABLE person`` the database never runs).
``sqlCheck`` (XML, YAML, formatted SQL) was never evaluated: a changeset
behind ``COUNT(*) FROM information_schema.tables WHERE table_name = 'person'``
ran whatever the count. Replay now evaluates both as Liquibase does.

Oracle: real Liquibase 4.28 ``update`` (the npm ``liquibase`` package's
distribution, its bundled JDBC drivers) of :data:`PG_CHANGELOG` on
PostgreSQL 15 left the tables :data:`PG_ORACLE` (``databasechangelog``: 2,
7, 13, 14 ``MARK_RAN``, 4 not recorded, the rest ``EXECUTED``); of
:data:`MARIA_CHANGELOG` on MariaDB 10.11 :data:`MARIA_ORACLE` (2, 3, 5, 10
``MARK_RAN``: ``statistics`` has a row per index column, and ``table_name``
and ``index_name`` compare exactly there while ``column_name``,
``routine_name`` and ``constraint_name`` ignore case);
of :data:`XML` on PostgreSQL :data:`XML_ORACLE`. The ``real_*`` tests rerun
it when ``DBNAMELINT_TEST_LIQUIBASE`` names a ``liquibase`` executable.
"""

# ruff: noqa: E501 (the changelogs are Liquibase's oracle input, one precondition a line)
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

import liquibase_cli
from check_json import check_json
from cli_json import inspect_json, run_text
from git_helpers import adopted_repo, git, isolated_git_env, write_files
from mysql_server import MysqlServer
from pg_server import PgServer

PG_CHANGELOG = """-- liquibase formatted sql

-- changeset t:1
CREATE TABLE person (id int PRIMARY KEY, name varchar(50));
CREATE INDEX person_name_idx ON person (name);
CREATE VIEW person_v AS SELECT id FROM person;
CREATE FUNCTION f_one() RETURNS int LANGUAGE sql AS 'SELECT 1';

-- changeset t:2
-- preconditions onFail:MARK_RAN onError:HALT
-- precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'person'
CREATE TABLE person (id int);
CREATE TABLE old_extra (id int);

-- changeset t:3
-- preconditions onFail:MARK_RAN
-- precondition-table-exists table:person
CREATE TABLE table_seen (id int);

-- changeset t:4
-- preconditions onFail:CONTINUE
-- precondition-view-exists view:nope_v
CREATE TABLE view_skipped (id int);

-- changeset t:5
-- preconditions onFail:MARK_RAN
-- precondition-sql-check expectedResult:1 SELECT COUNT(*) FROM information_schema.columns WHERE table_name = 'person' AND column_name = 'name' AND table_schema = current_schema()
CREATE TABLE column_seen (id int);

-- changeset t:6
-- preconditions onFail:MARK_RAN
-- precondition-sql-check expectedResult:1 SELECT COUNT(*) FROM pg_indexes WHERE indexname = 'person_name_idx'
CREATE TABLE pg_index_seen (id int);

-- changeset t:7
-- preconditions onFail:MARK_RAN
-- precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM pg_class WHERE relname = 'person_pkey'
CREATE TABLE pkey_absent (id int);

-- changeset t:8
-- preconditions onFail:MARK_RAN
-- precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM person
CREATE TABLE unknown_checked (id int);

-- changeset t:9
-- preconditions onFail:MARK_RAN
-- precondition-sql-check expectedResult:1 SELECT COUNT(*) FROM information_schema.table_constraints WHERE constraint_name = 'person_pkey' AND constraint_type = 'PRIMARY KEY'
CREATE TABLE constraint_seen (id int);

-- changeset t:10
-- preconditions onFail:MARK_RAN
-- precondition-sql-check expectedResult:1 SELECT COUNT(*) FROM pg_tables WHERE tablename = 'person' AND schemaname = 'public'
CREATE TABLE pg_tables_seen (id int);

-- changeset t:11
-- preconditions onFail:MARK_RAN
-- precondition-sql-check expectedResult:1 SELECT COUNT(*) FROM information_schema.routines WHERE routine_name = 'f_one' AND routine_schema = current_schema()
CREATE TABLE routine_seen (id int);

-- changeset t:12
-- preconditions onFail:MARK_RAN
-- precondition-sql-check expectedResult:1 select count(*) from information_schema.tables where table_name = 'person_v'
CREATE TABLE view_in_tables (id int);

-- changeset t:13
-- preconditions onFail:MARK_RAN
-- precondition-sql-check expectedResult:1 SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'PERSON'
CREATE TABLE upper_found (id int);

-- changeset t:14
-- preconditions onFail:MARK_RAN
-- precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM pg_class WHERE relname = 'person_name_idx' AND relkind = 'i'
CREATE TABLE idx_absent (id int);

-- changeset t:15
-- preconditions onFail:MARK_RAN
-- precondition-table-exists table:person schema:public
-- precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'nope' AND table_type = 'BASE TABLE'
CREATE TABLE both_hold (id int);

-- changeset t:16
-- precondition-sql-check expectedResult:1 SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'person'
CREATE TABLE default_halt_holds (id int);
"""

#: The tables Liquibase 4.28 left on PostgreSQL 15 (``databasechangelog*`` aside).
PG_ORACLE = [
    "both_hold",
    "column_seen",
    "constraint_seen",
    "default_halt_holds",
    "person",
    "pg_index_seen",
    "pg_tables_seen",
    "routine_seen",
    "table_seen",
    "unknown_checked",
    "view_in_tables",
]

MARIA_CHANGELOG = """-- liquibase formatted sql

-- changeset t:1
CREATE TABLE person (id int PRIMARY KEY, name varchar(50), other int);
CREATE INDEX person_name_idx ON person (name, other);
CREATE FUNCTION f_one() RETURNS INT RETURN 1;

-- changeset t:2
-- preconditions onFail:MARK_RAN onError:HALT
-- precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'person' AND table_schema = DATABASE()
CREATE TABLE person (id int);
CREATE TABLE old_extra (id int);

-- changeset t:3
-- preconditions onFail:MARK_RAN
-- precondition-sql-check expectedResult:1 SELECT COUNT(*) FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = 'person' AND index_name = 'person_name_idx'
CREATE TABLE stats_one (id int);

-- changeset t:4
-- preconditions onFail:MARK_RAN
-- precondition-sql-check expectedResult:2 SELECT COUNT(*) FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = 'person' AND index_name = 'person_name_idx'
CREATE TABLE stats_two (id int);

-- changeset t:5
-- preconditions onFail:MARK_RAN
-- precondition-sql-check expectedResult:1 SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = 'PERSON'
CREATE TABLE upper_table (id int);

-- changeset t:6
-- preconditions onFail:MARK_RAN
-- precondition-sql-check expectedResult:1 SELECT COUNT(*) FROM information_schema.table_constraints WHERE table_schema = DATABASE() AND table_name = 'person' AND constraint_type = 'PRIMARY KEY'
CREATE TABLE pk_seen (id int);

-- changeset t:7
-- preconditions onFail:MARK_RAN
-- precondition-sql-check expectedResult:1 SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = 'person' AND column_name = 'NAME'
CREATE TABLE upper_column (id int);

-- changeset t:8
-- preconditions onFail:MARK_RAN
-- precondition-sql-check expectedResult:1 SELECT COUNT(*) FROM INFORMATION_SCHEMA.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE() AND ROUTINE_NAME = 'f_one'
CREATE TABLE routine_seen (id int);

-- changeset t:9
-- preconditions onFail:MARK_RAN
-- precondition-sql-check expectedResult:1 SELECT COUNT(*) FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = 'person' AND index_name = 'PRIMARY'
CREATE TABLE primary_stat (id int);

-- changeset t:10
-- preconditions onFail:MARK_RAN
-- precondition-sql-check expectedResult:1 SELECT COUNT(*) FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = 'person' AND index_name = 'PERSON_NAME_IDX'
CREATE TABLE upper_index (id int);

-- changeset t:11
-- preconditions onFail:MARK_RAN
-- precondition-sql-check expectedResult:1 SELECT COUNT(*) FROM INFORMATION_SCHEMA.ROUTINES WHERE ROUTINE_SCHEMA = DATABASE() AND ROUTINE_NAME = 'F_ONE'
CREATE TABLE upper_routine (id int);

-- changeset t:12
-- preconditions onFail:MARK_RAN
-- precondition-sql-check expectedResult:1 SELECT COUNT(*) FROM information_schema.table_constraints WHERE table_schema = DATABASE() AND table_name = 'person' AND constraint_name = 'primary'
CREATE TABLE upper_constraint (id int);
"""

#: The tables Liquibase 4.28 left on MariaDB 10.11.
MARIA_ORACLE = [
    "person",
    "pk_seen",
    "primary_stat",
    "routine_seen",
    "stats_two",
    "upper_column",
    "upper_constraint",
    "upper_routine",
]

XML = """<?xml version="1.0" encoding="UTF-8"?>
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog
    http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-latest.xsd">
  <changeSet id="1" author="t">
    <createTable tableName="person"><column name="id" type="int"/><column name="name" type="varchar(50)"/></createTable>
    <createIndex tableName="person" indexName="person_name_idx"><column name="name"/></createIndex>
  </changeSet>
  <changeSet id="2" author="t">
    <preConditions onFail="MARK_RAN"><sqlCheck expectedResult="0">SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'person' AND table_schema = current_schema()</sqlCheck></preConditions>
    <createTable tableName="old_extra"><column name="id" type="int"/></createTable>
  </changeSet>
  <changeSet id="3" author="t">
    <preConditions onFail="MARK_RAN"><sqlCheck expectedResult="1">select count(*) from pg_indexes where indexname = 'person_name_idx' and tablename = 'person'</sqlCheck></preConditions>
    <createTable tableName="index_seen"><column name="id" type="int"/></createTable>
  </changeSet>
  <changeSet id="4" author="t">
    <preConditions onFail="MARK_RAN"><not><sqlCheck expectedResult="0">SELECT COUNT(*) FROM information_schema.columns c WHERE c.table_name = 'person' AND c.column_name = 'name'</sqlCheck></not></preConditions>
    <renameColumn tableName="person" oldColumnName="name" newColumnName="full_name"/>
  </changeSet>
  <changeSet id="5" author="t">
    <preConditions onFail="CONTINUE"><sqlCheck expectedResult="1">SELECT COUNT(*) FROM information_schema.columns WHERE table_name = 'person' AND column_name = 'name'</sqlCheck></preConditions>
    <createTable tableName="name_still_there"><column name="id" type="int"/></createTable>
  </changeSet>
</databaseChangeLog>
"""

#: Tables and columns Liquibase 4.28 left on PostgreSQL 15 (2 MARK_RAN, 5 not run).
XML_ORACLE = ["index_seen", "index_seen.id", "person", "person.full_name", "person.id"]

YAML = """databaseChangeLog:
  - changeSet:
      id: 1
      author: t
      changes:
        - createTable:
            tableName: person
            columns:
              - column: {name: id, type: int}
  - changeSet:
      id: 2
      author: t
      preConditions:
        - onFail: MARK_RAN
        - sqlCheck:
            expectedResult: 0
            sql: SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'person'
      changes:
        - createTable:
            tableName: old_extra
            columns:
              - column: {name: id, type: int}
"""


def _tables(report: Any, columns: bool = False) -> list[str]:
    kinds = ("table", "column") if columns else ("table",)
    return sorted(o["qualified_name"] for o in report["objects"] if o["kind"] in kinds)


def _write(root: Path, name: str, text: str, dialect: str) -> None:
    write_files(root, {f"db/{name}": text, "dbnamelint.yaml": f"paths: [db]\ndialect: {dialect}\n"})


@pytest.mark.parametrize(
    ("dialect", "changelog", "oracle"),
    [("postgres", PG_CHANGELOG, PG_ORACLE), ("mariadb", MARIA_CHANGELOG, MARIA_ORACLE)],
)
def test_formatted_sql_preconditions_replay_as_liquibase_runs_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dialect: str, changelog: str, oracle: list[str]
) -> None:
    _write(tmp_path, "changelog.sql", changelog, dialect)
    code, report = inspect_json(tmp_path, monkeypatch, "--no-cache")
    assert code == 0
    assert _tables(report) == oracle


def test_formatted_sql_skipped_changeset_is_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path, "changelog.sql", PG_CHANGELOG, "postgres")
    monkeypatch.chdir(tmp_path)
    _, out = run_text("check", "--no-cache", "--verbose")
    # changeset 2's --preconditions line; 4 (CONTINUE); one DBN013 for changeset 8's count of rows
    assert "db/changelog.sql:10:1: DBN007" in out and "db/changelog.sql:21:1: DBN007" in out, out
    assert out.count("DBN013") == 1 and "db/changelog.sql:41:1: DBN013" in out, out
    assert "preconditions not evaluated (precondition-sql-check)" in out, out
    assert "DBN022" not in out, out  # the second CREATE TABLE person is not replayed


def test_xml_and_yaml_sql_check_is_evaluated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path, "changelog.xml", XML, "postgres")
    code, report = inspect_json(tmp_path, monkeypatch, "--no-cache")
    assert code == 0
    assert _tables(report, columns=True) == XML_ORACLE
    yaml_root = tmp_path / "yaml"
    _write(yaml_root, "changelog.yaml", YAML, "postgres")
    code, report = inspect_json(yaml_root, monkeypatch, "--no-cache")
    assert code == 0
    assert _tables(report) == ["person"]


@pytest.mark.parametrize(
    ("check", "why"),
    [
        # the database's own name: not in the files (Liquibase 4.28 on MariaDB: 1 row, MARK_RAN)
        (
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'shop' AND table_name = 'person'",
            "literal schema",
        ),
        # no schema condition: the server's other databases count too
        ("SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'person'", "no schema"),
        # every table's primary key is PRIMARY (Liquibase's lock table's too)
        (
            "SELECT COUNT(*) FROM information_schema.table_constraints WHERE table_schema = DATABASE() AND constraint_name = 'PRIMARY'",
            "primary anywhere",
        ),
        # a PostgreSQL view: an error on MariaDB (onError)
        ("SELECT COUNT(*) FROM pg_tables WHERE tablename = 'person'", "other family"),
    ],
)
def test_unanswerable_sql_check_is_replayed_with_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, check: str, why: str
) -> None:
    changelog = (
        "-- liquibase formatted sql\n\n-- changeset t:1\nCREATE TABLE person (id int);\n\n"
        "-- changeset t:2\n-- preconditions onFail:MARK_RAN\n"
        f"-- precondition-sql-check expectedResult:1 {check}\n"
        "CREATE TABLE checked (id int);\n"
    )
    _write(tmp_path, "changelog.sql", changelog, "mariadb")
    monkeypatch.chdir(tmp_path)
    _, out = run_text("check", "--no-cache", "--verbose")
    assert "db/changelog.sql:7:1: DBN013" in out, (why, out)
    _, report = inspect_json(tmp_path, monkeypatch, "--no-cache")
    assert _tables(report) == ["checked", "person"], why


def test_unsupported_formatted_precondition_is_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Liquibase 4.28 refuses ``--precondition-column-exists`` ("The
    'column-exists' precondition type is not supported"): not evaluated, said."""
    changelog = (
        "-- liquibase formatted sql\n\n-- changeset t:1\nCREATE TABLE person (id int);\n\n"
        "-- changeset t:2\n-- preconditions onFail:MARK_RAN\n"
        "-- precondition-column-exists tableName:person columnName:id\n"
        "CREATE TABLE col_seen (id int);\n"
    )
    _write(tmp_path, "changelog.sql", changelog, "postgres")
    monkeypatch.chdir(tmp_path)
    _, out = run_text("check", "--no-cache", "--verbose")
    assert "DBN013" in out and "precondition-column-exists (Liquibase 4.28 refuses" in out, out


GATE_BASE = "-- liquibase formatted sql\n\n-- changeset t:1\nCREATE TABLE people (id int);\n"
GATE_NEW = {
    # holds: Liquibase runs it; replay makes BadThing, so the gate judges it
    "passing": "-- precondition-sql-check expectedResult:1 SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'people'\n",
    # fails here (MARK_RAN): a database reaching it without people runs it
    "failing": "-- precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'people'\n",
    "table-exists": "-- precondition-table-exists table:people\n",
    "not-there": "-- precondition-view-exists view:nope_v\n",
}


@pytest.mark.parametrize("guard", list(GATE_NEW))
@pytest.mark.parametrize("hook", [False, True], ids=["base", "pre-commit"])
def test_the_gate_judges_a_new_guarded_changeset(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hook: bool, guard: str
) -> None:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(tmp_path)
    adopted_repo(tmp_path, {"db/changelog.sql": GATE_BASE}, "paths: [db]\ndialect: postgres\n")
    added = (
        "\n-- changeset t:2\n-- preconditions onFail:MARK_RAN\n"
        f'{GATE_NEW[guard]}CREATE TABLE "BadThing" (id int);\n'
    )
    (tmp_path / "db/changelog.sql").write_text(GATE_BASE + added)
    if hook:
        git(tmp_path, "add", "db/changelog.sql")
    code, found, _ = check_json(*(("--pre-commit",) if hook else ("--base", "HEAD")))
    assert code == 1
    assert ("DBN101", "BadThing") in {(f[0], f[1]) for f in found}


needs_liquibase = pytest.mark.skipif(
    not os.environ.get(liquibase_cli.ENV_VAR),
    reason="set DBNAMELINT_TEST_LIQUIBASE to a liquibase executable",
)


@needs_liquibase
@pytest.mark.parametrize(
    ("name", "changelog", "oracle"),
    [("changelog.sql", PG_CHANGELOG, PG_ORACLE), ("changelog.xml", XML, XML_ORACLE)],
)
def test_real_liquibase_on_postgres(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    pg: PgServer,
    name: str,
    changelog: str,
    oracle: list[str],
) -> None:
    _write(tmp_path, name, changelog, "postgres")
    with pg.fresh_database("dbnl_lb_sql_preconditions") as db:
        done = liquibase_cli.update(pg, db, tmp_path, f"db/{name}")
        assert done.returncode == 0, done.stdout + done.stderr
        rows = pg.query_json(
            "SELECT relname AS name FROM pg_class WHERE relnamespace = 'public'::regnamespace"
            " AND relkind = 'r' AND relname NOT LIKE 'databasechangelog%'"
            " UNION ALL SELECT c.relname || '.' || a.attname FROM pg_attribute a"
            " JOIN pg_class c ON c.oid = a.attrelid WHERE c.relnamespace = 'public'::regnamespace"
            " AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped"
            " AND c.relname NOT LIKE 'databasechangelog%'",
            db,
        )
    made = sorted(r["name"] for r in rows)
    columns = name.endswith(".xml")
    assert [m for m in made if columns or "." not in m] == oracle
    _, report = inspect_json(tmp_path, monkeypatch, "--no-cache")
    assert _tables(report, columns=columns) == oracle


@needs_liquibase
def test_real_liquibase_on_mariadb(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, maria: MysqlServer
) -> None:
    _write(tmp_path, "changelog.sql", MARIA_CHANGELOG, "mariadb")
    with maria.fresh_database("dbnl_lb_sql_preconditions") as db:
        done = liquibase_cli.update_mariadb(maria, db, tmp_path, "db/changelog.sql")
        assert done.returncode == 0, done.stdout + done.stderr
        listed = maria.run(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()"
            " AND table_name NOT LIKE 'DATABASECHANGELOG%'",
            database=db,
        )
    assert sorted(listed.split()) == MARIA_ORACLE
    _, report = inspect_json(tmp_path, monkeypatch, "--no-cache")
    assert _tables(report) == MARIA_ORACLE


def test_sql_check_on_a_table_made_elsewhere_is_replayed_with_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``legacy`` is only altered by the files (made outside them): whether
    the catalog lists it is not known, so the guard is not evaluated."""
    changelog = (
        "-- liquibase formatted sql\n\n-- changeset t:1\nALTER TABLE legacy ADD COLUMN x int;\n\n"
        "-- changeset t:2\n-- preconditions onFail:MARK_RAN\n"
        "-- precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM information_schema.tables"
        " WHERE table_name = 'legacy'\nCREATE TABLE checked (id int);\n"
    )
    _write(tmp_path, "changelog.sql", changelog, "postgres")
    monkeypatch.chdir(tmp_path)
    _, out = run_text("check", "--no-cache", "--verbose")
    assert "db/changelog.sql:7:1: DBN013" in out and "cannot answer their sqlCheck" in out, out
    _, report = inspect_json(tmp_path, monkeypatch, "--no-cache")
    assert "checked" in _tables(report)
