"""``--note`` with no blank after the dashes, read as the runners that strip it read it.

MySQL takes ``--`` as a comment only when a blank follows (manual, "Comments"):
``a integer, --note`` is two minus signs there, and the mysql client and the
server refuse the statement. Projects whose own PHP loader sends the files
strip every ``--`` to the end of its line first (Dolibarr's
``install/step2.php``: ``preg_replace('/--(.+)*/', '')``; its ``run_sql()``
drops lines starting with ``--``), so such files hold
``ip varchar(250), --ip used to create record`` and ``  --module_comm
smallint,`` lines inside ``CREATE TABLE``, and the database those loaders
build has every column after them (trial s39 dolibarr: 89 columns of
``llx_user``, ``llx_projet``... lost to ``DBN004``, a column added below the
line never judged). A statement that reads no other way can only have been
applied by such a loader, so it is read as the loader sends it.
"""

from __future__ import annotations

__all__ = ["without_dash_notes"]


def without_dash_notes(text: str) -> str | None:
    """``text`` with each ``--`` not followed by a blank, and the rest of its
    line, blanked to spaces (quotes, block comments and real comments left
    alone, the length kept); None when there is none."""
    out = list(text)
    found = False
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in "'\"`":
            i = _after_quote(text, i, c)
        elif c == "/" and text.startswith("/*", i):
            close = text.find("*/", i + 2)
            i = n if close < 0 else close + 2
        elif c == "#" or (c == "-" and text.startswith("--", i)):
            end = text.find("\n", i)
            end = n if end < 0 else end
            if c == "-" and i + 2 < n and not text[i + 2].isspace():
                out[i:end] = " " * (end - i)
                found = True
            i = end
        else:
            i += 1
    return "".join(out) if found else None


def _after_quote(text: str, i: int, quote: str) -> int:
    """Where the quoted token opened at ``i`` ends (MySQL: doubled quotes,
    and backslash escapes outside backticks)."""
    j = i + 1
    n = len(text)
    while j < n:
        c = text[j]
        if c == "\\" and quote != "`":
            j += 2
            continue
        if c == quote:
            if j + 1 < n and text[j + 1] == quote:
                j += 2
                continue
            return j + 1
        j += 1
    return n
