"""Names that still spell a table's previous name after the table was renamed."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, cast

from msgspec.structs import replace

from dbnamelint.core.identity import earlier_names
from dbnamelint.default_names import INDEX_BACKED
from dbnamelint.dialects import profile_for
from dbnamelint.model import Location, ObjectKind, Schema, SchemaObject
from dbnamelint.rules.base import OptionsModel, Rule, RuleContext, Violation
from dbnamelint.rules.dependents import (
    TableNames,
    column_parts,
    columns_of_tables,
    dependent_name,
    follow_table,
    spelled_columns,
    style_of,
    table_part,
)
from dbnamelint.rules.naming import underscore_words

if TYPE_CHECKING:
    from dbnamelint.rules.builtin.options.renamed import EmbedsOptions

ATTACHED_KINDS = frozenset({ObjectKind.INDEX, ObjectKind.CONSTRAINT, ObjectKind.TRIGGER})
# Read once, not per object judged: on Python 3.11 reading ``ObjectKind.SEQUENCE`` goes through
# ``EnumType.__getattr__``'s slow path (about five times a global's cost;
# 3.12 removed it).
_SEQUENCE = ObjectKind.SEQUENCE

#: A table of one dialect's copy: (dialect, schema, name).
_TableKey = tuple[str, str | None, str]


def replace_old_name(name: str, old: str, current: str, columns: Sequence[str] = ()) -> str | None:
    """``name`` with the word run ``old`` replaced by ``current``, or None.

    The other words are kept as written; see
    :func:`dbnamelint.rules.dependents.dependent_name`, which this calls,
    for what counts as the table's part (never a run inside one of the
    object's ``columns`` nor inside the current name).
    """
    return dependent_name(name, old, current, columns)


class NameEmbedsOldTableName(Rule):
    """Indexes, constraints, triggers and sequences still named after a table's old name.

    ## What it does
    After `ALTER TABLE ws_activity_log RENAME TO ws_log_activity`, the
    table's indexes, constraints and sequences keep their names:
    `ws_activity_log_ws_id_fkey`, `User_pkey`. This rule finds names that
    contain a previous name of their table as whole `_`-separated words and
    suggests the name with the current table name substituted
    (`ws_log_activity_ws_id_fkey`, `users_pkey`).

    Only the renamed table's own objects are judged: its indexes,
    constraints and triggers, and the sequences its columns own (`serial`,
    identity, `OWNED BY t.c`). A word that belongs to one of the object's column names is
    never the table's (`rental_date` on column `rental_date` after
    `rental` -> `rentals`; `provider_account_id` after `Account` ->
    `accounts`), and neither is a run that spells another table's current
    or earlier name starting with the old one (`post_likes_counter_seq`
    after `post` -> `posts` belongs to table `post_likes`). The suggestion
    is the name `dbnamelint migrate` writes, from the same function:
    the table part replaced, the other words respelled in the table's case
    (`Account_userId_fkey` -> `accounts_user_id_fkey`), the column words
    in the columns' case where the standard spells columns otherwise
    (`column-name-wrong-case` with `style: camelCase`, as the `prisma-map`
    pack sets: `accounts_userId_fkey`, the name Prisma derives); a name
    PostgreSQL chose is the one it would choose on the renamed table.
    Columns are spelled as they are now: a word spelling an earlier name of
    one of the object's columns becomes the column's current name
    (`index_movies_scenes_on_movie_id` on `group_id`, renamed from
    `movie_id`: `index_groups_scenes_on_group_id`), and a written name still
    spelling such a name, or that of a column a SQLite index's definition
    reads outside its key (`WHERE primary = 1`), is reported at the column's
    rename even when the table kept its name.

    ## Why is this bad?
    A constraint error that names a table which no longer exists sends the
    reader looking for it; the next migration that derives a name from the
    table collides with, or duplicates, the stale one.

    ## Example
    ```sql
    CREATE TABLE ws_activity_log (ws_id bigint,
        CONSTRAINT ws_activity_log_ws_id_fkey FOREIGN KEY (ws_id) REFERENCES workspaces (id));
    ALTER TABLE ws_activity_log RENAME TO ws_log_activity;
    ```

    ## Use instead
    ```sql
    ALTER TABLE ws_log_activity
        RENAME CONSTRAINT ws_activity_log_ws_id_fkey TO ws_log_activity_ws_id_fkey;
    ```

    ## Options
    `sequences_at_start_only`: a sequence no column owns is linked to a
    renamed table only by its name, so by default it must start with the
    old name (`User_id_seq`), and a longer table name starting it, as
    written or in snake_case, takes it (`step_run_batch_seq` is `StepRun`'s,
    not `Step`'s).
    """

    code = "DBN504"
    name = "name-embeds-old-table-name"
    options_model = OptionsModel("dbnamelint.rules.builtin.options.renamed", "EmbedsOptions")
    #: (model, renamed tables by (dialect, schema, name), file order, table
    #: names by (dialect, schema)) of the last model seen. Keyed by dialect:
    #: a tree keeping its schema for several databases holds one table per
    #: copy, and a copy's objects are judged against its own table only.
    _per_model: (
        tuple[
            Schema,
            dict[_TableKey, SchemaObject],
            dict[str, int],
            dict[tuple[str, str | None], TableNames],
        ]
        | None
    ) = None
    #: (model, names in use by namespace) for a name PostgreSQL chose, which
    #: its recomputation must not collide with (as ``migrate`` keeps them).
    _taken: tuple[Schema, dict[tuple[str, ...], set[str]]] | None = None

    def check_schema(self, ctx: RuleContext) -> Iterator[Violation]:
        renamed = self._renamed(ctx)
        if not renamed and not self._columns_renamed(ctx):
            return
        for obj in ctx.schema.of_kind(*ATTACHED_KINDS, ObjectKind.SEQUENCE):
            yield from self._judge(obj, renamed, ctx)

    def check_name(self, obj: SchemaObject, ctx: RuleContext) -> Iterator[Violation]:
        """One index, constraint, trigger or sequence (for the fix merger)."""
        return self._judge(obj, self._renamed(ctx), ctx)

    def _renamed(self, ctx: RuleContext) -> dict[_TableKey, SchemaObject]:
        # Once per model, not per object: the fix merger asks for every index
        # and constraint, and a scan of the model each time was quadratic
        # (2.3 million steps, 3.5 s profiled, at 1,000 tables).
        cached = self._per_model
        if cached is None or cached[0] is not ctx.schema:
            renamed = {
                (t.source.catalog, t.schema, t.name): t
                for t in ctx.schema.of_kind(ObjectKind.TABLE)
                if t.previous_names
            }
            order = {f.path: n for n, f in enumerate(ctx.schema.files)}
            names: dict[tuple[str, str | None], list[str]] = {}
            for t in ctx.schema.of_kind(ObjectKind.TABLE):
                # earlier names too: after ``post_likes`` -> ``post_like``,
                # ``post_likes_idx`` is still that table's, not ``post``'s
                key = (t.source.catalog, t.schema)
                names.setdefault(key, []).extend((t.name, *t.previous_names))
            indexed = {key: TableNames(found) for key, found in names.items()}
            cached = (ctx.schema, renamed, order, indexed)
            self._per_model = cached
        return cached[1]

    @staticmethod
    def _columns_renamed(ctx: RuleContext) -> bool:
        """Whether some column of the model had another name (a name built on
        it may still spell that one)."""
        return any(
            c.previous_names for columns in columns_of_tables(ctx.schema).values() for c in columns
        )

    def _file_order(self, ctx: RuleContext) -> dict[str, int]:
        self._renamed(ctx)
        assert self._per_model is not None
        return self._per_model[2]

    def _tables_in(self, dialect: str, schema: str | None) -> Sequence[str]:
        """Table names of ``schema`` (current and earlier) in ``dialect``'s copy of the
        model last seen."""
        assert self._per_model is not None
        return self._per_model[3].get((dialect, schema), ())

    def _judge(
        self,
        obj: SchemaObject,
        renamed: dict[_TableKey, SchemaObject],
        ctx: RuleContext,
    ) -> Iterator[Violation]:
        opts = cast("EmbedsOptions", self.options)
        order = self._file_order(ctx)
        dialect = obj.source.catalog  # the model's copy the object is in
        if obj.kind in ATTACHED_KINDS:
            table = renamed.get((dialect, obj.table_schema, obj.table or ""))
            key = (dialect, obj.table_schema, obj.table or "")
            spelled = spelled_columns(obj, columns_of_tables(ctx.schema).get(key, ()))
            others = self._tables_in(dialect, obj.table_schema)
            found = False
            if table is not None:
                for violation in self._check(
                    obj, [table], obj.columns, False, order, others, ctx, spelled
                ):
                    found = True
                    yield violation
            if not found and spelled:
                yield from self._check_columns(obj, spelled, order, others, ctx)
        elif obj.kind is _SEQUENCE and obj.owned_by is not None:
            # owned by a column: judged against that column's table only
            owner, column = obj.owned_by
            table = renamed.get((dialect, obj.schema, owner))
            if table is not None:
                others = self._tables_in(dialect, obj.schema)
                yield from self._check(obj, [table], (column,), False, order, others, ctx)
        elif obj.kind is _SEQUENCE:
            # tied to no table: only a name starting with an old name links it
            tables = [
                t
                for t in renamed.values()
                if t.schema == obj.schema and t.source.catalog == dialect
            ]
            others = self._tables_in(dialect, obj.schema)
            yield from self._check(
                obj, tables, (), opts.sequences_at_start_only, order, others, ctx
            )

    def _taken_by(self, obj: SchemaObject, ctx: RuleContext) -> set[str]:
        """The names a new name PostgreSQL chooses for ``obj`` must not take,
        ``obj``'s own aside: relations of its schema for an index, a key or
        a sequence, else the constraints of its table (the namespaces
        ``migrate`` keeps). Built once per model."""
        cached = self._taken
        if cached is None or cached[0] is not ctx.schema:
            spaces: dict[tuple[str, ...], set[str]] = {}
            for o in ctx.schema.objects:
                spaces.setdefault(_space(o), set()).add(o.name)
            cached = (ctx.schema, spaces)
            self._taken = cached
        return cached[1].get(_space(obj), set()) - {obj.name}

    def _check(
        self,
        obj: SchemaObject,
        tables: Sequence[SchemaObject],
        columns: Sequence[str],
        at_start: bool,
        order: Mapping[str, int],
        tables_here: Sequence[str],
        ctx: RuleContext,
        spelled: Mapping[str, str] | None = None,
    ) -> Iterator[Violation]:
        words = underscore_words(obj.name)
        for table in tables:
            # A longer name of another table spelled in this one is that table's.
            mine = {table.name, *table.previous_names}
            others = (
                tables_here.excluding(mine)
                if isinstance(tables_here, TableNames)
                else [n for n in tables_here if n not in mine]
            )
            # The suggestion is built on the table's name as the catalog stores
            # it (PostgreSQL folds an unquoted resetHexes to resethexes), as
            # ``obj`` is judged as stored: a mixed-case target would need quotes.
            profile = profile_for(table.source.dialect)
            now = profile.fold(table.name, table.quoted)
            for old, old_quoted in reversed(earlier_names(table)):
                if at_start and not obj.name.lower().startswith(f"{old.lower()}_"):
                    continue
                if table_part(words, old, table.name, columns, others) is None:
                    continue
                # migrate's derivation (follow_table); a name another database
                # chose, which migrate leaves to that database, by the words
                style = style_of(now)
                suggestion = follow_table(
                    obj,
                    obj.name,
                    old,
                    now,
                    {},
                    table.source.dialect,
                    self._taken_by(obj, ctx) if obj.implicit else (),
                    others,
                    column_style=ctx.column_style,
                    spelled=spelled,
                ) or dependent_name(
                    obj.name,
                    old,
                    now,
                    columns,
                    style=style,
                    others=others,
                    column_style=ctx.column_style,
                )
                if suggestion is None or suggestion == obj.name:
                    continue
                # Both table names as stored: Lemmy's unquoted LANGUAGE was
                # ``language`` before its quoted rename to "languages".
                message = (
                    f"{obj.kind.value} name {obj.name!r} still contains the old table "
                    f"name {profile.fold(old, old_quoted)!r} (now {now!r})"
                )
                if _before(obj.location, table.location, order):
                    # The rename made the name wrong: point there (the file a
                    # pull request changed) and say where the object was named.
                    # An ignore on either statement excuses it.
                    message += f"; the {obj.kind.value} was created at {obj.location}"
                    obj = replace(
                        obj,
                        location=table.location,
                        suppressions=(*obj.suppressions, *table.suppressions),
                    )
                yield Violation(message, suggestion, object=obj)
                return

    def _check_columns(
        self,
        obj: SchemaObject,
        spelled: Mapping[str, str],
        order: Mapping[str, int],
        tables_here: Sequence[str],
        ctx: RuleContext,
    ) -> Iterator[Violation]:
        """A written name still spelling an earlier name of a column it is
        built on (a key column, or a column a SQLite index's predicate
        reads): ``unique_index_images_files_on_primary`` once ``primary`` is
        ``is_primary``. The suggestion respells it as ``migrate`` renames
        such a name with the column (:func:`follow_table`)."""
        if obj.implicit or obj.table is None:
            return  # a name the database chose: it keeps it, as a RENAME COLUMN does
        columns = (*obj.columns, *(w for w in spelled if w not in obj.columns))
        words = underscore_words(obj.name)
        # words inside the table's own name are the table's (lemmy's
        # idx_person_liked_combined_person_voted_at after liked -> voted_at)
        parts = column_parts(words, columns, inside=(obj.table,))
        left = [c for c, _ in parts.values() if spelled.get(c, c) != c]
        if not left:
            return
        old = left[0]
        suggestion = follow_table(
            obj,
            obj.name,
            obj.table,
            None,
            {},
            obj.source.dialect,
            others=tables_here,
            column_style=ctx.column_style,
            spelled=spelled,
        )
        if suggestion is None or suggestion == obj.name:
            return
        now = spelled[old]
        message = (
            f"{obj.kind.value} name {obj.name!r} still contains the old column name {old!r} "
            f"(now {now!r})"
        )
        column = next(
            (
                c
                for c in columns_of_tables(ctx.schema).get(
                    (obj.source.catalog, obj.table_schema, obj.table), ()
                )
                if c.name == now
            ),
            None,
        )
        if column is not None and _before(obj.location, column.location, order):
            message += f"; the {obj.kind.value} was created at {obj.location}"
            obj = replace(
                obj,
                location=column.location,
                suppressions=(*obj.suppressions, *column.suppressions),
            )
        yield Violation(message, suggestion, object=obj)


_RELATIONS = frozenset(
    {
        ObjectKind.TABLE,
        ObjectKind.VIEW,
        ObjectKind.MATERIALIZED_VIEW,
        ObjectKind.SEQUENCE,
        ObjectKind.INDEX,
    }
)


def _space(obj: SchemaObject) -> tuple[str, ...]:
    """The namespace ``obj``'s name is unique in, as PostgreSQL keeps them:
    relations (an index-backed key is an index too) by schema, other
    constraints by table, anything else by kind."""
    catalog = obj.source.catalog
    if obj.kind in _RELATIONS or obj.constraint_type in INDEX_BACKED:
        return ("relation", catalog, (obj.table_schema if obj.table else obj.schema) or "")
    if obj.kind is ObjectKind.CONSTRAINT:
        return ("constraint", catalog, obj.table_schema or "", obj.table or "")
    return (obj.kind.value, catalog)


def _before(first: Location, second: Location, order: Mapping[str, int]) -> bool:
    """Whether ``first`` comes before ``second`` in replay order (file order, then position)."""
    a = (order.get(first.path, -1), first.line, first.column)
    b = (order.get(second.path, -1), second.line, second.column)
    return a < b
