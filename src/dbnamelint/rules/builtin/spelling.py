"""How an unquoted name is written, when the database stores it otherwise (opt-in)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, cast

from dbnamelint.dialects import Folding
from dbnamelint.model import ObjectKind, SchemaObject
from dbnamelint.rules.base import OptionsModel, Rule, RuleContext, Violation
from dbnamelint.rules.builtin._common import kind_label
from dbnamelint.rules.naming import matches_any
from dbnamelint.rules.stored import profile_of

if TYPE_CHECKING:
    from dbnamelint.rules.builtin.options.spelling import SpellingOptions


class UnquotedMixedCase(Rule):
    """Unquoted names written in another case than the database stores them.

    ## What it does
    In PostgreSQL an unquoted `CREATE TABLE NotifyAdmins` creates
    `notifyadmins` (Oracle and Snowflake fold to upper case instead). Every
    other rule judges that stored name; this opt-in rule flags the source
    spelling, so the files say what the catalog holds. MySQL, SQLite and SQL
    Server keep the spelling and are never flagged. There is no rename fix:
    the object's name is already right, only its spelling in the file is not.

    ## Why is this bad?
    `NotifyAdmins` in a migration reads as a PascalCase table; a later
    `SELECT * FROM "NotifyAdmins"` (quoted, as ORMs write it) fails, since
    the table is `notifyadmins`.

    ## Example
    ```sql
    CREATE TABLE NotifyAdmins (id bigint PRIMARY KEY);
    ```

    ## Use instead
    ```sql
    CREATE TABLE notify_admins (id bigint PRIMARY KEY);
    ```

    ## Options
    `exceptions` (globs).
    """

    code = "DBN506"
    name = "unquoted-mixed-case"
    kinds = frozenset(ObjectKind) - {ObjectKind.POLICY}
    options_model = OptionsModel("dbnamelint.rules.builtin.options.spelling", "SpellingOptions")
    default_enabled = False
    judges_source_spelling = True

    def check(self, obj: SchemaObject, ctx: RuleContext) -> Iterator[Violation]:
        opts = cast("SpellingOptions", self.options)
        if obj.quoted or obj.implicit or matches_any(obj.name, opts.exceptions):
            return
        profile = profile_of(obj, ctx)
        if profile.folding not in (Folding.LOWER_ASCII, Folding.UPPER):
            return
        stored = profile.fold(obj.name, False)
        if stored != obj.name:
            yield Violation(
                f"unquoted {kind_label(obj)} name {obj.name!r} is stored as {stored!r}; "
                "write it as the database stores it"
            )
