"""A column's type in one spelling, so a file's and a catalog's can be compared.

Files write ``int``, ``serial`` or ``VARCHAR(20)``; PostgreSQL's catalog
(``format_type``) says ``integer`` and ``character varying(20)``, MySQL's
``COLUMN_TYPE`` says ``int(11)`` on 5.7/MariaDB. :func:`canonical_type`
maps both to one spelling per family (PostgreSQL manual 8.1 "Numeric
Types" and table 8.1 for the aliases; MySQL manual 11.1.1 for the
integer display width, which is no part of the type). A type it does not
know is compared as written (lowered, spaces collapsed): two spellings of
one unknown type then differ, which only costs a pairing, never a wrong one.
"""

from __future__ import annotations

import re
from types import MappingProxyType

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.dialects import Family, profile_for

#: PostgreSQL aliases -> the name ``format_type`` prints.
POSTGRES_ALIASES = _POSTGRES = MappingProxyType(
    {
        "int": "integer",
        "int4": "integer",
        "serial": "integer",
        "serial4": "integer",
        "int8": "bigint",
        "bigserial": "bigint",
        "serial8": "bigint",
        "int2": "smallint",
        "smallserial": "smallint",
        "serial2": "smallint",
        "bool": "boolean",
        "float8": "double precision",
        "float": "double precision",
        "float4": "real",
        "decimal": "numeric",
        "varchar": "character varying",
        "char": "character",
        "bpchar": "character",
        "timestamp": "timestamp without time zone",
        "timestamptz": "timestamp with time zone",
        "time": "time without time zone",
        "timetz": "time with time zone",
    }
)

#: MySQL/MariaDB aliases -> the name ``COLUMN_TYPE`` prints.
_MYSQL = MappingProxyType(
    {
        "integer": "int",
        "bool": "tinyint(1)",
        "boolean": "tinyint(1)",
        "dec": "decimal",
        "numeric": "decimal",
        "character varying": "varchar",
        "character": "char",
        "real": "double",
        "double precision": "double",
    }
)

_MYSQL_INTEGERS = lazy_compile(r"^(tinyint|smallint|mediumint|int|bigint)\(\d+\)")
_HEAD = lazy_compile(r"^([a-z_][a-z0-9_ ]*?)\s*(\(.*)?$")


def canonical_type(data_type: str | None, dialect: str) -> str | None:
    """``data_type`` as ``dialect``'s catalog spells it (None stays None)."""
    if data_type is None:
        return None
    text = " ".join(data_type.lower().replace('"', "").split())
    text = re.sub(r"\s*\(\s*", "(", re.sub(r"\s*\)", ")", re.sub(r"\s*,\s*", ",", text)))
    family = profile_for(dialect).family
    if family is Family.MYSQL:
        if text.startswith("tinyint(1)"):
            return text
        text = _MYSQL_INTEGERS.sub(r"\1", text)
        aliases = _MYSQL
    elif family is Family.POSTGRES:
        aliases = _POSTGRES
    else:
        return text
    head = _HEAD.match(text)
    if head is None:
        return text
    name, rest = head.group(1), head.group(2) or ""
    if family is Family.POSTGRES and rest and name in ("timestamp", "time", "timestamptz"):
        # timestamp(3) [with time zone] prints as timestamp(3) without/with time zone
        precision, _, zone = rest.partition(")")
        zone = zone.strip() or ("with time zone" if name == "timestamptz" else "")
        base = "timestamp" if name.startswith("timestamp") else "time"
        return f"{base}{precision}) {zone or 'without time zone'}"
    return aliases.get(name, name) + rest
