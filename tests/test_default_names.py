"""Default names of unnamed constraints and indexes, per dialect.

The PostgreSQL expectations below are not derived from our code: each one
was produced by a real PostgreSQL 15.18 server from the statement quoted in
the case's comment (``SELECT conname FROM pg_constraint`` / ``pg_indexes``),
with ``taken`` holding the names that existed at that moment. The SQLite
ones come from Python's bundled SQLite. NOT NULL (PostgreSQL 18) and the
MySQL/T-SQL cases follow the servers' source and documentation.
"""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from dbnamelint.default_names import (
    default_name,
    make_object_name,
    pg_clip,
    sqlite_rowid_alias,
)
from dbnamelint.dialects import Family, profile_for
from dbnamelint.model import ConstraintType, ObjectKind

C = ObjectKind.CONSTRAINT
I = ObjectKind.INDEX  # noqa: E741 -- reads like the kind it names
PK = ConstraintType.PRIMARY_KEY
FK = ConstraintType.FOREIGN_KEY
UQ = ConstraintType.UNIQUE
CK = ConstraintType.CHECK
EX = ConstraintType.EXCLUSION
NN = ConstraintType.NOT_NULL

LONG_TABLE = "a_very_long_table_name_that_goes_on_and_on_for_quite_a_while_x"
LONG_COLUMN = "another_quite_long_column_name_for_testing"
A31 = "Ä" * 31  # 62 bytes
E31 = "é" * 31
TEN = tuple(
    f"col_{n}"
    for n in ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
)

PG_CASES = [
    # CREATE TABLE users (id int PRIMARY KEY, ...)
    pytest.param("users", C, PK, (), (), "users_pkey", id="pkey"),
    # email text UNIQUE
    pytest.param("users", C, UQ, ("email",), (), "users_email_key", id="unique"),
    # UNIQUE (a, b)
    pytest.param("users", C, UQ, ("a", "b"), (), "users_a_b_key", id="unique-two-columns"),
    # CHECK (a > 0)
    pytest.param("users", C, CK, ("a",), (), "users_a_check", id="check-one-column"),
    # CHECK (a > b): more than one column -> no column part
    pytest.param("users", C, CK, ("a", "b"), (), "users_check", id="check-two-columns"),
    # CHECK (b > 0 AND b < 10): one distinct column
    pytest.param("users", C, CK, ("b", "b"), (), "users_b_check", id="check-same-column"),
    # ALTER TABLE ck ADD CHECK (true) after CHECK (a < b) took ck_check
    pytest.param("ck", C, CK, (), ("ck_check",), "ck_check1", id="check-no-column-numbered"),
    # a int CHECK (a > 0) CHECK (a < 100) ... CONSTRAINT ck_a_check2 ...; ADD CHECK (a <> 7)
    pytest.param(
        "ck",
        C,
        CK,
        ("a",),
        ("ck_a_check", "ck_a_check1", "ck_a_check2"),
        "ck_a_check3",
        id="check-numbered-past-explicit",
    ),
    # CREATE TABLE "User" (id int PRIMARY KEY, "Email" text UNIQUE, ref int REFERENCES users)
    pytest.param("User", C, PK, (), (), "User_pkey", id="quoted-table-pkey"),
    pytest.param("User", C, UQ, ("Email",), (), "User_Email_key", id="quoted-unique"),
    pytest.param("User", C, FK, ("ref",), (), "User_ref_fkey", id="quoted-fkey"),
    # ALTER TABLE t ADD UNIQUE (a), twice
    pytest.param("t", C, UQ, ("a",), ("t_a_key",), "t_a_key1", id="unique-numbered"),
    # ALTER TABLE t ADD FOREIGN KEY (a, b) REFERENCES users (a, b), twice
    pytest.param("t", C, FK, ("a", "b"), (), "t_a_b_fkey", id="fkey-all-columns"),
    pytest.param("t", C, FK, ("a", "b"), ("t_a_b_fkey",), "t_a_b_fkey1", id="fkey-numbered"),
    # CREATE INDEX ON t (a), twice; ON t (a, a); ON t ((a + b))
    pytest.param("t", I, None, ("a",), (), "t_a_idx", id="index"),
    pytest.param("t", I, None, ("a",), ("t_a_idx",), "t_a_idx1", id="index-numbered"),
    pytest.param("t", I, None, ("a", "a"), (), "t_a_a1_idx", id="index-repeated-column"),
    pytest.param("t", I, None, ("expr",), (), "t_expr_idx", id="index-expression"),
    # CREATE INDEX ON tp (a) INCLUDE (b); UNIQUE (a, b, c) INCLUDE (c)
    pytest.param("tp", I, None, ("a", "b"), (), "tp_a_b_idx", id="index-include"),
    pytest.param("tp", C, UQ, ("a", "b", "c", "c"), (), "tp_a_b_c_c1_key", id="unique-include"),
    # CREATE TABLE ex (r int, EXCLUDE USING btree (r WITH =))
    pytest.param("ex", C, EX, ("r",), (), "ex_r_excl", id="exclusion"),
    # CREATE TABLE sp (id int, CONSTRAINT sp_pkey UNIQUE (id)); ADD PRIMARY KEY (id)
    pytest.param("sp", C, PK, ("id",), ("sp_pkey",), "sp_pkey1", id="pkey-numbered"),
    # 63-byte truncation: the longer part is shortened first, the label never
    pytest.param(
        LONG_TABLE,
        C,
        PK,
        (),
        (),
        "a_very_long_table_name_that_goes_on_and_on_for_quite_a_whi_pkey",
        id="truncate-table",
    ),
    pytest.param(
        LONG_TABLE,
        C,
        UQ,
        (LONG_COLUMN,),
        (),
        "a_very_long_table_name_that_g_another_quite_long_column_nam_key",
        id="truncate-both",
    ),
    pytest.param(
        LONG_TABLE,
        I,
        None,
        (LONG_COLUMN, "c2"),
        ("a_very_long_table_name_that_g_another_quite_long_column_nam_idx",),
        "a_very_long_table_name_that_g_another_quite_long_column_na_idx1",
        id="truncate-numbered-label-survives",
    ),
    # UNIQUE over ten columns: the column part stops at 64 bytes, then is cut
    pytest.param(
        "mc",
        C,
        UQ,
        TEN,
        (),
        "mc_col_one_col_two_col_three_col_four_col_five_col_six_col__key",
        id="truncate-many-columns",
    ),
    # multibyte names are cut by bytes, never inside a character
    pytest.param(A31, C, PK, (), (), "Ä" * 29 + "_pkey", id="multibyte-pkey"),
    pytest.param(A31, C, UQ, (E31,), (), "Ä" * 14 + "_" + "é" * 14 + "_key", id="multibyte-both"),
    # PostgreSQL 18 named NOT NULL constraints (from tablecmds.c, not a server)
    pytest.param("t", C, NN, ("a",), (), "t_a_not_null", id="not-null"),
]


@pytest.mark.parametrize(("table", "kind", "ctype", "columns", "taken", "expected"), PG_CASES)
def test_postgres_default_names(
    table: str,
    kind: ObjectKind,
    ctype: ConstraintType | None,
    columns: Sequence[str],
    taken: Sequence[str],
    expected: str,
) -> None:
    name = default_name("postgres", table, kind, ctype, columns, frozenset(taken))
    assert name == expected
    assert name is not None
    assert len(name.encode()) <= 63


OTHER_CASES = [
    pytest.param("mysql", "t", C, PK, ("id",), (), "PRIMARY", id="mysql-primary"),
    pytest.param("mysql", "t", C, FK, ("a",), (), "t_ibfk_1", id="mysql-fk"),
    pytest.param("mysql", "t", C, FK, ("a",), ("t_ibfk_1",), "t_ibfk_2", id="mysql-fk-counts"),
    pytest.param("mysql", "t", C, CK, ("a",), ("t_chk_1",), "t_chk_2", id="mysql-check"),
    pytest.param("mysql", "t", C, UQ, ("email", "x"), (), "email", id="mysql-unique-first-col"),
    pytest.param("mysql", "t", I, None, ("email",), ("email",), "email_2", id="mysql-key-clash"),
    pytest.param(
        "mysql", "t", I, None, ("email",), ("email", "email_2"), "email_3", id="mysql-key-clash-3"
    ),
    pytest.param("mysql", "t", I, None, ("primary",), (), "primary_2", id="mysql-key-primary"),
    pytest.param("mysql", "t", I, None, ("expr",), (), "functional_index", id="mysql-functional"),
    pytest.param("mariadb", "t", C, PK, (), (), "PRIMARY", id="mariadb-is-mysql"),
    pytest.param("mysql", "t", C, NN, ("a",), (), None, id="mysql-no-not-null-names"),
    # CREATE TABLE t (a TEXT PRIMARY KEY, b UNIQUE) in SQLite 3
    pytest.param("sqlite", "t", C, PK, ("a",), (), "sqlite_autoindex_t_1", id="sqlite-pk"),
    pytest.param(
        "sqlite",
        "t",
        C,
        UQ,
        ("b",),
        ("sqlite_autoindex_t_1",),
        "sqlite_autoindex_t_2",
        id="sqlite-unique-counts",
    ),
    pytest.param("sqlite", "t", C, FK, ("a",), (), None, id="sqlite-fk-nameless"),
    pytest.param("sqlite", "t", C, CK, ("a",), (), None, id="sqlite-check-nameless"),
    pytest.param("tsql", "Album", C, PK, ("Id",), (), "PK__Album", id="tsql-pk"),
    pytest.param("tsql", "Album", C, UQ, ("Title",), (), "UQ__Album", id="tsql-unique"),
    pytest.param("tsql", "Album", C, FK, ("ArtistId",), (), "FK__Album__ArtistId", id="tsql-fk"),
    pytest.param("tsql", "Album", C, CK, ("Year",), (), "CK__Album__Year", id="tsql-check"),
    pytest.param("tsql", "Album", C, UQ, ("T",), ("UQ__Album",), "UQ__Album__2", id="tsql-clash"),
    pytest.param("tsql", "Album", I, None, ("T",), (), None, id="tsql-index-needs-name"),
    pytest.param("duckdb", "t", C, UQ, ("a",), (), "t_a_key", id="unknown-dialect-is-pg"),
]


@pytest.mark.parametrize(
    ("dialect", "table", "kind", "ctype", "columns", "taken", "expected"), OTHER_CASES
)
def test_other_dialect_default_names(
    dialect: str,
    table: str,
    kind: ObjectKind,
    ctype: ConstraintType | None,
    columns: Sequence[str],
    taken: Sequence[str],
    expected: str | None,
) -> None:
    assert default_name(dialect, table, kind, ctype, columns, frozenset(taken)) == expected


#: MariaDB 10.11's names (each seen in information_schema.CHECK_CONSTRAINTS;
#: tests/test_mariadb_names.py replays the same statements against the server).
MARIADB_CHECK_CASES = [
    # a int CHECK (a > 0): named after its column, as written
    pytest.param(("Ab",), (), True, "Ab", id="column-level"),
    # b int CHECK (a > 0): the column it is written in, not the one it reads
    pytest.param(("b",), (), True, "b", id="column-level-other-column"),
    # CHECK (b > 0) at table level
    pytest.param(("b",), (), False, "CONSTRAINT_1", id="table-level"),
    # ... after CHECK (b > 0) took CONSTRAINT_1
    pytest.param(("b",), ("CONSTRAINT_1",), False, "CONSTRAINT_2", id="table-level-numbered"),
    # ALTER TABLE ADD CHECK after CONSTRAINT_1 was dropped, CONSTRAINT_2 left
    pytest.param(("b",), ("CONSTRAINT_2",), False, "CONSTRAINT_1", id="first-free-number"),
    # CHECK (TRUE): no column
    pytest.param((), (), False, "CONSTRAINT_1", id="no-column"),
]


@pytest.mark.parametrize(("columns", "taken", "column_level", "expected"), MARIADB_CHECK_CASES)
def test_mariadb_check_names(
    columns: Sequence[str], taken: Sequence[str], column_level: bool, expected: str
) -> None:
    name = default_name("mariadb", "t", C, CK, columns, frozenset(taken), column_level=column_level)
    assert name == expected


@pytest.mark.parametrize("column_level", [False, True])
def test_mysql_8_names_checks_after_the_table_wherever_written(column_level: bool) -> None:
    name = default_name("mysql", "t", C, CK, ("a",), frozenset(), column_level=column_level)
    assert name == "t_chk_1"


@pytest.mark.parametrize(
    ("ctype", "columns", "taken", "expected"),
    [
        pytest.param(PK, ("id",), (), "PRIMARY", id="primary"),
        pytest.param(FK, ("p",), ("t_ibfk_1",), "t_ibfk_2", id="foreign-key"),
        pytest.param(UQ, ("p",), ("p",), "p_2", id="unique"),
    ],
)
def test_mariadb_names_keys_as_mysql_does(
    ctype: ConstraintType, columns: Sequence[str], taken: Sequence[str], expected: str
) -> None:
    assert default_name("mariadb", "t", C, ctype, columns, frozenset(taken)) == expected
    assert default_name("mysql", "t", C, ctype, columns, frozenset(taken)) == expected


@pytest.mark.parametrize(
    ("dialect", "family"),
    [
        pytest.param("postgres", Family.POSTGRES, id="postgres"),
        pytest.param("MySQL", Family.MYSQL, id="mysql-any-case"),
        pytest.param("sqlite", Family.SQLITE, id="sqlite"),
        pytest.param("tsql", Family.TSQL, id="tsql"),
        pytest.param("fabric", Family.TSQL, id="fabric"),
        pytest.param("snowflake", Family.POSTGRES, id="unknown"),
    ],
)
def test_dialect_family(dialect: str, family: Family) -> None:
    assert profile_for(dialect).implicit_names is family


@pytest.mark.parametrize(
    ("name", "limit", "expected"),
    [
        pytest.param("abc", 2, "ab", id="ascii"),
        pytest.param("aé", 2, "a", id="never-half-a-character"),
        pytest.param("aé", 3, "aé", id="fits"),
        pytest.param("日本", 5, "日", id="three-byte-char"),
    ],
)
def test_pg_clip(name: str, limit: int, expected: str) -> None:
    assert pg_clip(name, limit) == expected


@pytest.mark.parametrize(
    ("name1", "name2", "label", "expected"),
    [
        pytest.param("t", None, "pkey", "t_pkey", id="no-name2"),
        pytest.param("t", "a", None, "t_a", id="no-label"),
        pytest.param("x" * 40, "y" * 40, "key", "x" * 29 + "_" + "y" * 29 + "_key", id="halves"),
        pytest.param("x" * 70, "y", "key", "x" * 57 + "_y_key", id="long-first"),
    ],
)
def test_make_object_name(name1: str, name2: str | None, label: str | None, expected: str) -> None:
    assert make_object_name(name1, name2, label) == expected


@pytest.mark.parametrize(
    ("existing", "taken", "expected"),
    [
        # CREATE TABLE t (id TEXT CONSTRAINT pk PRIMARY KEY, a CONSTRAINT u UNIQUE, b UNIQUE):
        # SQLite names b's index sqlite_autoindex_t_3, after the two named keys.
        pytest.param(2, (), "sqlite_autoindex_t_3", id="named-keys-take-numbers"),
        pytest.param(0, (), "sqlite_autoindex_t_1", id="first"),
        pytest.param(1, ("sqlite_autoindex_t_2",), "sqlite_autoindex_t_3", id="never-a-taken-name"),
    ],
)
def test_sqlite_numbers_after_existing_autoindexes(
    existing: int, taken: Sequence[str], expected: str
) -> None:
    assert default_name("sqlite", "t", C, UQ, ("b",), frozenset(taken), existing=existing) == (
        expected
    )


def test_existing_is_sqlite_only() -> None:
    # PostgreSQL and MySQL choose by free name, whatever the count.
    assert default_name("postgres", "t", C, UQ, ("b",), frozenset(), existing=3) == "t_b_key"
    assert default_name("mysql", "t", C, UQ, ("b",), frozenset(), existing=3) == "b"


@pytest.mark.parametrize(
    ("data_type", "alias"),
    [
        # Each checked with Python's sqlite3: CREATE TABLE t (id <type> PRIMARY KEY, a UNIQUE)
        # makes no index for id exactly when the type is INTEGER in any case.
        pytest.param("INTEGER", True, id="integer"),
        pytest.param("integer", True, id="lower-case"),
        pytest.param("Integer", True, id="mixed-case"),
        pytest.param("INT", False, id="int"),
        pytest.param("BIGINT", False, id="bigint"),
        pytest.param("INTEGER(10)", False, id="with-width"),
        pytest.param("INTEGER UNSIGNED", False, id="unsigned"),
        pytest.param("UNSIGNED BIG INT", False, id="unsigned-big-int"),
        pytest.param(None, False, id="no-type"),
    ],
)
def test_sqlite_rowid_alias(data_type: str | None, alias: bool) -> None:
    assert sqlite_rowid_alias(data_type) is alias
