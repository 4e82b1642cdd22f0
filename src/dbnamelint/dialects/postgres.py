"""PostgreSQL and the databases that fold and name as it does.

Facts: PostgreSQL manual §4.1.1 (unquoted names fold to lower case,
NAMEDATALEN-1 = 63 bytes, longer names are truncated), §5.9.2 (the
``public`` schema), ALTER TABLE/INDEX/SEQUENCE ... RENAME (every kind renames
in place), and transactional DDL.
"""

from __future__ import annotations

from msgspec.structs import replace

from dbnamelint.dialects.profile import DialectProfile, Family, Folding
from dbnamelint.dialects.reserved_words import POSTGRES as _RESERVED
from dbnamelint.dialects.reserved_words import POSTGRES_TYPE_KEYWORDS

_RENAMES = {
    "table": True,
    "column": True,
    "index": True,
    "constraint": True,
    "view": True,
    "materialized_view": True,
    "sequence": True,
    "trigger": True,
    "policy": True,
    "type": True,
    "domain": True,
    "schema": True,
    "function": True,
}

POSTGRES = DialectProfile(
    name="postgres",
    family=Family.POSTGRES,
    folding=Folding.LOWER_ASCII,
    default_schema="public",
    max_identifier=63,
    identifier_unit="bytes",
    renames=_RENAMES,
    transactional_ddl=True,
    truncates=True,
    reserved_words=_RESERVED,
    type_keywords=POSTGRES_TYPE_KEYWORDS,
    view_dependencies=True,
)

#: CockroachDB folds, quotes and names unnamed keys and indexes as PostgreSQL
#: does (``t_pkey``, ``t_a_key``, ``t_a_idx``; CockroachDB docs "CREATE
#: INDEX", "PRIMARY KEY": ``primary`` before v22.1), except that an unnamed
#: unique index is ``t_a_key`` (docs: "key indicates the index applies the
#: Unique constraint; idx indicates it does not"), but enforces no identifier
#: length and cuts no name (its ``max_identifier_length`` of 128 is reported,
#: not enforced: cockroachdb/cockroach#26433, #48443), and its files are a
#: copy of their own in pop trees (:func:`dbnamelint.dialects.profile.copy_of`).
COCKROACH = replace(
    POSTGRES,
    name="cockroach",
    copy="cockroach",
    max_identifier=0,
    truncates=False,
    unique_index_label="key",
    view_dependencies=False,  # documented as PostgreSQL's, but not checked on a server
)

#: sqlglot dialects that behave as PostgreSQL for names.
PROFILES = {
    "postgres": POSTGRES,
    "cockroach": COCKROACH,
    "materialize": POSTGRES,
    "risingwave": POSTGRES,
    "redshift": DialectProfile(
        name="redshift",
        family=Family.POSTGRES,
        folding=Folding.LOWER_ASCII,
        default_schema="public",
        max_identifier=127,
        identifier_unit="bytes",
        renames=_RENAMES,
        transactional_ddl=True,
    ),
}
