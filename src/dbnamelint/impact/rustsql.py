"""Column names and SQL pieces of Rust code using a SQL crate (sqlx, rusqlite, sql_builder).

Rust code names a column where no SQL statement is in sight:

- a row read by column name: sqlx's ``row.try_get("c")``, ``row.get("c")``,
  ``try_get::<String, _>("c")`` (``sqlx::Row``; also rusqlite's and
  tokio-postgres' ``Row::get``), which fails at run time once ``c`` is renamed;
- a field of a ``#[derive(sqlx::FromRow)]`` struct, which sqlx reads from the
  column of the field's name unless ``#[sqlx(rename = "...")]`` says another
  (sqlx docs, ``FromRow``; ``rename_all`` on the struct changes every name and
  is not followed);
- the strings of sql_builder's chains (``query.field("group_concat(c, ',')")``,
  ``.group_by("a, c")``, ``.and_where(...)``, ``.order_by(...)``), SQL pieces
  with no statement around them;
- a string that is a SQL expression without a statement: ``"CASE WHEN
  instr(c, ':') > 0 THEN ..."``, ``format!("(lower(c) = {eq})")``: a SQL
  function applied to a word, a ``CASE WHEN``, or a comparison with a bind
  parameter or a ``format!`` argument.

Only in ``.rs`` files that name such a crate. Reads text only.
"""

from __future__ import annotations

import re

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.impact.gormconv import Clause
from dbnamelint.impact.sqlscope import string_literals

#: Context labels of a row's column read by name and of a FromRow field.
ROW_LABEL = "Rust row column by name (sqlx Row::try_get/get)"
FIELD_LABEL = "sqlx FromRow field"
#: Appended to a label when another table has a column of the name too.
OTHER_TABLES = " (column of other tables too)"

_CRATES = lazy_compile(r"\b(?:sqlx|sql_builder|SqlBuilder|rusqlite|tokio_postgres|sea_query)\b")
#: The call a row read opens before its string: ``.try_get(``, ``.get::<T, _>(``
#: (``get`` only on a receiver named as a row: ``row``, ``sqlite_row``).
_ROW_CALL = lazy_compile(
    r"(?:\.\s*(?:try_get|try_get_unchecked)|(?i:\b\w*row\w*)\s*\.\s*(?:get|get_unchecked))"
    r"(?:\s*::\s*<[^()]*?>)?\s*\(\s*$"
)
#: sql_builder's methods whose string arguments are SQL (SqlBuilder docs).
_BUILDER_CALL = lazy_compile(
    r"\.\s*(?:field|fields|group_by|having|and_having|or_having|and_where|or_where"
    r"|(?:and|or)_where_(?:eq|ne|gt|ge|lt|le|like\w*|not_like\w*|in\w*|not_in\w*|is_null"
    r"|is_not_null|between|not_between)|order_by|order_asc|order_desc|set|distinct_on)"
    r"\s*\(\s*(?:&\s*(?:mut\s+)?)?(?:vec!\s*)?\[?(?:\s*\"(?:\\.|[^\"\\])*\"\s*,)*\s*$"
)
#: A SQL expression with no statement around it.
_EXPRESSION = lazy_compile(
    r"(?is)\bcase\s+when\b.*\bthen\b"
    r"|\b(?:lower|upper|instr|substr|substring|group_concat|string_agg|array_agg|coalesce"
    r"|ifnull|nullif|length|trim|ltrim|rtrim|replace|count|sum|min|max|avg|strftime|datetime"
    r"|json_extract|date_trunc)\s*\(\s*[\"`]?[A-Za-z_]\w*"
    r"|\b[A-Za-z_]\w*\s*(?:=|<>|!=|>=|<=|<|>|\blike\b|\bglob\b|\bilike\b)\s*"
    r"(?:\?\d*|\$\d+|:[A-Za-z_]\w*|\{[A-Za-z_]\w*(?::[^{}]*)?\})"
)
#: A derive naming FromRow, then the struct it derives (attributes may come between).
_FROM_ROW = lazy_compile(
    r"#\[\s*derive\s*\([^\]]*\bFromRow\b[^\]]*\)\s*\]"
    r"(?P<attrs>(?:\s*#\[[^\]]*\])*)\s*(?:pub(?:\s*\([^)]*\))?\s+)?struct\s+\w+[^{;]*\{"
)
_WORD = lazy_compile(r"\w+")
_SQLX_ATTR = lazy_compile(r"#\[\s*sqlx\s*\((?P<args>[^\]]*)\)\s*\]")
_FIELD = lazy_compile(
    r"(?P<attrs>(?:\s*(?://[^\n]*|#\[[^\]]*\]))*)\s*(?:pub(?:\s*\([^)]*\))?\s+)?"
    r"(?:r#)?(?P<name>[A-Za-z_]\w*)\s*:"
)


def uses_sql_crate(path: str, text: str) -> bool:
    """Whether ``text`` is a Rust file naming a SQL crate (``sqlx``, ``rusqlite``...)."""
    return path.lower().endswith(".rs") and _CRATES.search(text) is not None


def clauses(path: str, text: str) -> list[Clause]:
    """The SQL pieces of a Rust file that uses a SQL crate: sql_builder chains'
    strings and SQL expressions (module doc), each with no tables (none in sight)."""
    if not uses_sql_crate(path, text):
        return []
    builder = "SqlBuilder" in text or "sql_builder" in text
    out: list[Clause] = []
    for start, end, _opening in string_literals(path, text):
        head = text[max(0, start - 300) : start - 1]
        if (builder and _BUILDER_CALL.search(head)) or _EXPRESSION.search(text, start, end):
            out.append(Clause(start, end, frozenset()))
    return out


def column_sites(path: str, text: str) -> dict[int, str]:
    """Per offset of a column's name, its label: each whole string a row read
    takes (:data:`ROW_LABEL`) and each FromRow struct field's name
    (:data:`FIELD_LABEL`) in a Rust file that uses a SQL crate."""
    if not uses_sql_crate(path, text):
        return {}
    sites: dict[int, str] = {}
    for start, end, opening in string_literals(path, text):
        if opening != '"' or text[end : end + 1] != '"':
            continue
        if _ROW_CALL.search(text, max(0, start - 200), start - 1):
            after = text[end + 1 : end + 40].lstrip()
            if after[:1] in (")", ","):
                sites[start] = ROW_LABEL
    for at in from_row_fields(path, text):
        sites[at] = FIELD_LABEL
    return sites


def from_row_fields(path: str, text: str) -> dict[int, frozenset[str]]:
    """Per offset of the name of a ``#[derive(FromRow)]`` struct's field read
    from the column of its name, the struct's field names so read (folded), in
    a Rust file that uses a SQL crate."""
    if not uses_sql_crate(path, text):
        return {}
    out: dict[int, frozenset[str]] = {}
    for found in _FROM_ROW.finditer(text):
        if any(
            re.search(r"\brename_all\b", a["args"]) for a in _SQLX_ATTR.finditer(found["attrs"])
        ):
            continue  # rename_all: every column is named otherwise (not followed)
        starts = _fields(text, found.end())
        names = frozenset(_WORD.match(text, at)[0].casefold() for at in starts)  # type: ignore[index]
        out.update(dict.fromkeys(starts, names))
    return out


def _fields(text: str, body: int) -> list[int]:
    """Offsets of the names of the fields of the struct whose body opens at
    ``body``, but those an attribute maps otherwise (``rename``) or leaves out
    of the row (``flatten``, ``skip``)."""
    out: list[int] = []
    at = body
    while True:
        field = _FIELD.match(text, at)
        if field is None:
            return out
        args = " ".join(a["args"] for a in _SQLX_ATTR.finditer(field["attrs"]))
        if not re.search(r"\b(?:rename|flatten|skip)\b", args):
            out.append(field.start("name"))
        # The field's type runs to a comma, or the body's brace, outside brackets.
        at, depth = field.end(), 0
        while at < len(text):
            char = text[at]
            if char in "([<":
                depth += 1
            elif char in ")]>" and depth and text[at - 1 : at + 1] != "->":
                depth -= 1
            elif char == "}" or (char == "," and depth == 0):
                break
            at += 1
        if text[at : at + 1] != ",":
            return out
        at += 1


#: Context label of a select-list alias spelled as the column its expression reads.
ALIAS_LABEL = "SQL (result alias named as its column, read by name)"
_ALIAS_AS = lazy_compile(r"(?i)\bas\s+[\"`]?$")


def result_alias(line: str, start: int, written: str) -> bool:
    """Whether the name at ``line[start]`` is a select item's alias spelled as
    the column its expression reads (``group_concat(c, ',') as c``): the
    result keeps the column's name for the row reads that take it by name,
    so the alias follows the column when they are renamed."""
    found = _ALIAS_AS.search(line, 0, start)
    if found is None:
        return False
    # The item's expression: back to a comma outside parentheses, or the string's quote.
    at, depth = found.start(), 0
    while at > 0:
        char = line[at - 1]
        if char == ")":
            depth += 1
        elif char == "(":
            if depth == 0:
                break
            depth -= 1
        elif char == "'":
            at = line.rfind("'", 0, at - 1) + 1  # a SQL string literal (',') is skipped whole
        elif depth == 0 and char in ',"':
            break
        at -= 1
    expression = line[at : found.start()]
    return re.search(rf"(?<![\w.]){re.escape(written)}\b", expression, re.IGNORECASE) is not None
