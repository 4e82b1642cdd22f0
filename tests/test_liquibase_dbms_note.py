"""Trial s9-t2 F2: a JHipster changelog runs on H2 (dev, tests) and
PostgreSQL (``<property ... dbms="h2"/>``); its changesets carry no ``dbms``,
so the changeset ``migrate`` writes (PostgreSQL SQL) had none either, and
Liquibase 4.28 on H2 then failed at startup ("Parameter "#1" is not set";
``Table "label" not found`` for the quoted rename alone: run in the trial).
The plan now names those databases and the ``dbms:`` that restricts it."""

# ruff: noqa: E501  (changelog lines kept whole, as JHipster writes them)
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli

_MASTER = """<?xml version="1.0" encoding="utf-8"?>
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
    <property name="now" value="now()" dbms="h2"/>
    <property name="now" value="current_timestamp" dbms="postgresql"/>
    <include file="config/liquibase/changelog/20150805124936_added_entity_Label.xml" relativeToChangelogFile="false"/>
</databaseChangeLog>
"""

_LABEL = """<?xml version="1.0" encoding="utf-8"?>
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
    <changeSet id="1" author="jhipster">
        <createTable tableName="label">
            <column name="id" type="bigint"><constraints primaryKey="true" nullable="false"/></column>
        </createTable>
    </changeSet>
</databaseChangeLog>
"""


def _migrate(root: Path, monkeypatch: pytest.MonkeyPatch, master: str) -> str:
    base = root / "src/main/resources/config/liquibase"
    (base / "changelog").mkdir(parents=True)
    (base / "master.xml").write_text(master, encoding="utf-8")
    (base / "changelog/20150805124936_added_entity_Label.xml").write_text(_LABEL, encoding="utf-8")
    (root / "dbnamelint.yaml").write_text(
        "paths: [src/main/resources/config/liquibase]\ndialect: postgres\n", encoding="utf-8"
    )
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["migrate", "--rename", "label=labels"])
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


def test_a_changelog_that_also_runs_on_h2_gets_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = _migrate(tmp_path, monkeypatch, _MASTER)
    assert (
        "no dbms filter, but this changelog also names h2 (dbms in master.xml)" in out
        and "add ` dbms:postgresql` to its `-- changeset` line" in out
    ), out


def test_a_postgresql_only_changelog_gets_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    master = _MASTER.replace('    <property name="now" value="now()" dbms="h2"/>\n', "")
    out = _migrate(tmp_path, monkeypatch, master)
    assert "dbms filter" not in out, out
