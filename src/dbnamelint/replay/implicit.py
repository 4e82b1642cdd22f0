"""The names a database gives what a statement leaves unnamed (keys, checks,
SQLite autoindexes), and the keys one CREATE TABLE merges."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from msgspec.structs import replace

from dbnamelint.default_names import INDEX_BACKED, default_name, sqlite_rowid_alias
from dbnamelint.dialects import Family
from dbnamelint.model import ConstraintType, Event, EventOp, ObjectKind
from dbnamelint.replay.model import _MERGED_KEYS, _MERGES_KEYS, Node
from dbnamelint.replay.namespace import Batch, Namespace, Taken
from dbnamelint.replay.state import ReplayState


class ImplicitNames(ReplayState):
    """Implicit names, and the keys PostgreSQL and SQLite merge."""

    @staticmethod
    def _is_rowid_key(ns: Namespace, event: Event, owner: Node) -> bool:
        """Whether a SQLite primary key is on one column declared exactly INTEGER."""
        if len(event.columns) != 1 or event.descending_key:
            return False
        column = event.columns[0]
        node = ns.find_child(owner, ObjectKind.COLUMN, column, True) or ns.find_child(
            owner, ObjectKind.COLUMN, column, False
        )
        return node is not None and sqlite_rowid_alias(node.data_type)

    @staticmethod
    def _autoindexes(owner: Node) -> int:
        """How many autoindexes SQLite has numbered so far on ``owner``."""
        return sum(
            1
            for c in owner.children.values()
            if c.kind is ObjectKind.CONSTRAINT
            and c.constraint_type in _MERGED_KEYS
            and not (c.late or c.indexless)
        )

    def _renumber_late_key(self, ns: Namespace, owner: Node) -> None:
        """Move a WITHOUT ROWID table's unnamed INTEGER primary key past a new key.

        Called before the new key is named, so the number it frees is the
        new key's: the late key stays last, as SQLite builds it last.
        """
        late = next((c for c in owner.children.values() if c.late and c.implicit), None)
        if late is not None:
            self._set_autoindex_name(ns, late, owner, self._autoindexes(owner) + 1)

    @staticmethod
    def _set_autoindex_name(ns: Namespace, node: Node, owner: Node, existing: int) -> None:
        table = ns.stored(owner.name, owner.quoted)
        name = default_name(
            ns.dialect, table, node.kind, node.constraint_type, (), (), existing=existing
        )
        if name is not None and name != node.name:
            ns.unregister(node)
            node.name = name
            ns.register(node)

    def _statement_keys(self, ns: Namespace, event: Event, owner: Node | None) -> list[Node] | None:
        """Keys made so far by ``event``'s CREATE TABLE, if ``event`` is a key there.

        Only a table definition merges equal keys: ALTER TABLE transforms
        each ADD on its own (``ADD UNIQUE (a), ADD UNIQUE (a)`` makes
        ``r_a_key1`` and ``r_a_key2`` next to ``r_a_key`` on PostgreSQL 15).
        """
        if (
            event.constraint_type not in _MERGED_KEYS
            or owner is None
            or event.statement < 0
            or event.statement != self._keys_at[1]
            or event.source.path != self._keys_at[0]
            or ns.family not in _MERGES_KEYS
        ):
            return None
        return self._keys

    def _merge_key(
        self, ns: Namespace, event: Event, owner: Node | None, keys: list[Node]
    ) -> Event | None:
        """``event`` as still to be created, or None when an equal key absorbs it.

        PostgreSQL (``transformIndexConstraints``) and SQLite build one index
        for equal PRIMARY KEY / UNIQUE specs of one table: ``UNIQUE (a),
        UNIQUE (a)`` makes ``r_a_key`` alone. The primary key wins over an
        equal unique key, and a name written on a later spec names the merged
        key when the kept one had none. (Deferrability and NULLS NOT DISTINCT,
        which also have to match, are not read; they rarely differ.)
        """
        # Column lists hold the catalog's spelling (the reader folds bare
        # names): ``UNIQUE ("A"), UNIQUE (a)`` are two keys in PostgreSQL.
        columns = [ns.key(c, True) for c in event.columns]
        prior = next(
            (
                k
                for k in keys
                if k.alive and k.owner is owner and [ns.key(c, True) for c in k.columns] == columns
            ),
            None,
        )
        if prior is None:
            return event
        if ns.family is Family.SQLITE:
            self._sqlite_merge(ns, event, prior)
            return None
        if (
            event.constraint_type is ConstraintType.PRIMARY_KEY
            and prior.constraint_type is not ConstraintType.PRIMARY_KEY
        ):
            self._kill(ns, prior)
            if event.name is None and not prior.implicit:
                return replace(event, name=prior.name, quoted=prior.quoted, location=prior.location)
            return event
        if event.name is not None and prior.implicit:
            ns.unregister(prior)
            prior.name, prior.quoted, prior.implicit = event.name, event.quoted, False
            prior.location = event.location
            ns.register(prior)
        return None

    def _sqlite_merge(self, ns: Namespace, event: Event, prior: Node) -> None:
        """SQLite keeps the first equal key's index, and its name, for both.

        A primary key equal to an earlier UNIQUE turns that index into the
        primary key's (``a UNIQUE, b UNIQUE, PRIMARY KEY (a)`` makes
        ``sqlite_autoindex_t_1`` the primary key). A UNIQUE equal to a WITHOUT
        ROWID table's late INTEGER primary key pins it at the UNIQUE's number.
        A name written on the later key names the merged one if it had none.
        """
        if event.constraint_type is ConstraintType.PRIMARY_KEY:
            prior.constraint_type = ConstraintType.PRIMARY_KEY
        if prior.late and prior.owner is not None:
            prior.late = False
            if prior.implicit:
                existing = self._autoindexes(prior.owner) - 1  # prior now counts itself
                self._set_autoindex_name(ns, prior, prior.owner, existing)
        if event.name is not None and prior.implicit:
            ns.unregister(prior)
            prior.name, prior.quoted, prior.implicit = event.name, event.quoted, False
            prior.location = event.location
            ns.register(prior)

    @staticmethod
    def _check_on_columns(
        ns: Namespace, event: Event, owner: Node, events: Sequence[Event] = (), index: int = -1
    ) -> Event:
        """``event`` with only the CHECK's candidate names that are columns.

        The parser cannot tell a word of the expression (``interval``,
        ``year``) from a column; the table can. PostgreSQL counts the
        distinct columns read (``AddRelationNewConstraints``), so a check
        that reads none of the table's columns reads none (``t_check``).
        Only when the table's columns are unknown (a table the files never
        define) does the first candidate stand. A column the same statement
        defines after the check counts (``a int CHECK (a <= b), b int`` is
        ``t_check``: PostgreSQL adds a statement's checks after its columns;
        trial s24 nakama's ``groups_check``).
        """
        later = {
            ns.key(e.name, e.quoted)
            for e in _same_statement_after(events, index)
            if e.op is EventOp.CREATE and e.kind is ObjectKind.COLUMN and e.name is not None
        }
        known = tuple(
            c
            for c in event.columns
            if ns.find_child(owner, ObjectKind.COLUMN, c, True) is not None
            or ns.find_child(owner, ObjectKind.COLUMN, c, False) is not None
            or ns.key(c, True) in later
            or ns.key(c, False) in later
        )
        has_columns = any(kind is ObjectKind.COLUMN for kind, _ in owner.children)
        columns = known if known or has_columns else event.columns[:1]
        return event if columns == event.columns else replace(event, columns=columns)

    def _implicit_name(
        self,
        ns: Namespace,
        event: Event,
        owner: Node | None,
        events: Sequence[Event],
        index: int,
    ) -> str | None:
        if owner is None:
            return None
        table = ns.stored(owner.name, owner.quoted)
        columns = [self._stored_column(ns, owner, c) for c in event.name_columns or event.columns]
        if event.include and ns.family is Family.POSTGRES:
            # ChooseIndexColumnNames runs over key and INCLUDE columns alike.
            columns += [self._stored_column(ns, owner, c) for c in event.include]
        reserved = self._reserved_in_batch(ns, events, index)
        schema = owner.schema
        ctype = event.constraint_type
        check: Callable[[str], bool]
        if ns.family is Family.POSTGRES:
            relations = event.kind is ObjectKind.INDEX or ctype in INDEX_BACKED
            constraints = event.kind is ObjectKind.CONSTRAINT

            def check(name: str) -> bool:
                return (
                    name in reserved
                    or (relations and ns.has_relation(schema, name))
                    or (constraints and ns.has_constraint(schema, name))
                )

        elif ns.family is Family.TSQL:

            def check(name: str) -> bool:
                key = ns.key(name, False)
                return key in reserved or ns.has_constraint(schema, key)

        elif ctype is ConstraintType.CHECK and ns.profile.checks_by_column:
            later = self._later_checks(ns, events, index)
            reserved = self._reserved_in_batch(ns, events, index, keyed=False)

            def check(name: str) -> bool:
                # MariaDB numbers CONSTRAINT_<n> among the table's table-level
                # checks, later ones of the statement included; a column-level
                # check (named after its column) and an index of that name do
                # not count (MariaDB 10.11.18: ``CONSTRAINT_1 int CHECK (..),
                # CHECK (..)`` names both CONSTRAINT_1). It would reuse a name
                # a UNIQUE or FOREIGN KEY holds; the model keeps one
                # constraint per name and table, so such a name stays taken.
                key = ns.key(name, False)
                if key in later or key in reserved:
                    return True
                other = owner.children.get((ObjectKind.CONSTRAINT, key))
                return other is not None and not (
                    other.constraint_type is ConstraintType.CHECK and other.of_column is not None
                )

        elif ns.family is Family.MYSQL and (
            event.kind is ObjectKind.INDEX or ctype in INDEX_BACKED
        ):
            # MySQL/MariaDB number an index or key (``qty``, ``qty_2``) among
            # the table's index names only: a CHECK or FOREIGN KEY of the same
            # name does not count (make_unique_key_name; checked on MariaDB
            # 10.11). A key is also a constraint, and the model keeps one
            # constraint per name and table: for a key, any one counts.
            reserved = self._reserved_in_batch(ns, events, index, keyed=True)
            is_key = event.kind is ObjectKind.CONSTRAINT

            def check(name: str) -> bool:
                key = ns.key(name, False)
                if key in reserved or (ObjectKind.INDEX, key) in owner.children:
                    return True
                other = owner.children.get((ObjectKind.CONSTRAINT, key))
                return other is not None and (is_key or other.constraint_type in INDEX_BACKED)

        else:

            def check(name: str) -> bool:
                key = ns.key(name, False)
                return (
                    key in reserved
                    or (ObjectKind.INDEX, key) in owner.children
                    or (ObjectKind.CONSTRAINT, key) in owner.children
                )

        existing = 0
        if ns.family is Family.SQLITE and ctype in _MERGED_KEYS:
            existing = self._autoindexes(owner)
        elif ns.family is Family.MYSQL and ctype is ConstraintType.FOREIGN_KEY:
            existing = _highest_ibfk(ns, owner, table, events, index)
        return default_name(
            ns.dialect,
            table,
            event.kind,
            ctype,
            columns,
            Taken(check),
            existing=existing,
            column_level=event.column_level,
            unique=event.unique,
        )

    @staticmethod
    def _later_checks(ns: Namespace, events: Sequence[Event], index: int) -> frozenset[str]:
        """Keys of the CHECK names written later in ``events[index]``'s statement.

        MariaDB names a table's checks once the whole definition is read:
        ``CHECK (..), CONSTRAINT CONSTRAINT_1 CHECK (..)`` names the first
        ``CONSTRAINT_2``. Column-level checks (named after their column) do
        not count.
        """
        found: set[str] = set()
        for later in _same_statement_after(events, index):
            if later.op is not EventOp.CREATE or later.constraint_type is not ConstraintType.CHECK:
                continue
            if later.name is not None and not later.column_level:
                found.add(ns.key(later.name, later.quoted))
        return frozenset(found)

    @staticmethod
    def _stored_column(ns: Namespace, owner: Node, column: str) -> str:
        """The catalog's spelling of a column a constraint lists.

        Constraint events carry column names without their quoting, so the
        table's own column definition decides: exact spelling first, then the
        folded one (``"createdAt"`` stays, ``Email`` becomes ``email``).
        """
        for quoted in (True, False):
            node = ns.find_child(owner, ObjectKind.COLUMN, column, quoted)
            if node is not None:
                return ns.stored(node.name, node.quoted)
        return ns.stored(column, False)

    def _reserved_in_batch(
        self, ns: Namespace, events: Sequence[Event], index: int, *, keyed: bool | None = None
    ) -> frozenset[str]:
        """Names written later in the same table definition.

        PostgreSQL reserves a statement's explicit names before choosing the
        implicit ones (``CREATE TABLE q (a int UNIQUE, CONSTRAINT q_a_key
        CHECK ...)`` names the unique constraint ``q_a_key1``). A table's
        unnamed elements all ask about the same batch, so it is read once.
        ``keyed``: True for the names of indexes and keys only, False for the
        others only (MySQL/MariaDB keep index names apart), None for all.
        """
        batch = self._batch
        if batch is None or batch.ns is not ns or not batch.start <= index < batch.end:
            batch = self._batch = Batch.read(ns, events, index)
        return frozenset(
            key
            for position, key in batch.names
            if position > index and (keyed is None or (position in batch.keyed) is keyed)
        )


def _highest_ibfk(
    ns: Namespace, owner: Node, table: str, events: Sequence[Event], index: int
) -> int:
    """The highest ``n`` of ``owner``'s ``<table>_ibfk_<n>`` foreign keys as
    ``events[index]``'s statement found them, its own unnamed keys before
    this one included (see :func:`~dbnamelint.default_names.default_name`'s
    ``existing``): MariaDB 10.11 numbers ``ALTER TABLE t DROP FOREIGN KEY
    t_ibfk_1, ADD FOREIGN KEY ...`` ``t_ibfk_2``, and ``ADD CONSTRAINT
    t_ibfk_9 ..., ADD FOREIGN KEY ...`` ``t_ibfk_1``."""
    names = {
        child.name
        for child in owner.children.values()
        if child.kind is ObjectKind.CONSTRAINT
        and child.constraint_type is ConstraintType.FOREIGN_KEY
    }
    for earlier in _same_statement_before(events, index):
        if earlier.kind is not ObjectKind.CONSTRAINT or earlier.name is None:
            continue
        if earlier.op is EventOp.CREATE and earlier.constraint_type is ConstraintType.FOREIGN_KEY:
            names.discard(ns.stored(earlier.name, earlier.quoted))  # named by this statement
        elif earlier.op is EventOp.DROP:
            names.add(ns.stored(earlier.name, earlier.quoted))  # there when it began
    prefix = f"{table}_ibfk_"
    high = 0
    for name in names:
        number = name[len(prefix) :] if name.startswith(prefix) else ""
        if number.isdigit() and number.isascii() and number[0] != "0":
            high = max(high, int(number))
    return high


def _same_statement_before(events: Sequence[Event], index: int) -> Iterator[Event]:
    """The events before ``events[index]`` of its statement, nearest first."""
    if index <= 0 or index >= len(events) or events[index].statement < 0:
        return
    first = events[index]
    for position in range(index - 1, -1, -1):
        earlier = events[position]
        if earlier.statement != first.statement or earlier.source.path != first.source.path:
            return
        yield earlier


def _same_statement_after(events: Sequence[Event], index: int) -> Iterator[Event]:
    """The events after ``events[index]`` of its statement (none when ``index``
    is -1 or the event has no statement number)."""
    if index < 0 or index >= len(events) or events[index].statement < 0:
        return
    first = events[index]
    for position in range(index + 1, len(events)):  # no slice: no copy of the rest
        later = events[position]
        if later.statement != first.statement or later.source.path != first.source.path:
            return
        yield later
