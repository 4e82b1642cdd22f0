"""The columns views read: which views a column's DROP or type change
reaches, and what each database then does (DBN018: refuses, warns, or
drops the views along).
"""

from __future__ import annotations

from dbnamelint.dialects import Family
from dbnamelint.model import Diagnostic, Event, ObjectKind, Severity
from dbnamelint.replay.model import Node
from dbnamelint.replay.namespace import Namespace
from dbnamelint.replay.renaming import Renaming

VIEW_DEPENDS = "DBN018"


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
