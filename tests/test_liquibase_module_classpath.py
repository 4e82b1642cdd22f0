"""A changelog including a file another Maven/Gradle module holds (trial s37 fineract).

Fineract's ``fineract-provider/src/main/resources/db/changelog/db.changelog-master.xml``
includes ``db/changelog/tenant/module/loan/module-changelog-master.xml`` (no
``relativeToChangelogFile``): the file is in ``fineract-loan/src/main/resources``,
which Gradle puts on the application's classpath, Liquibase's search path
(Liquibase manual, "include": a path not relative to the changelog is looked
up on the search path; Gradle's ``java`` plugin: a module's
``src/main/resources`` is on the runtime classpath of the modules depending on it).
``check`` said ``DBN016`` ("not there ... liquibase update stops"), failing
every run. The real Liquibase 4.28, given both resource roots as its search
path, runs the master (``test_real_liquibase_runs_the_master``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import liquibase_cli
from check_json import check_json
from git_helpers import write_files
from mysql_server import MysqlServer

HEAD = liquibase_cli.CHANGELOG_HEAD
END = liquibase_cli.CHANGELOG_END
APP = "app/src/main/resources"
LOAN = "loan/src/main/resources"


def _files(included: str) -> dict[str, str]:
    return {
        f"{APP}/db/changelog/db.changelog-master.xml": HEAD
        + f'  <include file="{included}"/>\n'
        + END,
        f"{LOAN}/db/changelog/module/loan/module-changelog-master.xml": HEAD
        + '  <changeSet author="a" id="1"><createTable tableName="loans">'
        '<column name="id" type="BIGINT"/></createTable></changeSet>\n' + END,
        "dbnamelint.yaml": "paths: [app, loan]\ndialect: mariadb\n",
    }


def _missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, included: str) -> list[object]:
    write_files(tmp_path, _files(included))
    monkeypatch.chdir(tmp_path)
    _code, _found, diagnostics = check_json()
    return [d["message"] for d in diagnostics if d["code"] == "DBN016"]


def test_a_file_of_another_modules_resources_is_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert (
        _missing(tmp_path, monkeypatch, "db/changelog/module/loan/module-changelog-master.xml")
        == []
    )


def test_a_file_no_module_holds_is_still_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = _missing(tmp_path, monkeypatch, "db/changelog/module/lease/module-changelog-master.xml")
    assert len(found) == 1


@liquibase_cli.needs_liquibase
def test_real_liquibase_runs_the_master(tmp_path: Path, maria: MysqlServer) -> None:
    write_files(tmp_path, _files("db/changelog/module/loan/module-changelog-master.xml"))
    with maria.fresh_database("dbnl_lb_module_classpath") as db:
        done = liquibase_cli.update_mariadb(
            maria,
            db,
            Path(f"{tmp_path / APP},{tmp_path / LOAN}"),
            "db/changelog/db.changelog-master.xml",
        )
        assert done.returncode == 0, done.stdout + done.stderr
        listed = liquibase_cli.maria_tables(maria, db)
    assert listed == ["loans"]
