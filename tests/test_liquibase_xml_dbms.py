"""Liquibase XML changesets for other databases are left out with a located
``DBN007`` note, as formatted SQL's are (trial s25 traccar).

traccar's changelogs run on H2, MySQL, PostgreSQL and SQL Server: a
``<changeSet dbms="mysql">``, a ``<sql dbms="mysql,h2">`` and a changeset
guarded by ``<preConditions onFail="MARK_RAN"><dbms type="mssql"/>`` run
only there (Liquibase manual, "dbms" and "Preconditions": a failed
precondition with ``MARK_RAN`` skips the changeset and records it). The XML
reader skipped the first two in silence and replayed the third on every
database, so ``drift`` on a PostgreSQL database that Liquibase built found
T-SQL triggers only in the files. Oracle: PostgreSQL's catalog after the
changesets Liquibase runs there (the unguarded ones) are applied.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from pg_server import PgServer

CHANGELOG = """<?xml version="1.0" encoding="UTF-8"?>
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
  <changeSet author="author" id="everywhere">
    <createTable tableName="tc_alarms">
      <column name="id" type="INT"/>
    </createTable>
  </changeSet>
  <changeSet author="author" id="mysql-only" dbms="mysql">
    <createTable tableName="tc_mysql_alarms">
      <column name="deviceId" type="INT"/>
    </createTable>
  </changeSet>
  <changeSet author="author" id="per-database">
    <sql dbms="mysql,h2">CREATE TABLE `TcAlarmLog` (`deviceId` INT)</sql>
    <sql dbms="postgresql">CREATE TABLE tc_alarm_logs (device_id INT)</sql>
  </changeSet>
  <changeSet author="author" id="mssql-guarded">
    <preConditions onFail="MARK_RAN">
      <dbms type="mssql"/>
    </preConditions>
    <sql>CREATE TABLE [TcGuarded] ([deviceId] INT)</sql>
  </changeSet>
  <changeSet author="author" id="not-mssql">
    <preConditions onFail="MARK_RAN">
      <not><dbms type="mssql"/></not>
    </preConditions>
    <createTable tableName="tc_not_mssql">
      <column name="id" type="INT"/>
    </createTable>
  </changeSet>
</databaseChangeLog>
"""
#: What Liquibase runs on PostgreSQL (the oracle's input): the unguarded,
#: the postgresql <sql> and the not-mssql changesets.
ON_POSTGRES = (
    "CREATE TABLE tc_alarms (id INT);\n"
    "CREATE TABLE tc_alarm_logs (device_id INT);\n"
    "CREATE TABLE tc_not_mssql (id INT);\n"
)


def _run(*args: str) -> tuple[int, str]:
    done = CliRunner().invoke(cli, list(args))
    return done.exit_code, done.output


def test_other_databases_changesets_are_noted_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema/changelog.xml").write_text(CHANGELOG)
    (tmp_path / "dbnamelint.yaml").write_text("paths: [schema]\ndialect: postgres\n")
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("dbnl_lb_xml_dbms") as db:
        pg.run(sql=ON_POSTGRES, dbname=db)
        made = pg.public_tables(db)
    code, out = _run("inspect", "--no-cache", "--format", "json")
    assert code == 0, out
    import json

    model = sorted(o["stored_name"] for o in json.loads(out)["objects"] if o["kind"] == "table")
    assert model == made
    code, out = _run("check", "--no-cache", "--select", "DBN007", "--verbose")
    notes = [line for line in out.splitlines() if ": DBN007 info:" in line]
    assert [n.split(": DBN007")[0] for n in notes] == [
        "schema/changelog.xml:8:3",
        "schema/changelog.xml:14:5",
        "schema/changelog.xml:17:3",
    ], out
    assert "changeset not replayed: its dbms=mysql leaves out postgresql" in notes[0]
    assert "<sql> not replayed: its dbms=mysql,h2 leaves out postgresql" in notes[1]
    assert "changeset not replayed: its preConditions' dbms leaves out postgresql" in notes[2]
    # read as MySQL, MySQL's changesets are judged
    code, out = _run("check", "--no-cache", "--dialect", "mysql")
    assert code == 1 and "deviceId" in out, out


PROPERTIES = """<?xml version="1.0" encoding="UTF-8"?>
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
  <property name="alarmtable" value="tc_alarms"/>
  <property name="alarmtable" value="ignored_second_definition"/>
  <property name="idtype" value="BIGINT" dbms="postgresql"/>
  <changeSet author="a" id="1">
    <createTable tableName="${alarmtable}">
      <column name="${alarmtable}_id" type="${idtype}"/>
      <column name="${elsewhere}_note" type="TEXT"/>
    </createTable>
  </changeSet>
</databaseChangeLog>
"""


def test_changelog_properties_are_substituted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """traccar (trial s25): ``tableName="${alarmtable}"`` with ``<property
    name="alarmtable" value="tc_alarms"/>`` was judged as ``${alarmtable}``
    (DBN101) and refused. Liquibase substitutes the value (manual,
    "Substituting property values"; the first definition wins); one the file
    does not define is a placeholder, as in SQL files."""
    import json

    (tmp_path / "schema").mkdir()
    (tmp_path / "schema/changelog.xml").write_text(PROPERTIES)
    (tmp_path / "dbnamelint.yaml").write_text("paths: [schema]\ndialect: postgres\n")
    monkeypatch.chdir(tmp_path)
    code, out = _run("check", "--no-cache")
    assert code == 0, out
    code, out = _run("inspect", "--no-cache", "--format", "json")
    names = {(o["kind"], o["stored_name"]) for o in json.loads(out)["objects"]}
    assert {("table", "tc_alarms"), ("column", "tc_alarms_id")} <= names, names
