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
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dbnamelint.whitelist.changes import EntryIdentity
from dbnamelint.whitelist.format import WhitelistError, parse_whitelist
from dbnamelint.whitelist.writer import remove_entries, write_atomic


@dataclass(frozen=True, slots=True)
class MergeResult:
    """What the merge kept and dropped (entry names as written on our side)."""

    kept: int
    dropped: tuple[str, ...]


def merge_whitelists(
    ancestor: Path, ours: Path, theirs: Path, *, dialect: str | None = None
) -> MergeResult:
    """Merge ``theirs`` into ``ours`` (rewritten atomically); raises WhitelistError.

    A missing ancestor (both sides added the file) is read as empty, so
    nothing survives that neither side had before; a missing side means it
    deleted the file and keeps nothing.
    """
    identify = EntryIdentity(None, dialect)
    texts = [_read(p) for p in (ancestor, ours, theirs)]
    base, mine, other = (
        parse_whitelist(text or "", label)
        for text, label in zip(texts, ("%O (ancestor)", "%A (ours)", "%B (theirs)"), strict=True)
    )
    in_base = {identify(e) for e in base.entries}
    in_other = {identify(e) for e in other.entries}
    drop = [e for e in mine.entries if identify(e) not in in_base or identify(e) not in in_other]
    text = texts[1] or ""
    pruned = remove_entries(text, {e.location.line for e in drop}, str(ours))
    if pruned.changed:
        write_atomic(ours, pruned.text)
    return MergeResult(
        len(mine.entries) - len(drop), tuple(f"{e.kind.value} {e.name}" for e in drop)
    )


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise WhitelistError(f"cannot read {path}: {exc}") from None
