"""A ClickHouse file is told by what only ClickHouse takes, whatever it shares with MySQL.

plausible's ``priv/ingest_repo/structure.sql`` (a ClickHouse dump: every
column name in backticks, ``ENGINE = MergeTree``) was read as MySQL, whose
signals (backticks, ``ENGINE =``) it is full of: its tables went into the
MySQL catalog and ``init`` wrote no ClickHouse anywhere (trial s28). The
oracles: each ClickHouse construct the sniffer knows is refused by real
PostgreSQL, MariaDB and sqlite3, so no file of theirs shows it; the
constructs come from the ClickHouse manual ("MergeTree table engine", "Log
engine family", "Data Types": LowCardinality, Nullable; "Distributed DDL
Queries (ON CLUSTER Clause)").
"""

from __future__ import annotations

import sqlite3

import pytest

from dbnamelint.dialects import sniff_signal
from mysql_server import MysqlServer
from mysql_server import SqlFailed as MysqlFailed
from pg_server import PgServer
from pg_server import SqlFailed as PgFailed

#: Each ClickHouse construct the sniffer knows, as one statement.
CASES = {
    "mergetree": "CREATE TABLE t_mt (id int) ENGINE = MergeTree ORDER BY id",
    "replacing": "CREATE TABLE t_rmt (id int) ENGINE = ReplacingMergeTree(id) ORDER BY id",
    "collapsing": "CREATE TABLE t_cmt (s int) ENGINE=CollapsingMergeTree(s) ORDER BY s",
    "tinylog": "CREATE TABLE t_tl (version bigint) ENGINE = TinyLog",
    "stripelog": "CREATE TABLE t_sl (version bigint) ENGINE = StripeLog",
    "log": "CREATE TABLE t_log (version bigint) ENGINE = Log",
    "distributed": "CREATE TABLE t_d (id int) ENGINE = Distributed(c, db, t_mt, id)",
    "lowcardinality": "CREATE TABLE t_lc (c LowCardinality(String))",
    "nullable": "CREATE TABLE t_n (site_id Nullable(UInt64))",
    "on_cluster": "CREATE TABLE t_oc ON CLUSTER main (id int)",
    "alter_on_cluster": "ALTER TABLE t_x ON CLUSTER main ADD COLUMN b int",
    "order_by_tuple": "CREATE TABLE t_obt (id int) ORDER BY tuple()",
}

#: MySQL/MariaDB engines and PostgreSQL text that must not read as ClickHouse.
NOT_CLICKHOUSE = {
    "CREATE TABLE `a` (`id` int) ENGINE=InnoDB;": "mysql",
    "CREATE TABLE `a` (`id` int) ENGINE=MEMORY;": "mysql",
    "CREATE TABLE `a` (`id` int) ENGINE=MERGE UNION=(b);": "mysql",
    "CREATE TABLE a (id int); CREATE INDEX i ON a (id); -- ENGINE = MergeTree": None,
    "INSERT INTO t VALUES ('Nullable(x)');": None,
    "SELECT * FROM logs ORDER BY ts;": None,
    # Oracle's cluster index (CREATE INDEX ... ON CLUSTER c) is no ClickHouse DDL
    "CREATE INDEX idx_personnel ON CLUSTER personnel;": None,
}

#: A dump written as ClickHouse writes one (SHOW CREATE TABLE): backticks
#: everywhere, and more of them than ClickHouse signals.
DUMP = """\
CREATE TABLE analytics_db.sessions
(
    `session_id` UInt64,
    `sign` Int8,
    `domain` String,
    `hostname` String,
    `entry_page` String,
    `exit_page` String,
    `country_code` LowCardinality(FixedString(2)),
    `start` DateTime
)
ENGINE = CollapsingMergeTree(sign)
PARTITION BY toYYYYMM(start)
ORDER BY (domain, toDate(start), session_id)
SETTINGS index_granularity = 8192;

CREATE TABLE analytics_db.schema_migrations
(
    `version` Int64,
    `inserted_at` DateTime
)
ENGINE = TinyLog;
"""


def _sqlite_refuses(sql: str) -> bool:
    conn = sqlite3.connect(":memory:")
    try:
        conn.executescript(sql + ";")
    except sqlite3.Error:
        return True
    finally:
        conn.close()
    return False


def test_postgres_refuses_every_case(pg: PgServer) -> None:
    with pg.fresh_database("sniff_clickhouse") as db:
        taken = []
        for name, sql in CASES.items():
            try:
                pg.run(sql=sql, dbname=db)
            except PgFailed:
                continue
            taken.append(name)
    assert taken == []


def test_mariadb_and_sqlite_refuse_every_case(maria: MysqlServer) -> None:
    taken = []
    with maria.fresh_database("sniff_clickhouse") as db:
        maria.run("CREATE TABLE t_x (a int);", database=db)
        for name, sql in CASES.items():
            try:
                maria.run(sql + ";", database=db)
            except MysqlFailed:
                continue
            taken.append(name)
    assert taken == []
    assert [n for n, sql in CASES.items() if not _sqlite_refuses(sql)] == []


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_case_reads_as_clickhouse(name: str) -> None:
    assert sniff_signal(CASES[name]) == "clickhouse"


@pytest.mark.parametrize("text", sorted(NOT_CLICKHOUSE))
def test_mysql_engines_and_plain_text_are_not_clickhouse(text: str) -> None:
    assert sniff_signal(text) == NOT_CLICKHOUSE[text]


def test_a_backticked_clickhouse_dump_is_clickhouse_not_mysql() -> None:
    # Backticks alone still say MySQL; beside MergeTree they are ClickHouse's.
    plain = DUMP.replace("ENGINE = CollapsingMergeTree(sign)", "").replace("ENGINE = TinyLog", "")
    assert sniff_signal(plain.replace("LowCardinality(FixedString(2))", "String")) == "mysql"
    assert sniff_signal(DUMP) == "clickhouse"


def test_among_leaves_clickhouse_out_when_the_tree_has_none() -> None:
    assert sniff_signal(DUMP, lambda d: d != "clickhouse") == "mysql"
