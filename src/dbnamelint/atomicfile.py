"""Writing a file the user named: through symlinks, atomically, devices in place.

Every file dbnamelint writes for the user (reports, charts, whitelists,
migrations, the run cache) goes through :func:`write_with`:

- a symlink is followed, hop by hop, to the path it finally names, and that
  file is replaced; the link itself is never replaced (``report.json ->
  ../shared/report.json`` keeps being a link; a dangling link's target is
  created, as ``echo > link`` does);
- a regular (or missing) target is written atomically: a temporary file in
  the target's own folder, flushed, given the target's permission bits
  (:mod:`dbnamelint.filemode`), then renamed over it (POSIX ``rename(2)``),
  so a reader sees the old file or the new one, never half;
- anything else (``/dev/null``, a terminal, a FIFO, ``/dev/stdout``) is
  opened and written in place, since renaming over it would replace the
  device node with a regular file. A link through a process's descriptor
  table (``/dev/stdout -> /proc/self/fd/1``, ``/dev/fd/N``) is written in
  place too, appending, whatever it points at: the user asked for that
  descriptor, not for the file it happens to be open on (a shell's
  ``>> log`` keeps its earlier lines).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from dbnamelint.filemode import give_mode

#: Linux's limit on links followed while resolving one path (``path_resolution(7)``).
_MAX_HOPS = 40
_DESCRIPTOR_TABLES = ("/proc/", "/dev/fd/")


def resolve_link(path: Path) -> tuple[Path, bool]:
    """``(final path, through a descriptor)`` for ``path``, links followed hop by hop.

    The final path is absolute, its folder canonical (no links in it); it
    may not exist (a dangling link names a file still to be made). The flag
    is true when a hop is a process's descriptor link (``/proc/<pid>/fd/N``),
    whose text is not a path to follow (``pipe:[123]``). Raises OSError
    (ELOOP) after 40 hops, as the kernel does.
    """
    current = Path(path).absolute()
    for _ in range(_MAX_HOPS):
        folder = current.parent.resolve()
        current = folder / current.name
        if not current.is_symlink():
            return current, False
        if f"{folder}/".startswith(_DESCRIPTOR_TABLES):
            return current, True
        current = folder / current.readlink()
    raise OSError(40, "Too many levels of symbolic links", str(path))


def write_with(
    path: Path,
    write: Callable[[Path], None],
    *,
    before_replace: Callable[[Path], None] | None = None,
) -> Path:
    """Have ``write(p)`` write the new content to ``p``, then put it at ``path``.

    ``p`` is a temporary file beside the final target (see the module text),
    or the target itself when it is not a regular file. ``before_replace``
    is called with the final target just before the rename (not for in-place
    writes), to refuse by raising. Missing folders are made. Returns the
    path written (the link's target). On any error the old file is left as
    it was and no temporary file remains; OSError propagates.
    """
    return _write_with(path, lambda target, _in_place: write(target), before_replace)


def write_bytes(
    path: Path,
    data: bytes,
    *,
    before_replace: Callable[[Path], None] | None = None,
    durable: bool = True,
) -> Path:
    """Write ``data`` to ``path`` as :func:`write_with` does, flushed to disk first
    (``durable=False``, for a cache: not flushed, still atomic).

    In place, the target is opened for appending, without truncating: a
    device or pipe ignores both, and a file behind ``/dev/stdout`` keeps
    what the shell (``>>``) or this run wrote to it before.
    """

    def write(target: Path, in_place: bool) -> None:
        with target.open("ab" if in_place else "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                sync(handle.fileno())

    return _write_with(path, write, before_replace, durable=durable)


def sync(fd: int) -> None:
    """``fsync`` a regular file's descriptor; a device, pipe or terminal is left alone
    (``fsync`` on ``/dev/null`` or a pipe fails with EINVAL)."""
    if stat.S_ISREG(os.fstat(fd).st_mode):
        os.fsync(fd)


def _write_with(
    path: Path,
    write: Callable[[Path, bool], None],
    before_replace: Callable[[Path], None] | None,
    *,
    durable: bool = True,
) -> Path:
    target, descriptor = resolve_link(path)
    try:
        mode: int | None = target.stat().st_mode
    except FileNotFoundError:
        if descriptor:
            raise
        mode = None
    if descriptor or (mode is not None and not stat.S_ISREG(mode)):
        write(target, True)
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    import tempfile  # here: it pulls in shutil, random and compressors; a replay writes nothing

    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    temp = Path(name)
    try:
        write(temp, False)
        give_mode(temp, target)
        if before_replace is not None:
            before_replace(target)
        temp.replace(target)
    finally:
        temp.unlink(missing_ok=True)
    if durable:
        _fsync_folder(target.parent)
    return target


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); harmless where unsupported."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
