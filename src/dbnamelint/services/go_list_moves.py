"""A Go migration list's file renamed or moved with its steps: no deletion.

miniflux's runner records only how many steps a database ran
(``schema_version``), dex's likewise: the Go file holding the list means
nothing to it, so ``git mv internal/database/migrations.go
internal/database/migrations_pg.go`` runs nothing again. The gate saw the
list's file deleted and refused it (``DBN025 ... this change deletes it``:
trial confirm35 I1). Here a Go file the change deletes whose list a Go file
it adds holds, as git's rename detection pairs them (``git diff -M``: the
most similar added file, at least half the same), is that file's list: its
steps are compared with the committed ones by position as for an edit, so
the same steps in the same order (more after them) pass with an info note,
and a step removed, moved or rewritten on the way is ``DBN025`` at the new
file.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence

from dbnamelint.impact.migration_lists import migration_lists
from dbnamelint.model import Diagnostic, Location, Severity

#: git's default rename threshold (``-M50%``).
_SIMILAR = 0.5


def moved_list(
    rel: str, before: str, added: Sequence[str], now_text: Callable[[str], str | None]
) -> tuple[str, str] | None:
    """(path, text) of the Go file among ``added`` (repository paths) that
    holds the list of deleted ``rel`` (its committed text ``before``), or
    None; ``now_text`` reads an added file's text as the change has it."""
    best: tuple[str, str] | None = None
    score = _SIMILAR
    for other in added:
        if not other.lower().endswith(".go") or other == rel:
            continue
        text = now_text(other)
        if text is None or not migration_lists(other, text):
            continue
        ratio = difflib.SequenceMatcher(None, before, text, autojunk=False).ratio()
        if ratio >= score:
            best, score = (other, text), ratio
    return best


def moved_note(shown_before: str, shown_now: str, ref: str) -> Diagnostic:
    """The info note of a list's file moved with its steps."""
    return Diagnostic(
        Location(shown_now, 1, 1),
        Severity.INFO,
        f"the Go migration list committed at {ref} in {shown_before} is in {shown_now} now, "
        "with its committed steps in their order: its runner counts steps, not files, "
        "so nothing runs again (a step removed, moved or rewritten would be DBN025)",
        "DBN025",
    )
