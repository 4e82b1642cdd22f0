"""What one run read: the files each path list was expanded into and a
digest of every file's bytes as they were read.

The run cache (:mod:`dbnamelint.runner.runcache`) stores, with a run's output, a
digest of the files the output was computed from. Digesting the bytes the
run itself read, rather than reading every file again when the run ends,
costs no second walk of the tree and no second read, and a file edited
while the run was reading is stored as the run saw it (so the next run
reads it again instead of replaying output made from older bytes).

A log is active only between :func:`start` and :func:`stop` (the CLI's
``check`` while it records); outside one, nothing is kept.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Hashable


def digest(*parts: str | bytes) -> str:
    """Hex BLAKE2b (20 bytes) of ``parts``, each followed by a NUL byte;
    ``str`` parts are UTF-8 encoded (lone surrogates kept)."""
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        h.update(part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


class ReadLog:
    """``digests``: normalised absolute path -> :func:`digest` of the bytes
    read; ``discoveries``: a discovery's key -> what it found."""

    __slots__ = ("digests", "discoveries")

    def __init__(self) -> None:
        self.digests: dict[str, str] = {}
        self.discoveries: dict[Hashable, object] = {}

    def digest_of(self, path: str) -> str | None:
        """The digest of the bytes read from ``path`` (absolute), if it was read."""
        return self.digests.get(os.path.normpath(path))


class _Current:
    log: ReadLog | None = None


def start() -> ReadLog:
    """Begin a log (replacing any active one) and return it."""
    _Current.log = ReadLog()
    return _Current.log


def stop(log: ReadLog) -> None:
    """End ``log`` if it is the active one."""
    if _Current.log is log:
        _Current.log = None


def current() -> ReadLog | None:
    """The active log, or None."""
    return _Current.log


def note_bytes(path: str, data: bytes) -> None:
    """Record that ``data`` was read from ``path`` (absolute), when a log is active."""
    log = _Current.log
    if log is not None:
        log.digests[os.path.normpath(path)] = digest(data)
