"""Generic table names that say nothing about who owns the data."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, cast

from dbnamelint.model import ObjectKind, SchemaObject
from dbnamelint.rules.base import OptionsModel, Rule, RuleContext, Violation
from dbnamelint.rules.builtin._common import module_prefixes
from dbnamelint.rules.naming import matches_any

if TYPE_CHECKING:
    from dbnamelint.rules.builtin.options.generic import GenericNameOptions

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
    options_model = OptionsModel("dbnamelint.rules.builtin.options.generic", "GenericNameOptions")
    default_enabled = False

    def check(self, obj: SchemaObject, ctx: RuleContext) -> Iterator[Violation]:
        opts = cast("GenericNameOptions", self.options)
        if not matches_any(obj.name, opts.names) or matches_any(obj.name, opts.exceptions):
            return
        prefixes = module_prefixes(obj, ctx)
        yield Violation(
            f"table name {obj.name!r} is too generic; say which domain owns it",
            f"{prefixes[0]}{obj.name}" if prefixes else None,
        )
