"""Index elements written with decorations are plain key columns.

``(key COLLATE "C")``, ``((key))``, ``key text_pattern_ops``, ``key DESC
NULLS LAST``: PostgreSQL stores each as the column ``key`` (``ComputeIndexAttrs``
strips a top-level COLLATE from a bracketed element and keeps a bare column
reference as the column), so an unnamed index on it is ``t_key_idx`` and
``pg_index.indkey`` lists the column. The oracles are the servers
themselves: PostgreSQL's ``pg_index``/``pg_class``, SQLite's
``index_xinfo`` and MariaDB's ``information_schema.STATISTICS``. For each
case the names the server gives and the key columns it stores (``expr``
for an expression, as the model spells it) must be the model's.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import mysql_server
from dbnamelint.cli import cli
from dbnamelint.model import ObjectKind
from dbnamelint.rules.builtin.templates import render
from dbnamelint.runner.pipeline import schema_from_sql
from pg_server import PgServer

#: (index name, key columns): what the server and the model must agree on.
Row = tuple[str, tuple[str, ...]]

_PG_TABLE = 'CREATE TABLE up (bucket_id text, key text, "Key" text, created_at timestamptz);\n'

#: One statement per case: decorations around a column, and expressions that
#: only look like one.
PG_CASES = {
    "collate-in-brackets-between-columns": (
        'CREATE INDEX ON up (bucket_id, (key COLLATE "C"), created_at);'
    ),
    "collate-in-brackets": 'CREATE INDEX ON up ((key COLLATE "C"));',
    "collate-bare": 'CREATE INDEX ON up (key COLLATE "C");',
    "opclass": "CREATE INDEX ON up (key text_pattern_ops);",
    "qualified-opclass": "CREATE INDEX ON up (key pg_catalog.text_pattern_ops);",
    "desc-nulls-last": "CREATE INDEX ON up (key DESC NULLS LAST, created_at);",
    "everything": 'CREATE INDEX ON up (key COLLATE "C" text_pattern_ops DESC NULLS FIRST);',
    "brackets-then-opclass": "CREATE INDEX ON up ((key) text_pattern_ops);",
    "brackets-collate-opclass": (
        'CREATE INDEX ON up ((key COLLATE "C") COLLATE "POSIX" text_pattern_ops DESC);'
    ),
    "deep-brackets": "CREATE INDEX ON up ((((key))));",
    "collate-of-bracketed": 'CREATE INDEX ON up (((key) COLLATE pg_catalog."C"));',
    "two-collates": 'CREATE INDEX ON up (((key COLLATE "C") COLLATE "POSIX"));',
    "qualified-column": "CREATE INDEX ON up ((up.key));",
    "quoted-column": 'CREATE INDEX ON up (("Key" COLLATE "C"));',
    "upper-case-column": 'CREATE INDEX ON up ((KEY COLLATE "C"));',
    "unique": 'CREATE UNIQUE INDEX ON up ((key COLLATE "C"), bucket_id);',
    "include": 'CREATE INDEX ON up ((key COLLATE "C")) INCLUDE (bucket_id);',
    # expressions, not columns
    "function-collated": 'CREATE INDEX ON up ((lower(key) COLLATE "C"));',
    "function-then-collate": 'CREATE INDEX ON up (bucket_id, lower(key) COLLATE "C");',
    "concatenation": "CREATE INDEX ON up ((key || 'x'));",
    "collated-operand": "CREATE INDEX ON up ((key COLLATE \"C\" || 'x'));",
    "cast": "CREATE INDEX ON up ((key::varchar));",
}

_PG_INDEXES = """
SELECT i.relname AS name,
       array(SELECT coalesce(a.attname, 'expr')
             FROM generate_series(0, x.indnkeyatts - 1) AS k
             LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = x.indkey[k]
             ORDER BY k) AS columns
FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
WHERE x.indrelid = 'up'::regclass
"""


def _model_rows(sql: str, dialect: str) -> set[Row]:
    schema = schema_from_sql(sql, dialect=dialect)
    return {(o.name, tuple(o.columns)) for o in schema.objects if o.kind is ObjectKind.INDEX}


@pytest.mark.slow
def test_postgres_names_and_key_columns_are_the_models(pg: PgServer) -> None:
    sql = _PG_TABLE + "\n".join(PG_CASES[c] for c in sorted(PG_CASES)) + "\n"
    with pg.fresh_database("dbnl_index_elements") as db:
        pg.run(sql=sql, dbname=db)
        rows = pg.query_json(_PG_INDEXES, dbname=db)
    expected = {(r["name"], tuple(r["columns"])) for r in rows}
    # the oracle itself: the decorated columns are key columns, expressions are not
    assert ("up_key_idx", ("key",)) in expected
    assert ("up_bucket_id_key_created_at_idx", ("bucket_id", "key", "created_at")) in expected
    assert ("up_lower_idx", ("expr",)) in expected
    assert _model_rows(sql, "postgres") == expected


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(PG_CASES))
def test_each_postgres_case_alone(pg: PgServer, case: str) -> None:
    """One case at a time, so the first name of each (no clash number) is checked."""
    sql = _PG_TABLE + PG_CASES[case] + "\n"
    with pg.fresh_database("dbnl_index_element") as db:
        pg.run(sql=sql, dbname=db)
        rows = pg.query_json(_PG_INDEXES, dbname=db)
    assert _model_rows(sql, "postgres") == {(r["name"], tuple(r["columns"])) for r in rows}


def test_a_collated_column_is_named_by_a_template() -> None:
    """DBN302 judges the index (files as ``check --db`` does) instead of skipping it."""
    sql = _PG_TABLE + 'CREATE INDEX up_lookup ON up (bucket_id, (key COLLATE "C"));\n'
    (index,) = (o for o in schema_from_sql(sql).objects if o.kind is ObjectKind.INDEX)
    assert render("idx_{table}_{columns}", index) == "idx_up_bucket_id_key"


SQLITE_CASES = (
    "CREATE INDEX i1 ON t ((a));",
    "CREATE INDEX i2 ON t (a COLLATE NOCASE);",
    "CREATE INDEX i3 ON t ((a) COLLATE NOCASE);",
    "CREATE INDEX i4 ON t ((a COLLATE NOCASE) COLLATE BINARY, b DESC);",
    'CREATE INDEX i5 ON t (("a"));',
    "CREATE INDEX i6 ON t ((a || b));",
    "CREATE INDEX i7 ON t (lower(a) COLLATE NOCASE);",
)


def test_sqlite_key_columns_are_the_models(tmp_path: Path) -> None:
    sql = "CREATE TABLE t (a text, b text);\n" + "\n".join(SQLITE_CASES) + "\n"
    db = sqlite3.connect(tmp_path / "x.db")
    try:
        db.executescript(sql)
        names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")]
        expected = set()
        for name in names:
            info = db.execute(f'PRAGMA index_xinfo("{name}")').fetchall()
            keys = tuple(r[2] if r[1] >= 0 else "expr" for r in info if r[5])
            expected.add((name, keys))
    finally:
        db.close()
    assert ("i1", ("a",)) in expected and ("i6", ("expr",)) in expected
    assert _model_rows(sql, "sqlite") == expected


#: MySQL/MariaDB take no brackets around a column (a syntax error on
#: MariaDB, "functional index on a column" on MySQL 8); decorations after a
#: plain column or a prefix length keep it a column, and the unnamed index is
#: named after it.
MARIA_SQL = (
    "CREATE TABLE t (a varchar(20), b int, INDEX (a DESC), INDEX (a(10) DESC, b ASC),"
    " UNIQUE (b DESC));\n"
    "ALTER TABLE t ADD INDEX (b ASC, a DESC);\n"
)


@pytest.mark.slow
def test_mariadb_names_and_key_columns_are_the_models(maria: mysql_server.MysqlServer) -> None:
    with maria.fresh_database("dbnl_index_elements") as db:
        maria.run(MARIA_SQL, database=db)
        out = maria.run(
            "SELECT INDEX_NAME, GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX)"
            " FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()"
            " GROUP BY INDEX_NAME",
            database=db,
        )
    expected = {
        (n, tuple(c.split(","))) for n, c in (line.split("\t") for line in out.split("\n") if line)
    }
    schema = schema_from_sql(MARIA_SQL, dialect="mariadb")
    model = {
        (o.name, tuple(o.columns))
        for o in schema.objects
        if o.kind is ObjectKind.INDEX or (o.constraint_type is not None)
    }
    assert ("a_2", ("a", "b")) in expected
    assert model == expected


# -- the live reader gives the files' model --------------------------------------

#: Expression elements, INCLUDE columns and decorated columns, named and
#: unnamed, then a column renamed under them (trial s6-t1 finding 15).
LIVE_SQL = (
    _PG_TABLE
    + "\n".join(PG_CASES[c] for c in sorted(PG_CASES))
    + "\nCREATE TABLE o (bucket_id text, name text, extra int);\n"
    "CREATE INDEX o_lookup ON o (bucket_id, lower(name));\n"
    "CREATE INDEX o_lookup2 ON o (lower(name), bucket_id);\n"
    "CREATE INDEX ON o (lower(name), upper(name), lower(bucket_id), (name || 'x'));\n"
    "CREATE INDEX ON o (bucket_id) INCLUDE (extra, name);\n"
    "CREATE UNIQUE INDEX o_expr_include ON o ((extra + 1)) INCLUDE (bucket_id);\n"
    "ALTER TABLE o RENAME COLUMN bucket_id TO bucket;\n"
)

_LIVE_CONFIG = "paths: [db]\ndialect: postgres\nrules:\n  index-name-off-template: true\n"


def _pg_url(pg: PgServer, dbname: str) -> str:
    info = dict(part.split("=", 1) for part in pg.conninfo.split())
    who = info.get("user", "postgres")
    return f"postgresql://{who}@{info.get('host', '127.0.0.1')}:{info.get('port', 5432)}/{dbname}"


def _cli(args: list[str]) -> Any:
    return CliRunner().invoke(cli, args, catch_exceptions=False)


def _indexes_of(stdout: str) -> set[tuple[Any, ...]]:
    objects = json.loads(stdout)["objects"]
    return {
        (o["table"], o["name"], tuple(o["columns"]), o["implicit"])
        for o in objects
        if o["kind"] == "index"
    }


@pytest.mark.slow
def test_inspect_db_gives_the_files_index_columns(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "db").mkdir()
    (tmp_path / "db" / "001.sql").write_text(LIVE_SQL, encoding="utf-8")
    (tmp_path / "dbnamelint.yaml").write_text(_LIVE_CONFIG, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pg.fresh_database("dbnl_index_live") as db:
        pg.run(files=[tmp_path / "db" / "001.sql"], dbname=db)
        rows = pg.query_json(
            "SELECT i.relname AS name FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid"
            " WHERE x.indrelid IN ('up'::regclass, 'o'::regclass)",
            dbname=db,
        )
        url = _pg_url(pg, db)
        from_db = _cli(["inspect", "--db", url, "--format", "json"])
        check_db = _cli(["check", "--db", url, "--format", "json", "--no-whitelist"])
    from_files = _cli(["inspect", "--format", "json", "db"])
    assert from_db.exit_code == 0 and from_files.exit_code == 0, from_db.output
    files = _indexes_of(from_files.stdout)
    assert {name for _, name, _, _ in files} == {r["name"] for r in rows}
    assert ("o", "o_lookup", ("bucket", "expr"), False) in files
    assert ("o", "o_bucket_id_extra_name_idx", ("bucket",), True) in files
    assert ("o", "o_lower_upper_lower1_expr_idx", ("expr",) * 4, True) in files
    assert _indexes_of(from_db.stdout) == files
    # check --db judges exactly what check of the files judges
    check_files = _cli(["check", "--format", "json", "--no-whitelist"])

    def findings(stdout: str) -> list[tuple[Any, ...]]:
        found = json.loads(stdout)["findings"]
        return sorted((f["code"], f["qualified_name"], f.get("suggestion")) for f in found)

    assert findings(check_db.stdout) == findings(check_files.stdout)
    assert ("DBN302", "o.o_lookup", None) not in findings(check_files.stdout)


class _FakeMysqlCursor:
    """Answers the MySQL reader's queries with the rows MySQL 8 gives for
    ``CREATE TABLE t (a varchar(20), b int, INDEX ix ((lower(a)), b))``:
    a functional key part has ``COLUMN_NAME`` NULL in STATISTICS (MySQL 8.0
    reference manual, "The INFORMATION_SCHEMA STATISTICS Table"). MariaDB,
    the server the tests run, has no functional key parts to ask."""

    def __init__(self) -> None:
        self._rows: list[tuple[Any, ...]] = []

    def execute(self, sql: str) -> None:
        if "information_schema.STATISTICS" in sql:
            self._rows = [("t", "ix", 1, None), ("t", "ix", 1, "b")]
        elif "information_schema.COLUMNS" in sql and "LEVEL" not in sql:
            self._rows = [("t", "a", "varchar(20)"), ("t", "b", "int")]
        elif "information_schema.TABLES" in sql:
            self._rows = [("t", "BASE TABLE")]
        elif "LEVEL" in sql:
            self._rows = [(0,)]
        else:
            self._rows = []

    def fetchall(self) -> list[tuple[Any, ...]]:
        return self._rows


def test_mysql_functional_key_part_is_expr_as_in_files() -> None:
    from dbnamelint.frontends.live.events import EventBuilder
    from dbnamelint.frontends.live.mysql import read_mysql
    from dbnamelint.frontends.live.url import parse_url

    builder = EventBuilder(parse_url("mysql://u@localhost/db"))
    read_mysql(_FakeMysqlCursor(), builder)
    (index,) = (e for e in builder.events if e.kind is ObjectKind.INDEX)
    files = schema_from_sql(
        "CREATE TABLE t (a varchar(20), b int, INDEX ix ((lower(a)), b));", dialect="mysql"
    )
    (from_files,) = (o for o in files.objects if o.kind is ObjectKind.INDEX)
    assert index.columns == from_files.columns == ("expr", "b")
