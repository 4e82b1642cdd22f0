"""A migration new since the gate's base whose version sorts below one
already committed (``DBN016``), and what its runner does with it.

A new database runs such a file before the committed one (in version order,
as dbnamelint replays them); a database already migrated past that version
meets it afterwards, and each runner does something else with it (read in
their code; the files named are the runners' own):

- never applied, silently: golang-migrate (``Migrate.Up`` reads the one
  version ``schema_migrations`` holds and runs ``sourceDrv.Next`` from there,
  ``migrate.go``); Authelia (``loadMigrations`` skips every version at or
  below the database's, ``internal/storage/migrations.go``). An error.
- refused: Flyway (``outOfOrder`` is off by default: "Detected resolved
  migration not applied to database"); Kysely's ``Migrator``
  (``allowUnorderedMigrations`` is off by default: "corrupted migrations:
  expected previously executed migration ... to be at index ...", which
  stops every migration there; ``migration/migrator.js``; trial s39
  docmost); goose (``up.go``: "found N missing
  migrations before current version", unless ``-allow-missing``); the
  Supabase CLI (``pkg/migration/apply.go``: "Found local migration files to
  be inserted before the last migration on remote database.", unless
  ``--include-all``). An error.
- never applied, silently, by liamstask's goose (``bitbucket.org/liamstask/goose``,
  in a tree that runs it: :func:`dbnamelint.liamstask_goose.tree_goose`):
  ``CollectMigrations`` keeps only versions above the database's current one
  (``versionFilter``, ``lib/goose/migrate.go``). An error.
- applied, after the later ones there: dbmate (its README: "dbmate will
  simply apply the pending migration"; ``--strict`` refuses it), sqlx
  (``Migrator::run_direct`` applies every version ``_sqlx_migrations``
  lacks, ``sqlx-core/src/migrate/migrator.rs``), Diesel
  (``MigrationHarness::pending_migrations``: every version
  ``__diesel_schema_migrations`` lacks), Prisma (``apply_migrations`` of
  its schema engine: every folder ``_prisma_migrations`` lacks, for
  ``migrate deploy``), sql-migrate (``ToCatchup``, "when merges happened"),
  pop and Ory's popx (``Migrator.UpTo`` runs, in version order, every up
  migration whose version its table lacks: ``migrator.go``; in a Go module
  that runs pop, :func:`dbnamelint.go_module.runs_pop`), zdb (``Migrate.Run``
  with ``all`` runs every migration name its ``version`` table lacks, in name
  order: ``migrate.go``), Laravel (``Migrator::getMigrationFiles`` sorts the
  ``*_*.php`` names, ``pendingMigrations`` runs every one the ``migrations``
  table lacks; trial s40 BookStack).
  Whether that matters is whether the two orders end alike: a warning when
  the file touches a table (by name, case aside: created, renamed, altered,
  dropped, referenced by a key or read by a view) that a committed
  migration of a later version touches too, since databases that ran that
  one first end as the other order makes them, which the replay (a new
  database's order) does not show; an info note otherwise (what dbnamelint
  reads ends alike either way); an error when a table it touches has a name
  only a later committed migration makes (created, or given by a rename):
  a new database runs it before that name exists, and fails (trial s41
  umami: ``relation "websites" does not exist``).

Synapse (``synapse/storage/prepare_database.py``) is told apart: within a
version folder it runs the files in name order but keeps no order between
them across databases ("Different delta files for the same version *must*
be orthogonal", ``_upgrade_existing_database``), so a new ``delta/<v>/``
file named below a committed one is no fault; a new delta in a folder below
the highest committed ``delta/<M>/`` is: a database is upgraded over the
versions from its own one up (``range(start_ver, SCHEMA_VERSION + 1)``), so
every database already at version ``M`` never runs it (an error,
:func:`_synapse_late`).

Not checked: Liquibase and sqitch (the changelog's or plan's order, not the
names'), numbered and timestamped folders no known runner reads (``001_x.sql``
without a tool's marker, 14-digit names outside ``supabase/migrations``),
and Rails' ``db/migrate/*.rb``: dbnamelint reads the ``structure.sql`` dump,
which a new database loads rather than replaying the migrations.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection, Iterable, Sequence
from pathlib import Path, PurePosixPath

from msgspec import Struct

from dbnamelint import drizzle_layout, zdb_layout
from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.flyway_baselines import flyway_groups
from dbnamelint.flyway_settings import flyway_switches, out_of_order
from dbnamelint.frontends.sql.sources import diesel_version, is_rollback_file
from dbnamelint.gitutil import GitError, repository_root, run_git
from dbnamelint.go_module import GOLANG_MIGRATE, go_module_requires
from dbnamelint.liamstask_goose import LIAMSTASK, tree_goose
from dbnamelint.migration_versions import (
    DUPLICATE_VERSION_CODE,
    authelia_version,
    flyway_version,
    shown_version,
)
from dbnamelint.model import (
    Diagnostic,
    Event,
    EventOp,
    Location,
    ObjectKind,
    Severity,
    SourceFile,
)
from dbnamelint.services.code_tools import tool_of
from dbnamelint.services.migrate.layout import Layout, LayoutError, detect
from dbnamelint.synapse_layout import DELTA, history_part

_LEADING = lazy_compile(r"^(\d+)_")
#: sqlx's version: the name up to its first ``_``, parsed as Rust's ``i64``
#: (``sqlx-core`` ``migrate/source.rs``), which takes a sign: ``-1_x.sql`` is
#: version -1, below every other, ``+5_x.sql`` version 5.
_SQLX_VERSION = lazy_compile(r"^([+-]?\d+)_")
#: A Laravel migration's name as ``make:migration`` writes it (its version: the date and time).
_LARAVEL_NAME = lazy_compile(r"^\d{4}_\d{2}_\d{2}_\d{6}_\w+\.php$", re.IGNORECASE)


class _Runner(Struct, frozen=True):
    """What one runner does with a migration below the database's version."""

    #: An error: the runner refuses it or never applies it. Else it runs it
    #: later there, and the overlap with later migrations decides.
    refuses: bool
    #: What it does, ``{top}`` the highest committed version.
    reaction: str


_FLYWAY = _Runner(
    True,
    "Flyway refuses it on every database already migrated past it ('Detected resolved "
    "migration not applied to database'; outOfOrder is off by default), and with outOfOrder "
    "it runs after it there but before it on a new database",
)
_RUNNERS = {
    "golang-migrate": _Runner(
        True,
        "golang-migrate never applies it on a database already migrated past {top}: "
        "`migrate up` runs only the versions above the one schema_migrations holds, so it is "
        "skipped there without a word while a new database runs it before {top}",
    ),
    "go": _Runner(
        True,
        "golang-migrate would never apply it on a database already migrated past {top} "
        "(`migrate up` runs only the versions above the one schema_migrations holds), but "
        "the Go module here does not require golang-migrate (its go.mod): its own runner "
        "decides, a warning only",
    ),
    "Authelia": _Runner(
        True,
        "Authelia never applies it on a database already at schema version {top} or later: "
        "its storage migrations run only the versions above the database's, so it is "
        "skipped there while a new database runs it before {top}",
    ),
    "goose": _Runner(
        True,
        "goose up refuses every database already migrated past {top} ('found N missing "
        "migrations before current version'), and with -allow-missing runs it after {top} "
        "there but before it on a new database",
    ),
    "liamstask goose": _Runner(
        True,
        "liamstask's goose (bitbucket.org/liamstask/goose, which this tree runs) never applies "
        "it on a database already migrated past {top}: goose up collects only the versions "
        "above the database's current one (versionFilter), so it is skipped there without a "
        "word while a new database runs it before {top}",
    ),
    "Supabase": _Runner(
        True,
        "supabase db push refuses every database already migrated past {top} ('Found local "
        "migration files to be inserted before the last migration on remote database.'), and "
        "with --include-all runs it after {top} there but before it on a new database",
    ),
    "Kysely": _Runner(
        True,
        "Kysely's Migrator refuses to run any migration on every database already migrated "
        "past {top} ('corrupted migrations: expected previously executed migration ... New "
        "migrations must always have a name that comes alphabetically after the last executed "
        "migration'; allowUnorderedMigrations is off by default), and with "
        "allowUnorderedMigrations runs it after {top} there but before it on a new database",
    ),
    "dbmate": _Runner(
        False,
        "dbmate migrate applies it after {top} on a database already migrated past it, "
        "before it on a new one (every version schema_migrations lacks is pending; --strict "
        "refuses it)",
    ),
    "sqlx": _Runner(
        False,
        "sqlx migrate run applies it after {top} on a database already migrated past it, "
        "before it on a new one (it applies every version _sqlx_migrations lacks)",
    ),
    "Diesel": _Runner(
        False,
        "diesel migration run applies it after {top} on a database already migrated past it, "
        "before it on a new one (it runs every version __diesel_schema_migrations lacks)",
    ),
    "Prisma": _Runner(
        False,
        "prisma migrate deploy applies it after {top} on a database already migrated past it, "
        "before it on a new one (it applies every folder _prisma_migrations lacks, in name "
        "order)",
    ),
    "pop": _Runner(
        False,
        "pop (soda migrate, Migrator.Up) applies it after {top} on a database already migrated "
        "past it, before it on a new one (it runs every up migration whose version its "
        "migration table, schema_migration by default, lacks, in version order)",
    ),
    "zdb": _Runner(
        False,
        "zdb applies it after {top} on a database already migrated past it, before it on a "
        "new one (Migrate.Run runs every migration name its version table lacks, in name "
        "order)",
    ),
    "Laravel": _Runner(
        False,
        "php artisan migrate applies it after {top} on a database already migrated past it, "
        "before it on a new one (it runs every migration its migrations table lacks, in "
        "file-name order)",
    ),
    "sql-migrate": _Runner(
        False,
        "sql-migrate up applies it after {top} on a database already migrated past it, "
        "before it on a new one (it catches up on the migrations missing below the last one "
        "applied)",
    ),
}
#: The runner of each layout whose file names order its migrations.
_BY_LAYOUT = {
    Layout.GOLANG_MIGRATE: "golang-migrate",
    Layout.GOOSE: "goose",
    Layout.DBMATE: "dbmate",
    Layout.SQLX: "sqlx",
    Layout.DIESEL: "Diesel",
    Layout.PRISMA: "Prisma",
    Layout.SQL_MIGRATE: "sql-migrate",
    Layout.POP: "pop",
    Layout.ZDB: "zdb",
}
#: Runners whose migration is a folder (``<version>_x/up.sql``), not a file.
_FOLDERS = {"Diesel": "up.sql", "Prisma": "migration.sql"}
#: Kinds whose name is a relation's.
_RELATIONS = frozenset({ObjectKind.TABLE, ObjectKind.VIEW, ObjectKind.MATERIALIZED_VIEW})

Key = tuple[object, ...]


def _runner(absolute: Path) -> str | None:
    """The runner of the migration file ``absolute``, or None (no runner, or one
    that does not order migrations by their names)."""
    if authelia_version(absolute.name) is not None:
        return "Authelia"
    if _LARAVEL_NAME.match(absolute.name):
        from dbnamelint.laravel_schema import is_laravel_migration

        try:
            text = absolute.read_text("utf-8", "replace")
        except OSError:
            text = ""
        if is_laravel_migration(absolute.as_posix(), text):
            return "Laravel"
    if _kysely_name(absolute.name) is not None:
        try:
            text = absolute.read_text("utf-8", "replace")
        except OSError:
            text = ""
        found = tool_of(text)
        if found is not None and found[0] == "Kysely":
            return "Kysely"
    try:
        layout = detect(absolute)
    except LayoutError:
        return None
    if layout is Layout.FLYWAY:
        return "Flyway"
    if layout is Layout.TIMESTAMPED:
        return "Supabase" if "supabase/migrations" in absolute.as_posix() else None
    runner = _BY_LAYOUT.get(layout)
    if runner == "golang-migrate" and go_module_requires(absolute, GOLANG_MIGRATE) is False:
        return "go"  # its own runner (shiori's): what golang-migrate does is a guess
    if runner == "goose" and tree_goose(absolute) == LIAMSTASK:
        return "liamstask goose"
    return runner


def _unit(runner: str, path: PurePosixPath, cwd: Path) -> tuple[PurePosixPath, str] | None:
    """(the folder of the runner's migrations, the migration's name) of ``path``
    (relative to ``cwd``), or None when ``path`` is no forward migration of the
    runner (a rollback as its tool tells it: :func:`is_rollback_file`)."""
    if runner in _FOLDERS:
        if path.name != _FOLDERS[runner]:
            return None
        return path.parent.parent, path.parent.name
    if is_rollback_file(Path(os.path.normpath(cwd / path))):
        return None
    return path.parent, path.name


def _kysely_name(name: str) -> str | None:
    """The migration name Kysely's ``FileMigrationProvider`` gives file ``name``
    (the name up to its last ``.``; only ``.js``, ``.ts``, ``.mjs``, ``.mts``,
    not ``.d.ts``/``.d.mts``), or None for a file it does not load."""
    if name.endswith((".d.ts", ".d.mts")) or not name.endswith((".js", ".ts", ".mjs", ".mts")):
        return None
    return name[: name.rindex(".")]


def _order(runner: str, name: str) -> Key | None:
    """The runner's sort key of its migration ``name`` (a file, or Diesel's and
    Prisma's folder), None when the runner reads no version from it."""
    if runner == "Kysely":
        migration = _kysely_name(name)  # sorted as text (JavaScript's default sort)
        return (migration,) if migration is not None else None
    if runner == "Flyway":
        return flyway_version(name)
    if runner == "Authelia":
        version = authelia_version(name)
        return (version,) if version is not None else None
    if runner == "Prisma":
        return (name,)  # the schema engine sorts folder names
    if runner == "Laravel":
        return (name[:-4],)  # Migrator::getMigrationFiles sorts the names as text
    if runner == "zdb":
        migration = zdb_layout.migration_name(name)
        return (migration,) if migration is not None else None  # names sorted as text
    if runner == "sqlx":
        signed = _SQLX_VERSION.match(name)
        return (int(signed.group(1)),) if signed is not None else None
    leading = _LEADING.match(name)
    if runner == "Diesel":
        return (diesel_version(name),) if name[:1].isdigit() else None
    if leading is None:
        return None
    if runner in ("dbmate", "Supabase", "pop"):
        return (leading.group(1),)  # versions compared as text
    return (int(leading.group(1)),)  # golang-migrate, both gooses, sqlx, sql-migrate: integers


def _shown(runner: str, name: str) -> str:
    if runner in ("Prisma", "Laravel"):
        return name.removesuffix(".php")
    if runner == "Kysely":
        return _kysely_name(name) or name
    if runner in ("Diesel", "sqlx"):
        return name.split("_", 1)[0]
    return shown_version(name)


def _relations(events: Iterable[Event]) -> dict[str, set[str]]:
    """Path -> the relation names (lower case) its statements touch."""
    out: dict[str, set[str]] = {}
    for event in events:
        names = {q.name for q in (event.table, event.ref_table, event.partition_of) if q}
        names.update(q.name for q in event.selects_from)
        if event.kind in _RELATIONS:
            names.update(n for n in (event.name, event.new_name) if n)
        out.setdefault(event.source.path, set()).update(n.lower() for n in names)
    return out


def _made(events: Iterable[Event]) -> dict[str, set[str]]:
    """Path -> the relation names (lower case) its statements make: created,
    or the name a rename gives."""
    out: dict[str, set[str]] = {}
    for event in events:
        if event.kind not in _RELATIONS:
            continue
        name = (
            event.name
            if event.op is EventOp.CREATE
            else event.new_name
            if event.op is EventOp.RENAME
            else None
        )
        if name:
            out.setdefault(event.source.path, set()).add(name.lower())
    return out


class _Committed(Struct, frozen=True):
    key: Key
    path: str
    name: str


def late_migrations(
    files: Sequence[SourceFile],
    committed: Collection[str],
    ref: str,
    *,
    cwd: Path,
    events: Sequence[Event] = (),
) -> tuple[Diagnostic, ...]:
    """One ``DBN016`` per migration of ``files`` not among ``committed`` whose
    version sorts below the highest committed one of its runner's folder
    (a Flyway group), worded for that runner (module docstring).

    ``files``: the current tree's files (paths as shown, relative to
    ``cwd``); ``committed``: the paths they had at ``ref``; ``events``: the
    run's, for which tables each file touches. A file whose version a
    committed one holds is a moved file (or a duplicate, told apart by
    :func:`~dbnamelint.migration_versions.duplicate_versions`). Reads each
    new file's head and the manifests above it (the layout as ``migrate``
    detects it). Reported at line 1 of the new file.
    """
    if not committed:
        return ()
    groups = flyway_groups([*committed, *(f.path for f in files)])
    posix = {p: PurePosixPath(p.replace("\\", "/")) for p in committed}
    # Folders a new file must sit in to have committed neighbours (the one above
    # for Diesel's and Prisma's migration folders; a Flyway group).
    near = {f for q in posix.values() for f in (q.parent, q.parent.parent)}
    near.update(groups[p] for p in posix if p in groups)
    cache: dict[tuple[str, PurePosixPath], list[_Committed]] = {}
    relations: dict[str, set[str]] | None = None
    made: dict[str, set[str]] = {}
    out: list[Diagnostic] = []
    seen: set[str] = set()
    synapse: dict[str, tuple[str, int]] | None = None
    journals: dict[Path, drizzle_layout.Journal | None] = {}
    for source in files:
        path = PurePosixPath(source.path.replace("\\", "/"))
        if source.path in seen:
            continue  # a file shared by a tree's dialects, read once per dialect
        seen.add(source.path)
        part = history_part(Path(os.path.normpath(cwd / source.path)))
        if part is not None:  # Synapse's: runs by its folder's version, not its name
            if source.path not in committed and part[0] == DELTA:
                if synapse is None:
                    synapse = _synapse_deltas(committed, cwd)
                found = _synapse_late(source, part[1], synapse, cwd, ref)
                out.extend([found] if found is not None else [])
            continue
        if (
            source.path in committed
            or not {path.parent, path.parent.parent, groups.get(source.path)} & near
        ):
            continue
        folder = Path(os.path.normpath(cwd / source.path)).parent
        if drizzle_layout.has_journal(str(folder)):
            if folder not in journals:
                journals[folder] = drizzle_layout.read_journal(folder)
            journal = journals[folder]
            if journal is not None:
                late = _drizzle_late(source, path, journal, posix, ref)
                out.extend([late] if late is not None else [])
                continue
        runner = _runner(Path(os.path.normpath(cwd / source.path)))
        unit = _unit(runner, path, cwd) if runner is not None else None
        key = _order(runner, unit[1]) if runner is not None and unit is not None else None
        if runner is None or unit is None or key is None:
            continue
        group = groups.get(source.path, unit[0]) if runner == "Flyway" else unit[0]
        if (runner, group) not in cache:
            cache[runner, group] = _committed_in(runner, group, posix, groups, cwd)
        before = cache[runner, group]
        if not before or any(c.key == key for c in before):
            continue  # a first migration, or a moved file (or a duplicate: DBN016 already)
        top = max(before, key=lambda c: c.key)
        if key >= top.key:
            continue
        if relations is None:
            relations, made = _relations(events), _made(events)
        touched = _Touched(relations, made)
        out.append(_diagnostic(source, runner, unit[1], key, top, before, touched, ref, cwd))
    return tuple(out)


def _drizzle_late(
    source: SourceFile,
    path: PurePosixPath,
    journal: drizzle_layout.Journal,
    committed: dict[str, PurePosixPath],
    ref: str,
) -> Diagnostic | None:
    """``DBN016`` for a new drizzle migration whose journal ``when`` is not above
    every committed one's of its folder, else None: drizzle's migrator runs
    only the entries whose ``when`` is above the latest ``created_at`` its
    ``__drizzle_migrations`` table records (``migrate`` of each dialect), so
    every database that ran the later one never runs it, without a word."""
    whens = dict(zip(journal.tags, journal.whens, strict=True))
    when = whens.get(path.stem)
    if when is None:
        return None
    above = [
        (w, shown)
        for shown, where in committed.items()
        if where.parent == path.parent
        and (w := whens.get(where.stem)) is not None
        and where.stem != path.stem
        and w >= when
    ]
    if not above:
        return None
    top, where = max(above)
    return _located(
        source,
        Severity.ERROR,
        f"this drizzle migration is new since {ref}, but its journal entry's when ({when}) is "
        f"not above {PurePosixPath(where).stem}'s ({top}, {where}, already committed): "
        "drizzle's migrator runs only the entries whose when is above the latest one a "
        "database recorded (created_at of __drizzle_migrations), so every database that "
        "ran that one never runs this one, without a word; give its entry a when above "
        f"{top} (generate it again on a branch that has {PurePosixPath(where).stem}), and "
        "keep the journal in that order",
    )


def _committed_in(
    runner: str,
    group: PurePosixPath,
    posix: dict[str, PurePosixPath],
    groups: dict[str, PurePosixPath],
    cwd: Path,
) -> list[_Committed]:
    """The committed forward migrations of ``runner`` in ``group``, with their keys."""
    out: list[_Committed] = []
    for path, where in posix.items():
        if runner == "Flyway":
            if groups.get(path) != group:
                continue
            unit: tuple[PurePosixPath, str] | None = (group, where.name)
        else:
            unit = _unit(runner, where, cwd)
            if unit is None or unit[0] != group:
                continue
        key = _order(runner, unit[1]) if unit is not None else None
        if key is not None and unit is not None:
            out.append(_Committed(key, path, unit[1]))
    return out


def _synapse_deltas(committed: Collection[str], cwd: Path) -> dict[str, tuple[str, int]]:
    """The committed Synapse deltas: path -> (the folder holding the data
    stores, the delta's version)."""
    out: dict[str, tuple[str, int]] = {}
    for shown in committed:
        absolute = Path(os.path.normpath(cwd / shown))
        part = history_part(absolute)
        if part is not None and part[0] == DELTA:
            out[shown] = (str(absolute.parents[3]), part[1])
    return out


def _synapse_late(
    source: SourceFile,
    version: int,
    committed: dict[str, tuple[str, int]],
    cwd: Path,
    ref: str,
) -> Diagnostic | None:
    """``DBN016`` for a new Synapse delta of ``version`` below the highest
    version of the deltas ``committed`` beside it, else None.
    ``_upgrade_existing_database`` runs the delta folders from a database's
    schema version up to ``SCHEMA_VERSION`` and looks up only the
    ``applied_schema_deltas`` rows at or above that version."""
    root = str(Path(os.path.normpath(cwd / source.path)).parents[3])
    above = [(v, p) for p, (r, v) in committed.items() if r == root and v > version]
    if not above:
        return None
    top, where = max(above)
    return _located(
        source,
        Severity.ERROR,
        f"this Synapse delta is new since {ref} in delta/{version}, below delta/{top} "
        f"({where}, already committed): Synapse upgrades a database over the delta folders "
        "from its own schema version up to SCHEMA_VERSION (prepare_database.py "
        "_upgrade_existing_database), so every database already at version "
        f"{top} or above never runs it, while a new one does; move it to the delta folder "
        "of the current SCHEMA_VERSION (or a new one above it)",
    )


class _Touched(Struct, frozen=True):
    """Per path: the relation names its statements touch, and those they make."""

    relations: dict[str, set[str]]
    made: dict[str, set[str]]


def _diagnostic(
    source: SourceFile,
    runner: str,
    name: str,
    key: Key,
    top: _Committed,
    before: Sequence[_Committed],
    touched: _Touched,
    ref: str,
    cwd: Path,
) -> Diagnostic:
    shown, top_shown = _shown(runner, name), _shown(runner, top.name)
    named = runner in ("Prisma", "Kysely")  # ordered by the whole name
    what = f"migration {shown}" if named else f"migration version {shown}"
    head = (
        f"{what} is new since {ref} but sorts before {top_shown} ({top.path}), already committed: "
    )
    rename = (
        "rename its folder to sort after"
        if runner == "Prisma"
        else "rename it to sort after"
        if runner == "Kysely"
        else "give it a version above"
    )
    if runner == "Flyway":
        reaction = _flyway_reaction(source, top_shown, cwd)
        return _located(source, Severity.ERROR, f"{head}{reaction}; {rename} {top_shown}")
    found = _RUNNERS[runner]
    reaction = found.reaction.format(top=top_shown)
    if runner == "Kysely":
        unordered = _kysely_unordered(cwd)
        if unordered is not None:
            found = _Runner(False, "")
            reaction = (
                f"this project turns Kysely's allowUnorderedMigrations on ({unordered}), so its "
                f"Migrator runs it after {top_shown} on every database already migrated past it "
                "but before it on a new database"
            )
    if runner == "sqlx" and shown[:1] in "+-" and shown[:1]:
        # a sign is no typo to sqlx: Rust's i64 parse takes it
        reaction += (
            f" ({shown!r} is the integer {int(shown)} to sqlx: Rust's i64 parse takes a sign)"
        )
    if found.refuses:
        severity = Severity.WARNING if runner == "go" else Severity.ERROR
        return _located(source, severity, f"{head}{reaction}; {rename} {top_shown}")
    relations, made = touched.relations, touched.made
    mine = relations.get(source.path, set())
    laters = sorted((c for c in before if c.key > key), key=lambda c: c.key)
    earlier: set[str] = set()
    for c in before:
        if c.key < key:
            earlier |= made.get(c.path, set())
    for later in laters:
        # a name only a later migration makes: on a new database it does not
        # exist yet where this one runs (trial s41 umami: 15c_goal altered
        # "websites", which 20_rename makes: relation "websites" does not exist)
        missing = sorted((mine & made.get(later.path, set())) - earlier)
        if missing:
            return _located(
                source,
                Severity.ERROR,
                f"{head}{reaction}; on a new database it runs before {later.path} (committed, "
                f"later), the migration that makes '{missing[0]}', which it touches: the name "
                "is not there yet when it runs (or is there already when the later one makes "
                f"it), so a new database fails; {rename} {top_shown}",
            )
    for later in laters:
        shared = sorted(mine & relations.get(later.path, set()))
        if shared:
            return _located(
                source,
                Severity.WARNING,
                f"{head}{reaction}; it and {later.path} (committed, later) both touch "
                f"'{shared[0]}', so those databases may end otherwise than dbnamelint's replay "
                f"(a new database's order) shows; {rename} {top_shown} to run it last "
                "everywhere",
            )
    return _located(
        source,
        Severity.INFO,
        f"{head}{reaction}; no table it touches is one a later committed migration touches "
        f"(as dbnamelint reads them), so both orders end alike; {rename} {top_shown} to keep "
        "one order everywhere",
    )


#: A Kysely ``Migrator`` made to run migrations out of name order.
_UNORDERED = r"allowUnorderedMigrations[[:space:]]*:[[:space:]]*true"


def _kysely_unordered(cwd: Path) -> str | None:
    """The first tracked JavaScript/TypeScript file setting Kysely's
    ``allowUnorderedMigrations: true`` (its path below ``cwd``), or None. Asked
    only once a late Kysely migration is found."""
    globs = ("*.ts", "*.mts", "*.cts", "*.js", "*.mjs", "*.cjs")
    try:
        out = run_git(cwd, "grep", "-l", "-I", "-E", _UNORDERED, "--", *globs)
    except GitError:
        return None  # no match (git grep exits 1), or no repository
    names = out.decode("utf-8", "replace").splitlines()
    return names[0] if names else None


def _flyway_reaction(source: SourceFile, top: str, cwd: Path) -> str:
    """What Flyway does with the late migration ``source``, as the project's own
    Flyway settings have it (:func:`~dbnamelint.flyway_settings.flyway_switches`):
    with ``outOfOrder`` on, it runs it after ``top`` where that ran, before it
    on a new database (trial s36 kestra sets ``out-of-order: true``)."""
    folder = Path(os.path.normpath(cwd / source.path)).parent
    try:
        root = repository_root(cwd)  # (the run asked it already)
    except GitError:
        root = folder
    switch = out_of_order(flyway_switches(folder, root))
    if switch is None:
        return _FLYWAY.reaction
    shown = Path(os.path.relpath(switch.path, cwd)).as_posix()
    return (
        f"this project turns Flyway's outOfOrder on ({shown}), so Flyway runs it after {top} "
        "on every database already migrated past it but before it on a new database: the "
        "two end alike only if it touches nothing the later ones do"
    )


def _located(source: SourceFile, severity: Severity, message: str) -> Diagnostic:
    return Diagnostic(Location(source.path, 1, 1), severity, message, DUPLICATE_VERSION_CODE)
