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
#: What follows the identifier: an assignment (or Go's ``range``) and a bracketed list.
_LIST = re.compile(
    r"\s*(?::\s*[\w.\[\]]+\s*)?(?::=|=(?!=)|=>)\s*(?:range\s+)?"
    r"(?:\[\d*\]string\s*|\[\.\.\.\]string\s*|new\s+String\s*\[\]\s*|array\s*|Array\s*|list\s*)?"
    r"(?P<open>[\[{(])(?P<body>[^\[\]{}()]*)[\]})]"
)
_ITEM = re.compile(rf"(?P<string>{_STRING})|(?P<gap>\s+|,|//[^\n]*|#[^\n]*)")
#: Where an identifier naming tables may be: the word itself, found by a
#: literal search (trying the whole list pattern at every character of
#: every file cost a third of ``impact`` on a 2,200-file monorepo).
_WORD = re.compile(r"[Tt][Aa][Bb][Ll][Ee]")
_IDENT_CHAR = re.compile(r"\w")
_IDENT = re.compile(r"[A-Za-z_]\w*")


def _identifiers(text: str) -> list[tuple[str, int]]:
    """(identifier, its end) of each identifier holding ``table`` in any case, in order."""
    out: list[tuple[str, int]] = []
    last_end = -1
    for word in _WORD.finditer(text):
        start = word.start()
        if start < last_end:
            continue  # a second "table" in the same identifier
        while start and _IDENT_CHAR.match(text, start - 1):
            start -= 1
        # An identifier starts with a letter or "_": skip leading digits (1table).
        ident = _IDENT.match(text, start)
        while ident is None and start < word.start():
            start += 1
            ident = _IDENT.match(text, start)
        if ident is None:
            continue
        last_end = ident.end()
        out.append((ident.group(), last_end))
    return out


def table_list_items(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the content of each string in a table-name list."""
    out: list[tuple[int, int]] = []
    for ident, after in _identifiers(text):
        if not _TABLE_WORD.search(ident):
            continue
        m = _LIST.match(text, after)
        if m is None:
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
