"""One identity for every database object: :class:`ObjectRef`.

The whitelist, the CI gate, the burn-down, drift and the migration
generator all ask "is this the same object?"; they all answer it here. A
reference is the object's kind, its schema (the dialect's default schema
folded in, so ``public.users`` and ``users`` meet in PostgreSQL, and the
PostgreSQL and SQLite copies of one table meet too), its parent
table for attached kinds (columns, indexes, constraints, triggers,
policies), and its name, each folded as the object's database folds it
(:meth:`dbnamelint.dialects.DialectProfile.key`).

Names written in a whitelist are not SQL: an unquoted part there means
"this name, whatever its case", a quoted part means "exactly this". So
besides the exact reference each object has a *loose* key (every part
case-folded) that entries are looked up by, and the written quotes decide
how strictly a candidate must match (:func:`matches_parts`).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from types import MappingProxyType

from msgspec import Struct

from dbnamelint.dialects.profile import DialectProfile, profile_for
from dbnamelint.model import TABLE_ATTACHED_KINDS, ObjectKind, SchemaObject

#: A name part as written: (text, whether it was quoted).
NamePart = tuple[str, bool]
#: Every part case-folded: how whitelist entries find their candidates.
LooseKey = tuple[str, tuple[str, ...]]


class ObjectRef(Struct, frozen=True, order=True):
    """Which object this is; equal references denote the same catalog object.

    ``schema`` is ``None`` for the dialect's default schema (``public``,
    ``dbo``, ``main``, written or not), for dialects without schemas (MySQL,
    where a database is the schema) and where the default schema is the
    connected user's (Oracle, Snowflake): so a schema kept for several
    databases gives each object one reference. ``table`` is set exactly for
    attached kinds. Separate databases of one tree (``databases:``) are
    not copies of one schema: ``database`` keeps their objects apart.
    """

    kind: str  # ObjectKind value
    schema: str | None
    table: str | None
    name: str
    #: Which separate database of the tree (config ``databases:``) holds it;
    #: None: the tree's one database. Never shown: a label, not a name part.
    database: str | None = None

    def __str__(self) -> str:
        parts = [p for p in (self.schema, self.table) if p is not None]
        return f"{self.kind} {'.'.join([*parts, self.name])}"

    @property
    def loose(self) -> LooseKey:
        """The reference with every part case-folded (schema left out)."""
        rest = (self.name,) if self.table is None else (self.table, self.name)
        return self.kind, tuple(p.casefold() for p in rest)


def _schema_key(profile: DialectProfile, schema: str | None, quoted: bool = False) -> str | None:
    """None for the dialect's default schema (written or not), else the folded schema.

    The default is folded to None rather than to its name so that one
    schema kept for several databases (``public`` in PostgreSQL, ``main`` in
    SQLite, no schema in MySQL) gives each object one identity across them.
    """
    if schema is None:
        return None
    key = profile.key(schema, quoted, "schema")
    return None if key == _default_key(profile) else key


#: id(profile) -> (profile, key of its default schema): profiles are immutable.
_DEFAULT_KEYS: dict[int, tuple[DialectProfile, str | None]] = {}


def _default_key(profile: DialectProfile) -> str | None:
    found = _DEFAULT_KEYS.get(id(profile))
    if found is None or found[0] is not profile:
        default = profile.default_schema
        found = (profile, None if default is None else profile.key(default, False, "schema"))
        _DEFAULT_KEYS[id(profile)] = found
    return found[1]


def ref_of(
    obj: SchemaObject,
    *,
    name: str | None = None,
    table: str | None = None,
    table_quoted: bool | None = None,
    quoted: bool | None = None,
) -> ObjectRef:
    """The reference of a modelled object (optionally under an earlier name or table name).

    The dialect comes from the file that gave the object its current name.
    An attached object's table is folded with the object's own quoting
    unless ``table_quoted`` (the table's) is given: a catalog read stores
    ``"User".id``, a quoted table with an unquoted column. ``quoted``
    stands for the object's own quoting (a candidate name written bare or
    quoted): the reference of ``replace(obj, name=n, quoted=q)`` is
    ``ref_of(obj, name=n, quoted=q)``.
    """
    profile = profile_for(obj.source.dialect)
    own_quoted = obj.quoted if quoted is None else quoted
    # The member's value read directly: ``.value`` is a Python-level property
    # on Python 3.11, and identity is worked out for every object.
    kind: str = obj.kind._value_
    attached = obj.kind in TABLE_ATTACHED_KINDS and obj.table is not None
    if attached:
        owner = table if table is not None else obj.table
        return ObjectRef(
            kind,
            _schema_key(profile, obj.table_schema),
            None
            if owner is None
            else profile.key(owner, own_quoted if table_quoted is None else table_quoted, "table"),
            profile.key(name if name is not None else obj.name, own_quoted, kind),
            obj.source.database,
        )
    return ObjectRef(
        kind,
        _schema_key(profile, obj.schema),
        None,
        profile.key(name if name is not None else obj.name, own_quoted, kind),
        obj.source.database,
    )


def earlier_names(obj: SchemaObject) -> tuple[NamePart, ...]:
    """``obj``'s earlier names (oldest first), each with whether it was quoted.

    Each name folds with its own quoting, not the current name's: ``CREATE
    TABLE LANGUAGE`` then ``ALTER TABLE "language" RENAME TO "languages"``
    leaves a quoted ``languages`` that PostgreSQL stored as ``language``
    before, not as ``LANGUAGE``. Unknown quoting (a model built without it)
    is taken as the current name's.
    """
    flags = obj.previous_quoted
    if len(flags) != len(obj.previous_names):
        flags = (obj.quoted,) * len(obj.previous_names)
    return tuple(zip(obj.previous_names, flags, strict=True))


def historic_refs(obj: SchemaObject, owner_names: tuple[str, ...] = ()) -> Iterator[ObjectRef]:
    """The object's reference under each name it has had, current first.

    ``owner_names`` are the earlier names of its table (from the catalog
    index), so ``community_tag.tag_pkey`` still finds the constraint after
    ``ALTER TABLE community_tag RENAME TO community_tags``.
    """
    for name, quoted in ((obj.name, obj.quoted), *reversed(earlier_names(obj))):
        yield ref_of(obj, name=name, quoted=quoted, table_quoted=obj.quoted)
        for table in owner_names:
            yield ref_of(obj, name=name, table=table, quoted=quoted, table_quoted=obj.quoted)


def ref_from_parts(
    kind: ObjectKind,
    parts: tuple[NamePart, ...],
    dialect: str | None = None,
    database: str | None = None,
) -> ObjectRef | None:
    """The reference a written name denotes in ``dialect`` (in the separate
    database ``database`` of the tree), or None when malformed.

    ``parts`` is ``[schema.]name`` or, for attached kinds, ``[schema.]table.name``.
    """
    rest = 2 if kind in TABLE_ATTACHED_KINDS else 1
    if len(parts) not in (rest, rest + 1):
        return None
    profile = profile_for(dialect)
    schema = parts[0] if len(parts) == rest + 1 else None
    table = parts[-2] if rest == 2 else None
    return ObjectRef(
        kind.value,
        _schema_key(profile, None)
        if schema is None
        else _schema_key(profile, schema[0], schema[1]),
        None if table is None else profile.key(*table, "table"),
        profile.key(*parts[-1], kind.value),
        database,
    )


def loose_key(kind: ObjectKind, parts: tuple[NamePart, ...]) -> LooseKey:
    """An entry's candidates key: the table and name parts, case-folded."""
    rest = 2 if kind in TABLE_ATTACHED_KINDS else 1
    return kind.value, tuple(text.casefold() for text, _ in parts[-rest:])


def matches_parts(
    parts: tuple[NamePart, ...],
    candidate: ObjectRef,
    stored: tuple[str, ...],
    stored_quoted: bool = False,
    default_schema: str | None = None,
) -> bool:
    """Whether written ``parts`` denote ``candidate``, whose stored names are ``stored``.

    ``stored`` is (table, name) or (name,) as the catalog stores them.
    Quoted parts compare exactly with the stored name; unquoted parts
    compare without case, except the object's own name when it was created
    quoted (``stored_quoted``): ``"User"`` and ``user`` are two tables. The
    schema is decided by :func:`names_schema` (``default_schema``: the
    candidate dialect's).
    """
    rest = len(stored)
    written = parts[-rest:]
    last = rest - 1
    for i, ((text, quoted), actual) in enumerate(zip(written, stored, strict=True)):
        exact = quoted or (stored_quoted and i == last)
        if (text != actual) if exact else (text.casefold() != actual.casefold()):
            return False
    return names_schema(parts[:-rest], candidate.schema, default_schema)


@functools.cache
def _named_defaults() -> frozenset[str]:
    """Default schemas that have a name (PostgreSQL's ``public``, SQLite's
    ``main``, SQL Server's ``dbo``): an entry written with one names the
    default-schema copy in every dialect of a tree kept for several."""
    named = (profile_for(d).default_schema for d in ("postgres", "sqlite", "tsql"))
    return frozenset(d.casefold() for d in named if d)


def names_schema(
    written: tuple[NamePart, ...], schema: str | None, default_schema: str | None
) -> bool:
    """Whether a written schema (``written``: none or one part) names an object's schema.

    ``schema`` is the object's :attr:`ObjectRef.schema` (None: the default
    schema, or none at all) and ``default_schema`` its dialect's. An entry
    without a schema names the default schema's object only, as SQL does
    and as ``whitelist init`` writes it: ``session_replay`` never denotes
    ``umami.session_replay``, whatever the default schema holds now, so an
    entry cannot move to a same-named object of another schema when its own
    object is renamed or dropped. A written schema names that schema only.
    """
    if not written:
        return schema is None
    if len(written) > 1:
        return False  # a database and a schema: not a name an entry writes
    wanted = written[0][0].casefold()
    if schema is not None:
        return schema.casefold() == wanted
    if default_schema is not None:
        return default_schema.casefold() == wanted
    return wanted in _named_defaults()


_QUOTES = MappingProxyType({'"': '"', "`": "`", "[": "]"})


def split_name(name: str) -> tuple[NamePart, ...]:
    """Split ``a."B.c".d`` into parts, each with whether it was quoted.

    Double quotes, backticks and brackets delimit a part; a doubled closing
    quote inside one stands for itself.
    """
    parts: list[NamePart] = []
    current: list[str] = []
    quoted = False
    i = 0
    while i < len(name):
        char = name[i]
        if char in _QUOTES and not current:
            close = _QUOTES[char]
            j = i + 1
            while j < len(name):
                if name[j] == close and name[j + 1 : j + 2] == close:
                    current.append(close)
                    j += 2
                elif name[j] == close:
                    break
                else:
                    current.append(name[j])
                    j += 1
            quoted = True
            i = j + 1
        elif char == ".":
            parts.append(("".join(current), quoted))
            current, quoted = [], False
            i += 1
        else:
            current.append(char)
            i += 1
    parts.append(("".join(current), quoted))
    return tuple(parts)


def quote_part(part: str) -> str:
    """A name part as a whitelist writes it: quoted only when it must be."""
    if "." in part or '"' in part or part != part.strip() or not part:
        return '"' + part.replace('"', '""') + '"'
    return part


def stored_name(obj: SchemaObject) -> str:
    """``obj``'s name as its database stores it: a name written unquoted folded
    as the dialect folds it (PostgreSQL's ``CREATE TABLE LANGUAGE`` makes
    ``language``; Oracle's ``users`` is ``USERS``), a quoted one as written,
    and a name the database chose as it chose it."""
    if obj.implicit or not obj.name:
        return obj.name
    return profile_for(obj.source.dialect).fold(obj.name, obj.quoted)


def _stored_parts(obj: SchemaObject) -> list[str]:
    """``[schema, [table,]] name`` as stored; the table folded only when its
    quoting is known (``SchemaObject.table_quoted``), the schema as written."""
    if obj.kind in TABLE_ATTACHED_KINDS and obj.table:
        table = obj.table
        if obj.table_quoted is not None:
            table = profile_for(obj.source.dialect).fold(table, obj.table_quoted)
        parts = [p for p in (obj.table_schema, table) if p]
    else:
        parts = [obj.schema] if obj.schema else []
    return [*parts, stored_name(obj)]


def stored_qualified_name(obj: SchemaObject) -> str:
    """``[schema.][table.]name`` as the database stores it (:func:`stored_name`):
    how reports name an object, so an unquoted ``LANGUAGE`` is shown as the
    ``language`` PostgreSQL holds, never as a quoted ``"LANGUAGE"``."""
    return ".".join(_stored_parts(obj))


def display_name(obj: SchemaObject) -> str:
    """The qualified name an entry writes for ``obj`` (parts quoted if needed),
    as the database stores it (:func:`stored_qualified_name`)."""
    return ".".join(quote_part(p) for p in _stored_parts(obj))
