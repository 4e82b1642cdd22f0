"""Catalog rows -> naming events, the same values the SQL front end produces.

A catalog says what exists, not how it got there, so every event is a
CREATE with the name the catalog stores; replay then builds the model as it
does for files. Each event's location is the object's address in the
database (``postgresql://host/db#public.users.email``, line 1, column 1):
there is no file and no line, and every report format accepts that shape.
"""

from __future__ import annotations

from collections.abc import Sequence

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.default_names import is_default_name
from dbnamelint.dialects import profile_for
from dbnamelint.frontends.live.url import DatabaseUrl
from dbnamelint.model import (
    ConstraintType,
    Event,
    EventOp,
    Location,
    ObjectKind,
    QualifiedName,
    SourceFile,
)

#: A name PostgreSQL stores exactly as an unquoted identifier would be folded.
_PG_BARE = lazy_compile(r"[a-z_][a-z0-9_$]*")
#: A name MySQL/SQLite can take without quotes (case is kept either way).
_BARE = lazy_compile(r"[A-Za-z_][A-Za-z0-9_$]*")


class EventBuilder:
    """Collects CREATE events for one database, in catalog order.

    ``dialect`` decides how names are compared (:func:`profile_for`); the
    default schema (``public``, ``main``) is written as no schema, as
    migration files usually leave it out.
    """

    def __init__(self, url: DatabaseUrl) -> None:
        self.url = url
        self.dialect = url.dialect
        self.profile = profile_for(url.dialect)
        self.source = SourceFile(url.display, url.dialect, None)
        self.events: list[Event] = []
        #: (schema, sequence) -> (table, column) owning it, as the catalog says.
        self.sequence_owners: dict[tuple[str | None, str], tuple[str, str]] = {}
        #: (schema, view) -> the table migrate's marker names (core.view_marker).
        self.marked_views: dict[tuple[str | None, str], str] = {}
        self._bare = _PG_BARE if self.dialect == "postgres" else _BARE
        self._owner_key: tuple[str | None, str] | None = None
        self._owner = (QualifiedName(""), "")

    # -- helpers -------------------------------------------------------

    def schema_of(self, schema: str | None) -> str | None:
        """``None`` for the dialect's default schema."""
        return None if schema == self.profile.default_schema else schema

    def quoted(self, name: str) -> bool:
        """Whether a file would have to quote ``name`` to get it stored as it is."""
        return self._bare.fullmatch(name) is None

    def _location(self, *parts: str | None) -> Location:
        return Location(self.url.location(*parts), 1, 1)

    def _add(self, event: Event) -> None:
        self.events.append(event)

    # -- objects -------------------------------------------------------

    def top(
        self,
        kind: ObjectKind,
        schema: str | None,
        name: str,
        *,
        selects_from: Sequence[tuple[str | None, str]] = (),
        partition_of: tuple[str | None, str] | None = None,
        implicit: bool = False,
        arguments: tuple[str, ...] | None = None,
        body: str | None = None,
    ) -> None:
        """A table, view, sequence, type, domain, function or schema.

        ``implicit``: the database chose the name (a ``serial`` column's
        sequence). A function's ``arguments`` (input types) and ``body``
        (digest) are ``Event.arguments`` and ``Event.body``: one call per
        overload.
        """
        self._add(
            Event(
                EventOp.CREATE,
                kind,
                name,
                self._location(schema, name),
                self.source,
                schema=self.schema_of(schema),
                quoted=self.quoted(name),
                selects_from=tuple(self._qualified(s, n) for s, n in selects_from),
                partition_of=None if partition_of is None else self._qualified(*partition_of),
                implicit=implicit,
                arguments=arguments,
                body=body,
            )
        )

    def owned_sequence(self, schema: str | None, name: str, table: str, column: str) -> None:
        """Sequence ``schema.name`` belongs to column ``table.column`` (same schema).

        PostgreSQL records it in ``pg_depend`` (deptype 'a' for ``serial``
        and ``OWNED BY``, 'i' for identity); files say it with the column's
        type, so replay cannot know it from a CREATE SEQUENCE event.
        """
        self.sequence_owners[(self.schema_of(schema), name)] = (table, column)

    def marked_view(self, schema: str | None, name: str, table: str) -> None:
        """View ``schema.name`` carries ``migrate``'s marker naming ``table``:
        the compatibility view of that table (``SchemaObject.compatibility_view_for``),
        which no catalog column says otherwise."""
        self.marked_views[(self.schema_of(schema), name)] = table

    def _qualified(self, schema: str | None, name: str) -> QualifiedName:
        return QualifiedName(name, self.schema_of(schema), self.quoted(name))

    def attached(
        self,
        kind: ObjectKind,
        schema: str | None,
        table: str,
        name: str,
        *,
        constraint_type: ConstraintType | None = None,
        columns: Sequence[str] = (),
        ref: tuple[str | None, str] | None = None,
        unique: bool = False,
        data_type: str | None = None,
        column_level: bool = False,
        name_columns: Sequence[str] = (),
        include: Sequence[str] = (),
        created_as: Sequence[str] = (),
        expressions: Sequence[str] = (),
        view_column: bool = False,
        domain: bool = False,
        composite: bool = False,
    ) -> None:
        """A column, index, constraint, trigger or policy of ``schema.table``.

        ``domain``: a constraint of the PostgreSQL domain ``schema.table``;
        ``composite``: an attribute (a COLUMN) of the composite type ``schema.table``.

        ``column_level``: a CHECK the catalog says was declared with its
        column (MariaDB), whose name the database always chose. An index's
        ``columns`` are its key columns (``expr`` for an expression),
        ``name_columns`` the same as its name would spell them (given when
        there is an expression) and ``include`` its INCLUDE columns, as
        :class:`~dbnamelint.model.Event` has them from files. ``created_as``:
        the names the index's columns had when it was made (PostgreSQL keeps
        them as the index's own attribute names, which renaming a column
        leaves alone); a name that is the default for those was chosen by
        the database too, as the files' model keeps it. ``expressions``: each
        key element's expression as the catalog prints it, "" for a column
        (empty without expressions). ``view_column``: a column of a view or
        materialized view (its output: ``Event.view_column``).
        """
        spelled = [*(name_columns or columns), *include]
        implicit = column_level or (
            kind in (ObjectKind.INDEX, ObjectKind.CONSTRAINT)
            and (
                self._implicit(table, kind, constraint_type, spelled, name)
                or (
                    bool(created_as)
                    and self._implicit(table, kind, constraint_type, created_as, name)
                )
            )
        )
        if self._owner_key != (schema, table):  # a table's parts come together: built once
            self._owner_key = (schema, table)
            self._owner = (self._qualified(schema, table), self.url.location(schema, table) + ".")
        owner, prefix = self._owner
        self._add(
            Event(
                EventOp.CREATE,
                kind,
                name,
                Location(prefix + name, 1, 1),
                self.source,
                schema=owner.schema,
                quoted=self.quoted(name),
                table=owner,
                constraint_type=constraint_type,
                columns=tuple(columns),
                name_columns=tuple(name_columns),
                expressions=tuple(expressions) if any(expressions) else (),
                include=tuple(include),
                ref_table=None if ref is None else self._qualified(*ref),
                unique=unique,
                data_type=data_type,
                implicit=implicit,
                column_level=column_level,
                view_column=view_column,
                domain=domain,
                composite=composite,
            )
        )

    def _implicit(
        self,
        table: str,
        kind: ObjectKind,
        constraint_type: ConstraintType | None,
        columns: Sequence[str],
        name: str,
    ) -> bool:
        """Whether ``name`` is the one the database gives such an object unnamed.

        The catalog does not record who chose a name; a name equal to the
        dialect's default (``users_pkey``, ``orders_ibfk_1``, with the
        dialect's clash number) is taken as chosen by the database, so rules
        with ``skip_implicit`` treat it as they do for files.
        """
        return is_default_name(self.dialect, table, kind, constraint_type, columns, name)
