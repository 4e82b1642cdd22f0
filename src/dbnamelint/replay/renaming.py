"""RENAME: an object moved to its new name, with what follows it (default
names of its objects, column references, dialect-specific names)."""

from __future__ import annotations

from collections.abc import Sequence

from msgspec.structs import replace

from dbnamelint.default_names import is_default_name, make_object_name
from dbnamelint.dialects import Family
from dbnamelint.model import (
    EXCHANGE_SCRATCH,
    TABLE_ATTACHED_KINDS,
    ConstraintType,
    Diagnostic,
    Event,
    ObjectKind,
    QualifiedName,
    Severity,
)
from dbnamelint.replay.model import _OWNER_KINDS, _RELATIONS, Node, _kind_label
from dbnamelint.replay.namespace import Namespace
from dbnamelint.replay.view_targets import ViewTargets
from dbnamelint.typeorm_names import FOLLOW

#: What ``ALTER <kind> x RENAME TO`` may name in PostgreSQL besides its own kind.
_PG_ANY_RELATION = frozenset({ObjectKind.TABLE, ObjectKind.INDEX})


class Renaming(ViewTargets):
    """RENAME of every kind."""

    def _rename(self, ns: Namespace, event: Event) -> None:
        if event.any_kind and event.name is not None:
            event = self._rename_target(ns, event)
        elif (
            event.new_name
            and event.table is None
            and event.kind in _PG_ANY_RELATION
            and ns.profile.family is Family.POSTGRES
        ):
            event = self._pg_relation_target(ns, event)
        owner = self._owner(ns, event, create_ghost=True, note=False)
        node = self._find(ns, event, owner)
        if self._refused_on_view(ns, event, node if event.table is None else owner):
            return
        old = event.name or ""
        new_name = event.new_name
        known = owner is not None and not owner.ghost and not owner.assumed
        if (
            (node is None or node.ghost)
            and event.if_exists
            and (
                known
                or self._gone(ns, (event.kind,), QualifiedName(old, event.schema, event.quoted))
            )
        ):
            # ALTER INDEX/SEQUENCE/VIEW/TABLE IF EXISTS x RENAME/SET SCHEMA of what
            # the files dropped or renamed away (a ghost is no table): the
            # database skips it (NOTICE: relation "x" does not exist, skipping).
            return
        moved_table = (
            event.table is not None
            and owner is not None
            and owner.ghost
            and self._gone_name_used(ns, event.location, _OWNER_KINDS, event.table)
        )
        if (node is None or node.ghost) and not moved_table:
            taken = self._new_name_taken(ns, event, owner)
            label = _kind_label(event.kind)
            said = f"{label} '{old}' is not created in the files; renamed here"
            if taken is not None:
                said = (
                    f"{label} '{old}' is not created in the files, and {label} "
                    f"'{taken.name}' exists: the database refuses this rename, and "
                    f"'{taken.name}' is kept as it is"
                )
            # (a column of a table renamed away or dropped is not "not created": DBN028 says why)
            self._not_created(
                ns,
                event.location,
                (event.kind,) if event.table is None else (),
                QualifiedName(old, event.schema, event.quoted),
                said,
            )
            if taken is not None:
                # Whether the old name is missing (no such table) or held outside
                # the files (the new one is taken), every database refuses it:
                # sqlite3, PostgreSQL and MariaDB leave the existing object whole.
                return
            if self._gone_refused and event.table is None:
                return  # refused (DBN028): no object takes the new name
        if node is None:
            node = self._new_node(
                event,
                event.kind,
                new_name or old,
                quoted=event.new_quoted if new_name else event.quoted,
                schema=event.new_schema or event.schema,
                owner=owner,
                location=event.new_location or event.location,
                created_at=event.new_location or event.location,
                previous=((old, event.quoted),) if new_name else (),
                constraint_type=event.constraint_type,
            )
            # Only assumed: a later CREATE ... IF NOT EXISTS of the name makes
            # the real one (crates.io renames hand-made indexes IF EXISTS, then
            # creates them IF NOT EXISTS for every other database).
            node.assumed = bool(event.if_exists)
            if new_name:
                self._went(ns, node, old)
            self._replace_clash(ns, node, event)
            ns.add(node)
            return
        node.ghost = False
        if not event.if_exists:
            node.assumed = False  # the files now say it exists: renaming it must work
        if node.for_foreign_key and event.new_name:
            # RENAME INDEX makes InnoDB's generated index an ordinary one: a
            # foreign key re-added or added later no longer replaces it
            # (checked on MariaDB 10.11, tests/test_mysql_fk_index_generated.py).
            node.for_foreign_key = False
        self._move(ns, node, event)
        if (
            event.new_name
            and event.suppressions
            and any(c.text == FOLLOW for c in event.suppressions)
        ):
            if ns.profile.family is Family.POSTGRES:  # PostgresQueryRunner's rules
                self._typeorm_follow(ns, node, old, event)
            elif ns.profile.family is Family.MYSQL:  # MysqlQueryRunner's
                self._typeorm_follow_mysql(ns, node, old, event)

    def _typeorm_follow(self, ns: Namespace, node: Node, old: str, event: Event) -> None:
        """The names TypeORM's ``renameTable``/``renameColumn`` rename with
        the table or column ``node`` (renamed from ``old``): its objects
        called what TypeORM names them for the old name take the name for
        the new one (:mod:`dbnamelint.typeorm_names`, whose rules are
        ``PostgresQueryRunner``'s)."""
        from dbnamelint import typeorm_names as names

        column: Node | None = None
        if node.kind is ObjectKind.TABLE:
            table = node
            before = ns.stored(old, event.quoted)
        elif node.kind is ObjectKind.COLUMN and node.owner is not None:
            column, table = node, node.owner
            before = ns.stored(table.name, table.quoted)
        else:
            return
        after = ns.stored(table.name, table.quoted)
        new_col = ns.stored(node.name, node.quoted)
        old_col = ns.stored(old, event.quoted)
        kinds = {
            ConstraintType.PRIMARY_KEY: names.PRIMARY,
            ConstraintType.UNIQUE: names.UNIQUE,
            ConstraintType.FOREIGN_KEY: names.FOREIGN,
        }
        for child in list(table.children.values()):
            if not child.alive or child.kind not in (ObjectKind.CONSTRAINT, ObjectKind.INDEX):
                continue
            if child.kind is ObjectKind.INDEX:
                kind: tuple[str, int] | None = names.INDEX
            else:
                kind = kinds.get(child.constraint_type) if child.constraint_type else None
            now = list(child.columns)
            if kind is None or not now or (column is not None and new_col not in now):
                continue  # renameColumn: the objects holding the column
            was = [old_col if c == new_col else c for c in now] if column is not None else now
            if ns.stored(child.name, child.quoted) == names.typeorm_name(kind, before, was):
                self._typeorm_rename(ns, child, names.typeorm_name(kind, after, now), event)
        columns = [column] if column is not None else list(table.children.values())
        for col in columns:
            if col.kind is not ObjectKind.COLUMN or not col.alive:
                continue
            now_col = ns.stored(col.name, col.quoted)
            was_col = old_col if col is column else now_col
            for sequence in col.sequences:
                stored = ns.stored(sequence.name, sequence.quoted)
                # a serial's only: TypeORM reads an identity column as
                # generationStrategy "identity", and renames "increment" ones
                if sequence.identity:
                    continue
                if sequence.alive and stored == names.sequence_name(before, was_col):
                    new = names.sequence_name(after, now_col)
                    self._typeorm_rename(ns, sequence, new, event)
            enum = names.enum_name(before, was_col)
            if col is column:
                self._typeorm_enum_named(ns, col, before, old_col, event)
            found = ns.find_top((ObjectKind.TYPE,), table.schema, enum, True)
            if found is not None and enum in (col.data_type or ""):
                new = names.enum_name(after, now_col)
                self._typeorm_rename(ns, found, new, event)
                col.data_type = (col.data_type or "").replace(enum, new)

    def _typeorm_enum_named(
        self, ns: Namespace, column: Node, table: str, old: str, event: Event
    ) -> None:
        """Say that TypeORM's ``renameColumn`` of ``column`` (``old``) fails
        when its type is an enum not called ``<table>_<old>_enum``
        (:func:`dbnamelint.typeorm_names.enum_rename_fails`)."""
        from dbnamelint import typeorm_names as names

        written = names.type_name(column.data_type or "")
        if written is None or column.owner is None:
            return
        schema, name = written
        found = ns.find_top((ObjectKind.TYPE,), schema or column.owner.schema, name, True)
        if found is None or not found.alive or found.attributes:  # no enum: a composite
            return
        stored = ns.stored(found.name, found.quoted)
        if stored == names.enum_name(table, old):
            return
        message = names.enum_rename_fails(table, old, ns.stored(column.name, column.quoted), stored)
        self.diagnostics.append(
            Diagnostic(event.location, Severity.WARNING, message, names.ENUM_RENAME_CODE)
        )

    def _typeorm_follow_mysql(self, ns: Namespace, node: Node, old: str, event: Event) -> None:
        """What TypeORM's ``MysqlQueryRunner.renameTable``/``renameColumn``
        rename with the table or column ``node`` (renamed from ``old``):
        each index (a unique one too) called ``IDX_`` and the hash of the old
        name and its columns, and each foreign key called ``FK_`` and that,
        ``DROP``ped and added again under the new name (a ``UQ_`` unique
        index, the key ``PRIMARY``, keep theirs). ``renameColumn`` adds the
        index again with the column last; the index InnoDB made for such a
        foreign key takes the key's new name (checked on MariaDB 10.11,
        tests/test_typeorm_mysql.py; :mod:`dbnamelint.typeorm_names`)."""
        from dbnamelint import typeorm_names as names

        table = node if node.kind is ObjectKind.TABLE else node.owner
        if table is None or node.kind not in (ObjectKind.TABLE, ObjectKind.COLUMN):
            return
        is_column = node is not table
        after = ns.stored(table.name, table.quoted)
        before = after if is_column else ns.stored(old, event.quoted)
        new_col = ns.stored(node.name, node.quoted)
        old_col = ns.stored(old, event.quoted)
        children = [c for c in table.children.values() if c.alive]
        for child in children:
            if child.kind is ObjectKind.INDEX and not child.for_foreign_key:
                kind = names.INDEX
            elif child.constraint_type is ConstraintType.UNIQUE:
                kind = names.INDEX  # a unique index: findColumnIndices/indices
            elif child.constraint_type is ConstraintType.FOREIGN_KEY:
                kind = names.FOREIGN
            else:
                continue
            now = list(child.columns)
            if not now or (is_column and new_col not in now):
                continue
            was = [old_col if c == new_col else c for c in now] if is_column else now
            stored = ns.stored(child.name, child.quoted)
            if stored != names.typeorm_name(kind, before, was):
                continue
            new = names.typeorm_name(kind, after, now)
            if kind is names.INDEX and is_column:
                # ADD INDEX with columnNames spliced: the renamed one goes last
                child.columns = (*(c for c in child.columns if c != new_col), new_col)
            if kind is names.FOREIGN:
                for index in children:
                    generated = index.kind is ObjectKind.INDEX and index.for_foreign_key
                    if generated and ns.stored(index.name, index.quoted) == stored:
                        self._typeorm_rename(ns, index, new, event)
            self._typeorm_rename(ns, child, new, event)

    def _typeorm_rename(self, ns: Namespace, node: Node, new: str, event: Event) -> None:
        """``node`` renamed ``new`` (as written quoted) by TypeORM at ``event``'s call."""
        if ns.stored(node.name, node.quoted) == new:
            return
        ns.unregister(node)
        node.previous = (*node.previous, (node.name, node.quoted))
        self._went(ns, node, node.name)
        node.name, node.quoted = new, True
        node.implicit = node.implicit and self._named_as_default(ns, node)
        node.location, node.source = event.new_location or event.location, event.source
        ns.register(node)

    @staticmethod
    def _new_name_taken(ns: Namespace, event: Event, owner: Node | None) -> Node | None:
        """The live object of ``event``'s kind already called its new name, if any."""
        if not event.new_name:
            return None
        if event.kind in TABLE_ATTACHED_KINDS:
            if owner is None or owner.ghost:
                return None
            found = ns.find_child(owner, event.kind, event.new_name, event.new_quoted)
        else:
            found = ns.find_top(
                (event.kind,), event.new_schema or event.schema, event.new_name, event.new_quoted
            )
        return found if found is not None and found.alive and not found.ghost else None

    @staticmethod
    def _rename_target(ns: Namespace, event: Event) -> Event:
        """The event retargeted at what the database finds under the old name.

        T-SQL ``sp_rename 'x', 'y'`` without an object type renames any
        schema-scoped object called x: a relation first, else a constraint.
        """
        assert event.name is not None
        if ns.find_top(_RELATIONS, event.schema, event.name, event.quoted) is not None:
            return event
        found = ns.find_wide(ObjectKind.CONSTRAINT, event.schema, event.name, event.quoted)
        if found is None or found.owner is None:
            return event
        table = QualifiedName(found.owner.name, found.owner.schema, found.owner.quoted)
        return replace(event, kind=ObjectKind.CONSTRAINT, table=table, schema=None)

    @staticmethod
    def _pg_relation_target(ns: Namespace, event: Event) -> Event:
        """The event retargeted at the relation PostgreSQL renames.

        ``ALTER TABLE x RENAME TO y`` and ``ALTER INDEX x RENAME TO y`` rename
        whatever relation x is, index or table (tablecmds.c
        RangeVarCallbackForAlterRelation checks an index's kind only when the
        statement is no RenameStmt); checked on PostgreSQL 15 (trial s34
        listmonk: ``ALTER INDEX IF EXISTS campaigns RENAME TO campaign``
        renames the table).
        """
        assert event.name is not None
        name, schema, quoted = event.name, event.schema, event.quoted
        if event.kind is ObjectKind.TABLE:
            if ns.find_top(_RELATIONS, schema, name, quoted) is not None:
                return event
            if ns.find_wide(ObjectKind.INDEX, schema, name, quoted) is not None:
                return replace(event, kind=ObjectKind.INDEX)
            return event
        if ns.find_wide(ObjectKind.INDEX, schema, name, quoted) is not None:
            return event
        found = ns.find_top(_RELATIONS, schema, name, quoted)
        return event if found is None else replace(event, kind=found.kind)

    def _move(self, ns: Namespace, node: Node, event: Event) -> None:
        """Give ``node`` its new name and/or schema and re-index what depends on it."""
        moving = [node, *self._descendants(node)]
        if node.kind is ObjectKind.SCHEMA and event.new_name:
            moving += [n for n in ns.nodes if n.alive and self._in_schema(ns, n, node)]
            moving = list(dict.fromkeys(moving))
        for n in moving:
            ns.unregister(n)
        old_name, old_quoted = node.name, node.quoted
        if event.new_name:
            rebuilt = self._rebuilt(ns, node, event)
            if rebuilt is None:
                self._held(ns, node)  # its old name: held until now
            # A rebuild's scratch table is the table it replaces, to the user
            # and to sqlite_master (its CREATE reads the name it took): that
            # table's history goes on, the scratch name is none of it.
            # EXCHANGE's passing name (:data:`EXCHANGE_SCRATCH`) is no name the
            # table had: it leaves no trace in its history.
            scratch = node.name == EXCHANGE_SCRATCH
            node.previous = (
                rebuilt.previous
                if rebuilt is not None
                else node.previous
                if scratch
                else (*node.previous, (node.name, node.quoted))
            )
            if rebuilt is not None:
                # and so does its creation: which of two tables held a name
                # last is told by when each was made (trial s27 openstatus:
                # a rebuild in 0042 made the older one look the newer)
                node.created_at = rebuilt.created_at
            if not scratch:
                self._went(ns, node, node.name)
            node.name, node.quoted = event.new_name, event.new_quoted
            node.implicit = node.implicit and self._named_as_default(ns, node)
            node.location = event.new_location or event.location
            node.source, node.suppressions = event.source, event.suppressions
        if event.new_schema and node.kind not in TABLE_ATTACHED_KINDS:
            node.schema = event.new_schema
            # ALTER TABLE ... SET SCHEMA moves the sequences its columns own
            # (tablecmds.c AlterTableNamespace -> AlterSeqNamespaces).
            for child in moving:
                for sequence in child.sequences:
                    if sequence.alive:
                        ns.unregister(sequence)
                        sequence.schema = event.new_schema
                        ns.register(sequence)
        if node.kind is ObjectKind.SCHEMA and event.new_name:
            for n in moving[1:]:
                if n.owner is None:
                    n.schema = event.new_name
        if node.kind is ObjectKind.COLUMN and node.owner is not None and event.new_name:
            new_stored = ns.stored(event.new_name, event.new_quoted)
            self._rename_column_refs(ns, node.owner, old_name, old_quoted, new_stored)
        if node.kind is ObjectKind.TABLE and event.new_name:
            self._rename_dialect_names(ns, moving[1:], old_name, event)
        self._replace_clash(ns, node, event)
        for n in moving:
            if n.alive:
                ns.register(n)

    @staticmethod
    def _rebuilt(ns: Namespace, node: Node, event: Event) -> Node | None:
        """The table a rebuild's scratch ``node`` replaces, else None.

        SQLite's table rebuild (its ALTER TABLE doc, "Making Other Kinds Of
        Table Schema Changes"; shiori's and ``migrate``'s own): ``CREATE
        TABLE new_x``, copy, ``DROP TABLE x``, ``ALTER TABLE new_x RENAME TO
        x``, all in one file. ``node`` was created in that file under the
        name it leaves and never renamed; a table of the new name was
        dropped in that file (the latest such drop).
        """
        path = event.location.path
        if (
            node.kind is not ObjectKind.TABLE
            or not event.new_name
            or node.previous
            or node.created_at.path != path
        ):
            return None
        wanted = ns.key(event.new_name, event.new_quoted, ObjectKind.TABLE)
        schema = ns.schema_key(event.new_schema or node.schema)
        dropped = [
            n
            for n in ns.nodes
            if n.kind is ObjectKind.TABLE
            and not n.alive
            and n.dropped_at is not None
            and n.dropped_at.path == path
            and ns.schema_key(n.schema) == schema
            and ns.key(n.name, n.quoted, ObjectKind.TABLE) == wanted
        ]
        return max(dropped, key=lambda n: n.gone_seq) if dropped else None

    def _named_as_default(self, ns: Namespace, node: Node) -> bool:
        """Whether a renamed index or constraint the database named is called
        what the database would name it now (its table's current name, its
        columns): then it still counts as the database's choice, as a live
        catalog reads it (:func:`dbnamelint.default_names.is_default_name`).
        ``migrate`` renames ``campaign_lists_campaign_id_list_id_idx`` with its
        table to ``campaign_list_campaign_id_list_id_idx``; rules that skip
        names the database chose skip it still. Any other new name was chosen
        by whoever wrote the rename.
        """
        if node.kind is ObjectKind.SEQUENCE:
            return self._sequence_named_as_default(ns, node)
        owner = node.owner
        if owner is None or node.kind not in (ObjectKind.INDEX, ObjectKind.CONSTRAINT):
            return False
        columns = [self._stored_column(ns, owner, c) for c in node.name_columns or node.columns]
        return is_default_name(
            ns.dialect,
            ns.stored(owner.name, owner.quoted),
            node.kind,
            node.constraint_type,
            columns,
            ns.stored(node.name, node.quoted),
        )

    @staticmethod
    def _sequence_named_as_default(ns: Namespace, node: Node) -> bool:
        """A ``serial`` column's sequence renamed to ``<table>_<column>_seq`` (its
        table's and column's current names, a clash number allowed): the name
        PostgreSQL would choose, as the live catalog reader counts it."""
        column = next(
            (n for n in ns.nodes if node in n.sequences and n.alive and n.owner is not None),
            None,
        )
        if column is None or column.owner is None:
            return False
        base = make_object_name(
            ns.stored(column.owner.name, column.owner.quoted),
            ns.stored(column.name, column.quoted),
            "seq",
        )
        name = ns.stored(node.name, node.quoted)
        return name == base or (name.startswith(base) and name[len(base) :].isdigit())

    @staticmethod
    def _descendants(node: Node) -> list[Node]:
        return list(node.children.values())

    @staticmethod
    def _in_schema(ns: Namespace, node: Node, schema: Node) -> bool:
        return node is not schema and ns.schema_key(node.home_schema) == ns.key(
            schema.name, schema.quoted, ObjectKind.SCHEMA
        )

    @staticmethod
    def _rename_column_refs(
        ns: Namespace, owner: Node, old: str, old_quoted: bool, new: str
    ) -> None:
        """Constraints and indexes list columns; they follow a column rename."""
        old_key = ns.key(old, old_quoted)
        for child in owner.children.values():
            if child.kind is ObjectKind.COLUMN:
                continue
            # ``columns`` hold the catalog's spelling: compared exactly.
            child.columns = tuple(new if ns.key(c, True) == old_key else c for c in child.columns)
            if child.include:
                child.include = tuple(
                    new if ns.key(c, True) == old_key else c for c in child.include
                )
            if child.uses:
                child.uses = tuple(
                    new if ns.key(c, old_quoted) == old_key or ns.key(c, True) == old_key else c
                    for c in child.uses
                )

    def _rename_dialect_names(
        self, ns: Namespace, children: Sequence[Node], old: str, event: Event
    ) -> None:
        """Names the database itself rewrites when a table is renamed.

        The profile's ``rename_rewrites``: MySQL renames ``<old>_ibfk_N`` /
        ``<old>_chk_N`` constraints (MariaDB only the first), SQLite its
        ``sqlite_autoindex_<old>_N`` indexes; PostgreSQL renames nothing,
        which is why its implicit names keep the old table name.
        """
        patterns = ns.profile.rename_rewrites
        if not patterns:
            return
        new = event.new_name or old
        prefixes = [(p.format(table=old), p.format(table=new)) for p in patterns]
        for child in children:
            for before, after in prefixes:
                if child.name.casefold().startswith(before.casefold()):
                    child.previous += ((child.name, child.quoted),)
                    self._went(ns, child, child.name)
                    child.name = after + child.name[len(before) :]
                    child.location, child.source = (
                        event.new_location or event.location,
                        event.source,
                    )
                    break
