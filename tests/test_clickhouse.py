"""ClickHouse trees (umami's ``db/clickhouse/``): read without inventing
columns, and no rename script pretended for a database migrate does not model.

The right values come from the ClickHouse manual: a ``PROJECTION p (SELECT
...)`` and a data-skipping ``INDEX i expr TYPE t GRANULARITY n`` are table
elements ("Manipulating Projections", "Data Skipping Indexes"), ``ALTER TABLE
... ADD/DROP PROJECTION`` names a projection, and a column is dropped with
``DROP COLUMN``; ``projection`` and ``index`` are still ordinary column names.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli

EVENTS = """\
CREATE TABLE umami.events
(
    --sessions
    website_id UUID,
    created_at DateTime('UTC'),
    projection String,
    index UInt32,
    INDEX idx_site website_id TYPE bloom_filter GRANULARITY 1,
    INDEX idx_day toStartOfDay(created_at) TYPE minmax GRANULARITY 4,
    PROJECTION events_by_site (SELECT * ORDER BY website_id)
)
ENGINE = MergeTree
    PARTITION BY toYYYYMM(created_at)
    ORDER BY (website_id, created_at)
    SETTINGS index_granularity = 8192;

ALTER TABLE umami.events ADD PROJECTION IF NOT EXISTS events_by_day (SELECT * ORDER BY created_at);
ALTER TABLE umami.events MATERIALIZE PROJECTION events_by_day;
ALTER TABLE umami.events ADD INDEX idx_created created_at TYPE minmax GRANULARITY 4;
ALTER TABLE umami.events ADD COLUMN projection2 String;
ALTER TABLE umami.events DROP PROJECTION events_by_day;
"""


def _objects(root: Path, *args: str) -> list[tuple[str, str, list[str] | None]]:
    result = CliRunner().invoke(cli, ["inspect", "--format", "json", *args, str(root)])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["diagnostics"] == []
    return [(o["kind"], o["name"], o.get("columns")) for o in report["objects"]]


def test_projections_and_skipping_indexes_are_not_columns(tmp_path: Path) -> None:
    (tmp_path / "events.sql").write_text(EVENTS)
    objects = _objects(tmp_path / "events.sql", "--dialect", "clickhouse")
    columns = [name for kind, name, _ in objects if kind == "column"]
    assert columns == ["website_id", "created_at", "projection", "index", "projection2"]
    indexes = {name: cols for kind, name, cols in objects if kind == "index"}
    assert indexes == {
        "idx_site": ["website_id"],
        "idx_day": [],  # an expression names no column
        "idx_created": ["created_at"],
    }


def test_a_clickhouse_folder_is_read_as_clickhouse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """umami configures ``dialect: postgres`` for its Prisma tree; the folder
    ``db/clickhouse/`` names its files' dialect outright, as ``mysql/`` does."""
    (tmp_path / "db" / "clickhouse").mkdir(parents=True)
    (tmp_path / "db" / "clickhouse" / "01_init.sql").write_text(EVENTS)
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "-v", "--no-cache"])
    assert "dialects: clickhouse (1 file)" in result.stderr, result.stderr
    assert "DBN004" not in result.output + result.stderr


@pytest.mark.parametrize("dialect", ["clickhouse", "tsql", "duckdb"])
def test_migrate_writes_no_script_for_a_database_it_does_not_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dialect: str
) -> None:
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "001_init.sql").write_text("CREATE TABLE Events (id int);\n")
    (tmp_path / "dbnamelint.yaml").write_text(f"paths: [db]\ndialect: {dialect}\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["migrate", "--rename", "Events=evts"])
    assert result.exit_code == 2
    assert "RENAME" not in result.stdout
    assert "migrate writes rename scripts only for PostgreSQL" in result.stderr
    assert f"none is printed or written for {dialect}" in result.stderr
    for write in ([], ["--write", "--layout", "numbered"]):
        result = CliRunner().invoke(cli, ["migrate", "--rename", "Events=evts", *write])
        assert result.exit_code == 2
    assert sorted(p.name for p in (tmp_path / "db").iterdir()) == ["001_init.sql"]
    result = CliRunner().invoke(cli, ["migrate", "--rename", "Events=evts", "--export", "plain"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "table Events evts\n"
