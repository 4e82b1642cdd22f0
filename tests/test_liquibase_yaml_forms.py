"""Liquibase YAML/JSON changelogs written the ways metabase writes them (trial s27).

metabase's ``001_update_migrations.yaml`` writes a ``sql`` change as a list
(``- sql: [- sql: CREATE ...]``), its Quartz table names as ``${...}`` with
``- property: {name: ..., dbms: ..., value: ...}`` entries, MySQL-only SQL
under ``preConditions: [- onFail: MARK_RAN, - or: [- dbms: {type: mysql}, ...]]``
and an index's columns as a mapping (``columns: {column: {name: x}}``). The
YAML/JSON reader read none of these: the list-form SQL was never read and
nothing said so (a new badly named table passed the hook), properties stayed
placeholders, the MySQL SQL was read as PostgreSQL (false DBN004 errors), and
the index had no columns, so ``dropColumn`` left it in the model while
PostgreSQL drops it. A ``sql`` change's ``endDelimiter`` (``GO``) was not
honoured either: the statement after it was lost.

Liquibase reads a list of mappings as one mapping (``ParsedNode.setValue``),
loads a change's columns from the ``column`` children of ``columns`` either
way (``AbstractChange.load``), takes the first definition of a property whose
``dbms`` matches (a ``context`` is no filter without ``--contexts``), and skips
a changeset whose preconditions fail with ``onFail: MARK_RAN`` (Liquibase
manual, "Preconditions", "Substituting property values", "sql").

Oracle: PostgreSQL 15's catalog after what real Liquibase 4.28.0 (npm
``liquibase@4.28.1``) runs for this changelog on PostgreSQL (``ON_POSTGRES``:
recorded with ``liquibase update``, whose catalog held exactly these tables,
columns and no index). Set ``DBNAMELINT_TEST_LIQUIBASE`` to a ``liquibase``
executable to run Liquibase itself on the YAML and the JSON changelog.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import liquibase_cli
from dbnamelint.cli import cli
from pg_server import PgServer

CHANGELOG = """databaseChangeLog:
  - property: {name: locks, dbms: "postgresql", value: qrtz_locks}
  - property: {name: locks, dbms: "mysql,mariadb,h2", value: QRTZ_LOCKS}
  - property:
      name: triggers
      value: qrtz_triggers
      context: prod
  - property: {name: blobs, value: qrtz_blob_triggers, dbms: "!postgresql"}
  - property: {name: blobs, value: qrtz_blob_triggers_pg}
  - changeSet:
      id: "1"
      author: x
      changes:
        - sql:
            - sql: CREATE TABLE report_widgets (widget_name text)
        - sql:
            dbms: postgresql
            splitStatements: false
            sql: CREATE TABLE report_cards (id int)
        - sql:
            endDelimiter: GO
            sql: |
              CREATE TABLE delim_ones (id int)
              GO
              CREATE TABLE delim_twos (id int)
        - createTable:
            tableName: ${locks}
            columns:
              - column: {name: lock_name, type: text}
        - createTable:
            tableName: ${blobs}
            columns:
              - column: {name: id, type: int}
        - createTable:
            tableName: ${triggers}
            columns:
              - column: {name: id, type: int}
              - column: {name: slug, type: text}
        - createIndex:
            tableName: ${triggers}
            indexName: idx_qrtz_triggers_slug
            columns:
              column:
                name: slug
        - dropColumn:
            tableName: ${triggers}
            columnName: slug
  - changeSet:
      id: "2"
      author: x
      preConditions:
        - onFail: MARK_RAN
        - or:
            - dbms: {type: mysql}
            - dbms: {type: mariadb}
      changes:
        - sql: "ALTER TABLE `report_widgets` CONVERT TO CHARACTER SET utf8mb4"
  - changeSet:
      id: "3"
      author: x
      preConditions:
        - onFail: MARK_RAN
        - dbms: {type: h2}
      changes:
        - createTable: {tableName: H2Only, columns: [{column: {name: id, type: int}}]}
  - changeSet:
      id: "4"
      author: x
      preConditions:
        - onFail: MARK_RAN
        - not:
            - dbms: {type: postgresql}
      changes:
        - sql: CREATE TABLE "NotPostgres" (id int)
  - changeSet:
      id: "5"
      author: x
      preConditions:
        - onFail: MARK_RAN
        - and:
            - dbms: {type: postgresql}
      changes:
        - sql: CREATE TABLE and_postgres (id int)
"""

#: What Liquibase 4.28 runs on PostgreSQL for CHANGELOG (changesets 2-4 marked
#: ran, ${blobs} the second definition, ${triggers} despite its context).
ON_POSTGRES = """
CREATE TABLE report_widgets (widget_name text);
CREATE TABLE report_cards (id int);
CREATE TABLE delim_ones (id int);
CREATE TABLE delim_twos (id int);
CREATE TABLE qrtz_locks (lock_name TEXT);
CREATE TABLE qrtz_blob_triggers_pg (id INTEGER);
CREATE TABLE qrtz_triggers (id INTEGER, slug TEXT);
CREATE INDEX idx_qrtz_triggers_slug ON qrtz_triggers (slug);
ALTER TABLE qrtz_triggers DROP COLUMN slug;
CREATE TABLE and_postgres (id int);
"""

#: Every element may be a list of mappings (a changeSet, a change, a column,
#: its constraints), ``columns`` a mapping; a ``sql`` change's ``/`` line ends a
#: statement; preconditions failing with ``onFail: WARN`` run the changeset.
LISTS = """databaseChangeLog:
  - changeSet:
      - id: "1"
      - author: x
      - changes:
        - createTable:
            - tableName: list_tables
            - columns:
                - column:
                    - name: id
                    - type: int
                    - constraints:
                        - primaryKey: true
                        - primaryKeyName: list_tables_pk
                - column:
                    name: slug
                    type: text
                    constraints: [{unique: true}, {uniqueConstraintName: list_tables_slug_uq}]
        - addColumn:
            tableName: list_tables
            columns:
              column: {name: extra, type: int}
        - createIndex:
            - tableName: list_tables
            - indexName: list_tables_extra_idx
            - columns: [{column: {name: extra}}]
        - sql:
            - sql: "CREATE TABLE legacy_a (id int)\\n/\\nCREATE TABLE legacy_b (id int)"
  - changeSet:
      id: "2"
      author: x
      preConditions:
        - onFail: WARN
        - dbms: {type: mysql}
      changes:
        - sql: CREATE TABLE warned_ones (id int)
"""

#: What Liquibase 4.28 runs on PostgreSQL for LISTS (recorded with ``update``).
LISTS_ON_POSTGRES = """
CREATE TABLE list_tables (id INTEGER NOT NULL, slug TEXT,
  CONSTRAINT list_tables_pk PRIMARY KEY (id), CONSTRAINT list_tables_slug_uq UNIQUE (slug));
ALTER TABLE list_tables ADD extra INTEGER;
CREATE INDEX list_tables_extra_idx ON list_tables (extra);
CREATE TABLE legacy_a (id int);
CREATE TABLE legacy_b (id int);
CREATE TABLE warned_ones (id int);
"""

FORMATS = ["yaml", "json"]


def _write(root: Path, fmt: str, changelog: str = CHANGELOG) -> str:
    (root / "db").mkdir()
    name = f"db/changelog.{fmt}"
    text = changelog if fmt == "yaml" else json.dumps(yaml.safe_load(changelog), indent=2)
    (root / name).write_text(text, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n", encoding="utf-8")
    return name


def _run(*args: str) -> tuple[int, str]:
    done = CliRunner().invoke(cli, list(args))
    return done.exit_code, done.output


def _model() -> set[tuple[str, str]]:
    code, out = _run("inspect", "--no-cache", "--format", "json")
    assert code == 0, out
    return {
        (o["kind"], o["qualified_name"] if o["kind"] == "column" else o["stored_name"])
        for o in json.loads(out)["objects"]
        if o["kind"] in ("table", "column", "index")
    }


def _catalog(pg: PgServer, db: str) -> set[tuple[str, str]]:
    rows = pg.query_json(
        "SELECT CASE c.relkind WHEN 'i' THEN 'index' ELSE 'table' END AS kind,"
        " c.relname AS name FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace"
        " AND c.relkind IN ('r', 'i') AND c.relname NOT LIKE 'databasechangelog%'"
        " UNION ALL SELECT 'column', c.relname || '.' || a.attname FROM pg_attribute a"
        " JOIN pg_class c ON c.oid = a.attrelid WHERE c.relnamespace = 'public'::regnamespace"
        " AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped"
        " AND c.relname NOT LIKE 'databasechangelog%'",
        db,
    )
    return {(r["kind"], r["name"]) for r in rows}


@pytest.mark.parametrize("fmt", FORMATS)
def test_model_is_what_postgres_holds_after_liquibase(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer, fmt: str
) -> None:
    _write(tmp_path, fmt)
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database(f"dbnl_lb_forms_{fmt}") as db:
        pg.run(sql=ON_POSTGRES, dbname=db)
        made = _catalog(pg, db)
    assert ("table", "report_widgets") in made
    assert not any(kind == "index" for kind, _ in made)  # dropped with its column
    assert _model() == made
    # the MySQL-, H2- and not-PostgreSQL-only changesets are noted, not read
    code, out = _run("check", "--no-cache", "--verbose")
    assert code == 0, out
    assert "DBN004" not in out and "DBN917" not in out, out
    assert out.count("changeset not replayed: its preConditions' dbms leaves out postgresql") == 3


@pytest.mark.parametrize("fmt", FORMATS)
def test_lists_of_mappings_are_read_as_mappings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer, fmt: str
) -> None:
    _write(tmp_path, fmt, LISTS)
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database(f"dbnl_lb_lists_{fmt}") as db:
        pg.run(sql=LISTS_ON_POSTGRES, dbname=db)
        made = _catalog(pg, db)
    assert ("index", "list_tables_extra_idx") in made and ("table", "warned_ones") in made
    # the model has no index objects for the key and unique constraints
    made -= {("index", "list_tables_pk"), ("index", "list_tables_slug_uq")}
    assert _model() == made
    code, out = _run("check", "--no-cache", "--verbose")
    assert code == 0, out
    assert "DBN004" not in out and "DBN007" not in out, out


@pytest.mark.parametrize("fmt", FORMATS)
def test_badly_named_table_in_a_sql_list_fails_the_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    """metabase's changeset 301 form: the gate bypass of trial s27."""
    name = _write(tmp_path, fmt)
    path = tmp_path / name
    text = path.read_text(encoding="utf-8").replace(
        "CREATE TABLE report_widgets (widget_name text)",
        'CREATE TABLE \\"ReportWidget\\" (\\"widgetName\\" text)'
        if fmt == "json"
        else 'CREATE TABLE "ReportWidget" ("widgetName" text)',
    )
    path.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out = _run("check", "--no-cache")
    assert code == 1, out
    assert 'DBN101 table "ReportWidget"' in out, out
    assert "widgetName" in out, out


@pytest.mark.skipif(
    not os.environ.get("DBNAMELINT_TEST_LIQUIBASE"),
    reason="set DBNAMELINT_TEST_LIQUIBASE to a liquibase executable",
)
@pytest.mark.parametrize("fmt", [*FORMATS, "xml"])
@pytest.mark.parametrize("changelog", [CHANGELOG, LISTS], ids=["metabase", "lists"])
def test_real_liquibase_builds_the_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer, fmt: str, changelog: str
) -> None:
    if fmt == "xml":
        if changelog is LISTS:
            pytest.skip("one XML changelog")
        (tmp_path / "db").mkdir()
        (tmp_path / "db/changelog.xml").write_text(XML, encoding="utf-8")
        (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n")
        name = "db/changelog.xml"
    else:
        name = _write(tmp_path, fmt, changelog)
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database(f"dbnl_lb_forms_real_{fmt}_{len(changelog)}") as db:
        done = liquibase_cli.update(pg, db, tmp_path, name)
        assert done.returncode == 0, done.stdout + done.stderr
        made = _catalog(pg, db)
    made -= {("index", "list_tables_pk"), ("index", "list_tables_slug_uq")}
    assert _model() == made


XML = """<?xml version="1.0" encoding="UTF-8"?>
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog
    http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-latest.xsd">
  <changeSet id="1" author="x">
    <sql endDelimiter="GO">CREATE TABLE xml_ones (id int)
GO
CREATE TABLE xml_twos (id int)
</sql>
    <sql>CREATE TABLE xml_threes (id int)
/
CREATE TABLE xml_fours (id int)</sql>
  </changeSet>
  <changeSet id="2" author="x">
    <preConditions onFail="WARN"><dbms type="mysql"/></preConditions>
    <sql>CREATE TABLE xml_warned (id int)</sql>
  </changeSet>
</databaseChangeLog>
"""

#: What Liquibase 4.28 runs on PostgreSQL for XML (recorded with ``update``):
#: ``GO`` and a lone ``/`` end statements, ``onFail="WARN"`` runs the changeset.
XML_ON_POSTGRES = """
CREATE TABLE xml_ones (id int);
CREATE TABLE xml_twos (id int);
CREATE TABLE xml_threes (id int);
CREATE TABLE xml_fours (id int);
CREATE TABLE xml_warned (id int);
"""


def test_xml_sql_delimiters_and_warned_preconditions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    """The same ``sql`` and preconditions code reads XML changelogs."""
    (tmp_path / "db").mkdir()
    (tmp_path / "db/changelog.xml").write_text(XML, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("dbnl_lb_xml_delims") as db:
        pg.run(sql=XML_ON_POSTGRES, dbname=db)
        made = _catalog(pg, db)
    assert len(made) == 10, made
    assert _model() == made
    code, out = _run("check", "--no-cache", "--verbose")
    assert code == 0 and "DBN004" not in out and "DBN007" not in out, out


def test_a_sql_change_whose_text_is_not_found_is_noted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A ``sql`` change's ``sql`` is required (Liquibase manual, "sql": "Required
    for: all"); one written in a way the reader does not take (here a list of
    two texts) used to pass in silence, like the list form of trial s27: it now
    gets the DBN917 note of its changeset."""
    (tmp_path / "db").mkdir()
    (tmp_path / "db/changelog.yaml").write_text(
        "databaseChangeLog:\n  - changeSet:\n      id: '1'\n      author: a\n"
        "      changes:\n"
        '        - sql: {sql: [CREATE TABLE "BadOne" (id int), CREATE TABLE b (id int)]}\n',
        encoding="utf-8",
    )
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out = _run("check", "--no-cache", "--format", "json", "--select", "DBN917")
    notes = [(d["line"], d["message"]) for d in json.loads(out)["diagnostics"]]
    assert code == 0 and len(notes) == 1 and notes[0][0] == 2, out
    assert "(sql without its SQL text)" in notes[0][1], out


GUARDED_YAML = """databaseChangeLog:
  - changeSet:
      id: "1"
      author: x
      preConditions:
        - onFail: MARK_RAN
        - or:
            - dbms: {type: mysql}
            - dbms: {type: mariadb}
      changes:
        - sqlFile: {path: mysql_only.sql, relativeToChangelogFile: true}
  - changeSet:
      id: "2"
      author: x
      changes:
        - sqlFile: {path: everywhere.sql, relativeToChangelogFile: true}
  - include: {file: more.xml, relativeToChangelogFile: true}
"""
GUARDED_XML = """<?xml version="1.0" encoding="UTF-8"?>
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog
    http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-latest.xsd">
  <changeSet id="3" author="x">
    <preConditions onFail="MARK_RAN"><not><dbms type="postgresql"/></not></preConditions>
    <sqlFile path="not_pg.sql" relativeToChangelogFile="true"/>
  </changeSet>
</databaseChangeLog>
"""


def test_sql_files_of_changesets_guarded_by_dbms_are_left_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    """A ``sqlFile`` of a changeset whose preconditions fail on PostgreSQL is
    not run there (Liquibase 4.28 ``update`` on PostgreSQL made only
    ``everywheres``): it was read as PostgreSQL (a false DBN004 on MySQL's
    backticks, a table PostgreSQL never gets)."""
    (tmp_path / "db").mkdir()
    files = {
        "changelog.yaml": GUARDED_YAML,
        "more.xml": GUARDED_XML,
        "mysql_only.sql": "CREATE TABLE `MyOnly` (id int);\n",
        "not_pg.sql": "CREATE TABLE not_pgs (id int);\n",
        "everywhere.sql": "CREATE TABLE everywheres (id int);\n",
    }
    for name, text in files.items():
        (tmp_path / "db" / name).write_text(text, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("dbnl_lb_guarded_files") as db:
        pg.run(sql=files["everywhere.sql"], dbname=db)
        made = _catalog(pg, db)
    assert _model() == made
    code, out = _run("check", "--no-cache", "--verbose")
    assert code == 0 and "DBN004" not in out, out
    assert "db/mysql_only.sql:1:1: DBN007" in out and "db/not_pg.sql:1:1: DBN007" in out, out
