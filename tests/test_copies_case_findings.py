"""One finding for a name a file shared by two dialects writes once (trial s33 hawkbit).

A Flyway Java migration beside per-dialect SQL folders is read for each
dialect; its ``CREATE TABLE sp_deviceGroup`` is ``sp_deviceGroup`` to MySQL
(which keeps a table name's case) and ``sp_devicegroup`` to PostgreSQL (which
folds it; the servers' catalogs say so below). Both copies end in a singular
noun, so the gate reported DBN105 twice, once per spelling. It is one name
written once: one DBN105 naming both dialects, worded with the name as
written; DBN101 (not snake_case) stays MySQL's alone.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import mysql_server
import pg_server
from dbnamelint.cli import cli
from git_helpers import adopted_repo, git, isolated_git_env

D = "src/main/resources/db/migration"
CONFIG = f"""\
paths: [{D}/MYSQL, {D}/POSTGRESQL]
per_path:
  - paths: ["{D}/MYSQL/**"]
    dialect: mysql
  - paths: ["{D}/POSTGRESQL/**"]
    dialect: postgres
"""
JAVA = """\
package db.migration;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

public class V2__DeviceGroup extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        try (var statement = context.getConnection().createStatement()) {
            statement.execute("CREATE TABLE sp_deviceGroup (id BIGINT NOT NULL)");
        }
    }
}
"""
DDL = "CREATE TABLE sp_deviceGroup (id BIGINT NOT NULL)"


def test_the_servers_store_two_spellings(
    pg: pg_server.PgServer, maria: mysql_server.MysqlServer
) -> None:
    with maria.fresh_database("copies_case_findings") as db:
        maria.run(DDL, database=db)
        stored = maria.run(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()",
            database=db,
        )
        assert stored.split() == ["sp_deviceGroup"]
    with pg.fresh_database("copies_case_findings") as db:
        pg.run(sql=DDL, dbname=db)
        rows = pg.query_json(
            "SELECT relname FROM pg_class WHERE relname ILIKE 'sp_devicegroup'", db
        )
        assert [r["relname"] for r in rows] == ["sp_devicegroup"]


def test_a_shared_file_gets_one_finding_per_rule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    monkeypatch.chdir(tmp_path)
    base = {
        f"{folder}/V1__init__{name}.sql": "CREATE TABLE sp_targets (id bigint);\n"
        for name, folder in (("MYSQL", f"{D}/MYSQL"), ("POSTGRESQL", f"{D}/POSTGRESQL"))
    }
    adopted_repo(tmp_path, base, CONFIG)
    java = tmp_path / "src/main/java/db/migration/V2__DeviceGroup.java"
    java.parent.mkdir(parents=True)
    java.write_text(JAVA, encoding="utf-8")
    git(tmp_path, "add", "-A")
    result = CliRunner().invoke(cli, ["check", "--base", "HEAD", "--format", "json"])
    report = json.loads(result.output)
    found = sorted(
        (f["code"], f["message"]) for f in report["findings"] if f["path"].endswith(".java")
    )
    assert [code for code, _ in found] == ["DBN101", "DBN105"], found
    plural = dict(found)["DBN105"]
    assert "'sp_deviceGroup'" in plural and "(in mysql, postgres)" in plural, plural
