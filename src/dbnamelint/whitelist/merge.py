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

from dbnamelint.config.yamlsafe import SafeYamlError, read_regular_text
from dbnamelint.model import Location
from dbnamelint.whitelist.changes import EntryIdentity
from dbnamelint.whitelist.format import WhitelistError, parse_whitelist
from dbnamelint.whitelist.writer import remove_entries, write_atomic


@dataclass(frozen=True, slots=True)
class MergeResult:
    """What the merge kept and dropped (entry names as written on our side)."""

    kept: int
    dropped: tuple[str, ...]


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
    text = texts[1] or ""
    pruned = remove_entries(text, {e.location.line for e in drop}, str(ours))
    if pruned.changed:
        write_atomic(ours, pruned.text)
    return MergeResult(
        len(mine.entries) - len(drop), tuple(f"{e.kind.value} {e.name}" for e in drop)
    )


def _read(path: Path) -> str | None:
    """The file's text, None when it does not exist; WhitelistError located in it."""
    try:
        return read_regular_text(path)
    except FileNotFoundError:
        return None
    except SafeYamlError as exc:  # a FIFO, a device, too large, unreadable, not UTF-8
        raise WhitelistError(exc.message, Location(str(path), exc.line, exc.column)) from None
