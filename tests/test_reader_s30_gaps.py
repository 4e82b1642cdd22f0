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
