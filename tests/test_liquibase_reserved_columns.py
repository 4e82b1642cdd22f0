"""Liquibase change types naming a column with the database's reserved word (trial s37 fineract).

Fineract's ``m_password_validation_policy`` has a column ``key``. Liquibase
quotes a name that is a reserved word of the database it runs on
(``MySQLDatabase``'s list holds ``KEY``), so MariaDB gets the column; the
SQL dbnamelint generated for the change wrote it bare, ``key VARCHAR(255)``,
which MySQL reads as an index: the model lost the column and gained an
index named ``VARCHAR``.

Oracle: real Liquibase 4.28 ``update`` on MariaDB 10.11
(``information_schema.columns``), run by ``test_real_liquibase_on_mariadb``
when ``DBNAMELINT_TEST_LIQUIBASE`` is set; its result is ``ORACLE``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import liquibase_cli
from cli_json import inspect_json
from git_helpers import write_files
from mysql_server import MysqlServer

CHANGELOG = (
    liquibase_cli.CHANGELOG_HEAD + '  <changeSet author="a" id="1">\n'
    '    <createTable tableName="policies">\n'
    '      <column name="id" type="INT"/>\n'
    '      <column name="key" type="VARCHAR(255)"/>\n'
    "    </createTable>\n"
    '    <addColumn tableName="policies"><column name="interval" type="INT"/></addColumn>\n'
    "  </changeSet>\n" + liquibase_cli.CHANGELOG_END
)
#: ``information_schema.columns`` after Liquibase 4.28 ran it on MariaDB 10.11.
ORACLE = ["policies.id", "policies.interval", "policies.key"]


def _model(report: Any) -> list[str]:
    return sorted(
        o["qualified_name"] for o in report["objects"] if o["kind"] in ("column", "index")
    )


def _write(root: Path) -> None:
    write_files(
        root, {"db/changelog.xml": CHANGELOG, "dbnamelint.yaml": "paths: [db]\ndialect: mariadb\n"}
    )


def test_reserved_column_names_are_columns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write(tmp_path)
    code, report = inspect_json(tmp_path, monkeypatch, "--no-cache")
    assert code == 0
    assert _model(report) == ORACLE


@liquibase_cli.needs_liquibase
def test_real_liquibase_on_mariadb(tmp_path: Path, maria: MysqlServer) -> None:
    _write(tmp_path)
    with maria.fresh_database("dbnl_lb_reserved_columns") as db:
        done = liquibase_cli.update_mariadb(maria, db, tmp_path, "db/changelog.xml")
        assert done.returncode == 0, done.stdout + done.stderr
        listed = liquibase_cli.maria_columns(maria, db)
    assert listed == ORACLE
