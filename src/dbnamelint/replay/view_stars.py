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
``q.*`` is all of ``q``'s columns. A derived table's or ``WITH`` query's
columns are its select list's (:class:`~dbnamelint.model.ViewQuery`),
its own stars expanded the same way, an alias column list naming the
first. SQLite freezes those a derived table's list names and reads a
table's columns again at each use, so a SQLite star reaching a table stands
for columns not known here (:data:`UNKNOWN`), while the names a derived
table writes around it are kept and judged (trial s31 windmill:
``SELECT * FROM (SELECT *, id AS "Bad" FROM t) s`` left "Bad" unjudged;
SQLite's ``pragma table_info`` of the view lists ``id, name, Bad``). The
same holds wherever a source's columns are not known (a table the files
do not make): what is written around it is kept, the rest unknown.
Checked against PostgreSQL 15, MariaDB 10.11 and SQLite
(tests/test_view_star_columns.py, tests/test_view_derived_stars.py).
"""

from __future__ import annotations

from dbnamelint.dialects import Family
from dbnamelint.model import Event, ObjectKind, ViewName, ViewQuery, ViewSource, ViewStar
from dbnamelint.replay.model import Node
from dbnamelint.replay.namespace import Namespace

_SOURCES = (ObjectKind.TABLE, ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW)

#: Stands for none or more columns whose names are not known (a SQLite
#: table read again at each use, a source the files do not make): the view
#: keeps the names around it and says its columns are in part unknown.
#: ``("", False)`` is one column named after its text.
UNKNOWN: ViewName = ("", True)


def _columns(node: Node) -> list[Node]:
    """``node``'s live columns in order (a partition's are its parent's)."""
    holder = node
    while isinstance(holder.partition_of, Node):
        holder = holder.partition_of
    found = [c for c in holder.children.values() if c.kind is ObjectKind.COLUMN and c.alive]
    found.sort(key=lambda c: c.seq)
    return found


def expand_stars(ns: Namespace, event: Event) -> list[tuple[ViewStar, list[ViewName]]]:
    """Each star of the CREATE VIEW ``event`` with the names of the source
    columns it stands for, in order; :data:`UNKNOWN` where a source's
    columns are not all known (not made in the files, itself in part
    unknown, a table on SQLite), a ``USING`` name or a qualifier matches no
    source or several: the names known around it are kept."""
    # A table made from the rows is frozen on SQLite too.
    joined, own = _from_list(ns, event.view_from, event.kind is ObjectKind.TABLE)
    out: list[tuple[ViewStar, list[ViewName]]] = []
    for star in event.view_stars:
        columns = _star(ns, star.qualifier, joined, own)
        out.append((star, [UNKNOWN] if columns is None else columns))
    return out


def _star(
    ns: Namespace,
    qualifier: ViewName | None,
    joined: list[ViewName],
    own: list[tuple[str, list[ViewName]]],
) -> list[ViewName] | None:
    if qualifier is None:
        return joined
    named = [columns for k, columns in own if k == ns.key(*qualifier)]
    return named[0] if len(named) == 1 else None


def query_columns(ns: Namespace, query: ViewQuery, frozen: bool = False) -> list[ViewName]:
    """The output columns of a derived table or ``WITH`` query;
    ``("", False)`` for one the database names after its text (MySQL,
    MariaDB, SQLite), which the view's model leaves out; :data:`UNKNOWN`
    for those not known."""
    joined, own = _from_list(ns, query.sources, frozen) if query.sources else ([], [])
    out: list[ViewName] = []
    stars = iter(query.stars)
    for name in query.names:
        if name is not None:
            out.append(name)
            continue
        columns = _star(ns, next(stars, None), joined, own)
        out.extend([UNKNOWN] if columns is None else columns)
    if query.renamed and UNKNOWN in out[: len(query.renamed) + 1]:
        # the list names the first columns, how many more is not known
        return [*query.renamed, UNKNOWN]
    if len(query.renamed) > len(out):
        return [UNKNOWN]  # the database refuses more names than columns
    out[: len(query.renamed)] = query.renamed
    return out


def _source_columns(ns: Namespace, source: ViewSource, frozen: bool) -> list[ViewName]:
    if source.derived is not None:
        return query_columns(ns, source.derived, frozen)
    if ns.family is Family.SQLITE and not frozen:
        return [UNKNOWN]  # SQLite reads a table's columns again at each use
    node = ns.find_relation(source.table, _SOURCES)
    if node is None or node.ghost or node.assumed or node.columns_unknown:
        return [UNKNOWN]
    return [(c.name, c.quoted) for c in _columns(node)]


def _from_list(
    ns: Namespace, sources: tuple[ViewSource, ...], frozen: bool = False
) -> tuple[list[ViewName], list[tuple[str, list[ViewName]]]]:
    """The joined columns of a FROM list, and each source's own columns
    under its alias (or name)."""

    def key(name: ViewName) -> str:
        return ns.key(*name)

    joined: list[ViewName] = []
    own: list[tuple[str, list[ViewName]]] = []
    for at, source in enumerate(sources):
        columns = _source_columns(ns, source, frozen)
        name: ViewName = source.alias or (source.table.name, source.table.quoted)
        if name[0]:
            own.append((key(name), columns))
        if at == 0:
            joined = list(columns)
            continue
        if not (source.using or source.natural):
            joined.extend(columns)
            continue
        if ns.family is Family.SQLITE or not all(c[0] for c in (*joined, *columns)):
            # SQLite keeps the left table's order, then the right's not merged
            # (pragma table_info); a name unknown: each name shows once
            seen = {key(c) for c in joined if c[0]}
            joined = [*joined, *(c for c in columns if not c[0] or key(c) not in seen)]
            continue
        right = {key(c): c for c in columns}
        if source.natural:
            common = [key(c) for c in joined if key(c) in right]
        elif ns.family is Family.MYSQL:  # in T1's order (MySQL manual, JOIN Clause)
            using = {key(n) for n in source.using}
            common = list(dict.fromkeys(k for c in joined if (k := key(c)) in using))
            if len(common) != len(using):
                joined = [UNKNOWN]  # the database refuses such a join
                continue
        else:  # in the USING list's order
            common = [key(n) for n in source.using]
        left: dict[str, list[ViewName]] = {}
        for c in joined:
            left.setdefault(key(c), []).append(c)
        if any(len(left.get(k, ())) != 1 or k not in right for k in common):
            joined = [UNKNOWN]  # the database refuses such a join
            continue
        merged = [left[k][0] for k in common]
        shared = set(common)
        joined = [
            *merged,
            *(c for c in joined if key(c) not in shared),
            *(c for c in columns if key(c) not in shared),
        ]
    return joined, own
