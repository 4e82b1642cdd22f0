"""One migration per database: which copy of a schema kept for several is planned.

Projects that support several databases keep one schema per dialect
(``db/postgres/*.sql`` and ``db/sqlite/*.sql``, with per-path dialects in
the config). Their copies of a table share one identity (the whitelist has
one entry for them), but each is a table in a different database, and a
rename migration is SQL for one of them. So a run plans exactly one copy:
the dialect asked for (``--dialect``), else the config's, else the one most
of the tree's files are in; the others are named so the user can run again
for them.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from dbnamelint.dialects import Family, profile_for
from dbnamelint.pipeline import Loaded
from dbnamelint.services.migrate.plan import PlanError

#: The dialect planned when a tree holds no file at all.
FALLBACK_DIALECT = "postgres"


@dataclass(frozen=True, slots=True)
class Copy:
    """The part of a tree a migration is planned on, and the copies left out."""

    dialect: str
    loaded: Loaded
    #: Dialects of the other databases the tree keeps the schema for (sorted).
    others: tuple[str, ...] = ()


def _family(dialect: str) -> Family:
    return profile_for(dialect).family


def choose_copy(loaded: Loaded, wanted: str | None, configured: str | None) -> Copy:
    """The copy to plan: ``wanted`` (``--dialect``), else ``configured``, else the tree's.

    A tree in one database family is planned whole, in ``wanted`` or
    ``configured`` if given (the generated SQL's dialect). A tree in several
    is cut to the files of the chosen family. Raises :class:`PlanError` when
    a dialect asked for has no files in a tree of several families.
    """
    counts = Counter(f.dialect for f in loaded.files)
    families = {_family(d) for d in counts}
    if len(families) <= 1:
        most = counts.most_common(1)[0][0] if counts else FALLBACK_DIALECT
        return Copy(wanted or configured or most, loaded)
    dialect = wanted or configured or counts.most_common(1)[0][0]
    family = _family(dialect)
    if family not in families:
        origin = "--dialect" if wanted else "the config's dialect"
        kept = ", ".join(sorted(counts))
        raise PlanError(
            f"{origin} {dialect!r}: the tree keeps its schema for {kept} only; "
            f"choose one with --dialect"
        )
    files = tuple(f for f in loaded.files if _family(f.dialect) is family)
    chosen = replace(
        loaded,
        files=files,
        events=tuple(e for e in loaded.events if _family(e.source.dialect) is family),
        schema=replace(
            loaded.schema,
            objects=tuple(o for o in loaded.schema.objects if _family(o.source.dialect) is family),
            files=tuple(f for f in loaded.schema.files if _family(f.dialect) is family),
        ),
    )
    others = tuple(sorted({d for d in counts if _family(d) is not family}))
    return Copy(dialect, chosen, others)
