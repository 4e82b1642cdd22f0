"""Generic table names that say nothing about who owns the data."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import Field

from dbnamelint.model import ObjectKind, SchemaObject
from dbnamelint.rules.base import Rule, RuleContext, RuleOptions, Violation
from dbnamelint.rules.builtin._common import module_prefixes
from dbnamelint.rules.naming import matches_any

DEFAULT_GENERIC_NAMES = (
    "data",
    "items",
    "messages",
    "profiles",
    "contacts",
    "leads",
    "records",
    "entries",
    "objects",
    "things",
    "details",
    "values",
    "misc",
    "info",
    "stuff",
)


class GenericNameOptions(RuleOptions):
    """Options of DBN106."""

    names: tuple[str, ...] = Field(DEFAULT_GENERIC_NAMES, description="names (globs) flagged")
    exceptions: tuple[str, ...] = Field((), description="table name globs never flagged")


class TableNameGeneric(Rule):
    """Table names must say more than a generic noun.

    ## What it does
    Flags tables whose whole name is one of `names` (`messages`, `profiles`,
    `contacts`, `leads`, `data`, `items`...). When the table's file belongs
    to a module, the suggestion adds the module's prefix (`crm_leads`).

    ## Why is this bad?
    A generic name collides with the next feature that has "messages" of its
    own, and costs every reader a lookup to learn which messages these are.

    ## Example
    ```sql
    CREATE TABLE messages (id bigint PRIMARY KEY);
    ```

    ## Use instead
    ```sql
    CREATE TABLE comms_messages (id bigint PRIMARY KEY);
    ```

    ## Options
    `names` (globs, replaces the default list), `exceptions` (globs).
    """

    code = "DBN106"
    name = "table-name-generic"
    fix_order = 25
    kinds = frozenset({ObjectKind.TABLE})
    options_model = GenericNameOptions
    default_enabled = False

    def check(self, obj: SchemaObject, ctx: RuleContext) -> Iterator[Violation]:
        opts = self.options
        assert isinstance(opts, GenericNameOptions)
        if not matches_any(obj.name, opts.names) or matches_any(obj.name, opts.exceptions):
            return
        prefixes = module_prefixes(obj, ctx)
        yield Violation(
            f"table name {obj.name!r} is too generic; say which domain owns it",
            f"{prefixes[0]}{obj.name}" if prefixes else None,
        )
