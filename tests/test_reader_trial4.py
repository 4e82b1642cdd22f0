"""New-user trial 4: reader and replay faults, each checked against a real server.

1. Words that can start a table element (``PERIOD FOR``, ``EXCLUDE (``,
   ``LIKE``, MySQL's ``KEY``/``INDEX``) are column names wherever the
   dialect accepts them as such: PostgreSQL's catalog, MariaDB's
   ``information_schema`` and SQLite's ``pragma table_info`` decide.
2. An unnamed CHECK is named after the one column it reads, or after the
   table when it reads none or several (PostgreSQL's
   ``AddRelationNewConstraints``); ``pg_constraint.conname`` decides.
3. A Synapse schema folder replays as Synapse builds a new database
   (``synapse/storage/prepare_database.py``); a synthetic tree is built on
   PostgreSQL in that order and its catalog decides.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

import mysql_server
from dbnamelint.frontends.sql.sources import SourceSettings, discover
from dbnamelint.model import ObjectKind, Schema, Severity
from dbnamelint.runner.pipeline import load_paths, schema_from_sql
from pg_server import PgServer
from test_postgres_oracle import compare, model_keys, read_catalog
from test_reader_round2 import same_as_server
from test_reader_round3 import _maria_catalog, _mysql_model, unreadable


def columns_of(schema: Schema) -> set[tuple[str | None, str]]:
    return {(o.table, o.name) for o in schema.objects if o.kind is ObjectKind.COLUMN}


# -- 1. Element keywords that are column names ----------------------------------

#: PostgreSQL 15 accepts each of these as a bare column name (PERIOD, INCLUDING,
#: EXCLUDE, KEY, INDEX are no reserved words there); a real EXCLUDE constraint
#: starts with ``EXCLUDE (`` or ``EXCLUDE USING``.
PG_ELEMENT_WORDS = (
    'CREATE TABLE t (id int, period INTEGER, "Bad" int, including int, exclude int,'
    " key int, index int, fulltext int, spatial int, system_time int);\n"
    "CREATE TABLE x (id int, exclude (id WITH =), CONSTRAINT exclude CHECK (id > 0));\n"
    "CREATE TABLE y (id int, CONSTRAINT y_ex EXCLUDE USING btree (id WITH =), period int);\n"
    "CREATE TABLE z (id int);\n"
    "ALTER TABLE z ADD period int, ADD exclude int, ADD including int, ADD COLUMN key int;\n"
)


@pytest.mark.slow
def test_element_words_as_column_names_match_postgres(pg: PgServer, tmp_path: Path) -> None:
    kinds = same_as_server(pg, tmp_path, "dbnl_r4_elements", {"1.sql": PG_ELEMENT_WORDS})
    assert {"column", "constraint"} <= kinds
    schema = schema_from_sql(PG_ELEMENT_WORDS, dialect="postgres")
    assert ("t", "period") in columns_of(schema)
    assert ("z", "exclude") in columns_of(schema)


#: MariaDB 10.11: PERIOD, EXCLUDE, INCLUDING are column names; ``PERIOD FOR``
#: (system or application time) names no column. ``ALTER TABLE .. ADD period
#: int`` is a syntax error there (MariaDB reads ADD PERIOD), ADD COLUMN is not.
MARIA_ELEMENT_WORDS = (
    "CREATE TABLE t (id int, period int, exclude int, including int, system_time int);\n"
    "CREATE TABLE v (id int, rs TIMESTAMP(6) GENERATED ALWAYS AS ROW START,"
    " re TIMESTAMP(6) GENERATED ALWAYS AS ROW END, PERIOD FOR SYSTEM_TIME(rs, re))"
    " WITH SYSTEM VERSIONING;\n"
    "CREATE TABLE a (id int, ds date, de date, PERIOD FOR valid (ds, de), period int);\n"
    "CREATE TABLE w (id int, s date, e date);\n"
    "ALTER TABLE w ADD PERIOD FOR p (s, e), ADD COLUMN period int, ADD exclude int;\n"
)


@pytest.mark.slow
def test_element_words_as_column_names_match_mariadb(maria: mysql_server.MysqlServer) -> None:
    schema = schema_from_sql(MARIA_ELEMENT_WORDS, dialect="mariadb")
    assert unreadable(schema) == []
    truth = _maria_catalog(maria, MARIA_ELEMENT_WORDS)
    assert ("column", "w", "period") in truth
    assert _mysql_model(schema) == truth


def test_element_words_as_column_names_match_sqlite() -> None:
    # SQLite has no LIKE element and no inline index: like, key, period... are columns.
    sql = (
        "CREATE TABLE t (id int, like int, period int, exclude int, including int,"
        " key int, fulltext int, spatial int);\n"
    )
    db = sqlite3.connect(":memory:")
    db.executescript(sql)
    truth = {("t", row[1]) for row in db.execute("pragma table_info(t)")}
    schema = schema_from_sql(sql, dialect="sqlite")
    assert unreadable(schema) == []
    assert columns_of(schema) == truth


def test_tsql_period_for_system_time_names_no_column() -> None:
    # https://learn.microsoft.com/sql/relational-databases/tables/creating-a-system-versioned-temporal-table
    # PERIOD FOR SYSTEM_TIME (start, end) is a table element and an ALTER
    # TABLE ADD item; period is no reserved word of SQL Server.
    sql = (
        "CREATE TABLE dbo.t (id int, period int,"
        " ValidFrom datetime2 GENERATED ALWAYS AS ROW START NOT NULL,"
        " ValidTo datetime2 GENERATED ALWAYS AS ROW END NOT NULL,"
        " PERIOD FOR SYSTEM_TIME (ValidFrom, ValidTo));\n"
        "CREATE TABLE dbo.u (id int, s datetime2 NOT NULL, e datetime2 NOT NULL);\n"
        "ALTER TABLE dbo.u ADD PERIOD FOR SYSTEM_TIME (s, e);\n"
    )
    schema = schema_from_sql(sql, dialect="tsql")
    assert unreadable(schema) == []
    assert columns_of(schema) == {
        ("t", "id"),
        ("t", "period"),
        ("t", "ValidFrom"),
        ("t", "ValidTo"),
        ("u", "id"),
        ("u", "s"),
        ("u", "e"),
    }


# -- 2. The name of an unnamed CHECK ---------------------------------------------

#: Each line a shape of CHECK; PostgreSQL 15 names them t1_lock_check,
#: t2_a_check, t3_check, ... (the test reads the names from pg_constraint).
PG_CHECKS = (
    # a column the tokenizer reads as a keyword (lock, key, type)
    "CREATE TABLE t1 (lock CHAR(1) NOT NULL, CHECK (lock='X'));\n"
    # one column used twice; two columns
    "CREATE TABLE t2 (a int, CHECK (a > 0 AND a < 10));\n"
    "CREATE TABLE t3 (a int, b int, CHECK (a > b));\n"
    # a column and function calls with a string: one column
    "CREATE TABLE t4 (a text, CHECK (length(a) > length('abc')));\n"
    # a quoted mixed-case column, twice: numbered on collision
    'CREATE TABLE t5 ("Mixed" text, CHECK ("Mixed" <> \'\'),'
    " CHECK (\"Mixed\" <> 'x' AND \"Mixed\" <> 'y'));\n"
    "CREATE TABLE t6 (a int, CHECK (a > 0), CHECK (a < 10), CHECK (a <> 5));\n"
    # no column at all
    "CREATE TABLE t7 (a int, CHECK (1 > 0), CHECK (now() > '2000-01-01'));\n"
    # ALTER TABLE ADD CHECK, colliding with a named one
    "CREATE TABLE t8 (a int, b int);\n"
    "ALTER TABLE t8 ADD CHECK (a > 0);\n"
    "ALTER TABLE t8 ADD CHECK (a > 1);\n"
    "ALTER TABLE t8 ADD CONSTRAINT t8_check CHECK (b > 2);\n"
    "ALTER TABLE t8 ADD CHECK (a > b);\n"
    # column level: by what the expression reads, not where it is written
    "CREATE TABLE t9 (c int CHECK (c > 0), d int CHECK (true), e int CHECK (e > c));\n"
    # EXTRACT's field is no column even when a column has its name
    "CREATE TABLE t10 (year int, d date, CHECK (extract(year from d) > 2000),"
    " CHECK (year > 2000));\n"
    'CREATE TABLE t11 (lock text, key int, "type" text);\n'
    "ALTER TABLE t11 ADD CHECK (lock <> 'Y'), ADD CHECK (key > 0),"
    " ADD CHECK (type <> '' AND lock <> '');\n"
    # a qualified column; words of the expression that are no columns
    "CREATE TABLE t12 (a int, CHECK (t12.a > 0));\n"
    "CREATE TABLE t13 (a date, CHECK (a > current_date - interval '1 day'));\n"
    # the name another table's check holds (one namespace per schema)
    "CREATE TABLE other (a int CONSTRAINT t14_a_check CHECK (a > 0));\n"
    "CREATE TABLE t14 (a int, CHECK (a > 0));\n"
    # unquoted A is a; quoted "A" is another column
    'CREATE TABLE t15 (a int, "A" int, CHECK (a > 0 AND "A" > 0), CHECK (A > 1 AND a > 1));\n'
    # cast targets are no columns
    "CREATE TABLE t16 (a int, b text, CHECK (a::text <> b), CHECK (b::int > 0),"
    " CHECK (CAST(b AS int) > 0));\n"
    # dropping the column drops the check that reads it, not one that reads none
    "CREATE TABLE t17 (lock text CHECK (lock <> ''), d int CHECK (true));\n"
    "ALTER TABLE t17 DROP COLUMN lock, DROP COLUMN d;\n"
)


@pytest.mark.slow
def test_unnamed_check_names_match_postgres(pg: PgServer, tmp_path: Path) -> None:
    kinds = same_as_server(pg, tmp_path, "dbnl_r4_checks", {"1.sql": PG_CHECKS})
    assert "constraint" in kinds
    names = {
        o.name
        for o in schema_from_sql(PG_CHECKS, dialect="postgres").objects
        if o.kind is ObjectKind.CONSTRAINT
    }
    assert {"t1_lock_check", "t10_d_check", "t15_a_check", "t17_check"} <= names


# -- 3. Synapse's schema folders ---------------------------------------------------

#: A Synapse-like tree (synapse/storage/schema): data stores common, main and
#: state, each with full_schemas/<N>/ and delta/<N>/. Each file is a trap for
#: one wrong order: a delta up to N (history) would drop or alter again what
#: full schema 10 holds; the old full schema 5 would add a table 10 no longer
#: has; names sort across stores (state's 00base.sql before main's
#: full.sql.postgres, state's 03make.sql before main's 04use.sql); x.sql and
#: x.sql.postgres both run; a delta above SCHEMA_VERSION does not.
SYNAPSE_TREE = {
    "__init__.py": "SCHEMA_VERSION = 12\n",
    "common/schema_version.sql": "CREATE TABLE IF NOT EXISTS schema_version (version int);\n",
    "common/full_schemas/5/full.sql.postgres": "CREATE TABLE old_common (id int);\n",
    "common/full_schemas/10/full.sql.postgres": "CREATE TABLE background_updates (name text);\n",
    "common/full_schemas/10/full.sql.sqlite": "CREATE TABLE background_updates (name text);\n",
    "common/delta/8/01bg.sql": "ALTER TABLE background_updates ADD COLUMN ordering int;\n",
    "main/full_schemas/5/full.sql": "CREATE TABLE presence (user_id text);\n",
    "main/full_schemas/10/full.sql.postgres": (
        "CREATE TABLE users (name text, approved boolean);\n"
        "CREATE TABLE presence (user_id text);\n"
        "CREATE INDEX events_room ON events (room_id);\n"
    ),
    "main/delta/6/01drop.sql": "DROP TABLE presence;\n",
    "main/delta/9/01approved.sql": "ALTER TABLE users DROP COLUMN approved;\n",
    "main/delta/11/02rename.sql": "CREATE INDEX users_name ON users (name);\n",
    "main/delta/11/02rename.sql.postgres": "ALTER TABLE presence RENAME TO presence_stream;\n",
    "main/delta/11/02rename.sql.sqlite": "ALTER TABLE presence RENAME TO presence_stream;\n",
    "main/delta/11/04use.sql": "ALTER TABLE rooms ADD COLUMN creator text;\n",
    "main/delta/12/01ts.sql": "ALTER TABLE users ADD COLUMN approved_ts bigint;\n",
    "state/full_schemas/10/00base.sql": "CREATE TABLE events (room_id text);\n",
    "state/full_schemas/10/full.sql.postgres": "CREATE TABLE state_groups (id bigint PRIMARY KEY);",
    "state/delta/11/03make.sql": "CREATE TABLE rooms (room_id text);\n",
    "state/delta/13/01future.sql": "CREATE TABLE future (id int);\n",
}


def synapse_new_database(schema: Path, engine: str) -> list[Path]:
    """The files Synapse runs to build a new ``engine`` database, in its order.

    Written from synapse/storage/prepare_database.py: ``common/schema_version.sql``
    (``_get_or_create_schema_state``); the largest ``common/full_schemas/<N>``
    not above ``SCHEMA_VERSION``, every store's files of that version sorted
    together by (file name, path), ``.sql`` and ``.sql.<engine>`` only
    (``_setup_new_database``); then for ``v`` in ``N+1..SCHEMA_VERSION`` every
    store's ``delta/<v>`` files the same way (``_upgrade_existing_database``).
    """
    init = (schema / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r"^SCHEMA_VERSION\s*=\s*(\d+)", init, re.MULTILINE)
    assert found is not None
    version = int(found.group(1))
    stores = ("common", "main", "state")
    full = schema / "common" / "full_schemas"
    base = max(int(p.name) for p in full.iterdir() if int(p.name) <= version)

    def listing(folders: list[Path]) -> list[Path]:
        entries = sorted(
            (p.name, str(p)) for folder in folders if folder.is_dir() for p in folder.iterdir()
        )
        return [
            Path(path)
            for name, path in entries
            if name.endswith(".sql") or name.endswith(f".sql.{engine}")
        ]

    out = [schema / "common" / "schema_version.sql"]
    out += listing([schema / s / "full_schemas" / str(base) for s in stores])
    for v in range(base + 1, version + 1):
        out += listing([schema / s / "delta" / str(v) for s in stores])
    return out


def _synapse_tree(root: Path) -> Path:
    schema = root / "synapse" / "storage" / "schema"
    for name, text in SYNAPSE_TREE.items():
        (schema / name).parent.mkdir(parents=True, exist_ok=True)
        (schema / name).write_text(text, encoding="utf-8")
    return schema


def test_synapse_replay_order_is_prepare_databases(tmp_path: Path) -> None:
    schema = _synapse_tree(tmp_path)
    found, notes = discover([str(schema)], SourceSettings(root=tmp_path))
    by_dialect = {
        d: [Path(f.path).resolve() for f in found if f.dialect == d or f.dialect_guessed]
        for d in ("postgres", "sqlite")
    }
    assert by_dialect["postgres"] == [p.resolve() for p in synapse_new_database(schema, "postgres")]
    assert by_dialect["sqlite"] == [p.resolve() for p in synapse_new_database(schema, "sqlite")]
    # What is not replayed is said, file by file, as an info note.
    left_out = {
        "common/full_schemas/5/full.sql.postgres",
        "common/delta/8/01bg.sql",
        "main/full_schemas/5/full.sql",
        "main/delta/6/01drop.sql",
        "main/delta/9/01approved.sql",
        "state/delta/13/01future.sql",
    }
    assert {
        Path(d.location.path).resolve().relative_to(schema.resolve()).as_posix() for d in notes
    } == left_out
    assert {(d.code, d.severity) for d in notes} == {("DBN007", Severity.INFO)}


@pytest.mark.slow
def test_synapse_tree_matches_postgres_built_like_synapse(pg: PgServer, tmp_path: Path) -> None:
    schema = _synapse_tree(tmp_path)
    loaded = load_paths([str(schema)], SourceSettings(root=tmp_path))
    model = model_keys([o for o in loaded.schema.objects if o.source.dialect == "postgres"])
    with pg.fresh_database("dbnl_r4_synapse") as db:
        pg.run(files=synapse_new_database(schema, "postgres"), dbname=db)
        catalog = read_catalog(pg, db)
    diff = compare(catalog, model)
    assert not diff, (diff.only_server, diff.only_model)
    assert ("column", "public", "rooms", "creator") in model
    assert ("table", "public", None, "presence_stream") in model
    assert ("column", "public", "users", "approved") in model
    assert [d.code for d in loaded.diagnostics if d.severity is not Severity.INFO] == []


def test_synapse_file_named_explicitly_is_read(tmp_path: Path) -> None:
    # Like a rollback file: naming a file that is not replayed reads it anyway.
    schema = _synapse_tree(tmp_path)
    old = schema / "main" / "full_schemas" / "5" / "full.sql"
    found, notes = discover([str(old)], SourceSettings(root=tmp_path))
    assert [Path(f.path).resolve() for f in found] == [old.resolve()]
    assert notes == ()
