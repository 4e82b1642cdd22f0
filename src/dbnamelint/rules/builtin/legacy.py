"""Legacy names with their canonical replacements, listed by the team."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING, cast

from dbnamelint.dialects import profile_for
from dbnamelint.model import ObjectKind, SchemaObject
from dbnamelint.rules.base import OptionsModel, Rule, RuleContext, Violation

if TYPE_CHECKING:
    from dbnamelint.rules.builtin.options.legacy import LegacyColumnOptions, LegacyTableOptions


def _lookup(
    parts: Sequence[str | None], mapping: Mapping[str, str | None]
) -> tuple[bool, str | None]:
    """(found, replacement) for an object named by ``parts`` (outermost first:
    ``(schema, table)`` or ``(schema, table, column)``, the schema with the
    dialect's default folded in, None when unknown).

    A key of n dotted parts is compared with the object's last n parts:
    ``buckets`` (any schema) or ``storage.buckets``; exact keys first, then
    globs; case-insensitive.
    """
    candidates: dict[int, str] = {}
    for count in range(1, len(parts) + 1):
        tail = parts[len(parts) - count :]
        if all(p is not None for p in tail):
            candidates[count] = ".".join(p for p in tail if p is not None).lower()
    for old, new in mapping.items():
        if candidates.get(old.count(".") + 1) == old.lower():
            return True, new
    for old, new in mapping.items():
        candidate = candidates.get(old.count(".") + 1)
        glob = any(c in old for c in "*?[")
        if glob and candidate is not None and fnmatchcase(candidate, old.lower()):
            return True, new
    return False, None


def _schema_of(obj: SchemaObject, schema: str | None) -> str | None:
    """``schema``, or the dialect's default schema when the object has none."""
    return schema if schema is not None else profile_for(obj.source.dialect).default_schema


class TableLegacyName(Rule):
    """Tables still using a legacy name the team has replaced.

    ## What it does
    Flags tables named by a key of `names` and suggests the mapped canonical
    name (`users` -> `app_users`). A rename plan's old -> new table becomes
    the pack's `names`, so every legacy table is reported with its target
    until it is renamed (or whitelisted for a later phase).

    ## Why is this bad?
    Once a canonical name is decided, every new reference to the old name is
    migration debt: code written against `users` has to be touched again.

    ## Example
    ```sql
    CREATE TABLE users (id bigint PRIMARY KEY);
    ```

    ## Use instead
    ```sql
    CREATE TABLE app_users (id bigint PRIMARY KEY);
    ```

    ## Options
    `names`: mapping of legacy name (or glob) to canonical name, or `null`
    when the replacement is not decided yet. A key `name` matches the table
    in any schema, `schema.name` only the one in that schema (the dialect's
    default schema, `public`, for tables written without one).
    """

    code = "DBN107"
    name = "table-legacy-name"
    kinds = frozenset({ObjectKind.TABLE})
    options_model = OptionsModel("dbnamelint.rules.builtin.options.legacy", "LegacyTableOptions")
    default_enabled = False
    pins_target = True

    def check(self, obj: SchemaObject, ctx: RuleContext) -> Iterator[Violation]:
        opts = cast("LegacyTableOptions", self.options)
        found, new = _lookup((_schema_of(obj, obj.schema), obj.name), opts.names)
        if found:
            target = f"; rename it to {new!r}" if new else ""
            yield Violation(f"table {obj.name!r} has a legacy name{target}", new)


class ColumnLegacyName(Rule):
    """Columns still using a legacy name the team has replaced.

    ## What it does
    Flags a column when `table.column` matches a key of `columns` and
    suggests the mapped name (`projects.user_id` -> `owner_user_id`). Keys
    may use globs for the table (`*.key_ref`) and name a schema
    (`storage.objects.owner`). A value written as
    `table.column` is accepted; its column part is the suggestion.

    ## Why is this bad?
    A column whose meaning changed (`user_id` that is really the owner)
    misleads every new query until the canonical name replaces it.

    ## Example
    ```sql
    CREATE TABLE projects (id bigint PRIMARY KEY, user_id bigint);
    ```

    ## Use instead
    ```sql
    CREATE TABLE projects (id bigint PRIMARY KEY, owner_user_id bigint);
    ```

    ## Options
    `columns`: mapping of `table.column` (any schema) or
    `schema.table.column` to the canonical column name.
    """

    code = "DBN202"
    name = "column-legacy-name"
    kinds = frozenset({ObjectKind.COLUMN})
    options_model = OptionsModel("dbnamelint.rules.builtin.options.legacy", "LegacyColumnOptions")
    default_enabled = False
    pins_target = True

    def check(self, obj: SchemaObject, ctx: RuleContext) -> Iterator[Violation]:
        opts = cast("LegacyColumnOptions", self.options)
        if obj.table is None:
            return
        schema = _schema_of(obj, obj.table_schema)
        found, new = _lookup((schema, obj.table, obj.name), opts.columns)
        if not found:
            return
        column = new.rsplit(".", 1)[-1] if new else None
        target = f"; rename it to {column!r}" if column else ""
        yield Violation(f"column {obj.table}.{obj.name} has a legacy name{target}", column)
