"""The impact text report's summary of plain-text places.

A table named as a common word (``tags``, ``account``) is named in comments,
documentation, API descriptions and test names hundreds of times; listed one
per line, those places bury the few that break when the table is renamed.
By default the text and Markdown reports list the high-confidence places
and count the plain-text ones per object and per file, most first (a pull
request comment holds at most 65,536 characters); ``--min-confidence
plain`` lists each.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from dbnamelint.impact.classify import HIGH
from dbnamelint.impact.result import places, totals_text
from dbnamelint.impact.scan import Reference

#: Files named on an object's summary line, and under the report's total.
OBJECT_FILES = 3
REPORT_FILES = 10

HINT = (
    "--min-confidence plain lists each place, --min-confidence high leaves them out, "
    "and an exclude pathspec leaves a folder out (dbnamelint impact . ':!docs')"
)


def plain_places(references: Iterable[Reference]) -> list[Reference]:
    """The places (each counted once) of ``references`` that are plain text."""
    return [r for r in places(references) if r.confidence != HIGH and not r.keyed]


def per_file(references: Sequence[Reference]) -> list[tuple[str, int]]:
    """(path, places) most first, then by path: where the plain text lies."""
    counts = Counter(r.path for r in references)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def files_text(counts: Sequence[tuple[str, int]], limit: int) -> str:
    """``a (16), b (9), c (3) and 5 more files``: the first ``limit`` of ``counts``."""
    shown = ", ".join(f"{path} ({n})" for path, n in counts[:limit])
    rest = len(counts) - limit
    return shown + (f" and {rest} more {'file' if rest == 1 else 'files'}" if rest > 0 else "")


def object_line(references: Sequence[Reference]) -> str | None:
    """``plain text, not listed: 487 references in 45 files: a (16), ...`` or None."""
    plain = plain_places(references)
    if not plain:
        return None
    return (
        f"plain text, not listed: {totals_text(plain)}: {files_text(per_file(plain), OBJECT_FILES)}"
    )


def report_lines(references: Iterable[Reference]) -> list[str]:
    """The summary under the report's total: the files with most plain text, and the hint."""
    plain = plain_places(references)
    if not plain:
        return []
    counts = per_file(plain)
    lines = [f"Plain text, not listed: {totals_text(plain)}; most in:"]
    lines += [f"  {path} ({n})" for path, n in counts[:REPORT_FILES]]
    rest = len(counts) - REPORT_FILES
    if rest > 0:
        lines.append(f"  and {rest} more {'file' if rest == 1 else 'files'}")
    lines.append(f"  {HINT}")
    return lines
