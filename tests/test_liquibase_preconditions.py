"""Liquibase changesets guarded by schema ``preConditions`` (trial s33 openmrs C7).

OpenMRS guards hundreds of changesets with ``<preConditions onFail="MARK_RAN">``
and ``tableExists``, ``columnExists``, ``indexExists``,
``foreignKeyConstraintExists``, ``not``/``and``/``or``, ``changeSetExecuted``.
Only ``dbms`` was evaluated: the rest were replayed unconditionally, so the
model held tables, columns and keys no database has (``old_extra`` here, as
OpenMRS's ``old_form_resource``). Replay now evaluates them against the
schema built so far and skips a changeset whose guard fails with ``MARK_RAN``
or ``CONTINUE``; ``sqlCheck`` is replayed as before, with one ``DBN013`` note.

Oracle: real Liquibase 4.28.1 ``update`` of :data:`CHANGELOG` on PostgreSQL
15 left the relations in :data:`ORACLE` (``pg_class``) and wrote
``databasechangelog`` as 1, 4, 5, 7, 9, 11, 14, 15, 16, 18 ``EXECUTED`` and 2,
3, 6, 10, 12, 13, 17 ``MARK_RAN`` (8, ``CONTINUE``, is not recorded); the same changelog
on MariaDB 10.11 wrote the same ``databasechangelog`` and left the same
objects plus the foreign key's index ``fk_or_person`` (``information_schema``). :func:`test_real_liquibase_builds_the_model`
reruns it when ``DBNAMELINT_TEST_LIQUIBASE`` names a ``liquibase`` executable.
"""

# ruff: noqa: E501 (the changelog is Liquibase's oracle input, one element a line)
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

import liquibase_cli
from check_json import check_json
from cli_json import inspect_json, run_text
from git_helpers import adopted_repo, git, isolated_git_env, write_files
from pg_server import PgServer

CHANGELOG = """<?xml version="1.0" encoding="UTF-8"?>
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog
    http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-latest.xsd">
  <changeSet id="1" author="t">
    <createTable tableName="person">
      <column name="id" type="int"><constraints primaryKey="true" primaryKeyName="person_pk"/></column>
      <column name="name" type="varchar(50)"/>
    </createTable>
    <createSequence sequenceName="person_seq"/>
    <createView viewName="person_v">SELECT id FROM person</createView>
  </changeSet>
  <changeSet id="2" author="t">
    <preConditions onFail="MARK_RAN"><not><tableExists tableName="person"/></not></preConditions>
    <createTable tableName="person"><column name="id" type="int"/></createTable>
    <createTable tableName="old_extra"><column name="id" type="int"/></createTable>
  </changeSet>
  <changeSet id="3" author="t">
    <preConditions onFail="MARK_RAN"><not><columnExists tableName="person" columnName="name"/></not></preConditions>
    <addColumn tableName="person"><column name="name_old" type="int"/></addColumn>
  </changeSet>
  <changeSet id="4" author="t">
    <preConditions onFail="MARK_RAN"><columnExists tableName="person" columnName="name"/></preConditions>
    <renameColumn tableName="person" oldColumnName="name" newColumnName="full_name" columnDataType="varchar(50)"/>
  </changeSet>
  <changeSet id="5" author="t">
    <preConditions onFail="MARK_RAN"><not><indexExists indexName="person_name_idx"/></not></preConditions>
    <createIndex tableName="person" indexName="person_name_idx"><column name="full_name"/></createIndex>
  </changeSet>
  <changeSet id="6" author="t">
    <preConditions onFail="MARK_RAN"><not><indexExists indexName="person_name_idx"/></not></preConditions>
    <createIndex tableName="person" indexName="person_fullname_ix"><column name="full_name"/></createIndex>
  </changeSet>
  <changeSet id="7" author="t">
    <preConditions onFail="MARK_RAN">
      <or><foreignKeyConstraintExists foreignKeyName="fk_missing"/><primaryKeyExists tableName="person"/></or>
    </preConditions>
    <createTable tableName="or_ran"><column name="id" type="int"/></createTable>
  </changeSet>
  <changeSet id="8" author="t">
    <preConditions onFail="CONTINUE">
      <and><viewExists viewName="person_v"/><sequenceExists sequenceName="nope_seq"/></and>
    </preConditions>
    <createTable tableName="and_skipped"><column name="id" type="int"/></createTable>
  </changeSet>
  <changeSet id="9" author="t">
    <preConditions onFail="MARK_RAN"><changeSetExecuted id="3" author="t" changeLogFile="db/changelog.xml"/></preConditions>
    <createTable tableName="after_marked"><column name="id" type="int"/></createTable>
  </changeSet>
  <changeSet id="10" author="t">
    <preConditions onFail="MARK_RAN"><changeSetExecuted id="8" author="t" changeLogFile="db/changelog.xml"/></preConditions>
    <createTable tableName="after_continued"><column name="id" type="int"/></createTable>
  </changeSet>
  <changeSet id="11" author="t">
    <preConditions onFail="MARK_RAN"><sqlCheck expectedResult="0">SELECT count(*) FROM person</sqlCheck></preConditions>
    <createTable tableName="checked_table"><column name="id" type="int"/></createTable>
  </changeSet>
  <changeSet id="12" author="t">
    <preConditions onFail="MARK_RAN"><not><tableExists tableName="nope"/><tableExists tableName="person"/></not></preConditions>
    <createTable tableName="not_multi"><column name="id" type="int"/></createTable>
  </changeSet>
  <changeSet id="13" author="t">
    <preConditions onFail="MARK_RAN">
      <foreignKeyConstraintExists foreignKeyName="fk_or_person" foreignKeyTableName="or_ran"/>
    </preConditions>
    <dropTable tableName="or_ran"/>
  </changeSet>
  <changeSet id="14" author="t">
    <addForeignKeyConstraint baseTableName="or_ran" baseColumnNames="id" constraintName="fk_or_person" referencedTableName="person" referencedColumnNames="id"/>
  </changeSet>
  <changeSet id="15" author="t">
    <preConditions onFail="MARK_RAN">
      <foreignKeyConstraintExists foreignKeyName="fk_or_person" foreignKeyTableName="or_ran"/>
    </preConditions>
    <createTable tableName="fk_seen"><column name="id" type="int"/></createTable>
  </changeSet>
  <changeSet id="16" author="t">
    <preConditions onFail="MARK_RAN"><changeSetExecuted id="1" author="t" changeLogFile="db/changelog.xml"/></preConditions>
    <createTable tableName="first_seen"><column name="id" type="int"/></createTable>
  </changeSet>
  <changeSet id="17" author="t">
    <preConditions onFail="MARK_RAN"><changeSetExecuted id="x" author="t" changeLogFile="gone.xml"/></preConditions>
    <createTable tableName="gone_ran"><column name="id" type="int"/></createTable>
  </changeSet>
  <changeSet id="18" author="t">
    <preConditions onFail="MARK_RAN"><not><changeSetExecuted id="x" author="t" changeLogFile="gone.xml"/></not></preConditions>
    <createTable tableName="gone_not"><column name="id" type="int"/></createTable>
  </changeSet>
</databaseChangeLog>
"""

#: What Liquibase 4.28.1 left on PostgreSQL 15 (tables, views, sequences,
#: indexes but the primary key's, columns, constraints but the primary key).
ORACLE = {
    ("table", "after_marked"),
    ("table", "checked_table"),
    ("table", "fk_seen"),
    ("table", "first_seen"),
    ("table", "gone_not"),
    ("table", "or_ran"),
    ("table", "person"),
    ("view", "person_v"),
    ("sequence", "person_seq"),
    ("index", "person_name_idx"),
    ("constraint", "fk_or_person"),
    ("column", "after_marked.id"),
    ("column", "checked_table.id"),
    ("column", "fk_seen.id"),
    ("column", "first_seen.id"),
    ("column", "gone_not.id"),
    ("column", "or_ran.id"),
    ("column", "person.full_name"),
    ("column", "person.id"),
}


def _model(report: Any) -> set[tuple[str, str]]:
    return {
        (o["kind"], o["qualified_name"] if o["kind"] == "column" else o["name"])
        for o in report["objects"]
        if o["kind"] in ("table", "view", "sequence", "index", "constraint", "column")
        and o["name"] != "person_pk"
        and not (o["kind"] == "column" and o["qualified_name"].startswith("person_v."))
    }


def _write(root: Path, dialect: str = "postgres", changelog: str = CHANGELOG) -> None:
    write_files(
        root,
        {"db/changelog.xml": changelog, "dbnamelint.yaml": f"paths: [db]\ndialect: {dialect}\n"},
    )


#: MariaDB 10.11 also indexes the foreign key, under its name.
MARIADB_ORACLE = {*ORACLE, ("index", "fk_or_person")}


@pytest.mark.parametrize(("dialect", "oracle"), [("postgres", ORACLE), ("mariadb", MARIADB_ORACLE)])
def test_guarded_changesets_replay_as_liquibase_runs_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dialect: str, oracle: set[tuple[str, str]]
) -> None:
    _write(tmp_path, dialect)
    code, report = inspect_json(tmp_path, monkeypatch, "--no-cache")
    assert code == 0
    assert _model(report) == oracle


def test_sql_check_is_replayed_and_said_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    twice = CHANGELOG.replace(
        "</databaseChangeLog>",
        '  <changeSet id="19" author="t">\n'
        '    <preConditions onFail="MARK_RAN"><sqlCheck expectedResult="1">SELECT 1</sqlCheck>'
        "</preConditions>\n"
        '    <createTable tableName="checked_again"><column name="id" type="int"/></createTable>\n'
        "  </changeSet>\n</databaseChangeLog>",
    )
    _write(tmp_path, changelog=twice)
    monkeypatch.chdir(tmp_path)
    _, out = run_text("check", "--no-cache", "--verbose")
    assert out.count("DBN013") == 1, out
    assert "preConditions not evaluated (sqlCheck)" in out, out
    _, report = inspect_json(tmp_path, monkeypatch, "--no-cache")
    assert ("table", "checked_again") in _model(report)


def test_failing_halt_guard_is_replayed_with_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``onFail`` HALT (the default): Liquibase stops the update there; replay
    keeps the changeset (the real database may hold what the files lack) and
    says so."""
    halting = CHANGELOG.replace(
        "</databaseChangeLog>",
        '  <changeSet id="19" author="t">\n'
        '    <preConditions><tableExists tableName="made_elsewhere"/></preConditions>\n'
        '    <createIndex tableName="person" indexName="person_id_ix">'
        '<column name="id"/></createIndex>\n'
        "  </changeSet>\n</databaseChangeLog>",
    )
    _write(tmp_path, changelog=halting)
    monkeypatch.chdir(tmp_path)
    _, out = run_text("check", "--no-cache", "--verbose")
    assert "DBN011" in out and "onFail=HALT" in out, out
    _, report = inspect_json(tmp_path, monkeypatch, "--no-cache")
    assert ("index", "person_id_ix") in _model(report)


@pytest.mark.skipif(
    not os.environ.get(liquibase_cli.ENV_VAR),
    reason="set DBNAMELINT_TEST_LIQUIBASE to a liquibase executable",
)
def test_real_liquibase_builds_the_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    _write(tmp_path)
    with pg.fresh_database("dbnl_lb_preconditions") as db:
        done = liquibase_cli.update(pg, db, tmp_path, "db/changelog.xml")
        assert done.returncode == 0, done.stdout + done.stderr
        rows = pg.query_json(
            "SELECT CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view'"
            " WHEN 'S' THEN 'sequence' ELSE 'index' END AS kind, c.relname AS name"
            " FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace"
            " AND c.relkind IN ('r', 'v', 'S', 'i') AND c.relname NOT LIKE 'databasechangelog%'"
            " AND c.relname <> 'person_pk'"
            " UNION ALL SELECT 'constraint', conname FROM pg_constraint"
            " WHERE connamespace = 'public'::regnamespace AND contype <> 'p'"
            " UNION ALL SELECT 'column', c.relname || '.' || a.attname FROM pg_attribute a"
            " JOIN pg_class c ON c.oid = a.attrelid WHERE c.relnamespace = 'public'::regnamespace"
            " AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped"
            " AND c.relname NOT LIKE 'databasechangelog%'",
            db,
        )
    made = {(r["kind"], r["name"]) for r in rows}
    assert made == ORACLE
    code, report = inspect_json(tmp_path, monkeypatch, "--no-cache")
    assert code == 0
    assert _model(report) == made


#: The YAML form: Liquibase 4.28.1 on PostgreSQL 15 left ``person`` and ``yes_ran``.
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
        - not:
            - tableExists:
                tableName: person
      changes:
        - createTable:
            tableName: old_extra
            columns:
              - column: {name: id, type: int}
  - changeSet:
      id: 3
      author: t
      preConditions:
        - onFail: MARK_RAN
        - columnExists:
            tableName: person
            columnName: id
      changes:
        - createTable:
            tableName: yes_ran
            columns:
              - column: {name: id, type: int}
"""


def test_yaml_preconditions_alike(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_files(
        tmp_path, {"db/changelog.yaml": YAML, "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n"}
    )
    code, report = inspect_json(tmp_path, monkeypatch, "--no-cache")
    assert code == 0
    assert sorted(o["name"] for o in report["objects"] if o["kind"] == "table") == [
        "person",
        "yes_ran",
    ]


GATE_BASE = """<?xml version="1.0" encoding="UTF-8"?>
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
  <changeSet id="1" author="t">
    <createTable tableName="people"><column name="id" type="int"/></createTable>
  </changeSet>
</databaseChangeLog>
"""
GATE_NEW = """  <changeSet id="2" author="t">
    <preConditions onFail="MARK_RAN"><not><tableExists tableName="people"/></not></preConditions>
    <createTable tableName="people"><column name="id" type="int"/></createTable>
    <createTable tableName="BadThing"><column name="id" type="int"/></createTable>
  </changeSet>
</databaseChangeLog>
"""


@pytest.mark.parametrize("hook", [False, True], ids=["base", "pre-commit"])
def test_the_gate_judges_a_new_changeset_its_guard_skips(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, hook: bool
) -> None:
    """Replay skips the new changeset (``people`` exists), but a database that
    reaches it without ``people`` (the reason for the guard) runs it: its
    names are judged as new DDL, as before guards were evaluated."""
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(tmp_path)
    adopted_repo(tmp_path, {"db/changelog.xml": GATE_BASE}, "paths: [db]\ndialect: postgres\n")
    (tmp_path / "db/changelog.xml").write_text(
        GATE_BASE.replace("</databaseChangeLog>\n", GATE_NEW)
    )
    if hook:
        git(tmp_path, "add", "db/changelog.xml")
    code, found, _ = check_json(*(("--pre-commit",) if hook else ("--base", "HEAD")))
    assert code == 1
    assert sorted({(f[0], f[1]) for f in found}) == [
        ("DBN101", "BadThing"),
        ("DBN105", "BadThing"),
    ]
