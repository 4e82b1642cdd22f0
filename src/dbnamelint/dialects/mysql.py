"""MySQL, MariaDB and the engines that speak their DDL (SingleStore, Doris, StarRocks).

Facts: MySQL manual §11.2 (64-character identifiers, backtick quoting),
§11.2.3 (with ``lower_case_table_names=0``, the Linux default, database,
table, view and trigger names compare exactly, column, index, constraint and
routine names without case; MariaDB's sequences are tables; each checked on
MariaDB 10.11 by tests/test_reader_trial6.py),
§15.1.9 ALTER TABLE (RENAME INDEX from 5.7; a foreign key cannot be renamed,
only dropped and re-added), §15.1.20 CREATE TABLE (every primary key is
named PRIMARY, whatever CONSTRAINT name is written), §15.3.3 (DDL commits implicitly: no rollback).
MySQL has no schema inside a database, so there is no default schema.

MariaDB has a profile of its own for the names it chooses otherwise, each
checked on MariaDB 10.11 (tests/test_mariadb_names.py): an unnamed CHECK is
named after its column when written in the column's definition, else
``CONSTRAINT_<n>``; RENAME TABLE rewrites ``<table>_ibfk_<n>`` foreign key
names but no check name (MySQL 8 also rewrites ``<table>_chk_<n>``, manual
§15.1.36); ``PRIMARY KEY UNIQUE`` in one column's definition is the primary
key alone; ``REFERENCES`` in a column's definition makes a foreign key
(from 10.5, MDEV-20729), where MySQL 8.0 and 8.4 make nothing (their manual,
CREATE TABLE: it "parses but ignores 'inline REFERENCES specifications'";
MySQL 9.0.0 makes them, bug #102904): the ``mysql`` profile is MySQL 8's.
Its reserved words are its own (``rank`` is a name there).
"""

from __future__ import annotations

from msgspec.structs import replace

from dbnamelint.dialects.profile import DialectProfile, Family, Folding
from dbnamelint.dialects.reserved_words import MARIADB as _MARIADB_RESERVED
from dbnamelint.dialects.reserved_words import MYSQL as _RESERVED

#: Implicit names the server rewrites itself on RENAME TABLE ({table}: the old
#: name): InnoDB's generated foreign key names and MySQL 8's check names
#: (manual §15.1.36 RENAME TABLE; the first checked on MariaDB 10.11 by
#: tests/test_migrate_units.py).
TABLE_RENAME_REWRITES = ("{table}_ibfk_", "{table}_chk_")

#: Kinds whose names compare exactly with ``lower_case_table_names=0``
#: (manual §11.2.3: "database, table, and trigger names"; views and MariaDB's
#: sequences are tables). Servers set to 1 or 2 (Windows, macOS) compare
#: them without case: README "Names as the database stores them".
EXACT_KINDS = frozenset({"schema", "table", "view", "sequence", "trigger"})

MYSQL = DialectProfile(
    name="mysql",
    family=Family.MYSQL,
    folding=Folding.PRESERVE_CI,
    default_schema=None,
    max_identifier=64,
    quote_open="`",
    quote_close="`",
    renames={
        "table": True,
        "column": True,
        "index": True,
        "constraint": False,  # foreign keys/checks: drop and re-add
        "view": True,
        "trigger": False,
    },
    transactional_ddl=False,
    implicit_names=Family.MYSQL,
    lexical=Family.MYSQL,
    reserved_words=_RESERVED,
    rename_rewrites=TABLE_RENAME_REWRITES,
    primary_key_name="PRIMARY",
    unique_index_is_constraint=True,
    exact_kinds=EXACT_KINDS,
    inline_references=False,
    procedures_apart=True,
)

MARIADB = replace(
    MYSQL,
    name="mariadb",
    checks_by_column=True,
    inline_primary_absorbs_unique=True,
    copy_keeps_foreign_keys=True,
    inline_references=True,
    reserved_words=_MARIADB_RESERVED,
    rename_rewrites=("{table}_ibfk_",),
)

PROFILES = {
    "mysql": MYSQL,
    "mariadb": MARIADB,
    "singlestore": MYSQL,
    "doris": MYSQL,
    "starrocks": MYSQL,
}
