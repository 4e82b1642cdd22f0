"""Which columns a PostgreSQL view depends on, bound as PostgreSQL binds
them when the view is made (the column dependencies ``pg_depend`` records).

A star (``*``, ``t.*``) depends on every column its level's tables have
then; ``q.c`` on ``c`` of the source ``q`` names at the innermost level
that has such a source; a bare ``c`` on the column of that name of the
innermost level's one table having it (two would be an error: the view
would not exist). Derived tables, CTEs, functions, views and tables the
files do not create have columns the model does not know: a name that may
be theirs, and a known column further out of that name, is only *maybe*
read (DBN018 then warns instead of failing).
"""

from __future__ import annotations

from collections.abc import Sequence

from dbnamelint.model import ObjectKind, ViewLevel, ViewName
from dbnamelint.replay.model import Node
from dbnamelint.replay.namespace import Namespace

_SOURCES = (ObjectKind.TABLE, ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW)


class _Source:
    """One FROM item: the table node when its columns are known, its
    reference key (alias, else the table's name) and whether all its
    columns are known (a table the files create)."""

    __slots__ = ("complete", "key", "table")

    def __init__(self, table: Node | None, key: str | None, complete: bool) -> None:
        self.table = table
        self.key = key
        self.complete = complete


def _key(name: ViewName) -> str:
    text, quoted = name
    return text if quoted else text.casefold()


def _column(ns: Namespace, table: Node, name: ViewName) -> Node | None:
    """``table``'s live column ``name`` (a partition's are its parent's)."""
    holder: Node | None = table
    while holder is not None:
        found = ns.find_child(holder, ObjectKind.COLUMN, name[0], name[1])
        if found is not None and found.alive:
            return found
        holder = holder.partition_of if isinstance(holder.partition_of, Node) else None
    return None


def _add(into: dict[int, Node], column: Node | None) -> None:
    if column is not None:
        into.setdefault(id(column), column)


def _columns(table: Node) -> list[Node]:
    holder: Node | None = table
    while holder is not None and isinstance(holder.partition_of, Node):
        holder = holder.partition_of
    if holder is None:
        return []
    return [c for c in holder.children.values() if c.kind is ObjectKind.COLUMN and c.alive]


def bind_view(
    ns: Namespace, levels: Sequence[ViewLevel]
) -> tuple[tuple[Node, ...], tuple[Node, ...]]:
    """The columns a view of these query levels depends on for sure, and
    those it may read (a name a source of unknown columns may hold)."""
    sources: list[list[_Source]] = []
    for level in levels:
        found: list[_Source] = []
        for table_name, alias in level.sources:
            node = ns.find_relation(table_name, _SOURCES) if table_name is not None else None
            if node is not None and node.kind is not ObjectKind.TABLE:
                node = None  # a view's columns are its own: not the table's
            key = alias
            if key is None and table_name is not None:
                key = _key((table_name.name, table_name.quoted))
            complete = node is not None and not (node.ghost or node.assumed or node.columns_unknown)
            found.append(_Source(node, key, complete))
        sources.append(found)
    sure: dict[int, Node] = {}
    maybe: dict[int, Node] = {}
    for at, level in enumerate(levels):
        for star in level.stars:
            for source in sources[at]:
                if source.table is not None and (star is None or _key(star) == source.key):
                    for column in _columns(source.table):
                        _add(sure, column)
        for name in level.using:
            for source in sources[at]:
                if source.table is not None:
                    _add(sure, _column(ns, source.table, name))
        for qualifier, name in level.names:
            _bind_name(ns, levels, sources, at, qualifier, name, sure, maybe)
    maybe_only = tuple(c for k, c in maybe.items() if k not in sure)
    return tuple(sure.values()), maybe_only


def _bind_name(
    ns: Namespace,
    levels: Sequence[ViewLevel],
    sources: Sequence[Sequence[_Source]],
    at: int,
    qualifier: ViewName | None,
    name: ViewName,
    sure: dict[int, Node],
    maybe: dict[int, Node],
) -> None:
    """Binds one reference from level ``at`` outwards, as PostgreSQL does."""
    unsure = False
    level = at
    while level >= 0:
        here = sources[level]
        if qualifier is not None:
            named = [s for s in here if s.key == _key(qualifier)]
            if named:
                table = named[0].table
                if table is not None:  # q.c: q is that source, whatever else is unknown
                    _add(sure, _column(ns, table, name))
                return
        else:
            holding = [
                (s, c) for s in here if s.table is not None and (c := _column(ns, s.table, name))
            ]
            if len(holding) == 1:
                _add(maybe if unsure else sure, holding[0][1])
                return
            if len(holding) > 1:
                for _, column in holding:  # ambiguous: PostgreSQL would refuse the view
                    _add(maybe, column)
                return
            if any(not s.complete for s in here):
                unsure = True  # the name may be a column of a source we do not know
        level = levels[level].parent
