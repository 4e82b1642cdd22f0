"""Every way a changelog keeps DDL to another database is read and gated (trial s40 traccar).

traccar runs one Liquibase changelog on H2, MySQL, PostgreSQL and SQL Server,
and keeps the SQL Server parts apart in four ways: a changeset's ``dbms``
attribute, a changeset's ``<preConditions onFail="MARK_RAN"><dbms
type="mssql"/></preConditions>`` (its ``changelog-4.1.xml`` holds nothing
else), a change's own ``dbms`` (``<sql dbms="mssql">``) and a ``sqlFile``'s
``dbms``. Only the first, in a changelog the run read, was judged: a
changelog whose every changeset is another database's was dropped from the
run without a note (no ``DBN007``, its edits not ``DBN025``, its new
changesets not judged), and the three other forms passed the hook and
``check --base`` with a ``DBN007`` note. Now each is read as the database it
names runs it, and what a change adds there is judged as new DDL.

The oracle for "Liquibase skips it here": real Liquibase 4.28 on PostgreSQL
marks traccar's ``changelog-4.1-mssql`` changeset ran without creating its
triggers (``drift`` finds none of them), as the reader replays none of it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_json import check_json
from git_helpers import adopted_repo, git, isolated_git_env

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">\n'
)
END = "</databaseChangeLog>\n"
PLAIN = (
    '  <changeSet author="a" id="1">\n'
    '    <createTable tableName="customers"><column name="id" type="int"/></createTable>\n'
    "  </changeSet>\n"
)
#: A changeset SQL Server alone runs, by its dbms attribute.
BY_ATTRIBUTE = (
    '  <changeSet author="a" id="2" dbms="mssql">\n'
    '    <createTable tableName="tAttr"><column name="id" type="int"/></createTable>\n'
    "  </changeSet>\n"
)
#: The same by its preconditions (traccar's form).
BY_PRECONDITION = (
    '  <changeSet author="a" id="3">\n'
    '    <preConditions onFail="MARK_RAN">\n'
    '      <dbms type="mssql" />\n'
    "    </preConditions>\n"
    '    <createTable tableName="tGuard"><column name="id" type="int"/></createTable>\n'
    "  </changeSet>\n"
)


def _project(root: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str]) -> None:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(root)
    includes = "".join(
        f'  <include file="{name.removeprefix("db/")}" relativeToChangelogFile="true"/>\n'
        for name in ("db/base.xml", "db/new.xml")
    )
    adopted_repo(
        root,
        {"db/master.xml": HEAD + includes + END, "db/base.xml": HEAD + PLAIN + END, **files},
        "paths: [db]\ndialect: postgres\n",
    )


def _change(root: Path, text: str) -> None:
    """``db/new.xml`` becomes ``text``, staged (a new file is part of a change once added)."""
    (root / "db/new.xml").write_text(text)
    git(root, "add", "db/new.xml")


def _names(found: list[tuple[str, str, str, int, int]]) -> list[tuple[str, str]]:
    return sorted({(f[0], f[1]) for f in found})


@pytest.mark.parametrize(
    "changeset",
    [BY_ATTRIBUTE, BY_PRECONDITION],
    ids=["dbms-attribute", "dbms-precondition"],
)
def test_a_new_changelog_of_another_database_only_is_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, changeset: str
) -> None:
    _project(tmp_path, monkeypatch, {})
    _change(tmp_path, HEAD + changeset + END)
    code, found, _diagnostics = check_json("--base", "HEAD")
    assert code == 1
    name = "tAttr" if "tAttr" in changeset else "tGuard"
    assert _names(found) == [("DBN101", name), ("DBN105", name)]


def test_a_changelog_of_another_database_only_is_noted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not dropped in silence: each changeset gets the DBN007 note a changeset
    beside a replayed one gets."""
    _project(tmp_path, monkeypatch, {"db/new.xml": HEAD + BY_ATTRIBUTE + BY_PRECONDITION + END})
    code, found, diagnostics = check_json("--select", "DBN007")
    assert (code, found) == (0, [])
    notes = sorted((d["path"], d["line"]) for d in diagnostics if d["code"] == "DBN007")
    assert notes == [("db/new.xml", 3), ("db/new.xml", 6)]


def test_an_edit_of_a_committed_changelog_of_another_database_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _project(tmp_path, monkeypatch, {"db/new.xml": HEAD + BY_PRECONDITION + END})
    _change(tmp_path, HEAD + BY_PRECONDITION.replace("tGuard", "tp_x") + END)
    code, _found, diagnostics = check_json("--base", "HEAD")
    assert code == 1
    assert [(d["code"], d["path"]) for d in diagnostics if d["severity"] == "error"] == [
        ("DBN025", "db/new.xml")
    ]


def test_a_precondition_guarded_changeset_beside_a_replayed_one_is_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _project(tmp_path, monkeypatch, {"db/new.xml": HEAD + PLAIN.replace('"1"', '"n1"') + END})
    _change(tmp_path, HEAD + PLAIN.replace('"1"', '"n1"') + BY_PRECONDITION + END)
    code, found, _diagnostics = check_json("--base", "HEAD")
    assert code == 1
    assert _names(found) == [("DBN101", "tGuard"), ("DBN105", "tGuard")]


def test_changes_of_another_database_in_a_replayed_changeset_are_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A change's own dbms: only those changes are read as SQL Server runs
    them; the changeset's other changes are judged once, as PostgreSQL's."""
    _project(tmp_path, monkeypatch, {})
    _change(
        tmp_path,
        HEAD
        + '  <changeSet author="a" id="n1">\n'
        + '    <createTable tableName="Orders"><column name="id" type="int"/></createTable>\n'
        + '    <sql dbms="mssql">CREATE TABLE MsFlags (id INT)</sql>\n'
        + '    <createIndex tableName="Orders" indexName="IxMs" dbms="mssql">\n'
        + '      <column name="id"/>\n'
        + "    </createIndex>\n"
        + "  </changeSet>\n"
        + END,
    )
    code, found, _diagnostics = check_json("--base", "HEAD")
    assert code == 1
    assert sorted((f[0], f[1], f[3]) for f in found) == [
        ("DBN101", "MsFlags", 5),
        ("DBN101", "Orders", 4),
        ("DBN301", "IxMs", 6),
    ]


@pytest.mark.parametrize(
    "where",
    ['<sqlFile path="ms.sql" relativeToChangelogFile="true" dbms="mssql"/>', "dbms-changeset"],
    ids=["sqlfile-dbms", "changeset-dbms"],
)
def test_a_sql_file_another_database_runs_is_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """A ``sqlFile`` run with another database's ``dbms`` (its own or its
    changeset's): the file is left out of the run (DBN007 at it), and the
    DDL a change adds to it is read as that database runs it."""
    _project(tmp_path, monkeypatch, {})
    sql_file = '<sqlFile path="ms.sql" relativeToChangelogFile="true"/>'
    head = '  <changeSet author="a" id="n1" dbms="mssql">\n'
    if where != "dbms-changeset":
        sql_file, head = where, '  <changeSet author="a" id="n1">\n'
    (tmp_path / "db/ms.sql").write_text("CREATE TABLE MsOnly (id INT);\n")
    git(tmp_path, "add", "db/ms.sql")
    _change(tmp_path, HEAD + head + f"    {sql_file}\n  </changeSet>\n" + END)
    code, found, _diagnostics = check_json("--base", "HEAD")
    assert code == 1
    assert sorted((f[0], f[1], f[2], f[3]) for f in found) == [("DBN101", "MsOnly", "db/ms.sql", 1)]


def test_a_modify_sql_of_another_database_is_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``<modifySql dbms="mssql">`` renames what the changeset makes on SQL
    Server only: the changeset is read as SQL Server runs it and the names it
    makes there are judged (a column made in both databases is two objects,
    each judged: ``widgets.BadBoth`` and ``MsWidgets.BadBoth``)."""
    _project(tmp_path, monkeypatch, {})
    _change(
        tmp_path,
        HEAD
        + '  <changeSet author="a" id="n1">\n'
        + '    <createTable tableName="widgets"><column name="id" type="int"/></createTable>\n'
        + '    <addColumn tableName="widgets"><column name="BadBoth" type="int"/></addColumn>\n'
        + '    <modifySql dbms="mssql">\n'
        + '      <replace replace="widgets" with="MsWidgets"/>\n'
        + "    </modifySql>\n"
        + "  </changeSet>\n"
        + END,
    )
    code, found, _diagnostics = check_json("--base", "HEAD")
    assert code == 1
    assert sorted((f[0], f[1], f[3]) for f in found) == [
        ("DBN101", "MsWidgets", 4),
        ("DBN201", "BadBoth", 5),
        ("DBN201", "BadBoth", 5),
    ]


@pytest.mark.parametrize("dbms", ["h2", "db2", "edb"])
def test_a_changeset_of_a_database_without_a_dialect_is_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dbms: str
) -> None:
    """traccar's default database is H2, which dbnamelint has no dialect for:
    an H2-only changeset is read with the tree's grammar, as H2 runs it (and
    an EnterpriseDB one with PostgreSQL's, for EDB's ``dbms`` filters)."""
    _project(tmp_path, monkeypatch, {})
    _change(
        tmp_path,
        HEAD
        + f'  <changeSet author="a" id="n1" dbms="{dbms}">\n'
        + '    <createTable tableName="tOnly"><column name="id" type="int"/></createTable>\n'
        + "  </changeSet>\n"
        + END,
    )
    code, found, _diagnostics = check_json("--base", "HEAD")
    assert code == 1
    assert sorted((f[0], f[1], f[3]) for f in found) == [("DBN101", "tOnly", 4)]
