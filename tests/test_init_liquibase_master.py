"""``init`` on a JHipster tree proposes the folder of ``master.xml`` (confirmation trial s22).

JHipster keeps ``config/liquibase/master.xml`` and includes
``changelog/*.xml`` from it in its own order: an entity's table before the
changelog adding its constraints, whose name sorts first
(``..._added_entity_constraints_Operation.xml`` < ``..._added_entity_Operation.xml``).
``init`` proposed ``changelog/`` as the path, so the files were read by name
and the constraints' table was "not created in the files" (two false DBN011
notes, in ``inspect`` too). Liquibase runs the includes in ``master.xml``'s
order (its documentation, "include"): the proposed path is now the root
changelog's folder, and the first ``check`` reads them so.
"""

# ruff: noqa: E501  (changelog lines kept whole, as JHipster writes them)
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import write_files

BASE = "src/main/resources/config/liquibase"
MASTER = """<?xml version="1.0" encoding="utf-8"?>
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
    <include file="config/liquibase/changelog/20150805125054_added_entity_Operation.xml" relativeToChangelogFile="false"/>
    <include file="config/liquibase/changelog/20150805125054_added_entity_constraints_Operation.xml" relativeToChangelogFile="false"/>
</databaseChangeLog>
"""
TABLE = """<?xml version="1.0" encoding="utf-8"?>
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
    <changeSet id="1" author="jhipster">
        <createTable tableName="operation">
            <column name="id" type="bigint"><constraints primaryKey="true" nullable="false"/></column>
            <column name="bank_account_id" type="bigint"/>
        </createTable>
        <createTable tableName="bank_account">
            <column name="id" type="bigint"><constraints primaryKey="true" nullable="false"/></column>
        </createTable>
    </changeSet>
</databaseChangeLog>
"""
CONSTRAINTS = """<?xml version="1.0" encoding="utf-8"?>
<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">
    <changeSet id="2" author="jhipster">
        <addForeignKeyConstraint baseColumnNames="bank_account_id" baseTableName="operation" constraintName="fk_operation__bank_account_id" referencedColumnNames="id" referencedTableName="bank_account"/>
    </changeSet>
</databaseChangeLog>
"""


def _run(*args: str) -> tuple[int, str]:
    done = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return done.exit_code, done.output


def test_init_proposes_the_root_changelog_s_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(
        tmp_path,
        {
            f"{BASE}/master.xml": MASTER,
            f"{BASE}/changelog/20150805125054_added_entity_Operation.xml": TABLE,
            f"{BASE}/changelog/20150805125054_added_entity_constraints_Operation.xml": CONSTRAINTS,
        },
    )
    monkeypatch.chdir(tmp_path)
    code, out = _run("init")
    assert code == 0, out
    config = yaml.safe_load((tmp_path / "dbnamelint.yaml").read_text(encoding="utf-8"))
    assert config["paths"] == [BASE]
    code, out = _run("check", "--verbose", "--no-cache")
    assert "DBN011" not in out, out
    # the changelog folder alone reads by name: the notes the old proposal gave
    code, out = _run("check", "--verbose", "--no-cache", f"{BASE}/changelog")
    assert "DBN011" in out, out
