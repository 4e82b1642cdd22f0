"""Go templates' branches on the database: only the one that runs is read.

mattermost/morph renders focalboard's migrations with ``text/template`` and
flags for the database (``{{if .mysql}}`schema`{{else}}schema{{end}}``, as
its ``migrate.go`` passes ``postgres``, ``mysql`` and ``sqlite``): read as
one text, every branch was, and PostgreSQL's copy held MySQL's backticks
(``DBN004``, trial s24 focalboard 000001 and 000009). Here a branch whose
condition is a database flag is kept where the file's database is that one
and blanked elsewhere (same length, line breaks kept); an ``{{else}}`` is
kept where no flag before it matched. A condition that is no such flag
(``{{if .enabled}}``, ``{{if eq .x 1}}``) keeps every branch, as before.
"""

from __future__ import annotations

import re

from msgspec import Struct

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.go_scanning import blank

#: text/template's control actions, with their arguments.
_TAG = lazy_compile(
    r"\{\{-?\s*(?P<word>if|else\s+if|else|end|range|with|define|block)\b(?P<arg>[^{}]*?)\s*-?\}\}"
)
#: A database flag as a condition: ``.postgres``, ``.mysql``...
_FLAG = lazy_compile(r"^\s*\.(\w+)\s*$")
#: Flag name -> the family it means (morph's, zdb's and common spellings).
_FLAGS = {
    "postgres": "postgres",
    "postgresql": "postgres",
    "pg": "postgres",
    "psql": "postgres",
    "mysql": "mysql",
    "mariadb": "mysql",
    "maria": "mysql",
    "sqlite": "sqlite",
    "sqlite3": "sqlite",
}


class _Frame(Struct):
    """One open action: whether its branches are on the database, whether one
    before matched, where the current branch starts, whether it is kept."""

    database: bool
    matched: bool
    start: int
    keep: bool


def _flag(arg: str) -> str | None:
    found = _FLAG.match(arg)
    return _FLAGS.get(found.group(1).lower()) if found else None


def chosen_branches(text: str, family: str | None) -> str:
    """``text`` with the branches that do not run on ``family`` (``postgres``,
    ``mysql`` or ``sqlite``; None: keep all) blanked; same length."""
    if family is None or "{{" not in text:
        return text
    frames: list[_Frame] = []
    blanks: list[tuple[int, int]] = []
    for tag in _TAG.finditer(text):
        word = re.sub(r"\s+", " ", tag.group("word"))
        if word == "if":
            wanted = _flag(tag.group("arg"))
            keep = wanted is None or wanted == family
            frames.append(_Frame(wanted is not None, keep and wanted is not None, tag.end(), keep))
        elif word in ("range", "with", "define", "block"):
            frames.append(_Frame(False, False, tag.end(), True))
        elif word in ("else", "else if") and frames:
            frame = frames[-1]
            if not frame.database:
                continue  # a branch on something else: every branch read
            if not frame.keep:
                blanks.append((frame.start, tag.start()))
            if word == "else":
                keep = not frame.matched
            else:
                wanted = _flag(tag.group("arg"))
                if wanted is None:  # a mixed chain: read the rest whole
                    frame.database, keep = False, True
                else:
                    keep = not frame.matched and wanted == family
            frame.matched = frame.matched or keep
            frame.start, frame.keep = tag.end(), keep
        elif word == "end" and frames:
            frame = frames.pop()
            if frame.database and not frame.keep:
                blanks.append((frame.start, tag.start()))
    if not blanks:
        return text
    out = list(text)
    for start, end in blanks:
        out[start:end] = blank(text[start:end])
    return "".join(out)
