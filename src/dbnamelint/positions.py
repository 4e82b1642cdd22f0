"""Offsets to line/column, computed once per file.

sqlglot's token ``line``/``col`` point at a token's last character, so we
never use them: every location is derived from a character offset into the
decoded file with a bisect over the starts of its lines.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate


class LineIndex:
    """Maps character offsets in one text to 1-based (line, column)."""

    __slots__ = ("_starts",)

    def __init__(self, text: str) -> None:
        # Each line starts one past the end of the one before: summed in C
        # (a find() per line was 2.5x slower on a 52,000-line dump).
        starts = list(accumulate(map((1).__add__, map(len, text.split("\n"))), initial=0))
        starts.pop()  # the end of the last line starts no line
        self._starts = starts

    def offset(self, line: int, column: int) -> int:
        """The offset of 1-based ``line``/``column`` (the inverse of :meth:`line_col`)."""
        return self._starts[min(max(line, 1), len(self._starts)) - 1] + column - 1

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of ``offset`` (a ``\\r`` counts as a column)."""
        line = bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1
