"""Writing reports and charts to ``--output-file``: atomic, errors as usage errors.

A full disk (``-o /dev/full``), a read-only folder or a path through a file
is the user's environment, not a bug: it is reported as one line naming the
file, with exit code 2 (like click's own unwritable ``File`` arguments),
never as "internal error".
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from dbnamelint import atomicfile


class OutputError(Exception):
    """An output file could not be written; the message names it and the OS reason."""


def _fail(path: Path, exc: OSError) -> OutputError:
    return OutputError(f"{path}: cannot write: {exc.strerror or exc}")


def write_bytes_with(path: Path, write: Callable[[Path], None]) -> None:
    """Call ``write(temp_path)`` and move the result onto ``path`` atomically.

    As :func:`dbnamelint.atomicfile.write_with`: a symlink is followed and
    its target replaced (never the link); a target that is not a regular
    file (``/dev/null``, ``/dev/stdout``, a FIFO, a terminal) is written in
    place. Missing folders are made (CI jobs name ``reports/x.sarif``). A
    failed write leaves an existing report untouched. Raises
    :class:`OutputError`.
    """
    try:
        atomicfile.write_with(path, write)
    except OSError as exc:
        raise _fail(path, exc) from None


def write_text(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` as :func:`write_bytes_with` does."""
    try:
        atomicfile.write_bytes(path, text.encode("utf-8"))
    except OSError as exc:
        raise _fail(path, exc) from None
