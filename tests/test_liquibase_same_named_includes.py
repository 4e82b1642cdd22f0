"""Two changelogs including the same relative name run their own files (trial s37 fineract).

Fineract's master includes ``tenant-store/initial-switch-changelog-tenant-store.xml``
and ``tenant/initial-switch-changelog-tenant.xml``, and each includes
``parts/0001_initial_schema.xml`` relative to itself. The nested include was
resolved to the first changelog whose path ends in that name, the
``tenant-store`` one (it sorts first), so the tenant's own file lost its place:
it was replayed after ``changelog-tenant.xml``'s renames (the model kept the
legacy ``IsActive`` and the rename was a ``DBN011``), with a false "no
Liquibase changelog includes it" note, and the base of the gate, read in
another order, held the right model: every commit failed on ``DBN901`` for
the legacy names.

Oracle: real Liquibase 4.28 ``update`` of the master below on MariaDB 10.11
(``information_schema.columns``), run by ``test_real_liquibase_on_mariadb``
when ``DBNAMELINT_TEST_LIQUIBASE`` is set; its result is ``ORACLE``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import liquibase_cli
from check_json import check_json
from cli_json import inspect_json
from git_helpers import adopted_repo, git, isolated_git_env, write_files
from mysql_server import MysqlServer

HEAD = liquibase_cli.CHANGELOG_HEAD
END = liquibase_cli.CHANGELOG_END


def _include(name: str) -> str:
    return f'  <include file="{name}" relativeToChangelogFile="true"/>\n'


def _changeset(number: int, body: str) -> str:
    return HEAD + f'  <changeSet author="a" id="{number}">{body}</changeSet>\n' + END


FILES = {
    "db/db.changelog-master.xml": HEAD
    + _include("tenant-store/initial-switch-changelog-tenant-store.xml")
    + _include("tenant/initial-switch-changelog-tenant.xml")
    + _include("tenant/changelog-tenant.xml")
    + END,
    "db/tenant-store/initial-switch-changelog-tenant-store.xml": HEAD
    + _include("parts/0001_initial_schema.xml")
    + END,
    "db/tenant/initial-switch-changelog-tenant.xml": HEAD
    + _include("parts/0001_initial_schema.xml")
    + END,
    "db/tenant/changelog-tenant.xml": HEAD + _include("parts/0003_rename.xml") + END,
    "db/tenant-store/parts/0001_initial_schema.xml": _changeset(
        1, '<createTable tableName="tenants"><column name="id" type="BIGINT"/></createTable>'
    ),
    "db/tenant/parts/0001_initial_schema.xml": _changeset(
        2,
        '<createTable tableName="m_adhoc"><column name="id" type="BIGINT"/>'
        '<column name="IsActive" type="BOOLEAN"/></createTable>',
    ),
    "db/tenant/parts/0003_rename.xml": _changeset(
        3,
        '<renameColumn tableName="m_adhoc" oldColumnName="IsActive" '
        'newColumnName="is_active" columnDataType="BOOLEAN"/>',
    ),
}
CONFIG = "paths: [db]\ndialect: mariadb\n"
#: ``information_schema.columns`` after Liquibase 4.28 ran the master on MariaDB 10.11.
ORACLE = ["m_adhoc.id", "m_adhoc.is_active", "tenants.id"]


def _columns(report: Any) -> list[str]:
    return sorted(o["qualified_name"] for o in report["objects"] if o["kind"] == "column")


def test_each_changelog_runs_its_own_same_named_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(tmp_path, {**FILES, "dbnamelint.yaml": CONFIG})
    code, report = inspect_json(tmp_path, monkeypatch, "--no-cache")
    assert code == 0
    assert _columns(report) == ORACLE
    notes = [d["message"] for d in report.get("diagnostics", [])]
    assert not [m for m in notes if "no Liquibase changelog includes it" in m], notes


def test_the_gate_passes_an_unrelated_commit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(tmp_path)
    legacy = dict(FILES)
    # a legacy name the rename leaves alone, excused by the baseline
    legacy["db/tenant/parts/0001_initial_schema.xml"] = _changeset(
        2,
        '<createTable tableName="m_adhoc"><column name="id" type="BIGINT"/>'
        '<column name="IsActive" type="BOOLEAN"/><column name="tokenType" type="INT"/>'
        "</createTable>",
    )
    adopted_repo(tmp_path, legacy, CONFIG)
    (tmp_path / "README").write_text("x\n")
    git(tmp_path, "add", "README")
    git(tmp_path, "commit", "-qm", "readme")
    code, found, diagnostics = check_json("--base", "HEAD~1")
    assert code == 0, (found, diagnostics)


@liquibase_cli.needs_liquibase
def test_real_liquibase_on_mariadb(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, maria: MysqlServer
) -> None:
    write_files(tmp_path, {**FILES, "dbnamelint.yaml": CONFIG})
    with maria.fresh_database("dbnl_lb_same_named") as db:
        done = liquibase_cli.update_mariadb(maria, db, tmp_path, "db/db.changelog-master.xml")
        assert done.returncode == 0, done.stdout + done.stderr
        listed = liquibase_cli.maria_columns(maria, db)
    assert listed == ORACLE
    _, report = inspect_json(tmp_path, monkeypatch, "--no-cache")
    assert _columns(report) == ORACLE
