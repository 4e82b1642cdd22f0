"""Where the code is in a prose file: fenced and literal blocks.

Documentation says "the value from settings" in English; only its code
samples are code. The blocks recognised, by the formats' own syntax:
Markdown (CommonMark) fenced code blocks, three or more backticks or
tildes, closed by a fence of the same character at least as long (or the
end of the file); reStructuredText literal blocks, the indented lines after
a paragraph or directive ending in ``::`` (``.. code-block:: sql``,
``Example::``); AsciiDoc listing blocks between ``----`` lines; HTML
``<pre>`` elements (a generated data dictionary's ``<h4>Table x</h4>`` is
text, not SQL). Plain text (``.txt``) has none. Indented Markdown code
blocks are not taken (a list's continuation lines look the same).

A Markdown fence tagged with another language than SQL, or with none, may
hold anything (a numbered walk-through, a tree, Go code): of such a block
only a paragraph that reads as a SQL statement, or a quoted literal in it
that does, is code; the rest is prose.
"""

from __future__ import annotations

import re

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.impact.classify import reads_as_statement

_FENCE = lazy_compile(r"^ {0,3}(`{3,}|~{3,})")
_ADOC = lazy_compile(r"^-{4,}\s*$")
_PRE = lazy_compile(r"<pre\b[^>]*>(.*?)</pre\s*>", re.DOTALL | re.IGNORECASE)
_RST_CODE = lazy_compile(r"^\s*\.\.\s+(?:code-block|code|sourcecode)::")
#: A fence's info string's language (```` ```sql ````, ```` ``` {.sql} ````).
_TAG = lazy_compile(r"[\s{.]*([\w+#-]*)")
#: Info-string languages whose fenced block is SQL whatever it reads as.
_SQL_TAGS = frozenset(
    {
        "sql", "mysql", "mariadb", "postgresql", "postgres", "psql", "pgsql", "plpgsql",
        "plsql", "tsql", "t-sql", "mssql", "sqlite", "sqlite3", "sqlserver",
    }
)  # fmt: skip
#: A quoted literal on one line of a block: "...", '...' or `...`.
_LITERAL = lazy_compile(r'"((?:[^"\\\n]|\\.)*)"|\'((?:[^\'\\\n]|\\.)*)\'|`([^`\n]*)`')
#: Leading SQL comment lines, left out before judging a paragraph.
_SQL_COMMENTS = lazy_compile(r"(?:[ \t]*--[^\n]*\n)*")


def code_blocks(path: str, text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each code block's content in ``text``, in order."""
    lowered = path.lower()
    if lowered.endswith((".html", ".htm", ".xhtml")):
        return [(m.start(1), m.end(1)) for m in _PRE.finditer(text)]
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    if lowered.endswith(".rst"):
        spans = _rst(lines)
    elif lowered.endswith((".adoc", ".asciidoc")):
        spans = _delimited(lines, _ADOC)
    elif lowered.endswith((".md", ".markdown", ".mdown", ".mdx")):
        out: list[tuple[int, int]] = []
        for a, b in _delimited(lines, _FENCE):
            if b <= a:
                continue
            fence = _FENCE.match(lines[a - 1])
            info = lines[a - 1][fence.end() :] if fence is not None else ""
            tag = _TAG.match(info)
            if tag is not None and tag.group(1).lower() in _SQL_TAGS:
                out.append((offsets[a], offsets[b]))
            else:
                out += _statements(lines, offsets, a, b)
        return out
    else:
        spans = []
    return [(offsets[a], offsets[b]) for a, b in spans if b > a]


def _statements(
    lines: list[str], offsets: list[int], first: int, end: int
) -> list[tuple[int, int]]:
    """Offset spans of the SQL in the untagged (or not SQL) fenced block of
    lines ``first`` to ``end``: each paragraph reading as a statement, else
    each quoted literal of its lines that does."""
    out: list[tuple[int, int]] = []
    i = first
    while i < end:
        if not lines[i].strip():
            i += 1
            continue
        j = i
        while j < end and lines[j].strip():
            j += 1
        body = "".join(lines[i:j])
        comments = _SQL_COMMENTS.match(body)
        if reads_as_statement(body[comments.end() if comments else 0 :]):
            out.append((offsets[i], offsets[j]))
        else:
            for k in range(i, j):
                for m in _LITERAL.finditer(lines[k]):
                    group = next(g for g in (1, 2, 3) if m.group(g) is not None)
                    if reads_as_statement(m.group(group)):
                        out.append((offsets[k] + m.start(group), offsets[k] + m.end(group)))
        i = j
    return out


def _delimited(lines: list[str], opener: re.Pattern[str]) -> list[tuple[int, int]]:
    """Line ranges (first, end) between an opening and a closing delimiter line."""
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        m = opener.match(lines[i])
        if m is None:
            i += 1
            continue
        fence = m.group(1) if m.groups() else lines[i].strip()
        j = i + 1
        while j < len(lines):
            close = lines[j].strip()
            if close[:1] == fence[:1] and set(close) == {fence[0]} and len(close) >= len(fence):
                break
            j += 1
        spans.append((i + 1, j))
        i = j + 1
    return spans


def _rst(lines: list[str]) -> list[tuple[int, int]]:
    """Line ranges of the indented blocks after a line ending in ``::``."""
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        line = lines[i].rstrip()
        if not line.endswith("::") and not _RST_CODE.match(line):
            i += 1
            continue
        indent = len(line) - len(line.lstrip())
        j = i + 1
        last = i + 1
        while j < len(lines):
            body = lines[j].rstrip()
            if body and len(body) - len(body.lstrip()) <= indent:
                break
            if body:
                last = j + 1
            j += 1
        spans.append((i + 1, last))
        i = max(j, i + 1)
    return spans


def in_blocks(blocks: list[tuple[int, int]], offset: int) -> bool:
    """Whether ``offset`` falls inside one of ``blocks``."""
    return any(a <= offset < b for a, b in blocks)
