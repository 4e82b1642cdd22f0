"""Function, procedure and trigger bodies that still spell an old table name.

PostgreSQL follows views, foreign keys and policies by OID, so a rename
reaches them; a function body is text, resolved when it runs, so it keeps
reading the old name (which the compatibility view then answers, until the
cleanup drops it). These bodies are listed in the plan with file and line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dbnamelint.model import Statement

_ROUTINE = re.compile(
    r"^\s*(?:--[^\n]*\n\s*|/\*.*?\*/\s*)*(?:CREATE\s+(?:OR\s+REPLACE\s+)?"
    r"(?:DEFINER\s*=\s*\S+\s+)?(FUNCTION|PROCEDURE|TRIGGER)|(DO)\b)",
    re.IGNORECASE | re.DOTALL,
)


_BEGIN = re.compile(r"\bBEGIN\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Mention:
    """An old name written in a routine body: where, and in what."""

    path: str
    line: int
    what: str  # "function", "procedure", "trigger", "do block"
    old: str


def find_mentions(statements: Iterable[Statement], old_names: Sequence[str]) -> list[Mention]:
    """Every place a routine statement spells one of ``old_names`` as a whole word.

    Case is ignored (an unquoted name in a body folds); a name inside a
    longer identifier (``ws_configs_extra``) does not count.
    """
    if not old_names:
        return []
    words = "|".join(re.escape(n) for n in sorted(set(old_names), key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w$])({words})(?![\w$])", re.IGNORECASE)
    out: list[Mention] = []
    for stmt in statements:
        head = _ROUTINE.match(stmt.text)
        if head is None:
            continue
        what = (head.group(1) or "do block").lower()
        start = 0
        if what == "trigger":
            # A trigger's table (ON t) follows the rename; only a body written
            # in the statement (MySQL, SQLite: BEGIN ... END) is text.
            body = _BEGIN.search(stmt.text)
            if body is None:
                continue
            start = body.start()
        for found in pattern.finditer(stmt.text, start):
            line = stmt.location.line + stmt.text.count("\n", 0, found.start())
            out.append(Mention(stmt.location.path, line, what, found.group(1)))
    return out
