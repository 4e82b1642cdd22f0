"""Lists of table names in code: ``tenantScopedTables = []string{"a", "b"}``.

Code that runs one statement per table (tenant deletion, backups, test
cleanup) keeps the names in a list literal assigned to an identifier saying
``table`` or ``tables`` (``tenantScopedTables``, ``TABLES``,
``tables_to_copy``) or ranged over as one (Go ``for _, tableName := range
[]string{...}``): each string of the list is a table's name, and so is each
string key of such a map (Go's sets: ``map[string]bool{"a": true}``,
``map[string]struct{}{"a": {}}``). A list or map of at least three strings
that are all names of the schema's tables is one too, whatever its name
(listmonk's ``allowedSubQueryTables``, which has none of the words; code
that checks or runs statements per table). Not a call's arguments, nor a
list assigned to a name saying ``field`` or ``column``: Django's
``.select_related("issue", "workspace", "project")`` and Django REST
framework's ``read_only_fields = ["workspace", "project", "issue"]`` name
a model's fields, which a Django schema names like its tables (trial s42
plane: 35 false high hits). Only lists of plain string
literals count (commas, white space and line comments between them; a
map's values simple: ``true``, ``{}``, a number or a name); the list may
span lines. Reads text only.
"""

from __future__ import annotations

from collections.abc import Collection

from dbnamelint.core.lazyre import lazy_compile

#: An identifier naming tables: ``table``/``tables`` as a word of it
#: (``tenantScopedTables``, ``TABLES``, ``tables_to_copy``); ``stable`` is not.
_TABLE_WORD = lazy_compile(
    r"(?:^|_)(?:tables?|TABLES?)(?=$|_|[A-Z0-9])"
    r"|(?:^|(?<=[a-z0-9]))Tables?(?=$|_|[A-Z0-9])"
)
_STRING = r"""(?:"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`[^`\n]*`)"""
#: What follows the identifier: an assignment (or Go's ``range``) and the
#: literal's type, up to its opening bracket.
_ASSIGNED = lazy_compile(
    r"\s*(?::\s*[\w.\[\]]+\s*)?(?::=|=(?!=)|=>)\s*(?:range\s+)?"
    r"(?:\[\d*\]string\s*|\[\.\.\.\]string\s*|new\s+String\s*\[\]\s*|array\s*|Array\s*|list\s*"
    r"|map\[string\](?:struct\s*\{\s*\}|[\w.*\[\]]+)\s*)?(?=[\[{(])"
)
_GAP = lazy_compile(r"(?:\s|,|//[^\n]*|#[^\n]*)*")
_STRING_AT = lazy_compile(_STRING)
#: A map entry's simple value after its string key: Go's set idioms
#: (``"a": true``, ``"a": {}``), a number or a name.
_VALUE = lazy_compile(
    r"\s*:\s*(?:\{\s*\}|struct\s*\{\s*\}\s*\{\s*\}|-?\d+|[A-Za-z_][\w.]*)(?![\w.(\[])"
)
_CLOSE = {"[": "]", "{": "}", "(": ")"}
#: A list or map literal opening with a string: where one may be found without its name.
_LITERAL = lazy_compile(r"[\[{(](?=\s*[\"'`])")
#: How many strings a list needs to be one of tables without a name saying so.
MIN_TABLES = 3
#: What comes before a literal holding field names, not tables: a call's
#: opening parenthesis right after its callee (``.select_related(``,
#: ``values_list(``), or an assignment to a name saying ``field``/``column``
#: (``read_only_fields = [``, ``fields=[``, ``columns: list[str] = [``).
_FIELDS_BEFORE = lazy_compile(
    r"(?:(?<![\w.])(?!(?:in|return|yield|and|or|not|is|if|elif|else|assert|await|of|"
    r"case|when|then|lambda|with|from|import|typeof|new|const|let|var)\s*\()"
    r"[A-Za-z_]\w*\s*\($"
    r"|\.[A-Za-z_]\w*\s*\($"
    r"|[A-Za-z_]*(?:[Ff]ield|[Cc]olumn|FIELD|COLUMN)S?\w*\s*(?::[^=\n]*)?(?<![=!<>])=\s*[\[{(]$)"
)
#: How far before a literal :data:`_FIELDS_BEFORE` looks (one line's worth).
_LOOK_BACK = 120
#: Where an identifier naming tables may be: the word itself, found by a
#: literal search (trying the whole list pattern at every character of
#: every file cost a third of ``impact`` on a 2,200-file monorepo).
_WORD = lazy_compile(r"[Tt][Aa][Bb][Ll][Ee]")
_IDENT_CHAR = lazy_compile(r"\w")
_IDENT = lazy_compile(r"[A-Za-z_]\w*")


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


def _literal(text: str, opening: int) -> list[tuple[int, int]] | None:
    """(start, end) of each string's content of the list literal, or each key
    of the map literal, whose bracket is at ``opening``; None when it holds
    anything else (a call, a nested literal, an expression)."""
    close = _CLOSE[text[opening]]
    items: list[tuple[int, int]] = []
    keyed: bool | None = None  # a map's keys, or a list's strings
    pos = opening + 1
    while True:
        gap = _GAP.match(text, pos)
        pos = gap.end() if gap is not None else pos
        if pos >= len(text):
            return None
        if text[pos] == close:
            return items
        string = _STRING_AT.match(text, pos)
        if string is None:
            return None
        items.append((string.start() + 1, string.end() - 1))
        value = _VALUE.match(text, string.end())
        if keyed is not None and keyed != (value is not None):
            return None
        keyed = value is not None
        pos = value.end() if value is not None else string.end()


def table_list_items(text: str, tables: Collection[str] = ()) -> list[tuple[int, int]]:
    """(start, end) offsets of the content of each string in a table-name list:
    a list (or a map's keys) assigned to an identifier naming tables, or any
    list or map literal of at least :data:`MIN_TABLES` strings that are all
    names of ``tables`` (the schema's tables and views, case-folded: listmonk's
    ``allowedSubQueryTables = map[string]struct{}{"subscribers": {}, ...}``)."""
    out: set[tuple[int, int]] = set()
    for ident, after in _identifiers(text):
        if not _TABLE_WORD.search(ident):
            continue
        m = _ASSIGNED.match(text, after)
        if m is not None:
            out.update(_literal(text, m.end()) or ())
    if tables:
        for m in _LITERAL.finditer(text):
            items = _literal(text, m.start())
            if (
                items
                and len(items) >= MIN_TABLES
                and all(text[a:b].casefold() in tables for a, b in items)
                and not _of_fields(text, m.start())
            ):
                out.update(items)
    return sorted(out)


def _of_fields(text: str, opening: int) -> bool:
    """Whether the literal whose bracket is at ``opening`` holds field names
    (:data:`_FIELDS_BEFORE`): a call's arguments, or assigned to a name
    saying ``field`` or ``column``."""
    start = max(0, opening - _LOOK_BACK)
    line_start = text.rfind("\n", start, opening) + 1
    return _FIELDS_BEFORE.search(text, line_start, opening + 1) is not None
