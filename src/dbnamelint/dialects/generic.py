"""Dialects known only by name (sqlglot's warehouses and engines).

Their catalogs are compared without case so replay never invents a
"not created in the files" note; BigQuery compares table names exactly.
Nothing is assumed about length limits or default schemas.
"""

from __future__ import annotations

from dbnamelint.dialects.profile import DialectProfile, Family, Folding
from dbnamelint.dialects.reserved_words import POSTGRES as _SQL_CORE


def generic_profile(name: str) -> DialectProfile:
    """The profile of a dialect with no family of its own."""
    return DialectProfile(
        name=name,
        family=Family.GENERIC,
        folding=Folding.PRESERVE_CI,
        default_schema=None,
        quote_open="`" if name in _BACKTICK else '"',
        quote_close="`" if name in _BACKTICK else '"',
        session_schema=True,
        reserved_words=_SQL_CORE,
    )


_BACKTICK = frozenset({"bigquery", "hive", "spark", "spark2", "databricks", "clickhouse"})

PROFILES = {
    "bigquery": DialectProfile(
        name="bigquery",
        family=Family.GENERIC,
        folding=Folding.EXACT,
        default_schema=None,
        max_identifier=1024,
        quote_open="`",
        quote_close="`",
        session_schema=True,
        reserved_words=_SQL_CORE,
    ),
}
