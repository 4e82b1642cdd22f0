"""Reading small files we do not trust: regular files only, bounded, never blocking.

Apart from :mod:`.yamlsafe` (which parses what these read) so that code that
only needs a config-like file's bytes, such as the whitelist cache's lookup,
does not import PyYAML.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

#: Largest config/whitelist file read (bytes). A 20,000-entry whitelist is
#: about 1.2 MB; PyYAML needs ~50x the text in memory, so this bounds that too.
MAX_FILE_BYTES = 32 * 1024 * 1024


class SafeYamlError(Exception):
    """Input refused or unreadable; ``line``/``column`` are 1-based (1, 1 when unknown)."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column

    def __str__(self) -> str:
        return f"{self.line}:{self.column}: {self.message}"


def _describe_mode(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_regular_bytes(path: Path, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file, at most ``max_bytes`` of them.

    The file is opened non-blocking and checked with ``fstat`` on the open
    descriptor, so a FIFO is refused instead of blocking and a device
    instead of reading forever, with no race between check and read.
    Raises ``FileNotFoundError`` when missing (callers word that themselves)
    and :class:`SafeYamlError` for everything else: not a regular file,
    larger than ``max_bytes``, unreadable (permissions, symlink loop).
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise SafeYamlError(f"cannot read: {exc.strerror}") from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise SafeYamlError(f"cannot read: {_describe_mode(info.st_mode)}, not a file")
        if info.st_size > max_bytes:
            raise SafeYamlError(f"file too large ({info.st_size} bytes; limit {max_bytes})")
        try:
            data = handle.read(max_bytes + 1)
        except OSError as exc:
            raise SafeYamlError(f"cannot read: {exc.strerror}") from None
    if len(data) > max_bytes:  # grew while we read it
        raise SafeYamlError(f"file too large (over {max_bytes} bytes)")
    return data


def decode_text(data: bytes) -> str:
    """UTF-8 text of ``data`` (a BOM is dropped); :class:`SafeYamlError` located otherwise."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SafeYamlError(f"not UTF-8 text ({exc.reason})", line, column) from None


def read_regular_text(path: Path, max_bytes: int = MAX_FILE_BYTES) -> str:
    """UTF-8 text of a regular file (a BOM is dropped).

    :func:`read_regular_bytes`, then :func:`decode_text`: ``FileNotFoundError``
    when missing, :class:`SafeYamlError` for every other reason it cannot be read.
    """
    return decode_text(read_regular_bytes(path, max_bytes))
