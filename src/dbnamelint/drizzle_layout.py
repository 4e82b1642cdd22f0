"""drizzle-kit's SQL migrations: which files drizzle's migrator runs, in which order, and how.

Read in drizzle-orm's source (``drizzle-orm/src/migrator.ts``
``readMigrationFiles``, and each dialect's ``migrate``, 0.x releases):

- a migrations folder (drizzle-kit's ``out``, ``drizzle/`` by default) holds
  ``meta/_journal.json``, whose ``entries`` (``idx``, ``version``, ``when``,
  ``tag``, ``breakpoints``) name the migrations: the migrator runs
  ``<folder>/<tag>.sql`` for each entry, in the journal's order, and no
  other file of the folder;
- each file's text is cut at every ``--> statement-breakpoint``
  (``query.split('--> statement-breakpoint')``), wherever it stands (after a
  ``--`` comment or a statement on the same line too), and each piece is
  sent to the database on its own;
- a database records each migration's ``when`` (``created_at`` of
  ``__drizzle_migrations``) and runs only the entries whose ``when`` is
  above the latest one recorded;
- the journal's ``dialect`` (``postgresql``, ``mysql``, ``sqlite``,
  ``turso``, ``singlestore``) names the database.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from msgspec import Struct

from dbnamelint.core import readlog

#: What drizzle-kit writes between two statements; drizzle's migrator cuts there.
BREAKPOINT = "--> statement-breakpoint"
#: The journal, relative to the migrations folder.
JOURNAL = "meta/_journal.json"
_MAX_JOURNAL_BYTES = 5_000_000
#: The journal's ``dialect`` as dbnamelint names it.
_DIALECTS = {
    "postgresql": "postgres",
    "postgres": "postgres",
    "pg": "postgres",
    "mysql": "mysql",
    "singlestore": "mysql",
    "sqlite": "sqlite",
    "turso": "sqlite",
}


class Journal(Struct, frozen=True):
    """What ``meta/_journal.json`` says: the entries' tags in order (the file of
    each is ``<tag>.sql`` beside ``meta/``), their ``when`` (milliseconds;
    None where missing), and the dialect (dbnamelint's name; None unknown)."""

    tags: tuple[str, ...]
    whens: tuple[int | None, ...]
    dialect: str | None


def journal_file(folder: Path) -> Path:
    """The journal of the migrations folder ``folder``."""
    return folder / JOURNAL


def has_journal(folder: str) -> bool:
    """Whether the folder ``folder`` (text) holds ``meta/_journal.json``."""
    return os.path.isfile(os.path.join(folder, "meta", "_journal.json"))  # noqa: PTH113,PTH118


def read_journal(folder: Path, staged: bytes | None = None) -> Journal | None:
    """The journal of ``folder`` (``staged``: its bytes as a pre-commit run
    reads them, from git's index), or None when it has none, or one that
    cannot be read as drizzle-kit writes it (not JSON, no ``entries`` list):
    drizzle's migrator then fails too ("Can't find meta/_journal.json file")."""
    path = journal_file(folder)
    readlog.note_path(str(path))
    try:
        if staged is None and path.stat().st_size > _MAX_JOURNAL_BYTES:
            return None
        data = json.loads(staged if staged is not None else path.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        return None
    tags: list[str] = []
    whens: list[int | None] = []
    for entry in data["entries"]:
        if isinstance(entry, dict) and isinstance(entry.get("tag"), str):
            tags.append(entry["tag"])
            when = entry.get("when")
            whens.append(when if isinstance(when, int) and not isinstance(when, bool) else None)
    dialect = data.get("dialect")
    named = _DIALECTS.get(dialect.lower()) if isinstance(dialect, str) else None
    return Journal(tuple(tags), tuple(whens), named)


def entry_whens(data: bytes | None) -> dict[str, int | None]:
    """Each journal entry's ``when`` by tag, from a journal's bytes (``git
    show`` of a commit's, or the file's); empty when there are none or the
    bytes are no journal. The first entry of a tag wins."""
    if data is None:
        return {}
    try:
        parsed = json.loads(data)
    except ValueError:
        return {}
    entries = parsed.get("entries") if isinstance(parsed, dict) else None
    out: dict[str, int | None] = {}
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict) and isinstance(entry.get("tag"), str):
            when = entry.get("when")
            ok = isinstance(when, int) and not isinstance(when, bool)
            out.setdefault(entry["tag"], when if ok else None)
    return out


def breakpoints(text: str) -> list[int]:
    """Offsets of every ``--> statement-breakpoint`` in ``text``, in order."""
    out: list[int] = []
    at = text.find(BREAKPOINT)
    while at >= 0:
        out.append(at)
        at = text.find(BREAKPOINT, at + len(BREAKPOINT))
    return out


def pieces(text: str) -> list[tuple[int, str]]:
    """``text`` cut as drizzle's migrator cuts it: ``(offset, piece)`` each."""
    out: list[tuple[int, str]] = []
    start = 0
    for at in breakpoints(text):
        out.append((start, text[start:at]))
        start = at + len(BREAKPOINT)
    out.append((start, text[start:]))
    return out
