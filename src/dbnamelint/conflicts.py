"""Unresolved git merge conflicts in a file: one located error per conflict.

Two branches that each add a migration of the same name (two ``migrate
--write`` runs) merge into a file holding git's conflict markers::

    <<<<<<< HEAD
    ...our side...
    ||||||| base        (diff3 / zdiff3 style only)
    ...the common ancestor...
    =======
    ...their side...
    >>>>>>> feature

No migration tool can run that file. Each conflict is reported where it
starts, as :data:`CONFLICT_CODE` (an error that exits 3, like a file that
cannot be read), and the text is changed without moving a character: the
marker lines, the ancestor and the other side are blanked (spaces, newlines
kept), so the first side is read as the file's content and every location
stays exact. Markers are git's: seven ``<``, ``|``, ``=`` or ``>`` at the
start of a line, the first and last followed by a space and a label or by
the end of the line (``git merge-file``, ``conflict-marker-size``).
"""

from __future__ import annotations

import re

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.model import Diagnostic, Location, Severity

CONFLICT_CODE = "DBN017"

#: A conflict's first marker line (``<<<<<<< HEAD``), found by a fast scan.
_START = lazy_compile(r"^<{7}(?:[ \t][^\n]*)?$", re.MULTILINE)
_BASE = lazy_compile(r"\|{7}(?:[ \t][^\n]*)?")
_MIDDLE = lazy_compile(r"={7}[ \t]*")
_END = lazy_compile(r">{7}(?:[ \t][^\n]*)?")


def _blank(text: str) -> str:
    return "".join(c if c in "\r\n" else " " for c in text)


def drop_conflict_sides(text: str, path: str) -> tuple[str, list[Diagnostic]]:
    """``text`` with each conflict reduced to its first side, and an error for each.

    Returns ``text`` itself (and no diagnostics) when it holds no conflict
    marker; otherwise a text of the same length and one :class:`Diagnostic`
    per conflict, at its ``<<<<<<<`` line.
    """
    if "<<<<<<<" not in text:
        return text, []
    kept, found = _scan(text)
    return kept, [_conflict(path, start, marker, end) for start, marker, end in found]


def _scan(text: str) -> tuple[str, list[tuple[int, str, int | None]]]:
    """The first sides' text and each conflict's (start line, marker, end line or None)."""
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    diagnostics: list[tuple[int, str, int | None]] = []
    state = "outside"  # outside | ours | base | theirs
    start = 0
    marker = ""
    for number, line in enumerate(lines, start=1):
        bare = line.rstrip("\r\n")
        if state == "outside":
            if _START.fullmatch(bare):
                state, start, marker = "ours", number, bare.strip()
                out.append(_blank(line))
            else:
                out.append(line)
            continue
        if state == "ours" and _BASE.fullmatch(bare):
            state = "base"
        elif state in ("ours", "base") and _MIDDLE.fullmatch(bare):
            state = "theirs"
        elif state == "theirs" and _END.fullmatch(bare):
            diagnostics.append((start, marker, number))
            state = "outside"
        elif state == "ours":
            out.append(line)
            continue
        out.append(_blank(line))
    if state != "outside":
        diagnostics.append((start, marker, None))
    return "".join(out), diagnostics


def _conflict(path: str, line: int, marker: str, end: int | None) -> Diagnostic:
    return Diagnostic(
        Location(path, line, 1),
        Severity.ERROR,
        conflict_message(marker, end, "only the side before '=======' was read"),
        CONFLICT_CODE,
    )


def conflict_message(marker: str, end: int | None, what_was_read: str) -> str:
    """The words of a conflict report: the ``marker`` line, its last line ``end``
    (None: not closed), and what the reader made of the file."""
    shown = marker if len(marker) <= 60 else marker[:57] + "..."
    extent = f"to line {end}" if end is not None else "not closed by '>>>>>>>'"
    return (
        f"unresolved git merge conflict: {shown!r} starts a conflict ({extent}); "
        f"{what_was_read}. Resolve it (keep the right side, "
        "delete the <<<<<<< ======= >>>>>>> lines) and check again"
    )


def first_conflict(text: str) -> tuple[int, str, int | None] | None:
    """(1-based line, marker line, end line or None) of the first conflict in ``text``."""
    if "<<<<<<<" not in text:
        return None
    found = _scan(text)[1]
    return found[0] if found else None
