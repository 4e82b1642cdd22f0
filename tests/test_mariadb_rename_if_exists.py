"""MariaDB's ``RENAME TABLE IF EXISTS`` and ``ALTER [ONLINE] [IGNORE] TABLE``.

photoprism's MariaDB migrations hold ``RENAME TABLE IF EXISTS `accounts` TO
`services``` (20221015-100000.pre.sql; MariaDB 10.5.2+) and ``ALTER IGNORE
TABLE auth_sessions RENAME COLUMN auth_domain TO auth_issuer``
(20240709-000001.pre.sql). Both were DBN004 even under ``--dialect mariadb``,
and the names they write never reached the model (trial s24). MySQL removed
``ALTER IGNORE TABLE`` in 5.7.4 and ``ALTER ONLINE TABLE`` in 5.6 (its
manuals), so under ``--dialect mysql`` they stay DBN004, saying why.

Oracle: a real MariaDB runs each script; its tables and columns
(information_schema) are the model's.
"""

from __future__ import annotations

import pytest

import mysql_server
from dbnamelint.model import ObjectKind
from dbnamelint.runner.pipeline import schema_from_sql

CASES = {
    "photoprism-rename-table-if-exists": (
        "CREATE TABLE accounts (id int, acc_name varchar(9));\n"
        "RENAME TABLE IF EXISTS `accounts` TO `services`;\n"
    ),
    "rename-table-if-exists-several-pairs": (
        "CREATE TABLE a1 (id int);\nCREATE TABLE b1 (id int);\n"
        "RENAME TABLE IF EXISTS a1 TO a2, b1 NOWAIT TO b2;\n"
        "RENAME TABLES IF EXISTS a2 WAIT 5 TO a3;\n"
    ),
    "photoprism-alter-ignore-rename-column": (
        "CREATE TABLE auth_sessions (id int, auth_domain varchar(9));\n"
        "ALTER IGNORE TABLE auth_sessions RENAME COLUMN auth_domain TO auth_issuer;\n"
    ),
    "alter-ignore-add-column": (
        "CREATE TABLE t (id int);\n"
        "ALTER IGNORE TABLE t ADD COLUMN created_at int, ADD UNIQUE INDEX t_id_uq (id);\n"
        "ALTER ONLINE TABLE t ADD COLUMN updated_at int;\n"
        "ALTER ONLINE IGNORE TABLE t ADD COLUMN deleted_at int;\n"
    ),
}


def _server_names(maria: mysql_server.MysqlServer, db: str) -> set[tuple[str, str]]:
    out = maria.run(
        "SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.COLUMNS"
        " WHERE TABLE_SCHEMA = DATABASE() UNION ALL"
        " SELECT TABLE_NAME, INDEX_NAME FROM information_schema.STATISTICS"
        " WHERE TABLE_SCHEMA = DATABASE()",
        database=db,
    )
    return {(a, b) for a, b in (line.split("\t") for line in out.splitlines() if line)}


def _model_names(sql: str) -> set[tuple[str, str]]:
    schema = schema_from_sql(sql, dialect="mariadb")
    assert [d.code for d in schema.diagnostics] == []
    return {
        (str(o.table), o.name)
        for o in schema.of_kind(ObjectKind.COLUMN, ObjectKind.INDEX, ObjectKind.CONSTRAINT)
    }


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(CASES))
def test_mariadb_reads_what_the_server_runs(maria: mysql_server.MysqlServer, case: str) -> None:
    sql = CASES[case]
    with maria.fresh_database("dbnl_rename_if_exists") as db:
        maria.run(sql, database=db)
        expected = _server_names(maria, db)
    assert _model_names(sql) == expected


@pytest.mark.parametrize("statement", ["ALTER IGNORE TABLE t", "ALTER ONLINE TABLE t"])
def test_mysql_refuses_alter_ignore_and_says_why(statement: str) -> None:
    sql = f"CREATE TABLE t (id int);\n{statement} ADD COLUMN created_at int;\n"
    schema = schema_from_sql(sql, dialect="mysql")
    (diagnostic,) = schema.diagnostics
    assert diagnostic.code == "DBN004"
    assert "--dialect mariadb" in diagnostic.message
    assert diagnostic.location.line == 2
