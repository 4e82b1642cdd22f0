"""Liquibase trees as Liquibase runs them (trial s8-t1 findings 3, 4, 6, 15, 16, 18).

Facts come from Liquibase's source (``AbstractFormattedChangeLogParser``:
changeset line, ``splitStatements``, ``endDelimiter``, ``dbms`` patterns;
``DatabaseList.definitionMatches``: ``dbms`` lists; ``DatabaseChangeLog``
``includeAll``: resources sorted by path) and manual ("Example Changelogs:
SQL Format", "include", "includeAll", "sqlFile"). The model is checked
against a real PostgreSQL 15 / MariaDB where each changeset was run on its
own, in Liquibase's order, as Liquibase runs them (``drift --db`` clean).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from mysql_server import MysqlServer
from pg_server import PgServer, pg_url


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.stdout, result.stderr


def write(root: Path, files: dict[str, str], dialect: str = "postgres") -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text(f"paths: [db]\ndialect: {dialect}\n", encoding="utf-8")


def diagnostics(out: str) -> list[tuple[str, int, str, str]]:
    return [(d["path"], d["line"], d["code"], d["message"]) for d in json.loads(out)["diagnostics"]]


def drifted(out: str) -> list[tuple[str, str, str]]:
    return [(d["drift"], d["kind"], d["name"]) for d in json.loads(out)["drift"]]


# -- finding 4: a changeset line ends the statement ------------------------------------

NO_SEMICOLONS = (
    "-- liquibase formatted sql\n\n"
    "-- changeset a:1\n"
    "CREATE TABLE a (id int)\n\n"
    "-- changeset a:2\n"
    "CREATE TABLE b (id int PRIMARY KEY)\n"
    "-- rollback DROP TABLE b;\n\n"
    "-- changeset a:3 endDelimiter:/\n"
    "CREATE TABLE c (id int)\n/\n"
    "CREATE TABLE d (id int)\n/\n"
    "-- changeset a:4 splitStatements:false\n"
    "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\n"
    "CREATE TABLE e (id int DEFAULT f())\n"
)


def test_a_changeset_ends_the_statement_before_it(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Liquibase runs each changeset on its own ("Example Changelogs: SQL Format"),
    so the last statement of one needs no ``;``; ``endDelimiter:/`` cuts at ``/``;
    with ``splitStatements:false`` the changeset is sent whole. The oracle: each
    changeset's statements run one by one on PostgreSQL 15, then ``drift`` is clean."""
    write(tmp_path, {"db/x.sql": NO_SEMICOLONS})
    monkeypatch.chdir(tmp_path)
    code, out, err = run("check", "--no-cache", "--format", "json", "--select", "DBN004")
    assert (code, diagnostics(out)) == (0, []), out + err
    with pg.fresh_database("dbn_lb_s8_cuts") as db:
        for sql in (
            "CREATE TABLE a (id int)",
            "CREATE TABLE b (id int PRIMARY KEY)",
            "CREATE TABLE c (id int)",
            "CREATE TABLE d (id int)",
            "CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\n"
            "CREATE TABLE e (id int DEFAULT f())",
        ):
            pg.run(sql=sql, dbname=db)
        code, out, err = run("drift", "--db", pg_url(pg, db), "--format", "json")
        assert (code, drifted(out)) == (0, []), out + err


# -- finding 16: dbms filters ------------------------------------------------------------

DBMS = (
    "-- liquibase formatted sql\n\n"
    "-- changeset a:1 dbms:postgresql\n"
    "CREATE TABLE events (id bigserial PRIMARY KEY, payload jsonb);\n\n"
    "-- changeset a:1-mysql dbms:mysql,mariadb\n"
    "CREATE TABLE events (id BIGINT AUTO_INCREMENT PRIMARY KEY, payload JSON, "
    "`legacyFlag` INT);\n\n"
    "-- changeset a:2 dbms:!postgresql\n"
    "CREATE INDEX events_legacy_idx ON events (`legacyFlag`);\n\n"
    "-- changeset a:3 dbms:all\n"
    "CREATE TABLE shared (id int);\n"
)


def test_changesets_for_another_database_are_not_replayed(
    pg: PgServer, maria: MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``dbms:`` (Liquibase ``DatabaseList.definitionMatches``: a comma list of short
    names, ``!x`` excludes, ``all`` matches every database; PostgreSQL is
    ``postgresql``, MariaDB ``mariadb``) decides which changesets a database gets. Each
    left-out changeset gets a located DBN007 note; the model matches the database
    built from the changesets Liquibase runs there."""
    write(tmp_path, {"db/001.sql": DBMS})
    monkeypatch.chdir(tmp_path)
    code, out, err = run("check", "--no-cache", "--format", "json", "--select", "DBN004,DBN007")
    assert code == 0, out + err
    assert [(p, line, c) for p, line, c, _m in diagnostics(out)] == [
        ("db/001.sql", 6, "DBN007"),
        ("db/001.sql", 9, "DBN007"),
    ]
    assert "dbms:mysql,mariadb" in diagnostics(out)[0][3]
    with pg.fresh_database("dbn_lb_s8_dbms") as db:
        pg.run(
            sql="CREATE TABLE events (id bigserial PRIMARY KEY, payload jsonb);"
            "CREATE TABLE shared (id int);",
            dbname=db,
        )
        code, out, err = run("drift", "--db", pg_url(pg, db), "--format", "json")
        assert (code, drifted(out)) == (0, []), out + err
    write(tmp_path, {}, dialect="mariadb")
    code, out, err = run("check", "--no-cache", "--format", "json", "--select", "DBN004,DBN007")
    assert [(line, c) for _p, line, c, _m in diagnostics(out)] == [(3, "DBN007")], out + err
    with maria.fresh_database("dbn_lb_s8_dbms") as db:
        maria.run(
            sql="CREATE TABLE events (id BIGINT AUTO_INCREMENT PRIMARY KEY, payload JSON, "
            "`legacyFlag` INT); CREATE INDEX events_legacy_idx ON events (`legacyFlag`);"
            "CREATE TABLE shared (id int);",
            database=db,
        )
        code, out, err = run("drift", "--db", maria.url(db), "--format", "json")
        assert (code, drifted(out)) == (0, []), out + err


# -- findings 3 and 18: which changelog, which order ------------------------------------

CREATE_T = "-- liquibase formatted sql\n-- changeset a:1\nCREATE TABLE t (id int, old_col int);\n"
DROP_OLD = "-- liquibase formatted sql\n-- changeset a:2\nALTER TABLE t DROP COLUMN old_col;\n"
XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">\n'


def model(out: str) -> set[tuple[str, str]]:
    return {(o["kind"], o["qualified_name"]) for o in json.loads(out)["objects"]}


@pytest.mark.parametrize(
    ("master", "text"),
    [
        (  # JHipster's name; an include commented out is not one
            "db/master.xml",
            XML_HEAD + '  <!-- <include file="changes/a-drop.sql"/> -->\n'
            '  <include file="changes/b-create.sql" relativeToChangelogFile="true"/>\n'
            '  <include file="changes/a-drop.sql" relativeToChangelogFile="true"/>\n'
            "</databaseChangeLog>\n",
        ),
        (  # Camunda-style sqlFile changesets, path before or after the other attributes
            "db/xtages-console.xml",
            XML_HEAD + '  <changeSet id="1" author="x"><sqlFile path="changes/b-create.sql" '
            'relativeToChangelogFile="true"/></changeSet>\n'
            '  <changeSet id="2" author="x"><sqlFile relativeToChangelogFile="true" '
            'path="changes/a-drop.sql"/></changeSet>\n</databaseChangeLog>\n',
        ),
        (
            "db/master.yaml",
            "databaseChangeLog:\n"
            "  - changeSet:\n      id: '1'\n      author: x\n      changes:\n"
            "        - sqlFile: {path: changes/b-create.sql, relativeToChangelogFile: true}\n"
            "  - include: {file: changes/a-drop.sql, relativeToChangelogFile: true}\n",
        ),
    ],
)
def test_a_changelog_is_told_by_its_content_and_its_order_followed(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, master: str, text: str
) -> None:
    """Liquibase takes the master changelog from ``--changelog-file`` whatever its name,
    and runs ``include``d files and ``sqlFile`` changesets in the changelog's order
    (manual: "include", "sqlFile"), here the reverse of name order. The oracle:
    PostgreSQL 15 after the two files in that order; ``drift`` is clean (in name
    order the model kept ``t.old_col``)."""
    files = {"db/changes/b-create.sql": CREATE_T, "db/changes/a-drop.sql": DROP_OLD}
    write(tmp_path, {**files, master: text})
    monkeypatch.chdir(tmp_path)
    code, out, err = run("inspect", "db", "--format", "json")
    assert code == 0, out + err
    assert ("column", "t.old_col") not in model(out) and ("column", "t.id") in model(out)
    with pg.fresh_database("dbn_lb_s8_master") as db:
        pg.run(files=[tmp_path / "db/changes/b-create.sql"], dbname=db)
        pg.run(files=[tmp_path / "db/changes/a-drop.sql"], dbname=db)
        code, out, err = run("drift", "--db", pg_url(pg, db), "--format", "json")
        assert (code, drifted(out)) == (0, []), out + err


def test_include_all_runs_in_plain_text_order(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``includeAll`` sorts the folder's resources with Liquibase's default
    ``resourceComparator``, ``String.compareTo`` on the paths
    (``DatabaseChangeLog.getStandardChangeLogComparator``): ``1-a``, ``10-b``, ``2-c``,
    not natural order. The oracle: PostgreSQL 15 after the files in that order."""
    files = {
        "db/changelog/changes/1-a.sql": CREATE_T.replace("old_col", "c10"),
        "db/changelog/changes/10-b.sql": DROP_OLD.replace("old_col", "c10"),
        "db/changelog/changes/2-c.sql": (
            "-- liquibase formatted sql\n-- changeset a:3\nALTER TABLE t ADD COLUMN c10 int;\n"
        ),
        "db/changelog/db.changelog-master.yaml": (
            "databaseChangeLog:\n  - includeAll:\n      path: changes/\n"
            "      relativeToChangelogFile: true\n"
        ),
    }
    write(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("dbn_lb_s8_incall") as db:
        for name in ("1-a", "10-b", "2-c"):
            pg.run(files=[tmp_path / f"db/changelog/changes/{name}.sql"], dbname=db)
        code, out, err = run("drift", "--db", pg_url(pg, db), "--format", "json")
        assert (code, drifted(out)) == (0, []), out + err
    code, out, err = run("inspect", "db", "--format", "json")
    assert ("column", "t.c10") in model(out), out


# -- finding 15: change types are noted, never skipped silently ------------------------


def test_change_type_changesets_get_a_located_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Liquibase change types the reader does not read (``customChange``,
    ``mergeColumns``; manual "Change Types") get a DBN917 note on their changeset's
    line naming them, in YAML and XML alike; those it reads (``createTable``,
    ``addColumn``, ``renameTable``...) and data changes such as ``insert`` get none."""
    files = {
        "db/changelog/db.changelog-master.yaml": (
            "databaseChangeLog:\n"
            "  - include: {file: changesets/001-create.yml, relativeToChangelogFile: true}\n"
            "  - include: {file: changesets/002-more.xml, relativeToChangelogFile: true}\n"
        ),
        "db/changelog/changesets/001-create.yml": (
            "databaseChangeLog:\n  - changeSet:\n      id: '001'\n      author: x\n"
            "      changes:\n        - createTable:\n            tableName: Permission\n"
            "            columns:\n              - column: {name: id, type: int}\n"
            "        - insert: {tableName: Permission}\n"
            "        - customChange: {class: com.example.Fill}\n"
            "  - changeSet:\n      id: '002'\n      author: x\n"
            "      changes:\n        - insert: {tableName: Permission}\n"
        ),
        "db/changelog/changesets/002-more.xml": (
            XML_HEAD + '  <changeSet id="3" author="y">\n'
            '    <addColumn tableName="Permission"><column name="userId" type="int"/></addColumn>\n'
            '    <renameTable oldTableName="Permission" newTableName="permissions"/>\n'
            "  </changeSet>\n"
            '  <changeSet id="4" author="y">\n'
            '    <mergeColumns tableName="permissions" column1Name="a" column2Name="b"'
            ' finalColumnName="c" finalColumnType="text" joinString=" "/>\n'
            "  </changeSet>\n</databaseChangeLog>\n"
        ),
    }
    write(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    code, out, err = run("check", "--no-cache", "--format", "json", "--select", "DBN917")
    assert code == 0, out + err
    found = diagnostics(out)
    assert [(p, line) for p, line, _c, _m in found] == [
        ("db/changelog/changesets/001-create.yml", 2),
        ("db/changelog/changesets/002-more.xml", 7),
    ]
    assert "x:001" in found[0][3] and "(customChange)" in found[0][3]
    assert "(mergeColumns permissions)" in found[1][3]


# -- finding 6: --write into a changelog that orders files itself ----------------------


@pytest.mark.parametrize("word", ["", ".postgresql"])
def test_write_appends_an_include_when_the_changelog_orders_the_files(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, word: str
) -> None:
    """A changelog that ``include``s its files one by one runs them in its order,
    whatever their names (Liquibase manual, "include"): a named ``zz-init.sql`` before
    ``001-more.sql`` is no reason to refuse ``--write`` (it was, exit 2, advising to
    rename an applied file). The new changeset takes the next number with the
    folder's ``-``, and its include goes last in ``master.xml`` (a changelog by its
    content), the rest of that file unchanged byte for byte. The oracle: PostgreSQL 15
    after the three files in the changelog's order, then ``drift`` is clean. Files
    named with a dialect (Xtages' ``x.postgresql.sql``) get a new one named so, and
    the include names it."""
    master = (
        XML_HEAD
        + f'    <include file="changes/zz-init{word}.sql" relativeToChangelogFile="true"/>\n'
        f'    <include file="changes/001-more{word}.sql" relativeToChangelogFile="true"/>\n'
        "</databaseChangeLog>\n"
    )
    files = {
        f"db/changelog/changes/zz-init{word}.sql": (
            "-- liquibase formatted sql\n-- changeset a:1\n"
            'CREATE TABLE project (id serial PRIMARY KEY, "projectName" text);\n'
            "-- rollback DROP TABLE project;\n"
        ),
        f"db/changelog/changes/001-more{word}.sql": (
            "-- liquibase formatted sql\n-- changeset a:2\n"
            'CREATE INDEX project_name_idx ON project ("projectName")\n'
        ),
        "db/changelog/master.xml": master,
    }
    write(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    code, out, err = run("whitelist", "init")
    assert code == 0, out + err
    code, out, err = run("migrate", "--phase", "1", "--write")
    assert code == 0, out + err
    new = tmp_path / f"db/changelog/changes/002-rename-phase-1{word}.sql"
    assert new.read_text().startswith("-- liquibase formatted sql\n\n-- changeset dbnamelint:")
    assert "-- rollback ALTER TABLE" in new.read_text()
    include = (
        f'    <include file="changes/002-rename-phase-1{word}.sql"'
        ' relativeToChangelogFile="true"/>\n'
    )
    after = (tmp_path / "db/changelog/master.xml").read_text()
    assert after == master.replace("</databaseChangeLog>", include + "</databaseChangeLog>")
    with pg.fresh_database("dbn_lb_s8_write") as db:
        for name in ("zz-init", "001-more", "002-rename-phase-1"):
            pg.run(files=[tmp_path / f"db/changelog/changes/{name}{word}.sql"], dbname=db)
        code, out, err = run("drift", "--db", pg_url(pg, db), "--format", "json")
        assert (code, drifted(out)) == (0, []), out + err
    # s8-t3 F2: the changeset line `-- changeset dbnamelint:rename_phase_1` names
    # Liquibase's author and id; it is no malformed `dbnamelint:` suppression.
    code, out, err = run("whitelist", "prune")
    assert code == 0, out + err
    code, out, err = run("check")
    assert (code, "DBN021" in out + err) == (0, False), out + err


def test_sql_files_of_another_databases_changesets_are_not_replayed(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An XML ``<changeSet dbms="...">`` running a ``sqlFile`` (Liquibase's changeset
    ``dbms`` attribute, same rules as formatted SQL's) is run only there: the MySQL
    copy's file is left out of a PostgreSQL model with a DBN007 note on it. The oracle:
    PostgreSQL 15 after the PostgreSQL changeset only."""
    files = {
        "db/sql/pg.sql": "CREATE TABLE t (id int);\n",
        "db/sql/my.sql": "CREATE TABLE t (id int, `x` int);\n",
        "db/master.xml": XML_HEAD
        + '  <changeSet id="1" author="x" dbms="postgresql"><sqlFile path="sql/pg.sql" '
        'relativeToChangelogFile="true"/></changeSet>\n'
        '  <changeSet id="2" author="x" dbms="mysql, mariadb"><sqlFile path="sql/my.sql" '
        'relativeToChangelogFile="true"/></changeSet>\n</databaseChangeLog>\n',
    }
    write(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    code, out, err = run("check", "--no-cache", "--format", "json", "--select", "DBN004,DBN007")
    assert code == 0, out + err
    assert [(p, c) for p, _line, c, _m in diagnostics(out)] == [("db/sql/my.sql", "DBN007")]
    with pg.fresh_database("dbn_lb_s8_sqlfile") as db:
        pg.run(files=[tmp_path / "db/sql/pg.sql"], dbname=db)
        code, out, err = run("drift", "--db", pg_url(pg, db), "--format", "json")
        assert (code, drifted(out)) == (0, []), out + err


def test_write_keeps_the_neighbours_dbms(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A changelog shared by two databases, each file's changesets filtered with
    ``dbms:`` (Liquibase ``DatabaseList.definitionMatches``): the MySQL file is not
    replayed into the PostgreSQL model, and the rename changeset written beside the
    PostgreSQL file carries its ``dbms:postgresql``, so MySQL never runs it. The
    oracle: PostgreSQL 15 after the changesets Liquibase runs there."""
    files = {
        "db/changelog/pg/001-init.sql": (
            "-- liquibase formatted sql\n-- changeset a:1 dbms:postgresql\n"
            'CREATE TABLE "Project" (id serial PRIMARY KEY);\n'
        ),
        "db/changelog/my/001-init.sql": (
            "-- liquibase formatted sql\n-- changeset a:1-my dbms:mysql\n"
            "CREATE TABLE `Project` (id int AUTO_INCREMENT PRIMARY KEY);\n"
        ),
        "db/changelog/db.changelog-master.yaml": (
            "databaseChangeLog:\n"
            "  - include: {file: pg/001-init.sql, relativeToChangelogFile: true}\n"
            "  - include: {file: my/001-init.sql, relativeToChangelogFile: true}\n"
        ),
    }
    write(tmp_path, files)
    monkeypatch.chdir(tmp_path)
    assert run("whitelist", "init")[0] == 0
    code, out, err = run("migrate", "--rename", '"Project"=projects', "--write")
    assert code == 0, out + err
    new = tmp_path / "db/changelog/pg/002-rename-tables.sql"
    assert "\n-- changeset dbnamelint:" in new.read_text()
    assert new.read_text().split("\n")[2].endswith(" dbms:postgresql"), new.read_text()
    master = (tmp_path / "db/changelog/db.changelog-master.yaml").read_text()
    assert master.endswith(
        "  - include: {file: pg/002-rename-tables.sql, relativeToChangelogFile: true}\n"
    )
    with pg.fresh_database("dbn_lb_s8_dbmswrite") as db:
        pg.run(files=[tmp_path / "db/changelog/pg/001-init.sql", new], dbname=db)
        code, out, err = run("drift", "--db", pg_url(pg, db), "--format", "json")
        assert (code, drifted(out)) == (0, []), out + err
