"""A routine's signature and body as both the files and a catalog can spell them.

PostgreSQL tells overloads apart by their input arguments' types only
(``IN``, ``INOUT``, ``VARIADIC``; not ``OUT``, not names, defaults or type
modifiers: manual, CREATE FUNCTION, "Overloading"), and keeps a body written
as a string (``AS $$...$$``, ``AS '...'``) as that string's text in
``pg_proc.prosrc``. :func:`argument_type` spells a type one way for both
(``int``, ``int4`` and ``integer`` alike, as ``format_type`` prints it);
:func:`body_digest` stands for a body, so the model holds no routine text.
"""

from __future__ import annotations

import hashlib

from dbnamelint.column_types import POSTGRES_ALIASES
from dbnamelint.dialects import Family, profile_for

#: The schemas an unqualified type name is found in first (pg_catalog, then
#: the default search path's public): written or not, the same type.
_QUALIFIERS = ("pg_catalog.", "public.")


def argument_type(text: str, dialect: str) -> str:
    """One argument's type (``varchar(20)[]``, ``"App".mood``, ``integer``) as
    PostgreSQL's signature has it: modifiers dropped, aliases resolved as
    ``format_type`` prints them (:data:`~dbnamelint.column_types.POSTGRES_ALIASES`),
    arrays kept (as one dimension); lower case, quotes dropped (other dialects: that alone).
    String methods, not regular expressions: compiling those cost a run that
    reads one routine more than reading it."""
    base, array = " ".join(text.replace('"', "").lower().split()), False
    while True:
        if base.endswith("]") and "[" in base:
            base, array = base[: base.rindex("[")].rstrip(), True
        elif base.endswith(" array"):
            base, array = base[: -len(" array")].rstrip(), True
        else:
            break
    while (start := base.find("(")) >= 0 and (end := base.find(")", start)) >= 0:
        base = base[:start] + base[end + 1 :]
    base = " ".join(base.split())
    for qualifier in _QUALIFIERS:
        if base.startswith(qualifier):
            base = base[len(qualifier) :]
    if profile_for(dialect).family is Family.POSTGRES:
        base = POSTGRES_ALIASES.get(base, base)
    # One array type whatever the dimensions written (``int8[][]`` is
    # ``bigint[]``: PostgreSQL does not enforce them).
    return base + "[]" if array else base


def body_digest(body: str) -> str:
    """A short digest of a routine's body text, exactly as stored."""
    return hashlib.blake2b(body.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


def definition(arguments: tuple[str, ...] | None, body: str | None) -> str | None:
    """How many input arguments a routine takes and its body's digest, in one
    value (``2:5f0c...``); None when either is unknown."""
    if arguments is None or body is None:
        return None
    return f"{len(arguments)}:{body}"
