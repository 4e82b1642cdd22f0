"""MariaDB's model after keys that replace or absorb one another, against the server.

Real MariaDB 10.11 is the oracle: each script runs in a fresh database through
the ``mariadb`` client and the names in ``information_schema.TABLE_CONSTRAINTS``
and ``STATISTICS`` must be the names the files' model gives (``dialect="mariadb"``).

- InnoDB's generated index for a foreign key: between two generated ones the
  later wins unless it is the shorter (``foreign_key_prefix`` in sql_table.cc),
  in one CREATE TABLE as in a later ALTER TABLE; a generated index outlives
  DROP FOREIGN KEY and still goes for a later index that serves it.
- ``k int PRIMARY KEY UNIQUE`` in one column definition is the primary key
  alone; ``UNIQUE UNIQUE`` one key; written at table level both keys exist.
- ``ADD COLUMN m JSON AFTER id`` / ``FIRST`` gets its json_valid check too.

The trial's flipt reproduction (findings 03) is the first case.
"""

from __future__ import annotations

import pytest

import mysql_server
from dbnamelint.model import ObjectKind
from dbnamelint.runner.pipeline import schema_from_sql

pytestmark = pytest.mark.slow

Row = tuple[str, str, str]

_TYPES = {"primary_key": "PRIMARY KEY", "unique": "UNIQUE", "foreign_key": "FOREIGN KEY"}

PARENTS = (
    "CREATE TABLE p (a int, b int, c int, PRIMARY KEY (a, b, c), KEY (a, b));\n"
    "CREATE TABLE pa (a int PRIMARY KEY);\n"
)

CASES = {
    # the trial: (A) FKs (a) and (a, b) -> one index a (a, b); (B) FK dropped and
    # re-added under its own name -> index named after it; (C) PRIMARY KEY
    # UNIQUE -> PRIMARY only; (D)/(E) JSON added by ALTER, with and without AFTER
    "trial": (
        "CREATE TABLE p (a varchar(20) NOT NULL, b varchar(20) NOT NULL, PRIMARY KEY (a, b));\n"
        "CREATE TABLE pa (a varchar(20) PRIMARY KEY);\n"
        "CREATE TABLE r (id int PRIMARY KEY, a varchar(20) NOT NULL, b varchar(20) NOT NULL,\n"
        "  FOREIGN KEY (a) REFERENCES pa (a), FOREIGN KEY (a, b) REFERENCES p (a, b));\n"
        "CREATE TABLE s (id int PRIMARY KEY, a varchar(20) NOT NULL, b varchar(20) NOT NULL,\n"
        "  FOREIGN KEY (a, b) REFERENCES p (a, b));\n"
        "ALTER TABLE s DROP FOREIGN KEY s_ibfk_1;\n"
        "ALTER TABLE s ADD CONSTRAINT s_ibfk_1 FOREIGN KEY (a, b) REFERENCES p (a, b);\n"
        "CREATE TABLE n (k varchar(20) PRIMARY KEY UNIQUE NOT NULL);\n"
        "CREATE TABLE j (id int PRIMARY KEY);\n"
        "ALTER TABLE j ADD COLUMN meta JSON;\n"
        "ALTER TABLE j ADD COLUMN m2 JSON AFTER id;\n"
    ),
    "create-wider-later": PARENTS
    + "CREATE TABLE t (a int, b int, CONSTRAINT f1 FOREIGN KEY (a) REFERENCES pa (a),"
    " FOREIGN KEY (a, b) REFERENCES p (a, b));\n",
    "create-wider-first": PARENTS
    + "CREATE TABLE t (a int, b int, FOREIGN KEY (a, b) REFERENCES p (a, b),"
    " FOREIGN KEY (a) REFERENCES pa (a));\n",
    "create-three": PARENTS
    + "CREATE TABLE t (a int, b int, c int, FOREIGN KEY (a) REFERENCES pa (a),"
    " FOREIGN KEY (b) REFERENCES pa (a), FOREIGN KEY (a, b, c) REFERENCES p (a, b, c));\n",
    "create-same-columns-twice": PARENTS
    + "CREATE TABLE t (a int, CONSTRAINT f1 FOREIGN KEY (a) REFERENCES pa (a),"
    " CONSTRAINT f2 FOREIGN KEY (a) REFERENCES pa (a));\n",
    "create-explicit-short-key-kept": PARENTS
    + "CREATE TABLE t (a int, b int, KEY k (a), FOREIGN KEY (a, b) REFERENCES p (a, b));\n",
    "alter-wider-unnamed": PARENTS
    + "CREATE TABLE t (a int, b int, FOREIGN KEY (a) REFERENCES pa (a));\n"
    "ALTER TABLE t ADD FOREIGN KEY (a, b) REFERENCES p (a, b);\n",
    "alter-wider-named": PARENTS
    + "CREATE TABLE t (a int, b int, FOREIGN KEY (a) REFERENCES pa (a));\n"
    "ALTER TABLE t ADD CONSTRAINT fk2 FOREIGN KEY (a, b) REFERENCES p (a, b);\n",
    "alter-same-named": PARENTS + "CREATE TABLE t (a int, FOREIGN KEY (a) REFERENCES pa (a));\n"
    "ALTER TABLE t ADD CONSTRAINT fk2 FOREIGN KEY (a) REFERENCES pa (a);\n",
    "alter-narrower-kept-out": PARENTS
    + "CREATE TABLE t (a int, b int, FOREIGN KEY (a, b) REFERENCES p (a, b));\n"
    "ALTER TABLE t ADD CONSTRAINT fk2 FOREIGN KEY (a) REFERENCES pa (a);\n",
    "drop-and-add-in-one-statement": PARENTS
    + "CREATE TABLE t (a int, FOREIGN KEY (a) REFERENCES pa (a));\n"
    "ALTER TABLE t DROP FOREIGN KEY t_ibfk_1,"
    " ADD CONSTRAINT fkx FOREIGN KEY (a) REFERENCES pa (a);\n",
    "generated-index-outlives-its-key": PARENTS
    + "CREATE TABLE t (a int, FOREIGN KEY (a) REFERENCES pa (a));\n"
    "ALTER TABLE t DROP FOREIGN KEY t_ibfk_1;\n"
    "ALTER TABLE t ADD INDEX idx (a);\n",
    # RENAME INDEX makes the generated index an ordinary one: kept after the
    # key is re-added, and a wider key gets an index of its own; RENAME
    # COLUMN does not
    "renamed-index-is-kept": PARENTS
    + "CREATE TABLE t (a int, FOREIGN KEY (a) REFERENCES pa (a));\n"
    "ALTER TABLE t RENAME INDEX a TO idx;\n"
    "ALTER TABLE t DROP FOREIGN KEY t_ibfk_1,"
    " ADD CONSTRAINT fk2 FOREIGN KEY (a) REFERENCES pa (a);\n"
    "CREATE TABLE u (a int, b int, FOREIGN KEY (a) REFERENCES pa (a));\n"
    "ALTER TABLE u RENAME INDEX a TO idx;\n"
    "ALTER TABLE u ADD CONSTRAINT fk3 FOREIGN KEY (a, b) REFERENCES p (a, b);\n"
    "CREATE TABLE v (a int, FOREIGN KEY (a) REFERENCES pa (a));\n"
    "ALTER TABLE v RENAME COLUMN a TO a2;\n"
    "ALTER TABLE v DROP FOREIGN KEY v_ibfk_1,"
    " ADD CONSTRAINT fk4 FOREIGN KEY (a2) REFERENCES pa (a);\n",
    "inline-primary-and-unique": (
        "CREATE TABLE n1 (k int PRIMARY KEY UNIQUE);\n"
        "CREATE TABLE n2 (k int UNIQUE PRIMARY KEY);\n"
        "CREATE TABLE n3 (k int UNIQUE KEY PRIMARY KEY);\n"
        "CREATE TABLE n4 (x int);\n"
        "ALTER TABLE n4 ADD COLUMN k int PRIMARY KEY UNIQUE;\n"
    ),
    "inline-unique-twice": (
        "CREATE TABLE u1 (k int UNIQUE UNIQUE);\n"
        "CREATE TABLE u2 (x int);\n"
        "ALTER TABLE u2 ADD COLUMN k int UNIQUE UNIQUE;\n"
    ),
    "table-level-keys-both-kept": (
        "CREATE TABLE t1 (k int, PRIMARY KEY (k), UNIQUE (k));\n"
        "CREATE TABLE t2 (k int PRIMARY KEY, UNIQUE KEY uk (k));\n"
        "CREATE TABLE t3 (k int UNIQUE, UNIQUE (k));\n"
        "CREATE TABLE t4 (x int, k int UNIQUE, PRIMARY KEY (k));\n"
    ),
    "json-added-with-position": (
        "CREATE TABLE j (id int);\n"
        "ALTER TABLE j ADD COLUMN m JSON FIRST;\n"
        "ALTER TABLE j ADD m3 JSON NOT NULL AFTER id;\n"
        "ALTER TABLE j ADD COLUMN m4 json AFTER m;\n"
    ),
}


def server_rows(maria: mysql_server.MysqlServer, sql: str, name: str) -> set[Row]:
    with maria.fresh_database(name) as db:
        maria.run(sql, database=db)
        out = maria.run(
            "SELECT TABLE_NAME, CONSTRAINT_NAME, CONSTRAINT_TYPE"
            " FROM information_schema.TABLE_CONSTRAINTS WHERE TABLE_SCHEMA = DATABASE()"
            " UNION SELECT DISTINCT TABLE_NAME, INDEX_NAME, 'INDEX'"
            " FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE()",
            database=db,
        )
    rows = (line.split("\t") for line in out.splitlines() if line)
    return {(t, n, c) for t, n, c in rows}


def model_rows(sql: str) -> set[Row]:
    """Constraints by type, and every index (a primary or unique key has one)."""
    rows: set[Row] = set()
    for o in schema_from_sql(sql, dialect="mariadb").objects:
        if o.kind is ObjectKind.CONSTRAINT and o.constraint_type is not None:
            kind = _TYPES.get(o.constraint_type.value, "CHECK")
            rows.add((str(o.table), o.name, kind))
            if kind in ("PRIMARY KEY", "UNIQUE"):
                rows.add((str(o.table), o.name, "INDEX"))
        elif o.kind is ObjectKind.INDEX:
            rows.add((str(o.table), o.name, "INDEX"))
    return rows


@pytest.mark.parametrize("case", sorted(CASES))
def test_model_matches_mariadb_catalog(maria: mysql_server.MysqlServer, case: str) -> None:
    sql = CASES[case]
    truth = server_rows(maria, sql, "dbnl_fkgen_" + case.replace("-", "_")[:40])
    assert model_rows(sql) == truth


def test_trial_oracle_holds_what_the_finding_says(maria: mysql_server.MysqlServer) -> None:
    """The server itself: one index for r, s's named after its key, no n.k, j.m2 checked."""
    truth = server_rows(maria, CASES["trial"], "dbnl_fkgen_trial_oracle")
    assert {n for t, n, k in truth if t == "r" and k == "INDEX"} == {"PRIMARY", "a"}
    assert ("s", "s_ibfk_1", "INDEX") in truth and ("s", "a", "INDEX") not in truth
    assert {n for t, n, _ in truth if t == "n"} == {"PRIMARY"}
    assert ("j", "m2", "CHECK") in truth


def test_mysql_keeps_a_unique_key_beside_an_inline_primary_key() -> None:
    """Only MariaDB's profile folds PRIMARY KEY UNIQUE into one key (MySQL 8 is
    not the oracle here; its model is unchanged), but UNIQUE twice is one key in both."""
    sql = "CREATE TABLE n (k int PRIMARY KEY UNIQUE, u int UNIQUE UNIQUE);\n"
    keys = sorted(
        (o.name, str(o.constraint_type.value if o.constraint_type else ""))
        for o in schema_from_sql(sql, dialect="mysql").objects
        if o.kind is ObjectKind.CONSTRAINT
    )
    assert keys == [("PRIMARY", "primary_key"), ("k", "unique"), ("u", "unique")]
