"""Atlas's ``atlas.sum``: kept in step when a migration joins an Atlas-managed folder.

``atlas migrate`` refuses a migration directory whose files do not match
its ``atlas.sum`` ("checksum mismatch"), so a folder that has one gets it
rewritten with the new files. The algorithm is Atlas's own
(``ariga.io/atlas/sql/migrate``: ``NewHashFile``, ``HashFile.Sum`` and
``HashFile.MarshalText`` in ``dir.go``):

- the files are the folder's ``*.sql`` (Atlas's format, goose, dbmate) or
  ``*.up.sql`` (golang-migrate, ``sqltool.GolangMigrateDir``), sorted by
  name as bytes;
- one SHA-256 runs over them in that order: each file's name, then its
  bytes, and each file's line is ``<name> h1:<base64 of the digest so
  far>``; a file whose first line is an ``atlas:sum ignore`` directive adds
  its name to the running digest but not its bytes, and has no line;
- the first line is ``h1:`` + base64 SHA-256 over every line's name and
  hash (without ``h1:``), in order.

Which pattern a folder uses is read from its ``atlas.sum`` (every listed
name ends in ``.up.sql``: golang-migrate), and the existing file must be
exactly what the algorithm gives for the folder as it is: a sum that
already disagrees (another tool's layout, Flyway's ordering, files edited
since ``atlas migrate hash``) is left alone with a note rather than
rewritten on a guess.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.services.migrate.layout import NewFile

SUM_FILE = "atlas.sum"
#: Atlas's ``reDirective`` (Go's ``\w`` and ``.`` are ASCII / not newline, as here).
_DIRECTIVE = lazy_compile(rb"([ -~]*)atlas:(\w+)(?: +(.+))*", re.ASCII)


def _ignored(content: bytes) -> bool:
    """Whether the file opens with ``atlas:sum ignore`` (Atlas's ``directive``)."""
    found = _DIRECTIVE.match(content)
    return found is not None and found[2] == b"sum" and found[3] == b"ignore"


def _b64(digest: bytes) -> str:
    return base64.b64encode(digest).decode("ascii")


def hash_file(files: Iterable[tuple[str, bytes]]) -> list[tuple[str, str]]:
    """``(name, hash)`` per file, as Atlas's ``NewHashFile`` computes them.

    ``files`` are ``(name, content)`` in Atlas's order (sorted by name);
    ``hash`` is base64 without the ``h1:`` prefix.
    """
    running = hashlib.sha256()
    out: list[tuple[str, str]] = []
    for name, content in files:
        running.update(name.encode("utf-8"))
        if _ignored(content):
            continue
        running.update(content)
        out.append((name, _b64(running.copy().digest())))
    return out


def sum_text(entries: Sequence[tuple[str, str]]) -> str:
    """The whole ``atlas.sum`` text for ``entries`` (``HashFile.MarshalText``)."""
    total = hashlib.sha256()
    for name, digest in entries:
        total.update(name.encode("utf-8"))
        total.update(digest.encode("ascii"))
    lines = "".join(f"{name} h1:{digest}\n" for name, digest in entries)
    return f"h1:{_b64(total.digest())}\n{lines}"


def listed_names(text: str) -> list[str]:
    """The file names an ``atlas.sum`` lists (lines after the first)."""
    return [line.split("h1:", 1)[0].strip() for line in text.splitlines()[1:] if line.strip()]


def _suffix(text: str) -> str:
    names = listed_names(text)
    return ".up.sql" if names and all(n.endswith(".up.sql") for n in names) else ".sql"


def folder_sum(folder: Path, suffix: str, extra: Mapping[str, bytes] | None = None) -> str:
    """The ``atlas.sum`` text of ``folder``'s ``*suffix`` files plus ``extra`` (name -> bytes)."""
    contents = {
        p.name: p.read_bytes() for p in folder.iterdir() if p.name.endswith(suffix) and p.is_file()
    }
    contents.update({n: b for n, b in (extra or {}).items() if n.endswith(suffix)})
    ordered = sorted(contents.items(), key=lambda item: item[0].encode("utf-8"))
    return sum_text(hash_file(ordered))


def sum_updates(files: Sequence[NewFile]) -> tuple[list[NewFile], list[Path]]:
    """(``atlas.sum`` rewrites for the folders ``files`` add migrations to, stale sums).

    Each rewrite replaces the current text (written only if it still reads
    so). An ``atlas.sum`` that does not match its folder today is left
    alone and returned in the second list. Raises ``OSError`` when a folder
    cannot be read.
    """
    by_folder: dict[Path, dict[str, bytes]] = {}
    for new in files:
        if new.replaces is None:
            by_folder.setdefault(new.path.parent, {})[new.path.name] = new.text.encode("utf-8")
    updates: list[NewFile] = []
    stale: list[Path] = []
    for folder, added in by_folder.items():
        path = folder / SUM_FILE
        if not path.is_file():
            continue
        current = path.read_bytes().decode("utf-8", "replace")
        suffix = _suffix(current)
        if not any(name.endswith(suffix) for name in added):
            continue
        if folder_sum(folder, suffix) != current:
            stale.append(path)
            continue
        updates.append(NewFile(path, folder_sum(folder, suffix, added), "atlas.sum", current))
    return updates, stale
