"""The config's ``databases:`` folders and globs against the tree.

A database's folder that names nothing (a typo: ``apps/biling``) would put
the files meant for it in no database, silently, and a file two databases
list would be read into the first one only: both are said at the config
line that wrote the folder, as errors (exit 2), like a ``paths:`` entry
that names nothing.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Protocol

from dbnamelint.core import readlog
from dbnamelint.globs import GLOB_CHARS, PathGlob
from dbnamelint.model import Diagnostic, Location, Severity, WrittenPath

#: :data:`~dbnamelint.frontends.sql.sources.MISSING_CODE`: a path names nothing.
MISSING_CODE = "DBN002"
#: A file two databases' folders or globs list (``file-in-two-databases``).
LISTED_TWICE_CODE = "DBN027"

#: (glob, database, where the config wrote it) of each database pattern.
DatabaseGlob = tuple[PathGlob, str, "WrittenPath | None"]


class Override(Protocol):
    """What these checks read of a compiled ``per_path``/``databases:`` pattern."""

    @property
    def glob(self) -> PathGlob: ...
    @property
    def database(self) -> str | None: ...
    @property
    def written(self) -> WrittenPath | None: ...


def unmatched(written: Iterable[tuple[str, WrittenPath]], root: Path) -> list[Diagnostic]:
    """``DBN002`` at each ``(database, written path)`` that names nothing below
    ``root``: a folder or file that does not exist, a glob no file or folder
    matches. As for ``paths:``, an existing folder without SQL files is no
    typo, and what a run reads does not matter: the answer is the disk's."""
    out: list[Diagnostic] = []
    seen: set[str] = set()
    for database, where in written:
        if where.key in seen:
            continue
        seen.add(where.key)
        why = names_nothing(where.pattern, root)
        if why is None:
            continue
        out.append(
            Diagnostic(
                where.location,
                Severity.ERROR,
                f"{where.key}: {why}: {where.pattern!r} (relative to the config's folder): "
                f"database {database!r} gets no file from it (a typo reads the files meant "
                "for it into no database)",
                MISSING_CODE,
            )
        )
    return out


def names_nothing(pattern: str, root: Path) -> str | None:
    """Why ``pattern`` (a config glob, :class:`~dbnamelint.globs.PathGlob`'s
    meaning) names nothing below ``root``, or None when it names something."""
    text = pattern.strip().replace("\\", "/").removeprefix("./").rstrip("/")
    anchored = "/" in text  # as PathGlob: without a "/" it matches at any depth
    text = text.lstrip("/")
    if not GLOB_CHARS.search(text) and anchored:
        path = os.path.join(root, text)  # noqa: PTH118 - a string for the read log
        readlog.note_path(path)
        return None if os.path.lexists(path) else "no such file or directory"
    readlog.note_unstampable()  # a glob's answer is no one path's signature
    wanted = text if anchored else "**/" + text
    found = glob.iglob(wanted, root_dir=root, recursive=True)  # noqa: PTH207
    return None if next(found, None) is not None else "no file or folder matches this glob"


def listed_twice(
    globs: Sequence[DatabaseGlob], files: Sequence[tuple[str, str | None]]
) -> list[Diagnostic]:
    """``DBN027`` per pair of database patterns that both match some of
    ``files`` (each as shown and relative to the root), at the later one.

    The file is read into the first database that lists it, and each
    database's runner decides when it runs a file the other one runs too:
    no one replay order is the order of both, so the model cannot hold it
    in both. The user says which database it belongs to.
    """
    if len({database for _glob, database, _where in globs}) < 2:
        return []
    pairs: dict[tuple[int, int], list[str]] = {}
    for shown, rel in files:
        if rel is None:
            continue
        first: int | None = None
        others: set[str] = set()
        for index, (pattern, database, _where) in enumerate(globs):
            if not pattern.matches(rel):
                continue
            if first is None:
                first = index
            elif database != globs[first][1] and database not in others:
                others.add(database)
                pairs.setdefault((first, index), []).append(shown)
    return [_twice(globs[a], globs[b], listed) for (a, b), listed in pairs.items()]


def _twice(first: DatabaseGlob, second: DatabaseGlob, files: Sequence[str]) -> Diagnostic:
    _glob, one, one_where = first
    pattern, two, two_where = second
    location = two_where.location if two_where is not None else Location(files[0], 1, 1)
    more = f" and {len(files) - 1} more file{'s' if len(files) > 2 else ''}" if files[1:] else ""
    what = f"{two_where.key}: {two_where.pattern!r}" if two_where else repr(pattern.pattern)
    other = (
        f"{one_where.key}: {one_where.pattern!r}, at {one_where.location}"
        if one_where is not None
        else repr(first[0].pattern)
    )
    return Diagnostic(
        location,
        Severity.ERROR,
        f"{what} (database {two!r}) lists {files[0]}{more}, which database {one!r} lists "
        f"too ({other}): a file is read into one database ({one!r} here, so {two!r} lacks "
        "its objects), since when each database's runner runs it among its own migrations "
        "is not known. List it under one of them; a folder both databases run is a "
        "database of its own: name it under `databases:` (checked once, its rename "
        "migrations written into that folder, which both run)",
        LISTED_TWICE_CODE,
    )


def database_path_problems(
    overrides: Iterable[Override], root: Path, files: Sequence[tuple[str, str | None]]
) -> list[Diagnostic]:
    """:func:`unmatched` and :func:`listed_twice` for a plan's overrides
    (those without a database are not the config's ``databases:``)."""
    globs: list[DatabaseGlob] = [
        (o.glob, o.database, o.written) for o in overrides if o.database is not None
    ]
    written = [(database, where) for _glob, database, where in globs if where is not None]
    return [*unmatched(written, root), *listed_twice(globs, files)]
