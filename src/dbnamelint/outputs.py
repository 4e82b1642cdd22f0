"""Writing reports and charts to ``--output-file``: atomic, errors as usage errors.

A full disk (``-o /dev/full``), a read-only folder or a path through a file
is the user's environment, not a bug: it is reported as one line naming the
file, with exit code 2 (like click's own unwritable ``File`` arguments),
never as "internal error".
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from dbnamelint.filemode import give_mode


class OutputError(Exception):
    """An output file could not be written; the message names it and the OS reason."""


def _fail(path: Path, exc: OSError) -> OutputError:
    return OutputError(f"{path}: cannot write: {exc.strerror or exc}")


def write_bytes_with(path: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(temp_path)`` and move the result onto ``path`` atomically.

    Missing folders are made (CI jobs name ``reports/x.sarif``). A target
    that exists but is not a regular file (``/dev/stdout``, a FIFO, a device)
    is written in place, since renaming over it would replace the device.
    A failed write leaves an existing report untouched.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            mode = None
        if mode is not None and not stat.S_ISREG(mode):
            write(path)
            return
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
        try:
            write(Path(temp))
            give_mode(Path(temp), path)
            Path(temp).replace(path)
        finally:
            Path(temp).unlink(missing_ok=True)
    except OSError as exc:
        raise _fail(path, exc) from None


def write_text(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` as :func:`write_bytes_with` does."""

    def write(target: Path) -> None:
        with target.open("w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())

    write_bytes_with(path, write)
