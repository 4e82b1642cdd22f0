"""SQLite.

Facts: "SQL As Understood By SQLite" — ALTER TABLE (RENAME TO and RENAME
COLUMN only: an index cannot be renamed, it is dropped and re-created;
``sqlite_autoindex_*`` indexes cannot be renamed at all), "SQLite Keywords"
(double-quoted identifiers), no length limit, ``main`` as the default
schema, and transactional DDL.
"""

from __future__ import annotations

from dbnamelint.dialects.profile import DialectProfile, Family, Folding
from dbnamelint.dialects.reserved_words import SQLITE as _RESERVED

#: Implicit names SQLite rewrites itself on ALTER TABLE ... RENAME ({table}:
#: the old name): its autoindexes follow the table.
TABLE_RENAME_REWRITES = ("sqlite_autoindex_{table}_",)

SQLITE = DialectProfile(
    name="sqlite",
    family=Family.SQLITE,
    folding=Folding.PRESERVE_CI,
    default_schema="main",
    max_identifier=0,
    renames={"table": True, "column": True, "index": False, "constraint": False},
    transactional_ddl=True,
    implicit_names=Family.SQLITE,
    lexical=Family.SQLITE,
    reserved_words=_RESERVED,
    rename_rewrites=TABLE_RENAME_REWRITES,
)

PROFILES = {"sqlite": SQLITE}
