"""A live database as the input of a run (``check --db``, ``inspect --db``, ``drift``).

Commands call these instead of wiring the live front end, the files and
:func:`dbnamelint.drift.with_file_facts` themselves, so the three agree on
which database is read and what the files add to it.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Mapping, Sequence

from msgspec.structs import replace

from dbnamelint.core.gcpause import collector_paused
from dbnamelint.core.identity import ref_of
from dbnamelint.core.index import CatalogIndex
from dbnamelint.dialects import copy_of
from dbnamelint.dialects.profile import profile_for
from dbnamelint.drift import (
    as_server_dialect,
    in_placeholder_schema,
    placeholder_objects,
    with_file_facts,
    written_with_placeholder,
)
from dbnamelint.findings import Finding
from dbnamelint.frontends.live import read_catalog
from dbnamelint.frontends.live.errors import database_url
from dbnamelint.frontends.sql.sources import SourceSettings
from dbnamelint.model import TABLE_ATTACHED_KINDS, ObjectKind, Schema, SchemaObject
from dbnamelint.replay.engine import replay
from dbnamelint.runner.pipeline import Loaded, load_paths
from dbnamelint.tool_tables import LeftOut, leave_out
from dbnamelint.whitelist import Whitelist, WhitelistEntry


def resolve_url(given: str | None, env_name: str | None) -> str:
    """``--db URL``, else ``$<database:>``, else ``$DATABASE_URL`` (see :func:`database_url`)."""
    return database_url(given, env_name, dict(os.environ))


def load_database(url: str, schemas: Sequence[str] = (), database: str | None = None) -> Loaded:
    """The database's model as read: its catalog's events
    (:func:`dbnamelint.frontends.live.read_catalog`) replayed, in one
    pseudo-file named by the URL. ``database``: which of the tree's separate
    databases (config ``databases:``) it is, so its objects meet that
    database's in the files. Raises ``LiveError`` (one line, no password).
    """
    read = read_catalog(url, schemas=schemas)
    source, events = read.source, read.events
    if database is not None:
        source = replace(source, database=database)
        events = tuple(replace(e, source=source) for e in events)
    with collector_paused():
        schema = _with_marked_views(
            _with_owners(replay(events), read.sequence_owners), read.marked_views
        )
    files = (source,)
    return Loaded(
        files=files,
        statements=len(events),
        events=events,
        schema=replace(schema, files=files),
        diagnostics=(*read.diagnostics, *schema.diagnostics),
    )


def _with_owners(
    schema: Schema, owners: Mapping[tuple[str | None, str], tuple[str, str]]
) -> Schema:
    """``schema`` with each sequence the catalog says a column owns marked so
    (``SchemaObject.owned_by``), as replay marks a file's serial column's."""
    if not owners:
        return schema
    objects = tuple(
        replace(o, owned_by=owners[(o.schema, o.name)])
        if o.kind is ObjectKind.SEQUENCE and (o.schema, o.name) in owners
        else o
        for o in schema.objects
    )
    return replace(schema, objects=objects)


def _with_marked_views(schema: Schema, marked: Mapping[tuple[str | None, str], str]) -> Schema:
    """``schema`` with each view carrying ``migrate``'s marker linked to the
    table it names (``SchemaObject.compatibility_view_for``), as replay links
    a file's compatibility view to its renamed table."""
    if not marked:
        return schema
    views = (ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW)
    objects = tuple(
        replace(o, compatibility_view_for=marked[(o.schema, o.name)])
        if o.kind in views and (o.schema, o.name) in marked
        else o
        for o in schema.objects
    )
    return replace(schema, objects=objects)


def without_tool_tables(
    database: Loaded,
    files: Loaded | None,
    extra: Sequence[str] = (),
    tools: Mapping[str, str] | None = None,
    always: Mapping[str, str] | None = None,
) -> tuple[Loaded, LeftOut]:
    """``database`` without the migration tools' bookkeeping tables the files
    do not create (``tools``: more such names, as the project configures its
    tool; ``always``: such names left out even where the files create them),
    and the ``extra`` ones the team names
    (:func:`dbnamelint.tool_tables.leave_out`); the model only, not its events."""
    schema, left = leave_out(
        database.schema, None if files is None else files.schema, extra, tools, always
    )
    if not left.tables:
        return database, left
    return replace(database, schema=schema), left


def load_files(paths: Sequence[str], settings: SourceSettings) -> Loaded | None:
    """The files' model, or None when ``paths`` hold no SQL file."""
    if not paths:
        return None
    loaded = load_paths(paths, settings)
    return loaded if loaded.files else None


def database_with_files(
    database: Loaded, files: Loaded | None, schemas: Sequence[str] = ()
) -> Loaded:
    """``database`` with modules, rename history, compatibility views and
    suppressions taken from ``files`` (unchanged when there are none).

    ``schemas`` are the ``--schema`` names the database was read with: with
    exactly one, the files' objects whose schema is a template placeholder
    are that schema's (:func:`placeholder_schema`, as ``drift`` compares them).
    """
    if files is None:
        return database
    # Facts come from the database's own copy only: a PostgreSQL copy's
    # CONSTRAINT "primary" says nothing about who named MariaDB's PRIMARY.
    events, _ = as_server_dialect(files.events, database.files[0].dialect)
    known = files.schema if events is files.events else replay(events)
    known, _note = placeholder_schema(known, schemas)
    schema = with_file_facts(database.schema, known)
    return replace(database, schema=schema)


def placeholder_schema(files: Schema, schemas: Sequence[str]) -> tuple[Schema, str | None]:
    """``files`` with the objects whose schema is written as a template
    placeholder (``{{ .Namespace }}.users``) put in the one schema ``schemas``
    names, and the note saying what was done (None: no such object).

    With no ``--schema`` or several, the placeholder's schema cannot be
    known: the objects stay in the default schema and the note says how to
    name it. ``drift`` and ``check --db`` both take the files so
    (:func:`dbnamelint.drift.in_placeholder_schema`).
    """
    count, texts = placeholder_objects(files)
    if not count:
        return files, None
    shown = ", ".join(texts)
    if len(schemas) == 1:
        files, count, _ = in_placeholder_schema(files, schemas[0])
        return files, (
            f"{count} {'object' if count == 1 else 'objects'} whose schema is the template "
            f"placeholder {shown} {'is' if count == 1 else 'are'} compared in schema "
            f"{schemas[0]} (--schema)"
        )
    return files, (
        f"{count} {'object has' if count == 1 else 'objects have'} a schema written as the "
        f"template placeholder {shown}, "
        "compared as the default schema; give the schema it stands for with --schema NAME"
    )


def placeholder_entries(whitelist: Whitelist, files: Schema, schemas: Sequence[str]) -> Whitelist:
    """``whitelist`` with each entry for an object the files qualify with a
    template placeholder naming it in the one schema ``schemas`` reads.

    Written against the files, such an entry has no schema (the placeholder
    is compared as the default schema there), and a name without a schema
    names the default schema's object only; the database holds the object
    in the schema the placeholder stood for (:func:`placeholder_schema`).
    """
    if len(schemas) != 1 or not whitelist.entries or not placeholder_objects(files)[0]:
        return whitelist
    index = CatalogIndex(files)
    entries = []
    for entry in whitelist.entries:
        found = index.resolve(entry.kind, entry.parts, database=entry.database)
        if found is not None and written_with_placeholder(found.obj):
            entry = replace(entry, implied_schema=schemas[0])  # noqa: PLW2901
        entries.append(entry)
    return replace(whitelist, entries=tuple(entries))


def outside_schemas(files: Schema, schemas: Sequence[str]) -> bool:
    """Whether ``files`` (placeholders put in place by :func:`placeholder_schema`)
    hold an object outside ``schemas`` (names as the database stores them;
    an unqualified object is in the dialect's default schema)."""
    wanted = set(schemas)
    for obj in files.objects:
        default = profile_for(obj.source.dialect).default_schema
        if obj.kind is ObjectKind.SCHEMA:
            where: str | None = obj.name
        else:
            where = obj.table_schema if obj.table else obj.schema
        if (where or default) not in wanted:
            return True
    return False


def other_copies_entries(
    whitelist: Whitelist, files: Loaded | None, dialect: str
) -> tuple[WhitelistEntry, ...]:
    """Entries whose object the files hold only in copies other than ``dialect``'s.

    A tree that keeps one schema for several databases has one whitelist
    for all of them; a database of one copy cannot say whether an entry for
    another copy's object is stale (:func:`dbnamelint.dialects.copy_of`).
    """
    if files is None or not whitelist.entries:
        return ()
    own = copy_of(dialect)
    index = CatalogIndex(files.schema)
    out = []
    for entry in whitelist.entries:
        copies = index.resolve_all(entry.kind, entry.parts, database=entry.database)
        if copies and all(copy_of(c.obj.source.dialect) != own for c in copies):
            out.append(entry)
    return tuple(out)


def entries_other_copies_need(
    whitelist: Whitelist, files: Loaded | None, dialect: str, findings: Sequence[Finding]
) -> tuple[WhitelistEntry, ...]:
    """Entries whose object the files hold in ``dialect``'s copy and in others,
    and that excuse one of ``findings`` (the rules' findings on the files) on
    another copy's object: a column ``separator``, reserved in MySQL only, is
    no fault on the PostgreSQL database, and still one in the MySQL copy
    (trial s29 icingadb: ``check --db`` on PostgreSQL called three such
    entries stale, and deleting them failed the MySQL copy's gate).
    """
    if files is None or not whitelist.entries or not findings:
        return ()
    own = copy_of(dialect)
    index = CatalogIndex(files.schema)
    broken = {(id(f.object), rule) for f in findings for rule in (f.code, f.rule)}
    broken_any = {id(f.object) for f in findings}
    out = []
    for entry in whitelist.entries:
        copies = index.resolve_all(entry.kind, entry.parts, database=entry.database)
        others = [c.obj for c in copies if copy_of(c.obj.source.dialect) != own]
        if not others or len(others) == len(copies):
            continue  # only in this copy, or only in others (other_copies_entries)
        mine = [c.obj for c in copies if copy_of(c.obj.source.dialect) == own]

        def breaks(objects: Sequence[SchemaObject], entry: WhitelistEntry = entry) -> bool:
            if entry.rules is None:  # every rule
                return any(id(obj) in broken_any for obj in objects)
            return any((id(obj), rule) in broken for obj in objects for rule in entry.rules)

        # (one that still excuses a finding of this copy is no question here)
        if breaks(others) and not breaks(mine):
            out.append(entry)
    return tuple(out)


def entries_the_database_lacks(
    whitelist: Whitelist, files: Loaded | None, database: Schema, dialect: str
) -> tuple[WhitelistEntry, ...]:
    """Entries whose object the files hold, in ``dialect``'s copy and under the
    entry's name, in a folder that is plainly another database's: the folder
    creates tables and ``database`` (the live read) holds none of them.

    Temporal keeps two PostgreSQL databases in one tree,
    ``schema/postgresql/v12/temporal`` and ``.../visibility``, without
    ``databases:`` in the config: ``check --db`` on the temporal database
    called every entry of the visibility tables stale (trial s30), and
    deleting them fails the files' check. Such an entry is not judged here
    (a ``DBN906`` warning counts them). The folder is the one of the file
    that creates the object's table (of the object itself when it has none),
    so a column a later version's folder adds is judged with its table. An
    object of a folder whose other tables the database holds is still judged:
    a migration of this database not run on it yet leaves its entry stale
    here, as before.
    """
    if files is None or not whitelist.entries:
        return ()
    own = copy_of(dialect)
    present = {ref_of(o) for o in database.objects if o.kind is ObjectKind.TABLE}
    folders: dict[str, bool] = {}  # folder -> whether the database holds one of its tables
    for obj in files.schema.objects:
        if obj.kind is ObjectKind.TABLE and copy_of(obj.source.dialect) == own:
            folder = posixpath.dirname(obj.source.path.replace("\\", "/"))
            folders[folder] = folders.get(folder, False) or ref_of(obj) in present
    in_files = CatalogIndex(files.schema)
    out = []
    for entry in whitelist.entries:
        copies = in_files.resolve_all(entry.kind, entry.parts, database=entry.database)
        mine = [c for c in copies if copy_of(c.obj.source.dialect) == own and not c.renamed]
        if mine and all(_foreign(c.obj, in_files, folders) for c in mine):
            out.append(entry)
    return tuple(out)


def _foreign(obj: SchemaObject, index: CatalogIndex, folders: Mapping[str, bool]) -> bool:
    """Whether ``obj``'s folder (its table's) creates tables none of which the
    database holds (``folders``: folder -> whether it holds one)."""
    owner = obj
    if obj.kind in TABLE_ATTACHED_KINDS and obj.table is not None:
        schema = obj.table_schema
        parts = ((schema, False), (obj.table, False)) if schema else ((obj.table, False),)
        table = [
            t.obj
            for t in index.resolve_all(ObjectKind.TABLE, parts)
            if t.obj.source.catalog == obj.source.catalog
        ]
        if not table:
            return False
        owner = table[0]
    folder = posixpath.dirname(owner.source.path.replace("\\", "/"))
    return folders.get(folder) is False


def entries_in_other_schemas(
    whitelist: Whitelist, schemas: Sequence[str], dialect: str
) -> tuple[WhitelistEntry, ...]:
    """Entries whose name is qualified with a schema other than ``schemas``.

    A read limited to ``schemas`` (``--schema``) cannot say whether such an
    entry's object is gone. Unqualified entries and entries of the schemas
    read are not among them.
    """
    profile = profile_for(dialect)
    wanted = set(schemas)
    out = []
    for entry in whitelist.entries:
        parts = entry.parts
        rest = 2 if entry.kind in TABLE_ATTACHED_KINDS else 1
        if len(parts) > rest and profile.fold(*parts[0]) not in wanted:
            out.append(entry)
    return tuple(out)
