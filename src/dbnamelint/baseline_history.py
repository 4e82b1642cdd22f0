"""A Flyway baseline migration against the versioned migrations it stands for.

The replay builds a new database: the latest baseline migration, then the
versioned migrations above it (:mod:`dbnamelint.flyway_baselines`). A
database migrated before the baseline existed ran the versioned migrations
instead, and Flyway never compares the two. Two things follow here, from
the model of those versioned migrations replayed alone (``history``):

- :func:`differences`: each object the baseline makes that they do not
  leave, or they leave and the baseline does not make, or that the two name
  differently (``DBN026``, an error): older databases hold names the model
  does not, or the other way round. Compared as ``drift`` compares the
  files with a database (:func:`dbnamelint.drift.compare`, the baseline in
  the files' place), so a baseline written as a dump (explicit constraint
  names, sequences of serial columns) matches the migrations that left them.
- :func:`with_history`: what only the history knows is copied onto the
  objects the baseline makes: their earlier names (a table renamed before
  the baseline still counts as renamed: DBN504, a whitelist entry naming it
  by its old name), whether the database chose a name, the table a
  compatibility view stands for, a name as written before the database cut it.
"""

from __future__ import annotations

from collections.abc import Sequence

from msgspec.structs import replace

from dbnamelint.core.identity import ObjectRef, ref_of, stored_name, stored_qualified_name
from dbnamelint.drift import DriftItem, compare
from dbnamelint.model import (
    TABLE_ATTACHED_KINDS,
    Diagnostic,
    Location,
    Schema,
    SchemaObject,
    Severity,
)

#: Diagnostic code owned by this module.
BASELINE_DIFFERS_CODE = "DBN026"


def differences(
    baseline: str, up_to: str, versions: Sequence[str], model: Schema, history: Schema
) -> tuple[Diagnostic, ...]:
    """One ``DBN026`` error per object the baseline migration ``baseline`` (its
    own model: ``model``) and the versioned migrations ``versions`` it stands
    for (up to version ``up_to``; their model: ``history``) disagree on."""
    shown = _listed(versions)
    return tuple(
        _diagnostic(item, baseline, up_to, shown) for item in compare(model, history).items
    )


def _listed(versions: Sequence[str]) -> str:
    names = [v.replace("\\", "/").rpartition("/")[2] for v in versions]
    return ", ".join(names) if len(names) <= 3 else f"{names[0]} ... {names[-1]}"


def _diagnostic(item: DriftItem, baseline: str, up_to: str, versions: str) -> Diagnostic:
    what = item.object_kind.value.replace("_", " ")
    history = f"the versioned migrations up to version {up_to} ({versions})"
    fix = (
        f"make {baseline} the schema they leave, or make the change in a new versioned "
        "migration (it runs on both)"
    )
    made, left = item.files, item.database
    if left is None:
        assert made is not None
        return _error(
            made.location,
            f"{what} {stored_qualified_name(made)} is made by the baseline migration "
            f"{baseline} but not by {history}, which it stands for: databases migrated "
            f"before the baseline do not have it; {fix}",
        )
    if made is None:
        return _error(
            left.location,
            f"{what} {stored_qualified_name(left)} is left by {history}, but the baseline "
            f"migration {baseline} that stands for them does not make it: databases "
            "migrated before the baseline have it (its name is not checked), a new "
            f"database does not; {fix}",
        )
    return _error(
        made.location,
        f"{what} {stored_qualified_name(made)} of the baseline migration {baseline} is "
        f"{stored_name(left)} after {history} ({left.location}): databases migrated before "
        f"the baseline have that name; {fix}",
    )


def _error(location: Location, message: str) -> Diagnostic:
    return Diagnostic(location, Severity.ERROR, message, BASELINE_DIFFERS_CODE)


def with_history(schema: Schema, baseline: str, history: Schema) -> Schema:
    """``schema`` with what ``history`` (the versioned migrations the baseline
    migration ``baseline`` stands for) knows of each object ``baseline``
    made: its earlier names before the baseline's (then its own later ones),
    and, unless renamed since, whether the database chose its name, the table
    a compatibility view stands for and the name as written before a cut.

    An object is matched under the name it had when the baseline made it
    (its first name since; for a column, index or constraint, on its table's
    name then), by identity as ``drift`` matches objects.
    """
    quoted = {
        (o.schema, o.name): o.quoted for o in history.objects if o.kind not in TABLE_ATTACHED_KINDS
    }
    known = {
        ref_of(o, table_quoted=quoted.get((o.table_schema, o.table or ""))): o
        for o in history.objects
    }
    tables = {(o.schema, o.name): o for o in schema.objects if o.kind not in TABLE_ATTACHED_KINDS}
    out: list[SchemaObject] = []
    for obj in schema.objects:
        earlier = known.get(_made_as(obj, tables)) if _made_in(obj, baseline) else None
        out.append(obj if earlier is None else _merged(obj, earlier))
    return replace(schema, objects=tuple(out))


def _made_in(obj: SchemaObject, path: str) -> bool:
    return (obj.created_at or obj.location).path == path


def _first(obj: SchemaObject) -> tuple[str, bool]:
    """The name ``obj`` was made with, and whether it was written quoted."""
    if not obj.previous_names:
        return obj.name, obj.quoted
    flags = obj.previous_quoted
    return obj.previous_names[0], flags[0] if flags else obj.quoted


def _made_as(obj: SchemaObject, tables: dict[tuple[str | None, str], SchemaObject]) -> ObjectRef:
    name, quoted = _first(obj)
    if obj.kind in TABLE_ATTACHED_KINDS and obj.table is not None:
        table = tables.get((obj.table_schema, obj.table))
        if table is not None:
            table_name, table_quoted = _first(table)
            return ref_of(
                obj, name=name, quoted=quoted, table=table_name, table_quoted=table_quoted
            )
    return ref_of(obj, name=name, quoted=quoted)


def _merged(obj: SchemaObject, earlier: SchemaObject) -> SchemaObject:
    names = (*earlier.previous_names, *obj.previous_names)
    known_flags = len(earlier.previous_quoted) == len(earlier.previous_names) and len(
        obj.previous_quoted
    ) == len(obj.previous_names)
    flags = (*earlier.previous_quoted, *obj.previous_quoted) if known_flags else ()
    if obj.previous_names:  # renamed since the baseline: its own facts
        return replace(obj, previous_names=names, previous_quoted=flags)
    return replace(
        obj,
        previous_names=names,
        previous_quoted=flags,
        implicit=obj.implicit or earlier.implicit,
        compatibility_view_for=obj.compatibility_view_for or earlier.compatibility_view_for,
        written_name=obj.written_name or earlier.written_name,
    )
