"""Lists of table names in code: ``tenantScopedTables = []string{"a", "b"}``.

Code that runs one statement per table (tenant deletion, backups, test
cleanup) keeps the names in a list literal assigned to an identifier saying
``table`` or ``tables`` (``tenantScopedTables``, ``TABLES``,
``tables_to_copy``) or ranged over as one (Go ``for _, tableName := range
[]string{...}``): each string of the list is a table's name. Only lists of
plain string literals count (commas, white space and line comments between
them); the list may span lines. Reads text only.
"""

from __future__ import annotations

import re

#: An identifier naming tables: ``table``/``tables`` as a word of it
#: (``tenantScopedTables``, ``TABLES``, ``tables_to_copy``); ``stable`` is not.
_TABLE_WORD = re.compile(
    r"(?:^|_)(?:tables?|TABLES?)(?=$|_|[A-Z0-9])"
    r"|(?:^|(?<=[a-z0-9]))Tables?(?=$|_|[A-Z0-9])"
)
_STRING = r"""(?:"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`[^`\n]*`)"""
_LIST = re.compile(
    r"(?P<ident>[A-Za-z_]\w*)\s*(?::\s*[\w.\[\]]+\s*)?(?::=|=(?!=)|=>)\s*(?:range\s+)?"
    r"(?:\[\d*\]string\s*|\[\.\.\.\]string\s*|new\s+String\s*\[\]\s*|array\s*|Array\s*|list\s*)?"
    r"(?P<open>[\[{(])(?P<body>[^\[\]{}()]*)[\]})]"
)
_ITEM = re.compile(rf"(?P<string>{_STRING})|(?P<gap>\s+|,|//[^\n]*|#[^\n]*)")


def table_list_items(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the content of each string in a table-name list."""
    out: list[tuple[int, int]] = []
    for m in _LIST.finditer(text):
        if not _TABLE_WORD.search(m.group("ident")):
            continue
        pos, end = m.start("body"), m.end("body")
        items: list[tuple[int, int]] = []
        while pos < end:
            item = _ITEM.match(text, pos, end)
            if item is None:
                items = []
                break
            if item.group("string") is not None:
                items.append((item.start() + 1, item.end() - 1))
            pos = item.end()
        out += items
    return out
