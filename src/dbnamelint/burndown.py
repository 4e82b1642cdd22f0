"""Burn-down of the renaming plan: what the whitelist's history says was done.

The whitelist can only shrink, so its git history *is* the migration log:
an entry that disappeared is a name that was fixed. This module turns the
versions of the file (oldest first) into numbers per phase and per module;
it reads neither git nor files, so every number can be tested from
hand-made whitelists.

An entry counts towards the start of the plan when *any* version listed
it, not only the first: entries added later (a phase planned after the
first commit) would otherwise make "done" negative.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence
from datetime import date, datetime, timezone
from types import MappingProxyType

from msgspec import Struct

from dbnamelint.core.identity import split_name
from dbnamelint.core.index import CatalogIndex
from dbnamelint.findings import PhaseProgress
from dbnamelint.model import Schema
from dbnamelint.planning import past_due, projected_finish
from dbnamelint.whitelist import Phase, Whitelist, WhitelistEntry
from dbnamelint.whitelist.changes import EntryIdentity

#: Module shown for entries whose object the current tree does not have.
NO_MODULE = "-"
NO_PHASE = ""

_PLURALS: Mapping[str, str] = MappingProxyType(
    {
        "index": "indexes",
        "policy": "policies",
        "materialized_view": "materialized views",
    }
)

#: An entry's identity across versions of the file (the object it denotes).
EntryId = Hashable


def entry_id(entry: WhitelistEntry) -> EntryId:
    """Identity of an entry without a catalog: kind and name as written, folded."""
    return EntryIdentity(None, None)(entry)


class Snapshot(Struct, frozen=True):
    """The whitelist as one commit left it (empty when the commit deleted it)."""

    commit: str  # full id; "" for uncommitted changes in the working tree
    date: str  # ISO 8601
    whitelist: Whitelist


class Progress(Struct, frozen=True):
    """Counts for one phase or module; ``start``/``done`` are None without history."""

    key: str
    title: str
    status: str  # effective: "done" once nothing is left
    declared_status: str  # as the whitelist file says ("" for modules)
    start: int | None
    left: int
    done: int | None
    owner: str | None = None  # planning fields from the phase's declaration
    due: date | None = None

    @property
    def percent(self) -> int | None:
        """Whole percent done, rounded down so 99.6% never reads as finished."""
        if self.start is None or self.done is None or self.start == 0:
            return None
        return self.done * 100 // self.start


class LeftEntry(Struct, frozen=True):
    """A whitelisted name still waiting for its rename."""

    kind: str
    name: str
    phase: str | None
    target: str | None
    module: str
    #: The entry's ``database:`` (config ``databases:``), if it names one.
    database: str | None = None

    @property
    def shown(self) -> str:
        """The name, with its database when the entry names one: ``purchase (b)``."""
        return self.name if self.database is None else f"{self.name} ({self.database})"


class TrendPoint(Struct, frozen=True):
    """Entries left after one commit that changed the whitelist."""

    commit: str
    date: str
    left: int
    by_phase: tuple[tuple[str, int], ...] = ()  # (phase id, entries left), phases' order


class Burndown(Struct, frozen=True):
    """The whole report: totals, per phase, per module, what is left, the trend."""

    whitelist_path: str
    history: bool  # False: no git history was read, so "done" is unknown
    total: Progress
    noun: str  # "tables" when every entry is a table, else "entries"
    phases: tuple[Progress, ...]
    modules: tuple[Progress, ...]
    left: tuple[LeftEntry, ...]
    trend: tuple[TrendPoint, ...]
    notes: tuple[str, ...] = ()
    #: Where the trend line (by commit time) reaches zero; None without a falling trend.
    projected_finish: date | None = None
    #: Phase ids with a ``due`` date before today and entries still left.
    past_due: tuple[str, ...] = ()
    #: High-confidence code references left per phase id ("" for none);
    #: None when the code was not searched.
    references: tuple[tuple[str, int], ...] | None = None

    @property
    def headline(self) -> str:
        """``6 of 13 tables migrated (46%)``, or the count left without history."""
        total = self.total
        if total.start is None or total.done is None:
            # why is a note of its own (no repository, --no-history, a shallow clone)
            left = f"{total.left} {self._noun(total.left)} left"
            return f"{left} (history not read: progress unknown)"
        if total.start == 0:
            return f"0 {self.noun} to migrate"
        noun = self._noun(total.start)
        return f"{total.done} of {total.start} {noun} migrated ({total.percent}%)"

    @property
    def has_modules(self) -> bool:
        """Whether any entry belongs to a module (else the per-module view says nothing)."""
        return any(m.key != NO_MODULE for m in self.modules)

    def _noun(self, count: int) -> str:
        """``tables``/``entries``, singular for one."""
        if count != 1:
            return self.noun
        return {"tables": "table", "entries": "entry"}.get(self.noun, self.noun)


# --------------------------------------------------------------------------
# Modules: which part of the code base owns an entry's object
# --------------------------------------------------------------------------


class ModuleIndex:
    """Finds the module of an entry's object in the current schema.

    An entry still listed names an object that exists; a finished one names
    an object that was renamed, found through its previous names (the
    catalog index follows renames) or the entry's ``target``. Anything else
    has no module (:data:`NO_MODULE`).
    """

    __slots__ = ("_index",)

    def __init__(self, schema: Schema | CatalogIndex) -> None:
        self._index = schema if isinstance(schema, CatalogIndex) else CatalogIndex(schema)

    def module_of(self, entry: WhitelistEntry) -> str:
        """The module owning the entry's object (or its renamed successor)."""
        candidates = [entry.parts]
        if entry.target:
            # The target in the entry's own schema (and table): the same name
            # in another schema is another object.
            candidates.append((*entry.parts[:-1], split_name(entry.target)[-1]))
        for parts in candidates:
            found = self._index.resolve(entry.kind, parts, database=entry.database)
            if found is not None and found.obj.module is not None:
                return found.obj.module
        return NO_MODULE


# --------------------------------------------------------------------------
# The computation
# --------------------------------------------------------------------------


def _noun(kinds: set[str]) -> str:
    if len(kinds) != 1:
        return "entries"
    (kind,) = kinds
    return _PLURALS.get(kind, kind + "s")


def _by_name(identify: Callable[[WhitelistEntry], EntryId]) -> Callable[[WhitelistEntry], EntryId]:
    """``identify`` remembered per (kind, written name, database)."""
    known: dict[tuple[str, str, str | None], EntryId] = {}

    def cached(entry: WhitelistEntry) -> EntryId:
        key = (entry.kind.value, entry.name, entry.database)
        if key not in known:
            known[key] = identify(entry)
        return known[key]

    return cached


def compute_burndown(
    current: Whitelist,
    snapshots: Sequence[Snapshot] | None,
    module_of: Callable[[WhitelistEntry], str] = lambda _entry: NO_MODULE,
    notes: Sequence[str] = (),
    identify: Callable[[WhitelistEntry], EntryId] = entry_id,
    *,
    today: date | None = None,
    references: Mapping[str, int] | None = None,
) -> Burndown:
    """Numbers per phase and module from the current file and its history.

    ``snapshots`` (oldest first) is None when no history was read: then
    only what is left is known. Phases come from every version, so a phase
    whose entries and declaration were both deleted still shows as done.
    ``identify`` tells which entries of different versions are one object;
    it is asked once per distinct kind and name (an entry's identity
    depends on nothing else), so each version costs one dictionary lookup
    per entry.
    """
    entry_id = identify = _by_name(identify)
    history = snapshots is not None
    versions = [*(s.whitelist for s in snapshots or ()), current]
    phases: dict[str, Phase] = {}
    latest: dict[EntryId, WhitelistEntry] = {}
    listed: dict[str, set[EntryId]] = {}  # phase id -> the entries any version put in it
    for version in versions:
        for phase in version.phases:
            phases[phase.id] = phase  # latest declaration wins, first position kept
        for entry in version.entries:
            latest[entry_id(entry)] = entry
            listed.setdefault(entry.phase or NO_PHASE, set()).add(entry_id(entry))
    left_ids = {entry_id(e) for e in current.entries}
    declared_now = {p.id for p in current.phases}
    everyone = list(latest.values()) if history else list(current.entries)
    current_entries = {entry_id(e): e for e in current.entries}

    def progress(
        key: str,
        title: str,
        declared: str,
        members: Sequence[WhitelistEntry],
        dropped: bool,
        phase: Phase | None = None,
    ) -> Progress:
        left = sum(1 for e in members if entry_id(e) in left_ids)
        start = len(members) if history else None
        done = None if start is None else start - left
        finished = left == 0 and (dropped or bool(start))
        status = "done" if finished else declared
        owner, due = (phase.owner, phase.due) if phase is not None else (None, None)
        return Progress(key, title, status, declared, start, left, done, owner, due)

    by_phase: dict[str, list[WhitelistEntry]] = {}
    for entry in everyone:
        by_phase.setdefault(entry.phase or NO_PHASE, []).append(entry)
    # A phase no longer declared whose entries all live on in other phases
    # was regrouped (`whitelist init --force --group-by`, which replaces the
    # phases that are not done), not finished: it is left out, and said so.
    regrouped = [
        p
        for p in phases.values()
        if history and p.id not in declared_now and not by_phase.get(p.id) and listed.get(p.id)
    ]
    phase_rows = [
        progress(
            p.id,
            p.title,
            p.status,
            by_phase.get(p.id, []),
            dropped=history and p.id not in declared_now,
            phase=p,
        )
        for p in phases.values()
        if (history or p.id in declared_now) and p.id not in {r.id for r in regrouped}
    ]
    notes = [*notes, *(_regrouped_note(p, listed[p.id], latest) for p in regrouped)]
    if by_phase.get(NO_PHASE):
        phase_rows.append(progress(NO_PHASE, "(no phase)", "open", by_phase[NO_PHASE], False))

    by_module: dict[str, list[WhitelistEntry]] = {}
    module_cache: dict[EntryId, str] = {}
    for entry in everyone:
        module = module_of(entry) or NO_MODULE
        module_cache[entry_id(entry)] = module
        by_module.setdefault(module, []).append(entry)
    module_rows = [
        progress(name, name, "", by_module[name], False)
        for name in sorted(by_module, key=lambda m: (m == NO_MODULE, m))
    ]

    left = tuple(
        LeftEntry(
            e.kind.value,
            e.name,
            e.phase,
            e.target,
            module_cache.get(key) or module_of(e) or NO_MODULE,
            e.database,
        )
        for key, e in current_entries.items()
    )
    trend = tuple(_trend_point(s, phase_rows, latest, identify) for s in snapshots or ())
    total = progress("all", "all phases", "", everyone, False)
    when = today or date.today()
    return Burndown(
        whitelist_path=current.path,
        history=history,
        total=total,
        noun=_noun({e.kind.value for e in everyone}),
        phases=tuple(phase_rows),
        modules=tuple(module_rows),
        left=left,
        trend=trend,
        notes=tuple(notes),
        projected_finish=projected_finish(
            [(p.date, p.left) for p in trend],
            datetime(when.year, when.month, when.day, tzinfo=timezone.utc),
        ),
        past_due=past_due(
            {p.key: p.due for p in phase_rows}, {p.key: p.left for p in phase_rows}, when
        ),
        references=None if references is None else tuple(references.items()),
    )


def _regrouped_note(
    phase: Phase, members: set[EntryId], latest: Mapping[EntryId, WhitelistEntry]
) -> str:
    """Why a regrouped phase is not in the table, and where its entries went."""
    went = sorted({latest[key].phase or "(no phase)" for key in members})
    shown = ", ".join(went[:5]) + (f" and {len(went) - 5} more" if len(went) > 5 else "")
    count = len(members)
    return (
        f"phase {phase.id} ({phase.title}) is not shown: it is no longer declared and "
        f"its {count} {'entry' if count == 1 else 'entries'} moved to other phases "
        f"({shown}), as `whitelist init --force --group-by` regroups them; "
        "they are counted there"
    )


def _trend_point(
    snapshot: Snapshot,
    phases: Sequence[Progress],
    latest: Mapping[EntryId, WhitelistEntry],
    identify: Callable[[WhitelistEntry], EntryId],
) -> TrendPoint:
    """Entries left in one version, per phase as the entry is planned *now*."""
    ids = {identify(e) for e in snapshot.whitelist.entries}
    counts: dict[str, int] = {}
    for key in ids:
        phase = latest[key].phase or NO_PHASE
        counts[phase] = counts.get(phase, 0) + 1
    return TrendPoint(
        snapshot.commit,
        snapshot.date,
        len(ids),
        tuple((p.key, counts.get(p.key, 0)) for p in phases),
    )


def phase_progress(burndown: Burndown) -> tuple[PhaseProgress, ...]:
    """The report layer's per-phase values (``done`` 0 when unknown)."""
    return tuple(
        PhaseProgress(p.key, p.title, p.status, p.left, p.done or 0) for p in burndown.phases
    )
