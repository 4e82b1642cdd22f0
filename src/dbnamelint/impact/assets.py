"""Generated front-end assets: source maps and minified files, not code to fix.

A source map (``*.map``) holds other files' text in one JSON line; a
minified file (``*.min.js``, ``*.min.css``, or a JavaScript or CSS file with
a line of :data:`LONG_LINE` characters or more) is rebuilt from its sources.
Words in them are no references, and a patch must never touch them: impact
skips them and names them. Other files with a long line are read as they
are: a Go or Python file may embed a long literal beside real queries, and a
SQL dump writes whole tables on one ``INSERT`` line.
"""

from __future__ import annotations

#: Characters in one line from which a JavaScript or CSS file is taken as minified.
LONG_LINE = 5000
_NAMES = (".map", ".min.js", ".min.mjs", ".min.css", "-min.js", ".bundle.js")
#: Front-end suffixes a bundler minifies (the long-line test applies to these only).
_MINIFIABLE = (".js", ".mjs", ".cjs", ".css")


def is_asset(path: str, text: str = "") -> bool:
    """Whether the file at ``path`` (with content ``text``) is a map or minified."""
    lowered = path.lower()
    if lowered.endswith(_NAMES):
        return True
    if not lowered.endswith(_MINIFIABLE) or len(text) < LONG_LINE:
        return False
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if end - start >= LONG_LINE:
            return True
        start = end + 1
    return False


def skipped_note(paths: list[str]) -> str:
    """The summary note for the skipped files (the first three named)."""
    noun = "file" if len(paths) == 1 else "files"
    shown = ", ".join(paths[:3]) + (", ..." if len(paths) > 3 else "")
    return (
        f"{len(paths)} source-map or minified {noun} skipped (generated assets, not code): {shown}"
    )
