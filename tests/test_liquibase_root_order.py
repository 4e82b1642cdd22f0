"""Two root changelogs running the same files: the longer one's order wins (trial s33 openmrs C8).

OpenMRS keeps ``liquibase-update-to-latest-from-1.9.x.xml`` (1.9.x, 2.0.x
... 2.8.x, 3.0.x) beside ``liquibase-update-to-latest.xml`` (3.0.x alone).
Each include order was applied in turn, the second changelog's last, so
3.0.x was replayed before 2.0.x: its ``addColumn provider.description`` came
before 2.0.x's ``createTable provider`` and the column was lost. Now the
changelog reaching the most files orders last: the files run where the
longer history runs them.

Oracle: real Liquibase 4.28.1 ``update`` of
``liquibase-update-to-latest-from-1.9.x.xml`` below on MariaDB 10.11 left
the tables ``care_providers`` and ``visits`` (``information_schema.tables``,
Liquibase's own aside); the model had ``providers`` too (the rename replayed
before the table was made).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_json import inspect_json
from git_helpers import write_files

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog">\n'
)


FORMATTED = "-- liquibase formatted sql\n"


def _include(name: str) -> str:
    return f'  <include file="updates/{name}" relativeToChangelogFile="true"/>\n'


FILES = {
    "db/liquibase-update-to-latest-from-1.9.x.xml": HEAD
    + _include("u1.sql")
    + _include("u2.sql")
    + _include("u3.sql")
    + "</databaseChangeLog>\n",
    "db/liquibase-update-to-latest.xml": HEAD + _include("u3.sql") + "</databaseChangeLog>\n",
    "db/updates/u1.sql": FORMATTED + "-- changeset a:1\nCREATE TABLE providers (id INT);\n",
    "db/updates/u2.sql": FORMATTED + "-- changeset a:2\nCREATE TABLE visits (id INT);\n",
    "db/updates/u3.sql": (
        FORMATTED + "-- changeset a:3\nALTER TABLE providers RENAME TO care_providers;\n"
    ),
}
#: ``information_schema.tables`` after Liquibase 4.28.1 ran the longer changelog on MariaDB.
ORACLE_TABLES = ["care_providers", "visits"]


def test_the_longer_root_changelog_orders_the_shared_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(tmp_path, {**FILES, "dbnamelint.yaml": "paths: [db]\ndialect: mariadb\n"})
    code, report = inspect_json(tmp_path, monkeypatch)
    assert code == 0
    assert sorted(o["name"] for o in report["objects"] if o["kind"] == "table") == ORACLE_TABLES
