"""``init`` takes the dialect most Liquibase changesets' ``dbms`` names (trial s33 openmrs C9).

OpenMRS's changelogs run on MySQL, MariaDB and PostgreSQL: most of their
change types name no database, and their special cases sit in changesets
with ``dbms="mysql"`` (316) or ``dbms="postgresql"`` (19). ``init`` saw a
MySQL script beside XML read as PostgreSQL (dbnamelint's default), said
"several dialects (mysql, postgres)" and wrote no ``dialect:``, so every
change type was read as PostgreSQL: PostgreSQL's implicit names
(``form_resource_pkey``) in a MySQL project, and ``drift`` against MariaDB
compared nothing. Now the dialect most changesets' ``dbms`` names, when it
outnumbers all the others, is written, and ``init`` says why.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import write_files

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">\n'
)


def _set(number: int, dbms: str | None) -> str:
    where = f' dbms="{dbms}"' if dbms else ""
    return (
        f'  <changeSet author="a" id="{number}"{where}>\n'
        f'    <createTable tableName="t{number}s"><column name="id" type="int"/></createTable>\n'
        "  </changeSet>\n"
    )


def _tree(root: Path, dbms: list[str | None]) -> None:
    sets = "".join(_set(n, d) for n, d in enumerate(dbms))
    write_files(
        root,
        {
            "db/changelog/db.changelog-master.xml": HEAD + sets + "</databaseChangeLog>\n",
            # as OpenMRS's liquibase/scripts/create_openmrs_database.sql: MySQL by its backticks
            "scripts/create.sql": "CREATE TABLE `liquibase_notes` (`id` int NOT NULL);\n",
        },
    )


def _init(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, dict[str, object]]:
    monkeypatch.chdir(root)
    done = CliRunner().invoke(cli, ["init"], catch_exceptions=False)
    assert done.exit_code == 0, done.output
    config = yaml.safe_load((root / "dbnamelint.yaml").read_text())
    return done.output, config


def test_the_dbms_most_changesets_name_is_the_dialect(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path, ["mysql", "mysql", "mysql", "postgresql", None, None])
    output, config = _init(tmp_path, monkeypatch)
    assert config["dialect"] == "mysql"
    assert "mysql set, as 3 Liquibase changesets say dbms=mysql (1 another)" in output


def test_no_majority_leaves_it_unset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _tree(tmp_path, ["mysql", "postgresql", None])
    output, config = _init(tmp_path, monkeypatch)
    assert "dialect" not in config
    assert "several dialects (mysql, postgres)" in output
