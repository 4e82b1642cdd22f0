"""Every dialect fact comes from one profile, and the profile agrees with sqlglot.

The oracle for "which family is this dialect" is sqlglot's own class tree:
SingleStore, Doris and StarRocks subclass its MySQL dialect, Fabric its
T-SQL one, Materialize/RisingWave/Redshift its PostgreSQL one. A dialect read
with MySQL's grammar must get MySQL's implicit names (``PRIMARY``,
``t_ibfk_1``: MySQL manual §15.1.20.5 "FOREIGN KEY Constraints", "Naming",
and §15.1.20 "the name of a PRIMARY KEY is always PRIMARY").
"""

from __future__ import annotations

import pytest
from sqlglot.dialects import Dialect, Dialects
from sqlglot.dialects.mysql import MySQL
from sqlglot.dialects.postgres import Postgres
from sqlglot.dialects.sqlite import SQLite
from sqlglot.dialects.tsql import TSQL

from dbnamelint.dialects import (
    ALIASES,
    DIALECTS,
    OWN_DIALECTS,
    Family,
    normalize_dialect,
    profile_for,
    sqlglot_dialect,
)
from dbnamelint.frontends.sql.splitting import dialect_family as lexical_family
from dbnamelint.model import ConstraintType, ObjectKind
from dbnamelint.runner.pipeline import schema_from_sql

_SQLGLOT_FAMILIES = ((MySQL, Family.MYSQL), (TSQL, Family.TSQL), (SQLite, Family.SQLITE))


def sqlglot_family(dialect: str) -> Family | None:
    """The family sqlglot parses ``dialect`` with, from its dialect class tree."""
    cls = type(Dialect.get_or_raise(dialect))
    for base, family in _SQLGLOT_FAMILIES:
        if issubclass(cls, base):
            return family
    return Family.POSTGRES if issubclass(cls, Postgres) else None


ALL_NAMES = sorted(
    {d.value for d in Dialects if d.value} | set(DIALECTS) | set(ALIASES) | set(OWN_DIALECTS)
)


@pytest.mark.parametrize("name", ALL_NAMES)
def test_implicit_names_follow_the_parsing_family(name: str) -> None:
    dialect = normalize_dialect(name)
    assert dialect is not None
    profile = profile_for(name)
    assert profile is profile_for(dialect)
    family = sqlglot_family(sqlglot_dialect(dialect))
    if family is None:  # a dialect of its own: PostgreSQL-style names stand in
        assert profile.implicit_names is Family.POSTGRES
        return
    assert profile.implicit_names is family
    assert profile.lexical is family
    assert lexical_family(name) == family.value


@pytest.mark.parametrize("dialect", ["mysql", "singlestore", "doris", "starrocks"])
def test_mysql_engines_get_mysql_default_names(dialect: str) -> None:
    schema = schema_from_sql(
        "CREATE TABLE p (id int PRIMARY KEY);\n"
        "CREATE TABLE c (id int, pid int, FOREIGN KEY (pid) REFERENCES p (id), KEY k_id (id));\n",
        dialect=dialect,
    )
    constraints = {
        (o.table, o.name, o.constraint_type)
        for o in schema.objects
        if o.kind is ObjectKind.CONSTRAINT
    }
    assert ("p", "PRIMARY", ConstraintType.PRIMARY_KEY) in constraints
    assert ("c", "c_ibfk_1", ConstraintType.FOREIGN_KEY) in constraints
    assert not any(name.endswith(("_pkey", "_fkey")) for _, name, _ in constraints)
    # The token reader uses MySQL's grammar too: KEY starts an inline index.
    indexes = {o.name for o in schema.objects if o.kind is ObjectKind.INDEX}
    assert "k_id" in indexes


@pytest.mark.parametrize(
    ("dialect", "limit", "unit", "folded"),
    [
        # PostgreSQL §4.1.1: NAMEDATALEN-1 bytes, unquoted names lower-cased.
        ("postgres", 63, "bytes", "users"),
        # MySQL §11.2: 64 characters; names kept as written.
        ("mariadb", 64, "characters", "Users"),
        ("singlestore", 64, "characters", "Users"),
        # SQL Server "Database Identifiers": 128 characters.
        ("mssql", 128, "characters", "Users"),
        # Oracle "Database Object Names and Qualifiers": upper case, 128.
        ("oracle", 128, "characters", "USERS"),
        # Snowflake "Identifier requirements": upper case, 255.
        ("snowflake", 255, "characters", "USERS"),
    ],
)
def test_profile_facts(dialect: str, limit: int, unit: str, folded: str) -> None:
    profile = profile_for(dialect)
    assert (profile.max_identifier, profile.identifier_unit) == (limit, unit)
    assert profile.fold("Users", quoted=False) == folded
    assert profile.fold("Users", quoted=True) == "Users"


def test_reserved_words_come_from_the_profile() -> None:
    # PostgreSQL appendix C: "user" is reserved; MySQL 8 §11.3: "rank" is.
    assert "user" in profile_for("postgres").reserved_words
    assert "rank" in profile_for("doris").reserved_words
    assert "rank" not in profile_for("postgres").reserved_words


def test_mariadb_profile_differs_from_mysql_only_in_its_names() -> None:
    """Same grammar, folding, limits and quoting; MariaDB names checks by
    column and rewrites only foreign key names on RENAME TABLE (both checked
    on MariaDB 10.11 by tests/test_mariadb_names.py), and makes a foreign key
    of a column's REFERENCES."""
    from msgspec.structs import replace

    mysql, mariadb = profile_for("mysql"), profile_for("mariadb")
    assert (mysql.checks_by_column, mariadb.checks_by_column) == (False, True)
    assert mysql.rename_rewrites == ("{table}_ibfk_", "{table}_chk_")
    assert mariadb.rename_rewrites == ("{table}_ibfk_",)
    # MariaDB's PRIMARY KEY UNIQUE column is the primary key alone
    # (tests/test_mysql_fk_index_generated.py)
    assert mariadb.inline_primary_absorbs_unique and not mysql.inline_primary_absorbs_unique
    assert mysql.primary_key_name == mariadb.primary_key_name == "PRIMARY"
    # MySQL 8 makes no foreign key of a column's REFERENCES, MariaDB does
    # (tests/test_inline_references.py)
    assert mariadb.inline_references and not mysql.inline_references
    # MariaDB's DROP CONSTRAINT of a foreign key in a copying ALTER keeps it
    # (tests/test_mariadb_copy_drop.py)
    assert mariadb.copy_keeps_foreign_keys and not mysql.copy_keeps_foreign_keys
    assert (
        replace(
            mariadb,
            name="mysql",
            checks_by_column=False,
            rename_rewrites=mysql.rename_rewrites,
            inline_primary_absorbs_unique=False,
            inline_references=False,
            copy_keeps_foreign_keys=False,
            reserved_words=mysql.reserved_words,
        )
        == mysql
    )


def test_drift_reads_files_of_the_servers_copy_as_the_server() -> None:
    """MySQL files against MariaDB are replayed as MariaDB; files of another
    copy are left out; a dialect sharing the server's profile is left alone."""
    from dbnamelint.drift import as_server_dialect
    from dbnamelint.model import Event, EventOp, Location, SourceFile

    def event(path: str, dialect: str) -> Event:
        source = SourceFile(path, dialect, None)
        return Event(EventOp.CREATE, ObjectKind.TABLE, "t", Location(path, 1, 1), source)

    events = [event("a.sql", "mysql"), event("b.sql", "postgres"), event("c.sql", "singlestore")]
    switched, others = as_server_dialect(events, "mariadb")
    assert others == ("mysql", "singlestore")
    assert [e.source.dialect for e in switched] == ["mariadb", "mariadb"]
    same, none = as_server_dialect([events[0], events[2]], "mysql")
    assert none == ()
    assert [e.source.dialect for e in same] == ["mysql", "singlestore"]
    back, from_maria = as_server_dialect([event("d.sql", "mariadb")], "mysql")
    assert (from_maria, back[0].source.dialect) == (("mariadb",), "mysql")
