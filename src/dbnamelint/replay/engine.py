"""Replay naming events, file after file, into the schema the database ends with.

The entry point is :func:`replay`; the steps live in the other modules of
:mod:`dbnamelint.replay`, each a class the engine's ``_Replayer`` builds on.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from msgspec.structs import replace

from dbnamelint.core.gcpause import collector_paused
from dbnamelint.dialects import Family
from dbnamelint.model import (
    DOCTRINE_FK_INDEX,
    TABLE_ATTACHED_KINDS,
    Branch,
    ChangeSetGuard,
    ConstraintType,
    Diagnostic,
    Event,
    EventOp,
    ObjectKind,
    QualifiedName,
    Schema,
    Severity,
    ViewSource,
)
from dbnamelint.replay.branch_tests import ARM_SKIPPED, choose, runs
from dbnamelint.replay.branch_tests import SKIPPED_CODE as ARM_SKIPPED_CODE
from dbnamelint.replay.freeze import _cut, _freeze
from dbnamelint.replay.home_database import home_databases
from dbnamelint.replay.liquibase_guards import (
    GUARD_CODE,
    GUARD_SKIPPED,
    SKIPPED_CODE,
    evaluate,
    unanswered,
)
from dbnamelint.replay.model import (
    _ASCII_FOLD,
    _OWNER_KINDS,
    _REFERENCES,
    _RELATIONS,
    _TEMPORARY,
    Node,
    _is_key,
    _kind_label,
    with_overload,
)
from dbnamelint.replay.namespace import (
    Namespace,
    _as_unique_constraint,
    _lookup_kinds,
    name_holder,
)
from dbnamelint.replay.sequences import other_sequence
from dbnamelint.replay.state import NOT_CREATED, REDEFINED
from dbnamelint.replay.view_binding import bind_view
from dbnamelint.replay.view_stars import expand_stars
from dbnamelint.replay.views import CompatibilityViews

# Members replay tests on every event, read once: on Python 3.11 reading
# ``ObjectKind.TABLE`` goes through ``EnumType.__getattr__``'s slow path
# (about five times a global's cost; 3.12 removed it).
_CREATE, _RENAME, _DROP, _USE, _ATTACH = (
    EventOp.CREATE,
    EventOp.RENAME,
    EventOp.DROP,
    EventOp.USE,
    EventOp.ATTACH,
)
_POSTGRES, _SQLITE = Family.POSTGRES, Family.SQLITE
_TABLE, _COLUMN, _INDEX, _SEQUENCE = (
    ObjectKind.TABLE,
    ObjectKind.COLUMN,
    ObjectKind.INDEX,
    ObjectKind.SEQUENCE,
)
_SCHEMA, _TYPE, _DOMAIN, _FUNCTION = (
    ObjectKind.SCHEMA,
    ObjectKind.TYPE,
    ObjectKind.DOMAIN,
    ObjectKind.FUNCTION,
)
_VIEW, _MATERIALIZED_VIEW = ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW

#: Kinds whose CREATE ... IF NOT EXISTS of one that exists skips the rest of
#: the statement: a table's elements, a sequence's OWNED BY, a view's columns.
_SKIPPABLE = (
    ObjectKind.TABLE,
    ObjectKind.SEQUENCE,
    ObjectKind.VIEW,
    ObjectKind.MATERIALIZED_VIEW,
)


class _Replayer(CompatibilityViews):
    """Applies events one by one; holds no state beyond one ``replay`` call."""

    # -- dispatch ------------------------------------------------------

    def run(self, events: Sequence[Event]) -> None:
        self._home_databases = home_databases(events)
        self._events = events
        # The statement of a CREATE TABLE IF NOT EXISTS that found its table:
        # the database skips the whole statement, so its elements are skipped.
        skip_path, skip_statement = "", -1
        catalog, ns = "", None
        path = ""
        source = None
        for index, written in enumerate(events):
            event = written
            self._index = index
            self._guarded = event.guarded
            self._event = event
            if event.source is not source:  # a file's events share its SourceFile
                source = event.source
                if source.path != path:
                    path = source.path
                    self._end_session()
                if ns is None or source.catalog != catalog:
                    catalog = source.catalog
                    ns = self._ns(source)
            assert ns is not None  # set with the first event's source
            if event.search_path is not None:
                event = self._resolve(ns, event, events)
            guard = event.liquibase_guard
            if guard is not None and not self._guard_passes(ns, guard):
                continue  # preConditions fail with onFail MARK_RAN/CONTINUE
            if self._refused_at == (path, event.statement) and event.statement >= 0:
                continue  # the database refused the statement (DBN022)
            if event.branches and not self._in_taken_arms(ns, path, event):
                continue  # a PL/pgSQL IF arm PostgreSQL does not run here
            if (
                event.table_if_exists
                and event.table is not None
                and ((held := ns.find_relation(event.table, _OWNER_KINDS)) is None or held.ghost)
                and self._gone(ns, _OWNER_KINDS, event.table)
            ):
                # ALTER TABLE IF EXISTS of a table the files dropped or renamed
                # away (a ghost an earlier refused statement made is no table):
                # the database skips it. A table they never made may come
                # from elsewhere (a goose Go migration): assumed, so the names
                # the statement writes are still judged (DBN011 says so).
                continue
            if event.if_column_added and self._column_kept == (path, event.statement):
                if ns.family is _POSTGRES:
                    continue  # its column existed: PostgreSQL skips the definition
            elif event.kind is _COLUMN or not event.if_column_added:
                self._column_kept = ("", -1)
            op = event.op
            if event.unique and event.kind is _INDEX and op is _CREATE:
                event = _as_unique_constraint(ns, event)
            if event.kind is _SEQUENCE and event.owns_sequence:
                if op is _CREATE:  # ALTER COLUMN c ADD GENERATED ... AS IDENTITY
                    self._identity_added(ns, event)
                else:  # ALTER COLUMN c DROP IDENTITY
                    self._identity_dropped(ns, event)
                continue
            if op is _CREATE and event.kind is _INDEX and _doctrine_fulfilled(ns, event):
                continue  # DBAL adds no index for the foreign key: one has its columns
            if op is _CREATE and event.kind in TABLE_ATTACHED_KINDS:
                if event.statement == skip_statement and event.source.path == skip_path:
                    continue
                self._create_attached(ns, event, events, index)
                stars = self._stars  # a view's or CREATE TABLE AS SELECT's (no other columns)
                if (
                    event.kind is _COLUMN
                    and stars is not None
                    and stars[1] == (path, event.statement)
                ):
                    self._stars_seen += 1
                    self._make_stars(ns)
            elif op is _CREATE:
                if event.kind is _TABLE and self._parent_refused(ns, event):
                    continue  # INHERITS (v), PARTITION OF v: nothing is created (DBN022)
                if event.kind is _TABLE:
                    self._keys_at, self._keys = (event.source.path, event.statement), []
                    self._inherited.clear()
                kept = self._create_top(ns, event)
                skippable = event.kind in _SKIPPABLE
                if not kept and skippable and event.statement >= 0:
                    # IF NOT EXISTS of one that exists: the rest of the
                    # statement (its elements, a sequence's OWNED BY) is skipped
                    skip_path, skip_statement = event.source.path, event.statement
                    if event.kind is _TABLE:
                        self._skipped_columns(ns, event, events, index)
                else:
                    if event.like is not None:
                        self._copy_like(ns, event)
                    if event.inherits or event.of_type is not None:
                        self._inherit(ns, event)
                # PostgreSQL: an object created in schema pg_temp (a function
                # openmeter's migrations use once) lives as long as its session.
                in_pg_temp = (
                    ns.family is _POSTGRES
                    and event.schema is not None
                    and event.schema.lower() == "pg_temp"
                )
                if kept and (event.temporary or in_pg_temp) and event.name is not None:
                    node = ns.find_top(
                        (event.kind,), event.schema, event.name, event.quoted, event.procedure
                    )
                    if node is not None:
                        self._temporary.append((ns, node))
            elif op is _RENAME and event.redefines:
                self._redefine_column(ns, event, events, index)
            elif op is _RENAME:
                self._rename(ns, event)
            elif op is _DROP:
                if self._drop_refused_for_views(ns, event, _same_statement(events, index)):
                    continue  # PostgreSQL refuses it: a view reads it (DBN018)
                self._drop(ns, event)
            elif op is _USE:
                self._used(ns, event)
            elif event.statement != skip_statement or event.source.path != skip_path:
                self._attach(ns, event)
            if event.composite and event.table is not None:
                self._typed_tables_follow(ns, event, events, index)
                self._sync_attributes(ns, event.table)
        self._end_session()

    def _typed_tables_follow(
        self, ns: Namespace, event: Event, events: Sequence[Event], index: int
    ) -> None:
        """``ALTER TYPE t ADD/DROP/RENAME ATTRIBUTE ... CASCADE``: each table
        made OF t gets the same change to its column (PostgreSQL manual,
        ALTER TYPE: CASCADE "automatically propagate[s] the operation to
        typed tables of the type being altered")."""
        if not event.cascade:
            return
        composite = ns.find_relation(event.table, (_TYPE,)) if event.table else None
        if composite is None:
            return
        for table in [n for n in ns.nodes if n.alive and n.of_type is composite]:
            on_table = replace(
                event,
                table=QualifiedName(table.name, table.schema, table.quoted),
                composite=False,
                cascade=False,
            )
            if event.op is _CREATE:
                self._create_attached(ns, on_table, events, index)
            elif event.op is _RENAME:
                self._rename(ns, on_table)
            elif event.op is _DROP:
                self._drop(ns, on_table)

    def _sync_attributes(self, ns: Namespace, composite: QualifiedName) -> None:
        """A composite type's attributes (what a table made OF it gets, what
        DROP TYPE ... CASCADE of an attribute's type takes) follow its COLUMN
        children after an attribute is added, dropped or renamed."""
        node = ns.find_relation(composite, (_TYPE,))
        if node is None or node.ghost:
            return
        columns = [c for c in node.children.values() if c.alive and c.kind is _COLUMN]
        node.attributes = tuple(
            [c.name if c.quoted else c.name.translate(_ASCII_FOLD) for c in columns]
        )
        node.attribute_types = tuple([c.data_type for c in columns])

    def _in_taken_arms(self, ns: Namespace, path: str, event: Event) -> bool:
        """Whether each ``IF`` arm ``event`` is written in runs: an ``IF`` is
        decided once per run of its body (Branch.block), at its first event
        replay reaches (the schema PostgreSQL tests it on), an inner one only
        inside a taken outer arm."""
        for branch in event.branches:
            if self._arms_at != (path, branch.block):
                self._arms_at, self._arms, self._arms_said = (path, branch.block), {}, set()
            if branch.within and not self._past_outer_arms(ns, branch):
                continue  # an outer arm leading to the RETURN is not surely taken
            choice = self._arms.get(branch.at)
            if choice is None:
                choice = self._arms[branch.at] = choose(ns, branch)
            if not runs(choice, branch):
                said = (branch.block, branch.at, branch.taken)
                if said not in self._arms_said:
                    self._arms_said.add(said)
                    self._note(
                        event.location,
                        f"{ARM_SKIPPED} on the schema the files build up to it (PostgreSQL "
                        "skips it there); a database in another state may run it, so the "
                        "gate judges the names of one a change adds",
                        ARM_SKIPPED_CODE,
                    )
                return False
        return True

    def _past_outer_arms(self, ns: Namespace, branch: Branch) -> bool:
        """Whether PostgreSQL surely takes each outer arm leading to the
        nested ``IF`` of ``branch`` (Branch.within), so it reaches that IF."""
        for outer in branch.within:
            choice = self._arms.get(outer.at)
            if choice is None:
                choice = self._arms[outer.at] = choose(ns, outer)
            if choice != (outer.taken, True):
                return False
        return True

    def _guard_passes(self, ns: Namespace, guard: ChangeSetGuard) -> bool:
        """Whether the changeset ``guard`` keeps runs: its preConditions are
        evaluated once, at its first event (:mod:`.liquibase_guards`)."""
        known = self._guard_runs.get(guard.key)
        if known is not None:
            return known
        holds = evaluate(ns, guard.test, self._guard_ran)
        runs = holds is not False or guard.on_fail not in ("MARK_RAN", "CONTINUE")
        if holds is False and runs:
            self._note(
                guard.location,
                f"preConditions fail here in the replayed schema (onFail={guard.on_fail}): "
                "Liquibase would stop the update; the changeset is replayed as if they held",
                GUARD_CODE,
            )
        elif (
            holds is None
            and guard.on_fail in ("MARK_RAN", "CONTINUE")
            and unanswered(ns, guard.test)
        ):
            self._note(
                guard.location,
                "preConditions not evaluated: the schema built so far cannot answer their "
                "sqlCheck here (a table the files never create, or an index on expressions); "
                "the changeset is replayed as if they held",
                "DBN013",
            )
        elif holds is False:
            self._note(
                guard.location,
                f"{GUARD_SKIPPED} on the schema the files build up to it (onFail="
                f"{guard.on_fail}: Liquibase skips it there); a database in another state "
                "may run it, so the gate judges the names of one a change adds",
                SKIPPED_CODE,
            )
        self._guard_runs[guard.key] = runs
        self._guard_ran[guard.key] = runs or guard.on_fail == "MARK_RAN"
        return runs

    # -- search_path -----------------------------------------------------

    def _resolve(self, ns: Namespace, event: Event, events: Sequence[Event]) -> Event:
        """``event`` with each unqualified name given the schema its search path picks.

        PostgreSQL manual, "The Schema Search Path": a name is created in the
        first schema of the path that exists and found in the first schema
        that holds it (a temporary table of the session first). A schema
        exists from its CREATE SCHEMA to its DROP; ``public`` unless dropped;
        one the files never create was made outside them and exists; the
        role's own schema (``"$user"``) only where the files create it.
        Nothing found: where the name would be created, as a ghost is.
        """
        path = event.search_path or ()
        if self._created_schemas is None:
            self._created_schemas = {
                (e.source.catalog, self._ns(e.source).schema_key(e.name))
                for e in events
                if e.op is EventOp.CREATE and e.kind is ObjectKind.SCHEMA and e.name
            }
        fields: dict[str, object] = {}
        kind = event.kind
        own = kind not in TABLE_ATTACHED_KINDS or event.table is None
        if event.schema is None and kind is not ObjectKind.SCHEMA and own:
            if event.op is EventOp.CREATE:
                home = self._creation_schema(ns, path, temporary=True)
                if home is _TEMPORARY:
                    fields["temporary"] = True
                else:
                    fields["schema"] = home
            elif event.name is not None:
                kinds = _lookup_kinds(event)
                fields["schema"] = self._lookup(ns, kinds, event.name, event.quoted, path)
        for attr, kinds in _REFERENCES:
            if attr == "table" and event.domain:
                kinds = (ObjectKind.DOMAIN,)  # noqa: PLW2901 -- a domain's constraint
            elif attr == "table" and event.composite:
                kinds = (ObjectKind.TYPE,)  # noqa: PLW2901 -- a composite type's attribute
            name = getattr(event, attr)
            if name is not None and name.schema is None:
                found = self._lookup(ns, kinds, name.name, name.quoted, path)
                fields[attr] = replace(name, schema=found)
        if event.inherits:
            fields["inherits"] = tuple(
                q
                if q.schema is not None
                else replace(
                    q, schema=self._lookup(ns, (ObjectKind.TABLE,), q.name, q.quoted, path)
                )
                for q in event.inherits
            )
        if event.selects_from:
            fields["selects_from"] = tuple(
                q
                if q.schema is not None
                else replace(q, schema=self._lookup(ns, _RELATIONS, q.name, q.quoted, path))
                for q in event.selects_from
            )
        if event.view_from:  # the FROM list a view's stars read
            fields["view_from"] = self._sources_found(ns, event.view_from, path)
        if event.view_levels:  # a view's FROM tables, as PostgreSQL binds them when it is made
            fields["view_levels"] = tuple(
                replace(
                    level,
                    sources=tuple(
                        (
                            table
                            if table is None or table.schema is not None
                            else replace(
                                table,
                                schema=self._lookup(ns, _RELATIONS, table.name, table.quoted, path),
                            ),
                            alias,
                        )
                        for table, alias in level.sources
                    ),
                )
                for level in event.view_levels
            )
        return replace(event, **fields) if fields else event

    def _sources_found(
        self, ns: Namespace, sources: tuple[ViewSource, ...], path: Sequence[str]
    ) -> tuple[ViewSource, ...]:
        """``sources`` (a view's FROM list, its derived tables' within) with
        each table's schema as the search path finds it."""
        out: list[ViewSource] = []
        for v in sources:
            if v.derived is not None:
                inner = self._sources_found(ns, v.derived.sources, path)
                out.append(replace(v, derived=replace(v.derived, sources=inner)))
            elif v.table.schema is not None:
                out.append(v)
            else:
                schema = self._lookup(ns, _RELATIONS, v.table.name, v.table.quoted, path)
                out.append(replace(v, table=replace(v.table, schema=schema)))
        return tuple(out)

    def _expand(self, ns: Namespace, event: Event, node: Node) -> None:
        """The stars of the CREATE VIEW (or CREATE TABLE AS SELECT) ``event``
        made into ``node``'s columns as its column events come (frozen when
        it is made: replay.view_stars); where a star's are not known, the
        names around it kept and the columns in part unknown."""
        self._stars = None
        if not event.view_stars:
            return
        expanded = expand_stars(ns, event)
        self._stars, self._stars_seen = ((node, (event.source.path, event.statement), expanded), 0)
        self._make_stars(ns)

    def _make_stars(self, ns: Namespace) -> None:
        """The columns of the pending view's stars that stand after as many
        of its column events as have been made: each a column of the view
        named as the source column is (a name it already has: PostgreSQL and
        MySQL refuse the view; the model leaves it out and says its columns
        are in part unknown)."""
        assert self._stars is not None
        view, _, pending = self._stars
        while pending and pending[0][0].at <= self._stars_seen:
            star, columns = pending.pop(0)
            for name, quoted in columns:
                held = ns.find_child(view, ObjectKind.COLUMN, name, quoted) if name else None
                if not name or (held is not None and held.alive):  # "": named after its text
                    view.columns_unknown = True
                    continue
                column = Node(
                    kind=ObjectKind.COLUMN,
                    name=name,
                    quoted=quoted,
                    schema=view.schema,
                    location=star.location,
                    source=view.source,
                    created_at=star.location,
                    seq=next(self._seq),
                    owner=view,
                    suppressions=view.suppressions,
                )
                ns.add(column)
        if not pending:
            self._stars = None

    def _of_type(self, ns: Namespace, event: Event, table: Node, of: QualifiedName) -> None:
        """CREATE TABLE t OF type: t's columns are the type's attributes
        (PostgreSQL CREATE TABLE "OF type_name"); ``c WITH OPTIONS ...``
        elements of the statement merge with them."""
        found = ns.find_top((ObjectKind.TYPE,), of.schema, of.name, of.quoted)
        if found is None:
            self._note(
                event.location,
                f"type '{of}' is not created in the files; "
                f"the columns '{event.name}' gets from it are unknown",
                NOT_CREATED,
            )
            return
        table.of_type = found
        for attribute in found.attributes:
            column = Node(
                kind=ObjectKind.COLUMN,
                name=attribute,
                quoted=attribute != attribute.translate(_ASCII_FOLD),
                schema=table.schema,
                location=event.location,
                source=event.source,
                created_at=event.location,
                seq=next(self._seq),
                owner=table,
                suppressions=event.suppressions,
            )
            ns.add(column)
            self._inherited.add(id(column))

    def _inherit(self, ns: Namespace, event: Event) -> None:
        """Columns and CHECK constraints a table gets from its INHERITS parents.

        PostgreSQL CREATE TABLE "INHERITS": the child has every column of
        every parent (same names merged) and their check constraints under
        the same names; keys, indexes and foreign keys are not inherited.
        Copies come first, so a later definition of the same name in the
        statement merges with its copy instead of redefining it.
        """
        assert event.name is not None
        child = ns.find_top((ObjectKind.TABLE,), event.schema, event.name, event.quoted)
        if child is None:
            return
        if event.of_type is not None:
            self._of_type(ns, event, child, event.of_type)
        for wanted in event.inherits:
            parent = ns.find_relation(wanted, (ObjectKind.TABLE,))
            if parent is None or parent.columns_unknown:
                child.columns_unknown = True  # a view over it may read those
            if parent is None:
                self._note(
                    event.location,
                    f"table '{wanted}' is not created in the files; "
                    f"the columns '{event.name}' inherits from it are unknown",
                    NOT_CREATED,
                )
                continue
            for node in sorted(parent.children.values(), key=lambda n: n.seq):
                checked = node.constraint_type is ConstraintType.CHECK and not node.no_inherit
                if not node.alive or not (node.kind is ObjectKind.COLUMN or checked):
                    continue
                if ns.find_child(child, node.kind, node.name, node.quoted) is not None:
                    continue  # from an earlier parent: merged
                copy = Node(
                    kind=node.kind,
                    name=node.name,
                    quoted=node.quoted,
                    schema=child.schema,
                    location=event.location,
                    source=event.source,
                    created_at=event.location,
                    seq=next(self._seq),
                    owner=child,
                    implicit=node.implicit,
                    constraint_type=node.constraint_type,
                    columns=node.columns,
                    suppressions=event.suppressions,
                    data_type=node.data_type,
                    type_path=node.type_path,
                )
                ns.add(copy)
                self._inherited.add(id(copy))

    def _end_session(self) -> None:
        """Drop the temporary tables of the file that just ended.

        A migration tool runs each file in a session (or a transaction) of
        its own; a temporary table lives as long as its session (PostgreSQL
        CREATE TABLE "TEMPORARY", MySQL §15.1.20.2, SQLite "CREATE TABLE").
        """
        # (no statement drops them: never a name a database keeps, see _held)
        event, self._event = self._event, None
        for ns, node in self._temporary:
            if node.alive:
                self._kill(ns, node)
                self._cascade(ns, node)
        self._temporary.clear()
        self._event = event

    # -- CREATE --------------------------------------------------------

    @staticmethod
    def _lacking(
        ns: Namespace, table: Node, event: Event, events: Sequence[Event], index: int
    ) -> list[str]:
        """The names the elements of ``event``'s skipped ``CREATE TABLE IF NOT
        EXISTS`` statement (columns, named constraints and indexes) give that
        ``table``, the standing one, lacks: a database without the table makes
        them, unchecked (trial s30 listmonk: a new Go migration's
        ``"statusCode"`` beside schema.sql's ``status_code``)."""
        have = {(c.kind, ns.key(c.name, c.quoted, c.kind)) for c in table.children.values()}
        out: list[str] = []
        for at in range(index + 1, len(events)):
            later = events[at]
            if later.statement != event.statement or later.source is not event.source:
                break
            if (
                later.op is EventOp.CREATE
                and later.kind in TABLE_ATTACHED_KINDS
                and later.name is not None
                and (later.kind, ns.key(later.name, later.quoted, later.kind)) not in have
            ):
                out.append(later.name)
        return list(dict.fromkeys(out))

    def _skipped_columns(
        self, ns: Namespace, event: Event, events: Sequence[Event], index: int
    ) -> None:
        """Warn (DBN010) at a ``CREATE TABLE IF NOT EXISTS`` the standing table
        makes a no-op when it defines columns that table lacks: the database
        never makes them (nor are their names checked), though the author
        surely meant it to. A definition another folder's table skips is
        DBN023's (the folders may be separate databases)."""
        name = event.name
        table = ns.find_top((ObjectKind.TABLE,), event.schema, name or "", event.quoted)
        if name is not None and table is None and event.if_exists:
            self._skipped_for_other(ns, event, events, index)
            return
        if name is None or table is None:
            return
        if other_sequence(table, event):
            self._clashes.lacking(event.location, self._lacking(ns, table, event, events, index))
            return
        have = {ns.key(c.name, c.quoted, c.kind) for c in table.children.values()}
        statement = []
        for at in range(index + 1, len(events)):  # no slice: no copy of the rest
            later = events[at]
            if later.statement != event.statement or later.source is not event.source:
                break
            statement.append(later)
        missing = [
            e.name
            for e in statement
            if e.kind is ObjectKind.COLUMN
            and e.op is EventOp.CREATE
            and e.name is not None
            and ns.key(e.name, e.quoted, ObjectKind.COLUMN) not in have
        ]
        if missing:
            one = len(missing) == 1
            more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
            listed = ", ".join(missing[:5]) + more
            verbs = (
                "never reaches the database and is" if one else "never reach the database and are"
            )
            statement_said = (
                "CREATE TABLE IF NOT EXISTS does nothing"
                if event.if_exists
                else "CREATE TABLE fails with 'already exists', which temporal-sql-tool "
                "skips, so it does nothing"
            )
            self.diagnostics.append(
                Diagnostic(
                    event.location,
                    Severity.WARNING,
                    f"table '{name}' exists already (created at {table.created_at}), so this "
                    f"{statement_said}: its "
                    f"{'column' if one else 'columns'} {listed} {verbs} not checked; add "
                    f"{'it' if one else 'them'} with ALTER TABLE ... ADD COLUMN",
                    REDEFINED,
                )
            )

    def _skipped_for_other(
        self, ns: Namespace, event: Event, events: Sequence[Event], index: int
    ) -> None:
        """DBN010 at a ``CREATE TABLE IF NOT EXISTS`` whose name another
        relation holds (a compatibility view left by a rename phase, a
        sequence): the database makes nothing, so no column of it is there
        or checked (trial s33 authelia: ``CREATE TABLE IF NOT EXISTS
        one_time_code (...)`` over the view of that name)."""
        holder = name_holder(ns, ObjectKind.TABLE, event.schema, event.name or "", event.quoted)
        if holder is None:
            return
        columns = []
        for at in range(index + 1, len(events)):
            later = events[at]
            if later.statement != event.statement or later.source is not event.source:
                break
            if later.kind is ObjectKind.COLUMN and later.op is EventOp.CREATE and later.name:
                columns.append(later.name)
        listed = ", ".join(columns[:5]) + (
            f" and {len(columns) - 5} more" if len(columns) > 5 else ""
        )
        what = (
            f": its column {listed} never reaches the database and is not checked"
            if len(columns) == 1
            else f": its columns {listed} never reach the database and are not checked"
            if columns
            else ""
        )
        self.diagnostics.append(
            Diagnostic(
                event.location,
                Severity.WARNING,
                f"{_kind_label(holder.kind)} '{holder.name}' holds this name already (created "
                f"at {holder.created_at}), so this CREATE TABLE IF NOT EXISTS does nothing{what}",
                REDEFINED,
            )
        )

    def _create_top(self, ns: Namespace, event: Event) -> bool:
        """Create a table, view, sequence...; False when IF NOT EXISTS kept the old one."""
        name = event.name
        if name is None:
            return True
        if event.kind is _SCHEMA and ns.schema_key(name) is None:
            ns.default_schema_dropped = False
        existing = ns.find_top((event.kind,), event.schema, name, event.quoted, event.procedure)
        node: Node
        if existing is not None and (existing.ghost or (existing.assumed and event.if_exists)):
            ns.unregister(existing)
            existing.ghost = existing.assumed = False
            existing.name, existing.quoted, existing.schema = name, event.quoted, event.schema
            existing.location = existing.created_at = event.location
            existing.source, existing.suppressions = event.source, event.suppressions
            ns.register(existing)
            node = existing
        elif existing is not None:
            clash = other_sequence(existing, event)
            if clash:
                self._clashes.add(existing, event)
            if event.if_exists or (event.source.skips_existing and not event.or_replace):
                return False  # kept; temporal-sql-tool skips "already exists" alike
            if clash:
                pass  # said once per pair of folders (DBN023)
            elif not event.or_replace and event.kind is not _FUNCTION:
                self._note(
                    event.location,
                    f"{_kind_label(event.kind)} '{name}' is created again; "
                    "the new definition replaces the earlier one",
                    REDEFINED,
                )
            node = existing
            node.redefined_seq = next(self._seq)
            ns.unregister(node)
            for child in list(node.children.values()):
                self._kill(ns, child)
            node.name, node.quoted, node.schema = name, event.quoted, event.schema
            node.location, node.source, node.suppressions = (
                event.location,
                event.source,
                event.suppressions,
            )
            ns.register(node)
        elif event.if_exists and name_holder(ns, event.kind, event.schema, name, event.quoted):
            return False  # another relation holds the name: the database skips it
        else:
            holder = name_holder(ns, event.kind, event.schema, name, event.quoted)
            if holder is not None:
                # One namespace (a table over a view of its name): the database
                # refuses it, as it refuses a table made again; the new definition
                # replaces the earlier one likewise, never two relations of one name.
                self._note(
                    event.location,
                    f"{_kind_label(event.kind)} '{name}' is created while "
                    f"{_kind_label(holder.kind)} '{holder.name}' (created at "
                    f"{holder.created_at}) holds the name, which the database refuses; "
                    "the new definition replaces the earlier one",
                    REDEFINED,
                )
                self._kill(ns, holder)
            node = ns.add(self._new_node(event, event.kind, name, implicit=event.implicit))
        node.selects = tuple(ns.find_relation(q, _RELATIONS) or q for q in event.selects_from)
        if ns.family is not _SQLITE:  # SQLite makes a view of what does not exist yet
            for written, source in zip(event.selects_from, node.selects, strict=True):
                if isinstance(source, QualifiedName) or source.ghost:
                    self._gone_name_used(ns, event.location, _RELATIONS, written)  # DBN028
        node.type_path = event.search_path
        if event.kind is _TYPE:
            node.attributes = event.columns
            node.attribute_types = event.attribute_types
        elif event.kind is _DOMAIN:
            node.data_type = event.data_type
        elif event.kind is _FUNCTION:
            overload = (event.arguments, event.type_uses, event.body)
            node.overloads = with_overload(node.overloads, overload)
        elif event.kind is _TABLE:
            # CREATE TABLE t AS SELECT * FROM a JOIN b: the stars expanded as a view's
            node.columns_unknown = event.view_columns_unknown
            self._expand(ns, event, node)
        elif event.kind in (_VIEW, _MATERIALIZED_VIEW):
            node.reads = event.uses
            node.columns_unknown = event.view_columns_unknown
            self._expand(ns, event, node)
            node.bound = bool(event.view_levels)
            node.depends, node.may_read = bind_view(ns, event.view_levels)
        node.partition_of = None
        node.without_rowid = event.without_rowid
        node.virtual_module = event.virtual_module
        if event.partitioned:
            node.partitioned = True
            self._partitioned.append(node)
        if event.partition_of is not None:
            self._make_partition(ns, node, event.partition_of)
        return True

    # -- ATTACH / DETACH PARTITION ---------------------------------------

    def _attach(self, ns: Namespace, event: Event) -> None:
        """The child table becomes, or stops being, a partition of ``event.table``."""
        if event.kind is _INDEX:
            self._attach_index(ns, event)
            return
        if event.kind is _SEQUENCE:
            self._own_sequence(ns, event)
            return
        if event.table is not None and self._refused_on_view(
            ns, event, ns.find_relation(event.table, _RELATIONS)
        ):
            return
        child = ns.find_top((_TABLE,), event.schema, event.name or "", event.quoted)
        if child is None or child.ghost:
            self._not_created(
                ns,
                event.location,
                (_TABLE,),
                QualifiedName(event.name or "", event.schema, event.quoted),
                f"table '{event.name}' is not created in the files; {event.op.value}ed here",
            )
        if child is None:
            return
        child.partition_of = None
        if event.op is _ATTACH and event.table is not None:
            self._make_partition(ns, child, event.table)

    def _own_sequence(self, ns: Namespace, event: Event) -> None:
        """``[CREATE|ALTER] SEQUENCE s ... OWNED BY t.c`` (ATTACH) or ``OWNED BY
        NONE`` (DETACH): PostgreSQL replaces the sequence's 'a' dependency
        (``process_owned_by``), so a later DROP of the column or table drops
        it, and a rename of either keeps it owned."""
        name = QualifiedName(event.name or "", event.schema, event.quoted)
        sequence = ns.find_top((_SEQUENCE,), name.schema, name.name, name.quoted)
        if sequence is None or sequence.ghost:
            if not (event.if_exists and self._gone(ns, (_SEQUENCE,), name)):
                self._not_created(
                    ns,
                    event.location,
                    (_SEQUENCE,),
                    name,
                    f"sequence '{name}' is not created in the files; its owner is set here",
                )
            return
        column = partition = None
        if event.op is _ATTACH and event.table is not None and event.columns:
            table = ns.find_relation(event.table, (_TABLE,))
            if table is None or table.ghost:
                self._not_created(
                    ns,
                    event.location,
                    _OWNER_KINDS,
                    event.table,
                    f"table '{event.table}' is not created in the files; "
                    f"sequence '{name}' is owned by its column here",
                )
                return
            holder = table
            column = ns.find_child(holder, _COLUMN, event.columns[0], True)
            while column is None and isinstance(holder.partition_of, Node):
                holder = holder.partition_of
                column = ns.find_child(holder, _COLUMN, event.columns[0], True)
            if column is None:
                self._note(
                    event.location,
                    f"column '{event.table.name}.{event.columns[0]}' is not created in the "
                    f"files; sequence '{name}' is owned by it here",
                    NOT_CREATED,
                )
                return
            if holder is not table:  # a partition's column: dropped with the partition too
                partition = table
        for previous in (sequence.owned_by, sequence.owned_in):
            if previous is not None:
                previous.sequences = [s for s in previous.sequences if s is not sequence]
        sequence.owned_by, sequence.owned_in = column, partition
        for keeper in (column, partition):
            if keeper is not None:
                keeper.sequences.append(sequence)

    def _attach_index(self, ns: Namespace, event: Event) -> None:
        """``ALTER INDEX parent ATTACH PARTITION child``: the child index (or the
        key it backs) becomes a partition of ``event.partition_of``; the
        catalog then lists it under its parent (``pg_class.relispartition``,
        ``pg_constraint.conparentid``), so drift compares the parent only."""
        child = self._find_attached(ns, event, None, event.name or "", event.quoted)
        if child is None:
            self._not_created(
                ns,
                event.location,
                (ObjectKind.INDEX,),
                QualifiedName(event.name or "", event.schema, event.quoted),
                f"index '{event.name}' is not created in the files; attached here",
            )
            return
        child.partition_of = event.partition_of

    def release(self) -> None:
        """Break the table <-> element reference cycles once frozen.

        Without cycles the nodes are freed by reference counting as soon as
        replay returns, instead of waiting for (and lengthening) the garbage
        collector's next pass over tens of thousands of them.
        """
        for ns in self._namespaces.values():
            for node in ns.nodes:
                node.children.clear()
                node.owner = None

    def schema(self) -> Schema:
        """Freeze the end state: tables each followed by their objects, then the rest."""
        nodes: list[Node] = []
        for ns in self._namespaces.values():
            self._resolve_late(ns)
            self._link_compatibility_views(ns)
            nodes.extend(n for n in ns.nodes if n.alive)
        nodes.sort(key=lambda n: n.seq)
        attached: dict[int, list[Node]] = {}
        for node in nodes:
            if node.owner is not None:
                attached.setdefault(id(node.owner), []).append(node)
        ordered: list[Node] = []
        for node in nodes:
            if node.kind is _TABLE:
                if not node.ghost:
                    ordered.append(node)
                ordered.extend(attached.get(id(node), ()))
        for node in nodes:
            if node.kind is not _TABLE and node.owner is None:
                # Materialized views own indexes, views INSTEAD OF triggers,
                # domains their constraints (a ghost domain: the files never make it).
                if not node.ghost:
                    ordered.append(node)
                ordered.extend(attached.get(id(node), ()))
        owners = {  # sequence -> the (table, column) owning it
            id(seq): (_cut(table.name, column.source), _cut(column.name, column.source))
            for seq in nodes
            if (column := seq.owned_by) is not None
            and column.alive
            and (table := seq.owned_in or column.owner) is not None
        }
        objects = tuple(_freeze(n, owners.get(id(n))) for n in ordered)
        return Schema(
            objects=objects,
            diagnostics=(*self.diagnostics, *self._clashes.diagnostics()),
            transient=tuple(self.transient),
        )


def _doctrine_fulfilled(ns: Namespace, event: Event) -> bool:
    """Whether the index doctrine/dbal adds for a foreign key (``event``
    carries :data:`~dbnamelint.model.DOCTRINE_FK_INDEX`) is not added: the
    table had, before the migration, an index or key on exactly its columns
    (``Table::_addForeignKeyConstraint`` asks ``Index::isFulfilledBy`` of the
    indexes of the schema doctrine/migrations introspects; the migration's
    own Schema API calls :mod:`dbnamelint.doctrine_schema` weighs). Trial
    s41 kimai: ``kimai2_timesheet_tags``' foreign keys on columns indexed
    by an earlier migration's SQL got indexes no database has."""
    if not event.suppressions or event.table is None:
        return False
    if not any(c.text == DOCTRINE_FK_INDEX for c in event.suppressions):
        return False
    owner = ns.find_relation(event.table, _OWNER_KINDS)
    if owner is None:
        return False
    wanted = [c.casefold() for c in event.columns]
    return any(
        child.alive
        and _is_key(child)
        and child.source is not None
        and child.source.path != event.source.path
        and [c.casefold() for c in child.columns] == wanted
        for child in owner.children.values()
    )


def _same_statement(events: Sequence[Event], index: int) -> list[Event]:
    """The DROP events of ``events[index]``'s statement from it on (``DROP VIEW a, b``)."""
    event = events[index]
    out = [event]
    for at in range(index + 1, len(events)):  # no slice: a copy of the rest per DROP
        later = events[at]
        if later.statement != event.statement or later.source is not event.source:
            break
        if later.op is EventOp.DROP:
            out.append(later)
    return out


def replay(events: Iterable[Event]) -> Schema:
    """The schema the database holds after applying ``events`` in order.

    ``events`` come in file order, then statement order. Nothing raises for
    odd histories (a rename of a table created elsewhere, a table created
    twice): replay keeps every name it can check and says what it assumed in
    ``Schema.diagnostics`` (INFO ``DBN010``/``DBN011``).
    """
    with collector_paused():
        return _replay(tuple(events))


def _replay(events: Sequence[Event]) -> Schema:
    """Replay and free the working model before the collector resumes."""
    replayer = _Replayer()
    try:
        replayer.run(events)
        return replayer.schema()
    finally:
        replayer.release()
