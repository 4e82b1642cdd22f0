"""SQLite database files kept in a project's tree.

uptime-kuma keeps its base schema as a binary template, ``db/kuma.db``,
copied at first start before its SQL patches and Knex migrations run: the
tables it holds are in no file dbnamelint reads, and ``init`` said nothing
of it (trial s40). :func:`sqlite_databases` finds such files for ``init``
to name, with how to read their schema.
"""

from __future__ import annotations

import os
from pathlib import Path

#: The first 16 bytes of every SQLite database file (sqlite.org/fileformat.html).
_HEADER = b"SQLite format 3\x00"
#: The names SQLite database files are given.
_SUFFIXES = (".db", ".sqlite", ".sqlite3", ".db3")
#: Folders of dependencies, build output and tests' data, never the project's schema.
_SKIPPED = frozenset(
    {"node_modules", "vendor", "third_party", "target", "build", "dist", "venv", "site-packages"}
)


def sqlite_databases(root: Path, limit: int = 5) -> list[str]:
    """The SQLite database files under ``root`` (``/``-paths relative to it,
    in path order, at most ``limit``): a name of :data:`_SUFFIXES` whose
    first bytes are SQLite's header; hidden folders and dependencies' left out."""
    out: list[str] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIPPED)
        for name in sorted(files):
            if not name.lower().endswith(_SUFFIXES):
                continue
            path = Path(folder) / name
            try:
                with path.open("rb") as handle:
                    head = handle.read(len(_HEADER))
            except OSError:
                continue
            if head == _HEADER:
                out.append(path.relative_to(root).as_posix())
                if len(out) >= limit:
                    return out
    return out
