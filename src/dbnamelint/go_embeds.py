"""Migration folders a Go program embeds, and their siblings it does not.

Go programs ship their migrations inside the binary with ``//go:embed``
(Ory keto's ``internal/persistence/sql/persister.go``: ``//go:embed
migrations/sql/*.sql``). A folder beside the embedded one, under the same
parent, that no ``go:embed`` names is not what the program runs: keto's
``migrations/templates/`` holds the frozen fizz sources of ``sql/`` and
``migrations/namespace_migrations/`` an old layout. Read with ``sql/``,
their older ``CREATE TABLE``s replaced the real tables in every copy of the
model (trial s24 confirmation). ``init`` leaves such siblings out.

A pattern is matched as ``go:embed`` does (Go's ``path.Match`` per file
name; a folder pattern embeds the folder's files), relative to the Go
file's folder. Reads text only; a folder no Go file embeds anything in (or
near) is left alone: most projects read migrations from disk.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.fixture_paths import is_test_file

#: ``//go:embed a b "c d"`` at a line's start.
_EMBED = lazy_compile(r"(?m)^\s*//go:embed\s+(.+)$")
_WORD = lazy_compile(r'"([^"]*)"|`([^`]*)`|(\S+)')
#: Dependency and build folders, never the program's own code.
_SKIPPED = frozenset({"node_modules", "vendor", "third_party", ".git"})


def embedded_patterns(root: Path) -> list[PurePosixPath]:
    """Every ``go:embed`` pattern of the Go files under ``root`` (tests and
    vendored code aside), as a ``/`` path relative to ``root``."""
    out: list[PurePosixPath] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in _SKIPPED]
        for name in files:
            if not name.endswith(".go"):
                continue
            path = Path(folder, name)
            rel = path.relative_to(root).as_posix()
            if is_test_file(rel):
                continue
            try:
                text = path.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            if "go:embed" not in text:
                continue
            base = PurePosixPath(rel).parent
            for line in _EMBED.finditer(text):
                for pattern in embed_words(line.group(1)):
                    out.append(base / pattern.removeprefix("./"))
    return out


def embed_words(arguments: str) -> list[str]:
    """The patterns of a ``//go:embed`` line's ``arguments`` (quoted ones unquoted)."""
    return [next(g for g in w.groups() if g is not None) for w in _WORD.finditer(arguments)]


def embeds(pattern: PurePosixPath, file: PurePosixPath) -> bool:
    """Whether ``pattern`` embeds ``file`` (both relative to one folder)."""
    return _embeds(pattern, file)


def _embeds(pattern: PurePosixPath, file: PurePosixPath) -> bool:
    """Whether ``pattern`` embeds ``file`` (both relative to one root): the
    file itself, or a folder holding it."""
    return len(pattern.parts) <= len(file.parts) and all(
        fnmatchcase(f, p) for f, p in zip(file.parts, pattern.parts, strict=False)
    )


def unembedded_siblings(files: Iterable[str], root: Path) -> set[str]:
    """Folders (relative, ``/``) of ``files`` (paths relative to ``root``)
    that no ``go:embed`` names while a sibling folder's files are embedded."""
    patterns = embedded_patterns(root)
    if not patterns:
        return set()
    embedded: set[PurePosixPath] = set()
    folders: set[PurePosixPath] = set()
    for rel in files:
        file = PurePosixPath(rel)
        folders.add(file.parent)
        if any(_embeds(p, file) for p in patterns):
            embedded.add(file.parent)
    out: set[str] = set()
    for folder in folders - embedded:
        beside = any(e.parent == folder.parent and e != folder for e in embedded)
        if beside and not any(e.is_relative_to(folder) for e in embedded):
            out.add(folder.as_posix())
    return out
