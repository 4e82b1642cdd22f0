"""Liquibase never runs what ``ignore`` marks (trial s40 traccar).

A ``<changeSet ignore="true">``, a formatted-SQL ``-- changeset a:1
ignore:true`` and an ``<include ... ignore="true"/>`` are left out of every
update (the manual, "changeset": ``ignore`` since 3.6). The reader replayed
all three: their tables were in the model, their names judged. The oracle is
the real Liquibase (4.28) on PostgreSQL: the tables it makes are the model's.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import liquibase_cli
from dbnamelint.cli import cli
from liquibase_cli import CHANGELOG_END, CHANGELOG_HEAD, needs_liquibase
from pg_server import PgServer

MASTER = (
    CHANGELOG_HEAD
    + '  <changeSet author="a" id="1">\n'
    + '    <createTable tableName="t_kept"><column name="id" type="INT"/></createTable>\n'
    + "  </changeSet>\n"
    + '  <changeSet author="a" id="2" ignore="true">\n'
    + '    <createTable tableName="tIgnored"><column name="id" type="INT"/></createTable>\n'
    + "  </changeSet>\n"
    + '  <include file="f.sql" relativeToChangelogFile="true"/>\n'
    + '  <include file="inc.xml" relativeToChangelogFile="true" ignore="true"/>\n'
    + CHANGELOG_END
)
FORMATTED = (
    "-- liquibase formatted sql\n"
    "-- changeset a:3 ignore:true\n"
    'CREATE TABLE "tIgnoredSql" (id INT);\n'
    "-- changeset a:4\n"
    "CREATE TABLE t_kept_sql (id INT);\n"
)
INCLUDED = (
    CHANGELOG_HEAD
    + '  <changeSet author="a" id="5">\n'
    + '    <createTable tableName="tIncludedIgnored"><column name="id" type="INT"/></createTable>\n'
    + "  </changeSet>\n"
    + CHANGELOG_END
)


def _tree(root: Path) -> None:
    (root / "db").mkdir()
    (root / "db/master.xml").write_text(MASTER)
    (root / "db/f.sql").write_text(FORMATTED)
    (root / "db/inc.xml").write_text(INCLUDED)
    (root / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n")


def _model_tables() -> list[str]:
    done = CliRunner().invoke(cli, ["inspect", "--no-cache", "--format", "json"])
    assert done.exit_code == 0, done.output
    return sorted(
        o["stored_name"] for o in json.loads(done.output)["objects"] if o["kind"] == "table"
    )


def test_ignored_parts_are_not_replayed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert _model_tables() == ["t_kept", "t_kept_sql"]
    done = CliRunner().invoke(cli, ["check", "--no-cache"])
    assert done.exit_code == 0, done.output


@needs_liquibase
def test_the_model_is_what_liquibase_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("dbn_lb_ignore_s40") as db:
        done = liquibase_cli.update(pg, db, tmp_path / "db", "master.xml")
        assert done.returncode == 0, done.stdout + done.stderr
        made = [t for t in pg.public_tables(db) if not t.startswith("databasechangelog")]
    assert made == ["t_kept", "t_kept_sql"]
    assert _model_tables() == made
