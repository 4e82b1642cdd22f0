"""One :class:`DialectProfile` per database family: every dialect fact in one place.

A profile answers, for one database, what every layer needs to know about
names: how the catalog folds an identifier (PostgreSQL lower-cases unquoted
ASCII letters, Oracle and Snowflake upper-case them, MySQL/SQLite/T-SQL keep
the spelling and compare without case), which schema an unqualified name
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
from dataclasses import dataclass, field
from enum import Enum


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


@dataclass(frozen=True, slots=True)
class DialectProfile:
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

    def fold(self, name: str, quoted: bool) -> str:
        """The name as the catalog stores it (``quoted``: written in quotes)."""
        if quoted or self.folding in (Folding.PRESERVE_CI, Folding.EXACT):
            return name
        if self.folding is Folding.LOWER_ASCII:
            # str.lower() is ASCII folding on ASCII text and ~10x faster than
            # translate(); replay and identity fold every name several times.
            return name.lower() if name.isascii() else name.translate(_ASCII_LOWER)
        return name.upper()

    def key(self, name: str, quoted: bool) -> str:
        """The name as the catalog compares it: equal keys, same object."""
        if self.folding is Folding.PRESERVE_CI:
            return name.casefold()
        return self.fold(name, quoted)

    def quote(self, name: str) -> str:
        """``name`` as a quoted identifier, safe to paste into generated SQL."""
        escaped = name.replace(self.quote_close, self.quote_close * 2)
        return f"{self.quote_open}{escaped}{self.quote_close}"

    def identifier_size(self, name: str) -> int:
        """Length of ``name`` in this dialect's unit."""
        return len(name.encode()) if self.identifier_unit == "bytes" else len(name)


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


def profile_for(dialect: str | None) -> DialectProfile:
    """The profile of a sqlglot dialect name (an unknown name gets the generic profile).

    ``None`` or ``""`` means PostgreSQL, the default dialect of files.
    """
    if not _PROFILES:
        _PROFILES.update(_loader())
    key = (dialect or "postgres").lower()
    profile = _PROFILES.get(key)
    if profile is None:
        from dbnamelint.dialects.generic import generic_profile

        profile = _PROFILES[key] = generic_profile(key)
    return profile
