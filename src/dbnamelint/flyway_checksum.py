"""The checksum Flyway records for a SQL migration (``flyway_schema_history.checksum``).

Flyway's ``ChecksumCalculator.calculateChecksumForResource`` (flyway-core,
``org.flywaydb.core.internal.resolver``) reads the file through a
``BufferedReader`` line by line and feeds each line's UTF-8 bytes to one
``java.util.zip.CRC32``: ``readLine`` drops the line terminators (``\\n``,
``\\r`` or ``\\r\\n``), and ``BomFilter.FilterBomFromString`` drops a
byte-order mark from the first line only. The result is the CRC as a signed
32-bit ``int``. So a comment or a space changes the checksum (and
``flyway validate``, which Spring Boot runs before it migrates, fails with
"Migration checksum mismatch"), while a blank line added or removed and
line endings converted do not. The text is read as it is on disk:
placeholders are replaced only when it runs.
"""

from __future__ import annotations

import zlib

from dbnamelint.core.lazyre import lazy_compile

#: ``BufferedReader.readLine``'s line terminators (nothing else: not ``\\f``
#: nor U+2028, which Python's ``str.splitlines`` would split on too).
_LINE_END = lazy_compile(r"\r\n|\r|\n")


def flyway_checksum(data: bytes) -> int:
    """The checksum Flyway computes for a migration whose file holds ``data``
    (read as UTF-8, Flyway's default ``encoding``; malformed bytes become
    U+FFFD, as Java's decoder makes them)."""
    text = data.decode("utf-8", "replace")
    crc = 0
    if text.startswith("\ufeff"):
        text = text[1:]  # the first line's BOM only
    for line in _LINE_END.split(text):
        crc = zlib.crc32(line.encode("utf-8"), crc)
    return crc - (1 << 32) if crc >= 1 << 31 else crc


def first_checksummed_difference(before: bytes, now: bytes) -> int:
    """The 1-based line of ``now`` holding the first change Flyway's checksum
    sees (a blank line added or removed is not one), at most its last line."""
    old = [line for line in _lines(before) if line[1]]
    new = [line for line in _lines(now) if line[1]]
    for (_, a), (number, b) in zip(old, new, strict=False):
        if a != b:
            return number
    if len(new) > len(old):
        return new[len(old)][0]
    return max(1, len(_lines(now)))


def _lines(data: bytes) -> list[tuple[int, str]]:
    text = data.decode("utf-8", "replace")
    if text.startswith("\ufeff"):
        text = text[1:]
    return [(n, line) for n, line in enumerate(_LINE_END.split(text), start=1)]
