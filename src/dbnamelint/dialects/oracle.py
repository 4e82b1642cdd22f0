"""Oracle and the other databases that fold unquoted names to upper case.

Facts: Oracle "Database Object Names and Qualifiers" (unquoted names are
stored in upper case, 128 bytes from 12.2), Snowflake "Identifier
requirements" (upper case, 255 characters), Db2, Exasol and Teradata fold
to upper case too. The default schema is the connected user's, so none is
assumed. Oracle DDL commits implicitly.
"""

from __future__ import annotations

from dbnamelint.dialects.profile import DialectProfile, Family, Folding
from dbnamelint.dialects.reserved_words import POSTGRES as _SQL_CORE


def _upper(name: str, limit: int) -> DialectProfile:
    return DialectProfile(
        name=name,
        family=Family.ORACLE,
        folding=Folding.UPPER,
        default_schema=None,
        max_identifier=limit,
        renames={"table": True, "column": True, "index": True, "constraint": True},
        transactional_ddl=False,
        # Oracle's own SYS_C0012345 names carry a number from a global
        # sequence that no file can predict; PostgreSQL-style names stand in.
        lexical=Family.ORACLE if name == "oracle" else Family.POSTGRES,
        session_schema=True,
        reserved_words=_SQL_CORE,
    )


PROFILES = {
    "oracle": _upper("oracle", 128),
    "snowflake": _upper("snowflake", 255),
    "db2": _upper("db2", 128),
    "exasol": _upper("exasol", 128),
    "teradata": _upper("teradata", 128),
}
