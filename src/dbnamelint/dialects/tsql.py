"""SQL Server and Fabric (T-SQL).

Facts: "Database Identifiers" (128 characters, ``[...]`` delimiters with
``]]`` escaping), ``dbo`` as the default schema, ``sp_rename`` for tables,
columns, indexes and constraints, and transactional DDL. Case sensitivity
follows the collation; the default collations compare without case.
"""

from __future__ import annotations

from dbnamelint.dialects.profile import DialectProfile, Family, Folding
from dbnamelint.dialects.reserved_words import TSQL as _RESERVED

TSQL = DialectProfile(
    name="tsql",
    family=Family.TSQL,
    folding=Folding.PRESERVE_CI,
    default_schema="dbo",
    max_identifier=128,
    quote_open="[",
    quote_close="]",
    renames={"table": True, "column": True, "index": True, "constraint": True, "view": True},
    transactional_ddl=True,
    implicit_names=Family.TSQL,
    lexical=Family.TSQL,
    reserved_words=_RESERVED,
)

PROFILES = {"tsql": TSQL, "fabric": TSQL}
