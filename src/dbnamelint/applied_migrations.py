"""Which migrations a database has applied, from its migration tool's table,
against the migration files the project has.

``drift`` reports objects only in the files; when the tool's table says the
files that create them were never applied, that drift is "not migrated
yet", not "changed by hand". Each tool records versions its own way (from
its documentation and source):

- golang-migrate: ``schema_migrations (version bigint, dirty boolean)``, one
  row, the current version; every file up to it counts as applied.
  ``dirty`` is set while a migration runs and stays set when it failed
  (``migrate force V`` clears it). Files ``<version>_<title>.up.<ext>``.
- goose: ``goose_db_version (id, version_id, is_applied, tstamp)``, a row per
  up or down; a version's latest row (highest ``id``) says whether it is
  applied; version 0 is the row goose inserts when it makes the table.
  Files ``<version>_<name>.sql`` or ``.go``.
- mattermost/morph (focalboard, Mattermost's plugins): ``schema_migrations
  (version bigint, name varchar)``, a row per applied up file
  ``<version>_<name>.up.sql`` (golang-migrate's names), compared as numbers
  (trial s24 focalboard: read as dbmate's text, ``10`` sorted before ``2``).
- dbmate: ``schema_migrations (version varchar)``, a row per applied file
  ``<version>_<name>.sql`` (the version is the leading digits, as text).
- pop (and Ory's popx): ``schema_migration (version varchar)`` unless its
  ``migration_table_name`` option names another (supabase/auth:
  ``schema_migrations``), a row per applied up file
  ``<version>_<name>[.<dialect>].up.sql`` (the leading digits, as text,
  compared as text: :mod:`dbnamelint.pop`). Read in a project whose Go
  module runs pop, from the table its ``database.yml`` names or, without
  one, ``schema_migration`` and ``schema_migrations``, even when the files
  create that table themselves (supabase/auth does).
- postgres-migrations (npm): ``migrations (id integer, name, hash,
  executed_at)`` in the first schema of the search_path, a row per applied
  file ``<id>[-_]<name>.sql`` (id 0 is the runner's own migration). Read
  where a folder of the files is the runner's (its ``package.json``:
  :mod:`dbnamelint.postgres_migrations`), from the schema the caller says,
  even when the files create a table of that name.
- Flyway: ``flyway_schema_history (version, type, success, ...)``, a row per
  run; ``version`` is NULL for repeatable scripts, ``success`` false for a
  failed one; a ``BASELINE`` row (``flyway baseline``) and a baseline
  migration's ``SQL_BASELINE`` row (``B<version>__x.sql`` run on a new
  database) stand for every version up to theirs. Files
  ``V<version>__<description>.sql`` (``1.0`` is ``1``; ``_`` is ``.``).
- Diesel: ``__diesel_schema_migrations (version varchar, run_on)``, a row per
  applied folder ``<version>_<name>/up.sql`` (:func:`diesel_version`).
- sqlx: ``_sqlx_migrations (version bigint, description, installed_on,
  success, checksum, execution_time)``, a row per applied file
  ``<version>_<description>.sql`` or ``.up.sql`` (the version is the number
  before the first ``_``); ``success`` false marks a migration that failed
  part-way, which ``sqlx migrate run`` refuses to go past.
- Prisma: ``_prisma_migrations (id, checksum, finished_at, migration_name,
  logs, rolled_back_at, started_at, applied_steps_count)``, a row per
  attempt at a folder ``<name>/migration.sql``, ``migration_name`` the
  folder's name; applied when ``finished_at`` is set and ``rolled_back_at``
  is not (prisma-engines ``diagnose_migration_history``), failed when
  neither is set (``migrate deploy`` stops on it: "found failed
  migrations", until ``prisma migrate resolve``); a row rolled back is
  neither.

- Rails (``schema_format = :sql``): ``schema_migrations (version varchar)``,
  a row per applied ``db/migrate/<version>_<name>.rb``; the files are the
  dump ``db/structure.sql``, which creates that table itself and lists the
  versions of the database it was dumped from (:mod:`dbnamelint.rails_dump`).
  A version the dump lists and the database lacks is a pending migration:
  what differs in the dump is not migrated yet (:func:`rails_state`).

- concourse (its own runner, ``atc/db/migration/migration.go``):
  ``migrations_history (version bigint, tstamp timestamptz, direction
  varchar, status varchar, dirty boolean)``, a row per run of one
  migration, ``direction`` ``up`` or ``down``, ``status`` ``passed`` or
  ``failed`` (the migration's transaction rolled back). Like
  golang-migrate's, the version is one number: ``CurrentVersion`` takes the
  latest row (``ORDER BY tstamp DESC``) whose status is not ``failed``; its
  version, or after a ``down`` the version before it among the migration
  files; every file up to it counts as applied (``Migrate`` runs the ``up``
  files above it). A database migrated from golang-migrate's table has one
  row for that version and none before it. A version whose latest row
  failed is named; the runner tries it again at its next start. Files
  ``<version>_<name>.up.sql`` or ``.up.go``. The ``schema_migrations`` such
  a database kept from before (the runner reads it once and leaves it) is
  not read beside it.

Everything here is pure: the query is the caller's to run (read-only), the
folder listing its to make.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Sequence
from pathlib import PurePosixPath

from msgspec import Struct, field

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.dialects import profile_for
from dbnamelint.goose_names import goose_version
from dbnamelint.model import ObjectKind, Schema, SchemaObject
from dbnamelint.pop import up_version as pop_version
from dbnamelint.postgres_migrations import migration_id as runner_id

#: A version as compared: numbers part by part (Flyway ``1.2``, others one part) or text.
Version = tuple[int, ...]


class VersionTable(Struct, frozen=True):
    """A migration tool's version table found in the database, and how to read it."""

    tool: str
    table: str  # qualified name, for messages
    query: str  # empty: the table's shape is not the tool's (``unreadable`` says why)
    unreadable: str | None = None


class MigrationState(Struct, frozen=True):
    """What the version table says against the files.

    ``unapplied``: ``(version, path)`` of each file the database has not
    applied, in version order; ``missing``: versions applied with no file;
    ``failed``: versions whose last run failed (Flyway ``success`` false).
    """

    tool: str
    table: str
    current: str | None = None
    unapplied: tuple[tuple[str, str], ...] = ()
    missing: tuple[str, ...] = ()
    failed: tuple[str, ...] = ()
    dirty: bool = False
    unreadable: str | None = None
    files: int = 0  # how many migration files of the tool the project has
    explained: frozenset[str] = field(default_factory=frozenset)  # unapplied paths

    def notes(self) -> tuple[str, ...]:
        """The lines ``drift`` prints about it (without a ``note:`` prefix)."""
        where = f"{self.tool}'s {self.table}"
        if self.unreadable is not None:
            return (f"{where}: could not be read ({self.unreadable})",)
        at = (
            f"the database is at version {self.current}"
            if self.current is not None
            else "the database has applied no migration"
        )
        out = []
        if self.tool == "Rails":
            return self._rails_notes(f"Rails' {self.table}")
        if not self.files:
            out.append(
                f"{at} ({where}); no migration file is named as {self.tool} names them "
                "(another tool may keep a table of this name), so which are applied is "
                "not compared"
            )
        elif self.unapplied:
            listed = ", ".join(path for _, path in self.unapplied)
            out.append(
                f"{at} ({where}); {_count(len(self.unapplied), 'migration file')} "
                f"{'is' if len(self.unapplied) == 1 else 'are'} not applied: {listed}; "
                "what only they create or rename is not migrated yet, not changed by hand"
            )
        else:
            out.append(f"{at} ({where}); all {self.files} of its migration files are applied")
        if self.missing:
            out.append(
                f"the database has applied {_count(len(self.missing), 'version')} with no "
                f"migration file any more: {', '.join(self.missing)}"
            )
        if self.failed and self.tool == "concourse":
            out.append(
                f"migration {', '.join(self.failed)} failed ({where}: its latest row's status "
                "is 'failed'; the runner rolled it back and runs it again at its next start)"
            )
        elif self.failed and self.tool == "Prisma":
            out.append(
                f"migration {', '.join(self.failed)} failed ({where}: finished_at and "
                "rolled_back_at are null; prisma migrate deploy stops on it until "
                "`prisma migrate resolve`)"
            )
        elif self.failed:
            out.append(f"migration {', '.join(self.failed)} failed ({where} success is false)")
        if self.dirty and self.tool == "concourse":
            out.append(
                f"{where}'s latest row is dirty: a migration failed part-way, so the "
                "database may hold part of it"
            )
        elif self.dirty:
            out.append(
                f"{where} is dirty: migration {self.current} failed part-way, so the "
                "database may hold part of it; fix it by hand, then `migrate force`"
            )
        return tuple(out)

    def _rails_notes(self, where: str) -> tuple[str, ...]:
        dump = next(iter(self.explained), "the dump")
        out = []
        if self.unapplied:
            listed = ", ".join(v if p == dump else f"{v} ({p})" for v, p in self.unapplied)
            out.append(
                f"the database is behind the files: {where} lacks "
                f"{_count(len(self.unapplied), 'version')} {dump} lists, pending "
                f"{'migration' if len(self.unapplied) == 1 else 'migrations'} {listed}; "
                f"what differs in {dump} is not migrated yet, not changed by hand "
                "(run `bin/rails db:migrate`)"
            )
        else:
            out.append(f"{where} holds all {self.files} versions the dump lists")
        if self.missing:
            out.append(
                f"the database has applied {_count(len(self.missing), 'version')} the dump "
                f"does not list: {', '.join(self.missing)} (a migration of another branch, "
                "or a dump not regenerated)"
            )
        return tuple(out)


def _count(n: int, what: str) -> str:
    return f"{n} {what}" if n == 1 else f"{n} {what}s"


# -- finding the table -----------------------------------------------------------


def version_tables(
    database: Schema,
    kept: Schema,
    pop_tables: Collection[str] = (),
    runner_table: tuple[str, str] | None = None,
) -> tuple[VersionTable, ...]:
    """The version tables of ``database`` (as read) that ``kept`` (after the tool
    tables were left out) no longer has: tables the files create themselves
    are the project's own, not a tool's. ``pop_tables``: the names pop's
    table may have in a project that runs pop (:func:`dbnamelint.pop.migration_tables`);
    such a table with a ``version`` column (and no ``dirty``: golang-migrate's)
    is pop's even when the files create it. ``runner_table``: ``(schema,
    name)`` of postgres-migrations' table where the files are its; with an
    ``id`` and a ``hash`` column it is the runner's, files or not."""
    still = {(o.schema, o.name) for o in kept.of_kind(ObjectKind.TABLE)}
    pop = {name.casefold() for name in pop_tables}
    columns: dict[tuple[str | None, str], dict[str, SchemaObject]] = {}
    for c in database.of_kind(ObjectKind.COLUMN):
        columns.setdefault((c.table_schema, c.table or ""), {})[c.name.casefold()] = c
    out: list[VersionTable] = []
    for t in database.of_kind(ObjectKind.TABLE):
        cols = columns.get((t.schema, t.name), {})
        schema = t.schema or profile_for(t.source.dialect).default_schema or ""
        if (
            runner_table is not None
            and (schema.casefold(), t.name.casefold()) == runner_table
            and {"id", "hash"} <= set(cols)
        ):
            out.append(
                VersionTable("postgres-migrations", t.qualified_name, _select(t, cols, "id"))
            )
            continue
        if t.name.casefold() in pop and "version" in cols and "dirty" not in cols:
            out.append(_pop(t, cols))
            continue
        if (t.schema, t.name) in still or t.name.casefold() not in _TOOLS_OF:
            continue
        out.append(_shape(t, cols))
    concourse = {
        v.table.rpartition(".")[0] for v in out if v.tool == "concourse" and v.query
    }  # concourse reads golang-migrate's table once, then keeps its own
    return tuple(
        v
        for v in out
        if not (v.tool == "golang-migrate" and v.table.rpartition(".")[0] in concourse)
    )


def rails_table(database: Schema) -> VersionTable | None:
    """Rails' ``schema_migrations`` of ``database`` (as read), the default
    schema's first, read as ``SELECT version``; None without one. Rails'
    dump creates it, so :func:`version_tables` leaves it to the project."""
    columns: dict[tuple[str | None, str], dict[str, SchemaObject]] = {}
    for c in database.of_kind(ObjectKind.COLUMN):
        columns.setdefault((c.table_schema, c.table or ""), {})[c.name.casefold()] = c
    found = [
        t
        for t in database.of_kind(ObjectKind.TABLE)
        if t.name.casefold() == "schema_migrations"
        and "version" in columns.get((t.schema, t.name), {})
    ]
    if not found:
        return None
    default = profile_for(found[0].source.dialect).default_schema
    table = min(found, key=lambda t: (t.schema not in (None, default), t.schema or ""))
    cols = columns[(table.schema, table.name)]
    return VersionTable("Rails", table.qualified_name, _select(table, cols, "version"))


def _select(
    table: SchemaObject, cols: dict[str, SchemaObject], *names: str, order: str = ""
) -> str:
    """``SELECT <names> FROM <table> [ORDER BY <order>]``, every identifier quoted."""
    profile = profile_for(table.source.dialect)
    where = profile.quote(table.name)
    if table.schema:
        where = f"{profile.quote(table.schema)}.{where}"
    listed = ", ".join(profile.quote(cols[n].name) for n in names)
    tail = f" ORDER BY {profile.quote(cols[order].name)}" if order else ""
    return f"SELECT {listed} FROM {where}{tail}"


def _pop(table: SchemaObject, cols: dict[str, SchemaObject]) -> VersionTable:
    """pop's table: a row per applied version."""
    return VersionTable("pop", table.qualified_name, _select(table, cols, "version"))


_TOOLS_OF = {
    "schema_migrations": "golang-migrate/dbmate",
    "goose_db_version": "goose",
    "flyway_schema_history": "Flyway",
    "__diesel_schema_migrations": "Diesel",
    "_sqlx_migrations": "sqlx",
    "schema_migration": "pop",
    "_prisma_migrations": "Prisma",
    "migrations_history": "concourse",
}


def _shape(table: SchemaObject, cols: dict[str, SchemaObject]) -> VersionTable:
    """How to read ``table`` as its tool wrote it, or why it cannot be."""
    name = table.name.casefold()

    def select(*names: str, order: str = "") -> str:
        return _select(table, cols, *names, order=order)

    has = set(cols)
    if name == "schema_migration":
        if "version" in has:
            return _pop(table, cols)
        wanted, tool = "version", "pop"
    elif name == "schema_migrations":
        if {"version", "dirty"} <= has:
            return VersionTable("golang-migrate", table.qualified_name, select("version", "dirty"))
        if {"version", "name"} <= has:
            return VersionTable("morph", table.qualified_name, select("version"))
        if "version" in has:
            return VersionTable("dbmate", table.qualified_name, select("version"))
        wanted, tool = "version, dirty (golang-migrate) or version (dbmate)", _TOOLS_OF[name]
    elif name == "goose_db_version":
        if {"id", "version_id", "is_applied"} <= has:
            return VersionTable(
                "goose", table.qualified_name, select("version_id", "is_applied", order="id")
            )
        wanted, tool = "id, version_id, is_applied", "goose"
    elif name == "flyway_schema_history":
        if {"version", "success", "type"} <= has:
            return VersionTable(
                "Flyway", table.qualified_name, select("version", "success", "type")
            )
        if {"version", "success"} <= has:
            return VersionTable("Flyway", table.qualified_name, select("version", "success"))
        wanted, tool = "version, success", "Flyway"
    elif name == "_sqlx_migrations":
        if {"version", "success"} <= has:
            return VersionTable(
                "sqlx", table.qualified_name, select("version", "success", order="version")
            )
        wanted, tool = "version, success", "sqlx"
    elif name == "_prisma_migrations":
        if {"migration_name", "finished_at", "rolled_back_at"} <= has:
            return VersionTable(
                "Prisma",
                table.qualified_name,
                select("migration_name", "finished_at", "rolled_back_at"),
            )
        wanted, tool = "migration_name, finished_at, rolled_back_at", "Prisma"
    elif name == "migrations_history":
        if {"version", "tstamp", "direction", "status"} <= has:
            read = ("version", "direction", "status", *(("dirty",) if "dirty" in has else ()))
            return VersionTable("concourse", table.qualified_name, select(*read, order="tstamp"))
        wanted, tool = "version, tstamp, direction, status", "concourse"
    else:
        if "version" in has:
            return VersionTable("Diesel", table.qualified_name, select("version"))
        wanted, tool = "version", "Diesel"
    found = ", ".join(c.name for c in cols.values()) or "none"
    return VersionTable(
        tool,
        table.qualified_name,
        "",
        f"its columns are {found}, not the {wanted} expected",
    )


# -- the files' versions -----------------------------------------------------------

_GOLANG_MIGRATE = lazy_compile(r"^(\d+)_[^/]*\.up\.[^./]+$", re.IGNORECASE)
_DBMATE = lazy_compile(r"^(\d+)_[^/]*\.sql$", re.IGNORECASE)
_FLYWAY = lazy_compile(r"^V(\d+(?:[._]\d+)*)__", re.IGNORECASE)
_SQLX = lazy_compile(r"^(\d+)_[^/]*\.sql$", re.IGNORECASE)


def diesel_version(folder: str) -> str:
    """Diesel's version of a migration folder: the name up to the first ``_``,
    dashes removed (``2017-08-31-210424_x`` is ``20170831210424``)."""
    return folder.partition("_")[0].replace("-", "")


def _flyway_version(text: str) -> Version:
    parts = [int(p) for p in re.split(r"[._]", text)]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()  # Flyway's MigrationVersion: 1.0 is 1
    return tuple(parts)


def file_versions(tool: str, paths: Iterable[str]) -> dict[Version | str, str]:
    """Version -> path of each of ``paths`` named as ``tool`` names a migration
    (the first file of a version wins; DBN016 reports the others)."""
    out: dict[Version | str, str] = {}
    for path in paths:
        pure = PurePosixPath(path.replace("\\", "/"))
        name = pure.name
        key: Version | str | None = None
        if tool in ("golang-migrate", "concourse", "morph"):
            m = _GOLANG_MIGRATE.match(name)
            key = (int(m.group(1)),) if m else None
        elif tool == "goose":
            found = goose_version(name)
            key = (found,) if found is not None else None
        elif tool == "dbmate":
            m = _DBMATE.match(name)
            key = m.group(1) if m and not name.lower().endswith(".down.sql") else None
        elif tool == "Flyway":
            m = _FLYWAY.match(name)
            key = _flyway_version(m.group(1)) if m and name[0] in "Vv" else None
        elif tool == "sqlx":
            m = _SQLX.match(name)
            # sqlx's from_filename: case-sensitive, 1_x.DOWN.sql is a forward migration
            key = (int(m.group(1)),) if m and not name.endswith(".down.sql") else None
        elif tool == "pop":
            key = pop_version(name)
        elif tool == "postgres-migrations":
            found = runner_id(name)
            key = (found,) if found is not None else None
        elif tool == "Diesel" and name.lower() == "up.sql":
            key = diesel_version(pure.parent.name)
        elif tool == "Prisma" and name == "migration.sql" and pure.parent.name:
            key = pure.parent.name  # migration_name: the folder's name
        if key is not None:
            out.setdefault(key, path)
    return out


# -- comparing -----------------------------------------------------------------------


def _shown(version: Version | str) -> str:
    return version if isinstance(version, str) else ".".join(map(str, version))


def _order(tool: str) -> Callable[[Version | str], Version | str]:
    """How ``tool`` orders its versions, so "current" and "not applied" are its own.

    golang-migrate (``uint``), goose and sqlx (``int64``) compare numbers;
    Flyway compares its ``1.2.3`` parts as numbers (``MigrationVersion``;
    trailing zeros dropped, so a tuple compares as it does). Diesel's
    ``MigrationVersion`` is a string with a derived ``Ord``, and its
    ``applied_migrations`` orders ``version DESC`` as text: a folder
    ``2026-12-01-110000-0000_x`` (``202612011100000000``) comes before
    ``2026-12-02-143855_y`` (``20261202143855``), whatever their length.
    dbmate sorts its files by name (``FindMigrations``: ``FileName <``), the
    version first and the ``_`` after it, which the key ``version + "_"``
    reproduces: ``10_b.sql`` before ``1_a.sql``. pop compares its versions as
    text (``UpMigrations.Less``), as the key itself does, and so does Prisma
    its folder names (``listMigrations`` sorts them by name).
    """
    if tool == "dbmate":
        return lambda v: v + "_" if isinstance(v, str) else v
    return lambda v: v


def compare_versions(
    table: VersionTable, rows: Sequence[Sequence[object]], paths: Iterable[str]
) -> MigrationState:
    """What ``rows`` (``table.query``'s result) say against the files at ``paths``.

    A value of an unexpected type (a version that is no number where the
    tool writes numbers) makes the state unreadable, never an exception.
    """
    files = file_versions(table.tool, paths)
    order = _order(table.tool)
    try:
        applied, baseline, failed, dirty = _applied(table.tool, rows, sorted(files, key=order))
    except (TypeError, ValueError) as exc:
        return MigrationState(
            table.tool, table.table, unreadable=f"unexpected value: {exc}", files=len(files)
        )
    if not files:  # nothing to compare with: report the version only
        current = max([*applied, *([baseline] if baseline else [])], key=order, default=None)
        shown = None if current is None else _shown(current)
        return MigrationState(table.tool, table.table, current=shown, dirty=dirty)
    if table.tool in ("golang-migrate", "concourse"):
        # One version, the current one: every file up to it was applied.
        baseline, applied = (max(applied), set()) if applied else (None, set())
    current = max(
        [*applied, *([baseline] if baseline is not None else [])], key=order, default=None
    )
    unapplied = sorted(
        (
            v
            for v in files
            if v not in applied
            and (baseline is None or (v != baseline and max(v, baseline, key=order) == v))
        ),
        key=order,
    )
    missing = sorted((v for v in applied if v not in files), key=order)
    one_version = table.tool in ("golang-migrate", "concourse")
    if one_version and current is not None and current not in files:
        missing = [current]
    return MigrationState(
        tool=table.tool,
        table=table.table,
        current=None if current is None else _shown(current),
        unapplied=tuple((_shown(v), files[v]) for v in unapplied),
        missing=tuple(_shown(v) for v in missing),
        failed=tuple(_shown(v) for v in sorted(failed, key=order)),
        dirty=dirty,
        files=len(files),
        explained=frozenset(files[v] for v in unapplied),
    )


def _truth(value: object) -> bool:
    """A boolean column as each driver returns it (PostgreSQL bool, MySQL 0/1)."""
    if isinstance(value, (bool, int)):
        return bool(value)
    if isinstance(value, (bytes, str)):
        return value not in (b"\x00", b"0", "0", "f", "false", "")
    raise TypeError(f"{value!r} is not a boolean")


def _number(value: object) -> Version:
    if isinstance(value, bool) or not isinstance(value, (int, str, bytes)):
        raise TypeError(f"version {value!r} is not a number")
    return (int(value),)


#: Flyway's types of a baseline migration's row (``B<n>__x.sql``: ``SQL_BASELINE``;
#: ``BaselineMigrationType``): applied on a new database instead of every
#: versioned migration up to its version, so it stands for them as ``BASELINE`` does.
_BASELINE_MIGRATIONS = frozenset({"SQL_BASELINE", "JDBC_BASELINE"})


def _applied(
    tool: str, rows: Sequence[Sequence[object]], versions: Sequence[Version | str] = ()
) -> tuple[set[Version | str], Version | str | None, set[Version | str], bool]:
    """(applied versions, baseline version, failed versions, dirty) from
    ``rows``; ``versions``: the files', in the tool's order (concourse's
    ``down`` leaves the database at the one before)."""
    applied: set[Version | str] = set()
    failed: set[Version | str] = set()
    baseline: Version | str | None = None
    dirty = False
    if tool == "golang-migrate":
        for version, is_dirty in rows:
            if _number(version)[0] >= 0:  # -1: golang-migrate's NilVersion
                applied.add(_number(version))
            dirty = dirty or _truth(is_dirty)
    elif tool == "goose":
        state: dict[Version | str, bool] = {}
        for version, is_applied in rows:
            state[_number(version)] = _truth(is_applied)  # ordered by id: the last row wins
        applied = {v for v, on in state.items() if on and v != (0,)}
    elif tool == "concourse":
        return _concourse(rows, versions)
    elif tool == "morph":
        applied = {_number(version) for (version, *_rest) in rows}
    elif tool == "postgres-migrations":
        # id 0: the runner's own migration, which makes the table
        applied = {v for (version,) in rows if (v := _number(version)) != (0,)}
    elif tool == "Prisma":
        for name, finished_at, rolled_back_at in rows:
            if not isinstance(name, str):
                raise TypeError(f"migration_name {name!r} is not text")
            if rolled_back_at is not None:
                continue  # `migrate resolve --rolled-back`: neither applied nor failed
            (applied if finished_at is not None else failed).add(name)
    elif tool == "sqlx":
        for version, success in rows:
            (applied if _truth(success) else failed).add(_number(version))
    elif tool == "Flyway":
        for row in rows:
            version, success = row[0], row[1]
            kind = str(row[2]).upper() if len(row) > 2 and row[2] is not None else ""
            if version is None or kind in ("SCHEMA", "DELETE"):
                continue  # a repeatable script, the schema's creation, a deleted row
            parsed = _flyway_version(str(version))
            if kind == "BASELINE" or (kind in _BASELINE_MIGRATIONS and _truth(success)):
                baseline = max(parsed, baseline) if baseline else parsed
            elif _truth(success):
                applied.add(parsed)
                failed.discard(parsed)
            else:
                failed.add(parsed)
    else:  # dbmate, Diesel, pop: a row per applied version, as text
        for (version,) in rows:
            if not isinstance(version, (str, int)):
                raise TypeError(f"version {version!r} is not text")
            applied.add(str(version))
    return applied, baseline, failed, dirty


def _concourse(
    rows: Sequence[Sequence[object]], versions: Sequence[Version | str]
) -> tuple[set[Version | str], None, set[Version | str], bool]:
    """concourse's ``migrations_history`` rows (ordered by ``tstamp``) as
    ``CurrentVersion`` reads them: the latest row not ``failed`` is the
    version, or, after a ``down``, the version before it among ``versions``
    (none before the first); failed: versions whose latest row failed;
    dirty: the latest row's ``dirty``."""
    last: tuple[Version, str] | None = None
    failed: set[Version | str] = set()
    dirty = False
    for row in rows:
        version, direction, status = _number(row[0]), str(row[1]), str(row[2])
        dirty = len(row) > 3 and row[3] is not None and _truth(row[3])
        if status == "failed":
            failed.add(version)
            continue
        failed.discard(version)
        last = (version, direction)
    if last is None:
        return set(), None, failed, dirty
    current: Version | str | None = last[0]
    if last[1] == "down" and last[0] in versions:
        at = list(versions).index(last[0])
        current = versions[at - 1] if at > 0 else None
    return ({current} if current is not None else set()), None, failed, dirty


def rails_state(
    table: str,
    rows: Sequence[Sequence[object]],
    dump: str,
    recorded: Collection[str],
    migrations: Iterable[str] = (),
) -> MigrationState:
    """What Rails' ``schema_migrations`` ``rows`` (``SELECT version``) say
    against the versions the dump at ``dump`` lists (``recorded``):
    ``unapplied`` pairs each pending version with its migration among
    ``migrations`` (``db/migrate/*.rb`` paths), else ``dump``; ``explained``
    is ``dump`` while any is pending, since a dump does not say which of its
    statements which migration made. A value that is not text makes the
    state unreadable."""
    try:
        applied = {_text(version) for (version, *_) in rows}
    except TypeError as exc:
        return MigrationState("Rails", table, unreadable=f"unexpected value: {exc}")
    files: dict[str, str] = {}
    for path in migrations:
        m = _RAILS.match(PurePosixPath(path.replace("\\", "/")).name)
        if m:
            files.setdefault(m.group(1), path)
    pending = sorted(v for v in recorded if v not in applied)
    return MigrationState(
        tool="Rails",
        table=table,
        current=max(applied, key=lambda v: (len(v), v), default=None),
        unapplied=tuple((v, files.get(v, dump)) for v in pending),
        missing=tuple(sorted(v for v in applied if v not in recorded)),
        files=len(recorded),
        explained=frozenset({dump}) if pending else frozenset(),
    )


_RAILS = lazy_compile(r"^(\d+)_\w+\.rb$")


def _text(value: object) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise TypeError(f"version {value!r} is not text")
    return str(value)
