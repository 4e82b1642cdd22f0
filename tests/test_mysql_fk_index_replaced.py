"""MySQL/MariaDB: the index InnoDB made for a foreign key goes when a later one serves it.

MySQL manual §15.1.20.5 "FOREIGN KEY Constraints": the index created for a
foreign key "is silently dropped later if you create another index that can
be used to enforce the foreign key constraint", one whose first columns
are the key's, in the same order; index prefixes on foreign key columns
are not supported, so an index on ``s(10)`` cannot serve. The trial's
mini2 (``ADD CONSTRAINT c_p_fk FOREIGN KEY (p_id) ...; CREATE INDEX c_p_idx
ON c (p_id)``) drifted: ``only_in_files: index c.c_p_fk``. Each case runs on
real MariaDB; the oracle is ``information_schema.STATISTICS``.
"""

from __future__ import annotations

import pytest

import mysql_server
from dbnamelint.model import ConstraintType, ObjectKind
from dbnamelint.runner.pipeline import schema_from_sql

PARENT = (
    "CREATE TABLE p (id int PRIMARY KEY, a int, b int, s varchar(50),"
    " UNIQUE KEY p_ab (a, b), UNIQUE KEY p_s (s));\n"
    "CREATE TABLE c (id int PRIMARY KEY, p_id int, a int, b int, s varchar(50), x int);\n"
)
CASES = {
    # the trial's repro: a later index on the key's column
    "later_index": "ALTER TABLE c ADD CONSTRAINT c_p_fk FOREIGN KEY (p_id) REFERENCES p (id);\n"
    "CREATE INDEX c_p_idx ON c (p_id);\n",
    # more columns after the key's still serve
    "longer_index": "ALTER TABLE c ADD CONSTRAINT c_p_fk FOREIGN KEY (p_id) REFERENCES p (id);\n"
    "CREATE INDEX c_p_idx ON c (p_id, x);\n",
    # an unnamed key's index (named p_id) goes for a later unique key
    "unique_key": "ALTER TABLE c ADD FOREIGN KEY (p_id) REFERENCES p (id);\n"
    "ALTER TABLE c ADD UNIQUE KEY c_p_key (p_id);\n",
    # an inline KEY in a later ALTER
    "inline_key": "ALTER TABLE c ADD CONSTRAINT c_p_fk FOREIGN KEY (p_id) REFERENCES p (id);\n"
    "ALTER TABLE c ADD KEY c_p_idx (p_id, a);\n",
    # too short: the first of two key columns only; kept
    "too_short": "ALTER TABLE c ADD CONSTRAINT c_ab_fk FOREIGN KEY (a, b) REFERENCES p (a, b);\n"
    "CREATE INDEX c_a_idx ON c (a);\n",
    # the key's columns in another order: kept
    "other_order": "ALTER TABLE c ADD CONSTRAINT c_ab_fk FOREIGN KEY (a, b) REFERENCES p (a, b);\n"
    "CREATE INDEX c_ba_idx ON c (b, a);\n",
    # a column prefix cannot serve: kept
    "column_prefix": "ALTER TABLE c ADD CONSTRAINT c_s_fk FOREIGN KEY (s) REFERENCES p (s);\n"
    "CREATE INDEX c_s_idx ON c (s(10));\n",
    # the key column after another: kept
    "not_leading": "ALTER TABLE c ADD CONSTRAINT c_p_fk FOREIGN KEY (p_id) REFERENCES p (id);\n"
    "CREATE INDEX c_x_idx ON c (x, p_id);\n",
}


def _catalog(maria: mysql_server.MysqlServer, sql: str, name: str) -> set[tuple[str, str]]:
    with maria.fresh_database(name) as db:
        maria.run(sql, database=db)
        rows = maria.run(
            "SELECT DISTINCT TABLE_NAME, INDEX_NAME FROM information_schema.STATISTICS"
            f" WHERE TABLE_SCHEMA = '{db}' AND INDEX_NAME <> 'PRIMARY'"
        )
    return {tuple(line.split("\t")) for line in rows.splitlines()}  # type: ignore[misc]


def _model(sql: str) -> set[tuple[str, str]]:
    schema = schema_from_sql(sql, dialect="mysql")
    return {
        (o.table or "", o.name)
        for o in schema.objects
        if o.kind is ObjectKind.INDEX
        or (o.kind is ObjectKind.CONSTRAINT and o.constraint_type is ConstraintType.UNIQUE)
    }


@pytest.mark.parametrize("case", sorted(CASES))
def test_fk_index_matches_mariadb(maria: mysql_server.MysqlServer, case: str) -> None:
    sql = PARENT + CASES[case]
    truth = _catalog(maria, sql, f"dbnl_fkidx_{case}")
    assert _model(sql) == truth
    kept = case in ("too_short", "other_order", "column_prefix", "not_leading")
    # the oracle itself agrees with the manual's rule
    fk_index = {"c_p_fk", "c_ab_fk", "c_s_fk", "p_id"} & {n for t, n in truth if t == "c"}
    assert bool(fk_index) is kept, truth
