"""Statements that work on a table only, written against a view (DBN022).

A compatibility view keeps a renamed table's old name readable, so the next
migration a developer writes under the old name (``ALTER TABLE project ADD
COLUMN ...``, ``CREATE INDEX ... ON project``) reaches the view, and the
database refuses it. The model then keeps the view as it was: nothing the
statement makes is attached to it.
"""

from __future__ import annotations

from dbnamelint.dialects import Family
from dbnamelint.model import (
    ConstraintType,
    Diagnostic,
    Event,
    EventOp,
    ObjectKind,
    QualifiedName,
    Severity,
)
from dbnamelint.replay.implicit import ImplicitNames
from dbnamelint.replay.model import _RELATIONS, Node
from dbnamelint.replay.namespace import Namespace

TABLE_DDL_ON_VIEW = "DBN022"

# Read once, not per event: on Python 3.11 reading ``ObjectKind.VIEW`` goes
# through ``EnumType.__getattr__``'s slow path (about five times a global's
# cost; 3.12 removed it).
_VIEW = ObjectKind.VIEW

#: What PostgreSQL answers, per action it refuses on a view ("rename column"
#: and "rename table" it accepts: ALTER TABLE works on a view for those).
_POSTGRES = {
    "add column": 'ALTER action ADD COLUMN cannot be performed on relation "{view}"',
    "add constraint": 'ALTER action ADD CONSTRAINT cannot be performed on relation "{view}"',
    "alter column type": (
        'ALTER action ALTER COLUMN ... SET DATA TYPE cannot be performed on relation "{view}"'
    ),
    "drop column": 'ALTER action DROP COLUMN cannot be performed on relation "{view}"',
    "create index": 'cannot create index on relation "{view}"',
    "create trigger": '"{view}" is a view',
    "create policy": '"{view}" is not a table',
    "references": 'referenced relation "{view}" is not a table',
    "inherit": 'inherited relation "{view}" is not a table or foreign table',
    # Statements that work on tables only (EventOp.USE).
    "TRUNCATE": '"{view}" is not a table',
    "COMMENT ON TABLE": '"{view}" is not a table',
    "COPY FROM": 'cannot copy to view "{view}"',
    "COPY TO": 'cannot copy from view "{view}"',
    "CLUSTER": '"{view}" is not a table or materialized view',
    "REINDEX TABLE": '"{view}" is not a table or materialized view',
    "REFRESH MATERIALIZED VIEW": '"{view}" is not a table or materialized view',
    "CREATE STATISTICS": 'cannot define statistics for relation "{view}"',
}
#: Any other ALTER TABLE action PostgreSQL refuses on a view, in its words
#: (``EventOp.USE``'s action, ``DROP CONSTRAINT``, ``ATTACH PARTITION``).
_POSTGRES_ALTER = 'ALTER action {action} cannot be performed on relation "{view}"'
#: What SQLite answers (it has no ALTER TABLE ADD CONSTRAINT or ALTER COLUMN).
_SQLITE = {
    "add column": "Cannot add a column to a view",
    "rename column": 'cannot rename columns of view "{view}"',
    "drop column": 'cannot drop column from view "{view}"',
    "rename table": "view {view} may not be altered",
    "create index": "views may not be indexed",
    "create trigger": "cannot create {timing} trigger on view: {view}",
}
#: MySQL/MariaDB refuse every ALTER TABLE (RENAME TO included: the reader
#: says so with a USE event first), CREATE INDEX, DROP INDEX and CREATE
#: TRIGGER on a view alike (ERROR 1347; RENAME TABLE of a view works).
_MYSQL = frozenset(
    {
        "ALTER TABLE",
        "drop index",
        "drop constraint",
        "like",
        "rename index",
        "add column",
        "add constraint",
        "alter column type",
        "rename column",
        "drop column",
        "create index",
        "create trigger",
    }
)


class ViewTargets(ImplicitNames):
    """DBN022: table-only DDL aimed at a view."""

    def _refused_on_view(
        self, ns: Namespace, event: Event, target: Node | None, action: str | None = None
    ) -> bool:
        """DBN022 when ``event`` applies to ``target``, a view, what the
        database does to tables only. True when the database refuses the
        statement, which then changes nothing: the rest of the statement's
        events are skipped (see ``_refused_at``).

        Checked on PostgreSQL 15, MariaDB 10.11 and SQLite 3.40
        (tests/test_replay_view_targets.py). A materialized view takes
        indexes; other dialects are not judged. ``action``: what the
        statement does to ``target`` when it is not ``event``'s own table
        (a foreign key's ``references``, a parent's ``inherit``).
        """
        if target is None or target.kind is not _VIEW or not target.alive:
            return False
        dialect, family = ns.profile.name, ns.profile.family
        action = action or _action(event)
        if action == "add constraint" and family is Family.SQLITE:
            action = "create index"  # CREATE UNIQUE INDEX: SQLite has no ADD CONSTRAINT
        if action is None:
            return False
        view = ns.stored(target.name, target.quoted)
        timing = (event.trigger_timing or "BEFORE").upper()
        if dialect == "postgres":
            said = _POSTGRES.get(action)
            if said is None and (event.op is EventOp.USE or action in _ALTER_ACTIONS):
                said = _POSTGRES_ALTER.replace("{action}", _ALTER_ACTIONS.get(action, action))
            if (
                action == "create trigger"
                and (timing == "INSTEAD OF" or not event.row_trigger)
                and "TRUNCATE" not in event.trigger_events
            ):
                said = None  # a view takes INSTEAD OF and FOR EACH STATEMENT triggers
            elif action == "COPY FROM" and any(
                c.instead_of_insert and c.alive for c in target.children.values()
            ):
                said = None  # COPY FROM inserts through the view's INSTEAD OF INSERT trigger
        elif family is Family.SQLITE:
            said = _SQLITE.get(action)
            if action == "create trigger" and timing == "INSTEAD OF":
                said = None
        elif family is Family.MYSQL and action == "TRUNCATE":
            said = "ERROR 1146: Table '{view}' doesn't exist"
        elif family is Family.MYSQL and action == "references":
            said = 'ERROR 1005: errno: 150 "Foreign key constraint is incorrectly formed"'

        elif family is Family.MYSQL and action in _MYSQL:
            tail = "is not of type 'BASE TABLE'" if dialect == "mariadb" else "is not BASE TABLE"
            said = f"ERROR 1347: '{{view}}' {tail}"
        else:
            said = None
        if said is None:
            return False
        said = said.format(view=view, timing=timing)
        table = self._renamed_from(ns, target)
        if table is not None:
            what = (
                f"{target.name!r} is a view, not a table: the compatibility view left "
                f"when table {target.name!r} was renamed to {table.name!r}"
            )
            fix = f"write {table.name!r} instead of {target.name!r}"
        else:
            what = f"{target.name!r} is a view, not a table"
            read = sorted({s.name for s in target.selects if isinstance(s, Node)})
            fix = "write the table it reads instead" + (
                f" ({', '.join(repr(r) for r in read)})" if read else ""
            )
        if action == "rename table":  # SQLite has no ALTER VIEW
            fix = "to rename a view, drop it and create it under the new name"
        elif action == "create trigger" and dialect == "postgres":
            fix += " (a view takes INSTEAD OF triggers and FOR EACH STATEMENT ones)"
        elif action == "COPY FROM":
            fix += " (or give the view an INSTEAD OF INSERT trigger)"
        elif action == "create trigger" and family is Family.SQLITE:
            fix += " (a view takes INSTEAD OF triggers)"
        message = (
            f"{dialect} refuses this statement: {said}: {what}; {fix} "
            "(the model leaves the view unchanged)"
        )
        self.diagnostics.append(
            Diagnostic(event.location, Severity.ERROR, message, TABLE_DDL_ON_VIEW)
        )
        if event.statement >= 0:
            self._refused_at = (event.source.path, event.statement)
        return True

    def _parent_refused(self, ns: Namespace, event: Event) -> bool:
        """CREATE TABLE ... INHERITS (v) / PARTITION OF v (PostgreSQL), LIKE v
        (MySQL): a view is no parent; the table is not created (DBN022)."""
        parents = (*event.inherits, event.partition_of)
        if any(
            self._refused_on_view(ns, event, ns.find_relation(p, _RELATIONS), "inherit")
            for p in parents
            if p is not None
        ):
            return True
        # MySQL/MariaDB CREATE TABLE t LIKE v (ERROR 1347; AS SELECT FROM v works,
        # and copies no indexes); PostgreSQL's LIKE takes a view.
        return (
            event.like is not None
            and "indexes" in event.like_copies
            and ns.family is Family.MYSQL
            and self._refused_on_view(ns, event, ns.find_relation(event.like, _RELATIONS), "like")
        )

    def _references_view(self, ns: Namespace, event: Event, owner: Node | None) -> bool:
        """A foreign key to a view (PostgreSQL, MySQL/MariaDB refuse it; SQLite
        takes it): DBN022, and a table the same CREATE TABLE made is not made."""
        if event.ref_table is None or event.constraint_type is not ConstraintType.FOREIGN_KEY:
            return False
        target = ns.find_relation(event.ref_table, _RELATIONS)
        if (target is None or target.ghost) and ns.family is not Family.SQLITE:
            # SQLite takes a reference to a table that does not exist; the others refuse it
            self._gone_name_used(ns, event.location, (ObjectKind.TABLE,), event.ref_table)
        if not self._refused_on_view(ns, event, target, "references"):
            return False
        if owner is not None and self._keys_at == (event.source.path, event.statement):
            self._kill(ns, owner)  # CREATE TABLE: the server creates nothing
        return True

    def _used(self, ns: Namespace, event: Event) -> None:
        """TRUNCATE, COPY, ALTER TABLE ... SET NOT NULL and the like
        (``EventOp.USE``): only whether the relation takes it is judged; a
        name the files never made is not noted (such statements are data
        work as often as schema work)."""
        if event.name is not None:
            name = QualifiedName(event.name, event.schema, event.quoted)
            target = ns.find_relation(name, _RELATIONS)
            if (target is None or target.ghost) and not event.if_exists:
                self._gone_name_used(ns, event.location, _RELATIONS, name)  # DBN028
            elif event.action not in _VIEW_TAKES:
                self._refused_on_view(ns, event, target)


#: USE actions a view takes: a simple view is updatable (PostgreSQL, MySQL,
#: SQLite with INSTEAD OF triggers), and privileges are granted on views alike.
_VIEW_TAKES = frozenset({"INSERT", "UPDATE", "DELETE", "GRANT", "REVOKE"})

#: Actions of other events PostgreSQL words as ALTER TABLE actions.
_ALTER_ACTIONS = {
    "drop constraint": "DROP CONSTRAINT",
    "attach partition": "ATTACH PARTITION",
    "detach partition": "DETACH PARTITION",
}


def _action(event: Event) -> str | None:
    """What ``event`` does to its table, in the words the tables above use."""
    kind, op = event.kind, event.op.value
    if event.op is EventOp.USE:
        return event.action
    if kind is ObjectKind.COLUMN:
        if op == "create":
            return "add column"
        if op == "drop":
            return "drop column"
        if op == "rename":
            return "alter column type" if event.redefines else "rename column"
    elif op == "create" and kind is ObjectKind.CONSTRAINT:
        return "add constraint"
    elif op == "create" and kind is ObjectKind.INDEX:
        return "create index"
    elif op == "create" and kind is ObjectKind.TRIGGER:
        return "create trigger"
    elif op == "create" and kind is ObjectKind.POLICY:
        return "create policy"
    elif op == "drop" and kind is ObjectKind.CONSTRAINT:
        return "drop constraint"
    elif op == "drop" and kind is ObjectKind.INDEX:
        return "drop index"
    elif op == "rename" and kind is ObjectKind.INDEX:
        return "rename index"
    elif op in ("attach", "detach") and kind is ObjectKind.TABLE:
        return f"{op} partition"
    elif op == "rename" and kind is ObjectKind.TABLE:
        return "rename table"
    return None
