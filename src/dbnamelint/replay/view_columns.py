"""What views read: which views a column's DROP or type change, or a
table's or view's DROP, reaches, and what each database then does (DBN018:
refuses, warns, or drops the views along).
"""

from __future__ import annotations

from collections.abc import Sequence

from dbnamelint.dialects import Family
from dbnamelint.model import Diagnostic, Event, ObjectKind, Severity
from dbnamelint.replay.model import Node, _kind_label
from dbnamelint.replay.namespace import Namespace
from dbnamelint.replay.renaming import Renaming

VIEW_DEPENDS = "DBN018"

#: What DROP TABLE / VIEW / MATERIALIZED VIEW drops, and what reads them.
_DROPPED = (ObjectKind.TABLE, ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW)
_VIEWS = (ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW)


class ViewColumns(Renaming):
    """Views reading a column, and what taking that column away does to them."""

    def _refused_for_views(self, ns: Namespace, event: Event, column: Node, action: str) -> bool:
        """DBN018 for a column some view reads, dropped (``action`` "drop")
        without CASCADE or given another type ("type"). True when the
        database refuses the statement, which then changes nothing.

        PostgreSQL refuses both while a view depends on the column (pg_depend:
        a ``*`` select list depends on the columns the table had when the view
        was made); SQLite refuses the drop when a view names the column (a
        ``*`` is expanded at each use); MySQL/MariaDB drop it and leave the
        view failing on every use (ERROR 1356), so that is a warning and the
        column goes. Checked on PostgreSQL 15, SQLite 3 and MariaDB 10.11
        (tests/test_replay_view_columns.py).
        """
        dialect, family = ns.profile.name, ns.profile.family
        if dialect == "postgres":
            stars, refuses = True, True
        elif family is Family.SQLITE and action == "drop":
            stars, refuses = False, True
        elif family is Family.MYSQL and action == "drop":
            stars, refuses = True, False
        else:
            return False
        if dialect == "postgres":
            certain, views = self._depending(ns, column)
            why = "its body names the column beside a source whose columns are unknown"
        else:
            views = self._views_reading(ns, column, stars=stars)
            certain = [v for v in views if self._surely_reads(v, column)]
            why = "the name is in the body"
        if not views:
            return False
        owner = column.owner
        table = owner.name if owner is not None else ""
        if not certain:
            # Only the name is in the body: it may be another table's column of
            # that name, an output alias or a CTE's (s7-t4 #0b). Said, not refused.
            listed = ", ".join(sorted({v.name for v in views}))
            message = (
                f"column {column.name!r} of table {table!r} may be read by "
                f"{'view' if len(views) == 1 else 'views'} {listed} ({why}); if so, {dialect} "
                + ("refuses this statement" if refuses else "breaks the view")
                + ": drop the view before and create it again after"
            )
            self.diagnostics.append(
                Diagnostic(event.location, Severity.WARNING, message, VIEW_DEPENDS)
            )
            return False
        views = certain
        listed = ", ".join(sorted({v.name for v in views}))
        noun = "view" if len(views) == 1 else "views"
        if not refuses:
            message = (
                f"column {column.name!r} of table {table!r} is read by {noun} {listed}: "
                f"{dialect} drops the column and the {noun} then fail on every use "
                "(ERROR 1356: references invalid ... column(s)); drop the view before "
                "and create it again after"
            )
            self.diagnostics.append(
                Diagnostic(event.location, Severity.WARNING, message, VIEW_DEPENDS)
            )
            return False
        if action == "drop" and dialect == "postgres":
            said = (
                f"cannot drop column {column.name} of table {table} because other objects "
                f"depend on it (view {listed})"
            )
        elif action == "drop":
            said = f"error in view {listed} after drop column: no such column: {column.name}"
        else:
            said = (
                "cannot alter type of a column used by a view or rule "
                f"(view {listed} depends on column {column.name})"
            )
        fix = "drop the view before and create it again after"
        if action == "drop" and dialect == "postgres":
            fix = "DROP COLUMN ... CASCADE drops the view too; or " + fix
        message = f"{dialect} refuses this statement: {said}: {fix} (the model keeps the column)"
        self.diagnostics.append(Diagnostic(event.location, Severity.ERROR, message, VIEW_DEPENDS))
        return True

    @classmethod
    def _depending(cls, ns: Namespace, column: Node) -> tuple[list[Node], list[Node]]:
        """PostgreSQL: the live views that depend on ``column`` (pg_depend, as
        :mod:`~dbnamelint.replay.view_binding` bound them when each was made),
        and those plus the ones that may read it. A view not bound (a body
        the reader did not split) is judged by the names in it."""
        sure: list[Node] = []
        maybe: list[Node] = []
        for view in ns.nodes:
            if view.alive and view.bound:
                if any(c is column for c in view.depends):
                    sure.append(view)
                elif any(c is column for c in view.may_read):
                    maybe.append(view)
        for view in cls._views_reading(ns, column, stars=True):
            if not view.bound:
                (sure if cls._surely_reads(view, column) else maybe).append(view)
        return sure, sure + maybe

    @staticmethod
    def _surely_reads(view: Node, column: Node) -> bool:
        """Whether ``view`` (one :meth:`_views_reading` found) reads ``column``
        for sure: it reads that table alone. Over several tables the name in
        its body may be another table's column, an alias's or a CTE's
        (s7-t4 #0b), so it is only said."""
        return len(view.selects) == 1 and view.selects[0] is column.owner

    @staticmethod
    def _views_reading(ns: Namespace, column: Node, *, stars: bool) -> list[Node]:
        """Live views over ``column``'s table whose body names the column (as
        it is called now or was called), or, with ``stars``, that select
        ``*`` and were made after the column."""
        table = column.owner
        keys = {ns.key(n, q) for n, q in ((column.name, column.quoted), *column.previous)}

        own = {ns.key(table.name, table.quoted)} if table is not None else set()

        def names(written: str) -> bool:
            if written.startswith('"') and written.endswith('"') and len(written) > 1:
                return ns.key(written[1:-1].replace('""', '"'), True) in keys
            qualifier, dot, name = written.rpartition(".")
            if dot:  # q.col: this table's only when q is its name (an alias: unknown)
                return ns.key(qualifier, False) in own and ns.key(name, False) in keys
            return ns.key(written, False) in keys

        return [
            view
            for view in ns.nodes
            if view.alive
            and view.kind in (ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW)
            and any(source is table for source in view.selects)
            and (
                (stars and "*" in view.reads and column.seq < view.seq)
                or any(names(w) for w in view.reads if w != "*")
            )
        ]

    def _drop_views_reading(self, ns: Namespace, column: Node) -> None:
        """Views reading ``column`` (PostgreSQL: a star select list made after
        the column, or the column's name, now or before a rename, in the body,
        over its table) go with it, and theirs."""
        if ns.profile.name == "postgres":
            views = self._depending(ns, column)[1]
        else:
            views = self._views_reading(ns, column, stars=True)
        for view in views:
            if view.alive:
                self._kill(ns, view)
                self._cascade(ns, view)

    def _drop_refused_for_views(
        self, ns: Namespace, event: Event, dropped: Sequence[Event]
    ) -> bool:
        """DBN018 for ``DROP TABLE`` / ``VIEW`` / ``MATERIALIZED VIEW`` without
        CASCADE of a relation some view reads, where the database records
        what views read (``view_dependencies``: PostgreSQL). ``dropped``: the
        DROP events of ``event``'s statement from ``event`` on (``DROP VIEW a,
        b`` drops both, and a view among them may read another). True when
        the database refuses the statement, which then drops nothing: the
        rest of its events are skipped (``_refused_at``).

        PostgreSQL 15 refuses it while a view outside the statement reads one
        of them, directly or through other views ('cannot drop view v because
        other objects depend on it'; several: 'cannot drop desired object(s)
        because other objects depend on them'). MariaDB and SQLite take the
        DROP and leave the view failing on use: not judged here
        (tests/test_replay_view_drops.py).
        """
        if (
            event.kind not in _DROPPED
            or event.table is not None
            or event.cascade
            or not ns.profile.view_dependencies
        ):
            return False
        nodes: list[Node] = []
        for other in dropped:
            if other.kind in _DROPPED and other.table is None and other.name is not None:
                node = ns.find_top((other.kind,), other.schema, other.name, other.quoted)
                if node is not None and node.alive and not node.ghost:
                    nodes.append(node)
        if not nodes:
            return False
        gone = {id(n) for n in nodes}
        readers = self._readers_of(ns, nodes)
        outside = [(v, s) for v, s in readers if id(v) not in gone]
        if not outside:
            return False
        dialect = ns.profile.name
        first = nodes[0]
        if len(nodes) == 1:
            said = (
                f"cannot drop {_kind_label(first.kind)} {ns.stored(first.name, first.quoted)} "
                "because other objects depend on it"
            )
        else:
            said = "cannot drop desired object(s) because other objects depend on them"
        detail = "; ".join(
            f"{_kind_label(v.kind)} {v.name} depends on {_kind_label(s.kind)} {s.name}"
            for v, s in outside
        )
        direct = sorted({v.name for v, s in outside if id(s) in gone})
        views = ", ".join(direct)
        compatibility = [(n, t) for n in nodes if (t := self._renamed_from(ns, n)) is not None]
        if compatibility:
            view, table = compatibility[0]
            fix = (
                f"{view.name!r} is the compatibility view left when table {view.name!r} was "
                f"renamed to {table.name!r}: re-create {views} over {table.name!r} first "
                f"(CREATE OR REPLACE VIEW ... FROM {table.name}), then drop it"
            )
        else:
            fix = (
                "drop those views before and create them again after, or DROP ... CASCADE "
                "drops them too"
            )
        message = (
            f"{dialect} refuses this statement: {said} ({detail}): {fix} "
            f"(the model keeps the {_kind_label(first.kind)})"
        )
        severity = Severity.ERROR
        if self._guarded:  # in an IF or loop of a DO block: it may never run
            message, severity = "if it runs, " + message, Severity.WARNING
        self.diagnostics.append(Diagnostic(event.location, severity, message, VIEW_DEPENDS))
        if event.statement >= 0:
            self._refused_at = (event.source.path, event.statement)
        return True

    @staticmethod
    def _readers_of(ns: Namespace, relations: Sequence[Node]) -> list[tuple[Node, Node]]:
        """Live views reading ``relations``, directly or through other views,
        each with the first relation it reads of those or of the views before
        it, in the order they were made (PostgreSQL's pg_depend DETAIL)."""
        reached = {id(n): n for n in relations}
        found: list[tuple[Node, Node]] = []
        grown = True
        while grown:
            grown = False
            for view in ns.views:
                if not view.alive or view.kind not in _VIEWS or id(view) in reached:
                    continue
                source = next(
                    (s for s in view.selects if isinstance(s, Node) and id(s) in reached), None
                )
                if source is None:
                    source = next((c.owner for c in view.depends if id(c.owner) in reached), None)
                if source is not None:
                    reached[id(view)] = view
                    found.append((view, source))
                    grown = True
        found.sort(key=lambda pair: pair[0].seq)
        return found
