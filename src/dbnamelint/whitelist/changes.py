"""What changed between two versions of the whitelist, by object identity.

Entries are compared by the object they denote (:class:`EntryIdentity`):
``"UserAccounts"`` and ``public."UserAccounts"`` are one entry when the
catalog says they are one table, and an entry keeps its identity when its
object was renamed. Several entries for one object are compared as the
union of the rules they excuse (``rules: all`` covers everything).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from msgspec.structs import replace

from dbnamelint.core.identity import NamePart, ObjectRef, ref_from_parts, ref_of, split_name
from dbnamelint.core.index import CatalogIndex
from dbnamelint.findings import WhitelistChange
from dbnamelint.model import ObjectKind
from dbnamelint.whitelist.entries import Whitelist, WhitelistEntry

#: A whitelist entry's object identity.
Identify = Callable[[WhitelistEntry], ObjectRef]
#: The objects a whitelist entry excuses (every copy, in every database it reaches).
Reach = Callable[[WhitelistEntry], frozenset[ObjectRef]]


class EntryIdentity:
    """The object an entry denotes: the catalog's object when it has one, else the name.

    A written name that denotes nothing in the catalog is identified by its
    parts folded as ``dialect`` folds them (the default schema filled in),
    with unquoted parts case-folded, so spelling variants still meet.
    """

    __slots__ = ("_dialect", "_index", "_tables")

    def __init__(
        self,
        index: CatalogIndex | None,
        dialect: str | None,
        renamed_tables: Mapping[str, str] | None = None,
    ) -> None:
        self._index = index
        self._dialect = dialect
        self._tables = renamed_tables or {}

    def __call__(self, entry: WhitelistEntry) -> ObjectRef:
        if self._index is not None:
            found = self._index.resolve(entry.kind, entry.parts, database=entry.database)
            moved = moved_parts(entry, self._tables) if found is None else None
            if moved is not None:
                found = self._index.resolve(entry.kind, moved, database=entry.database)
            if found is not None:
                return ref_of(found.obj)
        loose = tuple((text if quoted else text.casefold(), quoted) for text, quoted in entry.parts)
        ref = ref_from_parts(entry.kind, loose, self._dialect, entry.database)
        return ref or ObjectRef(entry.kind.value, None, None, entry.name, entry.database)


def rule_codes(rules: Sequence[str] | None, names: dict[str, str]) -> frozenset[str] | None:
    """Rules as codes where known (``names``: rule name -> code); None is every rule."""
    if rules is None:
        return None
    return frozenset(names.get(r.lower(), r.upper()) for r in rules)


def _covered(entries: Sequence[WhitelistEntry], names: dict[str, str]) -> frozenset[str] | None:
    if any(e.rules is None for e in entries):
        return None
    return frozenset().union(*(rule_codes(e.rules, names) or () for e in entries))


def _grouped(whitelist: Whitelist, identify: Identify) -> dict[ObjectRef, list[WhitelistEntry]]:
    out: dict[ObjectRef, list[WhitelistEntry]] = {}
    for entry in whitelist.entries:
        out.setdefault(identify(entry), []).append(entry)
    return out


def _change(
    kind: str, entry: WhitelistEntry, added: Iterable[str] = (), line: bool = True
) -> WhitelistChange:
    return WhitelistChange(
        change=kind,
        kind=entry.kind.value,
        name=entry.name,
        phase=entry.phase,
        target=entry.target,
        rules=entry.rules,
        rules_added=tuple(added),
        line=entry.location.line if line else 0,
        base_line=0 if line else entry.location.line,
    )


def moved_parts(
    entry: WhitelistEntry, renamed_tables: Mapping[str, str]
) -> tuple[NamePart, ...] | None:
    """The name of ``entry``'s object (a column, index, constraint...) with
    its table part respelled as ``renamed_tables`` (folded old name -> new)
    renames it, or None: a table renamed where no replayed history says so
    (a full schema edited in place), whose objects' entries follow it."""
    parts = entry.parts
    if len(parts) < 2 or entry.kind is ObjectKind.TABLE:
        return None
    table, quoted = parts[-2]
    new = renamed_tables.get(table if quoted else table.casefold())
    return None if new is None else (*parts[:-2], (new, quoted), parts[-1])


def _written(entry: WhitelistEntry) -> str:
    """The object's own name as the entry writes it (unquoted parts case-folded)."""
    text, quoted = entry.parts[-1]
    return text if quoted else text.casefold()


def _repointed(
    before: Sequence[WhitelistEntry], after: Sequence[WhitelistEntry]
) -> WhitelistChange | None:
    """The change when the entries for one object now write another name for it.

    The object was renamed in the change and its entry edited to follow it,
    so the renamed object stays excused: unless the new name is the target
    the base entry planned (then the entry is stale and ``check`` says so),
    that is a new name kept out of the rules, as an added entry would be.
    """
    old_names = {_written(e) for e in before}
    fresh = [e for e in after if _written(e) not in old_names]
    if not fresh or len(fresh) < len(after):
        return None
    targets = {t for e in before if e.target for t in (e.target, e.target.casefold())}
    # A quoted target ('"accessToken"') names its object exactly, as _written does.
    targets |= {
        text if quoted else text.casefold()
        for e in before
        if e.target
        for text, quoted in split_name(e.target)[-1:]
    }
    entry = fresh[0]
    if _written(entry) in targets or entry.parts[-1][0] in targets:
        return None
    previous = before[0]
    return WhitelistChange(
        change="repointed",
        kind=entry.kind.value,
        name=entry.name,
        phase=entry.phase,
        target=previous.target,
        rules=entry.rules,
        rules_added=(previous.name,),
        line=entry.location.line,
    )


def _object_label(ref: ObjectRef) -> str:
    return f"{ref} in database {ref.database!r}" if ref.database is not None else str(ref)


def _reached_more(
    before: Sequence[WhitelistEntry],
    after: Sequence[WhitelistEntry],
    reach: Reach,
    several_databases: bool,
) -> list[WhitelistChange]:
    """An entry that excuses objects none of the base's entries for it did.

    Whatever key scopes an entry (``database:`` today), deleting or changing
    it so that the entry reaches more objects is growth, judged by what the
    entry reaches, not by which key changed (trial s19 atuin #1: ``database:
    a`` deleted, so a new ``store`` in database ``b`` passed as excused).
    """
    reached = frozenset[ObjectRef]().union(*(reach(e) for e in before))
    scoped = several_databases and all(e.database is not None for e in before)
    out = []
    for entry in after:
        labels = [_object_label(r) for r in sorted(reach(entry) - reached)]
        # Deleting `database:` widens the entry even before another database
        # has an object of that name: the next change could add one unseen.
        if scoped and entry.database is None:
            every = f"{entry.kind.value} {entry.name} in every database (`database:` deleted)"
            labels = [every + (f", so {', '.join(labels)}" if labels else "")]
        if labels:
            out.append(replace(_change("widened", entry), objects_added=tuple(labels)))
    return out


def whitelist_changes(
    base: Whitelist,
    current: Whitelist,
    *,
    identify: Identify,
    rule_names: dict[str, str],
    still_breaks: Callable[[WhitelistEntry], bool],
    reach: Reach | None = None,
    several_databases: bool = True,
) -> tuple[WhitelistChange, ...]:
    """Entries added, widened, removed (fixed) or dropped (deleted unfixed) since ``base``.

    ``still_breaks(entry)`` tells whether the base entry's object still
    breaks a rule the entry excused; such an entry deleted is ``dropped``,
    not progress. ``reach``, when given, makes an entry that now excuses
    objects its base entries did not (a scope key deleted or changed)
    ``widened`` too, with those objects in ``objects_added``; so is one
    whose ``database:`` was deleted while the tree still has
    ``several_databases`` (a config that merged them into one needs it gone).
    """
    before, after = _grouped(base, identify), _grouped(current, identify)
    out: list[WhitelistChange] = []
    for ref, entries in after.items():
        if ref not in before:
            out += [_change("added", e) for e in entries]
            continue
        moved = _repointed(before[ref], entries)
        if moved is not None:
            out.append(moved)
        if reach is not None:
            out += _reached_more(before[ref], entries, reach, several_databases)
        old, new = _covered(before[ref], rule_names), _covered(entries, rule_names)
        if old is None or (new is not None and new <= old):
            continue
        extra = ("all",) if new is None else tuple(sorted(new - old))
        widest = next((e for e in entries if e.rules is None), entries[-1])
        out.append(_change("widened", widest, extra))
    for ref, entries in before.items():
        if ref in after:
            continue
        for entry in entries:
            kind = "dropped" if still_breaks(entry) else "removed"
            out.append(_change(kind, entry, line=False))
    return tuple(out)
