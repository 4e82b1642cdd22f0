"""How the Go migration runners whose splitting dbnamelint copies scan a file.

liamstask's goose (``splitSQLStatements``) and sql-migrate (``sqlparse``)
both read a migration with ``bufio.Scanner``: lines as ``ScanLines`` cuts
them, words as ``ScanWords`` does, and end a statement at a line whose last
word before a ``--`` comment ends with ``;``. Their readers
(:mod:`dbnamelint.liamstask_goose`, :mod:`dbnamelint.sql_migrate`) blank
what the runner does not run, keeping every position.
"""

from __future__ import annotations

from dbnamelint.core.lazyre import lazy_compile

#: Every character but a line break.
_NOT_BREAK = lazy_compile(r"[^\r\n]")


def blank(text: str) -> str:
    """``text`` with every character but its line breaks made a space: what
    a reader leaves of text it does not read, every position kept (the Go
    runners' skipped lines, template actions and branches)."""
    return _NOT_BREAK.sub(" ", text)


def ends_with_semicolon(line: str) -> bool:
    """The runners' ``endsWithSemicolon``: the last word before a word
    starting with ``--`` ends with ``;`` (``bufio.ScanWords``: blanks split words)."""
    prev = ""
    for word in line.split():
        if word.startswith("--"):
            break
        prev = word
    return prev.endswith(";")


def scanned_lines(text: str) -> list[tuple[int, int, str]]:
    """(start, end, line) per line as ``bufio.ScanLines`` gives them: split at
    ``\\n``, a ``\\r`` before it dropped, no empty token after a last ``\\n``."""
    out: list[tuple[int, int, str]] = []
    pos = 0
    while pos < len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        line = text[pos:end]
        out.append((pos, end, line[:-1] if line.endswith("\r") else line))
        pos = end + 1
    return out


def keep_only(text: str, kept: list[tuple[int, int]]) -> str:
    """``text`` with everything outside the ``kept`` spans (ordered, not
    overlapping ``(start, end)`` offsets) blanked (:func:`blank`)."""
    out: list[str] = []
    pos = 0
    for start, end in kept:
        out.append(blank(text[pos:start]))
        out.append(text[start:end])
        pos = end
    out.append(blank(text[pos:]))
    return "".join(out)
