"""An unchanged whitelist entry excusing an object the change makes (trial s28 kestra).

The whitelist excuses legacy objects and may only shrink. kestra keeps one
schema for two databases (``jdbc-postgres/`` and ``jdbc-mysql/`` Flyway
folders); copies share object references, so an entry written for the
PostgreSQL copy's legacy index ``sla_monitor__deadline`` excused a new
index of that name made in the MySQL copy, and the gate passed it while the
whitelist did not grow. Now ``DBN901`` at the new object. The same object
made again where the base had it (drop and re-create in one copy), or a
legacy table renamed by its phase with its columns still excused, is not
new. Oracle: real git; the rule is the README's (the whitelist may only
shrink).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import adopted_repo, git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

TABLE = 'CREATE TABLE sla_monitors (id int PRIMARY KEY, deadline int, "Owner" int);\n'
MYSQL_TABLE = TABLE.replace(', "Owner" int', "").replace('"', "`")
LEGACY = "CREATE INDEX sla_monitor__deadline ON sla_monitors (deadline);\n"


@pytest.fixture
def project(git_project: Path) -> Path:
    adopted_repo(
        git_project,
        {
            "db/postgres/V1__init.sql": TABLE + LEGACY,
            "db/mysql/V1__init.sql": MYSQL_TABLE,
        },
        "paths: [db/postgres, db/mysql]\n",
    )
    return git_project


def _gate(*args: str) -> tuple[int, list[tuple[str, str, str, int]], dict[str, Any]]:
    result = CliRunner().invoke(
        cli, ["check", "--no-cache", "--base", "HEAD", *args, "--format", "json"]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.stdout)
    found = [
        (d["code"], d["severity"], d["path"], d["line"])
        for d in report["diagnostics"]
        if d["code"] == "DBN901"
    ]
    return result.exit_code, found, report


def _add(project: Path, name: str, text: str) -> None:
    (project / name).write_text(text)
    git(project, "add", "-A")


def test_a_legacy_name_made_new_in_the_other_copy_is_growth(project: Path) -> None:
    _add(project, "db/mysql/V2__idx.sql", LEGACY)
    code, found, report = _gate()
    assert (code, found) == (1, [("DBN901", "error", "db/mysql/V2__idx.sql", 1)]), report
    code, found, report = _gate("--allow-whitelist-growth")
    assert (code, found) == (0, [("DBN901", "warning", "db/mysql/V2__idx.sql", 1)]), report


def test_a_new_legacy_column_on_a_new_copy_of_the_table_is_growth(project: Path) -> None:
    """The entry ``column sla_monitors.Owner`` excuses the PostgreSQL copy's
    column; the MySQL copy had the table without it."""
    _add(project, "db/mysql/V2__owner.sql", "ALTER TABLE sla_monitors ADD COLUMN `Owner` int;\n")
    whitelist = (project / "whitelist.yaml").read_text()
    assert "sla_monitors.Owner" in whitelist
    code, found, report = _gate()
    assert (code, found) == (1, [("DBN901", "error", "db/mysql/V2__owner.sql", 1)]), report


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            "DROP INDEX sla_monitor__deadline;\n" + LEGACY, id="dropped-and-made-again-in-one-copy"
        ),
        pytest.param(
            "ALTER TABLE sla_monitors RENAME TO sla_monitor_rows;\n", id="legacy-table-renamed"
        ),
    ],
)
def test_what_the_base_held_is_not_new(project: Path, change: str) -> None:
    _add(project, "db/postgres/V2__again.sql", change)
    _code, found, report = _gate()
    assert found == [], report
