"""MyBatis mapper XML: where its SQL is, and which attributes name columns.

A mapper (``<mapper namespace="...">``, MyBatis "Mapper XML Files") holds
SQL in the text of its ``<select>``, ``<insert>``, ``<update>``,
``<delete>`` and ``<sql>`` elements, cut by dynamic-SQL tags (``<if>``,
``<where>``, ``<set>``, ``<trim>``, ``<foreach>``, ``<choose>``,
``<include>``...) whose text is part of the same statement. Each element
is read as one statement: its text pieces in order, without the tags (their
attributes, such as ``<if test="...">``, are OGNL over the parameters, not
SQL), without ``#{param}`` / ``${param}`` parameters (the Java side's
names) and XML entities (``&lt;``). CDATA sections are text; ``<where>``
and ``<set>`` stand for their keyword, ``<trim prefix="...">`` for its
prefix (MyBatis, "Dynamic SQL").

A result mapping's ``column`` attribute (``<result column="x">``,
``<id column="x">``, ``<arg>``, ``<idArg>``) names a column of the result
set; its ``property`` attribute is the Java property, never a column.
Reads text only.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Literal

_MAPPER = re.compile(r"<mapper\b")
_ATTRS = r"""(?:[^>"']|"[^"]*"|'[^']*')*"""
_ELEMENT = re.compile(
    rf"<(?P<tag>select|insert|update|delete|sql)\b{_ATTRS}>(?P<body>.*?)</(?P=tag)\s*>",
    re.DOTALL,
)
#: Markup inside an element: comments, CDATA (its body is text), tags;
#: ``<where>`` and ``<set>`` stand for their keyword, ``<trim prefix="...">``
#: for its prefix.
_MARKUP = re.compile(
    r"<!--.*?(?:-->|\Z)|<!\[CDATA\[(?P<cdata>.*?)(?:\]\]>|\Z)"
    r"|<(?P<keyword>where|set)\b\s*>"
    rf"|<trim\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*?\bprefix\s*=\s*(?P<pq>[\"'])(?P<prefix>[^\"']*)(?P=pq)"
    rf"{_ATTRS}>"
    rf"|</?[A-Za-z]{_ATTRS}>",
    re.DOTALL,
)
#: Parameters and entities: never SQL words.
_NOT_SQL = re.compile(r"[#$]\{[^{}]*\}|&#?\w+;")
_RESULT_COLUMN = re.compile(
    r"<(?:result|id|arg|idArg)\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*?\bcolumn\s*=\s*"
    r"(?P<q>[\"'])(?P<value>[^\"']*)(?P=q)",
    re.DOTALL,
)

Site = Literal["sql", "column", "markup"]


@dataclass(slots=True)
class MapperFile:
    """A mapper's SQL statements (text pieces, as file offsets) and column attributes."""

    statements: list[list[tuple[int, int]]] = field(default_factory=list)
    _piece_starts: list[int] = field(default_factory=list)
    _pieces: list[tuple[int, int]] = field(default_factory=list)
    _columns: list[tuple[int, int]] = field(default_factory=list)

    @classmethod
    def parse(cls, path: str, text: str) -> MapperFile | None:
        """The mapper in ``text``, or None when ``path`` is no ``.xml`` file or
        the text holds no ``<mapper`` element."""
        if not path.lower().endswith(".xml") or not _MAPPER.search(text):
            return None
        out = cls()
        for m in _ELEMENT.finditer(text):
            pieces = _text_pieces(text, m.start("body"), m.end("body"))
            if pieces:
                out.statements.append(pieces)
                out._pieces += pieces
        out._pieces.sort()
        out._piece_starts = [a for a, _ in out._pieces]
        out._columns = [(m.start("value"), m.end("value")) for m in _RESULT_COLUMN.finditer(text)]
        return out

    def site(self, at: int) -> Site:
        """What the offset ``at`` is in: SQL text, a result mapping's column
        attribute, or other markup (tags, attributes, comments, parameters)."""
        i = bisect.bisect_right(self._piece_starts, at) - 1
        if i >= 0 and self._pieces[i][0] <= at < self._pieces[i][1]:
            return "sql"
        if any(a <= at < b for a, b in self._columns):
            return "column"
        return "markup"


def _text_pieces(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """The SQL text of ``text[lo:hi]`` as (start, end) pieces, markup left out."""
    spans: list[tuple[int, int]] = []
    pos = lo
    for m in _MARKUP.finditer(text, lo, hi):
        spans.append((pos, m.start()))
        for group in ("cdata", "keyword", "prefix"):
            if m.group(group) is not None:
                spans.append((m.start(group), m.end(group)))
        pos = m.end()
    spans.append((pos, hi))
    out: list[tuple[int, int]] = []
    for a, b in spans:
        left = a
        for m in _NOT_SQL.finditer(text, a, b):
            out.append((left, m.start()))
            left = m.end()
        out.append((left, b))
    return [(a, b) for a, b in out if text[a:b].strip()]
