"""A file no Liquibase changelog includes is not replayed (s27, the bypass class of s26).

Liquibase runs only what its changelogs reach (Liquibase manual, "include",
"sqlFile", "includeAll"). A stray ``changelog/0003_fix.sql`` beside the files
``master.xml`` includes one by one was read anyway, in its folder's order, so
it could rename a new bad column to a good one in the model only: the hook and
``check --base`` passed while the database, run by Liquibase, kept the bad name.
Such a file now gets a ``DBN007`` note and is left out; named on the command
line it is read. Oracles: the Liquibase manual, real git.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from check_json import check_json
from git_helpers import adopted_repo, commit_all, isolated_git_env

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">\n'
MASTER = (
    HEAD
    + '  <include file="changelog/0001_init.sql" relativeToChangelogFile="true"/>\n'
    + '  <include file="changelog/0002_orders.sql" relativeToChangelogFile="true"/>\n'
    + "</databaseChangeLog>\n"
)
INIT = (
    "-- liquibase formatted sql\n-- changeset a:1\nCREATE TABLE customers (id INT PRIMARY KEY);\n"
)
ORDERS = (
    "-- liquibase formatted sql\n"
    "-- changeset a:2\n"
    'CREATE TABLE orders (id INT PRIMARY KEY, "orderDate" DATE);\n'
)
FIX = (
    "-- liquibase formatted sql\n"
    "-- changeset a:3\n"
    'ALTER TABLE orders RENAME COLUMN "orderDate" TO order_date;\n'
)
STRAY_XML = (
    HEAD
    + '  <changeSet author="a" id="4">\n'
    + '    <renameColumn tableName="orders" oldColumnName="orderDate"'
    + ' newColumnName="ordered_on"/>\n'
    + "  </changeSet>\n</databaseChangeLog>\n"
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(tmp_path)
    adopted_repo(
        tmp_path,
        {"db/master.xml": MASTER, "db/changelog/0001_init.sql": INIT},
        "paths: [db]\ndialect: postgres\n",
    )
    return tmp_path


@pytest.mark.parametrize(("name", "text"), [("0003_fix.sql", FIX), ("0004_rename.xml", STRAY_XML)])
def test_a_file_no_changelog_includes_does_not_hide_a_bad_name(
    project: Path, name: str, text: str
) -> None:
    (project / "db/changelog/0002_orders.sql").write_text(ORDERS)
    (project / "db/changelog" / name).write_text(text)
    code, found, diagnostics = check_json("--base", "HEAD", "--verbose")
    assert (code, [(f[0], f[1], f[2]) for f in found]) == (
        1,
        [("DBN201", "orderDate", "db/changelog/0002_orders.sql")],
    )
    notes = [(d["code"], d["path"]) for d in diagnostics if d["code"] == "DBN007"]
    assert notes == [("DBN007", f"db/changelog/{name}")]


def test_once_included_the_file_is_replayed(project: Path) -> None:
    # 0002 committed (its bad name history, as in a deployed database); were it
    # new in the change too, its "orderDate" would be judged where it is written,
    # though 0003 renames it (tests/test_gate_transient_names.py)
    (project / "db/changelog/0002_orders.sql").write_text(ORDERS)
    commit_all(project, "orders")
    (project / "db/changelog/0003_fix.sql").write_text(FIX)
    (project / "db/master.xml").write_text(
        MASTER.replace(
            "</databaseChangeLog>",
            '  <include file="changelog/0003_fix.sql" relativeToChangelogFile="true"/>\n'
            "</databaseChangeLog>",
        )
    )
    code, found, diagnostics = check_json("--base", "HEAD", "--verbose")
    assert (code, found) == (0, [])
    assert [d for d in diagnostics if d["code"] == "DBN007"] == []


def test_named_on_the_command_line_it_is_read(project: Path) -> None:
    (project / "db/changelog/0003_fix.sql").write_text(
        FIX.replace('"orderDate" TO order_date', 'id TO "fixId"')
    )
    run = subprocess.run(
        [sys.executable, "-m", "dbnamelint", "check", "db/changelog/0003_fix.sql"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1, run.stdout + run.stderr
    assert "fixId" in run.stdout
