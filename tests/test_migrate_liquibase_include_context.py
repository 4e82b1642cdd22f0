"""The include ``migrate --write`` adds runs in the runs its neighbours run in (trial s37 fineract).

Fineract's master runs ``tenant/changelog-tenant.xml`` under
``context="tenant_db AND !initial_switch"`` and, on a new database, first
runs Liquibase with ``initial_switch`` among its contexts (then without).
The rename's include was appended with no context, so the first pass ran
it before ``changelog-tenant.xml`` made the table and the update stopped
("not found, nothing renamed"). The include now copies the ``context``
(``labels``, ``dbms``) of the master's include that runs the renamed
table's folder.

Oracle: real Liquibase 4.28 on MariaDB 10.11, the two passes Fineract's
``TenantDatabaseUpgradeService`` runs (``test_real_liquibase_runs_both_passes``,
when ``DBNAMELINT_TEST_LIQUIBASE`` is set): both succeed and the table is
renamed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import liquibase_cli
from dbnamelint.cli import cli
from git_helpers import write_files
from mysql_server import MysqlServer

HEAD = liquibase_cli.CHANGELOG_HEAD
END = liquibase_cli.CHANGELOG_END
CONTEXT = 'context="tenant_db AND !initial_switch"'
FILES = {
    "db/db.changelog-master.xml": HEAD
    + f'  <include file="tenant/changelog-tenant.xml" relativeToChangelogFile="true" {CONTEXT}/>\n'
    + END,
    "db/tenant/changelog-tenant.xml": HEAD
    + '  <include file="parts/0015_business_date.xml" relativeToChangelogFile="true"/>\n'
    + END,
    "db/tenant/parts/0015_business_date.xml": HEAD
    + '  <changeSet author="a" id="1"><createTable tableName="m_business_date">'
    '<column name="id" type="INT"/></createTable></changeSet>\n' + END,
    "dbnamelint.yaml": "paths: [db]\ndialect: mariadb\n",
}
#: The same master in YAML (``db.changelog-master.yaml``).
YAML_MASTER = (
    "databaseChangeLog:\n"
    "  - include:\n"
    "      file: tenant/changelog-tenant.xml\n"
    "      relativeToChangelogFile: true\n"
    "      context: tenant_db AND !initial_switch\n"
)


def _files(master: str) -> dict[str, str]:
    if master == "xml":
        return FILES
    files = {k: v for k, v in FILES.items() if not k.endswith("master.xml")}
    return {**files, "db/db.changelog-master.yaml": YAML_MASTER}


def _migrate(root: Path, monkeypatch: pytest.MonkeyPatch, master: str) -> str:
    write_files(root, _files(master))
    monkeypatch.chdir(root)
    args = ["migrate", "--rename", "m_business_date=m_business_dates", "--no-views", "--write"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    return (root / f"db/db.changelog-master.{master}").read_text(encoding="utf-8")


@pytest.mark.parametrize("master", ["xml", "yaml"])
def test_the_include_copies_the_context(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, master: str
) -> None:
    text = _migrate(tmp_path, monkeypatch, master)
    if master == "xml":
        added = [line for line in text.splitlines() if "rename" in line]
        assert len(added) == 1, text
        assert CONTEXT in added[0], text
    else:
        tail = text.split("rename", 1)[1]
        assert "context: tenant_db AND !initial_switch" in tail, text


@liquibase_cli.needs_liquibase
@pytest.mark.parametrize("master", ["xml", "yaml"])
def test_real_liquibase_runs_both_passes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, maria: MysqlServer, master: str
) -> None:
    _migrate(tmp_path, monkeypatch, master)
    with maria.fresh_database("dbnl_lb_include_context") as db:
        for contexts in ("tenant_db,initial_switch", "tenant_db"):
            done = liquibase_cli.update_mariadb(
                maria,
                db,
                tmp_path,
                f"db/db.changelog-master.{master}",
                f"--contexts={contexts}",
                "update",
            )
            assert done.returncode == 0, done.stdout + done.stderr
        listed = liquibase_cli.maria_tables(maria, db)
    assert listed == ["m_business_dates"]
