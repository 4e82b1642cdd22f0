"""``migrate``'s warning names only statements that may run DDL (trial s41 kimai).

``migrate --phase 2`` of kimai warned "3 statements (...) run DDL this plan
does not read", two of them an ``UPDATE ... SET timezone = '" . $timezone .
"'`` and a ``SELECT ... FROM ' . $tableName . '``: text the code completes
that holds no ``CREATE``, ``ALTER``, ``DROP`` or ``RENAME``, which
``DBN013``'s rule makes an info note (docs/diagnostics.md), and which make,
rename or drop no name. The warning now names the one that runs DDL
(``'DROP INDEX ' . $index->getName() . ' ON kimai2_users'``).

Oracle: MariaDB. The migrations' SQL, the value filled in as PHP would
(``Europe/Berlin``), built the database; the forward script ``migrate``
prints runs on it and renames the table (information_schema), so no name
the ``UPDATE`` could have touched was missing from the plan.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from mysql_server import MysqlServer

_MIGRATION = """<?php

namespace DoctrineMigrations;

use Doctrine\\DBAL\\Schema\\Schema;
use Doctrine\\Migrations\\AbstractMigration;

final class Version{version} extends AbstractMigration
{{
    public function up(Schema $schema): void
    {{
{body}
    }}
}}
"""
FILES = {
    "20240101000000": "        $this->addSql('CREATE TABLE timesheet (id INT NOT NULL, "
    "timezone VARCHAR(64) DEFAULT NULL, INDEX tz_idx (timezone)) ENGINE = InnoDB');",
    "20240102000000": "        $timezone = date_default_timezone_get();\n"
    '        $this->addSql("UPDATE timesheet SET timezone = \'" . $timezone . "\'");',
    "20240103000000": "        $name = 'tz_idx';\n"
    "        $this->addSql('DROP INDEX ' . $name . ' ON timesheet');",
}
#: What the migrations ran on MariaDB (the value and the name filled in as PHP does).
RAN = [
    "CREATE TABLE timesheet (id INT NOT NULL, timezone VARCHAR(64) DEFAULT NULL, "
    "INDEX tz_idx (timezone)) ENGINE = InnoDB",
    "UPDATE timesheet SET timezone = 'Europe/Berlin'",
    "DROP INDEX tz_idx ON timesheet",
]
WHITELIST = """\
phases:
  - {id: "1", title: "Plural tables", status: open}
entries:
  - {kind: table, name: timesheet, rules: [DBN105], phase: "1", target: timesheets}
"""


def test_the_warning_names_what_may_run_ddl(
    maria: MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "migrations").mkdir()
    for version, body in FILES.items():
        text = _MIGRATION.format(version=version, body=body)
        (tmp_path / f"migrations/Version{version}.php").write_text(text)
    (tmp_path / "dbnamelint.yaml").write_text('paths: ["migrations/*.php"]\ndialect: mysql\n')
    (tmp_path / "whitelist.yaml").write_text(WHITELIST)
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(cli, ["migrate", "--phase", "1"])
    assert done.exit_code == 0, done.output
    assert "1 statement (migrations/Version20240103000000.php:" in done.stderr
    assert "Version20240102000000" not in done.stderr
    forward = done.stdout.split("-- ==== forward ====")[1].split("-- ==== rollback ====")[0]
    with maria.fresh_database("unread_dml") as db:
        maria.run(";\n".join(RAN) + ";", database=db)
        maria.run(forward, database=db)
        tables = maria.run(
            "SELECT table_name, table_type FROM information_schema.tables "
            "WHERE table_schema = DATABASE() ORDER BY 1",
            database=db,
        ).split("\n")
    assert [t.split("\t") for t in tables if t] == [
        ["timesheet", "VIEW"],
        ["timesheets", "BASE TABLE"],
    ]
