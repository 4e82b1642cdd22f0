"""Names the database itself will mangle or reject: too long, or reserved."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, cast

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.dialects import profile_for
from dbnamelint.model import ConstraintType, ObjectKind, SchemaObject
from dbnamelint.rules.base import OptionsModel, Rule, RuleContext, Violation
from dbnamelint.rules.builtin._common import is_compatibility_view, kind_label, module_prefixes
from dbnamelint.rules.fixes import short_name
from dbnamelint.rules.naming import matches_any
from dbnamelint.rules.words import singular_of

if TYPE_CHECKING:
    from dbnamelint.rules.builtin.options.limits import LengthOptions, ReservedWordOptions

ALL_KINDS = frozenset(ObjectKind)
# Read once, not per name judged: on Python 3.11 reading ``ObjectKind.POLICY`` goes
# through ``EnumType.__getattr__``'s slow path (about five times a global's
# cost; 3.12 removed it).
_POLICY = ObjectKind.POLICY


class IdentifierTooLong(Rule):
    """Names longer than the dialect allows.

    ## What it does
    Compares each name's length with its file's dialect limit: PostgreSQL
    63 bytes (UTF-8), MySQL 64 characters, SQL Server and Oracle 128,
    Snowflake 255; SQLite has none. `max_length` overrides every dialect.
    The length is the name's as written: PostgreSQL keeps a longer name's
    first 63 bytes, which is the name the model, the whitelist and the
    other rules see, and the message says so. `check --db` takes the
    written name from the files.

    ## Why is this bad?
    PostgreSQL silently truncates a longer name, so two long index names can
    collide and the name in the catalog is not the one in the migration;
    MySQL and SQL Server refuse the statement.

    ## Example
    ```sql
    CREATE INDEX idx_organization_membership_invitations_invited_by_user_id_created_at
        ON organization_membership_invitations (invited_by_user_id, created_at);
    ```

    ## Use instead
    ```sql
    CREATE INDEX idx_org_invitations_inviter_created
        ON organization_membership_invitations (invited_by_user_id, created_at);
    ```

    ## Options
    `max_length` (one limit for all dialects), `limits` (per dialect, e.g.
    `{sqlite: 64}`), `skip_implicit`.
    """

    code = "DBN501"
    name = "identifier-too-long"
    fix_order = 90
    kinds = ALL_KINDS
    options_model = OptionsModel("dbnamelint.rules.builtin.options.limits", "LengthOptions")

    def check(self, obj: SchemaObject, ctx: RuleContext) -> Iterator[Violation]:
        opts = cast("LengthOptions", self.options)
        if opts.skip_implicit and obj.implicit:
            return
        dialect = (obj.source.dialect or ctx.default_dialect).lower()
        profile = profile_for(dialect)
        limit, unit = profile.max_identifier, profile.identifier_unit
        if dialect in opts.limits:
            limit = opts.limits[dialect]
        if opts.max_length is not None:
            limit = opts.max_length
        if limit <= 0:
            return

        # The name as written: PostgreSQL keeps only its first 63 bytes
        # (``obj.name``), so the length is the written name's.
        written = obj.written_name or obj.name
        size = len(written.encode("utf-8")) if unit == "bytes" else len(written)
        if size > limit:

            def measure(name: str) -> int:
                return len(name.encode("utf-8")) if unit == "bytes" else len(name)

            kept = f" (the database keeps {obj.name!r})" if obj.written_name else ""
            yield Violation(
                f"{kind_label(obj)} name {written!r} is {size} {unit}; "
                f"{dialect} allows {limit}{kept}",
                short_name(written, limit, measure),
            )


class ReservedWordName(Rule):
    """Names that are reserved words of the file's dialect.

    ## What it does
    Flags objects named by a reserved word of their dialect (PostgreSQL
    `user`, `order`, `group`; MySQL `key`, `condition`; SQL Server `user`,
    `file`), quoted or not. Only words that cannot be used unquoted are
    listed, not every keyword. The suggestion says whose the name is: a
    column gets its table's noun in front (`ciphers.key` -> `cipher_key`),
    a table its module's prefix, else the noun of the one table its
    foreign keys reference (`groups` of `organizations` ->
    `organization_groups`), else, with no foreign key, of the one table its
    `<noun>_id` columns name (`groups` with `user_id` beside `users` ->
    `user_groups`); none when nothing says it, or the name is not
    lower-case snake_case.

    ## Why is this bad?
    A reserved name must be quoted in every query, forever; forgetting once
    is a syntax error, or worse, `SELECT user` returns the session user
    instead of the column.

    ## Example
    ```sql
    CREATE TABLE "order" (id bigint PRIMARY KEY, "user" bigint);
    ```

    ## Use instead
    ```sql
    CREATE TABLE orders (id bigint PRIMARY KEY, user_id bigint);
    ```

    ## Options
    `extra_words`, `allowed_words`, `skip_compatibility_views`.
    """

    code = "DBN502"
    name = "reserved-word-name"
    kinds = ALL_KINDS
    options_model = OptionsModel("dbnamelint.rules.builtin.options.limits", "ReservedWordOptions")

    def check(self, obj: SchemaObject, ctx: RuleContext) -> Iterator[Violation]:
        opts = cast("ReservedWordOptions", self.options)
        if obj.implicit or obj.kind is _POLICY:
            return
        if opts.skip_compatibility_views and is_compatibility_view(obj):
            return
        word = obj.name.lower()
        if matches_any(word, opts.allowed_words):
            return
        dialect = (obj.source.dialect or ctx.default_dialect).lower()
        reserved = profile_for(dialect).reserved_words
        if word in reserved or matches_any(word, opts.extra_words):
            found = _owner_qualified(obj, ctx)
            if found is not None and (found in reserved or matches_any(found, opts.extra_words)):
                found = None
            yield Violation(
                f"{kind_label(obj)} name {obj.name!r} is a reserved word in {dialect}", found
            )


def _named_parents(obj: SchemaObject, ctx: RuleContext) -> set[str]:
    """The tables a table without foreign keys points at by its columns' names:
    ``user_id`` names ``users`` (or ``user``) when the schema holds that
    table, as gophish's ``groups`` (``user_id``, no constraint) is ``users``'."""
    tables = {
        o.name
        for o in ctx.schema.objects
        if o.kind is ObjectKind.TABLE and o.schema == obj.schema and o.name != obj.name
    }
    by_noun: dict[str, set[str]] = {}
    for table in tables:
        head, _, last = table.rpartition("_")
        noun = singular_of(last) or last
        for form in {table, f"{head}_{noun}" if head else noun}:
            by_noun.setdefault(form, set()).add(table)
    return {
        parent
        for o in ctx.schema.objects
        if o.kind is ObjectKind.COLUMN
        and o.table == obj.name
        and o.schema == obj.schema
        and o.name.endswith("_id")
        for parent in by_noun.get(o.name[:-3], ())
    }


#: Names a word can be joined to without guessing their case style.
_SNAKE = lazy_compile(r"[a-z][a-z0-9_]*")


def _owner_qualified(obj: SchemaObject, ctx: RuleContext) -> str | None:
    """A name for ``obj`` that says whose it is, so it is no longer a bare keyword.

    A column (or an index, constraint, trigger) gets its table's noun in
    front, singular: ``ciphers.key`` -> ``cipher_key``, as the rule's
    example writes ``user`` -> ``user_id`` style names. A table gets its
    module's prefix (``crm_groups``), else the noun of the one table all its
    foreign keys reference (vaultwarden's ``groups``, owned by
    ``organizations``: ``organization_groups``), else, with no foreign key,
    of the one table its ``<noun>_id`` columns name (gophish's ``groups``
    with ``user_id`` beside ``users``: ``user_groups``). None when nothing says whose
    it is, or the names are not lower-case snake_case (another case style
    would be a guess).
    """
    if not _SNAKE.fullmatch(obj.name):
        return None
    if obj.table is not None:
        owner: str | None = obj.table
    elif obj.kind is ObjectKind.TABLE:
        prefixes = module_prefixes(obj, ctx)
        if prefixes:
            return f"{prefixes[0]}{obj.name}"
        parents = {
            o.ref_table
            for o in ctx.schema.objects
            if o.kind is ObjectKind.CONSTRAINT
            and o.constraint_type is ConstraintType.FOREIGN_KEY
            and o.table == obj.name
            and o.schema == obj.schema
            and o.ref_table not in (None, obj.name)
        }
        if not parents:
            parents = _named_parents(obj, ctx)
        owner = parents.pop() if len(parents) == 1 else None
    else:
        return None
    if owner is None or not _SNAKE.fullmatch(owner):
        return None
    head, _, last = owner.rpartition("_")
    noun = singular_of(last) or last
    return f"{head}_{noun}_{obj.name}" if head else f"{noun}_{obj.name}"
