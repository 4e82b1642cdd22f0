"""Version prefixes for a new migration that replays after every existing one.

Two orders matter: dbnamelint's own (:func:`dbnamelint.frontends.sql.sources.natural_key`,
component by component, numbers before letters) and the tool's. Flyway,
golang-migrate, goose, sqlx and sql-migrate compare versions as numbers;
pop compares them as text; Supabase, dbmate, Prisma and Liquibase
``includeAll`` apply files in file-name order (byte order: ``20260117_x`` comes after
``20260117093000_y``, because ``_`` sorts after every digit); Diesel in the
text order of its versions (the folder name up to ``_`` without dashes, so
``2017-09-23-182408_x`` runs after ``20170804200817_y``). A new name
must come last in both; these helpers propose candidates and check them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.frontends.sql.sources import diesel_version, natural_key

#: A leading version: digits before ``_``, ``-`` or ``.``; Diesel's ``2018-12-05-031038_``.
_LEADING = lazy_compile(r"^(\d+)(?=[_.-])")
#: Diesel CLI 2.x appends a subversion, ``2025-07-27-143313-0000_`` (``{n:04x}``):
#: its version, the name up to ``_`` without dashes, is then 18 digits.
_DIESEL = lazy_compile(r"^(\d{4})-(\d{2})-(\d{2})-(\d{6})(?:-(\d{4}))?(?=_)")
#: Widths from which a prefix reads as a timestamp rather than a counter.
_STAMP_WIDTH = 12


def leading_version(name: str) -> str | None:
    """The version digits a file or folder name starts with (dashes dropped), or None.

    ``000030_x.up.sql`` -> ``000030``; ``2018-12-05-031038_x`` ->
    ``20181205031038``; ``2025-07-27-143313-0000_x`` -> ``202507271433130000``
    (Diesel's own version of it); ``schema.sql`` -> None.
    """
    diesel = _DIESEL.match(name)
    if diesel:
        return "".join(g for g in diesel.groups() if g is not None)
    found = _LEADING.match(name)
    return found.group(1) if found else None


def uses_timestamps(versions: Iterable[str]) -> bool:
    """Whether a folder's versions are timestamps (12+ digits) rather than counters."""
    return any(len(v) >= _STAMP_WIDTH for v in versions)


#: Digits from which a version reads as a date (``20250101``) rather than a counter.
_DATE_WIDTH = 8


def counts_up(versions: Iterable[str]) -> bool:
    """Whether a folder numbers its migrations with a counter (umami's Prisma
    folders ``01_init`` ... ``19_add_session_replay``) rather than dates or
    timestamps: some version above zero, none of 8 digits or more. A lone
    baseline ``0_init`` (Prisma's baselining recipe) or Diesel's
    ``00000000000000_diesel_initial_setup`` sets no scheme.
    """
    found = list(versions)
    return any(int(v) for v in found) and all(len(v) < _DATE_WIDTH for v in found)


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


#: A tool's order of the names of one folder: a sort key per name, or None
#: for a name the tool does not order (not one of its migrations).
ToolOrder = Callable[[str], "tuple[object, ...] | None"]


def name_order(name: str) -> tuple[object, ...]:
    """Plain file-name order (byte order of the first path component).

    Prisma (``migrations/<folder>``, the schema engine sorts folder names),
    the Supabase CLI (Go's ``os.ReadDir``), dbmate and Liquibase
    ``includeAll`` apply migrations so.
    """
    return (name.split("/", 1)[0],)


def diesel_order(name: str) -> tuple[object, ...]:
    """Diesel's order: the folder's version as text (:func:`diesel_version`), then the name."""
    head = name.split("/", 1)[0]
    return (diesel_version(head), head)


def number_order(name: str) -> tuple[object, ...] | None:
    """golang-migrate, goose, sqlx and sql-migrate: the leading version as a number.

    golang-migrate (uint), goose and sqlx (int64) parse the digits before
    the first ``_``; a name without them is not one of their migrations.
    """
    version = leading_version(name.split("/", 1)[0])
    return (int(version),) if version is not None else None


def pop_order(name: str) -> tuple[object, ...] | None:
    """pop's order: the leading version as text (``UpMigrations.Less`` compares
    the ``Version`` strings, so ``10_b`` runs before ``9_a``); a name without
    one is not one of its migrations."""
    found = re.match(r"^(\d+)_", name.split("/", 1)[0])
    return (found.group(1),) if found is not None else None


def taken(version: str, versions: Iterable[str]) -> bool:
    """Whether ``version`` is already one of ``versions`` (as numbers: ``022`` is ``22``).

    A version names one migration: goose, golang-migrate, sqlx and dbmate
    refuse (or skip) a second file of it (``DBN016``), and between two
    folders of one version the order is the rest of their names, a guess.
    """
    number = int(version)
    return any(int(v) == number for v in versions)


def sorts_after(name: str, others: Iterable[str], *, tool: ToolOrder | None) -> str | None:
    """The first of ``others`` that ``name`` does not come after, or None.

    Both are paths relative to the same folder. dbnamelint's order always
    counts; with ``tool`` the tool's order too (names it gives None are not
    its migrations and do not count there).
    """
    key = natural_key(name)
    mine = tool(name) if tool is not None else None
    for other in others:
        if natural_key(other) >= key:
            return other
        if mine is not None and tool is not None:
            theirs = tool(other)
            if theirs is not None and theirs >= mine:
                return other
    return None


def tool_sorts_after(name: str, others: Iterable[str], tool: ToolOrder) -> str | None:
    """The first of ``others`` the tool does not order before ``name``, or None
    (names the tool does not order count for nothing)."""
    mine = tool(name)
    if mine is None:
        return None
    for other in others:
        theirs = tool(other)
        if theirs is not None and theirs >= mine:
            return other
    return None
