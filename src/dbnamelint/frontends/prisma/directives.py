"""``// dbnamelint: ignore[DBN029] reason`` comments of a Prisma schema.

A diagnostic located in a ``.prisma`` file (``DBN029`` at a model, field or
enum line) cannot take a SQL comment, so the schema's own ``//`` comment
carries the directive (trial s43 formbricks: a temporary column a migration
adds on purpose, "intentionally NOT in schema.prisma"). Like a directive
before a SQL statement, one written on a line of its own covers the lines
from it down to the next line that holds code; one after code covers that
line. Reads text only, never raises.
"""

from __future__ import annotations

from dbnamelint.core.diagnostics import DirectiveSpan
from dbnamelint.frontends.prisma.schema import code_part
from dbnamelint.model import Comment, Location


def directive_spans(path: str, text: str) -> tuple[DirectiveSpan, ...]:
    """One span per ``//`` comment of ``text`` (the file ``path``) that
    mentions ``dbnamelint``: the comment (its text after ``//``) and the
    lines it covers, 1-based as diagnostics count them."""
    if "dbnamelint" not in text.lower():
        return ()  # nearly every schema: no line is looked at
    lines = text.split("\n")
    out: list[DirectiveSpan] = []
    waiting: list[Comment] = []  # comments on lines of their own, above code
    for number, line in enumerate(lines, start=1):
        code = code_part(line)
        comment = line[len(code) :]
        marked = "dbnamelint" in comment.lower()
        if code.strip():
            out += [DirectiveSpan(c.location, number, (c,)) for c in waiting]
            waiting = []
            if marked:
                after = _comment(path, number, code, comment)
                out.append(DirectiveSpan(after.location, number, (after,)))
        elif marked:
            waiting.append(_comment(path, number, code, comment))
    out += [DirectiveSpan(c.location, c.location.line, (c,)) for c in waiting]
    return tuple(out)


def _comment(path: str, number: int, code: str, comment: str) -> Comment:
    return Comment(comment[2:].strip(), Location(path, number, len(code) + 1))
