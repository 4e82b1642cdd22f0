"""Code that runs on a database whose copy of the schema still has the old name.

A project kept for several databases renames each copy with its own
migration. Code no database's name claims (OpenFGA's
``pkg/storage/sqlcommon/sqlcommon.go``, called by the MySQL, PostgreSQL and
SQLite backends alike) runs on every one of them: patched to ``stores``
once only the PostgreSQL copy renamed ``store``, it reads a table the MySQL
and SQLite databases do not have (trial s13 openfga #2). So ``impact
--diff`` leaves a reference to an object the schema renamed unpatched, with
a note, while a copy of another database family still has the old name
and the file is shared (its path names no database, see
:func:`~dbnamelint.impact.otherdb.database_of`) or is that database's own
code. Once every copy is renamed, the patch rewrites it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from dbnamelint.dialects import copy_of
from dbnamelint.impact.otherdb import database_family, database_of
from dbnamelint.impact.result import used_name
from dbnamelint.impact.scan import Reference
from dbnamelint.impact.targets import Target
from dbnamelint.model import Schema

#: (kind, current name case-folded) -> (owning table case-folded or "", copy) per
#: object. A copy is :func:`~dbnamelint.dialects.copy_of` its dialect: a
#: CockroachDB copy beside a PostgreSQL one is a copy of its own (its own
#: migration, ``migrate --dialect cockroach``), although one family.
Holders = Mapping[tuple[str, str], tuple[tuple[str, str], ...]]


def current_names(schema: Schema) -> Holders:
    """Who holds each name now, per copy; empty for a schema of one copy
    (nothing else can still have an old name)."""
    copies = {copy_of(o.source.dialect) for o in schema.objects}
    if len(copies) < 2:
        return {}
    out: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for obj in schema.objects:
        key = (obj.kind.value, obj.name.casefold())
        holder = ((obj.table or "").casefold(), copy_of(obj.source.dialect))
        out.setdefault(key, set()).add(holder)
    return {k: tuple(sorted(v)) for k, v in out.items()}


def holding(target: Target, name: str, holders: Holders) -> tuple[str, ...]:
    """The copies (:data:`Holders`) that have ``target``'s kind of object named
    ``name`` now (on one of its tables, for a column or index), sorted."""
    tables = {t.casefold() for t in target.tables}
    found = holders.get((target.kind, name.casefold()), ())
    return tuple(sorted({fam for table, fam in found if not tables or table in tables}))


def still_old(ref: Reference, holders: Holders) -> tuple[str, ...]:
    """The copies that still have the old name ``ref`` uses
    and on which its file runs (all of them for shared code, its own for a
    file named for one); empty when renaming the place breaks no copy."""
    if not ref.target.renamed or not holders:
        return ()
    copies = holding(ref.target, used_name(ref), holders)
    if not copies:
        return ()
    own = database_of(ref.path)  # a family: a cockroachdb/ file is PostgreSQL's
    if own is None:
        return tuple(copies)
    return tuple(c for c in copies if database_family(c) == own)


def split_unsafe(
    references: Iterable[Reference], holders: Holders
) -> tuple[list[Reference], list[tuple[Reference, tuple[str, ...]]]]:
    """``references`` the patch may rewrite, and those it must leave with the
    copies that still have their old name."""
    kept: list[Reference] = []
    left: list[tuple[Reference, tuple[str, ...]]] = []
    for ref in references:
        copies = still_old(ref, holders)
        if copies:
            left.append((ref, copies))
        else:
            kept.append(ref)
    return kept, left


def unsafe_note(left: Sequence[tuple[Reference, tuple[str, ...]]], shown: str) -> str:
    """The ``--diff`` note for places left unpatched (``shown``: their list)."""
    copies = sorted({c for _ref, cs in left for c in cs})
    names = ", ".join(sorted({f"{r.target.kind} {used_name(r)}" for r, _cs in left}))
    again = " and ".join(f"`dbnamelint migrate --dialect {c}`" for c in copies)
    one = len(copies) == 1
    return (
        f"not patched: {shown}: code that runs on {' and '.join(copies)} too, whose "
        f"cop{'y' if one else 'ies'} of the schema still {'has' if one else 'have'} {names}; "
        f"patched, it would name what {'that database does' if one else 'those databases do'} "
        f"not have: rename {'that copy' if one else 'those copies'} first ({again}), "
        "then patch it"
    )
