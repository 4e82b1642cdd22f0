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
"""

from __future__ import annotations

import re

from dbnamelint.core.lazyre import lazy_compile

_FENCE = lazy_compile(r"^ {0,3}(`{3,}|~{3,})")
_ADOC = lazy_compile(r"^-{4,}\s*$")
_PRE = lazy_compile(r"<pre\b[^>]*>(.*?)</pre\s*>", re.DOTALL | re.IGNORECASE)
_RST_CODE = lazy_compile(r"^\s*\.\.\s+(?:code-block|code|sourcecode)::")


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
    elif lowered.endswith((".md", ".markdown", ".mdown")):
        spans = _delimited(lines, _FENCE)
    else:
        spans = []
    return [(offsets[a], offsets[b]) for a, b in spans if b > a]


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
