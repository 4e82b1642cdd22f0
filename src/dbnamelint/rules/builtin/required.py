"""Objects a standard requires: schema drift shows up as a missing name."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from dbnamelint.model import Location, ObjectKind, SchemaObject, SourceFile
from dbnamelint.rules.base import Rule, RuleContext, RuleOptions, Violation


class RequiredObjectOptions(RuleOptions):
    """Options of DBN503."""

    tables: tuple[str, ...] = Field((), description="tables that must exist ([schema.]table)")
    columns: tuple[str, ...] = Field((), description="columns that must exist (table.column)")


def _key(schema: str | None, name: str) -> tuple[str | None, str]:
    return (schema.lower() if schema else None, name.lower())


class RequiredObjectMissing(Rule):
    """Tables and columns the standard requires but the schema lacks.

    ## What it does
    Checks once per run that every table in `tables` and every
    `table.column` in `columns` exists in the final schema (after all
    renames and drops). A missing column is reported at its table; a missing
    table at the config file (or, without one, at the first schema file).

    ## Why is this bad?
    When the canonical names are decided but the migration that introduces
    them is forgotten, code written against the spec fails at runtime; the
    check lets CI fail on schema drift instead.

    ## Example
    ```sql
    CREATE TABLE projects (id bigint PRIMARY KEY, user_id bigint);
    -- config: columns: [projects.owner_user_id]
    ```

    ## Use instead
    ```sql
    CREATE TABLE projects (id bigint PRIMARY KEY, owner_user_id bigint);
    ```

    ## Options
    `tables` (`app_users`, `public.app_users`), `columns`
    (`projects.owner_user_id`). Names compare case-insensitively.
    """

    code = "DBN503"
    name = "required-object-missing"
    options_model = RequiredObjectOptions
    default_enabled = False

    def check_schema(self, ctx: RuleContext) -> Iterator[Violation]:
        opts = self.options
        assert isinstance(opts, RequiredObjectOptions)
        tables: dict[tuple[str | None, str], SchemaObject] = {}
        for table in ctx.schema.of_kind(ObjectKind.TABLE):
            tables.setdefault(_key(table.schema, table.name), table)
            tables.setdefault(_key(None, table.name), table)
        columns = {
            (c.table.lower(), c.name.lower())
            for c in ctx.schema.of_kind(ObjectKind.COLUMN)
            if c.table is not None
        }
        anchor = self._anchor(ctx)
        for wanted in opts.tables:
            schema, _, name = wanted.rpartition(".")
            if _key(schema or None, name) not in tables:
                yield Violation(
                    f"required table {wanted!r} does not exist",
                    object=SchemaObject(
                        kind=ObjectKind.TABLE,
                        name=name,
                        schema=schema or None,
                        location=anchor.location,
                        source=anchor.source,
                    ),
                )
        for wanted in opts.columns:
            table_name, _, column = wanted.rpartition(".")
            if (table_name.rpartition(".")[2].lower(), column.lower()) in columns:
                continue
            owner = tables.get(_key(None, table_name.rpartition(".")[2]))
            where = owner if owner is not None else anchor
            yield Violation(
                f"required column {wanted!r} does not exist",
                object=SchemaObject(
                    kind=ObjectKind.COLUMN,
                    name=column,
                    table=owner.name if owner else table_name.rpartition(".")[2],
                    table_schema=owner.schema if owner else None,
                    location=where.location,
                    source=where.source,
                ),
            )

    @staticmethod
    def _anchor(ctx: RuleContext) -> SchemaObject:
        """A stand-in object whose location is where a missing table is reported."""
        if ctx.config_path is not None:
            source = SourceFile(ctx.config_path, ctx.default_dialect, None)
        elif ctx.schema.files:
            source = ctx.schema.files[0]
        else:
            source = SourceFile("<schema>", ctx.default_dialect, None)
        return SchemaObject(
            kind=ObjectKind.SCHEMA,
            name="",
            location=Location(source.path, 1, 1),
            source=source,
        )
