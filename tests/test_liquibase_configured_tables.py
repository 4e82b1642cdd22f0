"""Liquibase's tracking tables under the names a project configures (trial s33 openmrs B6).

OpenMRS renames Liquibase's ``DATABASECHANGELOG``/``DATABASECHANGELOGLOCK``
in Java (``DatabaseUpdater``: ``database.setDatabaseChangeLogTableName(
"liquibasechangelog")``), and a SQL script it ships creates them. They were
linted (``MD5SUM``: DBN201), whitelisted, and ``migrate`` planned
``MD5SUM -> md5_sum``, which breaks every later ``liquibase update``
(Liquibase reads and writes the table column by column). Liquibase's own
settings say the same (``liquibase.databaseChangeLogTableName`` in
``liquibase.properties``, the Liquibase manual's "Liquibase parameters"),
and Spring Boot's ``spring.liquibase.database-change-log-table``
(``LiquibaseProperties``). Where the project configures such a name, the
table is Liquibase's: not linted, never renamed.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from check_json import check_json
from dbnamelint.cli import cli
from git_helpers import init_repo, isolated_git_env
from mysql_server import MysqlServer

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CHANGELOG = """\
<?xml version="1.0" encoding="UTF-8"?>
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
  <changeSet author="a" id="1">
    <createTable tableName="customers"><column name="id" type="int"/></createTable>
  </changeSet>
</databaseChangeLog>
"""
#: As OpenMRS's liquibase/scripts/create_openmrs_database.sql creates it.
SCRIPT = """\
CREATE TABLE `liquibasechangelog` (
  `ID` varchar(255) NOT NULL,
  `MD5SUM` varchar(35) DEFAULT NULL
);
"""
JAVA = """\
class DatabaseUpdater {
  void configure(Database database) {
    database.setDatabaseChangeLogTableName("liquibasechangelog");
    database.setDatabaseChangeLogLockTableName("liquibasechangeloglock");
  }
}
"""
CONFIGURATIONS = [
    pytest.param("src/DatabaseUpdater.java", JAVA, id="java-setter"),
    pytest.param(
        "liquibase.properties",
        "changeLogFile=db/changelog.xml\nliquibase.databaseChangeLogTableName=liquibasechangelog\n",
        id="liquibase-properties",
    ),
    pytest.param(
        "src/main/resources/application.yml",
        "spring:\n  liquibase:\n    database-change-log-table: liquibasechangelog\n",
        id="spring-boot",
    ),
]


def _project(root: Path, monkeypatch: pytest.MonkeyPatch, extra: dict[str, str]) -> None:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(root)
    files = {"db/changelog.xml": CHANGELOG, "scripts/create_db.sql": SCRIPT, **extra}
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    (root / "dbnamelint.yaml").write_text("paths: [db, scripts]\ndialect: mysql\n")
    init_repo(root, "base")


@pytest.mark.parametrize(("name", "text"), CONFIGURATIONS)
def test_a_configured_tracking_table_is_not_linted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str
) -> None:
    _project(tmp_path, monkeypatch, {name: text})
    code, found, _diagnostics = check_json()
    assert (code, found) == (0, [])


def test_without_the_configuration_it_is_the_projects_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _project(tmp_path, monkeypatch, {})
    _code, found, _diagnostics = check_json()
    assert {(f[0], f[1]) for f in found} == {("DBN201", "ID"), ("DBN201", "MD5SUM")}


def test_migrate_plans_no_rename_of_its_columns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _project(tmp_path, monkeypatch, {"src/DatabaseUpdater.java": JAVA})
    result = CliRunner().invoke(
        cli, ["migrate", "--rename-column", "liquibasechangelog.MD5SUM=md5_sum"]
    )
    assert "not renamed: liquibasechangelog.MD5SUM: Liquibase's tracking tables" in result.output
    assert "md5_sum" not in result.stdout


TRACKING = (
    "CREATE TABLE liquibasechangelog (ID varchar(255) NOT NULL, AUTHOR varchar(255) "
    "NOT NULL, MD5SUM varchar(35), DEPLOYMENT_ID varchar(10));"
    "CREATE TABLE liquibasechangeloglock (ID int NOT NULL PRIMARY KEY, LOCKED bit(1));"
)


@pytest.mark.parametrize("tracking", [TRACKING, ""], ids=["liquibase-ran", "not-yet"])
def test_drift_leaves_them_out_of_both_sides(
    maria: MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tracking: str
) -> None:
    """The database Liquibase made under OpenMRS's names: its tracking tables,
    as Liquibase 4.28 creates them (more columns than the project's script
    writes), are compared with nothing, nor is the script's copy (also where
    the database has none yet: Liquibase makes them on its first run)."""
    _project(tmp_path, monkeypatch, {"src/DatabaseUpdater.java": JAVA})
    with maria.fresh_database("dbn_lbconfigured") as db:
        maria.run("CREATE TABLE customers (id int);" + tracking, database=db)
        done = CliRunner().invoke(cli, ["drift", "--db", maria.url(db), "--format", "json"])
    report = json.loads(done.stdout)
    assert report["drift"] == []
