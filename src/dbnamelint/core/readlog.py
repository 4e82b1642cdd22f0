"""What one run read: the files each path list was expanded into and a
digest of every file's bytes as they were read.

The run cache (:mod:`dbnamelint.runner.runcache`) stores, with a run's output, a
digest of the files the output was computed from. Digesting the bytes the
run itself read, rather than reading every file again when the run ends,
costs no second walk of the tree and no second read, and a file edited
while the run was reading is stored as the run saw it (so the next run
reads it again instead of replaying output made from older bytes).

A log also keeps the ``stat`` signature of every folder a discovery
listed and every file it looked at or read, taken *before* looking, and the
time the log started. A later run whose signatures all hold, none of them
taken from a file changed within :data:`RACY_NS` of that start, would find
and read the same bytes again (:mod:`dbnamelint.runner.runcache` then skips
the walk and the reads). Git's index trusts ``stat`` data the same way and
has the same "racily clean" rule: a file changed in the same clock tick as
its signature was taken may change again without changing the signature.

A log is active only between :func:`start` and :func:`stop` (the CLI's
``check`` while it records); outside one, nothing is kept.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import time
from collections.abc import Hashable

#: A signature taken from a file or folder changed less than this long
#: (nanoseconds) before the log started is not trusted: file times come
#: from a coarse clock (a jiffy on Linux, two seconds on FAT).
RACY_NS = 3_000_000_000

#: ``stat`` signature: mode, inode, device, size, mtime and ctime in ns;
#: ``[]`` for a path that did not exist. The ctime changes on every write
#: and cannot be set back by ``touch`` or ``rsync -t``, as the mtime can.
Signature = list[int]


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

    __slots__ = ("digests", "discoveries", "scratch", "side", "signatures", "stampable", "started")

    def __init__(self) -> None:
        self.digests: dict[str, str] = {}
        self.discoveries: dict[Hashable, object] = {}
        #: absolute path -> :data:`Signature`, the first taken in this log
        self.signatures: dict[str, Signature] = {}
        self.started = time.time_ns()
        #: False once a discovery depended on something signatures do not
        #: cover (a glob's matches): the run can then only be checked by
        #: walking and reading again.
        self.stampable = True
        #: Files and folders outside the checked tree that the result
        #: depends on (a Prisma schema beside its migrations, a
        #: ``package.json`` that may name it), present or not: the run
        #: cache checks each again on every lookup.
        self.side: set[str] = set()
        #: Folders the run wrote and removed (the gate's copy of the base
        #: tree): what was read there is keyed by git's state, not by stat.
        self.scratch: list[str] = []

    def stamped_signatures(self) -> dict[str, Signature]:
        """:attr:`signatures` without the paths under a :attr:`scratch` folder,
        which no later run finds again (their signatures could never hold)."""
        if not self.scratch:
            return dict(self.signatures)
        below = tuple(folder + os.sep for folder in self.scratch)
        return {p: s for p, s in self.signatures.items() if not p.startswith(below)}

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


def signature(st: os.stat_result) -> Signature:
    """The :data:`Signature` of a ``stat`` result."""
    return [st.st_mode, st.st_ino, st.st_dev, st.st_size, st.st_mtime_ns, st.st_ctime_ns]


def signature_of(path: str) -> Signature:
    """The :data:`Signature` of ``path`` now (``os.stat``, through symlinks)."""
    try:
        return signature(os.stat(path))  # noqa: PTH116 - str paths: no Path per file
    except (OSError, ValueError):
        return []


def note_path(path: str) -> None:
    """Record ``path``'s signature (a folder about to be listed, a file about
    to be looked at or read; one that does not exist), when a log is active."""
    log = _Current.log
    if log is not None:
        key = os.path.normpath(path)
        if key not in log.signatures:
            log.signatures[key] = signature_of(key)


def note_stat(path: str, st: os.stat_result) -> None:
    """Record the ``stat`` of a file opened for reading (``os.fstat`` before
    reading it), when a log is active."""
    log = _Current.log
    if log is not None:
        log.signatures.setdefault(os.path.normpath(path), signature(st))


def note_side(path: str) -> None:
    """Record that the run's result depends on ``path`` (absolute; a file or a
    folder's listing, present or not) outside the checked tree, when a log is active."""
    log = _Current.log
    if log is not None:
        key = os.path.normpath(path)
        log.side.add(key)
        note_path(key)


def note_scratch(folder: str) -> None:
    """Record that ``folder`` (absolute) is the run's own scratch copy, removed
    when the run ends, when a log is active (see :meth:`ReadLog.stamped_signatures`)."""
    log = _Current.log
    if log is not None:
        log.scratch.append(os.path.normpath(folder))


def note_unstampable() -> None:
    """Record that the active log's run cannot be checked by signatures alone."""
    log = _Current.log
    if log is not None:
        log.stampable = False


def read_noting(path: str) -> bytes:
    """The bytes of ``path``, its signature (taken before reading) and digest
    recorded when a log is active; raises ``OSError`` as ``open`` does.

    Read through the descriptor (``os.open``, ``os.read``), not a buffered
    file object: ``open(path, "rb")`` also asks whether the file is a
    terminal (``ioctl``), where it stands (``lseek``) and its size twice,
    four system calls more per file of a tree that only wants its bytes.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), path)
        log = _Current.log
        if log is not None:
            note_stat(path, st)
        chunks = []
        size = max(st.st_size + 1, 8192)  # one read for the file, one to see its end
        while chunk := os.read(fd, size):
            chunks.append(chunk)
    finally:
        os.close(fd)
    data = chunks[0] if len(chunks) == 1 else b"".join(chunks)
    if log is not None:
        note_bytes(path, data)
    return data


def signatures_hold(signatures: dict[str, Signature], started: int) -> bool:
    """Whether every path still has its recorded signature, none of them
    taken from a path changed within :data:`RACY_NS` before ``started``."""
    limit = started - RACY_NS
    for path, recorded in signatures.items():
        if recorded and (recorded[4] >= limit or recorded[5] >= limit):
            return False
        if signature_of(path) != recorded:
            return False
    return True
