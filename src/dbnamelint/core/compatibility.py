"""Compatibility views, told apart per catalog, and the old names they keep.

``migrate`` keeps a renamed table's old name as a view for old code
(``CREATE VIEW "visit" AS SELECT "id", "batcher_user" AS "BatcherUser" FROM
"visits"``): the view's columns spell the table's old column names on
purpose, so no rule judges those and no whitelist entry names them. Only
those: an output column is exempt when its name is one a column of the
table it stands for has or had (its current name, judged on the table, or
one of its ``previous_names``; a dump's view adds its aliases there,
:mod:`dbnamelint.dumped_views`). Any other output column is a new name
(``CREATE VIEW favorite AS SELECT username AS "userName" ... FROM
favorites``, ``now() AS "addedAt"``: trial s31 windmill, where such a view
passed the hook unjudged) and is judged, indexed and excused like any view's.

A view is an object of one catalog (:attr:`SourceFile.catalog
<dbnamelint.model.SourceFile.catalog>`: one dialect copy, one ``databases:``
database). A table of the same name in another catalog (the SQLite copy's
``visit``, its rename not yet written) is a table: its columns are judged and
excused like any other. Keyed by schema and name alone, the PostgreSQL
copy's view hid the SQLite copy's column findings, the entries excusing
them looked stale and ``whitelist prune`` deleted them (trial s30, temporal).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from dbnamelint.dialects import profile_for
from dbnamelint.model import ObjectKind, SchemaObject

#: (catalog, schema, name) of a compatibility view.
ViewKey = tuple[str, str | None, str]

#: Each compatibility view -> the column names (as its dialect compares
#: them) that its table's columns have or had: the view's old names.
OldColumns = Mapping[ViewKey, frozenset[str]]


def old_columns(objects: Iterable[SchemaObject]) -> OldColumns:
    """Each compatibility view of ``objects`` -> the names its output columns
    may keep unjudged: every name, current or earlier, of a column of the
    table it stands for (same catalog and schema), compared as the dialect
    compares column names (PostgreSQL folds an unquoted name to lower case,
    ``"userName"`` stays; MySQL and SQLite compare without case). An earlier
    name whose quoting is unknown counts both ways."""
    objects = tuple(objects)
    views: dict[tuple[str, str | None, str], list[ViewKey]] = {}
    for o in objects:
        if o.compatibility_view_for is not None:
            key = (o.source.catalog, o.schema, o.compatibility_view_for)
            views.setdefault(key, []).append((o.source.catalog, o.schema, o.name))
    if not views:
        return {}
    names: dict[ViewKey, set[str]] = {v: set() for vs in views.values() for v in vs}
    for c in objects:
        if c.kind is not ObjectKind.COLUMN or c.table is None:
            continue
        found = views.get((c.source.catalog, c.table_schema, c.table))
        if not found:
            continue
        profile = profile_for(c.source.dialect)
        keys = {profile.key(c.name, c.quoted)}
        for i, old in enumerate(c.previous_names):
            if i < len(c.previous_quoted):
                keys.add(profile.key(old, c.previous_quoted[i]))
            else:
                keys |= {profile.key(old, False), profile.key(old, True)}
        for view in found:
            names[view] |= keys
    return {v: frozenset(n) for v, n in names.items()}


def keeps_old_name(obj: SchemaObject, views: OldColumns) -> bool:
    """Whether ``obj`` is an output column of one of ``views`` (its table is
    named as one in ``obj``'s own catalog) spelling one of its table's
    column names (:func:`old_columns`): the names no rule judges."""
    if not views or obj.kind is not ObjectKind.COLUMN or obj.table is None:
        return False
    kept = views.get((obj.source.catalog, obj.table_schema, obj.table))
    if kept is None:
        return False
    return profile_for(obj.source.dialect).key(obj.name, obj.quoted) in kept
