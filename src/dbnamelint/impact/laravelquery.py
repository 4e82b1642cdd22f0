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
firefly F6: 28 uses of ``tag_transaction_journal`` against 3 found). So is an
Eloquent relation's table argument: ``belongsToMany(Role::class,
'permission_role', ...)``'s second, ``morphToMany``/``morphedByMany``'s third
(trial s37 BookStack P4).

Laravel's schema builder (the ``Schema`` facade, ``Schema::connection('x')->``,
``DB::connection()->getSchemaBuilder()->``) takes the table first too, in
application code as in migrations: ``Schema::hasTable('t')``,
``hasColumn('t', 'c')``, ``hasColumns('t', ['c', ...])``,
``getColumnListing('t')``... name ``t`` (and its column ``c``), and break when
``t`` is renamed. ``Schema::table``/``create``/``drop``/``dropIfExists``/
``rename``/``dropColumns`` change the schema: DDL in code, marked so (a
migration file's are history and set apart before).

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

from msgspec import Struct, field

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.impact.buildertables import table_items
from dbnamelint.impact.languages import family
from dbnamelint.php_arrays import old_arrays

#: Context labels.
TABLE_LABEL = "Laravel query builder"
QUALIFIER_LABEL = "Laravel query builder (table.column)"
MODEL_LABEL = "Eloquent $table"
SCHEMA_LABEL = "Laravel Schema facade"
SCHEMA_COLUMN_LABEL = "Laravel Schema facade (column)"
RELATION_LABEL = "Eloquent relation table"

#: Eloquent relation methods taking a table, by the 0-based position of that
#: argument (illuminate/database Eloquent/Concerns/HasRelationships.php:
#: ``belongsToMany($related, $table = null, ...)``, ``morphToMany($related,
#: $name, $table = null, ...)``, ``morphedByMany($related, $name, $table = null, ...)``).
_RELATION_TABLE = {"belongsToMany": 1, "morphToMany": 2, "morphedByMany": 2}

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
#: Schema builder methods whose first argument is a table they read.
_SCHEMA_READS = frozenset(
    {
        "hasTable",
        "hasColumn",
        "hasColumns",
        "hasIndex",
        "getColumnType",
        "getColumnListing",
        "getColumns",
        "getIndexes",
        "getIndexListing",
        "getForeignKeys",
        "whenTableHasColumn",
        "whenTableDoesntHaveColumn",
        "whenTableHasIndex",
        "whenTableDoesntHaveIndex",
    }
)
#: Those that change the schema (DDL in code: a migration step or a set-up).
_SCHEMA_DDL = frozenset({"table", "create", "drop", "dropIfExists", "rename", "dropColumns"})
#: Those whose second argument is a column of the table (or an array of columns).
_SCHEMA_COLUMNS = frozenset(
    {"hasColumn", "hasColumns", "getColumnType", "whenTableHasColumn", "whenTableDoesntHaveColumn"}
)
#: A method of the schema builder: after ``Schema::`` (the facade, by any
#: namespace), ``Schema::connection(...)->`` or ``->getSchemaBuilder()->``.
_SCHEMA_RECEIVER = lazy_compile(
    r"(?:(?<![\w$])(?:\\?(?:Illuminate\\Support\\Facades\\))?Schema\s*::"
    r"|(?<![\w$])Schema\s*::\s*connection\s*\([^()]*\)\s*(?:\?->|->)"
    r"|->\s*getSchemaBuilder\s*\(\s*\)\s*(?:\?->|->))\s*$"
)
#: Marks a schema builder call in the stack of open brackets.
_SCHEMA = "Schema::"
_NAME = lazy_compile(r"\s*(?P<n>[A-Za-z_]\w*)\s*")
_QUALIFIED = lazy_compile(
    r"\s*(?P<t>[A-Za-z_]\w*)\.(?P<c>[A-Za-z_]\w*|\*)(?:\s+(?i:as)\s+[A-Za-z_]\w*)?\s*"
)
#: A class property ``$table``: ``protected $table = 'x';``, ``public static ?string $table =``.
_PROPERTY = lazy_compile(
    r"(?:public|protected|private|var)(?:\s+(?:static|readonly))*(?:\s+\??[\w\\]+)?"
    r"\s+\$table\s*=\s*$"
)


class Sites(Struct):
    """What Laravel code names, by the start of each name in the file's text."""

    #: A table name's start -> its label.
    tables: dict[int, str] = field(default_factory=dict)
    #: The starts of ``tables`` that a schema-changing call names (DDL in code).
    ddl: set[int] = field(default_factory=set)
    #: A column name's start -> its label.
    columns: dict[int, str] = field(default_factory=dict)
    #: A column name's start -> the table the call names for it.
    column_tables: dict[int, str] = field(default_factory=dict)


def sites(path: str, text: str, columns: Mapping[str, Collection[str]]) -> dict[int, str]:
    """Per start of a table name in ``text`` (a PHP file) that Laravel's
    builder, schema builder or an Eloquent model names, its label (see :func:`read`)."""
    return read(path, text, columns).tables


def _short_arrays(text: str, toks: list[tuple[str, int, int]]) -> str:
    """``text`` with each ``array(...)`` literal (:func:`dbnamelint.php_arrays.old_arrays`)
    spelt ``[...]``, padded with spaces so every offset stays."""
    opens, closes = old_arrays([(kind, text[a:b]) for kind, a, b in toks])
    edits = {toks[i][1]: "[" + " " * (toks[i][2] - toks[i][1] - 1) for i in opens}
    edits.update({toks[p][1]: " " for p in opens.values()})
    edits.update({toks[i][1]: "]" for i in closes})
    out: list[str] = []
    last = 0
    for at in sorted(edits):
        out += [text[last:at], edits[at]]
        last = at + len(edits[at])
    return "".join([*out, text[last:]])


def read(path: str, text: str, columns: Mapping[str, Collection[str]]) -> Sites:
    """The tables (and columns) Laravel's builders and Eloquent models name in
    ``text`` (a PHP file); ``columns``: each table's column names (folded),
    which a ``'t.c'`` string's ``c`` must be one of."""
    out = Sites()
    if family(path) != "php" or ("(" not in text and "$table" not in text):
        return out
    toks = tokens(text)
    if any(text[a:b].lower() == "array" for kind, a, b in toks if kind == "w" and b - a == 5):
        # PHP's old `array(...)` read as the `[...]` below (trial s43): same offsets
        text = _short_arrays(text, toks)
        toks = tokens(text)
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
            if not _schema_string(text, toks, i, opened, out):
                _string(text, toks, i, opened, columns, out.tables)
    return out


def tokens(text: str) -> list[tuple[str, int, int]]:
    """PHP's tokens in ``text`` but comments: (kind, start, end), kind ``s`` a
    string (heredocs too), ``w`` a word (``$x``, ``A\\B``), ``o`` an arrow
    (``->``, ``?->``, ``::``, ``=>``), ``p`` any other character."""
    return [
        (m.lastgroup or "", m.start(), m.end()) for m in _TOKEN.finditer(text) if m.lastgroup != "c"
    ]


def _method(text: str, toks: list[tuple[str, int, int]], i: int) -> str:
    """The builder method the ``(`` at ``toks[i]`` calls (``->m(``, ``::m(``),
    ``Schema::m`` for the schema builder's, or ""."""
    if i < 2 or toks[i - 1][0] != "w" or toks[i - 2][0] != "o":
        return ""
    arrow = text[toks[i - 2][1] : toks[i - 2][2]]
    if arrow == "=>":
        return ""
    name = text[toks[i - 1][1] : toks[i - 1][2]]
    if name in _SCHEMA_READS or name in _SCHEMA_DDL:
        head = text[max(0, toks[i - 2][1] - 200) : toks[i - 2][2]]
        if _SCHEMA_RECEIVER.search(head) is not None:
            return _SCHEMA + name
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
    position = _RELATION_TABLE.get(opened[-1][0])
    if (
        position is not None
        and _ends_argument(text, toks, i + 1)
        and _argument_index(text, toks, at, i) == position
    ):
        for item in table_items(text, a + 1, b - 1, listed=False, aliased=False):
            out[item.start] = RELATION_LABEL
        return
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


def _schema_string(
    text: str,
    toks: list[tuple[str, int, int]],
    i: int,
    opened: list[tuple[str, int]],
    out: Sites,
) -> bool:
    """Record the table or column the string at ``toks[i]`` gives a schema
    builder call, if it is an argument of one (True then)."""
    if not opened:
        return False
    method, at = opened[-1]
    array = -1  # the index of the ``[`` of an array argument
    if method == "[" and len(opened) > 1:
        array = at
        method, at = opened[-2]
    if not method.startswith(_SCHEMA):
        return False
    name = method[len(_SCHEMA) :]
    _kind, a, b = toks[i]
    if array < 0 and at + 1 == i and _ends_argument(text, toks, i + 1):
        for item in table_items(text, a + 1, b - 1, listed=False, aliased=False):
            out.tables[item.start] = SCHEMA_LABEL
            if name in _SCHEMA_DDL:
                out.ddl.add(item.start)
        return True
    # hasColumn('t', 'c'), hasColumns('t', ['c', 'd']): the table's columns.
    second = at + 3
    if (
        name not in _SCHEMA_COLUMNS
        or second >= len(toks)
        or toks[at + 1][0] != "s"
        or text[toks[at + 2][1] : toks[at + 2][2]] != ","
        or not ((array < 0 and i == second) or array == second)
        or not (_ends_argument(text, toks, i + 1) or (array >= 0 and _closes(text, toks, i + 1)))
        or (array >= 0 and text[toks[i - 1][1] : toks[i - 1][2]] not in ("[", ","))
    ):
        return True
    table = _NAME.fullmatch(text, toks[at + 1][1] + 1, toks[at + 1][2] - 1)
    column = _NAME.fullmatch(text, a + 1, b - 1)
    if table is not None and column is not None:
        out.columns[column.start("n")] = SCHEMA_COLUMN_LABEL
        out.column_tables[column.start("n")] = table.group("n")
    return True


def _closes(text: str, toks: list[tuple[str, int, int]], j: int) -> bool:
    """Whether ``toks[j]`` closes an array (``]``)."""
    return j < len(toks) and text[toks[j][1] : toks[j][2]] == "]"


def _argument_index(text: str, toks: list[tuple[str, int, int]], at: int, i: int) -> int | None:
    """The 0-based position of the argument ``toks[i]`` starts in the call
    whose ``(`` is ``toks[at]``; None when ``toks[i]`` does not start it."""
    depth, index = 0, 0
    for kind, a, b in toks[at + 1 : i]:
        char = text[a:b] if kind == "p" else ""
        if char in ("(", "["):
            depth += 1
        elif char in (")", "]"):
            depth -= 1
        elif char == "," and depth == 0:
            index += 1
    before = text[toks[i - 1][1] : toks[i - 1][2]]
    return index if depth == 0 and before in ("(", ",") else None


def _ends_argument(text: str, toks: list[tuple[str, int, int]], j: int) -> bool:
    """Whether ``toks[j]`` ends an argument (``,`` or ``)``)."""
    return j < len(toks) and text[toks[j][1] : toks[j][2]] in (",", ")")
