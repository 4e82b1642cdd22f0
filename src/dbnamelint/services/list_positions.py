"""Where the committed steps of a list applied by position went: one change per run.

A runner that applies a list's steps by position (miniflux's runs
``migrations[version]`` for each version past the count ``schema_version``
holds, dex's ``migrations[n:]``) sees one step inserted in the middle as every
later step moved down by one. Compared position by position, that is one
change per shifted step (trial confirm35 B2: 129 ``DBN025`` errors of ~500
characters for one step inserted before step 4, each naming the step that
used to stand there). Aligned as a diff aligns lines (:mod:`difflib`), it is
what the change did: a run of steps inserted, a run deleted, a step moved,
a step rewritten in place; the steps only pushed along are counted, not
reported one by one.
"""

from __future__ import annotations

import difflib
from collections.abc import Hashable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Inserted:
    """``count`` new steps from ``now`` (0-based, in the list now) standing
    before committed step ``before`` (0-based); ``shifted`` committed steps
    stand at another position because of the change, from it on."""

    now: int
    count: int
    before: int
    shifted: int


@dataclass(frozen=True)
class Deleted:
    """``count`` committed steps from ``step`` (0-based) gone; ``now``: where
    they stood in the list now (its length: at its end); ``shifted`` as for
    :class:`Inserted`."""

    step: int
    count: int
    now: int
    shifted: int


@dataclass(frozen=True)
class Moved:
    """Committed step ``step`` stands at ``now`` (both 0-based), unchanged."""

    step: int
    now: int


@dataclass(frozen=True)
class Rewritten:
    """Committed step ``step`` is replaced in place by another, at ``now``."""

    step: int
    now: int


Change = Inserted | Deleted | Moved | Rewritten


def position_changes(before: Sequence[Hashable], now: Sequence[Hashable]) -> list[Change]:
    """What a change did to the committed steps ``before`` (each step's
    content) to give ``now``, in the order of the list; empty when the
    committed steps are the first steps of ``now`` (steps appended are how
    such a list grows)."""
    if list(before) == list(now[: len(before)]):
        return []
    placed, gone, new, moved, pairs = _align(before, now)

    def shifted(start: int) -> int:
        """Committed steps from ``start`` on standing elsewhere now."""
        return sum(1 for i, j in placed.items() if i >= start and i != j)

    out: list[Change] = [*moved, *(Rewritten(i, j) for i, j in pairs)]
    for first, count in _runs(new):
        below = [i for i, j in placed.items() if j > first]
        if below:  # else appended after every committed step: new, not an edit
            before_step = min(below)
            out.append(Inserted(first, count, before_step, shifted(before_step)))
    for first, count in _runs(gone):
        after = [j for i, j in placed.items() if i > first]
        out.append(Deleted(first, count, min(after, default=len(now)), shifted(first)))
    return sorted(out, key=_order)


def new_steps(before: Sequence[Hashable], now: Sequence[Hashable]) -> list[int]:
    """The (0-based) steps of ``now`` the change adds, inserted or appended:
    those no committed step is matched with (unchanged, moved or rewritten)."""
    if list(before) == list(now[: len(before)]):
        return list(range(len(before), len(now)))
    return sorted(_align(before, now)[2])


def _align(
    before: Sequence[Hashable], now: Sequence[Hashable]
) -> tuple[dict[int, int], list[int], list[int], list[Moved], list[tuple[int, int]]]:
    """The committed steps matched with ``now``'s (committed index -> index
    now: kept, moved or rewritten), the committed ones gone, ``now``'s new
    ones, the moves and the in-place rewrites."""
    at: dict[int, int] = {}  # committed index -> its index now (kept or moved)
    gone: list[int] = []  # committed steps not matched
    new: list[int] = []  # steps of now not matched
    pairs: list[tuple[int, int]] = []  # replaced in place: (committed, now)
    matcher = difflib.SequenceMatcher(None, before, now, autojunk=False)
    for tag, i0, i1, j0, j1 in matcher.get_opcodes():
        if tag == "equal":
            at.update(zip(range(i0, i1), range(j0, j1), strict=True))
        else:
            gone += range(i0, i1)
            new += range(j0, j1)
    moved: list[Moved] = []
    for i in list(gone):  # a committed step found unchanged elsewhere: moved
        j = next((j for j in new if now[j] == before[i]), None)
        if j is not None:
            gone.remove(i)
            new.remove(j)
            at[i] = j
            moved.append(Moved(i, j))
    for tag, i0, i1, j0, j1 in matcher.get_opcodes():
        if tag == "replace":  # what is left of a replaced run, paired in order
            left = [i for i in range(i0, i1) if i in gone]
            right = [j for j in range(j0, j1) if j in new]
            for i, j in zip(left, right, strict=False):
                gone.remove(i)
                new.remove(j)
                at[i] = j
                pairs.append((i, j))
    return at, gone, new, moved, pairs


def _runs(indexes: Sequence[int]) -> list[tuple[int, int]]:
    """``indexes`` as runs of consecutive ones: (first, length)."""
    out: list[tuple[int, int]] = []
    for index in sorted(indexes):
        if out and out[-1][0] + out[-1][1] == index:
            out[-1] = (out[-1][0], out[-1][1] + 1)
        else:
            out.append((index, 1))
    return out


def _order(change: Change) -> tuple[int, int]:
    """A change's place in the list now (deletions where the step stood)."""
    return (change.now, 0 if isinstance(change, Deleted) else 1)
