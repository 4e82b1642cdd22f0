"""A string literal that is one qualified column, ``'revenue.created_at'``.

Code hands SQL fragments to its own helpers (umami's
``getDateSQL('revenue.created_at', unit)`` inside a query reading ``FROM
revenue``): the literal reads as no SQL statement, yet it is spliced into
one, and when ``revenue`` is renamed the query fails ("missing FROM-clause
entry for table revenue"). A literal whose whole text is ``table.column``,
the table one of the schema's and the column one of that table's, inside a
statement reading that table, is such a fragment: the table and the column
in it are high-confidence uses. A translation call's key
(``t('users.name')``, ``__('users.name')``) is none; where the literal
stands is the caller's to judge (:mod:`dbnamelint.impact.scan`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

LABEL = "SQL (table.column string)"

#: One identifier, bare or quoted as SQL quotes one (the quote kept out).
_PART = r'(?:"([^"]+)"|`([^`]+)`|\[([^\]]+)\]|([A-Za-z_][\w$]*))'
_QUALIFIED = re.compile(rf"\s*{_PART}\s*\.\s*{_PART}\s*")
#: Calls whose string argument is a message key, not SQL: gettext's ``_``,
#: i18next's and vue-i18n's ``t``/``$t``, Rails' ``t``/``I18n.t``, Laravel's
#: ``__``/``trans``/``@lang``/``Lang::get``, Symfony's ``trans``.
_TRANSLATION_CALL = re.compile(
    r"(?:(?<![\w$.])(?:_|__|t|\$t|tc|\$tc|tr|gettext|ngettext|trans|trans_choice|translate|"
    r"lang)|I18n\s*\.\s*t|i18n\s*\.\s*t|Lang\s*::\s*get|@lang)\s*\(\s*$"
)


def table_and_column(text: str, columns: Mapping[str, frozenset[str]]) -> tuple[str, str] | None:
    """The (table, column) ``text`` names, as written, when its whole text is
    ``table.column`` with the column one of that table's in ``columns``
    (per table name folded, its column names folded); else None."""
    found = _QUALIFIED.fullmatch(text)
    if found is None:
        return None
    groups = found.groups()
    table = next(g for g in groups[:4] if g is not None)
    column = next(g for g in groups[4:] if g is not None)
    if column.casefold() not in columns.get(table.casefold(), frozenset()):
        return None
    return table, column


def innermost(
    line: str, start: int, end: int, columns: Mapping[str, frozenset[str]]
) -> tuple[int, str, str] | None:
    """(opening quote's column, table, column) of the innermost string literal
    around ``line[start:end]`` that is one ``table.column`` of ``columns``
    (:func:`table_and_column`), or None. Innermost: Python's
    ``f"... {trunc('t.col')} ..."`` and a JavaScript template's
    ``${f('t.col')}`` hold it inside another string."""
    for quote in ("'", '"', "`"):
        opened = line.rfind(quote, 0, start)
        closed = line.find(quote, end)
        if opened < 0 or closed < 0:
            continue
        found = table_and_column(line[opened + 1 : closed], columns)
        if found is not None:
            return opened, found[0], found[1]
    return None


def translation_key(head: str) -> bool:
    """Whether the string opening right after ``head`` (the line up to its
    quote) is a translation call's key."""
    return _TRANSLATION_CALL.search(head[-80:]) is not None
