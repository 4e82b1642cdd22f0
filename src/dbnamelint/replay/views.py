"""The end of replay: references resolved late, and compatibility views (a view
under a table's old name reading it) linked to their table."""

from __future__ import annotations

from dbnamelint.dialects import Family
from dbnamelint.model import Diagnostic, ObjectKind, QualifiedName, Severity
from dbnamelint.replay.dropping import Dropping
from dbnamelint.replay.model import _RELATIONS, Node
from dbnamelint.replay.namespace import Namespace

#: A column added to a table after its compatibility view (a warning).
COLUMN_AFTER_VIEW = "DBN019"
#: A new view reading a compatibility view, which the cleanup drops (an error).
VIEW_ON_COMPATIBILITY_VIEW = "DBN030"

_VIEWS = (ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW)
# Read once, not per node: on Python 3.11 reading ``ObjectKind.TABLE`` goes
# through ``EnumType.__getattr__``'s slow path (about five times a global's
# cost; 3.12 removed it).
_TABLE, _VIEW, _MATERIALIZED_VIEW = (
    ObjectKind.TABLE,
    ObjectKind.VIEW,
    ObjectKind.MATERIALIZED_VIEW,
)


class CompatibilityViews(Dropping):
    """Late references and compatibility views."""

    # -- result --------------------------------------------------------

    @staticmethod
    def _resolve_late(ns: Namespace) -> None:
        """Bind references written before their target existed (MySQL dumps
        create tables in alphabetical order with FOREIGN_KEY_CHECKS=0)."""
        for node in ns.nodes:
            if not node.alive:
                continue
            if isinstance(node.ref, QualifiedName):
                node.ref = ns.find_relation(node.ref, _RELATIONS) or node.ref
            if isinstance(node.partition_of, QualifiedName):
                parent = node.partition_of
                node.partition_of = ns.find_relation(parent, (ObjectKind.TABLE,)) or parent
            if node.selects:
                node.selects = tuple(
                    ns.find_relation(s, _RELATIONS) or s if isinstance(s, QualifiedName) else s
                    for s in node.selects
                )

    def _link_compatibility_views(self, ns: Namespace) -> None:
        by_old_name: dict[tuple[str | None, str], list[Node]] = {}
        for node in ns.nodes:
            if node.alive and node.kind is _TABLE and node.previous:
                for name, quoted in node.previous:
                    key = (ns.schema_key(node.schema), ns.key(name, quoted, _TABLE))
                    by_old_name.setdefault(key, []).append(node)
        if not by_old_name:
            return
        for view in ns.nodes:
            if not view.alive or view.kind not in (_VIEW, _MATERIALIZED_VIEW):
                continue
            candidates = by_old_name.get((ns.schema_key(view.schema), ns.node_key(view)), [])
            for table in candidates:
                if any(self._reads(ns, source, table) for source in view.selects):
                    view.view_for = table.name
                    self._columns_after_view(ns, view, table)
                    break
        self._views_on_compatibility_views(ns)

    def _columns_after_view(self, ns: Namespace, view: Node, table: Node) -> None:
        """DBN019 for each column added to ``table`` after its compatibility view.

        A view's columns are fixed when it is created (PostgreSQL and MySQL
        expand ``*`` then; SQLite expands it at each use, so a ``*`` view there
        shows later columns): code still using the old name cannot read or
        write them (MariaDB 10.11: ERROR 1054 Unknown column).
        """
        if ns.profile.family is Family.SQLITE and "*" in view.reads:
            return
        made = view.redefined_seq or view.seq
        for column in table.children.values():
            if column.kind is not ObjectKind.COLUMN or not column.alive or column.seq < made:
                continue
            self.diagnostics.append(
                Diagnostic(
                    column.location,
                    Severity.WARNING,
                    f"column {column.name!r} is added to table {table.name!r} after its "
                    f"compatibility view {view.name!r}, which does not show it (a view's "
                    "columns are fixed when it is created): code still using the old name "
                    f"{view.name!r} cannot read or write it; re-create the view in the "
                    "same migration (CREATE OR REPLACE VIEW), or move that code to "
                    f"{table.name!r} first",
                    COLUMN_AFTER_VIEW,
                )
            )

    def _views_on_compatibility_views(self, ns: Namespace) -> None:
        """DBN030 for each view or materialized view that still reads a
        compatibility view when the files end (once linked: ``view_for``),
        at the statement that made its current definition: the cleanup
        drops that view, and then PostgreSQL refuses the DROP VIEW ('cannot
        drop view old because other objects depend on it'), while MariaDB and
        SQLite take it and this view fails on every use. The database takes
        the CREATE: the model keeps the view. A view re-created over the
        table later (CREATE OR REPLACE VIEW) is not reported.

        PostgreSQL binds a view to the relations it read when made; MariaDB
        and SQLite keep its text and read whatever holds the name at each
        use, so there a source dropped and made again is the new one.
        """
        by_name = not ns.profile.view_dependencies
        for view in ns.views:
            if not view.alive or view.kind not in _VIEWS or view.view_for is not None:
                continue
            for read in dict.fromkeys(s for s in view.selects if isinstance(s, Node)):
                source = read
                if not read.alive and by_name:
                    found = ns.find_top(_RELATIONS, read.schema, read.name, read.quoted)
                    source = found if found is not None else read
                if not source.alive or source.view_for is None or source is view:
                    continue
                table = self._renamed_from(ns, source)
                if table is None:
                    continue
                self._reads_compatibility_view(ns, view, source, table)

    def _reads_compatibility_view(
        self, ns: Namespace, view: Node, source: Node, table: Node
    ) -> None:
        if ns.profile.view_dependencies:
            then = (
                f"{ns.profile.name} refuses that DROP VIEW while this view reads it "
                f"(cannot drop view {ns.stored(source.name, source.quoted)} because "
                "other objects depend on it)"
            )
        elif ns.profile.family in (Family.MYSQL, Family.SQLITE):  # checked on MariaDB, sqlite3
            then = f"{ns.profile.name} takes that DROP and this view fails on every use"
        else:
            then = "this view then reads a view that is gone (the DROP is refused or breaks it)"
        kind = "materialized view" if view.kind is ObjectKind.MATERIALIZED_VIEW else "view"
        self.diagnostics.append(
            Diagnostic(
                view.location,
                Severity.ERROR,
                f"{kind} {view.name!r} reads {source.name!r}, the compatibility view left "
                f"when table {source.name!r} was renamed to {table.name!r}, which "
                f"`dbnamelint migrate --cleanup` drops: {then}; write {table.name!r} "
                f"instead of {source.name!r} (CREATE OR REPLACE {kind.upper()} ... FROM "
                f"{table.name})",
                VIEW_ON_COMPATIBILITY_VIEW,
            )
        )

    @staticmethod
    def _reads(ns: Namespace, source: Node | QualifiedName, table: Node) -> bool:
        if isinstance(source, Node):
            return source is table
        if ns.schema_key(source.schema) != ns.schema_key(table.schema):
            return False
        key = ns.key(source.name, source.quoted, ObjectKind.TABLE)
        names = [(table.name, table.quoted), *table.previous]
        return any(ns.key(n, q, ObjectKind.TABLE) == key for n, q in names)
