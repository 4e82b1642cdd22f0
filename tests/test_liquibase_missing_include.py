"""A Liquibase changelog naming a file that is not there (trial s27 note).

``liquibase update`` resolves every ``include`` and ``sqlFile`` before it
runs any changeset and stops at a missing one ("The file ... was not found
in the configured search path"), unless the ``include`` says
``errorIfMissing="false"``. A name relative to a search-path root (JHipster's
``src/main/resources``, ``relativeToChangelogFile`` false) is found there.
dbnamelint said nothing of a missing file: the gate passed a changelog that
cannot run. Now: ``DBN016`` at the changelog's line naming it.

Oracle: the real Liquibase (``DBNAMELINT_TEST_LIQUIBASE``, a ``liquibase``
executable; 4.28 was used) on a real PostgreSQL, where installed.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

import liquibase_cli
from dbnamelint.cli import cli
from pg_server import PgServer

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog
    http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-latest.xsd">
"""
INIT = (
    HEAD
    + """  <changeSet id="1" author="x">
    <createTable tableName="users"><column name="id" type="int"/></createTable>
  </changeSet>
</databaseChangeLog>
"""
)
ROOT = "src/main/resources"
MASTER = f"{ROOT}/db/changelog/master.xml"

#: master.xml's entries after the include of 001-init.xml, and whether
#: Liquibase (and so the gate) stops on them.
CASES = {
    "missing include": (
        '  <include file="changes/002-gone.xml" relativeToChangelogFile="true"/>\n',
        True,
    ),
    "missing sqlFile": (
        '  <changeSet id="3" author="x">\n'
        '    <sqlFile path="sql/003-gone.sql" relativeToChangelogFile="true"/>\n'
        "  </changeSet>\n",
        True,
    ),
    "found from the search-path root": (
        '  <include file="db/changelog/changes/001-init.xml"/>\n',
        False,
    ),
    "an optional include beside it": (
        '  <include file="changes/optional-local.xml" relativeToChangelogFile="true"\n'
        '           errorIfMissing="false"/>\n'
        '  <include file="changes/002-gone.xml" relativeToChangelogFile="true"/>\n',
        True,
    ),
    "a comment saying errorIfMissing": (
        '  <!-- overrides are optional: errorIfMissing="false" -->\n'
        '  <include file="changes/002-gone.xml" relativeToChangelogFile="true"/>\n',
        True,
    ),
    "a sqlFile beside an optional include": (
        '  <include file="changes/optional-local.xml" relativeToChangelogFile="true"\n'
        '           errorIfMissing="false"/>\n'
        '  <changeSet id="3" author="x">\n'
        '    <sqlFile path="sql/003-gone.sql" relativeToChangelogFile="true"/>\n'
        "  </changeSet>\n",
        True,
    ),
    "errorIfMissing false": (
        '  <include file="changes/002-gone.xml" relativeToChangelogFile="true"\n'
        '           errorIfMissing="false"/>\n',
        False,
    ),
}


def _tree(root: Path, entry: str) -> None:
    master = root / MASTER
    (master.parent / "changes").mkdir(parents=True)
    (master.parent / "changes/001-init.xml").write_text(INIT)
    first = '  <include file="changes/001-init.xml" relativeToChangelogFile="true"/>\n'
    if '001-init.xml"/>' in entry:  # the search-path case includes it that way instead
        first = ""
    master.write_text(HEAD + first + entry + "</databaseChangeLog>\n")
    (root / "dbnamelint.yaml").write_text(f"paths: [{ROOT}/db]\ndialect: postgres\n")


def _missing(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, list[tuple[str, int]]]:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["check", "--no-cache", "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.stdout)
    return result.exit_code, [
        (d["path"], d["line"]) for d in report["diagnostics"] if d["code"] == "DBN016"
    ]


@pytest.mark.parametrize("case", list(CASES))
def test_a_file_the_changelog_names_must_be_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    entry, stops = CASES[case]
    _tree(tmp_path, entry)
    code, found = _missing(tmp_path, monkeypatch)
    if stops:
        lines = (tmp_path / MASTER).read_text().splitlines()
        line = next(n for n, text in enumerate(lines, start=1) if "-gone." in text)
        assert (code, found) == (1, [(MASTER, line)])
    else:
        assert (code, found) == (0, [])


@pytest.mark.skipif(
    not os.environ.get("DBNAMELINT_TEST_LIQUIBASE"),
    reason="set DBNAMELINT_TEST_LIQUIBASE to a liquibase executable",
)
@pytest.mark.parametrize("case", list(CASES))
def test_real_liquibase_stops_where_the_gate_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer, case: str
) -> None:
    entry, _stops = CASES[case]
    _tree(tmp_path, entry)
    code, found = _missing(tmp_path, monkeypatch)
    slug = "".join(c for c in case if c.isalnum())[:20].lower()
    with pg.fresh_database(f"dbnl_lb_missing_{slug}") as db:
        done = liquibase_cli.update(pg, db, tmp_path / ROOT, "db/changelog/master.xml")
    assert (done.returncode != 0) == bool(found), done.stdout + done.stderr
    assert code == (1 if found else 0)


@pytest.mark.parametrize(
    ("second", "stops"),
    [
        ("  - include:\n      file: changes/002-gone.yaml\n", True),
        ("  - include:\n      file: changes/002-gone.yaml\n      errorIfMissing: false\n", False),
    ],
)
def test_yaml_reads_errorifmissing_of_the_include_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, second: str, stops: bool
) -> None:
    master = tmp_path / "db/changelog/db.changelog-master.yaml"
    master.parent.mkdir(parents=True)
    master.write_text(
        "databaseChangeLog:\n"
        "  - include:\n      file: changes/optional.yaml\n      errorIfMissing: false\n"
        + second
        + "  - changeSet:\n      id: 1\n      author: x\n      changes:\n"
        "        - createTable:\n            tableName: users\n"
        "            columns:\n              - column: {name: id, type: int}\n"
    )
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n")
    code, found = _missing(tmp_path, monkeypatch)
    assert (code, found) == (
        (1, [("db/changelog/db.changelog-master.yaml", 6)]) if stops else (0, [])
    )
