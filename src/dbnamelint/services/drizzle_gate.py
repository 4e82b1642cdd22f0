"""The gate on drizzle-kit's journal: an applied migration's entry whose ``when`` changed.

drizzle's migrator records each migration it runs by the ``when`` of its
journal entry (``created_at`` of ``__drizzle_migrations``) and runs the
entries whose ``when`` is above the latest one recorded (drizzle-orm
``migrator.ts``, each dialect's ``migrate``). A committed entry whose
``when`` this change raises runs again on every database that ran it (a
``CREATE TABLE`` in it then fails: "already exists", trial s27 openstatus); one
whose ``when`` it lowers makes databases that have not run it yet skip it
after any later one. Either is history rewritten: ``DBN025``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path

from dbnamelint.drizzle_layout import JOURNAL, entry_whens
from dbnamelint.gitutil import relative_to_repo, repository_root, show_bytes
from dbnamelint.model import Diagnostic, Location, Severity, SourceFile
from dbnamelint.services.edited_history import EDITED_MIGRATION_CODE


def journal_edits(
    files: Sequence[SourceFile], cwd: Path, commit: str, ref: str
) -> list[Diagnostic]:
    """One ``DBN025`` error per entry of a drizzle journal (of the folders of
    ``files``) that ``commit`` holds with another ``when``, located at the
    entry's ``tag`` line in the journal as it is now. Reads the journal and
    ``git show commit:<journal>``; raises :class:`~dbnamelint.gitutil.GitError`
    when git fails."""
    folders = sorted({Path(os.path.normpath(cwd / f.path)).parent for f in files if f.drizzle})
    if not folders:
        return []
    repo = repository_root(cwd)
    out: list[Diagnostic] = []
    for folder in folders:
        journal = folder / JOURNAL
        rel = relative_to_repo(repo, journal)
        if rel is None:
            continue
        before = entry_whens(show_bytes(repo, commit, rel))
        try:
            text = journal.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        now = entry_whens(text.encode("utf-8"))
        shown = Path(os.path.relpath(journal, cwd)).as_posix()
        for tag, when in now.items():
            old = before.get(tag)
            if old is None or old == when:
                continue
            line = _line_of(text, tag)
            effect = (
                "every database that ran it runs it again, as its when is now above the one "
                "it recorded (a CREATE TABLE or ADD COLUMN in it then fails: already exists)"
                if when is not None and when > old
                else "a database that has not run it yet skips it once it ran a later entry"
            )
            out.append(
                Diagnostic(
                    Location(shown, line, 1),
                    Severity.ERROR,
                    f"drizzle's journal entry {tag} was committed at {ref} with when {old}, "
                    f"and this change makes it {when}: drizzle's migrator records a migration "
                    f"by its when (created_at of __drizzle_migrations), so {effect}; restore "
                    f"its when",
                    EDITED_MIGRATION_CODE,
                )
            )
    return out


def _line_of(text: str, tag: str) -> int:
    """The 1-based line of ``tag``'s entry in the journal's ``text`` (1 if not found)."""
    at = text.find(json.dumps(tag))
    return text.count("\n", 0, at) + 1 if at >= 0 else 1
