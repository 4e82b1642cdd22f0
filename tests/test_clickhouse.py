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


#: Every statement ClickHouse's grammar lets take ``ON CLUSTER <cluster>``
#: (manual, "Distributed DDL Queries (ON CLUSTER Clause)", and each
#: statement's page), the cluster written bare, as a keyword, quoted, and as a
#: string holding a macro (``parseIdentifierOrStringLiteral``).
ON_CLUSTER = """\
CREATE TABLE IF NOT EXISTS flag_events ON CLUSTER default
    (`flagKey` String, ts DateTime, INDEX idx_flag flagKey TYPE minmax GRANULARITY 1)
    ENGINE = MergeTree ORDER BY ts;
CREATE TABLE items ON CLUSTER '{cluster}' (id UInt64, `itemName` String)
    ENGINE = MergeTree ORDER BY id;
CREATE TABLE olds ON CLUSTER `my-cluster` (id UInt64) ENGINE = MergeTree ORDER BY id;
ALTER TABLE flag_events ON CLUSTER default ADD COLUMN `environmentKey` String;
ALTER TABLE flag_events ON CLUSTER main ADD INDEX idx_env environmentKey TYPE minmax GRANULARITY 1;
ALTER TABLE flag_events ON CLUSTER main RENAME COLUMN `environmentKey` TO `envKey`;
ALTER TABLE flag_events ON CLUSTER main DROP COLUMN ts;
ALTER TABLE items ON CLUSTER '{cluster}' DROP INDEX IF EXISTS idx_none;
CREATE INDEX idx_item ON items ON CLUSTER main (itemName) TYPE minmax GRANULARITY 1;
CREATE VIEW item_views ON CLUSTER main AS SELECT id FROM items;
CREATE MATERIALIZED VIEW item_mvs ON CLUSTER main TO items AS SELECT id, itemName FROM items;
RENAME TABLE olds TO news ON CLUSTER main;
DROP TABLE IF EXISTS news ON CLUSTER main SYNC;
"""


def test_on_cluster_is_read_as_if_not_written(tmp_path: Path) -> None:
    """ClickHouse runs the statement on each host of the cluster: what it does
    to the schema is what it does without the clause. Before, the clause hid
    the columns and indexes of a CREATE TABLE and the whole ALTER."""
    (tmp_path / "with.sql").write_text(ON_CLUSTER)
    without = ON_CLUSTER
    for cluster in (" ON CLUSTER default", " ON CLUSTER '{cluster}'", " ON CLUSTER `my-cluster`"):
        without = without.replace(cluster, "")
    without = without.replace(" ON CLUSTER main", "")
    assert "CLUSTER" not in without
    (tmp_path / "without.sql").write_text(without)
    objects = _objects(tmp_path / "with.sql", "--dialect", "clickhouse")
    assert objects == _objects(tmp_path / "without.sql", "--dialect", "clickhouse")
    assert sorted((kind, name) for kind, name, _ in objects) == [
        ("column", "envKey"),
        ("column", "flagKey"),
        ("column", "id"),
        ("column", "itemName"),
        ("index", "idx_env"),
        ("index", "idx_flag"),
        ("index", "idx_item"),
        ("materialized_view", "item_mvs"),
        ("table", "flag_events"),
        ("table", "items"),
        ("view", "item_views"),
    ]


def test_a_bad_name_behind_on_cluster_fails_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """flipt's ClickHouse migrations: the gate saw nothing of the new column."""
    monkeypatch.chdir(tmp_path)
    sql = tmp_path / "1_add.up.sql"
    sql.write_text(
        "CREATE TABLE flipt_counter_analytics (ts DateTime) ENGINE = MergeTree ORDER BY ts;\n"
        "ALTER TABLE flipt_counter_analytics ON CLUSTER default "
        "ADD COLUMN `environmentKey` String;\n"
    )
    result = CliRunner().invoke(cli, ["check", "--no-cache", "--dialect", "clickhouse", sql.name])
    assert result.exit_code == 1, result.output
    assert 'DBN201 column "flipt_counter_analytics.environmentKey"' in result.output


#: ``CREATE TABLE t AS src``: manual, CREATE TABLE, "With a Schema Similar to
#: Other Table"; InterpreterCreateQuery copies the columns always, the
#: data-skipping indexes (named as in ``src``) when the new table's engine,
#: written or ``src``'s, ends in MergeTree.
CREATE_AS = """\
CREATE TABLE counters
    (ts DateTime, `flagKey` String, INDEX idx_flag flagKey TYPE minmax GRANULARITY 1)
    ENGINE = MergeTree ORDER BY ts;
CREATE TABLE counter_copies ON CLUSTER default AS counters ENGINE = ReplicatedMergeTree ORDER BY ts;
CREATE TABLE counter_logs AS counters ENGINE = Log;
CREATE TABLE counter_clones CLONE AS counters;
CREATE TABLE numbers_tables AS numbers(10);
"""


def test_create_table_as_copies_the_structure(tmp_path: Path) -> None:
    (tmp_path / "as.sql").write_text(CREATE_AS)
    report = CliRunner().invoke(
        cli, ["inspect", "--format", "json", "--dialect", "clickhouse", str(tmp_path / "as.sql")]
    )
    assert report.exit_code == 0, report.output
    loaded = json.loads(report.output)
    # a table function is not a table to copy from: no note of one not created
    assert loaded["diagnostics"] == []
    held: dict[str, list[tuple[str, str]]] = {}
    for o in loaded["objects"]:
        if o["kind"] == "table":
            held.setdefault(o["name"], [])
        else:
            held.setdefault(o["table"], []).append((o["kind"], o["name"]))
    full = [("column", "ts"), ("column", "flagKey"), ("index", "idx_flag")]
    assert held == {
        "counters": full,
        # each table has its own idx_flag (ClickHouse names indexes per table)
        "counter_copies": full,
        "counter_logs": full[:2],  # Log is not of the MergeTree family
        "counter_clones": full,  # no ENGINE: counters' MergeTree
        "numbers_tables": [],  # the function's columns are not read
    }


def test_two_tables_may_each_have_an_index_of_one_name(tmp_path: Path) -> None:
    """A data-skipping index is its table's (``ALTER TABLE t ADD INDEX i``;
    system.data_skipping_indices is keyed by database, table and name): the
    second ``idx_ts`` replaced the first before (DBN010), losing it."""
    (tmp_path / "two.sql").write_text(
        "CREATE TABLE a_rows (ts DateTime, INDEX idx_ts ts TYPE minmax)"
        " ENGINE = MergeTree ORDER BY ts;\n"
        "CREATE TABLE b_rows (ts DateTime) ENGINE = MergeTree ORDER BY ts;\n"
        "ALTER TABLE b_rows ADD INDEX idx_ts ts TYPE minmax GRANULARITY 1;\n"
    )
    objects = _objects(tmp_path / "two.sql", "--dialect", "clickhouse")
    assert [(kind, name) for kind, name, _ in objects if kind == "index"] == [
        ("index", "idx_ts"),
        ("index", "idx_ts"),
    ]


#: ALTER TABLE actions ClickHouse takes that make, rename and drop no name the
#: model holds (ClickHouse manual, "ALTER": partitions, mutations, TTL,
#: settings, statistics, MODIFY QUERY of a materialized view), and a column
#: list ending in a comma, which ClickHouse accepts (langfuse's migrations,
#: run on ClickHouse, write ``is_deleted UInt8,\n) ENGINE = ...``).
NAMELESS = """\
CREATE TABLE t ON CLUSTER default (
    id UInt64,
    ts DateTime,
) ENGINE = MergeTree ORDER BY id;
CREATE MATERIALIZED VIEW t_mv ENGINE = MergeTree ORDER BY id AS SELECT id, ts FROM t;
ALTER TABLE t MODIFY TTL ts + INTERVAL 1 DAY;
ALTER TABLE t MODIFY SETTING index_granularity = 8192;
ALTER TABLE t DELETE WHERE id = 1;
ALTER TABLE t UPDATE id = 2 WHERE id = 1;
ALTER TABLE t DROP PARTITION 202001;
ALTER TABLE t DROP PART 'all_1_1_0';
ALTER TABLE t DROP DETACHED PARTITION 202001;
ALTER TABLE t MODIFY COLUMN ts DateTime64;
ALTER TABLE t COMMENT COLUMN id 'x';
ALTER TABLE t MODIFY ORDER BY (id, ts);
ALTER TABLE t ADD STATISTICS id TYPE tdigest;
ALTER TABLE t DROP STATISTICS id;
ALTER TABLE t CLEAR COLUMN ts IN PARTITION 202001;
ALTER TABLE t FREEZE;
ALTER TABLE t REMOVE TTL;
ALTER TABLE t_mv ON CLUSTER default MODIFY QUERY SELECT id, ts FROM t;
"""


def test_nameless_actions_and_a_trailing_comma_are_read(tmp_path: Path) -> None:
    (tmp_path / "a.sql").write_text(NAMELESS)
    objects = _objects(tmp_path / "a.sql", "--dialect", "clickhouse")
    assert [(k, n) for k, n, _ in objects] == [
        ("table", "t"),
        ("column", "id"),
        ("column", "ts"),
        ("materialized_view", "t_mv"),
    ]


def test_an_action_no_reader_knows_is_an_error(tmp_path: Path) -> None:
    """Read as leniently as a dialect known only by name, ``ALTER TABLE t FOO
    BAR ADD COLUMN `badName` String`` left nothing and said nothing."""
    (tmp_path / "a.sql").write_text(
        "CREATE TABLE t (id UInt64) ENGINE = MergeTree ORDER BY id;\n"
        "ALTER TABLE t FOO BAR ADD COLUMN `badName` String;\n"
    )
    result = CliRunner().invoke(
        cli, ["check", "--no-cache", "--dialect", "clickhouse", "--format", "json", str(tmp_path)]
    )
    report = json.loads(result.stdout)
    found = [(d["code"], d["line"]) for d in report["diagnostics"] if d["code"] == "DBN004"]
    assert (result.exit_code, found) == (1, [("DBN004", 2)]), result.output
