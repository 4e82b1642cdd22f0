"""What a knexfile says of its migrations: their folders and the extensions Knex loads.

Read from the text (no JavaScript is run): the ``migrations: { ... }`` object's
``directory`` (a string or an array of strings, relative to the knexfile's
folder, where the knex CLI runs) and ``loadExtensions`` (an array of
strings). A value that is no literal (``path.join(__dirname, ...)``) is not
read: Knex's defaults then stand (``./migrations``; ``DEFAULT_LOAD_EXTENSIONS``
of ``knex/lib/migrations/common/MigrationsLoader.js``).
"""

from __future__ import annotations

import re
from pathlib import Path

from msgspec import Struct

#: Knex 3's ``DEFAULT_LOAD_EXTENSIONS``.
DEFAULT_LOAD_EXTENSIONS = (
    ".co",
    ".coffee",
    ".eg",
    ".iced",
    ".js",
    ".cjs",
    ".litcoffee",
    ".ls",
    ".ts",
)
#: The knexfile names the knex CLI looks for (``knexfile.js`` and its kin).
KNEXFILES = ("knexfile.js", "knexfile.cjs", "knexfile.mjs", "knexfile.ts", "knexfile.mts")

_STRING = r"""(?:'[^'\\\n]*'|"[^"\\\n]*"|`[^`\\$]*`)"""
_DIRECTORY = re.compile(
    rf"\bdirectory\s*:\s*({_STRING}|\[\s*{_STRING}(?:\s*,\s*{_STRING})*\s*,?\s*\])"
)
_EXTENSIONS = re.compile(rf"\bloadExtensions\s*:\s*(\[\s*{_STRING}(?:\s*,\s*{_STRING})*\s*,?\s*\])")
_ITEM = re.compile(_STRING)


class KnexSettings(Struct, frozen=True):
    """A knexfile's migration folders (absolute; empty: not read) and the
    extensions Knex loads (empty: not read, Knex's default)."""

    knexfile: Path
    directories: tuple[Path, ...]
    load_extensions: tuple[str, ...]


def find_knexfile(folder: Path) -> Path | None:
    """The nearest knexfile at or above ``folder``, up to the repository's top."""
    for parent in (folder, *folder.parents):
        for name in KNEXFILES:
            if (parent / name).is_file():
                return parent / name
        if (parent / ".git").exists():
            return None
    return None


def _strings(found: str) -> list[str]:
    return [m.group(0)[1:-1] for m in _ITEM.finditer(found)]


def knex_settings(folder: Path) -> KnexSettings | None:
    """What the knexfile above ``folder`` says, or None without one. Several
    environments saying different things: the first one written (a folder
    or extension list of another is not guessed)."""
    knexfile = find_knexfile(folder)
    if knexfile is None:
        return None
    try:
        text = knexfile.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    directory = _DIRECTORY.search(text)
    extensions = _EXTENSIONS.search(text)
    directories = (
        tuple(knexfile.parent / d for d in _strings(directory.group(1))) if directory else ()
    )
    return KnexSettings(
        knexfile,
        directories,
        tuple(_strings(extensions.group(1))) if extensions else (),
    )
