"""One object kept for several databases is one object of the impact report.

A schema kept for two databases (``db/postgres`` and ``db/sqlite``, a
per-path dialect each) models each copy of a table, so the search has one
target per copy: ``store -> stores`` twice, every place naming "1 other
object", the old name listed twice as not referenced (trial s11 #4). The
copies are one set of objects (README, "One schema kept for several
databases"): one entry here too, with the places either copy's reading found.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from msgspec.structs import replace

from dbnamelint.dialects import copy_of, profile_for
from dbnamelint.impact.classify import HIGH
from dbnamelint.impact.result import ObjectImpact
from dbnamelint.impact.scan import Reference
from dbnamelint.impact.targets import Target


def _identity(t: Target) -> tuple[object, ...]:
    """What copies of one object share: everything but the dialect's own
    spelling of it (its schema, its folding of the stored names)."""
    return (
        t.kind,
        t.name,
        t.old_names,
        t.target,
        t.phase,
        t.renamed,
        t.stale_entry,
        t.dependent,
        t.tables,
    )


def merge_copies(
    objects: Sequence[ObjectImpact],
    dialect: str | None,
    families: Callable[[str], frozenset[str] | None] | None = None,
) -> tuple[ObjectImpact, ...]:
    """``objects`` with the copies of one object made one, in first-seen order.

    The merged object is the copy of the configured ``dialect`` (else the
    first); a place either copy names is one reference, at the higher
    confidence the copies gave it. ``families`` (:func:`~dbnamelint.impact.
    codedialect.code_families`) tells which databases run a file: a place's
    statement the compatibility view refuses is judged by the copies of those
    databases (a SQLite module's upsert by SQLite's; another database's module
    not by this object's copies), and by the merged copy where nothing tells.
    Each object keeps its copies' families (``dialects``).
    """
    groups: dict[tuple[object, ...], list[ObjectImpact]] = {}
    for obj in objects:
        groups.setdefault(_identity(obj.target), []).append(obj)
    out: list[ObjectImpact] = []
    for group in groups.values():
        chosen = next((o for o in group if o.target.dialect == dialect), group[0])
        best: dict[tuple[str, int, int], Reference] = {}
        judged: dict[tuple[str, int, int], dict[str, str]] = {}
        for obj in [chosen, *(o for o in group if o is not chosen)]:
            family = _family(obj.target.dialect)
            for ref in obj.references:
                place = (ref.path, ref.line, ref.column)
                judged.setdefault(place, {}).setdefault(family, ref.refused)
                if place not in best or (ref.confidence == HIGH and best[place].confidence != HIGH):
                    best[place] = replace(
                        ref, target=chosen.target, refused=best.get(place, ref).refused
                    )
        if families is not None:
            for place, ref in best.items():
                runs = families(ref.path)
                by_family = judged[place]
                if runs:
                    # Judged by the copies of the databases that run the file; none of
                    # this object's: no view of its copies ever sees the statement.
                    why = "; ".join(
                        dict.fromkeys(w for f, w in by_family.items() if f in runs and w)
                    )
                    best[place] = replace(ref, refused=why)
        refs = sorted(best.values(), key=lambda r: (r.path, r.line, r.column))
        copies = tuple(dict.fromkeys(copy_of(o.target.dialect) for o in group))
        out.append(ObjectImpact(chosen.target, tuple(refs), copies))
    if all(len(g) == 1 for g in groups.values()):
        return tuple(out)
    # The copies were each other's "other object" at a place, and another
    # object's place they share names them once now.
    copied = {g[0].target.name for g in groups.values() if len(g) > 1}
    merged = {k for k, g in groups.items() if len(g) > 1}
    return tuple(
        replace(
            o,
            references=tuple(
                replace(
                    r, shared=_shared(r.shared, o.target, _identity(o.target) in merged, copied)
                )
                for r in o.references
            ),
        )
        for o in out
    )


def _family(dialect: str | None) -> str:
    return profile_for(dialect).family.value


def _shared(
    shared: tuple[str, ...], own: Target, own_merged: bool, copied: set[str]
) -> tuple[str, ...]:
    """``shared`` naming each merged object once, and not ``own``'s own copies."""
    out: list[str] = []
    for name in shared:
        if name in copied and (name in out or (own_merged and name == own.name)):
            continue
        out.append(name)
    return tuple(out)
