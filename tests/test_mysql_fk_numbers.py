"""MySQL and MariaDB number an unnamed foreign key one past the highest number.

Trial s26 (semaphore): after ``DROP FOREIGN KEY c_ibfk_1`` of ``c_ibfk_1``
and ``c_ibfk_2``, a new unnamed key is ``c_ibfk_3`` on MariaDB, but the model
took the first free number, ``c_ibfk_1``: semaphore's own
``migration_2_10_24.go`` then dropped, by name, what the model held as
another key, and ``drift`` paired the wrong columns. InnoDB takes the highest
``<table>_ibfk_<n>`` the table has when the statement begins (a name with a
leading zero, or the table's name in another case, is none), plus one per
unnamed key of the statement; keys the statement names itself do not count,
keys it drops do.

Oracle: MariaDB's ``information_schema.KEY_COLUMN_USAGE``.
"""

from __future__ import annotations

import pytest

import mysql_server
from dbnamelint.model import ConstraintType, ObjectKind
from dbnamelint.runner.pipeline import schema_from_sql

PARENT = "CREATE TABLE p (id INT PRIMARY KEY);\n"
COLUMNS = "id INT PRIMARY KEY, a INT, b INT, c INT"
#: case -> statements after PARENT
CASES = {
    "drop-first-of-two": (
        f"CREATE TABLE t ({COLUMNS}, FOREIGN KEY (a) REFERENCES p (id),"
        " FOREIGN KEY (b) REFERENCES p (id));\n"
        "ALTER TABLE t DROP FOREIGN KEY t_ibfk_1;\n"
        "ALTER TABLE t ADD FOREIGN KEY (c) REFERENCES p (id);\n"
    ),
    "drop-last-of-two": (
        f"CREATE TABLE t ({COLUMNS}, FOREIGN KEY (a) REFERENCES p (id),"
        " FOREIGN KEY (b) REFERENCES p (id));\n"
        "ALTER TABLE t DROP FOREIGN KEY t_ibfk_2;\n"
        "ALTER TABLE t ADD FOREIGN KEY (c) REFERENCES p (id);\n"
    ),
    "drop-and-add-in-one-statement": (
        f"CREATE TABLE t ({COLUMNS}, FOREIGN KEY (a) REFERENCES p (id));\n"
        "ALTER TABLE t DROP FOREIGN KEY t_ibfk_1, ADD FOREIGN KEY (b) REFERENCES p (id);\n"
    ),
    "named-high-then-unnamed": (
        f"CREATE TABLE t ({COLUMNS}, CONSTRAINT t_ibfk_7 FOREIGN KEY (a) REFERENCES p (id));\n"
        "ALTER TABLE t ADD FOREIGN KEY (b) REFERENCES p (id);\n"
    ),
    "named-in-the-same-alter": (
        f"CREATE TABLE t ({COLUMNS});\n"
        "ALTER TABLE t ADD CONSTRAINT t_ibfk_9 FOREIGN KEY (a) REFERENCES p (id),"
        " ADD FOREIGN KEY (b) REFERENCES p (id);\n"
    ),
    "named-in-the-same-create": (
        f"CREATE TABLE t ({COLUMNS}, CONSTRAINT t_ibfk_3 FOREIGN KEY (a) REFERENCES p (id),"
        " FOREIGN KEY (b) REFERENCES p (id), FOREIGN KEY (c) REFERENCES p (id));\n"
    ),
    "two-unnamed-in-one-alter": (
        f"CREATE TABLE t ({COLUMNS}, FOREIGN KEY (a) REFERENCES p (id));\n"
        "ALTER TABLE t ADD FOREIGN KEY (b) REFERENCES p (id),"
        " ADD FOREIGN KEY (c) REFERENCES p (id);\n"
    ),
    "leading-zero-is-no-number": (
        f"CREATE TABLE t ({COLUMNS}, CONSTRAINT t_ibfk_05 FOREIGN KEY (a) REFERENCES p (id));\n"
        "ALTER TABLE t ADD FOREIGN KEY (b) REFERENCES p (id);\n"
    ),
    "other-case-is-no-number": (
        f"CREATE TABLE t ({COLUMNS}, CONSTRAINT T_IBFK_4 FOREIGN KEY (a) REFERENCES p (id));\n"
        "ALTER TABLE t ADD FOREIGN KEY (b) REFERENCES p (id);\n"
    ),
    "after-a-table-rename": (
        f"CREATE TABLE t0 ({COLUMNS}, FOREIGN KEY (a) REFERENCES p (id));\n"
        "RENAME TABLE t0 TO t;\n"
        "ALTER TABLE t ADD FOREIGN KEY (b) REFERENCES p (id);\n"
    ),
    "drop-highest-then-two": (
        f"CREATE TABLE t ({COLUMNS}, FOREIGN KEY (a) REFERENCES p (id),"
        " FOREIGN KEY (b) REFERENCES p (id), FOREIGN KEY (c) REFERENCES p (id));\n"
        "ALTER TABLE t DROP FOREIGN KEY t_ibfk_3;\n"
        "ALTER TABLE t DROP FOREIGN KEY t_ibfk_1, ADD FOREIGN KEY (c) REFERENCES p (id),"
        " ADD FOREIGN KEY (a) REFERENCES p (id);\n"
    ),
}


def _model(sql: str, dialect: str) -> set[tuple[str, str]]:
    schema = schema_from_sql(sql, dialect=dialect)
    return {
        (o.name, o.columns[0])
        for o in schema.of_kind(ObjectKind.CONSTRAINT)
        if o.constraint_type is ConstraintType.FOREIGN_KEY and o.table == "t"
    }


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(CASES))
def test_model_numbers_as_mariadb(maria: mysql_server.MysqlServer, case: str) -> None:
    sql = PARENT + CASES[case]
    with maria.fresh_database("dbnl_fk_numbers") as db:
        maria.run(sql, database=db)
        out = maria.run(
            "SELECT CONSTRAINT_NAME, COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE"
            " WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 't'"
            " AND REFERENCED_TABLE_NAME IS NOT NULL",
            database=db,
        )
    expected = {(a, b) for a, b in (line.split("\t") for line in out.splitlines() if line)}
    assert _model(sql, "mariadb") == expected


#: What MariaDB 10.11 gave each case (the test above checks these on a server);
#: MySQL 8 takes the same highest number (get_fk_max_generated_name_number).
EXPECTED = {
    "drop-first-of-two": {("t_ibfk_2", "b"), ("t_ibfk_3", "c")},
    "drop-and-add-in-one-statement": {("t_ibfk_2", "b")},
    "named-in-the-same-alter": {("t_ibfk_9", "a"), ("t_ibfk_1", "b")},
    "drop-highest-then-two": {("t_ibfk_2", "b"), ("t_ibfk_3", "c"), ("t_ibfk_4", "a")},
}


@pytest.mark.parametrize("dialect", ["mysql", "mariadb"])
@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_model_numbers_without_a_server(case: str, dialect: str) -> None:
    assert _model(PARENT + CASES[case], dialect) == EXPECTED[case]
