"""The SQL files a Go migration list's steps name: file steps.

shiori keeps its migrations as a Go list whose steps are either SQL files
or Go functions, run in the list's order (``internal/database/pg.go``)::

    var postgresMigrations = []migration{
        newFileMigration("0.0.0", "0.1.0", "postgres/0000_system"),
        newFuncMigration("0.1.0", "0.2.0", func(db *sql.DB) error {...}),
    }

``newFileMigration`` reads ``path.Join("migrations", name+".up.sql")``. A
step's string literal that names an existing SQL file is a file step,
whatever the constructor (or struct field) is called: relative to the Go
file's folder, to one of its subfolders (shiori's embedded
``migrations/``) or to the project root, as written or with ``.sql`` or
``.up.sql`` added, and ending in ``.sql``. Nothing is guessed beyond that:
a string that names no existing file is no file step. A rollback file
(``.down.sql``, ``.rollback.sql``, or the value of a ``Down:`` field) is not
run forward and is no file step. Reads the text and asks the file system
whether a file is there.
"""

from __future__ import annotations

import os
import re

from msgspec import Struct

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.impact.migration_lists import list_steps, migration_lists

#: Go comments (skipped: a commented-out step runs nothing) and string literals.
_TOKEN = lazy_compile(
    r'//[^\n]*|/\*.*?\*/|(?P<string>"(?:\\.|[^"\\\n])*"|`[^`]*`)',
    re.DOTALL,
)
#: A string that may be a file's path: no blanks, no format verbs, no SQL.
_PATHLIKE = lazy_compile(r"[\w.@+-]+(?:/[\w.@+-]+)*")
#: What a runner adds to the name (shiori: ``filename+".up.sql"``).
_SUFFIXES = ("", ".sql", ".up.sql")
#: A rollback's file, never run forward.
_ROLLBACK = lazy_compile(r"[._-](?:down|rollback|undo|revert)\.sql\Z", re.IGNORECASE)
#: A keyed field holding the rollback (``Down: "1_x.down.sql"``).
_DOWN_KEY = lazy_compile(r"\b(?:[Dd]own|DOWN|[Rr]ollback)\w*\s*:\s*\Z")


class FileStep(Struct, frozen=True):
    """One SQL file a step of a Go migration list runs."""

    #: Offset of the string literal naming it in the Go text.
    offset: int
    #: The file, ``/``-separated, relative to the Go file's folder.
    target: str
    #: The string as written, without its quotes (``postgres/0000_system``).
    written: str


def may_name_files(text: str) -> bool:
    """A cheap test before :func:`file_steps`: the text names a migration list."""
    return "igrat" in text.lower()


def file_steps(path: str, text: str, folder: str, root: str | None = None) -> list[FileStep]:
    """The file steps of the migration lists of Go file ``text`` at ``path``,
    in list order. ``folder`` is the Go file's folder on disk (``root``, the
    project's, is the last base a name is tried against)."""
    if not may_name_files(text):
        return []
    lists = migration_lists(path, text)
    if not lists:
        return []
    bases = _bases(folder, root)
    out: list[FileStep] = []
    for span in lists:
        for a, b in list_steps(text, span):
            for m in _TOKEN.finditer(text, a, b):
                if m.group("string") is None:
                    continue
                written = m.group()[1:-1]
                if not _PATHLIKE.fullmatch(written) or _DOWN_KEY.search(text, a, m.start()):
                    continue
                target = _resolve(written, bases, folder)
                if target is not None:
                    out.append(FileStep(m.start(), target, written))
    return out


def _bases(folder: str, root: str | None) -> list[str]:
    """Where a step's name is looked up: the Go file's folder, each of its
    subfolders (sorted, hidden ones aside), then the project root."""
    out = [folder]
    try:
        subs = sorted(e.name for e in os.scandir(folder) if e.is_dir() and not e.name.startswith("."))
    except OSError:
        subs = []
    out += [os.path.join(folder, s) for s in subs]  # noqa: PTH118
    if root is not None and os.path.realpath(root) != os.path.realpath(folder):
        out.append(root)
    return out


def _resolve(written: str, bases: list[str], folder: str) -> str | None:
    """The SQL file ``written`` names (relative to ``folder``), or None."""
    for base in bases:
        for suffix in _SUFFIXES:
            name = written + suffix
            if not name.lower().endswith(".sql") or _ROLLBACK.search(name):
                continue
            candidate = os.path.normpath(os.path.join(base, name))  # noqa: PTH118
            if os.path.isfile(candidate):  # noqa: PTH113
                return os.path.relpath(candidate, folder).replace(os.sep, "/")
    return None
