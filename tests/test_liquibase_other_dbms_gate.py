"""The gate judges changesets another database's ``dbms`` keeps (trial s33 openmrs).

A tree is read for one dialect, and Liquibase leaves out a changeset whose
``dbms`` does not name the database it runs on (``DatabaseList.
definitionMatches``): the reader notes such a changeset ``DBN007`` and
reads nothing of it. But a project's changelog runs on each database it
supports (OpenMRS: 316 ``dbms="mysql"`` and 19 ``dbms="postgresql"``
changesets), so a new ``dbms="postgresql"`` changeset creating ``"PgFlag"``
passed the hook and ``check --base`` of a ``dialect: mysql`` tree. Now the
changesets a change adds that the run left out for their ``dbms`` are read
as each database they name runs them, and their names judged as new DDL.

The oracle for the ``mysql``/``mariadb`` split: real Liquibase 4.28.1 on
MariaDB 10.11 (/work/trial-openmrs/lbrun/res/dbms-test.xml) runs the
``dbms="mariadb"`` changeset and skips the ``dbms="mysql"`` one, as the
reader does for ``dialect: mariadb`` (``test_mariadb_runs_mariadb_only``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_json import check_json
from git_helpers import adopted_repo, isolated_git_env

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">\n'
)
XML = (
    HEAD
    + '  <changeSet author="a" id="1">\n'
    + '    <createTable tableName="customers"><column name="id" type="int"/></createTable>\n'
    + "  </changeSet>\n"
    + '  <changeSet author="a" id="2" dbms="postgresql">\n'
    + '    <sql>CREATE TABLE "OldPg" (id int)</sql>\n'
    + "  </changeSet>\n"
    + "</databaseChangeLog>\n"
)
XML_NEW = (
    '  <changeSet author="a" id="3" dbms="postgresql">\n'
    + '    <sql>CREATE TABLE "PgFlag" ("flagName" int)</sql>\n'
    + "  </changeSet>\n"
    + '  <changeSet author="a" id="4" dbms="mariadb">\n'
    + '    <addColumn tableName="customers"><column name="licenseMaria" type="int"/></addColumn>\n'
    + "  </changeSet>\n"
)
SQL = (
    "-- liquibase formatted sql\n"
    "-- changeset a:1\n"
    "CREATE TABLE customers (id INT);\n"
    "-- changeset a:2 dbms:postgresql\n"
    'CREATE TABLE "OldPg" (id INT);\n'
)
SQL_NEW = (
    '-- changeset a:3 dbms:postgresql\nCREATE TABLE "PgFlag" ("flagName" INT);\n'
    "-- changeset a:4 dbms:mariadb\nALTER TABLE customers ADD COLUMN licenseMaria INT;\n"
)


def _project(root: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str) -> None:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(root)
    master = HEAD + f'  <include file="{name}" relativeToChangelogFile="true"/>\n'
    files = {"db/master.xml": master + "</databaseChangeLog>\n", f"db/{name}": text}
    adopted_repo(root, files, "paths: [db]\ndialect: mysql\n")


@pytest.mark.parametrize(
    ("name", "text", "new"),
    [
        pytest.param("changes.xml", XML, XML_NEW, id="xml"),
        pytest.param("changes.sql", SQL, SQL_NEW, id="formatted-sql"),
    ],
)
def test_new_changesets_for_other_databases_are_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str, new: str
) -> None:
    _project(tmp_path, monkeypatch, name, text)
    grown = text.replace("</databaseChangeLog>\n", new + "</databaseChangeLog>\n")
    (tmp_path / "db" / name).write_text(grown if grown != text else text + new)
    code, found, _diagnostics = check_json("--base", "HEAD")
    assert code == 1
    # OldPg, committed at the base, is not judged as new
    assert sorted({(f[0], f[1]) for f in found}) == [
        ("DBN101", "PgFlag"),
        ("DBN105", "PgFlag"),
        ("DBN201", "flagName"),
        ("DBN201", "licenseMaria"),
    ]


def test_mariadb_runs_mariadb_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Liquibase 4.28.1 on MariaDB: ``dbms="mariadb"`` runs, ``dbms="mysql"`` does not."""
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: mariadb\n")
    (tmp_path / "db").mkdir()
    (tmp_path / "db/changelog.xml").write_text(
        HEAD
        + '  <changeSet author="a" id="1" dbms="mariadb">\n'
        + '    <createTable tableName="tMaria"><column name="id" type="int"/></createTable>\n'
        + "  </changeSet>\n"
        + '  <changeSet author="a" id="2" dbms="mysql">\n'
        + '    <createTable tableName="tMysql"><column name="id" type="int"/></createTable>\n'
        + "  </changeSet>\n</databaseChangeLog>\n"
    )
    _code, found, _diagnostics = check_json()
    assert {f[1] for f in found} == {"tMaria"}


def test_in_a_changelog_no_changelog_includes_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """OpenMRS's update files, run by name from Java: their new PostgreSQL changesets too."""
    _project(tmp_path, monkeypatch, "changes.xml", XML)
    (tmp_path / "db/update-9.xml").write_text(XML)  # no changelog includes it
    from git_helpers import commit_all

    commit_all(tmp_path, "an update file the application runs by name")
    grown = XML.replace("</databaseChangeLog>\n", XML_NEW + "</databaseChangeLog>\n")
    (tmp_path / "db/update-9.xml").write_text(grown)
    code, found, _diagnostics = check_json("--base", "HEAD")
    assert code == 1
    assert sorted({(f[0], f[1], f[2]) for f in found}) == [
        ("DBN101", "PgFlag", "db/update-9.xml"),
        ("DBN105", "PgFlag", "db/update-9.xml"),
        ("DBN201", "flagName", "db/update-9.xml"),
        ("DBN201", "licenseMaria", "db/update-9.xml"),
    ]
