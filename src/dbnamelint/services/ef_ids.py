"""EF Core migration ids a change replaces: a history rewrite (``DBN025``).

EF Core records an applied migration by its id (``__EFMigrationsHistory.
MigrationId``), the ``[Migration("<id>")]`` attribute of its class (``dotnet
ef`` writes it in ``<id>.Designer.cs``). A committed migration re-timestamped
(files renamed to ``20261201000000_X.cs`` and the attribute changed: trial
confirm39 s16c) is a new migration to every database that ran the old one:
EF runs its ``Up`` again (its ``AddColumn`` fails: the column exists), and
the old id's record stays. A ``git mv`` keeping the id is the same
migration (passes); a file deleted outright is the deletion's ``DBN025``
(:func:`dbnamelint.services.code_ddl.removed_history`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from dbnamelint.code_builders import CS_MIGRATION_ID
from dbnamelint.gitutil import now_bytes, show_bytes
from dbnamelint.model import Diagnostic, Location, Severity
from dbnamelint.services.code_text import code_text

__all__ = ["replaced_ef_ids"]

CODE = "DBN025"


def _ids(data: bytes | None) -> list[tuple[str, int]]:
    """The ``[Migration]`` ids of a C# file's bytes, with their lines."""
    if data is None:
        return []
    text = code_text(data)
    return [
        (m.group("id"), text.count("\n", 0, m.start()) + 1) for m in CS_MIGRATION_ID.finditer(text)
    ]


def replaced_ef_ids(
    repo: Path,
    cwd: Path,
    commit: str,
    ref: str,
    staged: bool,
    statuses: Sequence[tuple[str, str]],
) -> list[Diagnostic]:
    """``DBN025`` at each C# file the change adds or edits whose
    ``[Migration("<id>")]`` id is new while an id the base's changed (or
    deleted) C# files held is gone: an applied EF Core migration's id changed."""
    changed = [(st, rel) for st, rel in statuses if rel.lower().endswith(".cs")]
    if not changed:
        return []
    before: dict[str, str] = {}
    for st, rel in changed:
        if st in ("M", "D"):
            for found, _line in _ids(show_bytes(repo, commit, rel)):
                before.setdefault(found, rel)
    if not before:
        return []
    now: dict[str, tuple[str, int]] = {}
    for st, rel in changed:
        if st in ("A", "M"):
            for found, line in _ids(now_bytes(repo, rel, staged)):
                now.setdefault(found, (rel, line))
    gone = [i for i in before if i not in now]
    fresh = [i for i in now if i not in before]
    out: list[Diagnostic] = []
    for old, new in zip(gone, fresh, strict=False):
        rel, line = now[new]
        shown = Path(os.path.relpath(repo / rel, cwd)).as_posix()
        out.append(
            Diagnostic(
                Location(shown, line, 1),
                Severity.ERROR,
                f"this change replaces the id of EF Core migration {old} (committed at {ref}) "
                f"with {new}: EF Core records an applied migration by its id "
                "(__EFMigrationsHistory.MigrationId), so every database that ran it finds no "
                "record of the new id and runs its Up again (what it creates exists there: "
                "the update fails), while the old id's record stays: restore the id and the "
                "file names, and write any change as a new migration",
                CODE,
            )
        )
    return out
