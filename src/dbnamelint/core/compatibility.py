"""Compatibility views, told apart per catalog.

``migrate`` keeps a renamed table's old name as a view for old code
(``CREATE VIEW "visit" AS SELECT "id", "batcher_user" AS "BatcherUser" FROM
"visits"``): the view's columns (and, on SQLite, its INSTEAD OF triggers)
spell the old names on purpose, so no rule judges them and no whitelist entry
names them. A view is an object of one catalog (:attr:`SourceFile.catalog
<dbnamelint.model.SourceFile.catalog>`: one dialect copy, one ``databases:``
database). A table of the same name in another catalog (the SQLite copy's
``visit``, its rename not yet written) is a table: its columns are judged and
excused like any other. Keyed by schema and name alone, the PostgreSQL
copy's view hid the SQLite copy's column findings, the entries excusing
them looked stale and ``whitelist prune`` deleted them (trial s30, temporal).
"""

from __future__ import annotations

from collections.abc import Iterable

from dbnamelint.model import SchemaObject

#: (catalog, schema, name) of a compatibility view.
ViewKey = tuple[str, str | None, str]


def compatibility_views(objects: Iterable[SchemaObject]) -> frozenset[ViewKey]:
    """``(catalog, schema, name)`` of each compatibility view of ``objects``
    (``SchemaObject.compatibility_view_for`` set)."""
    return frozenset(
        (o.source.catalog, o.schema, o.name)
        for o in objects
        if o.compatibility_view_for is not None
    )


def on_compatibility_view(obj: SchemaObject, views: frozenset[ViewKey]) -> bool:
    """Whether ``obj`` (a column, a trigger) belongs to one of ``views``: its
    table is named as one of them in ``obj``'s own catalog."""
    return (
        bool(views)
        and obj.table is not None
        and (obj.source.catalog, obj.table_schema, obj.table) in views
    )
