"""Legacy names with their canonical replacements, listed by the team."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from fnmatch import fnmatchcase

from pydantic import Field

from dbnamelint.model import ObjectKind, SchemaObject
from dbnamelint.rules.base import Rule, RuleContext, RuleOptions, Violation


def _lookup(key: str, mapping: Mapping[str, str | None]) -> tuple[bool, str | None]:
    """(found, replacement) for ``key``: exact key first, then globs; case-insensitive."""
    lowered = key.lower()
    for old, new in mapping.items():
        if old.lower() == lowered:
            return True, new
    for old, new in mapping.items():
        if any(c in old for c in "*?[") and fnmatchcase(lowered, old.lower()):
            return True, new
    return False, None


class LegacyTableOptions(RuleOptions):
    """Options of DBN107."""

    names: dict[str, str | None] = Field(
        default_factory=dict,
        description="legacy table name -> canonical name (null: no replacement decided yet)",
    )


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
    when the replacement is not decided yet.
    """

    code = "DBN107"
    name = "table-legacy-name"
    kinds = frozenset({ObjectKind.TABLE})
    options_model = LegacyTableOptions
    default_enabled = False
    pins_target = True

    def check(self, obj: SchemaObject, ctx: RuleContext) -> Iterator[Violation]:
        opts = self.options
        assert isinstance(opts, LegacyTableOptions)
        found, new = _lookup(obj.name, opts.names)
        if found:
            target = f"; rename it to {new!r}" if new else ""
            yield Violation(f"table {obj.name!r} has a legacy name{target}", new)


class LegacyColumnOptions(RuleOptions):
    """Options of DBN202."""

    columns: dict[str, str | None] = Field(
        default_factory=dict,
        description="'table.column' (globs allowed) -> canonical column name, or null",
    )


class ColumnLegacyName(Rule):
    """Columns still using a legacy name the team has replaced.

    ## What it does
    Flags a column when `table.column` matches a key of `columns` and
    suggests the mapped name (`projects.user_id` -> `owner_user_id`). Keys
    may use globs for the table (`*.key_ref`). A value written as
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
    `columns`: mapping of `table.column` to the canonical column name.
    """

    code = "DBN202"
    name = "column-legacy-name"
    kinds = frozenset({ObjectKind.COLUMN})
    options_model = LegacyColumnOptions
    default_enabled = False
    pins_target = True

    def check(self, obj: SchemaObject, ctx: RuleContext) -> Iterator[Violation]:
        opts = self.options
        assert isinstance(opts, LegacyColumnOptions)
        if obj.table is None:
            return
        found, new = _lookup(f"{obj.table}.{obj.name}", opts.columns)
        if not found:
            return
        column = new.rsplit(".", 1)[-1] if new else None
        target = f"; rename it to {column!r}" if column else ""
        yield Violation(f"column {obj.table}.{obj.name} has a legacy name{target}", column)
