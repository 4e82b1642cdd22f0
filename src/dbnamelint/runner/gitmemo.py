"""This run's answers from git about ``HEAD``, the index and the working tree.

A pre-commit run asked git the same questions again in different places:
which commit ``HEAD`` is (the hook, the gate, the run cache at lookup and
again at store), the index (the run cache, twice), and what changed since
``HEAD`` (four ``git diff`` processes that two answer). Each answer holds
for one command, not longer: a test suite runs many commands in one process
with commits in between, so :mod:`dbnamelint.gitutil` keeps them here only
between :func:`start` and :func:`stop`, which the command line calls at the
start and end of every command (as it does for :mod:`.reads`). Library
callers and tests that call the services directly never start it, and ask
git every time.

Facts that never change (a commit's tree, a blob's bytes) are not kept
here: :mod:`dbnamelint.gitutil` keeps them for the process.
"""

from __future__ import annotations

#: Answers kept at most in one run (each a few strings or one git output).
MAX_ENTRIES = 256


class _Run:
    on = False
    kept: dict[tuple[str, ...], object] = {}


def start() -> None:
    """Keep this run's answers from now on; forget any earlier run's."""
    _Run.on = True
    _Run.kept = {}


def stop() -> None:
    """Keep nothing more, and forget this run's answers."""
    _Run.on = False
    _Run.kept = {}


def active() -> bool:
    """Whether a command is running (answers are kept)."""
    return _Run.on


def recall(key: tuple[str, ...]) -> object | None:
    """The answer kept under ``key`` in this run, or None."""
    return _Run.kept.get(key) if _Run.on else None


def remember(key: tuple[str, ...], answer: object) -> None:
    """Keep ``answer`` under ``key`` for the rest of the run (nothing outside one)."""
    if not _Run.on:
        return
    kept = _Run.kept
    if key not in kept and len(kept) >= MAX_ENTRIES:
        del kept[next(iter(kept))]
    kept[key] = answer
