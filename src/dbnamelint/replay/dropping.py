"""DROP, and what it takes along: partitions, triggers, the dependents of a
dropped type or column, the views reading it."""

from __future__ import annotations

from dbnamelint.dialects import Family
from dbnamelint.model import (
    TABLE_ATTACHED_KINDS,
    ConstraintType,
    Diagnostic,
    Event,
    ObjectKind,
    QualifiedName,
    Severity,
)
from dbnamelint.replay.attached import AttachedObjects
from dbnamelint.replay.model import _OWNER_KINDS, _TYPE_KINDS, Node, _kind_label, type_name
from dbnamelint.replay.namespace import Namespace
from dbnamelint.replay.state import REDEFINED

#: MariaDB kept a foreign key a DROP CONSTRAINT meant to drop (see ``_foreign_key_kept``).
FOREIGN_KEY_KEPT = "DBN034"


class Dropping(AttachedObjects):
    """DROP of every kind, with its dependents."""

    def _drop_partitions(self, ns: Namespace, parent: Node) -> None:
        """Dropping a partitioned table drops its partitions (and theirs)."""
        for node in list(ns.nodes):
            if node.alive and node.partition_of is parent:
                self._kill(ns, node)
                if node.partitioned:
                    self._drop_partitions(ns, node)

    # -- DROP ----------------------------------------------------------

    def _drop(self, ns: Namespace, event: Event) -> None:
        self._dropping = event.location  # the tables and views killed now are dropped here
        try:
            self._drop_at(ns, event)
        finally:
            self._dropping = None

    def _ghost_made_later(self, ns: Namespace, event: Event, node: Node) -> bool:
        """Whether ``DROP TABLE IF EXISTS`` of a ghost (a table earlier files
        altered before the files make it) is skipped, as the database skips
        it: the same file creates the table later (a full schema's ``DROP
        TABLE IF EXISTS users CASCADE; CREATE TABLE users``). The earlier
        files are read in another order than they run: run after the
        schema, they add to the table it creates (trial s30 listmonk: an
        ``ALTER TABLE users ADD COLUMN "lastSeen"`` in ``queries/users.sql``,
        read before ``schema.sql``, was dropped with the ghost and never
        judged). What they added is kept on the table the file creates, and
        judged there, as :meth:`_replace_clash` keeps it on a renamed one."""
        if not (node.ghost and node.kind is ObjectKind.TABLE and event.if_exists):
            return False
        if event.kind is not ObjectKind.TABLE or event.table is not None or event.name is None:
            return False
        later = self._created_later(ns, QualifiedName(event.name, event.schema, event.quoted))
        if later is None or later.source.path != event.source.path:
            return False
        if node.children:
            at = later.location
            self._note(
                event.location,
                f"table '{node.name}' was altered by earlier files before the files make it "
                "(they are read in another order than they run): this DROP TABLE IF EXISTS "
                f"finds no table, and what they added is kept on the table created at "
                f"{at.path}:{at.line}, and judged there",
                REDEFINED,
            )
        return True

    def _drop_at(self, ns: Namespace, event: Event) -> None:
        schema = event.name if event.kind is ObjectKind.SCHEMA else None
        if schema is not None and ns.schema_key(schema) is None:
            ns.default_schema_dropped = True
        owner = self._owner(ns, event, create_ghost=False)
        if event.table is not None and self._refused_on_view(ns, event, owner):
            return
        table_gone = (
            event.table is not None
            and (owner is None or owner.ghost)
            and not (event.if_exists and _skips_missing_table(ns, event))
            # the table is what is missing: refused whatever IF EXISTS says of the column
            and self._gone_name_used(ns, event.location, _OWNER_KINDS, event.table)
        )
        if event.kind in TABLE_ATTACHED_KINDS and event.table is not None and owner is None:
            node = None
        else:
            node = self._find(ns, event, owner)
        temporary = (temp for _, temp in self._temporary)
        if event.temporary and node is not None and not any(t is node for t in temporary):
            return  # MySQL DROP TEMPORARY TABLE: a permanent table of that name stays
        if event.kind is ObjectKind.FUNCTION and event.cascade and not event.arguments:
            # A trigger's function takes no arguments (CREATE TRIGGER: "declared
            # as taking no arguments"), so DROP FUNCTION f(int) CASCADE drops an
            # overload no trigger runs and keeps them all; f, f() and a
            # PROCEDURE of that name drop every trigger running a function f
            # of that schema (the model keeps one node per name, not overloads).
            self._drop_triggers(ns, node, event.schema, event.name or "", event.quoted)
        if node is not None and self._ghost_made_later(ns, event, node):
            return
        if node is None or node.ghost:
            if not event.if_exists and not table_gone:
                what = event.name or (event.constraint_type.value if event.constraint_type else "")
                fallback = (
                    f"{_kind_label(event.kind)} '{what}' is not created in the files; dropped here"
                )
                if event.table is not None and owner is None:  # its table is what is missing
                    self._not_created(ns, event.location, _OWNER_KINDS, event.table, fallback)
                else:
                    kinds = (event.kind,) if event.table is None else ()
                    name = QualifiedName(what, event.schema, event.quoted)
                    self._not_created(ns, event.location, kinds, name, fallback)
            if node is None:
                return
        if node.kind is ObjectKind.FUNCTION and not node.ghost and _drop_overload(node, event):
            return
        if node.kind is ObjectKind.COLUMN and node.owner is not None:
            if not event.cascade and self._refused_for_views(ns, event, node, "drop"):
                return  # PostgreSQL and SQLite refuse the statement: the column stays
            self._drop_column_dependents(ns, node)
            if event.cascade and ns.family is Family.POSTGRES:
                self._drop_views_reading(ns, node)
        if event.cascade and node.kind in _TYPE_KINDS and ns.family is Family.POSTGRES:
            self._drop_type_dependents(ns, node)
        if (
            event.keeps_foreign_key
            and ns.profile.copy_keeps_foreign_keys
            and node.constraint_type is ConstraintType.FOREIGN_KEY
        ):
            self._foreign_key_kept(ns, event, node)
            return
        self._kill(ns, node)
        if node.partitioned:
            self._drop_partitions(ns, node)
        if node.kind is ObjectKind.SCHEMA and event.cascade:
            dropped = [node]
            for other in list(ns.nodes):
                if other.alive and self._in_schema(ns, other, node):
                    self._kill(ns, other)
                    dropped.append(other)
            self._cascade(ns, *dropped)
            self._drop_triggers(ns, None, node.name, None, node.quoted)
        elif event.cascade and node.kind is not ObjectKind.FUNCTION:
            # MySQL/MariaDB parse CASCADE and do nothing with it: a view
            # reading the table stays, failing on use (checked on MariaDB 10.11).
            self._cascade(ns, node, views=ns.profile.family is not Family.MYSQL)

    def _foreign_key_kept(self, ns: Namespace, event: Event, key: Node) -> None:
        """DBN034: MariaDB's ``DROP CONSTRAINT fk`` in an ALTER TABLE that copies
        the table (``Event.keeps_foreign_key``) leaves the key in place."""
        quote = ns.profile.quote
        table = quote(key.owner.name) if key.owner is not None else "t"
        self.diagnostics.append(
            Diagnostic(
                event.location,
                Severity.WARNING,
                f"MariaDB keeps foreign key {key.name!r}: DROP CONSTRAINT does nothing to a "
                "foreign key in an ALTER TABLE that runs with ALGORITHM=COPY (an ADD FOREIGN "
                "KEY in it forces that while foreign_key_checks is on); write ALTER TABLE "
                f"{table} DROP FOREIGN KEY {quote(key.name)}",
                FOREIGN_KEY_KEPT,
            )
        )

    def _drop_triggers(
        self,
        ns: Namespace,
        function: Node | None,
        schema: str | None,
        name: str | None,
        quoted: bool,
    ) -> None:
        """Drop the triggers running ``function``, or a function the files did
        not make (or that an earlier DROP of another overload took out of the
        model) called ``schema.name``; with ``name`` None, any function of
        ``schema`` (DROP SCHEMA ... CASCADE)."""
        schema_key = ns.schema_key(schema)
        key = None if name is None else ns.key(name, quoted)
        for trigger in list(ns.nodes):
            runs = trigger.function
            if trigger.kind is not ObjectKind.TRIGGER or not trigger.alive or runs is None:
                continue
            if function is not None and runs is function:
                self._kill(ns, trigger)
                continue
            if isinstance(runs, Node) and runs.alive:
                continue
            if ns.schema_key(runs.schema) != schema_key:
                continue
            if key is None or ns.key(runs.name, runs.quoted) == key:
                self._kill(ns, trigger)

    def _drop_type_dependents(self, ns: Namespace, dropped: Node) -> None:
        """DROP TYPE/DOMAIN ... CASCADE (PostgreSQL), what pg_depend takes with it.

        Domains over the type (or its array), then, for those types: columns
        of them (with their indexes, constraints and the views reading them),
        composite-type attributes of them (and those columns of the tables
        made OF that composite type), and routines whose every definition of
        that name takes or returns one. Types are matched by the name the
        column, attribute, domain or signature wrote, as it resolves now.
        Not followed: a type named only inside an expression (a cast in a
        CHECK, a view or a default), and ALTER COLUMN ... TYPE (the model
        keeps a column's type as created).
        """
        types = {id(dropped)}
        grown = True
        while grown:  # a domain over a domain over the type
            grown = False
            for node in list(ns.nodes):
                if (
                    node.alive
                    and node.kind is ObjectKind.DOMAIN
                    and id(node) not in types
                    and self._names_type(ns, node, node.data_type, types)
                ):
                    types.add(id(node))
                    grown = True
        for node in list(ns.nodes):
            if not node.alive or id(node) in types:
                continue
            if node.kind is ObjectKind.COLUMN and node.owner is not None:
                if self._names_type(ns, node, node.data_type, types):
                    self._drop_column(ns, node)
            elif node.kind is ObjectKind.TYPE and node.attribute_types:
                self._drop_attributes(ns, node, types)
            elif node.kind is ObjectKind.FUNCTION and node.overloads:
                kept = tuple(
                    o
                    for o in node.overloads
                    if not any(self._names_type(ns, node, t, types) for t in o[1])
                )
                if not kept:
                    self._kill(ns, node)
                else:
                    node.overloads = kept
        for node in list(ns.nodes):
            if node.alive and node is not dropped and id(node) in types:
                self._kill(ns, node)

    def _drop_attributes(self, ns: Namespace, composite: Node, types: set[int]) -> None:
        """Attributes of ``composite`` whose type is dropped go, and so do the
        columns they gave the tables made OF it."""
        kept = [
            (name, written)
            for name, written in zip(composite.attributes, composite.attribute_types, strict=False)
            if not self._names_type(ns, composite, written, types)
        ]
        if len(kept) == len(composite.attributes):
            return
        gone = {ns.key(a, True) for a in composite.attributes} - {ns.key(a, True) for a, _ in kept}
        composite.attributes = tuple(a for a, _ in kept)
        composite.attribute_types = tuple(t for _, t in kept)
        for table in list(ns.nodes):
            if table.alive and table.of_type is composite:
                for column in list(table.children.values()):
                    if column.kind is ObjectKind.COLUMN and ns.key(column.name, True) in gone:
                        self._drop_column(ns, column)

    def _drop_column(self, ns: Namespace, column: Node) -> None:
        """A column dropped by a cascade: with its indexes, constraints and readers."""
        self._drop_column_dependents(ns, column)
        self._drop_views_reading(ns, column)
        self._kill(ns, column)

    def _names_type(self, ns: Namespace, user: Node, written: str | None, types: set[int]) -> bool:
        """Whether the type ``written`` (``mood``, ``app."Mood"[]``) by ``user`` is
        one of ``types``; an unqualified name is looked up in ``user``'s search path."""
        parsed = type_name(written) if written else None
        if parsed is None:
            return False
        schema, name, quoted = parsed
        # A column type that is one quoted name is kept without its quotes
        # (``"Mood"`` and ``Mood`` both read ``Mood``): a quoted type of that
        # spelling first, then the folded one.
        for as_quoted in (True,) if quoted else (True, False):
            where = schema
            if where is None and user.type_path:
                where = self._lookup(ns, _TYPE_KINDS, name, as_quoted, user.type_path)
            found = ns.find_top(_TYPE_KINDS, where, name, as_quoted)
            if found is not None:
                return id(found) in types
        return False

    def _drop_column_dependents(self, ns: Namespace, column: Node) -> None:
        """Indexes and constraints that lose their column.

        PostgreSQL drops every index and constraint involving the column;
        MySQL (and we, for the others) removes the column from them and drops
        only those left with no column.
        """
        owner = column.owner
        assert owner is not None
        key = ns.node_key(column)

        def matches(name: str) -> bool:
            # ``columns`` hold the catalog's spelling (the reader folds bare names).
            return ns.key(name, True) == key

        def used(name: str) -> bool:  # ``uses``: names as written in the expression
            return ns.key(name, column.quoted) == key or ns.key(name, True) == key

        for child in list(owner.children.values()):
            if child.kind not in (ObjectKind.INDEX, ObjectKind.CONSTRAINT):
                continue
            if not any(matches(c) for c in child.columns):
                if any(used(c) for c in child.uses):
                    self._kill(ns, child)  # PostgreSQL: an expression or predicate uses it
                continue
            if ns.family is Family.POSTGRES:
                self._kill(ns, child)
                continue
            child.columns = tuple(c for c in child.columns if not matches(c))
            if not child.columns:
                self._kill(ns, child)


def _skips_missing_table(ns: Namespace, event: Event) -> bool:
    """Whether ``DROP <kind> IF EXISTS x ON t`` is skipped when t does not exist.

    PostgreSQL's DROP TRIGGER and DROP POLICY are (NOTICE: relation "t" does
    not exist, skipping); ``ALTER TABLE t DROP COLUMN IF EXISTS c`` is not,
    nor is MariaDB's ``DROP INDEX IF EXISTS i ON t`` (ERROR 1146).
    """
    return ns.family is Family.POSTGRES and event.kind in (ObjectKind.TRIGGER, ObjectKind.POLICY)


def _drop_overload(node: Node, event: Event) -> bool:
    """Whether DROP FUNCTION f(args) leaves the name ``f`` standing.

    PostgreSQL drops the routine of exactly those input types: another
    overload stays, and ``DROP ... IF EXISTS`` of types no overload has
    skips. Without a written list, or where an overload's types were not
    read, or a list matching none is not ``IF EXISTS`` (a spelling of a type
    the model may not resolve), the name goes as a whole.
    """
    if event.arguments is None or not node.overloads:
        return False
    kept = tuple(o for o in node.overloads if o[0] != event.arguments)
    if len(kept) < len(node.overloads):
        node.overloads = kept
        return bool(kept)
    return event.if_exists and all(o[0] is not None for o in node.overloads)
