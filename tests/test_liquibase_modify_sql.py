"""``<modifySql>`` changes the SQL a changeset runs (trial s33 openmrs A2).

Liquibase applies a changeset's ``modifySql`` steps, those whose ``dbms``
names the database, to every statement its changes generate, in written
order (``JdbcExecutor.applyVisitors``; ``ReplaceSqlVisitor``:
``sql.replace``, ``RegExpReplaceSqlVisitor``: Java's ``replaceAll``,
``AppendSqlVisitor``/``PrependSqlVisitor``). The reader passed them over in
silence, so ``<replace replace="license_number" with="licenseNumber"/>``
and ``<append value=", ADD COLUMN licenseExtra ..."/>`` passed the hook
while the database got ``licenseNumber`` and ``licenseExtra``.

Oracle: real Liquibase 4.28.1 (``update``) on MariaDB 10.11 of
:data:`CHANGELOG` gave ``providers`` the columns ``id, licenseNumber,
license_no, licenseExtra, mariaonly`` (``information_schema.columns`` in
ordinal order): the ``dbms="postgresql"`` and ``dbms="mysql"`` steps were
not applied there, the ``dbms="mariadb"`` one was (``$1`` its group).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from check_json import check_json
from cli_json import inspect_json

CHANGELOG = """\
<?xml version="1.0" encoding="UTF-8"?>
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
  <changeSet author="a" id="1">
    <createTable tableName="providers"><column name="id" type="int"/></createTable>
  </changeSet>
  <changeSet author="a" id="2">
    <addColumn tableName="providers"><column name="license_number" type="varchar(10)"/></addColumn>
    <modifySql><replace replace="license_number" with="licenseNumber"/></modifySql>
  </changeSet>
  <changeSet author="a" id="3">
    <addColumn tableName="providers"><column name="license_no" type="varchar(10)"/></addColumn>
    <modifySql><append value=", ADD COLUMN licenseExtra varchar(10)"/></modifySql>
  </changeSet>
  <changeSet author="a" id="4">
    <addColumn tableName="providers"><column name="pg_only" type="varchar(10)"/></addColumn>
    <modifySql dbms="postgresql"><regExpReplace replace="pg_(\\w+)" with="Pg$1"/></modifySql>
    <modifySql dbms="mariadb"><regExpReplace replace="pg_(\\w+)" with="maria$1"/></modifySql>
    <modifySql dbms="mysql"><prepend value="/* never */ "/></modifySql>
  </changeSet>
</databaseChangeLog>
"""
#: ``information_schema.columns`` after Liquibase 4.28.1 ran CHANGELOG on MariaDB 10.11.
ORACLE_COLUMNS = ["id", "licenseNumber", "license_no", "licenseExtra", "mariaonly"]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "db").mkdir()
    (tmp_path / "db/changelog.xml").write_text(CHANGELOG)
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: mariadb\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_model_has_the_columns_liquibase_made(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, report = inspect_json(project, monkeypatch)
    assert code == 0
    objects = report["objects"] if isinstance(report, dict) else report
    assert [o["name"] for o in objects if o["kind"] == "column"] == ORACLE_COLUMNS


def test_the_names_modify_sql_makes_are_judged(project: Path) -> None:
    code, found, _diagnostics = check_json()
    assert code == 1
    assert sorted({(f[0], f[1]) for f in found}) == [
        ("DBN201", "licenseExtra"),
        ("DBN201", "licenseNumber"),
    ]
