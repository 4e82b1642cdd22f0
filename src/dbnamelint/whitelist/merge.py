"""The whitelist's git merge driver: a merge may only shrink the whitelist.

Two branches that each fix different legacy names each delete different
entries; a line-based merge reports a conflict. git calls a custom driver
with the common ancestor (%O), our version (%A, where the result goes) and
theirs (%B) (gitattributes(5), "Defining a custom merge driver"). The
result keeps an entry only if *both* sides kept it from the ancestor, and
never adds one: an entry that only one side has is dropped, because adding
entries is exactly what the gate refuses. Our text is edited in place, so
its comments, phases and formatting survive.

Entries are matched by the object they name (:class:`EntryIdentity` without
a catalog: kind and name, unquoted parts without case, the default schema
filled in), so ``"T"`` and ``public."T"`` are the same entry.

An entry both sides kept is merged field by field, three-way as git merges
lines: a field only one side changed takes that side's value (their new
``target`` or ``phase``, their removed ``reason``), and so is a phase both
kept (its ``title``, ``status``, ``owner``, ``due``). ``rules`` become what
both sides still excuse (the intersection: a side's narrowing wins, a rule
one side added is not kept, and an entry left with none is dropped). Both
sides changing another field to different values is a conflict: ours is
kept and git is told (exit 1).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from msgspec import Struct
from msgspec.structs import replace

from dbnamelint.config.regular import SafeYamlError, read_regular_text
from dbnamelint.core.identity import ObjectRef
from dbnamelint.model import Location
from dbnamelint.whitelist.changes import EntryIdentity
from dbnamelint.whitelist.entries import Whitelist, WhitelistEntry, WhitelistError
from dbnamelint.whitelist.fields import FieldEdit, edit_fields, phase_lines
from dbnamelint.whitelist.format import parse_whitelist
from dbnamelint.whitelist.writer import remove_entries, write_atomic


class MergeResult(Struct, frozen=True):
    """What the merge kept and dropped (entry names as written on our side)."""

    kept: int
    dropped: tuple[str, ...]
    #: Fields not merged (ours kept): ``table t: target changed on both sides``.
    conflicts: tuple[str, ...] = ()


#: The driver's three inputs, in git's order: (side, placeholder).
SIDES = (("ancestor", "%O"), ("ours", "%A"), ("theirs", "%B"))


def merge_whitelists(
    ancestor: Path,
    ours: Path,
    theirs: Path,
    *,
    dialect: str | None = None,
    pathname: str | None = None,
) -> MergeResult:
    """Merge ``theirs`` into ``ours`` (rewritten atomically); raises WhitelistError.

    A missing ancestor (both sides added the file) is read as empty, so
    nothing survives that neither side had before; a missing side means it
    deleted the file and keeps nothing. Each side is read as every whitelist
    is (regular files only, bounded YAML); an error names the side, its
    placeholder and the file git gave for it, and ``pathname`` (``%P``, the
    whitelist's path in the repository) when given:
    ``whitelist.yaml, theirs (%B): .merge_file_x:2:1: invalid YAML: ...``.
    """
    identify = EntryIdentity(None, dialect)
    texts: list[str | None] = []
    parsed = []
    for path, (side, placeholder) in zip((ancestor, ours, theirs), SIDES, strict=True):
        try:
            text = _read(path)
            parsed.append(parse_whitelist(text or "", str(path)))
        except WhitelistError as exc:
            where = f"{pathname}, {side}" if pathname else side
            raise WhitelistError(f"{where} ({placeholder}): {exc}") from None
        texts.append(text)
    base, mine, other = parsed
    in_base = {identify(e) for e in base.entries}
    in_other = {identify(e) for e in other.entries}
    drop = [e for e in mine.entries if identify(e) not in in_base or identify(e) not in in_other]
    edits, emptied, conflicts = _field_merge(base, mine, other, identify)
    drop += [e for e in mine.entries if identify(e) in emptied and e not in drop]
    text = texts[1] or ""
    pruned = remove_entries(text, {e.location.line for e in drop}, str(ours))
    merged = pruned.text
    edits += _phase_merge(base, mine, other, conflicts)
    if edits:
        # Located again in the pruned text (its lines moved), by identity.
        kept = parse_whitelist(merged, str(ours))
        at: dict[ObjectRef | str, int] = {identify(e): e.location.line for e in kept.entries}
        at.update(phase_lines(merged))
        located = [replace(edit, line=at[edit.owner]) for edit in edits if edit.owner in at]
        merged = edit_fields(merged, located, str(ours))
    if merged != text:
        write_atomic(ours, merged)
    return MergeResult(
        len(mine.entries) - len(drop),
        tuple(f"{e.kind.value} {e.name}" for e in drop),
        tuple(conflicts),
    )


def _field_merge(
    base: Whitelist, mine: Whitelist, other: Whitelist, identify: EntryIdentity
) -> tuple[list[FieldEdit], set[ObjectRef], list[str]]:
    """Field edits to our entries, the objects whose entries excuse nothing any more,
    and the fields in conflict. Only objects with one entry on every side are merged."""
    sides = [_single(w, identify) for w in (base, mine, other)]
    phases = {p.id for p in mine.phases}  # a phase only theirs declares is not ours to use
    edits: list[FieldEdit] = []
    emptied: set[ObjectRef] = set()
    conflicts: list[str] = []
    for ref, entry in sides[1].items():
        old, theirs = sides[0].get(ref), sides[2].get(ref)
        if old is None or theirs is None:
            continue
        rules = _merged_rules(entry.rules, theirs.rules)
        if rules == ():
            emptied.add(ref)
            continue
        if not _same_rules(rules, entry.rules):
            edits.append(FieldEdit(ref, entry.location.line, "rules", rules))
        for field in ("phase", "target", "reason"):
            was, ours_now, theirs_now = (getattr(e, field) for e in (old, entry, theirs))
            if theirs_now in (ours_now, was):
                continue
            declared = field != "phase" or theirs_now is None or theirs_now in phases
            what = f"{entry.kind.value} {entry.name}: {field}"
            if ours_now != was:
                conflicts.append(f"{what} changed on both sides")
            elif not declared:
                conflicts.append(f"{what} {theirs_now!r} is a phase our side does not declare")
            else:
                edits.append(FieldEdit(ref, entry.location.line, field, theirs_now))
    return edits, emptied, conflicts


def _phase_merge(
    base: Whitelist, mine: Whitelist, other: Whitelist, conflicts: list[str]
) -> list[FieldEdit]:
    """Field edits to our phases (title, status, owner, due) that only theirs changed;
    a field both changed differently is added to ``conflicts``."""
    sides = [{p.id: p for p in w.phases} for w in (base, mine, other)]
    edits: list[FieldEdit] = []
    for phase_id, phase in sides[1].items():
        old, theirs = sides[0].get(phase_id), sides[2].get(phase_id)
        if old is None or theirs is None:
            continue
        for field in ("title", "status", "owner", "due"):
            was, ours_now, theirs_now = (_text(getattr(p, field)) for p in (old, phase, theirs))
            if theirs_now in (ours_now, was):
                continue
            if ours_now != was:
                conflicts.append(f"phase {phase_id}: {field} changed on both sides")
            else:
                edits.append(FieldEdit(phase_id, 0, field, theirs_now))
    return edits


def _text(value: object) -> str | None:
    """A phase field as text (a ``due`` date as ISO 8601)."""
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


def _single(whitelist: Whitelist, identify: EntryIdentity) -> dict[ObjectRef, WhitelistEntry]:
    """Entries by object, leaving out objects with several entries (split rules)."""
    seen: dict[ObjectRef, list[WhitelistEntry]] = {}
    for entry in whitelist.entries:
        seen.setdefault(identify(entry), []).append(entry)
    return {ref: found[0] for ref, found in seen.items() if len(found) == 1}


def _same_rules(left: tuple[str, ...] | None, right: tuple[str, ...] | None) -> bool:
    if left is None or right is None:
        return left is right
    return {r.casefold() for r in left} == {r.casefold() for r in right}


def _merged_rules(
    ours: tuple[str, ...] | None, theirs: tuple[str, ...] | None
) -> tuple[str, ...] | None:
    """What both sides still excuse (None: every rule; ``()``: none left), in our order.

    A side that narrowed the rules wins; a side that added one does not (a
    merge never widens the whitelist, as it never adds an entry).
    """
    if ours is None:
        return theirs
    if theirs is None:
        return ours
    wanted = {r.casefold() for r in theirs}
    return tuple(r for r in ours if r.casefold() in wanted)


def _read(path: Path) -> str | None:
    """The file's text, None when it does not exist; WhitelistError located in it."""
    try:
        return read_regular_text(path)
    except FileNotFoundError:
        return None
    except SafeYamlError as exc:  # a FIFO, a device, too large, unreadable, not UTF-8
        raise WhitelistError(exc.message, Location(str(path), exc.line, exc.column)) from None
