"""``whitelist retarget``: dependents' targets made to follow their table's target.

``whitelist init`` writes an index's, constraint's, trigger's or sequence's
target after its table's name at the time. Once a person sets (or changes)
the table's ``target:`` by hand, every such target still spells the table's
old name: ``check`` refuses the ones a template rule judges (DBN910) and
``migrate`` refuses all of them, printing the name that follows the table.
This computes those names, with the planner's own test and answer
(:func:`dbnamelint.services.migrate.plan.stale_targets`), for every copy of
a schema kept for several databases; the command writes them in place
(:func:`dbnamelint.whitelist.fields.edit_fields`). A target that does not
spell an old name of its table (written by hand) is never touched.

A target spelling a column that a column entry's target renames (the index
``queues_type_offset`` of the column ``offset``, whose target is
``queue_offset``) is refused by ``migrate`` too (``check_target``, trial s28
kestra), and is rewritten the same way, to the name that follows the
column's target (``queues_type_queue_offset``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from msgspec import Struct

from dbnamelint.core.identity import split_name
from dbnamelint.dialects import copy_of, profile_for
from dbnamelint.model import ObjectKind
from dbnamelint.rules.stored import needs_quotes
from dbnamelint.runner.pipeline import Loaded
from dbnamelint.services.migrate.copies import choose_copy
from dbnamelint.services.migrate.plan import StaleTarget, stale_targets
from dbnamelint.services.migrate.requests import planned_column_targets, planned_targets
from dbnamelint.whitelist import Whitelist, WhitelistEntry


class Retarget(Struct, frozen=True):
    """One entry whose target is rewritten: ``old`` -> ``new``, as written in YAML
    (``new`` in double quotes where the dialect needs them)."""

    entry: WhitelistEntry
    stale: StaleTarget
    new: str


class Unsure(Struct, frozen=True):
    """An entry whose target spells its table's old name but gets no new one, and why."""

    entry: WhitelistEntry
    stale: StaleTarget
    why: str


class Retargeting(Struct, frozen=True):
    """What ``retarget`` does: the rewrites, and the entries left for a person."""

    changes: tuple[Retarget, ...]
    unsure: tuple[Unsure, ...]


def _copies(loaded: Loaded, configured: str | None) -> list[tuple[str, Loaded]]:
    """(dialect, the tree cut to it) for each copy the tree keeps its schema in."""
    families: dict[str, str] = {}
    for f in loaded.files:
        families.setdefault(copy_of(f.dialect), f.dialect)
    if len(families) <= 1:
        copy = choose_copy(loaded, None, configured)
        return [(copy.dialect, copy.loaded)]
    out = []
    for dialect in families.values():
        copy = choose_copy(loaded, dialect, None)
        out.append((copy.dialect, copy.loaded))
    return out


def _written(name: str, dialect: str) -> str:
    """``name`` (as stored) as a target is written: double-quoted when SQL needs it."""
    if needs_quotes(name, profile_for(dialect)):
        return '"' + name.replace('"', '""') + '"'
    return name


def _folded(tables: Sequence[str], dialect: str) -> set[str]:
    """The names ``tables`` (as SQL writes them) as ``dialect`` stores them."""
    profile = profile_for(dialect)
    return {profile.fold(*split_name(t)[-1]) for t in tables if split_name(t)}


def unknown_tables(
    loaded: Loaded, whitelist: Whitelist, tables: Sequence[str], *, configured: str | None
) -> list[str]:
    """The names of ``tables`` no table of the tree has (now, before a rename, or
    as a table entry's target)."""
    out = []
    copies = _copies(loaded, configured)
    targets = [e.target for e in whitelist.entries if e.kind is ObjectKind.TABLE and e.target]
    for name in tables:
        known = False
        for dialect, copy in copies:
            (folded,) = _folded([name], dialect) or {""}
            known = known or folded in _folded(targets, dialect)
            profile = profile_for(dialect)
            for obj in copy.schema.objects:
                if obj.kind is not ObjectKind.TABLE:
                    continue
                names = (obj.name, *obj.previous_names)
                known = known or folded in {profile.fold(n, obj.quoted) for n in names}
        if not known:
            out.append(name)
    return out


def retargeting(
    loaded: Loaded,
    whitelist: Whitelist,
    *,
    configured: str | None,
    tables: Sequence[str] = (),
    suggested: Mapping[int, str] | None = None,
) -> Retargeting:
    """The targets to rewrite in ``whitelist`` for the tree ``loaded``.

    ``configured``: the config's dialect; ``tables``: only dependents of
    tables whose name (current or after its rename, as stored) is one of
    these (all when empty); ``suggested``: table object ``id`` -> the name
    the rules suggest for it (``whitelist init`` built dependents' targets
    on it, so a target spelling it is stale once the table's differs). Raises
    :class:`dbnamelint.services.migrate.plan.PlanError` where ``migrate``
    could not plan the entries at all.
    """
    by_origin = {f"{e.location.path}:{e.location.line}": e for e in whitelist.entries}
    planned = planned_targets(whitelist)
    columns = planned_column_targets(whitelist)
    found: dict[int, list[tuple[StaleTarget, str]]] = {}
    order: list[WhitelistEntry] = []
    for dialect, copy in _copies(loaded, configured):
        for stale in stale_targets(
            copy.schema, planned, dialect=dialect, suggested=suggested, columns=columns
        ):
            entry = by_origin.get(stale.request.origin)
            if entry is None:
                continue
            if tables and not {stale.before, stale.table} & _folded(tables, dialect):
                continue
            if id(entry) not in found:
                order.append(entry)
            found.setdefault(id(entry), []).append((stale, dialect))
    changes: list[Retarget] = []
    unsure: list[Unsure] = []
    for entry in order:
        copies = found[id(entry)]
        stale = copies[0][0]
        answers = {s.better for s, _ in copies}
        if None in answers:
            what = "its columns' targets" if stale.column else f"table {stale.table!r}"
            why = (
                f"no name that follows {what} can be told from {stale.target!r}; write one by hand"
            )
            unsure.append(Unsure(entry, stale, why))
        elif len(answers) > 1:
            names = ", ".join(f"{s.better!r} ({d})" for s, d in copies)
            why = f"the copies of the schema disagree ({names}); write one by hand"
            unsure.append(Unsure(entry, stale, why))
        else:
            changes.append(Retarget(entry, stale, _written(stale.better or "", copies[0][1])))
    return Retargeting(tuple(changes), tuple(unsure))
