"""The DDL a MyBatis mapper's statements run, as the gate reads code's DDL strings.

A mapper XML (``<mapper namespace="...">``) holds SQL in its ``<select>``,
``<insert>``, ``<update>``, ``<delete>`` and ``<sql>`` elements, which the
application runs (:mod:`dbnamelint.impact.mybatis` reads them for
``impact``). An ``<update id="addCol">ALTER TABLE t ADD COLUMN BadCol
int</update>`` is DDL in application code as much as
``@Update("ALTER TABLE ...")`` on the mapper interface is, which the gate
judged while the XML passed (trial s40 dolphinscheduler, F2). Each element
is one string: its text pieces (markup, comments and parameters left out)
laid over the element's span, every other character a space (line breaks
kept), so a name stays where it is written. ``${param}`` is text MyBatis
puts in as it is (a hole: a name built there is ``DBN013``); ``#{param}`` is
a bound value, never a name (a hole too, harmlessly). XML entities
(``&lt;``) stand for their character.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from dbnamelint.code_ddl_text import DdlString, makes_ddl
from dbnamelint.impact.mybatis import NOT_SQL, MapperFile


def mapper_strings(
    path: str, text: str, wanted: Callable[[str], bool] | None = None
) -> list[DdlString]:
    """The DDL strings of mapper ``text`` at ``path`` (none when it is no
    mapper); with ``wanted``, every statement whose SQL it accepts."""
    mapper = MapperFile.parse(path, text)
    if mapper is None:
        return []
    out: list[DdlString] = []
    for pieces in mapper.statements:
        lo, hi = pieces[0][0], pieces[-1][1]
        chars = ["\n" if c == "\n" else " " for c in text[lo:hi]]
        for a, b in pieces:
            chars[a - lo : b - lo] = text[a:b]
        holes: list[tuple[int, int]] = []
        ends = {b for _, b in pieces}
        starts = {a for a, _ in pieces}
        for m in NOT_SQL.finditer(text, lo, hi):
            # one the SQL text held (beside a piece), not one of a tag's attributes
            if m.start() not in ends and m.end() not in starts:
                continue
            if m.group().startswith(("${", "#{")):
                holes.append((m.start(), m.end()))
                chars[m.start() - lo : m.end() - lo] = "x" * (m.end() - m.start())
            else:  # an entity: its character, then spaces
                char = html.unescape(m.group())
                chars[m.start() - lo : m.end() - lo] = char.ljust(m.end() - m.start())
        sql = "".join(chars)
        if wanted(sql) if wanted is not None else makes_ddl(sql):
            out.append(DdlString(tuple(pieces), tuple(holes), sql, hi))
    return out
