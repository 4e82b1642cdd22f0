"""One :class:`DialectProfile` per database family: every dialect fact in one place.

A profile answers, for one database, what every layer needs to know about
names: how the catalog folds an identifier (PostgreSQL lower-cases unquoted
ASCII letters, Oracle and Snowflake upper-case them, MySQL/SQLite/T-SQL keep
the spelling and compare without case, except MySQL's table-like names,
compared exactly: :attr:`DialectProfile.exact_kinds`), which schema an unqualified name
lands in, how long an identifier may be, and how to quote one. The profiles
themselves live in one module per family (``postgres``, ``mysql``, ...);
:func:`profile_for` maps any sqlglot dialect name to its profile.

Sources: PostgreSQL manual §4.1.1 "Identifiers and Key Words" (folding,
NAMEDATALEN); MySQL manual §11.2 "Schema Object Names" and §11.2.3
"Identifier Case Sensitivity"; SQLite "SQL Language Keywords" (quoting);
SQL Server "Database Identifiers"; Oracle "Database Object Names and
Qualifiers".
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from msgspec import Struct, field


class Family(str, Enum):
    """Which database's naming behaviour a dialect follows."""

    POSTGRES = "postgres"
    MYSQL = "mysql"
    SQLITE = "sqlite"
    TSQL = "tsql"
    ORACLE = "oracle"  # upper-folding databases: Oracle, Snowflake, Db2, Exasol, Teradata
    GENERIC = "generic"  # dialects we know only by name


class Folding(str, Enum):
    """How the catalog stores and compares an unquoted identifier."""

    LOWER_ASCII = "lower_ascii"  # PostgreSQL: A-Z -> a-z, quoted names exact
    UPPER = "upper"  # Oracle/Snowflake: unquoted names upper-cased, quoted exact
    PRESERVE_CI = "preserve_ci"  # MySQL/SQLite/T-SQL: stored as written, compared without case
    EXACT = "exact"  # BigQuery tables: stored and compared exactly


# The members fold and key test, read once: on Python 3.11 reading
# ``Folding.UPPER`` goes through ``EnumType.__getattr__``'s slow path (about
# five times a global's cost; 3.12 removed it), and replay folds every name.
_LOWER_ASCII, _UPPER, _PRESERVE_CI = Folding.LOWER_ASCII, Folding.UPPER, Folding.PRESERVE_CI


class DialectProfile(Struct, frozen=True):
    """Everything dbnamelint knows about one database family.

    ``max_identifier`` is in ``identifier_unit`` ("bytes" for PostgreSQL,
    which truncates silently, "characters" elsewhere); 0 means unknown.
    ``quote_open``/``quote_close`` delimit a quoted identifier; a closing
    quote inside a name is doubled (every supported family escapes that way).
    """

    name: str  # canonical sqlglot dialect name of the family's main database
    family: Family
    folding: Folding
    default_schema: str | None
    max_identifier: int = 0
    identifier_unit: str = "characters"
    quote_open: str = '"'
    quote_close: str = '"'
    #: Whether DDL can rename each kind in place (kind value -> True/False).
    renames: dict[str, bool] = field(default_factory=dict)
    #: Whether DDL runs inside a transaction that can roll it back.
    transactional_ddl: bool = False
    #: Whose algorithm names an unnamed constraint or index (PostgreSQL
    #: ``t_pkey``, MySQL ``PRIMARY``/``t_ibfk_1``, SQLite autoindexes, T-SQL
    #: ``PK__t``); families we know no rule for get PostgreSQL's.
    implicit_names: Family = Family.POSTGRES
    #: MariaDB: an unnamed CHECK written in a column's definition is named
    #: after the column, one at table level ``CONSTRAINT_<n>`` (the first
    #: number free among the table's checks), where MySQL 8 names both
    #: ``<table>_chk_<n>``.
    checks_by_column: bool = False
    #: MariaDB: ``PRIMARY KEY`` and ``UNIQUE`` in one column's definition make
    #: the primary key only (``k int PRIMARY KEY UNIQUE``; checked on MariaDB
    #: 10.11); written at table level, both keys exist.
    inline_primary_absorbs_unique: bool = False
    #: Whether ``REFERENCES t (c)`` in a column's definition makes a foreign
    #: key, as in PostgreSQL, SQLite, SQL Server and MariaDB from 10.5
    #: (MDEV-20729; checked on 10.11). MySQL 8.0 and 8.4 "parse but ignore
    #: inline REFERENCES specifications" (their manual, CREATE TABLE); 9.0.0
    #: makes the key (bug #102904).
    inline_references: bool = True
    #: MariaDB: ``ALTER TABLE t DROP CONSTRAINT fk`` of a foreign key does
    #: nothing when the statement runs with ``ALGORITHM=COPY`` (written so,
    #: or forced by an ``ADD ... FOREIGN KEY`` while ``foreign_key_checks``
    #: is on); ``DROP FOREIGN KEY fk`` drops it, and so does ``DROP
    #: CONSTRAINT`` of a CHECK or UNIQUE key (checked on MariaDB 10.11).
    copy_keeps_foreign_keys: bool = False
    #: MySQL/MariaDB: a unique index is the table's UNIQUE constraint, however
    #: written (``CREATE UNIQUE INDEX u ON t (a)``, ``UNIQUE KEY u (a)``,
    #: ``CONSTRAINT u UNIQUE (a)``): information_schema.TABLE_CONSTRAINTS
    #: lists each as UNIQUE and SHOW INDEX each as an index (checked on
    #: MariaDB 10.11), so the model keeps every spelling as the constraint.
    unique_index_is_constraint: bool = False
    #: The one name every primary key has, which DDL can neither choose nor
    #: change (MySQL/MariaDB: ``PRIMARY``); None where keys are named.
    primary_key_name: str | None = None
    #: Prefixes of names the database rewrites itself when a table is renamed
    #: (``{table}``: the old name; the rest of the name is kept).
    rename_rewrites: tuple[str, ...] = ()
    #: Whose quoting, comment and delimiter rules split a file into statements
    #: (``$$`` bodies, backticks and ``DELIMITER``, ``[...]`` and ``GO``).
    lexical: Family = Family.POSTGRES
    #: Whether a longer identifier is silently cut to ``max_identifier``
    #: (PostgreSQL truncates with a NOTICE; the others reject the statement).
    truncates: bool = False
    #: Whether the default schema is the session user's, so an unqualified
    #: name may stand for an object in any schema (Oracle, warehouses).
    session_schema: bool = False
    #: Words that cannot be used as a bare identifier (lower case).
    reserved_words: frozenset[str] = frozenset()
    #: Which copy of a schema kept for several databases the dialect's files
    #: are (``None``: the family's). A family's dialects share one copy
    #: (MySQL files run on MariaDB), except where the tools keep a separate
    #: one: pop runs ``x.cockroach.up.sql`` on CockroachDB only, beside
    #: ``x.postgres.up.sql`` for PostgreSQL. See :func:`copy_of`.
    copy: str | None = None
    #: The last word of an unnamed unique index's name where it follows
    #: PostgreSQL's ``<table>_<cols>_<label>`` (CockroachDB: ``key``).
    unique_index_label: str = "idx"
    #: Words a bare column name may be but a bare type name may not: the
    #: grammar reads them as its own types or constructs (``bigint``), so a
    #: domain or type renamed to one is out of reach unquoted (lower case).
    type_keywords: frozenset[str] = frozenset()
    #: Kinds (``ObjectKind`` values) whose names the catalog compares exactly
    #: even though the family compares other names without case: MySQL and
    #: MariaDB with ``lower_case_table_names=0`` (the Linux default) keep
    #: databases, tables, views, sequences and triggers apart by case
    #: (`order`, `Order` and `ORDER` are three tables), while columns,
    #: indexes, constraints and routines compare without case (MySQL manual
    #: §11.2.3; each checked on MariaDB 10.11, tests/test_reader_trial6.py).
    exact_kinds: frozenset[str] = frozenset()
    #: Whether the catalog records what each view reads (PostgreSQL's
    #: pg_depend), so a DROP without CASCADE of a table or view another view
    #: reads is refused ("cannot drop view v because other objects depend on
    #: it") and CASCADE drops those views too. MySQL/MariaDB and SQLite keep a
    #: view as text: the DROP is taken and the view fails on every use
    #: (MariaDB: CASCADE is parsed and does nothing; SQLite has no CASCADE).
    #: Checked on PostgreSQL 15, MariaDB 10.11 and SQLite 3.40
    #: (tests/test_replay_view_drops.py).
    view_dependencies: bool = False
    #: Whether a function and a procedure of the same name are two objects:
    #: MySQL and MariaDB keep them in separate namespaces (``CREATE FUNCTION
    #: f`` and ``CREATE PROCEDURE f`` both succeed; ``DROP PROCEDURE f``
    #: leaves the function; information_schema.ROUTINES tells them apart by
    #: ROUTINE_TYPE). PostgreSQL refuses "a procedure and a function with the
    #: same name and argument types" (manual, CREATE PROCEDURE): one name.
    #: Checked on MariaDB 10.11 and PostgreSQL 15 (tests/test_routine_namespaces.py).
    procedures_apart: bool = False

    def fold(self, name: str, quoted: bool) -> str:
        """The name as the catalog stores it (``quoted``: written in quotes)."""
        if not quoted and self.folding is _LOWER_ASCII:
            # str.lower() is ASCII folding on ASCII text and ~10x faster than
            # translate(); replay and identity fold every name several times.
            return name.lower() if name.isascii() else name.translate(_ASCII_LOWER)
        if not quoted and self.folding is _UPPER:
            return name.upper()
        return name

    def key(self, name: str, quoted: bool, kind: str | None = None) -> str:
        """The name as the catalog compares it: equal keys, same object.

        ``kind`` is the object's ``ObjectKind`` value (``"table"``...) where
        the family compares some kinds exactly (:attr:`exact_kinds`); None
        means a name compared like a column's.
        Where longer names are cut (``truncates``), two names equal in their
        first ``max_identifier`` bytes are the same object, so keys are cut too.
        """
        # :meth:`fold` and :meth:`clip` written out: identity computes keys
        # for every object several times a run, and the calls were most of it.
        folding = self.folding
        if folding is _PRESERVE_CI:
            if kind is not None and kind in self.exact_kinds:
                return name
            return name.casefold()
        ascii_only = name.isascii()
        if not quoted:
            if folding is _LOWER_ASCII:
                name = name.lower() if ascii_only else name.translate(_ASCII_LOWER)
            elif folding is _UPPER:
                name = name.upper()
                ascii_only = name.isascii()
        if not self.truncates:
            return name
        if ascii_only:
            return name[: self.max_identifier]
        return clip_bytes(name, self.max_identifier)

    def quote(self, name: str) -> str:
        """``name`` as a quoted identifier, safe to paste into generated SQL."""
        escaped = name.replace(self.quote_close, self.quote_close * 2)
        return f"{self.quote_open}{escaped}{self.quote_close}"

    def clip(self, name: str) -> str:
        """``name`` cut to ``max_identifier`` bytes, never mid-character.

        This is PostgreSQL's ``pg_mbcliplen``: identifiers are measured in
        bytes, so a name of accented letters is cut sooner than an ASCII one.
        """
        return clip_bytes(name, self.max_identifier)

    def identifier_size(self, name: str) -> int:
        """Length of ``name`` in this dialect's unit."""
        return len(name.encode()) if self.identifier_unit == "bytes" else len(name)

    @property
    def copy_name(self) -> str:
        """The copy of a several-database tree this dialect's files belong to
        (:attr:`copy`, else the family's): see :func:`copy_of`."""
        return self.copy or self.family.value


def copy_of(dialect: str | None) -> str:
    """The copy of a several-database tree ``dialect``'s files belong to.

    ``mysql`` and ``mariadb`` -> ``mysql``; ``postgres`` -> ``postgres``;
    ``cockroach`` -> ``cockroach``. Files of two copies are two schemas
    (their own replay, their own migration); files of one copy are one.
    """
    return profile_for(dialect).copy_name


def clip_bytes(name: str, max_bytes: int) -> str:
    """``name`` cut to at most ``max_bytes`` UTF-8 bytes, never mid-character."""
    if name.isascii():  # one byte per character: no need to encode
        return name[:max_bytes]
    raw = name.encode()
    if len(raw) <= max_bytes:
        return name
    return raw[:max_bytes].decode("utf-8", errors="ignore")


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _registry() -> dict[str, DialectProfile]:
    from dbnamelint.dialects import generic, mysql, oracle, postgres, sqlite, tsql

    out: dict[str, DialectProfile] = {}
    for module in (postgres, mysql, sqlite, tsql, oracle, generic):
        for dialect, profile in module.PROFILES.items():
            out[dialect] = profile
    return out


_PROFILES: dict[str, DialectProfile] = {}
_loader: Callable[[], dict[str, DialectProfile]] = _registry
#: profile_for's answer per argument as given: called for every object
#: several times a run, with a handful of distinct names.
_ANSWERS: dict[str | None, DialectProfile] = {}


def profile_for(dialect: str | None) -> DialectProfile:
    """The profile of a sqlglot dialect name (an unknown name gets the generic profile).

    ``None`` or ``""`` means PostgreSQL, the default dialect of files.
    """
    answer = _ANSWERS.get(dialect)
    if answer is None:
        answer = _ANSWERS[dialect] = _lookup(dialect)
    return answer


def _lookup(dialect: str | None) -> DialectProfile:
    if not _PROFILES:
        _PROFILES.update(_loader())
    key = (dialect or "postgres").lower()
    profile = _PROFILES.get(key)
    if profile is None:
        from dbnamelint.dialects.names import ALIASES

        profile = _PROFILES.get(ALIASES.get(key, key))
    if profile is None:
        from dbnamelint.dialects.generic import generic_profile

        profile = _PROFILES[key] = generic_profile(key)
    return profile
