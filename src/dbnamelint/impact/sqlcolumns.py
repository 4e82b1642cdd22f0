"""Where a SQL statement names a column, whatever its table: the column positions.

A query whose table the code fills in at run time (``fmt.Sprintf("SELECT
file_id, `primary` FROM %s", table)``, ``"... FROM " + t``, a fragment
``" AND `primary` = 1"`` pasted into another) names no table this reading
can see, yet its columns are plainly columns: a quoted identifier
(backticks, double quotes) that is no table or alias, and a bare name in a
select list, a ``WHERE``/``SET``/``ON``/``ORDER BY`` expression or an
``INSERT`` column list, between the words and punctuation that only a
column stands between there (``, name,``; ``WHERE name =``; ``SET name =``;
``(name)``). Reads tokens only; the caller takes out the names its own
reading binds (tables, aliases, keywords in a keyword's role).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from dbnamelint.core.lazyre import lazy_compile

#: (kind, folded text, start, end) of one token (:mod:`dbnamelint.impact.sqlscope`'s).
Token = tuple[str, str, int, int]

#: Tokens a column name may follow in a column position.
_BEFORE = frozenset(
    {
        "select",
        "distinct",
        ",",
        "(",
        "where",
        "and",
        "or",
        "not",
        "set",
        "by",
        "having",
        "on",
        "when",
        "then",
        "else",
        "returning",
    }
)
#: Tokens a column name may precede in a column position.
_AFTER = frozenset(
    {
        ",",
        ")",
        ";",
        "from",
        "as",
        "is",
        "in",
        "not",
        "like",
        "ilike",
        "glob",
        "between",
        "asc",
        "desc",
        "and",
        "or",
        "where",
        "order",
        "group",
        "limit",
        "having",
        "then",
        "end",
        "collate",
        "when",
        "else",
        "returning",
        "union",
        "values",
    }
)
#: Words no column is named bare: a keyword in its own role (``SELECT DISTINCT``).
_KEYWORDS = frozenset(
    {
        "select",
        "distinct",
        "from",
        "where",
        "and",
        "or",
        "not",
        "null",
        "set",
        "by",
        "order",
        "group",
        "having",
        "limit",
        "offset",
        "on",
        "as",
        "is",
        "in",
        "like",
        "between",
        "asc",
        "desc",
        "when",
        "then",
        "else",
        "end",
        "case",
        "true",
        "false",
        "values",
        "default",
        "all",
        "any",
        "exists",
        "returning",
        "union",
        "join",
        "into",
        "update",
        "insert",
        "delete",
        "with",
    }
)
#: A comparison before (``= name``) or after (``name <> 1``) the name: an operand.
_OPERATOR_BEFORE = lazy_compile(r"(?:[=<>]|!=|\|\|)\s*$")
_OPERATOR_AFTER = lazy_compile(r"^\s*(?:[=<>]|!=|\|\|)")
#: What a gap's string junction leaves (``" +\n\t"``): no SQL.
_JUNCTION = lazy_compile(r"[\"`'+\\]")
#: The text before a name that ``AS`` binds: the keyword, then maybe an
#: opening quote (escaped in a JSON or code string, ``AS \"ownerId\"``); the
#: word before ``AS`` (``RENAME AS t``: MySQL's rename names the table).
#: A ``CAST(`` or ``TREAT(`` its ``)`` has not closed yet: its ``AS`` names a type.
_OPEN_CAST = lazy_compile(r"\b(?:CAST|TREAT)\s*\([^()]*\Z", re.IGNORECASE)
_AS_BEFORE = lazy_compile(r"(?:^|[^\w$])(?:([\w$]+)\s+)?AS\s+(?:\\?[\"`\[])?\Z", re.IGNORECASE)


def column_positions(text: str, toks: Sequence[Token]) -> set[int]:
    """Starts of the names of one statement's tokens ``toks`` (offsets in
    ``text``) that stand in a column position: a quoted identifier, or a bare
    word between a token or comparison a column follows and one it precedes
    (the statement's start and end count as both). Names followed by ``.``
    (a qualifier) or ``(`` (a function) and those after ``.`` are none."""
    out: set[int] = set()
    for k, (kind, folded, start, end) in enumerate(toks):
        if kind not in ("word", "qword"):
            continue
        after = toks[k + 1] if k + 1 < len(toks) else None
        before = toks[k - 1] if k else None
        if (after is not None and after[1] in (".", "(")) or (
            before is not None and before[1] == "."
        ):
            continue
        if kind == "qword":
            out.add(start)
            continue
        if folded in _KEYWORDS:
            continue
        gap_before = _JUNCTION.sub("", text[before[3] : start]) if before is not None else ""
        gap_after = _JUNCTION.sub("", text[end : after[2]]) if after is not None else ""
        opens = (
            before is None
            or (before[0] in ("word", "punct") and before[1] in _BEFORE)
            or bool(_OPERATOR_BEFORE.search(gap_before))
        )
        closes = (
            after is None
            or (after[0] in ("word", "punct") and after[1] in _AFTER)
            or bool(_OPERATOR_AFTER.search(gap_after))
        )
        if opens and closes:
            out.add(start)
    return out


def bound_by_as(before: str) -> bool:
    """Whether a name that ``before`` (the text up to it) ends in ``AS``
    before is one the statement binds, read line by line where no statement
    is (a data file's value, a snapshot): a select-list output name
    (``SELECT owner_id AS user_id``), a table alias (``FROM t AS x``), never
    a use of a column or table of that name (PostgreSQL manual, "SELECT":
    ``AS output_name``, ``[ AS ] alias``). A cast's ``AS`` names a type;
    MySQL's ``RENAME AS t`` names the table: not bound here."""
    found = _AS_BEFORE.search(before)
    if found is None or (found.group(1) or "").lower() == "rename":
        return False
    return _OPEN_CAST.search(before, 0, found.start() + 1) is None
