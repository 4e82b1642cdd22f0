"""A ClickHouse tree's unqualified names are in the one database its files name.

ClickHouse manual, "USE Statement": the current database "is used for
searching for tables if the database is not explicitly defined in the query
with a dot before the table name". umami's ``db/clickhouse/`` migrations
write ``umami.event_data`` in most files and ``"event_data"`` in one, run
by a client connected to ``umami``: read apart, the two were two tables
(trial s28). A catalog whose files name one database (qualifiers, ``USE``)
takes it as its default, as PostgreSQL's ``public`` is; files naming two are
read as written.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from dbnamelint.cli import cli


def _inspect(root: Path) -> dict[str, object]:
    result = CliRunner().invoke(
        cli, ["inspect", "--format", "json", "--dialect", "clickhouse", "--no-cache", str(root)]
    )
    assert result.exit_code == 0, result.output
    report: dict[str, object] = json.loads(result.stdout)
    return report


def _tables(report: dict[str, object]) -> dict[str, list[str]]:
    """Each table's name and its columns; a name held by two tables fails."""
    objects = report["objects"]
    assert isinstance(objects, list)
    names = [o["name"] for o in objects if o["kind"] == "table"]
    assert len(names) == len(set(names)), names
    return {
        o["name"]: [c["name"] for c in objects if c["kind"] == "column" and c["table"] == o["name"]]
        for o in objects
        if o["kind"] == "table"
    }


def _codes(report: dict[str, object]) -> list[str]:
    diagnostics = report["diagnostics"]
    assert isinstance(diagnostics, list)
    return [d["code"] for d in diagnostics]


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


def test_an_unqualified_name_is_the_qualified_ones_database(tmp_path: Path) -> None:
    root = _write(
        tmp_path,
        {
            "01_init.sql": 'CREATE TABLE "event_data" (id UUID) ENGINE = MergeTree ORDER BY id;\n',
            "02_key.sql": "ALTER TABLE umami.event_data ADD COLUMN job_id UUID;\n"
            "CREATE TABLE umami.session_data (id UUID) ENGINE = MergeTree ORDER BY id;\n",
            "03_more.sql": 'ALTER TABLE "session_data" ADD COLUMN "data_key" String;\n',
        },
    )
    report = _inspect(root)
    assert _tables(report) == {
        "event_data": ["id", "job_id"],
        "session_data": ["id", "data_key"],
    }
    assert "DBN011" not in _codes(report)  # no table is taken for one made elsewhere


def test_use_sets_the_database_of_the_names_after_it(tmp_path: Path) -> None:
    root = _write(
        tmp_path,
        {
            "01_init.sql": "CREATE DATABASE IF NOT EXISTS analytics;\nUSE analytics;\n"
            "CREATE TABLE events (id UUID) ENGINE = MergeTree ORDER BY id;\n",
            "02_more.sql": "ALTER TABLE analytics.events ADD COLUMN site_id UInt64;\n",
        },
    )
    report = _inspect(root)
    assert _tables(report) == {"events": ["id", "site_id"]}
    assert "DBN011" not in _codes(report)


def test_files_naming_two_databases_are_read_as_written(tmp_path: Path) -> None:
    root = _write(
        tmp_path,
        {
            "01.sql": "CREATE TABLE raw.events (id UUID) ENGINE = MergeTree ORDER BY id;\n"
            "CREATE TABLE agg.events (id UUID) ENGINE = MergeTree ORDER BY id;\n"
            "CREATE TABLE events (id UUID) ENGINE = MergeTree ORDER BY id;\n",
        },
    )
    report = _inspect(root)
    objects = report["objects"]
    assert isinstance(objects, list)
    assert sorted(o.get("schema") or "" for o in objects if o["kind"] == "table") == [
        "",
        "agg",
        "raw",
    ]
    assert "DBN010" not in _codes(report)
