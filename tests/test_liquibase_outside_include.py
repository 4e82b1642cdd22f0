"""A changelog's include from outside the configured paths is read (trial s25 traccar).

``<include file="../setup/alarms.xml" relativeToChangelogFile="true"/>`` in
``schema/changelog-master.xml`` with ``paths: [schema]``: Liquibase runs the
file (traccar's trial ran it with Liquibase 4.28 on PostgreSQL: ``tc_alarm``
got its ``deviceId``), but the walk never reached it, and a bad name there
passed the hook and ``check --base`` in silence. It is now read, after the
paths' files. Oracles: the Liquibase
manual ("include": ``relativeToChangelogFile``), real git.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_json import check_json
from git_helpers import adopted_repo, git, isolated_git_env

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">\n'
MASTER = (
    HEAD
    + '  <include file="changelog-1.0.xml" relativeToChangelogFile="true"/>\n</databaseChangeLog>\n'
)
FIRST = (
    HEAD
    + '  <changeSet author="a" id="1">\n'
    + '    <createTable tableName="tc_devices"><column name="id" type="INT"/></createTable>\n'
    + "  </changeSet>\n</databaseChangeLog>\n"
)
ALARMS = (
    HEAD
    + '  <changeSet author="a" id="alarms">\n'
    + '    <createTable tableName="tc_alarms"><column name="deviceId" type="INT"/></createTable>\n'
    + "  </changeSet>\n</databaseChangeLog>\n"
)


def _adopted(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``root`` as a git project that adopted dbnamelint with the two changelogs."""
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(root)
    adopted_repo(
        root,
        {"schema/changelog-master.xml": MASTER, "schema/changelog-1.0.xml": FIRST},
        "paths: [schema]\ndialect: postgres\n",
    )


def _run_as_sql_file(root: Path, name: str, text: str) -> None:
    """``schema/<name>`` holding ``text``, run by a new changeset's ``sqlFile``."""
    (root / "schema" / name).write_text(text)
    (root / "schema/changelog-master.xml").write_text(
        MASTER.replace(
            "</databaseChangeLog>",
            '  <changeSet author="a" id="w">\n'
            f'    <sqlFile path="{name}" relativeToChangelogFile="true"/>\n'
            "  </changeSet>\n</databaseChangeLog>",
        )
    )


def test_an_include_from_outside_the_paths_is_read_and_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _adopted(tmp_path, monkeypatch)
    (tmp_path / "setup").mkdir()
    (tmp_path / "setup/alarms.xml").write_text(ALARMS)
    (tmp_path / "schema/changelog-master.xml").write_text(
        MASTER.replace(
            "</databaseChangeLog>",
            '  <include file="../setup/alarms.xml" relativeToChangelogFile="true"/>\n'
            "</databaseChangeLog>",
        )
    )
    code, found, diagnostics = check_json("--base", "HEAD", "--verbose")
    assert (code, [(f[0], f[1], f[2]) for f in found]) == (
        1,
        [("DBN201", "deviceId", "setup/alarms.xml")],
    )
    assert [d for d in diagnostics if d["severity"] != "info"] == []


@pytest.mark.parametrize("name", ["widget.ddl.txt", "widget.txt"])
def test_a_sql_file_of_any_extension_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """A ``sqlFile`` is SQL whatever its extension (Liquibase manual, "sqlFile":
    the file's text is run); metabase's trial (s27) passed a new bad table in a
    ``widget.ddl.txt`` through the hook unread."""
    _adopted(tmp_path, monkeypatch)
    _run_as_sql_file(tmp_path, name, 'CREATE TABLE "ReportWidget" (id int);\n')
    code, found, _diagnostics = check_json("--base", "HEAD")
    assert (code, sorted({(f[0], f[1]) for f in found})) == (
        1,
        [("DBN101", "ReportWidget"), ("DBN105", "ReportWidget")],
    ), found


@pytest.mark.parametrize("name", ["widget.ddl.txt", "extra.sql"])
def test_an_applied_sql_file_edited_is_an_edit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """Liquibase's checksum of a ``sqlFile`` changeset is of the file's text
    (Liquibase manual, "sqlFile"; "checksums"): an applied one edited stops
    ``update`` on every database that ran it. It passed the gate (closing
    confirmation s27)."""
    _adopted(tmp_path, monkeypatch)
    _run_as_sql_file(tmp_path, name, "CREATE TABLE widgets (id int);\n")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "widgets")
    (tmp_path / "schema" / name).write_text(
        "CREATE TABLE widgets (id int);\nCREATE TABLE gadgets (id int);\n"
    )
    git(tmp_path, "add", "-A")
    code, found, diagnostics = check_json("--base", "HEAD")
    edits = [(d["code"], d["path"], d["line"]) for d in diagnostics if d["code"] == "DBN025"]
    assert (code, found, edits) == (1, [], [("DBN025", f"schema/{name}", 2)]), diagnostics


def test_an_applied_sql_file_deleted_is_an_edit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its changelog still runs it: Liquibase stops at the missing file, and a new
    database lacks what it made (closing confirmation s27: it passed)."""
    _adopted(tmp_path, monkeypatch)
    _run_as_sql_file(tmp_path, "good.sql", "CREATE TABLE other_things (id int);\n")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "good")
    git(tmp_path, "rm", "-q", "schema/good.sql")
    code, _found, diagnostics = check_json("--base", "HEAD")
    edits = [(d["code"], d["path"]) for d in diagnostics if d["code"] == "DBN025"]
    assert (code, edits) == (1, [("DBN025", "schema/good.sql")]), diagnostics
