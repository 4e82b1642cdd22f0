"""Session 30: valid statements the reader could not read (DBN004/DBN005),
found by running sqlfluff's dialect fixtures through ``check``.

Each is checked against the real server where there is one: MariaDB 10.11
for the MySQL/MariaDB grammar (numeric attributes in either order, a
partition list, ``PARTITION BY SYSTEM_TIME``), sqlite3 for fts5's arguments.
An unread valid statement is an error in the gate: it blocks a commit.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner

import mysql_server
import pg_server
from dbnamelint.cli import cli


def _inspect(path: Path, dialect: str) -> tuple[list[tuple[str, str | None, str]], list[str]]:
    """The model's objects (kind, table, name) and the diagnostics' codes."""
    result = CliRunner().invoke(
        cli, ["inspect", "--format", "json", "--dialect", dialect, str(path)]
    )
    report = json.loads(result.stdout)
    objects = [(o["kind"], o.get("table"), o["name"]) for o in report["objects"]]
    return objects, [f"{d['code']}:{d['line']}" for d in report["diagnostics"]]


def _columns(objects: Sequence[tuple[str, str | None, str]]) -> set[tuple[str, str]]:
    return {(str(table), name) for kind, table, name in objects if kind == "column"}


def _server_columns(maria: mysql_server.MysqlServer, db: str) -> set[tuple[str, str]]:
    rows = maria.run(
        "SELECT table_name, column_name FROM information_schema.columns "
        f"WHERE table_schema = '{db}'",
        database=db,
    ).splitlines()
    return {(t, c) for t, c in (row.split("\t") for row in rows if row)}


# -- MySQL/MariaDB: UNSIGNED and ZEROFILL in either order ----------------------------

NUMERIC_ATTRIBUTES = (
    "CREATE TABLE my_table (num INT(5) ZEROFILL UNSIGNED, b int UNSIGNED ZEROFILL,\n"
    "  c bigint(20) ZEROFILL UNSIGNED NOT NULL, d int SIGNED);\n"
    "ALTER TABLE my_table ADD COLUMN e smallint ZEROFILL UNSIGNED DEFAULT 0;\n"
)


@pytest.mark.slow
def test_numeric_attributes_in_either_order(
    tmp_path: Path, maria: mysql_server.MysqlServer
) -> None:
    """MySQL's ``field_options`` take ``ZEROFILL UNSIGNED`` as well as
    ``UNSIGNED ZEROFILL`` (MariaDB stores ``int(5) unsigned zerofill``);
    ``UNSIGNED`` after ``ZEROFILL`` is no second column's type."""
    path = tmp_path / "a.sql"
    path.write_text(NUMERIC_ATTRIBUTES)
    with maria.fresh_database("dbnl_s30_zerofill") as db:
        maria.run(NUMERIC_ATTRIBUTES, database=db)
        on_server = _server_columns(maria, db)
    for dialect in ("mysql", "mariadb"):
        objects, diagnostics = _inspect(path, dialect)
        assert diagnostics == []
        assert _columns(objects) == on_server


def test_a_comma_left_out_is_still_found_in_mysql(tmp_path: Path) -> None:
    path = tmp_path / "a.sql"
    path.write_text("CREATE TABLE t (a int UNSIGNED NOT NULL b int);\n")
    _, diagnostics = _inspect(path, "mysql")
    assert diagnostics == ["DBN004:1"]


# -- MySQL/MariaDB: a partition action's list of names -------------------------------

PARTITION_LISTS = """\
CREATE TABLE t (a INT) PARTITION BY RANGE (a) (
  PARTITION p1 VALUES LESS THAN (10), PARTITION p2 VALUES LESS THAN (20),
  PARTITION p3 VALUES LESS THAN (30), PARTITION p4 VALUES LESS THAN (40),
  PARTITION p5 VALUES LESS THAN (50), PARTITION p6 VALUES LESS THAN MAXVALUE);
ALTER TABLE t DROP PARTITION IF EXISTS p1, p2, p_missing;
ALTER TABLE t TRUNCATE PARTITION `p3`, p4;
ALTER TABLE t ANALYZE PARTITION p3, p4;
ALTER TABLE t REORGANIZE PARTITION p3, p4 INTO (PARTITION p34 VALUES LESS THAN (40));
ALTER TABLE t DROP PARTITION p34, p5;
"""


@pytest.mark.slow
def test_a_partition_list_is_no_list_of_actions(
    tmp_path: Path, maria: mysql_server.MysqlServer
) -> None:
    """``DROP PARTITION [IF EXISTS] p1, p2`` (MariaDB KB, ALTER TABLE; MySQL's
    ``partition_names``): ``p2`` is a partition, not an unknown action."""
    path = tmp_path / "a.sql"
    path.write_text(PARTITION_LISTS)
    with maria.fresh_database("dbnl_s30_partitions") as db:
        maria.run(PARTITION_LISTS, database=db)
        left = maria.run(
            "SELECT partition_name FROM information_schema.partitions "
            f"WHERE table_schema = '{db}' AND table_name = 't'",
            database=db,
        ).split()
    assert left == ["p6"]
    objects, diagnostics = _inspect(path, "mariadb")
    assert diagnostics == []
    assert [(k, n) for k, _, n in objects] == [("table", "t"), ("column", "a")]


def test_a_name_after_a_column_action_is_still_an_error(tmp_path: Path) -> None:
    path = tmp_path / "a.sql"
    path.write_text(
        "CREATE TABLE t (a INT);\n"
        "ALTER TABLE t ADD COLUMN b int, c;\n"
        "ALTER TABLE t DROP PARTITION p1, ADD COLUMN `badName` int;\n"
    )
    objects, diagnostics = _inspect(path, "mariadb")
    assert diagnostics == ["DBN004:2"]
    assert ("column", "t", "badName") in objects


# -- MariaDB: PARTITION BY SYSTEM_TIME ----------------------------------------------

SYSTEM_TIME = """\
CREATE TABLE t_plain (x INT) WITH SYSTEM VERSIONING PARTITION BY SYSTEM_TIME;
CREATE TABLE t_explicit (x INT) WITH SYSTEM VERSIONING
  PARTITION BY SYSTEM_TIME (PARTITION p_hist HISTORY, PARTITION p_cur CURRENT);
CREATE TABLE t_limit (x INT) WITH SYSTEM VERSIONING
  PARTITION BY SYSTEM_TIME LIMIT 100000 (PARTITION p0 HISTORY, PARTITION pcur CURRENT);
CREATE TABLE t_interval (x INT) WITH SYSTEM VERSIONING
  PARTITION BY SYSTEM_TIME INTERVAL 1 WEEK (PARTITION p0 HISTORY, PARTITION pcur CURRENT);
CREATE TABLE t_starts (x INT) WITH SYSTEM VERSIONING
  PARTITION BY SYSTEM_TIME INTERVAL 1 MONTH STARTS '2021-01-01 00:00:00' AUTO PARTITIONS 12;
CREATE TABLE t_auto (y INT) WITH SYSTEM VERSIONING
  PARTITION BY SYSTEM_TIME INTERVAL 1 HOUR AUTO;
CREATE TABLE t_auto_limit (x INT) WITH SYSTEM VERSIONING
  PARTITION BY SYSTEM_TIME LIMIT 1000 AUTO;
CREATE TABLE t_count (x INT) WITH SYSTEM VERSIONING
  PARTITION BY SYSTEM_TIME INTERVAL 2 DAY PARTITIONS 12;
CREATE TABLE t_sub (x INT) WITH SYSTEM VERSIONING PARTITION BY SYSTEM_TIME
  SUBPARTITION BY KEY (x) SUBPARTITIONS 4 (PARTITION ph HISTORY, PARTITION pc CURRENT);
"""


@pytest.mark.slow
def test_system_versioned_partitioning(tmp_path: Path, maria: mysql_server.MysqlServer) -> None:
    """MariaDB KB, "Partitioning and system versioning": ``PARTITION BY
    SYSTEM_TIME [INTERVAL n unit [STARTS ts] | LIMIT n] [AUTO] [PARTITIONS
    n]``; every form is run on MariaDB and must read as the tables it makes."""
    path = tmp_path / "a.sql"
    path.write_text(SYSTEM_TIME)
    with maria.fresh_database("dbnl_s30_system_time") as db:
        maria.run(SYSTEM_TIME, database=db)
        on_server = _server_columns(maria, db)
    objects, diagnostics = _inspect(path, "mariadb")
    assert diagnostics == []
    assert _columns(objects) == on_server


# -- SQLite: fts arguments that are numbers ------------------------------------------

FTS = """\
CREATE VIRTUAL TABLE email USING fts5('email text', user_id, 100, "complex-field@!#");
CREATE VIRTUAL TABLE notes USING fts4(title, 7, body);
"""


def test_a_number_is_an_fts_column_name(tmp_path: Path) -> None:
    """fts5's "bareword" (fts5.html 3.1) may be all digits: sqlite3 makes a
    column ``100`` of it (PRAGMA table_info); fts4 the same."""
    path = tmp_path / "a.sql"
    path.write_text(FTS)
    with sqlite3.connect(tmp_path / "a.db") as conn:
        conn.executescript(FTS)
        on_server = {
            (table, row[1])
            for table in ("email", "notes")
            for row in conn.execute(f"PRAGMA table_info({table})")
        }
    objects, diagnostics = _inspect(path, "sqlite")
    assert diagnostics == []
    assert _columns(objects) == on_server


# -- ClickHouse: dictionaries, EXCHANGE, SYSTEM, access entities -----------------------
# No ClickHouse server here: the manual's grammar is the oracle ("CREATE
# DICTIONARY", "EXCHANGE Statement", "SYSTEM Statements", "DROP Statements").

DICTIONARY = """\
CREATE OR REPLACE DICTIONARY IF NOT EXISTS analytics.dict_countries ON CLUSTER '{cluster}'
(
    country_code String DEFAULT '' IS_OBJECT_ID,
    countryName String EXPRESSION lower(country_code),
    parent_code String DEFAULT '' HIERARCHICAL,
    is_active UInt8 DEFAULT 1 INJECTIVE
)
PRIMARY KEY country_code
SOURCE(CLICKHOUSE(HOST 'localhost' PORT 9000 TABLE 'dim_countries' DB 'analytics'))
LAYOUT(HASHED())
LIFETIME(MIN 300 MAX 600)
RANGE(MIN parent_code MAX parent_code)
SETTINGS(min_idle_time = 10)
COMMENT 'countries';
CREATE DICTIONARY analytics.old_dict (id UInt64, val String)
PRIMARY KEY id SOURCE(NULL()) LAYOUT(FLAT()) LIFETIME(100);
RENAME DICTIONARY analytics.dict_countries TO analytics.countries;
DROP DICTIONARY IF EXISTS analytics.old_dict SYNC;
"""


def test_a_dictionary_is_read_as_a_table(tmp_path: Path) -> None:
    """A dictionary's attributes are "specified similarly to table columns"
    (manual, CREATE DICTIONARY): its name and theirs are judged as a table's,
    and RENAME/DROP DICTIONARY move and drop it."""
    path = tmp_path / "a.sql"
    path.write_text(DICTIONARY)
    objects, diagnostics = _inspect(path, "clickhouse")
    assert diagnostics == []
    assert [(k, n) for k, _, n in objects] == [
        ("table", "countries"),
        ("column", "country_code"),
        ("column", "countryName"),
        ("column", "parent_code"),
        ("column", "is_active"),
    ]
    result = CliRunner().invoke(
        cli, ["check", "--no-cache", "--dialect", "clickhouse", "--format", "json", str(path)]
    )
    report = json.loads(result.stdout)
    assert [f["name"] for f in report["findings"] if f["code"] == "DBN201"] == ["countryName"]


def test_an_unknown_dictionary_clause_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "a.sql"
    path.write_text(
        "CREATE DICTIONARY d (id UInt64) PRIMARY KEY id SOURCE(NULL()) LAYOUT(FLAT())\n"
        "LIFETIME(100) FOO(`badName` String);\n"
    )
    _, diagnostics = _inspect(path, "clickhouse")
    assert diagnostics == ["DBN004:2"]


EXCHANGE = """\
CREATE TABLE a (x UInt8) ENGINE = Memory;
CREATE TABLE b (y UInt8) ENGINE = Memory;
CREATE TABLE c (z UInt8) ENGINE = Memory;
CREATE TABLE d (w UInt8) ENGINE = Memory;
EXCHANGE TABLES a AND b, c AND d ON CLUSTER test;
ALTER TABLE a ADD COLUMN y2 UInt8;
"""


def test_exchange_swaps_two_names(tmp_path: Path) -> None:
    """``EXCHANGE TABLES a AND b``: table 'a' has the structure of 'b', and
    'b' of 'a' (manual, "EXCHANGE Statement", its example); pairs in turn.
    The name it passes through is no name of either table."""
    path = tmp_path / "a.sql"
    path.write_text(EXCHANGE)
    objects, diagnostics = _inspect(path, "clickhouse")
    assert diagnostics == []
    assert _columns(objects) == {("b", "x"), ("a", "y"), ("a", "y2"), ("d", "z"), ("c", "w")}
    result = CliRunner().invoke(
        cli, ["inspect", "--format", "json", "--dialect", "clickhouse", str(path)]
    )
    previous = {
        o["name"]: o.get("previous_names")
        for o in json.loads(result.stdout)["objects"]
        if o["kind"] == "table"
    }
    assert previous == {"a": ["b"], "b": ["a"], "c": ["d"], "d": ["c"]}


SYSTEM_AND_ACCESS = """\
SYSTEM RELOAD DICTIONARY analytics.countries;
SYSTEM FLUSH LOGS;
SYSTEM STOP MERGES ON CLUSTER c db.t;
SYSTEM DROP DNS CACHE;
SYSTEM DROP REPLICA 'replica_name' FROM TABLE db.t;
DROP QUOTA IF EXISTS q ON CLUSTER c;
DROP SETTINGS PROFILE IF EXISTS p;
DROP PROFILE p2;
DROP ROW POLICY IF EXISTS pol ON db.t;
DROP USER IF EXISTS u;
DROP ROLE r;
"""


def test_system_statements_and_access_entities_name_nothing(tmp_path: Path) -> None:
    """``SYSTEM ...`` manages the server (``SYSTEM DROP`` drops a cache or a
    replica's metadata, no table); quotas, settings profiles and row policies
    are access entities, passed over as users and roles are."""
    path = tmp_path / "a.sql"
    path.write_text(SYSTEM_AND_ACCESS)
    objects, diagnostics = _inspect(path, "clickhouse")
    assert (objects, diagnostics) == ([], [])


def test_ddl_glued_behind_system_is_still_said(tmp_path: Path) -> None:
    path = tmp_path / "a.sql"
    path.write_text("SYSTEM FLUSH LOGS\nCREATE TABLE `badName` (id UInt8) ENGINE = Memory;\n")
    _, diagnostics = _inspect(path, "clickhouse")
    assert diagnostics == ["DBN005:1"]


# -- PostgreSQL: SELECT * INTO t FROM a JOIN b -----------------------------------------

STAR_INTO = """\
CREATE TABLE a (id int, x int);
CREATE TABLE b (id int, y int);
SELECT * INTO k FROM a JOIN b USING (id);
CREATE TABLE j AS SELECT a.*, b.y AS y_of_b FROM a JOIN b USING (id);
"""


@pytest.mark.slow
def test_star_over_a_join_makes_a_table_with_the_joins_columns(
    tmp_path: Path, pg: pg_server.PgServer
) -> None:
    """PostgreSQL makes ``k`` and ``j`` with every column of the join; the
    reader expands ``*`` and ``a.*`` as in a view (``USING`` merged first;
    no column named after ``a`` of ``a.*``, no DBN004 blocking the commit):
    the model's columns are the catalog's, and ``drift`` finds nothing."""
    path = tmp_path / "a.sql"
    path.write_text(STAR_INTO)
    objects, diagnostics = _inspect(path, "postgres")
    assert diagnostics == []
    model = {(t, n) for t, n in _columns(objects) if t in ("j", "k")}
    result = CliRunner().invoke(cli, ["inspect", "--format", "json", str(path)])
    unknown = {o["name"] for o in json.loads(result.stdout)["objects"] if o["columns_unknown"]}
    assert unknown == set()
    with pg.fresh_database("dbnl_s30_star_into") as db:
        pg.run(files=[path], dbname=db)
        made = pg.query_json(
            "SELECT attrelid::regclass::text AS t, attname AS c FROM pg_attribute "
            "WHERE attrelid IN ('j'::regclass, 'k'::regclass) AND attnum > 0 AND NOT attisdropped",
            dbname=db,
        )
        assert {(r["t"], r["c"]) for r in made} == model
        assert ("j", "y_of_b") in model and ("k", "y") in model
        drift = CliRunner().invoke(
            cli, ["drift", "--db", pg.url(db), "--format", "json", str(path)]
        )
    assert json.loads(drift.stdout)["drift"] == [], drift.output


def test_select_star_without_from_is_refused(tmp_path: Path) -> None:
    """PostgreSQL: "SELECT * with no tables specified is not valid"."""
    path = tmp_path / "a.sql"
    path.write_text("SELECT * INTO TEMP TABLE baz;\n")
    _, diagnostics = _inspect(path, "postgres")
    assert diagnostics == ["DBN004:1"]
