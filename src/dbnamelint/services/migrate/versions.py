"""Version prefixes for a new migration that replays after every existing one.

Two orders matter: dbnamelint's own (:func:`dbnamelint.frontends.sql.sources.natural_key`,
component by component, numbers before letters) and the tool's. Flyway,
golang-migrate, goose, sqlx and sql-migrate compare versions as numbers;
Supabase, dbmate, Prisma, Diesel and Liquibase ``includeAll`` apply files in
file-name order (byte order: ``20260117_x`` comes after
``20260117093000_y``, because ``_`` sorts after every digit). A new name
must come last in both; these helpers propose candidates and check them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime

from dbnamelint.frontends.sql.sources import natural_key

#: A leading version: digits before ``_``, ``-`` or ``.``; Diesel's ``2018-12-05-031038_``.
_LEADING = re.compile(r"^(\d+)(?=[_.-])")
_DIESEL = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-(\d{6})(?=_)")
#: Widths from which a prefix reads as a timestamp rather than a counter.
_STAMP_WIDTH = 12


def leading_version(name: str) -> str | None:
    """The version digits a file or folder name starts with (dashes dropped), or None.

    ``000030_x.up.sql`` -> ``000030``; ``2018-12-05-031038_x`` ->
    ``20181205031038``; ``schema.sql`` -> None.
    """
    diesel = _DIESEL.match(name)
    if diesel:
        return "".join(diesel.groups())
    found = _LEADING.match(name)
    return found.group(1) if found else None


def uses_timestamps(versions: Iterable[str]) -> bool:
    """Whether a folder's versions are timestamps (12+ digits) rather than counters."""
    return any(len(v) >= _STAMP_WIDTH for v in versions)


def next_counter(versions: Sequence[str]) -> str:
    """The next counter after ``versions``, as wide as the highest (``007`` -> ``008``)."""
    if not versions:
        return "001"
    top = max(versions, key=lambda v: (int(v), len(v)))
    return str(int(top) + 1).zfill(len(top))


def stamp_candidates(versions: Sequence[str], now: datetime, width: int = 14) -> list[str]:
    """Timestamps to try, best first: now, then one past each existing version.

    ``width`` is the stamp length (14 = ``YYYYMMDDHHMMSS``; kratos uses 20).
    A clock behind the tree, or an existing version in the future, is
    passed by the later candidates; a shorter existing version (an 8-digit
    date) gets a candidate whose first digits are past it, so the name also
    sorts after it byte by byte.
    """
    width = max([width, *(len(v) for v in versions if len(v) >= _STAMP_WIDTH)])
    out = [now.strftime("%Y%m%d%H%M%S").ljust(width, "0")[:width]]
    for version in sorted(set(versions), key=int):
        bumped = str(int(version) + 1).zfill(len(version))
        out.append(bumped.ljust(width, "0") if len(bumped) < width else bumped)
    return out


def sorts_after(name: str, others: Iterable[str], *, by_name: bool) -> str | None:
    """The first of ``others`` that ``name`` does not come after, or None.

    Both are paths relative to the same folder. dbnamelint's order always
    counts; with ``by_name`` the tool's plain file-name order does too.
    """
    key = natural_key(name)
    head = name.split("/", 1)[0]
    for other in others:
        if natural_key(other) >= key or (by_name and other.split("/", 1)[0] >= head):
            return other
    return None
