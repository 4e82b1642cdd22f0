"""A changelog the run reads is the schema for ``impact``, even with parts of other databases.

``impact`` never searches the schema tree: an applied migration must go on
creating the old name. But a changelog holding one changeset another
database runs (``dbms="mssql"``, a ``DBN007`` note on that changeset) was
taken for a file no tool runs and searched as code: traccar's
``changelog-6.13.0.xml`` was listed as high-confidence uses and ``impact
--diff`` rewrote its ``createTable`` to the new name (trial s40 traccar I2).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import adopted_repo, isolated_git_env

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">\n'
)
CHANGELOG = (
    HEAD
    + '  <changeSet author="a" id="1">\n'
    + '    <createTable tableName="t_good"><column name="id" type="INT"/></createTable>\n'
    + "  </changeSet>\n"
    + '  <changeSet author="a" id="2" dbms="mssql">\n'
    + '    <createIndex tableName="t_good" indexName="ix_id"><column name="id"/></createIndex>\n'
    + "  </changeSet>\n"
    + "</databaseChangeLog>\n"
)
CODE = 'String sql = "SELECT id FROM t_good";\n'


@pytest.mark.parametrize("dbms", ['dbms="mssql"', ""], ids=["other-database-part", "plain"])
def test_a_partly_replayed_changelog_is_not_code(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dbms: str
) -> None:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(tmp_path)
    files = {
        "db/master.xml": HEAD
        + '  <include file="changelog-1.xml" relativeToChangelogFile="true"/>\n'
        + "</databaseChangeLog>\n",
        "db/changelog-1.xml": CHANGELOG.replace('dbms="mssql"', dbms),
        "src/Repo.java": CODE,
    }
    adopted_repo(tmp_path, files, "paths: [db]\ndialect: postgres\n")
    done = CliRunner().invoke(cli, ["impact", "--no-cache", "--format", "json"])
    assert done.exit_code == 0, done.output
    report = json.loads(done.output)
    paths = sorted(
        {item["path"] for p in report["phases"] for o in p["objects"] for item in o["items"]}
    )
    assert paths == ["src/Repo.java"]
    done = CliRunner().invoke(cli, ["impact", "--no-cache", "--diff"])
    assert "changelog-1.xml" not in done.output and "src/Repo.java" in done.output, done.output
