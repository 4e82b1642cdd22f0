"""Objects a standard requires: schema drift shows up as a missing name."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, cast

from dbnamelint.core.identity import NamePart, split_name
from dbnamelint.core.index import CatalogIndex
from dbnamelint.model import Location, ObjectKind, SchemaObject, SourceFile
from dbnamelint.rules.base import OptionsModel, Rule, RuleContext, Violation

if TYPE_CHECKING:
    from dbnamelint.rules.builtin.options.required import RequiredObjectOptions


def _exists(index: CatalogIndex, kind: ObjectKind, parts: tuple[NamePart, ...]) -> bool:
    """Whether the final schema has the object under exactly this name (not an earlier one)."""
    found = index.resolve(kind, parts)
    return found is not None and found.current


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
    (`projects.owner_user_id`). Names compare as whitelist entries do: unquoted
    parts without case, quoted parts exactly, a name without a schema names the
    default schema's table only; a renamed-away name does not count.
    """

    code = "DBN503"
    name = "required-object-missing"
    options_model = OptionsModel(
        "dbnamelint.rules.builtin.options.required", "RequiredObjectOptions"
    )
    default_enabled = False

    def check_schema(self, ctx: RuleContext) -> Iterator[Violation]:
        opts = cast("RequiredObjectOptions", self.options)
        index = CatalogIndex(ctx.schema)
        anchor = self._anchor(ctx)
        for wanted in opts.tables:
            parts = split_name(wanted)
            if _exists(index, ObjectKind.TABLE, parts):
                continue
            yield Violation(
                f"required table {wanted!r} does not exist",
                object=SchemaObject(
                    kind=ObjectKind.TABLE,
                    name=parts[-1][0],
                    schema=parts[0][0] if len(parts) > 1 else None,
                    location=anchor.location,
                    source=anchor.source,
                ),
            )
        for wanted in opts.columns:
            parts = split_name(wanted)
            if _exists(index, ObjectKind.COLUMN, parts):
                continue
            table = index.resolve(ObjectKind.TABLE, parts[:-1]) if len(parts) > 1 else None
            owner = table.obj if table is not None and table.current else None
            where = owner if owner is not None else anchor
            yield Violation(
                f"required column {wanted!r} does not exist",
                object=SchemaObject(
                    kind=ObjectKind.COLUMN,
                    name=parts[-1][0],
                    table=owner.name if owner else (parts[-2][0] if len(parts) > 1 else ""),
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
