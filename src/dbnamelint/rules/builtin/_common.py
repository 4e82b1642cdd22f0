"""Small lookups several built-in rules need about an object's surroundings."""

from __future__ import annotations

from dbnamelint.model import ObjectKind, SchemaObject
from dbnamelint.rules.base import RuleContext
from dbnamelint.rules.stored import profile_of

VIEW_KINDS = frozenset({ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW})


def module_prefixes(obj: SchemaObject, ctx: RuleContext) -> tuple[str, ...] | None:
    """Table-name prefixes of the module owning ``obj``'s file, or None.

    A module the config does not describe still owns ``<module>_``: the
    folder name is the only prefix a team can be assumed to want.
    """
    module = obj.module
    if module is None:
        return None
    info = ctx.modules.get(module)
    if info is not None and info.prefixes:
        return info.prefixes
    return (f"{module}_",)


def is_compatibility_view(obj: SchemaObject) -> bool:
    """Views kept only so old code still runs; they carry legacy names on purpose."""
    return obj.kind in VIEW_KINDS and obj.compatibility_view_for is not None


def on_compatibility_view(obj: SchemaObject, ctx: RuleContext) -> bool:
    """Whether ``obj`` is a trigger ``migrate`` made for a compatibility view:
    on SQLite, one is made writable by INSTEAD OF triggers named after it,
    ``<view>_insert``, ``_update`` and ``_delete`` (``apiKey_insert``;
    ``services.migrate.plan``), which go with it at cleanup (trial s27
    karakeep: 69 findings on phase 1). Any other trigger on the view is a
    new name, judged as usual (trial s31 windmill)."""
    if obj.kind is not ObjectKind.TRIGGER or obj.table is None:
        return False
    profile = profile_of(obj, ctx)
    name = profile.key(obj.name, obj.quoted)
    return any(
        o.kind in VIEW_KINDS
        and o.compatibility_view_for is not None
        and o.name == obj.table
        and o.schema == obj.table_schema
        # the view of one copy (catalog); another copy's table of that name is a table
        and o.source.catalog == obj.source.catalog
        and name in {profile.key(f"{o.name}_{op}", obj.quoted) for op in _VIEW_TRIGGERS}
        for o in ctx.schema.objects
    )


#: What ``migrate`` names a SQLite compatibility view's INSTEAD OF triggers after.
_VIEW_TRIGGERS = ("insert", "update", "delete")


def kind_label(obj: SchemaObject) -> str:
    """The object's kind the way a message names it: ``materialized view``."""
    if obj.procedure:
        return "procedure"  # kind FUNCTION, made by CREATE PROCEDURE
    return obj.kind.value.replace("_", " ")


#: Files whose names a framework's reader takes from code or a structured
#: format (a Laravel ``Schema::create('LinkComments', ...)``, a Django model,
#: a Liquibase ``tableName="X"``, a Prisma ``@@map``), never from SQL the
#: user quoted.
_NOT_SQL = (
    *(".php", ".py", ".rb", ".go", ".rs", ".java", ".kt", ".kts", ".scala", ".groovy"),
    *(".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts", ".cs", ".ex", ".exs"),
    *(".prisma", ".fizz", ".xml", ".yaml", ".yml", ".json"),
)


def quoting_word(obj: SchemaObject) -> str:
    """How a message calls a name kept exactly as written: ``quoted`` in SQL;
    ``case-sensitive`` for one read from code, whose tool quotes it in the
    SQL it runs though its author wrote a string, no quotes (trial s43: a
    PHP developer's ``'LinkComments'`` was a "quoted table name")."""
    return "case-sensitive" if obj.source.path.lower().endswith(_NOT_SQL) else "quoted"
