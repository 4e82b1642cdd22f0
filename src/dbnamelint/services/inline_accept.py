"""Whether an inline ``dbnamelint: ignore[DBN013] <reason>`` comment accepts
one statement of application code the gate cannot read (a name the code
builds, a builder call not read).

Application code is not a migration: one comment anywhere in a file must not
accept every statement a later change adds to it, so the comment must stand
at the statement: on one of the lines of its string (a trailing comment, or
a SQL comment in the string itself), or in the comment lines right above the
statement. The statement is the string's line and the lines above it that
continue it: a line ending in an open bracket or an operator (``db.Exec(``,
``"CREATE TABLE " +``), or one followed by a line starting with ``.``, ``+``,
``)``... (a builder chain ``db.schema`` / ``.createTable(name)``), so the
comment above a call spread over several lines accepts its string:

.. code-block:: ts

    // dbnamelint: ignore[DBN013] tenant tables, names checked by validTenant()
    await prisma.$executeRawUnsafe(
      `CREATE TABLE "${tenant}_events" (id int)`,
    );
"""

from __future__ import annotations

import re

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.impact.languages import family

#: The names of DBN013 an acceptance may give.
_NAMES = frozenset({"dbn013", "dynamic-ddl-not-read", "prepared-statement-not-read"})
#: The acceptance, in a comment of any language the gate reads code of.
_ACCEPT = lazy_compile(
    r"(?://|#|--|/\*|;)[ \t]*dbnamelint[ \t]*:[ \t]*ignore\[([^\]\n]*)\][ \t]+\S", re.IGNORECASE
)
#: A line holding only a comment (or a block comment's inner line).
_COMMENT_LINE = lazy_compile(r"\s*(?://|#|--|/\*|\*|;)")
#: A code line whose statement goes on below it: it ends in an operator.
_OPEN_END = lazy_compile(r"(?:[+=.\\|&?]|\b(?:and|or|await|return))\s*$")
#: A code line continuing the statement above it.
_GOES_ON = lazy_compile(r"\s*(?:[.+)\]?,|&]|\?\.)")
#: How far above its string a statement may start.
_REACH = 40

#: What an accepted statement's note says.
ACCEPTED = "; accepted by the `dbnamelint: ignore[DBN013]` comment at it"


def comment_mark(path: str) -> str:
    """How a line comment starts in code file ``path``: ``#`` in Python,
    Ruby, Elixir, shell...; ``;`` in the Lisps; else ``//``."""
    kind = family(path)
    if kind in ("py", "hash"):
        return "#"
    return ";;" if kind == "lisp" else "//"


def _accepts(line: str) -> bool:
    return any(
        {r.strip().lower() for r in found.group(1).split(",")} & _NAMES
        for found in _ACCEPT.finditer(line)
    )


def _opens(line: str) -> bool:
    """Whether ``line`` opens more ``(``/``[`` than it closes (``db.Exec(ctx,``):
    its call goes on below. A list's item ending in ``,`` does not."""
    return line.count("(") + line.count("[") > line.count(")") + line.count("]")


def inline_accepted(text: str, start: int, end: int) -> bool:
    """Whether an inline acceptance covers the statement whose string (or
    call) spans offsets ``start``-``end`` of code ``text`` (see the module
    docstring)."""
    first = text.count("\n", 0, start)
    return accepted_at(text.split("\n"), first, first + text.count("\n", start, max(start, end)))


def accepted_at(lines: list[str], first: int, last: int) -> bool:
    """:func:`inline_accepted` of the statement whose string spans lines
    ``first``-``last`` (0-based) of ``lines``."""
    if any(_accepts(lines[i]) for i in range(first, min(last, len(lines) - 1) + 1)):
        return True
    below = lines[first] if first < len(lines) else ""
    at = first - 1
    while at >= 0 and first - at <= _REACH:
        line = lines[at]
        if not line.strip():
            return False
        if _COMMENT_LINE.match(line):
            if _accepts(line):
                return True
        elif _OPEN_END.search(line) or _GOES_ON.match(below) or _opens(line):
            below = line
        else:
            return False  # the statement starts below this line
        at -= 1
    return False
