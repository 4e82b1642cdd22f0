"""Whether a Prisma schema still maps to the tables its migrations leave (``DBN029``).

Prisma Migrate keeps two descriptions of one database: the migrations
(``prisma/migrations/<name>/migration.sql``, replayed in name order) and
the schema (``prisma/schema.prisma``). ``prisma migrate dev`` writes the
next migration as the difference between them, so a table a hand-written
migration renamed (``ALTER TABLE "Team" RENAME TO "teams"``) while the model
still maps to ``Team`` comes back as ``DROP TABLE "teams"`` and ``CREATE
TABLE "Team"``: the rows are lost. Prisma's own check for CI is ``prisma
migrate diff --from-migrations ... --to-schema-datamodel ... --exit-code``;
this is its part about names, without a shadow database.

The migrations' final state is the replay of the folder's files alone
(:func:`~dbnamelint.replay.engine.replay`); the schema is read by
:mod:`dbnamelint.frontends.prisma.schema` (a model is the table of its
``@@map`` name, else of its own; a scalar field the column of its ``@map``
name, else of its own; an enum the type of its ``@@map`` name, else of its
own: prisma.io, "Database mapping"). Each difference is one error, at the
model, field or enum line of the schema, naming the migration that renamed
the object and the ``@@map``/``@map`` that fixes it; a table or column the
migrations leave that no model or field maps to is an error where it got
its name (the next ``prisma migrate dev`` drops it).

Where the schema is (Prisma's own search, as it applies to one migrations
folder): the ``"prisma": {"schema": ...}`` of the nearest ``package.json``
above the folder, when that schema (a file, or a folder of ``*.prisma``
files) is the folder's (the migrations sit beside it or in it); else
``schema.prisma`` beside the ``migrations`` folder (with the folder's other
``*.prisma`` files when it declares no model: Prisma 7's ``schema: "prisma"``
with ``prisma/models/*.prisma``); else, when the folder
holding ``migrations`` has ``*.prisma`` files of its own, those and its
subfolders' (a multi-file schema whose migrations sit in it); else the
``*.prisma`` files of a ``schema/`` folder beside ``migrations``.
Not read: ``prisma.config.ts`` (TypeScript) and a ``--schema`` given to the
CLI by a script. A schema listing ``schemas = [...]`` (several database
schemas) and MongoDB are not compared.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path, PurePosixPath

from msgspec import Struct
from msgspec import field as struct_field
from msgspec.structs import replace

from dbnamelint.core import readlog
from dbnamelint.core.diagnostics import DirectiveSpan, lookup_diagnostic
from dbnamelint.core.identity import stored_name
from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.dialects.profile import DialectProfile, profile_for
from dbnamelint.findings import Finding, StaleEntry
from dbnamelint.frontends.prisma.directives import directive_spans
from dbnamelint.frontends.prisma.schema import (
    Block,
    Field,
    Model,
    declared_types,
    join_tables,
    prisma_string,
    read_schema,
)
from dbnamelint.frontends.sql.sources import SourceError, is_prisma_migration, read_bytes
from dbnamelint.model import (
    Diagnostic,
    Event,
    EventOp,
    Location,
    ObjectKind,
    SchemaObject,
    Severity,
    SourceFile,
)
from dbnamelint.replay.engine import replay
from dbnamelint.suppressions import Directive, parse_directive
from dbnamelint.tool_dialect import PRISMA_LOCK
from dbnamelint.whitelist.apply import Applied
from dbnamelint.whitelist.entries import Whitelist

#: The schema maps a table, column or enum the migrations do not leave, or the reverse.
PRISMA_SCHEMA_CODE = "DBN029"

#: Prisma Migrate's own table: made before any migration, in no model.
_MIGRATIONS_TABLE = "_prisma_migrations"
#: Providers whose enums are database types Prisma creates (``CREATE TYPE``).
_ENUM_TYPES = frozenset({"postgresql", "postgres", "cockroachdb"})
_NEXT = "the next `prisma migrate dev`"


class _Schema(Struct, frozen=True):
    """One migrations folder's schema: the files (as shown) and what they declare."""

    paths: tuple[str, ...]
    models: tuple[tuple[str, Model], ...]  # (file, model)
    enums: tuple[tuple[str, Block], ...]
    provider: str | None
    multi_schema: bool
    join_tables: frozenset[str]  # of implicit many-to-many relations
    #: The files' ``// dbnamelint:`` comments (:mod:`~dbnamelint.frontends.prisma.directives`).
    directives: tuple[DirectiveSpan, ...] = ()


def migrations_folders(files: Iterable[SourceFile]) -> dict[str, list[SourceFile]]:
    """Prisma migrations folders among ``files`` (``<dir>/migrations/<name>/migration.sql``):
    the ``migrations`` folder as shown -> its migration files, in run order."""
    out: dict[str, list[SourceFile]] = {}
    for found in files:
        if not found.path.endswith("migration.sql"):
            continue  # most files of most trees: no path object built
        folder = _folder_of(found.path)
        if folder is not None:
            out.setdefault(folder, []).append(found)
    return out


def _side(path: Path) -> None:
    readlog.note_side(os.path.abspath(path))  # noqa: PTH100 - the read log keeps str paths


def _is_file(path: Path) -> bool:
    _side(path)
    return path.is_file()


def _prisma_files(folder: Path, skip: Path | None = None, *, deep: bool = True) -> list[Path]:
    """The ``*.prisma`` files in ``folder``, in name order: with ``deep``, in
    its subfolders too (Prisma reads a schema folder recursively), leaving out
    ``skip`` (a migrations folder) and ``node_modules``."""
    _side(folder)
    if not folder.is_dir():
        return []
    out = []
    for top, dirs, names in os.walk(folder):
        _side(Path(top))
        out += [Path(top, n) for n in sorted(names) if n.endswith(".prisma")]
        keep = (d for d in dirs if d != "node_modules" and (skip is None or Path(top, d) != skip))
        dirs[:] = sorted(keep) if deep else []
    return out


def _package_schema(migrations: Path) -> list[Path] | None:
    """The schema the nearest ``package.json`` above ``migrations`` names
    (``"prisma": {"schema": "..."}``), when it is this folder's; None when
    there is none (or it names another folder's)."""
    for folder in migrations.absolute().parents:
        manifest = folder / "package.json"
        if not _is_file(manifest):
            continue
        try:
            data = json.loads(read_bytes(SourceFile(str(manifest), "postgres", None)))
        except (SourceError, ValueError):
            return None
        settings = data.get("prisma") if isinstance(data, dict) else None
        named = settings.get("schema") if isinstance(settings, dict) else None
        if not isinstance(named, str) or not named:
            return None
        target = Path(os.path.normpath(folder / named))
        beside = migrations.absolute().parent
        if _is_file(target):
            return [target] if target.parent == beside else None
        files = _prisma_files(target, migrations.absolute())
        # Prisma 6.6+: migrations beside the file with the datasource, in the folder;
        # the earlier preview kept them beside the folder.
        inside = beside == target or target in beside.parents or beside == target.parent
        return files if files and inside else None
    return None


def _holds_models(path: Path) -> bool:
    """Whether the Prisma schema file ``path`` declares a ``model`` (or ``view``)."""
    try:
        text = read_bytes(SourceFile(str(path), "postgres", None)).decode("utf-8", "replace")
    except SourceError:
        return False
    return _MODEL_LINE.search(text) is not None


#: A ``model X {`` or ``view X {`` block's first line.
_MODEL_LINE = lazy_compile(r"(?m)^\s*(?:model|view)\s+\w+\s*\{")


def schema_paths(migrations: str) -> list[Path]:
    """Where the schema of the migrations folder ``migrations`` (as shown) is
    (see the module's docstring); empty when none is found."""
    folder = Path(migrations)
    named = _package_schema(folder)
    if named is not None:
        return named
    beside = folder.parent / "schema.prisma"
    if _is_file(beside):
        # a datasource-only schema.prisma whose models are in the folder's other
        # files (Prisma 7's `schema: "prisma"` in prisma.config.ts, with
        # prisma/models/*.prisma: trial s38 rallly, 48 false DBN029 errors)
        if not _holds_models(beside):
            whole = _prisma_files(folder.parent, folder)
            if any(p != beside and _holds_models(p) for p in whole):
                return whole
        return [beside]
    # A multi-file schema's migrations sit beside its datasource file: read
    # the folder through only when that one is there (not a whole repository).
    if _prisma_files(folder.parent, folder, deep=False):
        return _prisma_files(folder.parent, folder)
    return _prisma_files(folder.parent / "schema")


def schema_places(paths: Iterable[Path]) -> list[Path]:
    """Beyond the checked ``paths``, where the schema of a Prisma migrations
    folder among them may be (for the gate's copy of the base tree): the
    folder holding each ``migrations`` folder (or a folder of Prisma's
    ``migration_lock.toml``) and every ``package.json`` above it. More than
    :func:`schema_paths` reads, never less."""
    out: list[Path] = []
    for path in paths:
        parts = [p.lower() for p in path.parts]
        if "migrations" in parts:
            at = len(parts) - 1 - parts[::-1].index("migrations")
            holder = Path(*path.parts[:at]) if at else Path()
        elif _is_file(path / PRISMA_LOCK):  # a migrations folder of another name
            holder = path.parent
        else:
            continue
        out.append(holder)
        out += [holder / "package.json"]
        out += [folder / "package.json" for folder in holder.absolute().parents]
    return out


def _shown(path: Path, migrations: str) -> str:
    """``path`` as the run shows paths: relative when ``migrations`` is."""
    if Path(migrations).is_absolute():
        return path.as_posix()
    return Path(os.path.relpath(path.absolute())).as_posix()


def _read_schema(migrations: str) -> _Schema | None:
    paths = schema_paths(migrations)
    texts: list[tuple[str, str]] = []
    for path in paths:
        shown = _shown(path, migrations)
        try:
            data = read_bytes(SourceFile(shown, "postgres", None))
        except SourceError:
            return None  # unreadable: nothing to compare with
        texts.append((shown, data.decode("utf-8", errors="replace")))
    if not texts:
        return None
    names = frozenset().union(*(declared_types(text) for _, text in texts))
    models: list[tuple[str, Model]] = []
    enums: list[tuple[str, Block]] = []
    provider = None
    multi = False
    lists: list[tuple[str, str, str | None]] = []
    for shown, text in texts:
        read = read_schema(text, names)
        lists += read.list_relations
        models += [(shown, m) for m in read.models]
        enums += [(shown, e) for e in read.enums]
        provider = provider or read.provider
        multi = multi or read.multi_schema
    return _Schema(
        tuple(p for p, _ in texts),
        tuple(models),
        tuple(enums),
        provider,
        multi,
        join_tables(lists),
        tuple(span for shown, text in texts for span in directive_spans(shown, text)),
    )


def _migration(obj: SchemaObject) -> str:
    """The migration (folder name) where ``obj`` got its current name."""
    return PurePosixPath(obj.location.path.replace("\\", "/")).parent.name


class _Final(Struct):
    """The migrations' final state, keyed as the database compares names."""

    profile: DialectProfile
    tables: dict[str, SchemaObject]
    columns: dict[str, dict[str, SchemaObject]]  # table key -> column key -> column
    types: dict[str, SchemaObject]
    dropped: dict[tuple[str, str], str]  # (kind, key) -> migration that last dropped it
    #: Keys a composite type (``CREATE TYPE t AS (x int)``) had: no enum's.
    composites: set[str] = struct_field(default_factory=set)

    def key(self, name: str, quoted: bool, kind: ObjectKind) -> str:
        return self.profile.key(name, quoted, kind.value)

    def earlier(self, obj: SchemaObject, kind: ObjectKind) -> list[str]:
        quoted = obj.previous_quoted or (True,) * len(obj.previous_names)
        return [self.key(n, q, kind) for n, q in zip(obj.previous_names, quoted, strict=False)]


def _final_state(files: Sequence[SourceFile], events: Iterable[Event]) -> _Final:
    paths = {f.path for f in files}
    mine = [e for e in events if e.source.path in paths]
    schema = replay(mine)
    profile = profile_for(files[0].dialect)
    default = profile.default_schema

    def in_default(schema_name: str | None) -> bool:
        return schema_name is None or (
            default is not None
            and profile.key(schema_name, False, "schema") == profile.key(default, False, "schema")
        )

    final = _Final(profile, {}, {}, {}, {})
    for obj in schema.objects:
        if obj.kind is ObjectKind.TABLE and in_default(obj.schema):
            final.tables[final.key(obj.name, obj.quoted, obj.kind)] = obj
        elif obj.kind is ObjectKind.TYPE and in_default(obj.schema):
            final.types[final.key(obj.name, obj.quoted, obj.kind)] = obj
    for obj in schema.objects:
        if obj.kind is ObjectKind.COLUMN and obj.table and in_default(obj.table_schema):
            table = final.key(obj.table, bool(obj.table_quoted), ObjectKind.TABLE)
            if table in final.tables:
                column = final.key(obj.name, obj.quoted, obj.kind)
                final.columns.setdefault(table, {})[column] = obj
    for event in mine:
        if event.kind is ObjectKind.TYPE and event.name:
            key = final.key(event.name, event.quoted, event.kind)
            if event.op is EventOp.CREATE and event.columns:
                final.composites.add(key)
            elif event.op is EventOp.RENAME and event.new_name and key in final.composites:
                final.composites.add(final.key(event.new_name, event.new_quoted, event.kind))
        if (
            event.op is EventOp.DROP
            and event.name
            and event.kind.value in ("table", "column")
            and not event.composite  # a composite type's attribute: Prisma has none
        ):
            final.dropped[(event.kind.value, final.key(event.name, event.quoted, event.kind))] = (
                PurePosixPath(event.source.path.replace("\\", "/")).parent.name
            )
    return final


def _renamed_from(
    objects: dict[str, SchemaObject], key: str, final: _Final, kind: ObjectKind
) -> SchemaObject | None:
    """The object of ``objects`` that had the name ``key`` before a rename."""
    for obj in objects.values():
        if key in final.earlier(obj, kind):
            return obj
    return None


def _at(path: str, line: int, column: int) -> Location:
    return Location(path, line + 1, column + 1)


def _error(location: Location, message: str) -> Diagnostic:
    return Diagnostic(location, Severity.ERROR, message, PRISMA_SCHEMA_CODE)


def _model_diagnostics(
    path: str,
    model: Model,
    final: _Final,
    schema_shown: str,
    claimed: set[str],
    excusing: Sequence[DirectiveSpan] = (),
) -> list[Diagnostic]:
    block = model.block
    out: list[Diagnostic] = []
    here = _at(path, block.header_line, block.name_start)
    wanted = final.key(block.database_name, True, ObjectKind.TABLE)
    table = final.tables.get(wanted)
    maps = f"@@map({prisma_string(block.mapped)})" if block.mapped is not None else "no @@map"
    if table is None:
        table = _renamed_from(final.tables, wanted, final, ObjectKind.TABLE)
        if table is not None:
            fix = "change its @@map to" if block.mapped is not None else "add"
            out.append(
                _error(
                    here,
                    f"model {block.name} maps to table '{block.database_name}' ({maps}), "
                    f"which migration {_migration(table)} renamed to '{stored_name(table)}': "
                    f'{_NEXT} would drop "{stored_name(table)}" with its rows and create an '
                    f'empty "{block.database_name}"; {fix} '
                    f"@@map({prisma_string(stored_name(table))}) in model {block.name}",
                )
            )
        else:
            dropped = final.dropped.get(("table", wanted))
            how = f"drops it (migration {dropped})" if dropped else "never create it"
            out.append(
                _error(
                    here,
                    f"model {block.name} maps to table '{block.database_name}' ({maps}), "
                    f"but the migrations {how}: {_NEXT} would create it; write the migration "
                    f"(`prisma migrate dev`), or map the model to the table the migrations "
                    "leave",
                )
            )
            return out
    table_key = final.key(table.name, table.quoted, ObjectKind.TABLE)
    claimed.add(table_key)
    columns = final.columns.get(table_key, {})
    mapped: set[str] = set()
    for field in model.fields:
        out += _field_diagnostic(path, block, field, table, columns, final, mapped)
    left = [c for k, c in columns.items() if k not in mapped]
    name = stored_name(table)
    for column in left:
        # where the statement adding it excuses it (written with the migration)
        at = column.location if any(span.covers(column.location) for span in excusing) else here
        out.append(
            _error(
                at,
                f"column '{stored_name(column)}' of table '{name}' (migration "
                f"{_migration(column)}) is mapped by no field of model {block.name} in "
                f"{schema_shown}: {_NEXT} would drop it with its data; add a field for it "
                f"(with @map({prisma_string(stored_name(column))}) if the field is named "
                "otherwise)",
            )
        )
    return out


def _field_diagnostic(
    path: str,
    block: Block,
    field: Field,
    table: SchemaObject,
    columns: dict[str, SchemaObject],
    final: _Final,
    mapped: set[str],
) -> list[Diagnostic]:
    wanted = final.key(field.column, True, ObjectKind.COLUMN)
    if wanted in columns:
        mapped.add(wanted)
        return []
    here = _at(path, field.line, field.start)
    maps = f"@map({prisma_string(field.mapped)})" if field.mapped is not None else "no @map"
    renamed = _renamed_from(columns, wanted, final, ObjectKind.COLUMN)
    if renamed is not None:
        mapped.add(final.key(renamed.name, renamed.quoted, ObjectKind.COLUMN))
        fix = "change its @map to" if field.mapped is not None else "add"
        now = stored_name(renamed)
        return [
            _error(
                here,
                f"field {block.name}.{field.name} maps to column '{field.column}' ({maps}) of "
                f"table '{stored_name(table)}', which migration {_migration(renamed)} renamed "
                f"to '{now}': {_NEXT} would drop \"{now}\" with its data and add an empty "
                f'"{field.column}"; {fix} @map({prisma_string(now)}) on field {field.name}',
            )
        ]
    dropped = final.dropped.get(("column", wanted))
    how = f"drop it (migration {dropped})" if dropped else "never add it"
    return [
        _error(
            here,
            f"field {block.name}.{field.name} maps to column '{field.column}' ({maps}) of "
            f"table '{stored_name(table)}', but the migrations {how}: {_NEXT} would add it; write "
            "the migration (`prisma migrate dev`), or map the field to a column the table has",
        )
    ]


def _unmapped_types(final: _Final, mapped: set[str], shown: str) -> list[Diagnostic]:
    """A type the migrations leave that no enum maps (``prisma migrate diff``:
    "Removed enums"), at the statement that gave it its name. A composite type
    (one with attributes) is none: Prisma does not manage those."""
    out = []
    for key, kind in final.types.items():
        if key in mapped or key in final.composites:
            continue
        name = stored_name(kind)
        how = (
            f"renamed to it by migration {_migration(kind)}"
            if kind.previous_names
            else f"created by migration {_migration(kind)}"
        )
        out.append(
            _error(
                kind.location,
                f"type '{name}' ({how}) is mapped by no enum of {shown}: {_NEXT} would drop "
                f"it; add an enum for it (`prisma db pull` writes one; "
                f"@@map({prisma_string(name)}) keeps the enum's own name), or drop it in a "
                "migration",
            )
        )
    return out


def _enum_diagnostics(path: str, enum: Block, final: _Final) -> list[Diagnostic]:
    wanted = final.key(enum.database_name, True, ObjectKind.TYPE)
    if wanted in final.types:
        return []
    maps = f"@@map({prisma_string(enum.mapped)})" if enum.mapped is not None else "no @@map"
    here = _at(path, enum.header_line, enum.name_start)
    renamed = _renamed_from(final.types, wanted, final, ObjectKind.TYPE)
    if renamed is not None:
        fix = "change its @@map to" if enum.mapped is not None else "add"
        return [
            _error(
                here,
                f"enum {enum.name} maps to type '{enum.database_name}' ({maps}), which "
                f"migration {_migration(renamed)} renamed to '{stored_name(renamed)}': {_NEXT} "
                f'would drop it and create "{enum.database_name}"; {fix} '
                f"@@map({prisma_string(stored_name(renamed))}) in enum {enum.name}",
            )
        ]
    return [
        _error(
            here,
            f"enum {enum.name} maps to type '{enum.database_name}' ({maps}), which the "
            f"migrations do not leave: {_NEXT} would create it; write the migration "
            "(`prisma migrate dev`)",
        )
    ]


class PrismaSync(Struct, frozen=True):
    """What :func:`prisma_differences` found: the ``DBN029`` errors, and the
    schema files' ``// dbnamelint:`` directives that may excuse them."""

    diagnostics: tuple[Diagnostic, ...] = ()
    directives: tuple[DirectiveSpan, ...] = ()


def prisma_differences(
    files: Sequence[SourceFile],
    events: Sequence[Event],
    directives: Sequence[DirectiveSpan] = (),
) -> PrismaSync:
    """``DBN029`` for each name a Prisma schema and its migrations' final
    state disagree on, for every Prisma migrations folder among ``files``
    (``events``: the run's, in file order), with each schema file's
    directive comments. ``directives`` (the run's, of the SQL files): a
    column no field maps whose migration statement carries an
    ``ignore[DBN029]`` is reported at that statement, so the directive there
    excuses it and only it. Reads each folder's schema (through the run's
    reader, so a pre-commit run reads staged copies) and records the paths
    it looked at for the run cache; never raises."""
    out: list[Diagnostic] = []
    spans: list[DirectiveSpan] = []
    excusing = [span for span in directives if _excuses_drift(span)]
    for migrations, found in migrations_folders(files).items():
        schema = _read_schema(migrations)
        if schema is None or schema.multi_schema or schema.provider == "mongodb":
            continue
        spans += schema.directives
        final = _final_state(found, events)
        # Named from the folder holding the migrations, the same in the gate's
        # copy of the base tree as here (the gate compares messages).
        holder = Path(migrations).parent
        named = (
            schema.paths[0]
            if len(schema.paths) == 1
            else os.path.join(os.path.commonpath(schema.paths), "*.prisma")  # noqa: PTH118
        )
        shown = Path(os.path.relpath(named, holder)).as_posix()
        claimed: set[str] = set()
        for path, model in schema.models:
            out += _model_diagnostics(path, model, final, shown, claimed, excusing)
        if schema.provider in _ENUM_TYPES:
            mapped: set[str] = set()
            for path, enum in schema.enums:
                out += _enum_diagnostics(path, enum, final)
                key = final.key(enum.database_name, True, ObjectKind.TYPE)
                renamed = _renamed_from(final.types, key, final, ObjectKind.TYPE)
                mapped.add(key)
                if renamed is not None:  # said at the enum already
                    mapped.add(final.key(renamed.name, renamed.quoted, ObjectKind.TYPE))
            out += _unmapped_types(final, mapped, shown)
        for key, table in final.tables.items():
            if key in claimed or key == final.key(_MIGRATIONS_TABLE, True, ObjectKind.TABLE):
                continue
            name = stored_name(table)
            if name in schema.join_tables:
                continue  # an implicit many-to-many relation's: its list fields map it
            how = (
                f"renamed to it by migration {_migration(table)}"
                if table.previous_names
                else f"created by migration {_migration(table)}"
            )
            out.append(
                _error(
                    table.location,
                    f"table '{name}' ({how}) is mapped by no model of {shown}: {_NEXT} "
                    "would drop it with its rows; add a model for it (`prisma db pull` writes "
                    f"one; @@map({prisma_string(name)}) keeps the model's own name), or drop it in "
                    "a migration",
                )
            )
    return PrismaSync(tuple(out), tuple(spans))


def _excuses_drift(span: DirectiveSpan) -> bool:
    """Whether a directive of ``span`` lists ``DBN029``."""
    for comment in span.comments:
        directive = parse_directive(comment)
        if isinstance(directive, Directive) and any(
            (info := lookup_diagnostic(key)) is not None and info.code == PRISMA_SCHEMA_CODE
            for key in directive.rules or ()
        ):
            return True
    return False


#: A Prisma implicit many-to-many table, or a name on it: not judged.
PRISMA_JOIN_TABLE_CODE = "DBN035"


class JoinTables(Struct, frozen=True):
    """What :func:`without_join_tables` left out: the findings kept, one
    ``DBN035`` note per join table, and the ``id`` of each object whose
    findings went (the run's model holds them meanwhile)."""

    findings: list[Finding]
    notes: list[Diagnostic]
    objects: frozenset[int] = frozenset()

    def stale(self, applied: Applied, whitelist: Whitelist) -> tuple[StaleEntry, ...]:
        """``applied.stale`` with the reason of an entry of a join table's
        object saying so (the object still breaks the rules it names)."""
        if not self.objects:
            return applied.stale
        joined = {
            entry.location
            for entry, found in zip(whitelist.entries, applied.resolved, strict=False)
            if found is not None and not found.renamed and id(found.obj) in self.objects
        }
        return tuple(
            replace(
                stale,
                reason=f"names Prisma's implicit many-to-many table, whose names are not "
                f"judged ({PRISMA_JOIN_TABLE_CODE}): delete this entry",
            )
            if stale.location in joined
            else stale
            for stale in applied.stale
        )


def join_table_test(files: Sequence[SourceFile]) -> Callable[[SchemaObject], bool]:
    """Whether an object is a Prisma implicit many-to-many table of the
    migrations folders among ``files`` (see :func:`without_join_tables`), for
    ``migrate``, which renames none (each folder's schema read once)."""
    joins = _joins(files)
    return lambda obj: _is_join(obj, joins)


def _is_join(obj: SchemaObject, joins: dict[str, frozenset[str]]) -> bool:
    """Whether ``obj`` is, or is on, a join table of ``joins`` (:func:`_joins`)
    made in that table's migrations folder; the folder (a lock file's stat
    for one not named ``migrations``) is looked up only for a join table's name."""
    table = _table_of(obj)
    if table is None or not any(table in names for names in joins.values()):
        return False
    folder = _folder_of(obj.source.path)
    return folder is not None and table in joins.get(folder, ())


def _joins(files: Sequence[SourceFile]) -> dict[str, frozenset[str]]:
    """Migrations folder (as shown) -> the join tables its schema declares."""
    joins: dict[str, frozenset[str]] = {}
    for migrations in migrations_folders(files):
        schema = _read_schema(migrations)
        if schema is not None and schema.join_tables:
            joins[migrations] = schema.join_tables
    return joins


def without_join_tables(files: Sequence[SourceFile], findings: Sequence[Finding]) -> JoinTables:
    """``findings`` less those on a Prisma implicit many-to-many table (the
    ``_OrderToTag`` of two list fields ``tags Tag[]``/``orders Order[]``) or
    on its columns ``A``/``B``, keys and indexes, with one ``DBN035`` note per
    such table. Prisma names those from the models and the relation
    (prisma.io, "Relations > Many-to-many > Conventions for relation
    tables") and no ``@@map`` renames them: a migration renaming one makes
    the next ``prisma migrate dev`` drop it, with the links, and create it
    again (trial s26 ghostfolio, ``prisma migrate diff``). The way to another
    name is an explicit relation model, which the note says. Only tables of
    the migrations folders among ``files`` whose schema declares the relation
    count; never raises."""
    if not any((_table_of(f.object) or "").startswith("_") for f in findings):
        return JoinTables(list(findings), [])
    joins = _joins(files)
    if not joins:
        return JoinTables(list(findings), [])
    kept: list[Finding] = []
    noted: dict[str, Finding] = {}
    objects: set[int] = set()
    for finding in findings:
        if _is_join(finding.object, joins):
            noted.setdefault(_table_of(finding.object) or "", finding)
            objects.add(id(finding.object))
            continue
        kept.append(finding)
    notes = [
        Diagnostic(
            first.object.location if first.object.kind is ObjectKind.TABLE else first.location,
            Severity.INFO,
            f"table '{table}' is Prisma's implicit many-to-many table (named from the "
            "relation's two models, with columns A and B): its names are not judged, since "
            "no @@map renames it and a migration renaming it makes the next `prisma migrate "
            "dev` drop it, with its rows, and create it again; for other names, make the "
            "relation explicit (a model with @@map, and a migration moving the rows)",
            PRISMA_JOIN_TABLE_CODE,
        )
        for table, first in noted.items()
    ]
    return JoinTables(kept, notes, frozenset(objects))


def _table_of(obj: SchemaObject) -> str | None:
    return obj.name if obj.kind is ObjectKind.TABLE else obj.table


def _folder_of(path: str) -> str | None:
    """The Prisma migrations folder (as shown) of a migration's path, else None:
    ``migrations/<name>/migration.sql``, or the same in a folder of another
    name that holds Prisma's ``migration_lock.toml`` (formbricks'
    ``packages/database/migration/``, named in its ``prisma.config.ts``:
    trial s26, where ``DBN029`` never ran)."""
    parts = PurePosixPath(path.replace("\\", "/")).parts
    if len(parts) < 3 or parts[-1] != "migration.sql":
        return None
    folder = PurePosixPath(*parts[:-2]).as_posix()
    return folder if is_prisma_migration(parts) or _is_file(Path(folder) / PRISMA_LOCK) else None
