"""Separate databases of one tree (config ``databases:``): which one a command works on.

``check`` judges every database of a tree, each its own catalog; a rename
migration and a comparison with a live database concern one database, so
``migrate`` and ``drift`` cut the tree to the one named with ``--database``.
"""

from __future__ import annotations

import os
from pathlib import Path

from msgspec.structs import replace

from dbnamelint.config import Settings
from dbnamelint.frontends.sql.database_paths import LISTED_TWICE_CODE
from dbnamelint.runner.pipeline import Loaded, cut
from dbnamelint.whitelist import Whitelist


class DatabaseChoiceError(Exception):
    """No ``--database`` for a tree of several, or one the tree does not hold."""


def choose_database(loaded: Loaded, wanted: str | None) -> Loaded:
    """The part of ``loaded`` that builds the separate database ``wanted``
    (``--database``; config ``databases:``), or all of it when the tree
    builds one database.

    A rename migration is SQL for one database: a tree of several is never
    planned whole. Raises :class:`DatabaseChoiceError` when the tree holds several
    and none is named, the one named has no file in the tree, or the config
    lists a file under two databases (DBN027: which one it builds is not known).
    """
    twice = next((d for d in loaded.diagnostics if d.code == LISTED_TWICE_CODE), None)
    if twice is not None:  # which database such a file builds is not known
        raise DatabaseChoiceError(f"{twice.location}: {twice.code} error: {twice.message}")
    names = {f.database for f in loaded.files}
    if wanted is None:
        if len(names) <= 1:
            return loaded
        listed = ", ".join(sorted(n for n in names if n))
        unnamed = (
            " (and files no database lists: name them under `databases:` to choose them)"
            if None in names
            else ""
        )
        raise DatabaseChoiceError(
            f"the tree holds {len(names)} separate databases (config `databases:`): "
            f"{listed}{unnamed}; name one with --database NAME"
        )
    if wanted not in names:
        known = ", ".join(sorted(n for n in names if n)) or "none"
        raise DatabaseChoiceError(
            f"--database {wanted!r}: no file read belongs to it "
            f"(the config's `databases:` read here: {known})"
        )
    if len(names) == 1:
        return loaded
    return cut(loaded, lambda f: f.database == wanted)


def in_database(whitelist: Whitelist, loaded: Loaded) -> Whitelist:
    """``whitelist`` without the entries of other separate databases than the
    one ``loaded`` builds (an entry's ``database:``); entries naming none
    stay (they name the object in every database)."""
    names = {f.database for f in loaded.files}
    if len(names) != 1:
        return whitelist
    (mine,) = names
    kept = tuple(e for e in whitelist.entries if e.database is None or e.database == mine)
    return replace(whitelist, entries=kept) if len(kept) != len(whitelist.entries) else whitelist


def listing_database(settings: Settings, path: Path) -> str | None:
    """The database whose ``databases:`` folder or glob (or ``per_path``
    ``database:`` item) lists ``path`` (absolute, or relative to the current
    directory): the first, as a file's own database is chosen; None when
    none lists it or it is outside the root."""
    relative = os.path.relpath(Path(path).absolute(), settings.root.absolute())
    if relative == ".." or relative.startswith(("../", "..\\")):
        return None
    relative = relative.replace("\\", "/")
    return next(
        (i.database for i in settings.per_path if i.database is not None and i.matches(relative)),
        None,
    )
