"""The tables Laravel's query builder and Eloquent models name in PHP code.

Laravel's query builder (illuminate/database ``Query\\Builder``) takes a
table as a string and quotes it itself: ``DB::table('t')``,
``->from('t')``, ``->join('t', 't.a', '=', 'u.b')``, ``leftJoin``,
``rightJoin``, ``crossJoin``, ``joinWhere``/``leftJoinWhere``/``rightJoinWhere``,
on a model too (``Tag::leftJoin('t', ...)``); ``'t as x'`` aliases it,
``'s.t'`` names its schema. Its column arguments qualify a column with the
table: ``->whereNull('t.c')``, ``->get(['t.c', 'u.*'])``, ``->orderBy('t.c')``,
``->leftJoin('u', 't.c', '=', 'u.id')``: renaming the table breaks them as
it breaks the table call. An Eloquent model's ``protected $table = 't';``
is its table. None is in a SQL string, so all were plain text (trial s35
firefly F6: 28 uses of ``tag_transaction_journal`` against 3 found).

Found here, in ``.php`` files only: a string literal that is the whole
first argument of such a table call (a ``Schema::`` call is a migration's,
not the builder's); a ``'t.c'`` string (``'t.c as x'``, ``'t.*'``) that is
an argument of a builder method (directly or in an array), ``c`` a column
the schema gives ``t`` (current or earlier) or ``*``: a dotted key
elsewhere (``config('configuration.is_demo_site')``, ``Arr::get($a,
't.c')``) is no column; and a class property ``$table``'s string. Reads
text only.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.impact.buildertables import table_items
from dbnamelint.impact.languages import family

#: Context labels.
TABLE_LABEL = "Laravel query builder"
QUALIFIER_LABEL = "Laravel query builder (table.column)"
MODEL_LABEL = "Eloquent $table"

#: PHP tokens: comments, strings, words (``$x``, ``A\\B``), ``->``/``?->``/``::``, one character.
_TOKEN = lazy_compile(
    r"(?P<c>//[^\n]*|#(?!\[)[^\n]*|/\*.*?(?:\*/|\Z))"
    r"|(?P<s>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\""
    r"|<<<[ \t]*([\"']?)(?P<hid>[A-Za-z_]\w*)\3[ \t]*\r?\n(?:.*?\n)??[ \t]*(?P=hid)(?!\w))"
    r"|(?P<w>\$?[A-Za-z_\\][\w\\]*)|(?P<o>\?->|->|::|=>)|(?P<p>\S)",
    re.DOTALL,
)
#: Calls whose first argument is the table.
_TABLE_CALLS = frozenset(
    {
        "table",
        "from",
        "join",
        "leftJoin",
        "rightJoin",
        "crossJoin",
        "joinWhere",
        "leftJoinWhere",
        "rightJoinWhere",
    }
)
#: Joins whose table comes with a condition: one argument is Collection's
#: ``->join(', ')`` (glue), no table.
_CONDITIONED = frozenset({"join", "leftJoin", "rightJoin", "joinWhere", "leftJoinWhere"})
#: Builder methods taking columns (Query\\Builder, Eloquent\\Builder, JoinClause).
_COLUMN_CALL = lazy_compile(
    r"(?:or)?(?:where|having)\w*|select|addSelect|distinct|(?:left|right|cross)?[jJ]oin(?:Where)?"
    r"|on|orOn|groupBy|orderBy(?:Desc)?|latest|oldest|reorder|get|first|firstWhere|sole|pluck"
    r"|value|count|min|max|sum|avg|average|increment|decrement|chunkById|lazyById|eachById"
    r"|paginate|simplePaginate|cursorPaginate|update|implode"
)
#: Static receivers that are no query builder: Laravel's other facades and helpers.
_NOT_BUILDERS = frozenset(
    {
        "Schema",
        "Arr",
        "Str",
        "Config",
        "Cache",
        "Session",
        "Lang",
        "Request",
        "Validator",
        "Log",
        "Storage",
        "Route",
        "URL",
        "Mail",
        "Http",
        "Collection",
        "Carbon",
        "File",
    }
)
_QUALIFIED = lazy_compile(
    r"\s*(?P<t>[A-Za-z_]\w*)\.(?P<c>[A-Za-z_]\w*|\*)(?:\s+(?i:as)\s+[A-Za-z_]\w*)?\s*"
)
#: A class property ``$table``: ``protected $table = 'x';``, ``public static ?string $table =``.
_PROPERTY = lazy_compile(
    r"(?:public|protected|private|var)(?:\s+(?:static|readonly))*(?:\s+\??[\w\\]+)?"
    r"\s+\$table\s*=\s*$"
)


def sites(path: str, text: str, columns: Mapping[str, Collection[str]]) -> dict[int, str]:
    """Per start of a table name in ``text`` (a PHP file) that Laravel's
    builder or an Eloquent model names, its label; ``columns``: each table's
    column names (folded), which a ``'t.c'`` string's ``c`` must be one of."""
    if family(path) != "php" or ("(" not in text and "$table" not in text):
        return {}
    toks = [
        (m.lastgroup or "", m.start(), m.end()) for m in _TOKEN.finditer(text) if m.lastgroup != "c"
    ]
    out: dict[int, str] = {}
    opened: list[tuple[str, int]] = []  # per open bracket: the method it calls ("" none), its index
    for i, (kind, a, b) in enumerate(toks):
        char = text[a:b] if kind == "p" else ""
        if char in ("(", "["):
            opened.append((_method(text, toks, i) if char == "(" else "[", i))
        elif char in (")", "]"):
            if opened:
                opened.pop()
        elif kind == "s" and text[a] in "'\"":
            if text[a] == '"' and "$" in text[a:b]:
                continue  # PHP fills variables in
            _string(text, toks, i, opened, columns, out)
    return out


def _method(text: str, toks: list[tuple[str, int, int]], i: int) -> str:
    """The builder method the ``(`` at ``toks[i]`` calls (``->m(``, ``::m(``), or ""."""
    if i < 2 or toks[i - 1][0] != "w" or toks[i - 2][0] != "o":
        return ""
    arrow = text[toks[i - 2][1] : toks[i - 2][2]]
    if arrow == "=>":
        return ""
    if arrow == "::" and i >= 3 and text[toks[i - 3][1] : toks[i - 3][2]] in _NOT_BUILDERS:
        return ""
    return text[toks[i - 1][1] : toks[i - 1][2]]


def _string(
    text: str,
    toks: list[tuple[str, int, int]],
    i: int,
    opened: list[tuple[str, int]],
    columns: Mapping[str, Collection[str]],
    out: dict[int, str],
) -> None:
    """Record the table the string at ``toks[i]`` names, if any."""
    _kind, a, b = toks[i]
    if not opened:
        head = text[max(0, a - 200) : a]
        if _PROPERTY.search(head) and text[b : b + 1] in (";", " ", "\n"):
            for item in table_items(text, a + 1, b - 1, listed=False, aliased=False):
                out[item.start] = MODEL_LABEL
        return
    method, at = opened[-1]
    k = len(opened) - 1
    while method == "[" and k > 0:  # an array argument: ->get(['t.c'])
        k -= 1
        method, at = opened[k]
    if not method or method == "[":
        return
    first = at + 1 == i and _ends_argument(text, toks, i + 1)
    if first and opened[-1][0] in _TABLE_CALLS:
        if method in _CONDITIONED and text[toks[i + 1][1]] != ",":
            return
        for item in table_items(text, a + 1, b - 1, listed=False):
            out[item.start] = TABLE_LABEL
        return
    if _COLUMN_CALL.fullmatch(method) is None:
        return
    found = _QUALIFIED.fullmatch(text, a + 1, b - 1)
    if found is None:
        return
    table, column = found.group("t").casefold(), found.group("c").casefold()
    if column == "*" or column in columns.get(table, ()):
        out[found.start("t")] = QUALIFIER_LABEL


def _ends_argument(text: str, toks: list[tuple[str, int, int]], j: int) -> bool:
    """Whether ``toks[j]`` ends an argument (``,`` or ``)``)."""
    return j < len(toks) and text[toks[j][1] : toks[j][2]] in (",", ")")
