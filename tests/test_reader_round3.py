"""Issue 14, round 3: no unread token, the search path as PostgreSQL resolves it,
and the faults unseen inputs showed.

Right values come from real servers where there is one: PostgreSQL (the
catalog after the same files ran, as in the oracle suite), MariaDB
(``information_schema`` after the same statements ran) and Python's SQLite
(``sqlite_master``). SQL Server and Oracle cases cite the vendor's manual.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

import mysql_server
from conftest import CORPUS
from dbnamelint.cli import cli
from dbnamelint.frontends.sql.sources import SourceSettings
from dbnamelint.model import ConstraintType, ObjectKind, Schema
from dbnamelint.runner.pipeline import load_paths, schema_from_sql
from pg_server import PgServer
from test_postgres_oracle import compare, load_on_server, model_keys
from test_reader_round2 import same_as_server

REPO = Path(__file__).resolve().parents[1]


def unreadable(schema: Schema) -> list[str]:
    return [
        f"{d.code} {d.location.line}:{d.location.column} {d.message}"
        for d in schema.diagnostics
        if d.code in ("DBN004", "DBN005", "DBN099")
    ]


def kinds(schema: Schema, kind: ObjectKind) -> set[tuple[str | None, str]]:
    return {(o.table, o.name) for o in schema.objects if o.kind is kind}


# -- 1. The guard: what was not read is said, where it stands -------------------

FLAGGED = [
    # an option no dialect has: a name written there would be lost
    ("postgres", "CREATE TABLE t (a int) FOOBAR x;", (1, 24), "'FOOBAR' was not read"),
    ("postgres", "CREATE INDEX i ON t (a) frob;", (1, 25), "'frob' was not read"),
    ("mysql", "CREATE TABLE t (a int) ENGINE=InnoDB bogus;", (1, 38), "'bogus' was not read"),
    ("tsql", "CREATE TABLE t (a int) ON [PRIMARY] EXTRA;", (1, 37), "'EXTRA' was not read"),
    # an ALTER TABLE action no reader knows
    ("postgres", "ALTER TABLE t FROB x;", (1, 15), "'FROB' starts an action"),
    ("postgres", "ALTER TABLE t ADD COLUMN a int, FROB x;", (1, 33), "'FROB' starts an action"),
    # statements run together: the second one's start
    ("postgres", "CREATE TABLE t (a int)\nALTER TABLE t ADD b int;", (2, 1), "missing ';'"),
    (
        "postgres",
        "CREATE TABLE t (a int) WITH (fillfactor = 70)\nINSERT INTO t VALUES (1);",
        (2, 1),
        "missing ';'",
    ),
    ("postgres", "DROP TABLE a\nCREATE TABLE b (x int);", (2, 1), "missing ';'"),
    ("postgres", "ALTER SEQUENCE s RESTART\nCREATE TABLE b (x int);", (2, 1), "missing ';'"),
    ("postgres", "CREATE SEQUENCE s\nDROP TABLE b;", (2, 1), "missing ';'"),
]


@pytest.mark.parametrize(("dialect", "sql", "where", "said"), FLAGGED)
def test_unread_tokens_are_located_diagnostics(
    dialect: str, sql: str, where: tuple[int, int], said: str
) -> None:
    found = [d for d in schema_from_sql(sql, dialect=dialect).diagnostics if d.code == "DBN004"]
    assert [(d.location.line, d.location.column) for d in found] == [where]
    assert said in found[0].message


def test_names_read_before_an_unread_option_are_kept() -> None:
    schema = schema_from_sql("CREATE TABLE t (a int, b int) FOOBAR;\n")
    assert kinds(schema, ObjectKind.COLUMN) == {("t", "a"), ("t", "b")}


# What the servers accept is quiet: each case runs on the real server and the
# model must equal its catalog (which also proves the statements valid).
PG_VALID = {
    "table-options": (
        "CREATE TABLE t1 (a int) WITH (fillfactor = 70) TABLESPACE pg_default;\n"
        "CREATE TABLE t4 (a int, b date) PARTITION BY RANGE (b);\n"
        "CREATE TABLE t4_2020 PARTITION OF t4 FOR VALUES FROM ('2020-01-01') TO ('2021-01-01');\n"
        "CREATE TABLE t4_def PARTITION OF t4 DEFAULT;\n"
        "CREATE TABLE t5 (a int) PARTITION BY LIST (a);\n"
        "CREATE TABLE t5_1 PARTITION OF t5 FOR VALUES IN (1, 2);\n"
        "CREATE TABLE t6 (a int) PARTITION BY HASH (a);\n"
        "CREATE TABLE t6_0 PARTITION OF t6 FOR VALUES WITH (MODULUS 2, REMAINDER 0);\n"
        "CREATE TABLE t7 (a int, b int) USING heap;\n"
        "CREATE UNLOGGED TABLE t8 (a int) WITHOUT OIDS;\n"
        "CREATE TEMP TABLE t9 (a int) ON COMMIT PRESERVE ROWS;\n"
    ),
    "index-options": (
        "CREATE TABLE t1 (a int, b int);\n"
        "CREATE INDEX ON t1 (a) WITH (fillfactor = 50) TABLESPACE pg_default WHERE a > 0;\n"
        "CREATE UNIQUE INDEX t1_a_key ON t1 (a) NULLS NOT DISTINCT;\n"
        "CREATE INDEX t1_inc ON t1 USING btree (a) INCLUDE (b);\n"
    ),
    "alter-actions": (
        "CREATE TABLE t1 (a int UNIQUE, b int);\n"
        "CREATE TABLE p (x int);\nCREATE TABLE c (x int);\n"
        "CREATE TYPE pair AS (a int, b int);\n"
        "ALTER TABLE t1 SET (fillfactor = 60), RESET (fillfactor), CLUSTER ON t1_a_key,"
        " SET WITHOUT CLUSTER;\n"
        "ALTER TABLE t1 ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY,"
        " NO FORCE ROW LEVEL SECURITY, DISABLE ROW LEVEL SECURITY;\n"
        "ALTER TABLE t1 REPLICA IDENTITY FULL, SET LOGGED, ALTER COLUMN a SET STATISTICS 100,"
        " OWNER TO CURRENT_USER;\n"
        "ALTER TABLE t1 SET ACCESS METHOD heap, SET TABLESPACE pg_default,"
        " DISABLE TRIGGER ALL, ENABLE TRIGGER ALL;\n"
        "ALTER TABLE t1 ADD CONSTRAINT t1_b_check CHECK (b > 0) NOT VALID;\n"
        "ALTER TABLE t1 VALIDATE CONSTRAINT t1_b_check;\n"
        "ALTER TABLE c INHERIT p;\nALTER TABLE c NO INHERIT p;\n"
        "CREATE TABLE typed OF pair;\nALTER TABLE typed NOT OF;\nALTER TABLE typed OF pair;\n"
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(PG_VALID))
def test_valid_postgres_options_are_quiet(pg: PgServer, tmp_path: Path, case: str) -> None:
    (tmp_path / "1.sql").write_text(PG_VALID[case], encoding="utf-8")
    with pg.fresh_database("dbnl_r3_" + case.replace("-", "_")) as db:
        loaded, catalog = load_on_server(pg, db, tmp_path, [tmp_path])
    assert [d.message for d in loaded.diagnostics if d.code == "DBN004"] == []
    # The oracle's rule: what the server derives itself (a partition's
    # columns) may be missing from the model, nothing may differ.
    assert not compare(catalog, model_keys(loaded.schema.objects))
    assert any(k[0] == "table" for k in catalog.objects)


MYSQL_VALID = (
    "CREATE TABLE m1 (a int, b int, KEY (a)) ENGINE=InnoDB AUTO_INCREMENT=5 DEFAULT CHARSET=utf8mb4"
    " COLLATE=utf8mb4_unicode_ci COMMENT='x' ROW_FORMAT=DYNAMIC STATS_PERSISTENT=1;\n"
    "CREATE TABLE m2 (a int NOT NULL) PARTITION BY RANGE (a)"
    " (PARTITION p0 VALUES LESS THAN (10), PARTITION p1 VALUES LESS THAN MAXVALUE);\n"
    "CREATE TABLE m3 (a int) CHARACTER SET latin1 ENGINE MyISAM CHECKSUM=1 PACK_KEYS=0"
    " MAX_ROWS=10;\n"
    "CREATE INDEX m1_i USING BTREE ON m1 (b);\n"
    "CREATE INDEX m1_j ON m1 (a, b) USING HASH COMMENT 'c' ALGORITHM=INPLACE LOCK=NONE;\n"
    "ALTER TABLE m1 COMMENT = 'y', ENGINE=InnoDB;\n"
    "ALTER TABLE m1 CONVERT TO CHARACTER SET utf8mb4;\n"
    "ALTER TABLE m1 ORDER BY a;\nALTER TABLE m1 FORCE;\nALTER TABLE m1 AUTO_INCREMENT = 10;\n"
    "ALTER TABLE m1 ADD INDEX m1_k (b), ALGORITHM=INPLACE, LOCK=NONE;\n"
    "ALTER TABLE m2 REORGANIZE PARTITION p1 INTO"
    " (PARTITION p2 VALUES LESS THAN (100), PARTITION p3 VALUES LESS THAN MAXVALUE);\n"
    "CREATE TABLE m9 (id int PRIMARY KEY) ENGINE=InnoDB PARTITION BY HASH (id) PARTITIONS 4;\n"
    "CREATE TABLE m10 (id int, d date) PARTITION BY LIST (id) SUBPARTITION BY HASH (TO_DAYS(d))"
    " SUBPARTITIONS 2 (PARTITION p0 VALUES IN (1), PARTITION p1 VALUES IN (2));\n"
)

# Derived columns and MySQL spellings the reader used to lose (manual 15.1.20:
# CREATE TABLE ... SELECT, {FULLTEXT | SPATIAL} [INDEX | KEY], key_part col(n);
# 15.1.32 DROP TEMPORARY TABLE drops temporary tables only).
MYSQL_DERIVED = (
    "CREATE TABLE src (a int, b int);\n"
    "CREATE TABLE m4 (x int, KEY (x)) SELECT 1 AS x, 2 AS y;\n"
    "CREATE TABLE m5 SELECT a, b AS bee FROM src;\n"
    "CREATE TABLE m6 (c int) IGNORE SELECT a FROM src;\n"
    "CREATE TABLE foo (id INT UNSIGNED AUTO_INCREMENT NOT NULL, a TEXT(500), b INT,"
    " c VARCHAR(100), PRIMARY KEY (id), FULLTEXT `idx_a` (a), INDEX `idx_prefix_a` (a(20)),"
    " KEY (c(10), b), FULLTEXT (c)) ENGINE=InnoDB;\n"
    "CREATE TEMPORARY TABLE tmp1 (a int);\nDROP TEMPORARY TABLE IF EXISTS tmp1;\n"
    "CREATE TABLE bar (x int);\nDROP TEMPORARY TABLE IF EXISTS bar;\n"
)


def _maria_catalog(maria: mysql_server.MysqlServer, sql: str) -> set[tuple[str, str, str]]:
    with maria.fresh_database("dbnl_r3_mysql") as db:
        maria.run(sql, database=db)
        where = f"WHERE table_schema = '{db}'"
        rows = maria.run(f"SELECT 'table', '', table_name FROM information_schema.tables {where}")
        rows += maria.run(
            f"SELECT 'column', table_name, column_name FROM information_schema.columns {where}"
        )
        rows += maria.run(
            "SELECT DISTINCT 'index', table_name, index_name"
            f" FROM information_schema.statistics {where}"
        )
    return {tuple(line.lower().split("\t")) for line in rows.splitlines()}  # type: ignore[misc]


def _mysql_model(schema: Schema) -> set[tuple[str, str, str]]:
    keyed = {ConstraintType.PRIMARY_KEY, ConstraintType.UNIQUE}
    out: set[tuple[str, str, str]] = set()
    for o in schema.objects:
        if o.kind is ObjectKind.TABLE:
            out.add(("table", "", o.name.lower()))
        elif (
            o.kind is ObjectKind.COLUMN
            or o.kind is ObjectKind.INDEX
            or (o.kind is ObjectKind.CONSTRAINT and o.constraint_type in keyed)
        ):
            kind = "column" if o.kind is ObjectKind.COLUMN else "index"
            out.add((kind, (o.table or "").lower(), o.name.lower()))
    return out


@pytest.mark.slow
@pytest.mark.parametrize("sql", [MYSQL_VALID, MYSQL_DERIVED], ids=["options", "derived"])
def test_mysql_statements_match_mariadb(maria: mysql_server.MysqlServer, sql: str) -> None:
    schema = schema_from_sql(sql, dialect="mysql")
    assert unreadable(schema) == []
    truth = _maria_catalog(maria, sql)
    assert _mysql_model(schema) == truth
    assert ("column", "m4", "y") in truth or "m4" not in sql


SQLITE_VALID = (
    "CREATE TABLE s1 (id INTEGER PRIMARY KEY, a TEXT) STRICT;\n"
    "CREATE TABLE s2 (k TEXT PRIMARY KEY, v BLOB) WITHOUT ROWID;\n"
    "CREATE TABLE s3 (k INTEGER PRIMARY KEY, v ANY) STRICT, WITHOUT ROWID;\n"
    "CREATE INDEX s1_a ON s1 (a) WHERE a IS NOT NULL;\n"
)


def test_sqlite_options_are_quiet_and_match_sqlite_master() -> None:
    schema = schema_from_sql(SQLITE_VALID, dialect="sqlite")
    assert unreadable(schema) == []
    db = sqlite3.connect(":memory:")
    db.executescript(SQLITE_VALID)
    truth = {
        (kind, name)
        for kind, name in db.execute("SELECT type, name FROM sqlite_master")
        if kind in ("table", "index") and not name.startswith("sqlite_autoindex")
    }
    ours = {(o.kind.value, o.name) for o in schema.of_kind(ObjectKind.TABLE, ObjectKind.INDEX)}
    assert ours == truth


@pytest.mark.parametrize(
    ("dialect", "sql"),
    [
        # learn.microsoft.com/sql/t-sql/statements/create-table-transact-sql
        ("tsql", "CREATE TABLE t (a int) ON [PRIMARY] TEXTIMAGE_ON [PRIMARY];"),
        ("tsql", "CREATE TABLE t (a int) WITH (DATA_COMPRESSION = PAGE);"),
        (
            "tsql",
            "CREATE NONCLUSTERED INDEX ix ON t (a) INCLUDE (b) WHERE a > 0"
            " WITH (FILLFACTOR = 80) ON [PRIMARY];",
        ),
        # docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/CREATE-TABLE.html
        (
            "oracle",
            "CREATE TABLE t (a NUMBER) SEGMENT CREATION IMMEDIATE PCTFREE 10 PCTUSED 40"
            " INITRANS 1 MAXTRANS 255 NOCOMPRESS LOGGING STORAGE(INITIAL 65536 NEXT 1048576)"
            ' TABLESPACE "USERS";',
        ),
        ("oracle", "CREATE TABLE t (a NUMBER) INMEMORY MEMCOMPRESS FOR QUERY LOW PRIORITY HIGH;"),
        (
            "oracle",
            "CREATE TABLE t (a NUMBER) COLUMN STORE COMPRESS FOR QUERY HIGH NO ROW LEVEL LOCKING;",
        ),
        ("oracle", "CREATE TABLE t (a NUMBER) TABLESPACE data_ts FLASHBACK ARCHIVE my_fba;"),
        (
            "oracle",
            "CREATE UNIQUE INDEX i ON t (a) PCTFREE 10 INITRANS 2 MAXTRANS 255 COMPUTE STATISTICS"
            " STORAGE(INITIAL 65536) TABLESPACE users;",
        ),
    ],
)
def test_documented_options_are_quiet(dialect: str, sql: str) -> None:
    assert unreadable(schema_from_sql(sql, dialect=dialect)) == []


def test_dialects_known_only_by_name_are_checked_for_glued_statements_only() -> None:
    # Snowflake's options are not in the vocabularies: unknown words pass,
    # a second statement still does not.
    quiet = "CREATE TABLE t (a int) CLUSTER BY (a) DATA_RETENTION_TIME_IN_DAYS = 1 COPY GRANTS;"
    assert unreadable(schema_from_sql(quiet, dialect="snowflake")) == []
    glued = "CREATE TABLE t (a int) COPY GRANTS\nCREATE TABLE u (b int);"
    found = unreadable(schema_from_sql(glued, dialect="snowflake"))
    assert len(found) == 1 and found[0].startswith("DBN004 2:1")


def _corpus_projects() -> list[str]:
    return sorted(p.name for p in CORPUS.iterdir() if p.is_dir()) if CORPUS.is_dir() else []


@pytest.mark.corpus
@pytest.mark.parametrize("project", _corpus_projects())
def test_guard_is_quiet_on_every_corpus_project(corpus: Path, project: str) -> None:
    loaded = load_paths([str(corpus / project)], SourceSettings(root=corpus))
    assert [f"{d.location}: {d.message}" for d in loaded.diagnostics if d.code == "DBN004"] == []


@pytest.mark.parametrize("folder", ["examples", "tests/fixtures/dumps"])
def test_guard_is_quiet_on_bundled_inputs(folder: str) -> None:
    root = REPO / folder
    found: list[str] = []
    for path in sorted(p for p in root.iterdir() if p.is_dir()):
        dialect = "oracle" if path.name == "oracle" else None
        loaded = load_paths([str(path)], SourceSettings(root=REPO, dialect=dialect))
        found += [f"{d.location}: {d.message}" for d in loaded.diagnostics if d.code == "DBN004"]
    assert found == []


# -- 2. Columns a table derives (PostgreSQL, against the server) ---------------

DERIVED = {
    "inherits": (
        "CREATE TABLE p (a int CHECK (a > 0), z int, CONSTRAINT p_named CHECK (z < 9),"
        " CONSTRAINT p_ni CHECK (z <> 3) NO INHERIT);\n"
        "CREATE TABLE q (y int, z int, CONSTRAINT q_ck CHECK (y > 1), PRIMARY KEY (y),"
        " UNIQUE (z));\n"
        "CREATE TABLE c (b int, a int CHECK (a < 100), CONSTRAINT p_named CHECK (z < 9))"
        " INHERITS (p, q);\n"
        "CREATE TABLE c2 () INHERITS (c);\n"
        # NO INHERIT makes the columns c2's own: the server then lists them as local
        "ALTER TABLE c2 NO INHERIT c;\n"
    ),
    "typed-table": (
        'CREATE TYPE "Pt" AS (x int, "Y" int);\n'
        'CREATE TABLE typed OF "Pt" (x WITH OPTIONS PRIMARY KEY,'
        ' CONSTRAINT typed_y CHECK ("Y" > 0));\n'
        "ALTER TABLE typed NOT OF;\n"
    ),
    "ctas-column-list": "CREATE TABLE ctas (x, y) AS SELECT 1 AS one, 2 AS two, 3 AS three;\n",
}


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(DERIVED))
def test_derived_columns_match_server(pg: PgServer, tmp_path: Path, case: str) -> None:
    db = "dbnl_r3_" + case.replace("-", "_")
    assert "column" in same_as_server(pg, tmp_path, db, {"1.sql": DERIVED[case]})


def test_inherited_columns_merge_with_local_ones() -> None:
    schema = schema_from_sql(DERIVED["inherits"])
    columns = [name for table, name in sorted(kinds(schema, ObjectKind.COLUMN)) if table == "c"]
    assert columns == ["a", "b", "y", "z"]  # one a, one z: merged, not redefined
    assert "DBN010" not in [d.code for d in schema.diagnostics]
    checks = {name for table, name in kinds(schema, ObjectKind.CONSTRAINT) if table == "c"}
    assert checks == {"c_a_check", "p_a_check", "p_named", "q_ck"}  # no key, no NO INHERIT


# -- 3. The search path (PostgreSQL manual, "The Schema Search Path") ----------

SEARCH_PATH = {
    "order-and-existence": (
        "CREATE SCHEMA hr;\nCREATE SCHEMA app;\n"
        "CREATE TABLE public.shared (id int PRIMARY KEY);\n"
        "CREATE TABLE app.shared (id int PRIMARY KEY);\n"
        # 'later' does not exist yet: the first schema that does is hr
        "SET search_path TO later, hr, public;\n"
        "CREATE TABLE staff (id int PRIMARY KEY, s int REFERENCES shared);\n"
        "CREATE SCHEMA later;\nCREATE TABLE lately (a int);\n"
        "SET search_path = app, hr, public;\n"
        "CREATE TABLE staff (id int, s int REFERENCES shared);\n"
        "ALTER TABLE shared ADD COLUMN x int;\n"
        "CREATE INDEX ON staff (id);\n"
        "CREATE SEQUENCE counter;\nCREATE TYPE mood AS ENUM ('a', 'b');\n"
        "CREATE DOMAIN posint AS int CHECK (VALUE > 0);\n"
        "CREATE VIEW staff_v AS SELECT * FROM staff;\n"
        "ALTER TABLE staff RENAME TO app_staff;\n"
        "SELECT pg_catalog.set_config('search_path', 'hr, public', false);\n"
        # found in hr, the first schema holding it
        "ALTER TABLE staff RENAME TO employees;\n"
        "ALTER TABLE employees RENAME CONSTRAINT staff_pkey TO employees_pkey;\n"
        "CREATE UNIQUE INDEX emp_s ON employees (s);\n"
        "ALTER INDEX emp_s RENAME TO employees_s_key;\n"
        "DROP SCHEMA later CASCADE;\n"
        "SET search_path = later, app;\n"
        "CREATE TABLE after_drop (a int);\n"
        "DROP TABLE shared CASCADE;\n"
        'SET search_path = "$user", public;\nCREATE TABLE home (a int);\n'
    ),
    "local-transactions-reset": (
        "CREATE SCHEMA a;\nCREATE SCHEMA b;\nSET search_path = a;\n"
        "BEGIN;\nSET LOCAL search_path = b;\nCREATE TABLE t1 (x int);\nCOMMIT;\n"
        "CREATE TABLE t2 (x int);\n"
        "BEGIN;\nSET search_path = b;\nROLLBACK;\nCREATE TABLE t4 (x int);\n"
        "BEGIN;\nSELECT set_config('search_path', 'b', true);\nCREATE TABLE t5 (x int);\nEND;\n"
        "CREATE TABLE t6 (x int);\n"
        "START TRANSACTION;\nSET LOCAL search_path TO b;\nSET search_path TO b, a;\nCOMMIT;\n"
        "CREATE TABLE t8 (x int);\n"
        "RESET search_path;\nCREATE TABLE t7 (x int);\n"
        "SET search_path TO a;\nSET search_path TO DEFAULT;\nCREATE TABLE t9 (x int);\n"
        # pg_temp first: every unqualified CREATE is temporary
        "SET search_path = pg_temp, a;\nCREATE TABLE tmp_one (x int);\n"
        "CREATE TYPE in_temp AS ENUM ('x');\n"
        "SET search_path = 'b';\nCREATE TABLE t11 (x int);\n"
    ),
    "schema-elements": (
        "CREATE TABLE public.base (id int PRIMARY KEY);\n"
        "CREATE SCHEMA s CREATE TABLE t (id int PRIMARY KEY, b int REFERENCES base)"
        " CREATE INDEX ON t (b) CREATE VIEW v AS SELECT * FROM base;\n"
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(SEARCH_PATH))
def test_search_path_matches_server(pg: PgServer, tmp_path: Path, case: str) -> None:
    db = "dbnl_r3_sp_" + case.replace("-", "_")
    assert "table" in same_as_server(pg, tmp_path, db, {"1.sql": SEARCH_PATH[case]})


_FOREIGN_KEYS_SQL = """
SELECT n.nspname AS schema, t.relname AS tbl, k.conname AS name, r.relname AS ref
FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid
JOIN pg_namespace n ON n.oid = t.relnamespace JOIN pg_class r ON r.oid = k.confrelid
WHERE k.contype = 'f'
"""


@pytest.mark.slow
def test_references_resolve_through_the_path(pg: PgServer, tmp_path: Path) -> None:
    """Which table a foreign key names is the first in the path holding it;
    a later rename of that table shows in the model only if it is the same one."""
    sql = (
        "CREATE SCHEMA q;\nCREATE TABLE public.base (id int PRIMARY KEY);\n"
        "CREATE TABLE q.base (id int PRIMARY KEY);\n"
        "CREATE SCHEMA s CREATE TABLE t (b int REFERENCES base);\n"
        "SET search_path = q, public;\nCREATE TABLE r (b int REFERENCES base);\n"
        "ALTER TABLE public.base RENAME TO public_base;\n"
    )
    (tmp_path / "1.sql").write_text(sql, encoding="utf-8")
    with pg.fresh_database("dbnl_r3_sp_refs") as db:
        loaded, _ = load_on_server(pg, db, tmp_path, [tmp_path])
        truth = {
            (r["schema"], r["tbl"], r["name"], r["ref"])
            for r in pg.query_json(_FOREIGN_KEYS_SQL, db)
        }
    ours = {
        (o.table_schema or "public", o.table, o.name, o.ref_table)
        for o in loaded.schema.objects
        if o.constraint_type is ConstraintType.FOREIGN_KEY
    }
    assert ours == truth == {("s", "t", "t_b_fkey", "public_base"), ("q", "r", "r_b_fkey", "base")}


_ROLE_SETUP = (
    "DO $$ BEGIN CREATE ROLE dbnl_r3_owner; EXCEPTION WHEN duplicate_object THEN NULL; END $$;"
    "DO $$ BEGIN CREATE ROLE dbnl_r3_nobody; EXCEPTION WHEN duplicate_object THEN NULL; END $$;"
    "GRANT CREATE ON SCHEMA public TO dbnl_r3_nobody;"
)


@pytest.mark.slow
def test_user_schema_follows_the_role(pg: PgServer, tmp_path: Path) -> None:
    """``"$user"`` is the current role's schema when the file says who it is."""
    sql = (
        "CREATE SCHEMA dbnl_r3_owner AUTHORIZATION dbnl_r3_owner;\n"
        "SET ROLE dbnl_r3_owner;\nCREATE TABLE mine (a int);\nRESET ROLE;\n"
        "SET SESSION AUTHORIZATION dbnl_r3_owner;\nCREATE TABLE again (a int);\n"
        "RESET SESSION AUTHORIZATION;\n"
        "SET ROLE dbnl_r3_nobody;\nCREATE TABLE nobodys (a int);\nRESET ROLE;\n"
    )
    (tmp_path / "1.sql").write_text(sql, encoding="utf-8")
    try:
        with pg.fresh_database("dbnl_r3_sp_user") as db:
            loaded, catalog = load_on_server(pg, db, tmp_path, [tmp_path], setup=_ROLE_SETUP)
    finally:
        pg.run(sql="DROP ROLE IF EXISTS dbnl_r3_owner; DROP ROLE IF EXISTS dbnl_r3_nobody;")
    tables = {k for k in catalog.objects if k[0] == "table"}
    assert tables == {
        ("table", "dbnl_r3_owner", None, "mine"),
        ("table", "dbnl_r3_owner", None, "again"),
        ("table", "public", None, "nobodys"),
    }
    assert {k for k in model_keys(loaded.schema.objects) if k[0] == "table"} == tables


def _tables(sql: str) -> set[tuple[str | None, str]]:
    schema = schema_from_sql(sql)
    return {(o.schema, o.name) for o in schema.objects if o.kind is ObjectKind.TABLE}


def test_a_schema_the_files_never_create_is_taken_to_exist() -> None:
    # README "Sessions": made outside the files (a bootstrap script, the DBA).
    assert _tables("SET search_path TO ext, public;\nCREATE TABLE t (a int);\n") == {("ext", "t")}
    # ... while one they create exists from its CREATE to its DROP
    later = "SET search_path TO ext, public;\nCREATE TABLE t (a int);\nCREATE SCHEMA ext;\n"
    assert _tables(later) == {(None, "t")}


def test_set_local_without_begin_lasts_to_the_end_of_the_file() -> None:
    # README "Sessions": a migration tool runs each file in a transaction.
    sql = "SET LOCAL search_path TO hr;\nCREATE TABLE t (a int);\n"
    assert _tables(sql) == {("hr", "t")}
    assert _tables("CREATE TABLE u (a int);\n") == {(None, "u")}


# -- 4. SQL Server faults (learn.microsoft.com/sql/t-sql/statements/...) -------


def _tsql(sql: str) -> Schema:
    schema = schema_from_sql(sql, dialect="tsql")
    assert unreadable(schema) == []
    return schema


def test_tsql_inline_default_constraints_and_indexes() -> None:
    # CREATE TABLE: <column_constraint> CONSTRAINT name DEFAULT ...;
    # <column_index> INDEX name; <table_index> INDEX name [UNIQUE] [CLUSTERED] (cols)
    schema = _tsql(
        "CREATE TABLE t (a int CONSTRAINT DF_t_a DEFAULT 0 NOT NULL,"
        " b int CONSTRAINT DF_t_b DEFAULT 1, c int INDEX ix_c NONCLUSTERED,"
        " INDEX ix_t_a UNIQUE NONCLUSTERED (a), INDEX ix_b (b));"
    )
    defaults = {
        o.name: o.columns for o in schema.objects if o.constraint_type is ConstraintType.DEFAULT
    }
    assert defaults == {"DF_t_a": ("a",), "DF_t_b": ("b",)}
    assert kinds(schema, ObjectKind.COLUMN) == {("t", "a"), ("t", "b"), ("t", "c")}
    assert kinds(schema, ObjectKind.INDEX) == {("t", "ix_c"), ("t", "ix_t_a"), ("t", "ix_b")}


def test_tsql_alter_table_lists() -> None:
    # ALTER TABLE: ADD {column_definition | table_constraint} [,...n];
    # DROP {[CONSTRAINT] name | COLUMN name} [,...n]; {ENABLE | DISABLE} TRIGGER a, b
    schema = _tsql(
        "CREATE TABLE t (a int, b int, c int, CONSTRAINT ck_1 CHECK (c > 0),"
        " CONSTRAINT ck_2 CHECK (c < 9), CONSTRAINT ck_3 CHECK (c <> 5));\n"
        "ALTER TABLE t ADD d int, e int, CONSTRAINT uq_d UNIQUE (d);\n"
        "ALTER TABLE t DROP COLUMN a, b;\n"
        "ALTER TABLE t DROP ck_3;\n"
        "ALTER TABLE t ENABLE TRIGGER t1, t2;\n"
        "ALTER TABLE t NOCHECK CONSTRAINT ck_1, ck_2;\n"
    )
    assert kinds(schema, ObjectKind.COLUMN) == {("t", "c"), ("t", "d"), ("t", "e")}
    constraints = {name for _, name in kinds(schema, ObjectKind.CONSTRAINT)}
    assert constraints == {"ck_1", "ck_2", "uq_d"}


def test_tsql_temporary_tables_and_synapse_rename() -> None:
    schema = _tsql(
        "CREATE TABLE #t (a int);\nCREATE TABLE ##g (a int);\nCREATE TABLE #$x (a int);\n"
        "CREATE INDEX ix ON #t (a);\nDROP TABLE #t;\n"
        "CREATE TABLE [Reporting].[TABLE_NEW] (a int);\n"
        # Azure Synapse Analytics: RENAME OBJECT [::] [schema.]name TO new_name
        "RENAME OBJECT [Reporting].[TABLE_NEW] TO [TABLE_BASE];\n"
    )
    assert {(o.schema, o.name) for o in schema.of_kind(ObjectKind.TABLE)} == {
        ("Reporting", "TABLE_BASE")
    }
    events = schema_from_sql("CREATE TABLE #t (a int);\n", dialect="tsql")
    assert unreadable(events) == []


@pytest.mark.parametrize(
    "sql",
    [
        "CREATE FULLTEXT INDEX ON t (a) KEY INDEX pk_t ON ft_catalog;",
        "ALTER FULLTEXT INDEX ON t ENABLE;",
        "DROP FULLTEXT INDEX ON t;",
        "CREATE SECURITY POLICY p ADD FILTER PREDICATE f(a) ON dbo.t WITH (STATE = ON);",
        "CREATE FULLTEXT STOPLIST sl FROM SYSTEM STOPLIST;",
        "CREATE XML SCHEMA COLLECTION c AS N'<x/>';",
        "CREATE EXTERNAL DATA SOURCE src WITH (LOCATION = 'x');",
        "CREATE CREDENTIAL c WITH IDENTITY = 'u';",
        "ALTER AUTHORIZATION ON SCHEMA::s TO dbo;",
        "SAVE TRANSACTION sp;",
        "RECONFIGURE;",
    ],
)
def test_tsql_statements_that_name_nothing_pass(sql: str) -> None:
    schema = _tsql(sql + "\nGO\nCREATE TABLE kept (a int);\n")
    assert [o.name for o in schema.of_kind(ObjectKind.TABLE, ObjectKind.INDEX)] == ["kept"]


def test_sqlcmd_lines_are_client_commands(tmp_path: Path) -> None:
    # SSDT post-deployment scripts: ":r file" includes, ":setvar" sets a variable.
    (tmp_path / "deploy.sql").write_text(
        ':setvar Env "dev"\n:r .\\seed.sql\nGO\n:on error exit\n'
        "CREATE TABLE [dbo].[t] (a int);\nGO\n",
        encoding="utf-8",
    )
    loaded = load_paths([str(tmp_path)], SourceSettings(root=tmp_path, dialect="tsql"))
    assert [d.code for d in loaded.diagnostics if d.code != "DBN006"] == []
    assert [o.name for o in loaded.schema.of_kind(ObjectKind.TABLE)] == ["t"]


@pytest.mark.parametrize(
    "sql",
    [
        "CREATE SEQUENCE [Sequences].[CityKey] AS INT START WITH 1 INCREMENT BY 1;\n",
        "CREATE PROCEDURE [Application].Configuration_ReseedETL AS SELECT 1;\n",
        "CREATE TABLE DataLoadSimulation.[ColdRoomTemperatures_temp] ([Id] BIGINT NOT NULL);\n",
    ],
)
def test_ssdt_files_are_read_as_sql_server(tmp_path: Path, sql: str) -> None:
    (tmp_path / "Object.sql").write_text(sql, encoding="utf-8")
    loaded = load_paths([str(tmp_path)], SourceSettings(root=tmp_path))
    assert [d.code for d in loaded.diagnostics] == []
    assert {o.source.dialect for o in loaded.schema.objects} == {"tsql"}


def test_synapse_placeholders_cost_only_their_name() -> None:
    # Synapse's schema deltas: $%AUTO_INCREMENT_PRIMARY_KEY%$ stands for a type.
    schema = schema_from_sql(
        "CREATE TABLE sliding_sync_connections(\n"
        "    connection_key $%AUTO_INCREMENT_PRIMARY_KEY%$,\n    user_id TEXT NOT NULL\n);\n"
    )
    assert unreadable(schema) == []
    assert kinds(schema, ObjectKind.COLUMN) == {
        ("sliding_sync_connections", "connection_key"),
        ("sliding_sync_connections", "user_id"),
    }
    assert [d.code for d in schema.diagnostics] == ["DBN006"]


@pytest.mark.parametrize(
    "sql",
    [
        # Ola Hallengren's CommandLog.sql: the block's END is not a table option
        "IF NOT EXISTS (SELECT * FROM sys.objects WHERE object_id = OBJECT_ID(N'[dbo].[a]'))\n"
        "BEGIN\nCREATE TABLE [dbo].[a]([x] [int] NOT NULL,\n"
        " CONSTRAINT [PK_a] PRIMARY KEY CLUSTERED\n([x] ASC)WITH (PAD_INDEX = OFF) ON [PRIMARY]\n"
        ") ON [PRIMARY]\nCREATE INDEX ix_a ON [dbo].[a] (x)\nEND\nGO\n",
        # every statement of a block written on one line is read
        "IF OBJECT_ID('a') IS NULL BEGIN CREATE TABLE a (x int CONSTRAINT PK_a PRIMARY KEY)"
        " CREATE INDEX ix_a ON a (x) END\nGO\n",
        "IF 1 = 0 PRINT 'no'\nELSE CREATE TABLE a (x int CONSTRAINT PK_a PRIMARY KEY)\n"
        "GO\nBEGIN CREATE INDEX ix_a ON a (x) END\nGO\n",
    ],
)
def test_tsql_blocks_read_each_statement(sql: str) -> None:
    schema = _tsql(sql)
    assert kinds(schema, ObjectKind.TABLE) == {(None, "a")}
    assert kinds(schema, ObjectKind.CONSTRAINT) == {("a", "PK_a")}
    assert kinds(schema, ObjectKind.INDEX) == {("a", "ix_a")}


@pytest.mark.parametrize(
    ("dialect", "sql"),
    [
        # PostgreSQL manual: DROP OWNED, ALTER FOREIGN TABLE ... OPTIONS
        ("postgres", "DROP OWNED BY bob CASCADE;"),
        ("postgres", "ALTER FOREIGN TABLE ft OPTIONS (ADD opt1 'value');"),
        # MySQL manual: DROP PREPARE, HELP, PURGE BINARY LOGS, GET DIAGNOSTICS
        ("mysql", "DROP PREPARE stmt1;"),
        ("mysql", "HELP 'create table';"),
        ("mysql", "PURGE BINARY LOGS TO 'mysql-bin.010';"),
        ("mysql", "GET DIAGNOSTICS @n = NUMBER;"),
        # SQL Server: CREATE OR ALTER is one statement, not CREATE then ALTER
        ("tsql", "CREATE OR ALTER VIEW dbo.v AS SELECT 1 AS one;\nGO"),
    ],
)
def test_statements_that_name_nothing_pass_quietly(dialect: str, sql: str) -> None:
    schema = schema_from_sql(sql + "\nCREATE TABLE kept (a int);\n", dialect=dialect)
    assert unreadable(schema) == []
    assert "kept" in [o.name for o in schema.of_kind(ObjectKind.TABLE)]


def test_events_show_the_search_path_they_ran_with(tmp_path: Path) -> None:
    (tmp_path / "1.sql").write_text(
        "CREATE SCHEMA hr;\nSET search_path TO hr, public;\nCREATE TABLE t (a int);\n"
        "RESET search_path;\nCREATE TABLE u (a int);\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["inspect", "--events", "--format", "json", str(tmp_path)])
    events = {e["name"]: e for e in json.loads(result.stdout)["events"]}
    assert events["t"]["search_path"] == ["hr", "public"]
    assert events["u"]["search_path"] is None
    assert events["t"]["schema"] is None  # as written; replay puts it in hr
