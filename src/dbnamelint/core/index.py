"""The catalog index: objects by reference, by earlier names, and by table.

Built once per run from the replayed :class:`~dbnamelint.model.Schema`; the
whitelist, the gate and the burn-down ask it "what is this object called
now?" instead of keeping their own name maps.
"""

from __future__ import annotations

from collections.abc import Iterable

from msgspec import Struct

from dbnamelint.core.compatibility import keeps_old_name, old_columns
from dbnamelint.core.identity import (
    LooseKey,
    NamePart,
    ObjectRef,
    earlier_names,
    loose_key,
    matches_parts,
    ref_from_parts,
    ref_of,
)
from dbnamelint.dialects.profile import clip_bytes, profile_for
from dbnamelint.model import TABLE_ATTACHED_KINDS, ObjectKind, Schema, SchemaObject

#: Where PostgreSQL cuts names (NAMEDATALEN - 1 bytes): written names longer
#: than that are looked up as cut too.
_CUT_AT = profile_for("postgres").max_identifier


class Resolved(Struct, frozen=True):
    """What a written name denotes in the catalog.

    ``renamed`` is True when ``obj`` carries the name under an earlier name
    of its own (the object itself was renamed since); a match through its
    table's earlier name only (the table was renamed, the object kept its
    name) is not a rename of the object.
    """

    obj: SchemaObject
    ref: ObjectRef
    renamed: bool
    #: Matched under the object's current name and its table's current name.
    current: bool = True


class CatalogIndex:
    """Lookups over one schema model; every object is indexed under every name it had."""

    __slots__ = ("_by_loose", "_by_ref", "_owner_loose", "_owner_names", "_schema")

    def __init__(self, schema: Schema) -> None:
        self._schema = schema
        self._owner_names: dict[ObjectRef, tuple[str, ...]] = {}
        #: The same by loose key (first table wins), for a differently quoted owner.
        self._owner_loose: dict[LooseKey, tuple[str, ...]] = {}
        #: Compatibility views: their columns of the table's old column
        #: names carry them on purpose and no rule judges them (``rules.engine``),
        #: so such a name finds the table's renamed column, never the view's; a
        #: column of a new name is judged and found like any view's.
        compatibility = old_columns(schema.objects)  # per catalog: copies differ
        for obj in schema.objects:
            # A domain owns its constraints (SchemaObject.domain), a composite
            # type its attributes (SchemaObject.composite), as a table does.
            if obj.kind in _OWNERS and obj.previous_names:
                ref = ref_of(obj)
                self._owner_names[ref] = obj.previous_names
                self._owner_loose.setdefault(ref.loose, obj.previous_names)
        self._by_ref: dict[ObjectRef, list[SchemaObject]] | None = None  # on first get()
        self._by_loose: dict[LooseKey, list[SchemaObject]] = {}
        by_loose = self._by_loose
        for obj in schema.objects:
            if keeps_old_name(obj, compatibility):
                continue
            # Loose keys come from the names as written, not as folded: a
            # PostgreSQL key is cut at 63 bytes, an entry's name is not.
            tables = (obj.table, *self.owner_names(obj)) if obj.table else (None,)
            if len(tables) == 1 and not obj.previous_names:  # one name: one key
                t = tables[0]
                key = loose_key(
                    obj.kind, ((obj.name, False),) if t is None else ((t, False), (obj.name, False))
                )
                by_loose.setdefault(key, []).append(obj)
                continue
            keys = {
                loose_key(obj.kind, ((name, False),) if t is None else ((t, False), (name, False)))
                for name in (obj.name, *obj.previous_names)
                for t in tables
            }
            for key in keys:
                by_loose.setdefault(key, []).append(obj)

    @property
    def schema(self) -> Schema:
        """The model this index was built from."""
        return self._schema

    def owner_names(self, obj: SchemaObject) -> tuple[str, ...]:
        """Earlier names of the table an attached object belongs to (oldest first)."""
        if not self._owner_names or obj.kind not in TABLE_ATTACHED_KINDS or obj.table is None:
            return ()  # no table was renamed, or not an attached object
        profile = profile_for(obj.source.dialect)
        table = ObjectRef(
            _owner_kind(obj).value,
            ref_of(obj).schema,
            None,
            profile.key(obj.table, obj.quoted),
            obj.source.database,
        )
        found = self._owner_names.get(table)
        if found is None:  # the table may be quoted differently from the object
            found = self._owner_loose.get(table.loose, ())
        return found

    def get(self, ref: ObjectRef) -> tuple[SchemaObject, ...]:
        """Objects with exactly this reference (one per dialect namespace)."""
        if self._by_ref is None:
            self._by_ref = {}
            for obj in self._schema.objects:
                self._by_ref.setdefault(ref_of(obj), []).append(obj)
        return tuple(self._by_ref.get(ref, ()))

    def resolve(
        self,
        kind: ObjectKind,
        parts: tuple[NamePart, ...],
        default_dialect: str | None = None,
        *,
        database: str | None = None,
    ) -> Resolved | None:
        """The object a written name denotes now, following renames; None if gone.

        Among several candidates the one currently carrying the name wins
        over one that carried it earlier. The schema is never a preference:
        a name without one denotes the default schema's object only
        (:func:`~dbnamelint.core.identity.names_schema`), so what a name
        denotes never moves to another schema when its object is renamed.
        """
        found = self._ranked(kind, parts, database)
        return min(found, key=lambda rf: rf[0])[1] if found else None

    def resolve_all(
        self, kind: ObjectKind, parts: tuple[NamePart, ...], *, database: str | None = None
    ) -> tuple[Resolved, ...]:
        """What a written name denotes in each catalog of the tree (best match per
        dialect, per separate database of ``databases:``).

        A schema kept for several databases (PostgreSQL and SQLite copies of
        one table) has one object per dialect; an entry denotes all of them.
        A name written with one dialect's default schema (``public.users``)
        denotes, through its :class:`ObjectRef`, the copies in dialects whose
        default schema has another name (SQLite's ``main.users``) too.
        ``database`` (a whitelist entry's ``database:``) keeps to that
        separate database of the tree; None: every one.
        """
        best: dict[str, tuple[int, Resolved]] = {}
        for rank, resolved in self._ranked(kind, parts, database):
            catalog = resolved.obj.source.catalog
            if catalog not in best or rank < best[catalog][0]:
                best[catalog] = (rank, resolved)
        refs = {
            ref_from_parts(kind, parts, r.obj.source.dialect, r.obj.source.database)
            for _, r in best.values()
        }
        for ref in refs:
            for obj in self.get(ref) if ref is not None else ():
                if obj.source.catalog not in best:
                    best[obj.source.catalog] = (0, Resolved(obj, ref_of(obj), renamed=False))
        return tuple(r for _, r in best.values())

    def _ranked(
        self, kind: ObjectKind, parts: tuple[NamePart, ...], database: str | None = None
    ) -> list[tuple[int, Resolved]]:
        out = self._ranked_as(kind, parts, cut=False)
        # PostgreSQL keeps a longer name's first 63 bytes, which the model
        # holds: an entry written with the whole name (by an older release)
        # denotes the object of the kept name there, as the name does in SQL.
        cut = tuple((clip_bytes(text, _CUT_AT), quoted) for text, quoted in parts)
        if cut != parts:
            out += self._ranked_as(kind, cut, cut=True)
        if database is not None:
            out = [(rank, r) for rank, r in out if r.obj.source.database == database]
        if sum(1 for rank, _ in out if rank >= 2) > 1:
            # Several objects renamed away from the name: it denotes the one
            # that held it last (semaphore's ``event`` renamed to a backup,
            # then a new ``event`` made and renamed too; trial s26). Holding
            # spans never overlap, so the later-created holder is the later
            # one. Callers take the first of the best rank.
            files = {f.path: i for i, f in enumerate(self._schema.files)}

            def latest_first(ranked: tuple[int, Resolved]) -> tuple[int, int, int, int]:
                rank, resolved = ranked
                if rank < 2:
                    return (rank, 0, 0, 0)
                at = resolved.obj.created_at or resolved.obj.location
                return (rank, -files.get(at.path, -1), -at.line, -at.column)

            out.sort(key=latest_first)
        return out

    def _ranked_as(
        self, kind: ObjectKind, parts: tuple[NamePart, ...], *, cut: bool
    ) -> list[tuple[int, Resolved]]:
        out: list[tuple[int, Resolved]] = []
        for obj in self._by_loose.get(loose_key(kind, parts), ()):
            profile = profile_for(obj.source.dialect)
            if cut and not (profile.truncates and profile.max_identifier == _CUT_AT):
                continue
            default = profile.default_schema
            ref = ref_of(obj)
            # Each name as the catalog stored it, folded with the quoting it
            # was written with (an unquoted LANGUAGE is PostgreSQL's language,
            # even after a quoted rename to "languages").
            for name, quoted in ((obj.name, obj.quoted), *earlier_names(obj)):
                tables = (obj.table, *self.owner_names(obj)) if obj.table else (None,)
                folded = profile.fold(name, quoted)
                for table in tables:
                    stored = (folded,) if table is None else (table, folded)
                    if not matches_parts(parts, ref, stored, quoted, default):
                        continue
                    is_renamed = name != obj.name
                    current = not is_renamed and table == obj.table
                    rank = (2 if is_renamed else 0) + (0 if current else 1)
                    out.append((rank, Resolved(obj, ref, is_renamed, current)))
        return out

    def children(self, table: SchemaObject) -> tuple[SchemaObject, ...]:
        """Columns, indexes, constraints, triggers and policies of ``table``."""
        ref = ref_of(table)
        return tuple(
            o
            for o in self._schema.objects
            if o.kind in TABLE_ATTACHED_KINDS
            and o.table is not None
            and ref_of(o).schema == ref.schema
            and profile_for(o.source.dialect).key(o.table, o.quoted) == ref.name
        )

    def referencing(self, table: SchemaObject) -> tuple[SchemaObject, ...]:
        """Foreign keys and views that refer to ``table`` by its current name."""
        name = table.name.casefold()
        return tuple(
            o
            for o in self._schema.objects
            if (o.ref_table is not None and o.ref_table.casefold() == name)
            or any(s.casefold() == name for s in o.selects_from)
        )


def index_of(objects: Iterable[SchemaObject]) -> CatalogIndex:
    """An index over loose objects (e.g. findings' objects) without a Schema at hand."""
    return CatalogIndex(Schema(tuple(objects)))


#: The indexes :func:`catalog_of` built, newest last, with the model each
#: is of (held, so its ``id`` is not reused while the entry stands).
_BUILT: list[tuple[Schema, CatalogIndex]] = []


def catalog_of(schema: Schema) -> CatalogIndex:
    """The :class:`CatalogIndex` of ``schema``, built once per model.

    A gate run asks for the working tree's index in five places (findings'
    keys, growth, relaxations, restriction to files) and the base's in two;
    each build walks every object. The last four models' indexes are kept.
    """
    for held, index in _BUILT:
        if held is schema:
            return index
    index = CatalogIndex(schema)
    _BUILT.append((schema, index))
    del _BUILT[:-4]
    return index


#: Kinds that own attached objects: renaming one keeps them found by its old name.
_OWNERS = (ObjectKind.TABLE, ObjectKind.DOMAIN, ObjectKind.TYPE)


def _owner_kind(obj: SchemaObject) -> ObjectKind:
    """The kind of what ``obj`` is attached to: a domain, a composite type or a table."""
    if obj.domain:
        return ObjectKind.DOMAIN
    return ObjectKind.TYPE if obj.composite else ObjectKind.TABLE
