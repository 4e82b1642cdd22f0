"""A view's ``*`` / ``t.*`` expanded into the columns its sources have when
the view is made, as PostgreSQL, MySQL and MariaDB do (they store the
expanded list: PostgreSQL manual, CREATE VIEW, "columns added later to the
table are not part of the view"; MySQL manual, CREATE VIEW, "the view
definition is frozen at creation time"). SQLite expands a star again at
each use: its stars are not read (:func:`~dbnamelint.frontends.sql.parsing.ddl._view_columns`).

The joined columns of the ``FROM`` list, as the SQL standard joins them
(PostgreSQL manual, "Table Expressions": ``USING`` "the output will have
only one column for each of the listed column pairs (in the listed
order), followed by any remaining columns from T1, followed by any
remaining columns from T2"; ``NATURAL`` is ``USING`` of the names both
have, in T1's order). MySQL and MariaDB put the ``USING`` columns in T1's
order too (MySQL manual, "JOIN Clause": "coalesced common columns of the
two joined tables, in the order in which they occur in the first table").
``q.*`` is all of ``q``'s columns. Checked against
PostgreSQL 15 and MariaDB 10.11 (tests/test_view_star_columns.py).
"""

from __future__ import annotations

from dbnamelint.dialects import Family
from dbnamelint.model import Event, ObjectKind, ViewName, ViewStar
from dbnamelint.replay.model import Node
from dbnamelint.replay.namespace import Namespace

_SOURCES = (ObjectKind.TABLE, ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW)


def _columns(node: Node) -> list[Node]:
    """``node``'s live columns in order (a partition's are its parent's)."""
    holder = node
    while isinstance(holder.partition_of, Node):
        holder = holder.partition_of
    found = [c for c in holder.children.values() if c.kind is ObjectKind.COLUMN and c.alive]
    found.sort(key=lambda c: c.seq)
    return found


def expand_stars(ns: Namespace, event: Event) -> list[tuple[ViewStar, list[Node]]] | None:
    """Each star of the CREATE VIEW ``event`` with the source columns it
    stands for, in order; None when a source's columns are not all known
    (not made in the files, or itself in part unknown), a ``USING`` name or
    a qualifier matches no source or several."""

    def key(name: str, quoted: bool) -> str:
        return ns.key(name, quoted)

    joined: list[Node] = []
    own: list[tuple[str, list[Node]]] = []
    for source in event.view_from:
        node = ns.find_relation(source.table, _SOURCES)
        if node is None or node.ghost or node.assumed or node.columns_unknown:
            return None
        columns = _columns(node)
        name: ViewName = source.alias or (source.table.name, source.table.quoted)
        own.append((key(*name), columns))
        if not joined:
            joined = list(columns)
            continue
        if not (source.using or source.natural):
            joined.extend(columns)
            continue
        right = {key(c.name, c.quoted): c for c in columns}
        if source.natural:
            common = [key(c.name, c.quoted) for c in joined if key(c.name, c.quoted) in right]
        elif ns.family is Family.MYSQL:  # in T1's order (MySQL manual, JOIN Clause)
            using = {key(*n) for n in source.using}
            common = list(dict.fromkeys(k for c in joined if (k := key(c.name, c.quoted)) in using))
            if len(common) != len(using):
                return None
        else:  # in the USING list's order
            common = [key(*n) for n in source.using]
        left: dict[str, list[Node]] = {}
        for c in joined:
            left.setdefault(key(c.name, c.quoted), []).append(c)
        if any(len(left.get(k, ())) != 1 or k not in right for k in common):
            return None  # the database refuses such a join
        merged = [left[k][0] for k in common]
        shared = set(common)
        joined = [
            *merged,
            *(c for c in joined if key(c.name, c.quoted) not in shared),
            *(c for c in columns if key(c.name, c.quoted) not in shared),
        ]
    out: list[tuple[ViewStar, list[Node]]] = []
    for star in event.view_stars:
        if star.qualifier is None:
            out.append((star, joined))
            continue
        named = [columns for k, columns in own if k == key(*star.qualifier)]
        if len(named) != 1:
            return None
        out.append((star, named[0]))
    return out
