"""Objects attached to a table: columns, constraints, indexes, triggers,
owned sequences, and the indexes MySQL adds for foreign keys."""

from __future__ import annotations

from collections.abc import Sequence

from msgspec.structs import replace

from dbnamelint.default_names import INDEX_BACKED, default_name, pg_choose_name
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
from dbnamelint.replay.model import (
    _ASCII_FOLD,
    _MERGED_KEYS,
    _RELATIONS,
    Node,
    _is_key,
    _kind_label,
    _serves,
)
from dbnamelint.replay.namespace import Namespace, Taken, name_holder
from dbnamelint.replay.state import NOT_CREATED
from dbnamelint.replay.view_columns import ViewColumns

# Members tested for every column, key and index created, read once: on
# Python 3.11 reading ``ObjectKind.COLUMN`` goes through
# ``EnumType.__getattr__``'s slow path (about five times a global's cost;
# 3.12 removed it).
_COLUMN, _CONSTRAINT, _INDEX, _FUNCTION = (
    ObjectKind.COLUMN,
    ObjectKind.CONSTRAINT,
    ObjectKind.INDEX,
    ObjectKind.FUNCTION,
)
_PRIMARY_KEY, _FOREIGN_KEY, _CHECK = (
    ConstraintType.PRIMARY_KEY,
    ConstraintType.FOREIGN_KEY,
    ConstraintType.CHECK,
)
_MYSQL, _POSTGRES, _SQLITE = Family.MYSQL, Family.POSTGRES, Family.SQLITE

#: A column's REFERENCES that the dialect's server parses and ignores.
REFERENCE_NOT_MADE = "DBN031"


class AttachedObjects(ViewColumns):
    """CREATE of attached objects (and column redefinitions)."""

    def _copy_like(self, ns: Namespace, event: Event) -> None:
        """Columns (and keys, indexes, checks as asked) a table takes from another.

        PostgreSQL CREATE TABLE ... LIKE: copied indexes and keys are named
        for the new table as unnamed ones would be, copied checks keep their
        names. MySQL CREATE TABLE ... LIKE: indexes and keys keep their names,
        checks are copied under generated names (MariaDB: under theirs),
        foreign keys are not copied (manual §15.1.20.3). ClickHouse CREATE
        TABLE ... AS src: data-skipping indexes keep their names (a MergeTree
        table's, see :func:`...parsing.ddl._clickhouse_as_table`).
        """
        assert event.like is not None and event.name is not None
        source = ns.find_relation(event.like, _RELATIONS)
        if source is None or source.kind is not ObjectKind.TABLE or source.columns_unknown:
            # AS SELECT * FROM a_view: the model holds no view's columns
            made_table = ns.find_relation(
                QualifiedName(event.name, event.schema, event.quoted), (ObjectKind.TABLE,)
            )
            if made_table is not None:
                made_table.columns_unknown = True
        if source is None:
            self._note(
                event.location,
                f"table '{event.like}' is not created in the files; "
                f"the columns '{event.name}' copies from it are unknown",
                NOT_CREATED,
            )
            return
        table = QualifiedName(event.name, event.schema, event.quoted)
        copies = event.like_copies
        mysql = ns.family is Family.MYSQL
        clickhouse = ns.profile.name == "clickhouse"
        made: list[Event] = []
        for child in sorted(source.children.values(), key=lambda n: n.seq):
            if not child.alive:
                continue
            keeps_name = False
            if child.kind is ObjectKind.COLUMN:
                keeps_name = True
            elif child.kind is ObjectKind.INDEX or child.constraint_type in INDEX_BACKED:
                if "indexes" not in copies:
                    continue
                keeps_name = mysql or clickhouse
            elif child.constraint_type is ConstraintType.CHECK:
                if "constraints" not in copies and not mysql:
                    continue
                # MySQL 8 generates the copies' names (<table>_chk_<n>);
                # MariaDB keeps them (checked on MariaDB 10.11).
                keeps_name = not mysql or ns.profile.checks_by_column
            else:
                continue
            made.append(
                replace(
                    event,
                    kind=child.kind,
                    name=child.name if keeps_name else None,
                    quoted=child.quoted if keeps_name else False,
                    schema=None,
                    table=table,
                    constraint_type=child.constraint_type,
                    columns=child.columns,
                    name_columns=child.name_columns,
                    expressions=child.expressions,
                    check_text=child.check_text,
                    include=child.include,
                    uses=child.uses,
                    unique=child.unique,
                    data_type=child.data_type,
                    search_path=child.type_path,
                    like=None,
                    like_copies=frozenset(),
                    temporary=False,
                    owns_sequence=False,
                    sequence_name=None,
                    column_level=child.of_column is not None,
                )
            )
        for i, copied in enumerate(made):
            self._create_attached(ns, copied, made, i)

    def _reference_not_made(self, ns: Namespace, event: Event) -> None:
        """DBN031 at a column's REFERENCES that MySQL 8 ignores (MySQL manual, CREATE TABLE)."""
        quote_mysql = ns.profile.quote
        column = ", ".join(quote_mysql(c) for c in event.columns)
        ref = event.ref_table
        target = quote_mysql(ref.name) if ref is not None else "..."
        if ref is not None and ref.schema is not None:
            target = f"{quote_mysql(ref.schema)}.{target}"
        keys = ", ".join(quote_mysql(c) for c in event.ref_columns)
        self.diagnostics.append(
            Diagnostic(
                event.location,
                Severity.WARNING,
                f"MySQL 8 parses and ignores REFERENCES written in a column's definition: "
                f"no foreign key (nor index) is made on {column}; write FOREIGN KEY "
                f"({column}) REFERENCES {target}{f' ({keys})' if keys else ''} as a table "
                "constraint (MySQL 9 and MariaDB 10.5 make the key: dialect mariadb reads it so)",
                REFERENCE_NOT_MADE,
            )
        )

    def _create_attached(
        self, ns: Namespace, event: Event, events: Sequence[Event], index: int
    ) -> None:
        if event.inline_reference and not ns.profile.inline_references:
            self._reference_not_made(ns, event)  # MySQL 8 parses it and makes no key (nor index)
            return
        if event.beside_primary and ns.profile.inline_primary_absorbs_unique:
            return  # MariaDB: `k int PRIMARY KEY UNIQUE` is the primary key alone
        owner = self._owner(ns, event, create_ghost=True)
        if not event.view_column and (
            self._refused_on_view(ns, event, owner) or self._references_view(ns, event, owner)
        ):
            return
        written_on = event.columns[0] if event.column_level and event.columns else None
        rowid_key = (
            ns.family is _SQLITE
            and event.constraint_type is _PRIMARY_KEY
            and owner is not None
            and self._is_rowid_key(ns, event, owner)
        )
        indexless = rowid_key and owner is not None and not owner.without_rowid
        if indexless and event.name is None:
            return  # the rowid alias: SQLite gives it no index, hence no name
        keys = None if indexless else self._statement_keys(ns, event, owner)
        if keys is not None:
            merged = self._merge_key(ns, event, owner, keys)
            if merged is None:
                return
            event = merged
        if event.constraint_type is _PRIMARY_KEY and owner is not None:
            # A table has one primary key; upgrade scripts that add it again
            # replace it rather than add a second one (``t_pkey1``).
            current = next(
                (
                    c
                    for c in owner.children.values()
                    if c.kind is _CONSTRAINT and c.constraint_type is _PRIMARY_KEY
                ),
                None,
            )
            if current is not None:
                self._redefined(ns, event, current, "primary key of table " + repr(owner.name))
        if event.constraint_type is _CHECK and owner is not None:
            event = self._check_on_columns(ns, event, owner, events, index)
        if event.using_index is not None and owner is not None:
            event = self._adopt_index(ns, event, owner)
        if (
            ns.family is _SQLITE
            and owner is not None
            and event.constraint_type in _MERGED_KEYS
            and not rowid_key
        ):
            self._renumber_late_key(ns, owner)
        implicit = event.name is None or event.implicit
        if event.name is None:
            name = self._implicit_name(ns, event, owner, events, index)
            if name is None:
                return
            quoted = ns.family is _POSTGRES and name != name.translate(_ASCII_FOLD)
        else:
            name, quoted = event.name, event.quoted
        existing = self._find_attached(ns, event, owner, name, quoted)
        if event.if_exists and existing is None and self._key_name_taken(ns, event, owner, name):
            return  # MariaDB: ADD UNIQUE KEY IF NOT EXISTS k of an index k (a note)
        if (
            event.if_exists
            and existing is None
            and event.kind is _INDEX
            and owner is not None
            and name_holder(ns, _INDEX, owner.schema, name, quoted) is not None
        ):
            return  # PostgreSQL: a table, view, sequence... holds the name (pg_class)
        if existing is not None and id(existing) in self._inherited:
            self._inherited.discard(id(existing))  # INHERITS: merged with the parent's
            self._kill(ns, existing)
        elif existing is not None and existing.assumed and event.if_exists:
            self._kill(ns, existing)
        elif existing is not None and existing.kind is event.kind:
            if event.if_exists:
                if event.kind is _COLUMN:
                    self._column_kept = (event.source.path, event.statement)
                return
            if event.or_replace:
                self._kill(ns, existing)
            else:
                self._redefined(ns, event, existing, f"{_kind_label(event.kind)} '{name}'")
        ref: Node | QualifiedName | None = None
        if event.ref_table is not None:
            ref = ns.find_relation(event.ref_table, _RELATIONS) or event.ref_table
        # Built directly rather than through _new_node: this is the hot path
        # (every column of every table).
        node = Node(
            kind=event.kind,
            name=name,
            quoted=quoted,
            schema=owner.schema if owner is not None else event.schema,
            location=event.location,
            source=event.source,
            created_at=event.location,
            seq=next(self._seq),
            owner=owner,
            implicit=implicit,
            constraint_type=event.constraint_type,
            columns=event.columns,
            ref=ref,
            ref_columns=event.ref_columns,
            unique=event.unique,
            suppressions=event.suppressions,
            data_type=event.data_type,
            default_sql=event.default_sql,
            generated=event.generated,
            index_text=event.index_text,
            indexless=indexless,
            late=rowid_key and not indexless,
            name_columns=event.name_columns,
            expressions=event.expressions,
            check_text=event.check_text,
            include=event.include,
            no_inherit=event.no_inherit,
            full_columns=event.full_columns,
            # PostgreSQL: COPY FROM writes to a view through such a trigger.
            instead_of_insert="INSERT" in event.trigger_events
            and event.trigger_timing == "INSTEAD OF",
            type_path=event.search_path,
        )
        ns.add(node)
        if written_on is not None and owner is not None:
            node.of_column = ns.find_child(owner, _COLUMN, written_on, True)
            if node.of_column is None:
                node.of_column = ns.find_child(owner, _COLUMN, written_on, False)
        if event.function is not None:
            runs = event.function
            found = ns.find_top((_FUNCTION,), runs.schema, runs.name, runs.quoted)
            node.function = found or runs
        if event.uses and owner is not None:
            node.uses = self._columns_used(ns, owner, event.uses)
        if keys is not None:
            keys.append(node)
        if event.owns_sequence and owner is not None and ns.profile.family is _POSTGRES:
            self._owned_sequence(ns, event, owner, node)
        if (
            event.kind is _COLUMN
            and ns.profile.checks_by_column
            and owner is not None
            and (event.data_type or "").strip().lower() == "json"
            and not self._has_column_check(event, events, index)
        ):
            # MariaDB: JSON is LONGTEXT with CHECK (json_valid(col)), a
            # column-level check named after the column, unless the column
            # has a check of its own (checked on MariaDB 10.11).
            check = replace(
                event,
                kind=_CONSTRAINT,
                name=None,
                quoted=False,
                constraint_type=_CHECK,
                columns=(name,),
                column_level=True,
                data_type=None,
                owns_sequence=False,
            )
            self._create_attached(ns, check, events, index)
        if (
            ns.family is _MYSQL
            and event.constraint_type is _FOREIGN_KEY
            and owner is not None
            and event.columns
        ):
            self._mysql_foreign_key_index(ns, event, owner, node, events, index)
        elif ns.family is _MYSQL and owner is not None and _is_key(node):
            self._mysql_replace_foreign_key_index(ns, owner, node)

    @staticmethod
    def _key_name_taken(ns: Namespace, event: Event, owner: Node | None, name: str) -> bool:
        """MySQL/MariaDB: whether ``owner`` has an index or key named ``name``,
        of the other kind than ``event``'s (a table's keys share one namespace)."""
        if ns.family is not Family.MYSQL or owner is None:
            return False
        if event.kind is ObjectKind.INDEX:
            found = ns.find_child(owner, ObjectKind.CONSTRAINT, name, event.quoted)
            return found is not None and found.constraint_type in INDEX_BACKED
        if event.kind is ObjectKind.CONSTRAINT and event.constraint_type in INDEX_BACKED:
            return ns.find_child(owner, ObjectKind.INDEX, name, event.quoted) is not None
        return False

    def _redefine_column(
        self, ns: Namespace, event: Event, events: Sequence[Event], index: int
    ) -> None:
        """MySQL ``CHANGE old new type ...`` / ``MODIFY c type ...``.

        The column is renamed when the names differ. MariaDB replaces the
        whole definition: the column-level CHECK of the old one is dropped
        (a table-level check on the column stays), and a JSON type brings
        back its ``json_valid`` check, named after the column as it is now
        unless the new definition has a check of its own (checked on MariaDB
        10.11: tests/test_mariadb_names.py). A check the new definition
        writes follows as an event of its own. MariaDB's ``CHANGE/MODIFY
        COLUMN IF EXISTS`` of a column not there does nothing.
        """
        if self._refused_on_view(ns, event, self._owner(ns, event, create_ghost=False)):
            return
        if event.if_exists:
            table = self._owner(ns, event, create_ghost=False)
            if (
                table is None
                or ns.find_child(table, ObjectKind.COLUMN, event.name or "", event.quoted) is None
            ):
                return
        if event.new_name == event.name and ns.profile.name == "postgres":
            # ALTER COLUMN c [SET DATA] TYPE t: refused while a view reads c.
            table = self._owner(ns, event, create_ghost=False)
            if table is not None:
                found = ns.find_child(table, ObjectKind.COLUMN, event.name or "", event.quoted)
                if found is not None:
                    self._refused_for_views(ns, event, found, "type")
                    if event.data_type is not None:
                        found.data_type = event.data_type
            return
        if event.new_name == event.name and ns.family is Family.MYSQL:
            event = self._respelled_by_modify(ns, event)
        if event.new_name is not None and event.new_name != event.name:
            self._rename(ns, event)
        if not ns.profile.checks_by_column or event.new_name is None:
            return
        owner = self._owner(ns, event, create_ghost=False)
        if owner is None:
            return
        column = ns.find_child(owner, ObjectKind.COLUMN, event.new_name, event.new_quoted)
        if column is None:
            return
        for child in list(owner.children.values()):
            if child.of_column is column and child.alive:
                self._kill(ns, child)
        if (event.data_type or "").strip().lower() == "json" and not self._has_column_check(
            event, events, index
        ):
            self._create_attached(
                ns,
                replace(
                    event,
                    op=EventOp.CREATE,
                    kind=ObjectKind.CONSTRAINT,
                    name=None,
                    quoted=False,
                    new_name=None,
                    new_quoted=False,
                    new_location=None,
                    constraint_type=ConstraintType.CHECK,
                    columns=(column.name,),
                    column_level=True,
                    data_type=None,
                    redefines=False,
                ),
                events,
                index,
            )

    def _respelled_by_modify(self, ns: Namespace, event: Event) -> Event:
        """MySQL/MariaDB ``MODIFY c type``: the column takes the spelling the
        statement writes (``MODIFY File_Name ...`` of ``file_name`` stores
        ``File_Name``; checked on MariaDB 10.11, tests/test_modify_respells.py),
        so it is a rename from the stored spelling when the two differ."""
        owner = self._owner(ns, event, create_ghost=False)
        if owner is None or event.name is None:
            return event
        found = ns.find_child(owner, ObjectKind.COLUMN, event.name, event.quoted)
        if found is None or found.name == event.name:
            return event
        return replace(event, name=found.name, quoted=found.quoted)

    @staticmethod
    def _has_column_check(column: Event, events: Sequence[Event], index: int) -> bool:
        """Whether ``column``'s own statement gives it a column-level CHECK."""
        for later in events[index + 1 :]:
            if later.statement != column.statement or later.source.path != column.source.path:
                return False
            if later.kind is _COLUMN:
                return False  # the next column's elements follow
            if later.constraint_type is _CHECK and later.column_level:
                return True
        return False

    @staticmethod
    def _columns_used(ns: Namespace, owner: Node, names: Sequence[str]) -> tuple[str, ...]:
        """Those of ``names`` (written in an index's expressions) that are
        columns of ``owner`` now, as the columns are named."""
        columns = {ns.node_key(c): c.name for c in owner.children.values() if c.kind is _COLUMN}
        used: dict[str, None] = {}
        for name in names:
            quoted = name.startswith('"') and name.endswith('"') and len(name) > 1
            bare = name[1:-1].replace('""', '"') if quoted else name
            found = columns.get(ns.key(bare, quoted)) or columns.get(ns.key(bare, True))
            if found is not None:
                used[found] = None
        return tuple(used)

    def _mysql_foreign_key_index(
        self,
        ns: Namespace,
        event: Event,
        owner: Node,
        constraint: Node,
        events: Sequence[Event],
        index: int,
    ) -> None:
        """The index InnoDB creates for a foreign key no index can support.

        MySQL manual §15.1.20.5 "FOREIGN KEY Constraints": an index whose
        first columns are the foreign key's, in the table or in the same
        statement, serves it; otherwise one is created, named by the
        CONSTRAINT symbol if given, else like an unnamed index on those columns.
        Between two such generated indexes the server (``foreign_key_prefix``
        in sql_table.cc) keeps the later one unless it is the shorter: a
        later foreign key of the same statement whose columns start with
        these takes the place of this one, and one added later replaces a
        generated index on its leading columns (named after the new key).
        Checked on MariaDB 10.11 (tests/test_mysql_fk_index_generated.py).
        """
        for child in list(owner.children.values()):
            if not _is_key(child) or child is constraint or not child.alive:
                continue
            if child.for_foreign_key and len(event.columns) >= len(child.columns):
                if _serves(event.columns, None, child.columns):
                    self._kill(ns, child)  # the wider (or later) generated one wins
                continue
            if _serves(child.columns, child.full_columns, event.columns):
                return
        for other in events[index + 1 :]:
            if other.statement != event.statement or other.source.path != event.source.path:
                break
            if other.op is not EventOp.CREATE:
                continue
            if other.constraint_type is ConstraintType.FOREIGN_KEY:
                if other.columns and _serves(other.columns, None, event.columns):
                    return  # the later key's generated index serves this one too
                continue
            keyed = other.kind is ObjectKind.INDEX or other.constraint_type in _MERGED_KEYS
            if keyed and _serves(other.columns, other.full_columns, event.columns):
                return
        if event.name is not None:
            name: str | None = event.name
        else:
            name = default_name(
                ns.dialect,
                owner.name,
                ObjectKind.INDEX,
                None,
                event.columns,
                Taken(lambda n: (ObjectKind.INDEX, ns.key(n, False)) in owner.children),
            )
        if name is None:
            return
        ns.add(
            Node(
                kind=ObjectKind.INDEX,
                name=name,
                quoted=event.quoted,
                schema=owner.schema,
                location=event.location,
                source=event.source,
                created_at=event.location,
                seq=next(self._seq),
                owner=owner,
                implicit=event.name is None,
                columns=event.columns,
                suppressions=event.suppressions,
                for_foreign_key=True,
            )
        )

    def _mysql_replace_foreign_key_index(self, ns: Namespace, owner: Node, key: Node) -> None:
        """Drop the index InnoDB made for a foreign key once ``key`` can serve it.

        MySQL manual §15.1.20.5 "FOREIGN KEY Constraints": that index "is
        silently dropped later if you create another index that can be used to
        enforce the foreign key constraint": one whose first columns are the
        key's, in order, in full (no prefix length; not FULLTEXT or SPATIAL).
        Checked on MariaDB 11 (information_schema.STATISTICS).
        """
        for child in list(owner.children.values()):
            if not child.for_foreign_key or child is key or not child.alive:
                continue
            if _serves(key.columns, key.full_columns, child.columns):
                # with or without the constraint it was made for (a generated
                # index outlives DROP FOREIGN KEY; checked on MariaDB 10.11)
                self._kill(ns, child)

    def _owned_sequence(self, ns: Namespace, event: Event, owner: Node, column: Node) -> None:
        """The sequence of a serial/identity column, named as PostgreSQL names it.

        ``transformColumnDefinition``: ``ChooseRelationName(table, column,
        "seq")`` in the table's schema, unless the identity options say
        ``SEQUENCE NAME``. Its name never follows later renames.
        """
        given = event.sequence_name
        if given is not None:
            name, quoted, schema = given.name, given.quoted, given.schema or owner.schema
        else:
            schema = owner.schema
            name = pg_choose_name(
                ns.stored(owner.name, owner.quoted),
                ns.stored(column.name, column.quoted),
                "seq",
                Taken(lambda n: ns.has_relation(schema, n)),
            )
            quoted = name != name.translate(_ASCII_FOLD)
        sequence = Node(
            kind=ObjectKind.SEQUENCE,
            name=name,
            quoted=quoted,
            schema=schema,
            location=event.location,
            source=event.source,
            created_at=event.location,
            seq=next(self._seq),
            # a dump's SEQUENCE NAME of an identity column: still PostgreSQL's
            # choice (default_names.database_chosen marks the event)
            implicit=given is None or event.implicit,
            suppressions=event.suppressions,
        )
        ns.add(sequence)
        column.sequences.append(sequence)
        sequence.owned_by = column
        # serial types make an 'a' sequence; GENERATED ... AS IDENTITY an 'i' one
        sequence.identity = "serial" not in (event.data_type or "").lower()

    def _identity_dropped(self, ns: Namespace, event: Event) -> None:
        """``ALTER COLUMN c DROP IDENTITY [IF EXISTS]`` (PostgreSQL): the column's
        identity sequence goes; a sequence it owns otherwise (serial, OWNED BY) stays."""
        owner = self._owner(ns, event, create_ghost=False)
        if owner is None or not event.columns:
            return
        column = ns.find_child(owner, ObjectKind.COLUMN, event.columns[0], True)
        for sequence in list(column.sequences if column is not None else ()):
            if sequence.identity:
                self._kill(ns, sequence)

    def _identity_added(self, ns: Namespace, event: Event) -> None:
        """PostgreSQL ``ALTER COLUMN c ADD GENERATED ... AS IDENTITY``: the column
        gets the sequence an identity column of CREATE TABLE gets."""
        owner = self._owner(ns, event, create_ghost=False)
        if owner is None or not event.columns:
            return
        column = ns.find_child(owner, ObjectKind.COLUMN, event.columns[0], True)
        if column is not None:
            self._owned_sequence(ns, event, owner, column)

    def _adopt_index(self, ns: Namespace, event: Event, owner: Node) -> Event:
        """ADD CONSTRAINT [n] UNIQUE/PRIMARY KEY USING INDEX i (PostgreSQL ALTER TABLE).

        The index becomes the constraint's: renamed to ``n`` when given, else
        the constraint takes the index's name. The model keeps the constraint.
        """
        # The reader gives the index's name as the catalog stores it.
        name = event.using_index or ""
        index = ns.find_wide(ObjectKind.INDEX, owner.schema, name, True, owner=owner)
        if index is None:
            if event.name is not None:
                return event
            return replace(event, name=name, quoted=True)  # as stored: taken exactly
        self._kill(ns, index)
        if event.name is None:
            return replace(event, name=index.name, quoted=index.quoted, columns=index.columns)
        return replace(event, columns=index.columns)
