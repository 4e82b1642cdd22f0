"""``impact`` works out a line's strings and comment once, not once per word on it.

s8-t2 F11: a data file that is one 763 KB line with 146 matches took a
minute of CPU, since ``enclosing_string`` and ``comment_start`` scanned
the line from its start for every match. The oracle for the per-line
version is the per-match scan it replaces (kept here), run over generated
lines of quotes, escapes and comment openers.
"""

from __future__ import annotations

import random

from dbnamelint.impact import classify
from dbnamelint.impact.classify import comment_start, enclosing_string

_QUOTES = "\"'`"


def _scanned_to(line: str, start: int, end: int) -> str | None:
    """The scan ``enclosing_string`` did before: from column 0 to ``start``."""
    quote = ""
    opened = 0
    i = 0
    while i < start:
        char = line[i]
        if quote:
            if char == "\\":
                i += 1
            elif char == quote:
                quote = ""
        elif char in _QUOTES:
            quote, opened = char, i
        i += 1
    if not quote:
        return None
    close = end
    while close < len(line) and line[close] != quote:
        close += 2 if line[close] == "\\" else 1
    content = line[opened + 1 : min(close, len(line))]
    return None if content == line[start:end] else content


PIECES = ["name", "x", " ", '"', "'", "`", "\\", "\\\\", "\\n", "-- ", "//", "# ", "a_b", "(", ","]


def test_enclosing_string_is_the_scan_from_the_start() -> None:
    rng = random.Random(11)
    compared = inside = 0
    for _ in range(3000):
        line = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 40)))
        for start in range(len(line)):
            if not (line[start].isalnum() or line[start] == "_"):
                continue
            end = start
            while end < len(line) and (line[end].isalnum() or line[end] == "_"):
                end += 1
            expected = _scanned_to(line, start, end)
            assert enclosing_string(line, start, end) == expected, (line, start, end)
            compared += 1
            inside += expected is not None
    assert compared > 20000 and inside > 2000  # words both inside and outside strings


def test_a_long_line_is_scanned_once() -> None:
    line = '{"blob":"' + "A" * 200_000 + '",' + ",".join(f'"k{i}":"n"' for i in range(100)) + "}"
    classify._string_spans.cache_clear()
    comment_start.cache_clear()
    starts = [i + 1 for i in range(len(line)) if line.startswith('"n"', i)]
    assert len(starts) == 100
    for start in starts:
        # each "n" is a whole string: a name, not a word of prose
        assert enclosing_string(line, start, start + 1) is None
        assert comment_start(line) == len(line)
    assert classify._string_spans.cache_info().misses == 1
    assert comment_start.cache_info().misses == 1
