"""Each change of a changelog read for SQL Server is a statement of its own (trial s40 traccar).

Liquibase executes the SQL of each change (and each statement a ``sql``
change splits into) on its own JDBC ``execute``; it never sends two changes
as one batch (the Liquibase manual, "sql": statements are split at
``endDelimiter`` and run one by one). traccar's SQL Server changesets are
``<sql>CREATE TRIGGER tg_x ON t FOR DELETE AS BEGIN ... END</sql>`` changes
with no ``GO``: read as T-SQL, where a trigger's body runs to the end of its
batch, the trigger swallowed every change after it in the changeset, and a
table created there was missing from the model and never checked.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli

CHANGELOG = """<?xml version="1.0" encoding="UTF-8"?>
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
  <changeSet author="a" id="1">
    <createTable tableName="users"><column name="id" type="INT"/></createTable>
    <sql>
      CREATE TRIGGER tg_users_delete ON users FOR DELETE AS BEGIN UPDATE users SET id = id END
    </sql>
    <createTable tableName="groups"><column name="id" type="INT"/></createTable>
    <sql>CREATE PROCEDURE refresh_groups AS BEGIN UPDATE groups SET id = id END</sql>
    <addColumn tableName="groups"><column name="BadColumn" type="INT"/></addColumn>
  </changeSet>
</databaseChangeLog>
"""


def test_a_trigger_change_does_not_swallow_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "db").mkdir()
    (tmp_path / "db/changelog.xml").write_text(CHANGELOG)
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: tsql\n")
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(cli, ["inspect", "--no-cache", "--format", "json"])
    assert done.exit_code == 0, done.output
    objects = json.loads(done.output)["objects"]
    assert sorted((o["kind"], o["stored_name"]) for o in objects) == [
        ("column", "BadColumn"),
        ("column", "id"),
        ("column", "id"),
        ("function", "refresh_groups"),
        ("table", "groups"),
        ("table", "users"),
        ("trigger", "tg_users_delete"),
    ]
    done = CliRunner().invoke(cli, ["check", "--no-cache"])
    assert done.exit_code == 1 and 'column "groups.BadColumn"' in done.output, done.output
