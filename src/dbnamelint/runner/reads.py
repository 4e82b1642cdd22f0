"""This run's reads of files, kept for the rest of the run.

The gate (``check --base``, the pre-commit hook) reads every file twice: as
the working tree holds it and as the base commit does, and most files are
byte-identical in both. Reading depends only on the text and the file's
:class:`~dbnamelint.model.SourceFile` (dialect, module, search path,
database: the per-file cache's key, :meth:`.readcache.FileCache.key`), so
the second read of the same bytes as the same kind of file is the first
one's result, moved to its path as the per-file cache moves an entry (the
base tree is read from a temporary folder): the facts are kept as read, and
a read of the same text at another path gets them encoded as a cache entry
(:mod:`.cacheentry`) and decoded for its path, so a run that reads every
file once pays nothing but a dictionary entry per file. With the per-file
cache on, its pending entries already serve it; with ``--no-cache`` this
memo does: under callgrind, the hook on an unchanged 1,010-line file with
``--no-cache`` went from 1,601 M to 1,518 M instructions, and ``check
--base HEAD --no-cache`` of the temporal corpus tree from 4,399 M to 3,847 M.

It holds nothing until the command line calls :func:`start` at the start of
a command and :func:`stop` at its end, so library callers and tests that
change the reader between reads are never served a stale result, and every
run in one process (``CliRunner``) starts afresh. Bounded by
:data:`MAX_CHARS` of text, the oldest reads dropped first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a run the run cache replays imports nothing of reading
    from dbnamelint.model import SourceFile
    from dbnamelint.runner.cacheentry import FileFacts

#: Characters of text kept at most (about 64 MB of SQL as str).
MAX_CHARS = 64_000_000


#: What reading depends on besides the text: ``FileCache.key``'s fields.
Kind = tuple[str, str | None, bool, tuple[str, ...] | None, str | None]


class _Run:
    on = False
    kept: dict[tuple[Kind, str], FileFacts] = {}
    chars = 0


def _kind(source: SourceFile) -> Kind:
    return (
        source.dialect,
        source.module,
        source.dialect_guessed,
        None if source.search_path is None else tuple(source.search_path),
        source.database,
    )


def start() -> None:
    """Keep this run's reads from now on; forget any earlier run's."""
    _Run.on = True
    _Run.kept = {}
    _Run.chars = 0


def stop() -> None:
    """Keep nothing more, and forget this run's reads."""
    _Run.on = False
    _Run.kept = {}
    _Run.chars = 0


def recall(source: SourceFile, text: str) -> FileFacts | None:
    """The facts this run read from ``text`` as a file like ``source``, at
    ``source``'s path; None when it did not."""
    if not _Run.on:
        return None
    facts = _Run.kept.get((_kind(source), text))
    if facts is None or facts.source.path == source.path:
        return facts
    from dbnamelint.runner.cacheentry import decode, encode

    data = encode(facts, text)
    return None if data is None else decode(data, source.path)


def remember(source: SourceFile, text: str, facts: FileFacts) -> None:
    """Keep ``facts`` read from ``text`` as ``source`` for the rest of the run."""
    if not _Run.on or len(text) > MAX_CHARS:
        return
    key = (_kind(source), text)
    if key in _Run.kept:
        return
    kept = _Run.kept
    while kept and _Run.chars + len(text) > MAX_CHARS:
        old = next(iter(kept))
        del kept[old]
        _Run.chars -= len(old[1])
    kept[key] = facts
    _Run.chars += len(text)
