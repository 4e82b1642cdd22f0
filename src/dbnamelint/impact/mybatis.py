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
set; its ``property`` attribute is the Java property, never a column. A statement that pulls in
a ``<sql id="x">`` fragment of the same mapper (``<include refid="x"/>``)
reads the fragment's tables and aliases too. Reads text only.
"""

from __future__ import annotations

import bisect
import re
from typing import Literal

from msgspec import Struct, field

from dbnamelint.core.lazyre import lazy_compile

_MAPPER = lazy_compile(r"<mapper\b")
_ID = lazy_compile(r"""\bid\s*=\s*["']([^"']*)["']""")
_INCLUDE = lazy_compile(r"""<include\b[^>]*?\brefid\s*=\s*["']([^"']*)["']""")
_ATTRS = r"""(?:[^>"']|"[^"]*"|'[^']*')*"""
_ELEMENT = lazy_compile(
    rf"<(?P<tag>select|insert|update|delete|sql)\b{_ATTRS}>(?P<body>.*?)</(?P=tag)\s*>",
    re.DOTALL,
)
#: Markup inside an element: comments, CDATA (its body is text), tags;
#: ``<where>`` and ``<set>`` stand for their keyword, ``<trim prefix="...">``
#: for its prefix.
_MARKUP = lazy_compile(
    r"<!--.*?(?:-->|\Z)|<!\[CDATA\[(?P<cdata>.*?)(?:\]\]>|\Z)"
    r"|<(?P<keyword>where|set)\b\s*>"
    rf"|<trim\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*?\bprefix\s*=\s*(?P<pq>[\"'])(?P<prefix>[^\"']*)(?P=pq)"
    rf"{_ATTRS}>"
    rf"|</?[A-Za-z]{_ATTRS}>",
    re.DOTALL,
)
#: Parameters and entities: never SQL words.
NOT_SQL = lazy_compile(r"[#$]\{[^{}]*\}|&#?\w+;")
_RESULT_COLUMN = lazy_compile(
    r"<(?:result|id|arg|idArg)\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*?\bcolumn\s*=\s*"
    r"(?P<q>[\"'])(?P<value>[^\"']*)(?P=q)",
    re.DOTALL,
)

Site = Literal["sql", "column", "markup"]


class MapperFile(Struct):
    """A mapper's SQL statements (text pieces, as file offsets) and column attributes."""

    statements: list[list[tuple[int, int]]] = field(default_factory=list)
    _piece_starts: list[int] = field(default_factory=list)
    _pieces: list[tuple[int, int]] = field(default_factory=list)
    _columns: list[tuple[int, int]] = field(default_factory=list)
    #: (start, end, offsets of the first SQL word of each fragment it includes).
    _elements: list[tuple[int, int, tuple[int, ...]]] = field(default_factory=list)

    @classmethod
    def parse(cls, path: str, text: str) -> MapperFile | None:
        """The mapper in ``text``, or None when ``path`` is no ``.xml`` file or
        the text holds no ``<mapper`` element."""
        if not path.lower().endswith(".xml") or not _MAPPER.search(text):
            return None
        out = cls()
        fragments: dict[str, int] = {}
        found: list[tuple[int, int, list[str]]] = []
        for m in _ELEMENT.finditer(text):
            pieces = _text_pieces(text, m.start("body"), m.end("body"))
            if pieces:
                out.statements.append(pieces)
                out._pieces += pieces
                first = (
                    pieces[0][0]
                    + len(text[pieces[0][0] : pieces[0][1]])
                    - len(text[pieces[0][0] : pieces[0][1]].lstrip())
                )
                ident = _ID.search(m.group(0), 0, m.start("body") - m.start())
                if m.group("tag") == "sql" and ident is not None:
                    fragments[ident.group(1)] = first
            refids = _INCLUDE.findall(text, m.start("body"), m.end("body"))
            found.append((m.start(), m.end(), refids))
        out._elements = [
            (lo, hi, tuple(fragments[r] for r in refids if r in fragments))
            for lo, hi, refids in found
        ]
        out._pieces.sort()
        out._piece_starts = [a for a, _ in out._pieces]
        out._columns = [(m.start("value"), m.end("value")) for m in _RESULT_COLUMN.finditer(text)]
        return out

    def included(self, at: int) -> tuple[int, ...]:
        """For the SQL element around offset ``at``: the offset of the first SQL
        word of each ``<sql>`` fragment it pulls in with ``<include refid>``
        (a statement reading ``FROM sys_user u`` only through its fragment)."""
        for lo, hi, points in self._elements:
            if lo <= at < hi:
                return points
        return ()

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
        for m in NOT_SQL.finditer(text, a, b):
            out.append((left, m.start()))
            left = m.end()
        out.append((left, b))
    return [(a, b) for a, b in out if text[a:b].strip()]


#: Context of a select-list column a patch renames and aliases back to its old name.
ALIAS_LABEL = "MyBatis auto-mapped column"
_SELECT = lazy_compile(rf"<select\b(?P<attrs>{_ATTRS})>(?P<body>.*?)</select\s*>", re.DOTALL)
_RESULT_MAP = lazy_compile(
    rf"<resultMap\b(?P<attrs>{_ATTRS})>(?P<body>.*?)</resultMap\s*>", re.DOTALL
)
_RESULT_MAP_REF = lazy_compile(r"""\bresultMap\s*=\s*["']([^"']*)["']""")
_SELECT_HEAD = lazy_compile(
    r"(?is)\A(?:\s|<!--.*?-->)*(?:<!\[CDATA\[\s*)?select\s+(?:distinct\s+|all\s+)?"
)
_OUTPUT = lazy_compile(
    r"""\s*(?:(?:"[^"]+"|`[^`]+`|\[[^\]]+\]|[A-Za-z_]\w*)\s*\.\s*)?"""
    r"""(?:"(?P<dq>[^"]+)"|`(?P<bq>[^`]+)`|\[(?P<sq>[^\]]+)\]|(?P<bare>[A-Za-z_]\w*))\s*\Z"""
)


_FROM = lazy_compile(r"(?i)(?<![\w.])from(?!\w)")


def _select_list(body: str) -> list[tuple[int, int]] | None:
    """(start, end) of each top-level select-list item of a ``<select>`` body;
    [] when it is no plain select, None when a tag in its list hides what it returns."""
    head = _SELECT_HEAD.match(body)
    if head is None:
        return []
    items: list[tuple[int, int]] = []
    depth, start, i = 0, head.end(), head.end()
    quote = ""
    while i < len(body):
        char = body[i]
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'`":
            quote = char
        elif char == "<":
            return None  # a dynamic tag or <include> in the select list
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif depth == 0 and char == ",":
            items.append((start, i))
            start = i + 1
        elif (
            depth == 0
            and body[i : i + 4].lower() == "from"
            and not (body[i - 1 : i].isalnum() or body[i - 1 : i] == "_")
            and not (body[i + 4 : i + 5].isalnum() or body[i + 4 : i + 5] == "_")
        ):
            items.append((start, i))
            return items
        i += 1
    return []


def auto_mapped_names(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """File offsets (start, end) of the column names a ``<select>`` returns
    under their own name and MyBatis auto-maps to properties.

    MyBatis auto-mapping ("Mapper XML Files: Auto-mapping") gives each
    result column to the property of the same name, ignoring case (with
    ``mapUnderscoreToCamelCase``, after removing underscores): every column
    of a ``resultType`` select, and a ``resultMap`` select's columns that
    its result map (in this file) does not map by ``column=``. Only a select
    list item that is a bare column (``u.phonenumber``, ``"unitPrice"``) is
    given; one written with an alias, an expression or a dynamic tag is not.
    A select using a result map of another file gives none.

    Returns (those names, the select lists of auto-mapped selects a tag
    hides: from ``select`` to the first ``from``), file offsets.
    """
    maps: dict[str, set[str]] = {}
    for m in _RESULT_MAP.finditer(text):
        ident = _ID.search(m.group("attrs"))
        if ident is not None:
            maps[ident.group(1)] = {
                c.group("value").casefold() for c in _RESULT_COLUMN.finditer(m.group("body"))
            }
    out: list[tuple[int, int]] = []
    hidden: list[tuple[int, int]] = []
    for m in _SELECT.finditer(text):
        named = _RESULT_MAP_REF.search(m.group("attrs"))
        mapped: set[str] = set()
        if named is not None:
            if named.group(1) not in maps:
                continue
            mapped = maps[named.group(1)]
        body_start = m.start("body")
        items = _select_list(m.group("body"))
        if items is None:
            end = _FROM.search(m.group("body"))
            hidden.append((body_start, body_start + (end.start() if end else len(m.group("body")))))
            continue
        for lo, hi in items:
            item = _OUTPUT.match(m.group("body"), lo, hi)
            if item is None:
                continue
            group = next(g for g in ("dq", "bq", "sq", "bare") if item.group(g) is not None)
            if item.group(group).casefold() in mapped:
                continue
            out.append((body_start + item.start(group), body_start + item.end(group)))
    return out, hidden
