"""Generated front-end assets: source maps and minified files, not code to fix.

A source map (``*.map``) holds other files' text in one JSON line; a
minified file (``*.min.js``, ``*.min.css``, or any non-SQL, non-prose file
with a line of :data:`LONG_LINE` characters or more) is rebuilt from its
sources. Words in them are no references, and a patch must never touch
them: impact skips them and says how many it skipped. SQL files are exempt
(dumps write whole tables on one ``INSERT`` line).
"""

from __future__ import annotations

from dbnamelint.impact.languages import PROSE_SUFFIXES, SQL_SUFFIXES

#: Characters in one line from which a file is taken as minified.
LONG_LINE = 5000
_NAMES = (".map", ".min.js", ".min.mjs", ".min.css", "-min.js", ".bundle.js")


def is_asset(path: str, text: str = "") -> bool:
    """Whether the file at ``path`` (with content ``text``) is a map or minified."""
    lowered = path.lower()
    if lowered.endswith(_NAMES):
        return True
    if lowered.endswith((*SQL_SUFFIXES, *PROSE_SUFFIXES)) or len(text) < LONG_LINE:
        return False
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if end - start >= LONG_LINE:
            return True
        start = end + 1
    return False


def skipped_note(count: int) -> str:
    """The summary note for ``count`` skipped files."""
    noun = "file" if count == 1 else "files"
    return f"{count} source-map or minified {noun} skipped (generated assets, not code)"
