"""The marker by which ``migrate``'s compatibility views name their table.

``migrate`` writes it where each dialect keeps it through a dump and in the
catalog (:meth:`dbnamelint.services.migrate.sql.Writer.create_view`):
PostgreSQL ``COMMENT ON VIEW v IS 'dbnamelint compatibility view of t'``
(``pg_description``, which ``pg_dump`` writes back), SQLite a ``/* dbnamelint
compatibility view of t */`` inside the view's text (``sqlite_master.sql``
keeps it verbatim). MySQL/MariaDB views hold no comment: none there.
"""

from __future__ import annotations

from dbnamelint.core.lazyre import lazy_compile

#: The marker's text before the table's name; no colon after ``dbnamelint``,
#: which would make the comment a directive.
MARKER = "dbnamelint compatibility view of "

#: The marker in a text: the table's name, maybe schema-qualified, ends at a
#: space, ``*`` (an SQLite comment's end) or ``'`` (a COMMENT's literal's end).
MARKED = lazy_compile(r"dbnamelint\s+compatibility view of\s+(?P<table>[^\s*'.]+(?:\.[^\s*']+)?)")


def marked_table(text: str | None) -> str | None:
    """The table ``text`` (a view's comment or stored text) names with the
    marker, without its schema and quotes, as written; None without one."""
    if not text or "compatibility view of" not in text:
        return None
    found = MARKED.search(text)
    if found is None:
        return None
    name = found.group("table").rpartition(".")[2].strip()
    if len(name) > 1 and name[0] in '"`[' and name[-1] in '"`]':
        name = name[1:-1]
    return name or None
