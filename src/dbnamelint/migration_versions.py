"""Two migrations in one folder that claim one version (``DBN016``).

Migration tools identify a migration by the version its file name starts
with, and refuse a folder where two files claim the same one:

- Flyway (``V<version>__<description>.sql``; ``1.0`` and ``1`` are one
  version): "Found more than one migration with version 2";
- golang-migrate (``<version>_<title>.<up|down>.<ext>``, one file per
  version and direction): "duplicate migration file";
- pop (those names, in a Go module that runs pop): one row per version
  in its table, so only one of the two files ever runs;
- goose (``<version>_<name>.sql``): "goose: duplicate version 2 detected";
- dbmate (``<version>_<name>.sql``): ``schema_migrations`` holds one row per
  version, so the second file fails on a new database and is skipped as
  applied on one where the first ran;
- postgres-migrations (npm; ``<id>[-_]<name>.sql`` where the nearest
  ``package.json`` depends on it): ids must run 1, 2, 3... without a gap or
  a repeat, or the runner refuses the folder ("Found a non-consecutive
  migration ID on file"): a gap is reported too (:func:`id_gaps`), as the
  same refusal;
- zgo.at/zdb (``2022-01-13-1-unfk-postgres.sql``, :mod:`dbnamelint.zdb_layout`):
  a migration is its whole name without extension and dialect suffix, and
  ``Migrate.Schema`` reads one file per name and database (``-<dialect>.sql``,
  then ``.gotxt``, then ``.sql``): ``x.sql`` beside ``x.gotxt`` never runs,
  while ``x-postgres.sql`` and ``x-sqlite.sql`` are one migration's twins and
  ``2024-08-19-1-a.sql`` beside ``2024-08-19-1-b.sql`` two migrations;
- sqlx (``<version>_<description>.sql`` or ``.up.sql`` in a crate whose
  ``Cargo.toml`` depends on sqlx): its ``_sqlx_migrations`` table is keyed
  by the version, so ``sqlx migrate run`` stops at the second file
  ("duplicate key value violates unique constraint _sqlx_migrations_pkey").

Flyway scans each location recursively and merges what it finds into one
version space: a ``V3.1__e.sql`` and a ``sub/V3_1__f.sql`` clash (``_`` in a
version is a dot). Flyway files are grouped by the shallowest folder above
them that holds Flyway files itself (two Flyway projects in sibling folders
stay apart); the other tools read one folder. A Flyway baseline migration
``B5__x.sql`` is no duplicate of ``V5__y.sql`` (Flyway takes both), but of
another ``B5__z.sql``.

Numbered files ``migrate`` writes (``003-rename-phase-x.sql``) and dbmate's
timestamps follow the same idea. Two branches that each added ``003-...``
merge cleanly in git, and the replay order dbnamelint then picks between
them is a guess. The rest of the file name after its first dot (the
direction, a dialect such as Ory's ``.cockroach.up.sql`` or Synapse's
``.sql.postgres``) tells copies apart: they are not duplicates.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from dbnamelint import golang_migrate_names, synapse_layout, zdb_layout
from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.dialects import migration_extension_dialect
from dbnamelint.flyway_baselines import baseline_version, flyway_groups
from dbnamelint.go_module import GOLANG_MIGRATE, go_module_requires, runs_pop
from dbnamelint.liquibase_sql import CHANGELOG_SUFFIXES
from dbnamelint.model import Diagnostic, Location, Severity, SourceFile
from dbnamelint.postgres_migrations import depends_on_runner, id_gaps, migration_id
from dbnamelint.sql_migrate import sql_migrate_key
from dbnamelint.sqlx_crate import uses_sqlx

DUPLICATE_VERSION_CODE = "DBN016"

_FLYWAY = lazy_compile(r"^V(\d+(?:[._]\d+)*)__", re.IGNORECASE)
_BASELINE = lazy_compile(r"^B(\d+(?:[._]\d+)*)__")
_GOLANG_MIGRATE = lazy_compile(r"^(\d+)_[^.]*\.(?:[^.]+\.)?(up|down)\.[^.]+$", re.IGNORECASE)
_NUMBERED = lazy_compile(r"^(\d+)(?:[-_]|(?=\.))")
#: A version written with a sign, ``-1_x.sql``: sqlx's (Rust's ``i64`` parse).
_SIGNED = lazy_compile(r"^[+-]\d+_.*\.sql$", re.IGNORECASE)
#: A date and a time of day, ``YYYYMMDD-HHMMSS`` (photoprism's
#: ``20220329-030000.sql``): one version in a folder no known tool runs.
_DATE_TIME = lazy_compile(r"^(\d{8})-(\d{6})(?:[-_]|(?=\.))")
#: Authelia's ``V0001.Name.up.sql`` (its ``internal/storage/migrations.go``
#: regex: ``^V(\d{4})\.([^.]+)\.(up|down)\.sql$``).
_AUTHELIA = lazy_compile(r"^V(\d{4})\.[^.]+\.(up|down)\.sql$")


#: Laravel's, Django's and Alembic's migrations read as SQL
#: (:mod:`dbnamelint.code_migrations`): Laravel's migrator and Django's
#: recorder key a migration by its whole name (``2024_01_01_000000_x``,
#: ``0001_initial`` of an app), Alembic by its revision id, never by a
#: leading number, and each orders them itself; so do Knex (``knex_migrations.name``),
#: Kysely and Sequelize/umzug (the file's name).
_CODE_SUFFIXES = (".php", ".py", ".cs", ".js", ".cjs", ".mjs", ".ts", ".cts", ".mts")


def _key(name: str) -> tuple[tuple[object, ...], str, Severity] | None:
    """``(version key, tool, severity)`` for a versioned file name, else None.

    A Flyway baseline migration (``B5__x.sql``) has a version space of its
    own: ``B5`` and ``V5`` are no duplicates (Flyway: "you can have both a
    baseline migration and a versioned migration at the same version"), two
    ``B5`` are (``BaselineResolvedMigration.canCompareWith`` another baseline).
    """
    baseline = baseline_version(name)
    if baseline is not None:
        rest = name[name.index("__") + 2 :].partition(".")[2].lower()
        return ("flyway-baseline", baseline, rest), "Flyway", Severity.ERROR
    authelia = _AUTHELIA.match(name)
    if authelia is not None:
        return ("authelia", int(authelia.group(1)), authelia.group(2)), "Authelia", Severity.ERROR
    if zdb_layout.is_dated(name):
        migration = zdb_layout.migration_name(name)
        if migration is None:
            return None
        # zdb reads one file per migration name and database
        return ("zdb", migration, zdb_layout.dash_dialect(name) or ""), "zdb", Severity.ERROR
    flyway = _FLYWAY.match(name)
    if flyway is not None:
        parts = [int(p) for p in re.split(r"[._]", flyway.group(1))]
        while len(parts) > 1 and parts[-1] == 0:
            parts.pop()  # Flyway: 1.0 is version 1
        rest = name[flyway.end() :].partition(".")[2].lower()
        return ("flyway", tuple(parts), rest), "Flyway", Severity.ERROR
    numbered = _NUMBERED.match(name)
    if numbered is None:
        return None
    name = _as_sql(name)
    rest = name[numbered.end() :].partition(".")[2].lower()
    if _GOLANG_MIGRATE.match(name):
        return ("number", int(numbered.group(1)), rest), "golang-migrate", Severity.ERROR
    dated = _DATE_TIME.match(name)
    if dated is not None:  # the time of day is part of the version, not of the name
        rest = name[dated.end() :].partition(".")[2].lower()
        version = int(dated.group(1) + dated.group(2))
        return ("number", version, rest), "numbered", Severity.WARNING
    return ("number", int(numbered.group(1)), rest), "numbered", Severity.WARNING


def _synapse_same_name(path: str, earlier: str, version: int) -> Diagnostic:
    """``DBN016`` for a Synapse delta named as another store's of its version:
    ``_upgrade_existing_database`` counts the names of every store's
    ``delta/<N>`` and raises ``PrepareDatabaseException`` on one seen twice."""
    return Diagnostic(
        Location(path, 1, 1),
        Severity.ERROR,
        f"Synapse delta {PurePosixPath(path).name} is also {earlier}'s, in delta/{version} of "
        "another data store: Synapse refuses to upgrade ('Found multiple delta files with "
        f"the same name in v{version}', prepare_database.py); rename the one no database has "
        "run yet",
        DUPLICATE_VERSION_CODE,
    )


def _as_sql(name: str) -> str:
    """``name`` with the extension golang-migrate reads past (``128_x.up.sql.bak``,
    ``128_note.up.txt``) written ``sql``: golang-migrate keeps one file per
    version and direction whatever the extension, so ``128_x.up.sql.bak``
    and ``128_x.up.sql`` are one migration twice. An extension naming a
    dialect (``2_x.up.pgsql``) stays: copies for several databases."""
    parsed = golang_migrate_names.parse(name)
    if (
        parsed is None
        or not golang_migrate_names.runs_as_sql(name)
        or parsed.extension.lower() == "sql"
        or migration_extension_dialect(name) is not None
    ):
        return name
    return name[: len(name) - len(parsed.extension)] + "sql"


def _copy_advice(tool: str, name: str, earlier: str) -> str:
    """For golang-migrate, when one of the two files is named with an extension
    other than ``.sql`` (``1_x.up.sql.bak``): the advice to move a left-over
    copy away, since golang-migrate runs it whatever its extension."""
    if tool != "golang-migrate" or (_as_sql(name) == name and _as_sql(earlier) == earlier):
        return ""
    return (
        "; a left-over copy (`.bak`, `.txt`...) is a migration to golang-migrate, which "
        "runs every <version>_<title>.up.<any extension> file of its folder: delete it or "
        "move it out of the folder"
    )


def _acceptance(path: str) -> str:
    """How to accept a duplicate its runner may take (a warning, reported on
    every run): an inline ignore on the file's first line (a comment: the
    gate does not count it as an edit of applied history) or a ``per_path``
    ignore in the config."""
    shown = path.replace("\\", "/")
    return (
        "; if its runner takes both and they already ran, accept it: a first line "
        "'-- dbnamelint: ignore[DBN016]' in this file, or in the config "
        f'per_path: [{{paths: ["{shown}"], ignore: [DBN016]}}] (relative to the '
        "config's folder)"
    )


#: Section markers that name the tool of a numbered file (as ``migrate`` detects it).
_MARKERS = (
    ("-- +goose up", "goose"),
    ("-- migrate:up", "dbmate"),
    ("-- +migrate up", "sql-migrate"),
)


#: Liquibase formatted SQL: its first line (Liquibase's ``FIRST_LINE_REGEX``,
#: ``^\s*--\s*liquibase\s*formatted.*``, case-insensitive; the head is lowered).
_LIQUIBASE_HEAD = lazy_compile(r"\s*--\s*liquibase\s*formatted")


def _marked_tool(path: str) -> str | None:
    """goose, dbmate or sql-migrate when the file's first 2,000 characters carry
    that tool's Up marker, "liquibase" for Liquibase formatted SQL, else None
    (an unreadable file too)."""
    try:
        with Path(path).open(encoding="utf-8", errors="replace") as handle:
            head = " ".join(handle.read(2000).lower().split())
    except OSError:
        return None
    if _LIQUIBASE_HEAD.match(head):
        return "liquibase"
    return next((tool for marker, tool in _MARKERS if marker in head), None)


#: How a folder of Authelia's ``V0001.Name.up.sql`` files is told to the user
#: (``init``, ``migrate``); its layout value stays ``golang-migrate``, whose
#: ``.up.sql``/``.down.sql`` suffixes it shares: Authelia's own runner
#: (``internal/storage/migrations.go``) reads the names, not golang-migrate,
#: whose versions are digits only (``^([0-9]+)_(.*)\.(down|up)\.(.*)$``).
AUTHELIA_LAYOUT = "Authelia's V0001.Name.up.sql"


def authelia_name(name: str) -> bool:
    """Whether ``name`` is an Authelia migration's (``V0001.Name.up.sql``)."""
    return _AUTHELIA.match(name) is not None


def flyway_version(name: str) -> tuple[int, ...] | None:
    """The version of a Flyway versioned migration ``V<version>__x.sql`` as
    Flyway compares it (part by part as numbers, ``1.0`` equal to ``1``:
    its ``MigrationVersion``), else None (a baseline ``B5__`` too)."""
    if baseline_version(name) is not None:
        return None
    found = _key(name)
    if found is None or found[0][0] != "flyway":
        return None
    version = found[0][1]
    return version if isinstance(version, tuple) else None


def authelia_version(name: str) -> int | None:
    """The version of an Authelia migration (``V0001.Name.up.sql`` -> 1), else None."""
    found = _AUTHELIA.match(name)
    return int(found.group(1)) if found is not None else None


def shown_version(name: str) -> str:
    """The version as the file name ``name`` writes it (``0204``, ``1_5``;
    zdb's migration name ``2022-01-13-1-unfk``)."""
    if zdb_layout.is_dated(name):
        migration = zdb_layout.migration_name(name)
        if migration is not None:
            return migration
    flyway = _FLYWAY.match(name) or _BASELINE.match(name) or _AUTHELIA.match(name)
    if flyway is not None:
        return flyway.group(1)
    dated = _DATE_TIME.match(name)
    if dated is not None and not _GOLANG_MIGRATE.match(name):
        return f"{dated.group(1)}-{dated.group(2)}"
    numbered = _NUMBERED.match(name)
    return numbered.group(1) if numbered is not None else name


#: The innermost :func:`blaming_new_files` block's committed paths, last.
_COMMITTED: list[frozenset[str]] = [frozenset()]


@contextmanager
def blaming_new_files(committed: Collection[str]) -> Iterator[None]:
    """Within the block, :func:`duplicate_versions` blames the file not among
    ``committed`` (paths as the run shows them: the gate's base files) when a
    committed file claims its version, whichever sorts first: the new file
    is the one to renumber, and the hook, which judges only the files a
    commit changes, then sees the error ``check --base`` sees."""
    _COMMITTED.append(frozenset(committed))
    try:
        yield
    finally:
        _COMMITTED.pop()


def duplicate_versions(files: Sequence[SourceFile]) -> tuple[Diagnostic, ...]:
    """One ``DBN016`` per file whose folder already holds a file of its version.

    Reported on the later file in replay order (line 1), naming the earlier
    one; within :func:`blaming_new_files`, committed files count as earlier.
    An error for Flyway, golang-migrate and sqlx names and for numbered
    files marked ``-- +goose Up`` or ``-- migrate:up`` (the tool refuses them
    or cannot apply both), a warning for other numbered names (a hand-written
    runner may accept them), an info note stating the order for sql-migrate's
    ``-- +migrate Up`` files (it runs both, by name). Reads the
    nearest ``Cargo.toml`` above a numbered file's folder (sqlx) and, for a
    duplicate, the first 2,000 characters of the two files (the markers
    ``migrate`` detects layouts by). Facts: Flyway's
    ``CompositeMigrationResolver`` (locations scanned recursively),
    golang-migrate's ``source.Migrations.Append`` (``ErrDuplicateMigration``),
    goose's ``Migrations`` sort ("duplicate version N detected"), pop's
    ``Migrator.UpTo`` (a version already in its table is skipped; popx's
    ``sortAndFilter`` keeps one file per version), dbmate's
    ``FindMigrations`` (applied by version; ``schema_migrations.version`` is
    the primary key), sql-migrate's ``Id`` (the file name), sqlx's
    ``_sqlx_migrations`` primary key.
    """
    groups_of = flyway_groups([f.path for f in files])
    sqlx: dict[PurePosixPath, bool] = {}
    runner: dict[PurePosixPath, bool] = {}  # folders postgres-migrations reads
    first: dict[tuple[str, tuple[object, ...]], str] = {}
    out: list[Diagnostic] = []
    seen: set[str] = set()
    committed = _COMMITTED[-1]
    # (sorted is stable: replay order kept among committed and among new files)
    ordered = sorted(files, key=lambda f: f.path not in committed) if committed else files
    for source in ordered:
        if source.path in seen:
            continue  # a file shared by a tree's dialects, read once per dialect
        seen.add(source.path)
        posix = source.path.replace("\\", "/")
        name = posix.rpartition("/")[2]
        if name.lower().endswith(CHANGELOG_SUFFIXES + _CODE_SUFFIXES):
            # A Liquibase changelog of change types (JHipster's entity and
            # constraints pair share a timestamp): run in its master's order.
            # A Laravel, Django or Alembic migration (dbnamelint.code_migrations):
            # its tool knows it by its whole name or its revision id.
            continue
        found = _key(name)
        signed = found is None and _SIGNED.match(name) is not None
        if signed:
            # sqlx's version is an i64 as Rust parses it, sign taken: +5_b.sql is 5_a.sql's
            found = (
                ("number", int(name.partition("_")[0]), _as_sql(name).partition(".")[2]),
                "",
                Severity.ERROR,
            )
        if found is None:
            continue  # (most files of a Diesel or Prisma tree: no path object built)
        part = synapse_layout.history_part(Path(source.path))
        if part is not None:
            # Synapse sorts a version folder's files by full name and records each
            # by name (prepare_database.py): two ``03_`` files are two deltas. One
            # name in two stores' delta/<N> it refuses.
            if part[0] == synapse_layout.DELTA:
                store_slot: tuple[str, tuple[object, ...]] = (
                    str(PurePosixPath(posix).parents[3]),
                    ("synapse", part[1], name),
                )
                earlier = first.setdefault(store_slot, source.path)
                if earlier != source.path:
                    out.append(_synapse_same_name(source.path, earlier, part[1]))
            continue
        path = PurePosixPath(posix)
        key, tool, severity = found
        folder = path.parent
        if tool == "Flyway":
            folder = groups_of[source.path]
        elif folder not in sqlx:
            sqlx[folder] = uses_sqlx(Path(source.path).resolve())
        if tool != "Flyway" and sqlx[folder]:
            tool, severity = "sqlx", Severity.ERROR
        elif signed:
            continue  # a sign is a version to sqlx alone
        elif tool == "numbered" and migration_id(path.name) is not None:
            if folder not in runner:
                runner[folder] = depends_on_runner(Path(source.path).resolve())
            if runner[folder]:
                # the runner keys a file by its id alone, whatever follows it
                key, tool, severity = ("pgm", migration_id(path.name)), "pgm", Severity.ERROR
        slot = (str(folder), key)
        earlier = first.setdefault(slot, source.path)
        if earlier == source.path:
            continue
        if tool == "golang-migrate" and runs_pop(Path(source.path).resolve()):
            tool = "pop"  # pop and popx read these names too
        elif (
            tool == "golang-migrate"
            and go_module_requires(Path(source.path).resolve(), GOLANG_MIGRATE) is False
        ):
            # A Go module that does not require golang-migrate runs these files
            # its own way (shiori names each in its code): the name tells nothing.
            tool, severity = "go", Severity.WARNING
        if tool == "numbered":
            tool = _marked_tool(source.path) or _marked_tool(earlier) or tool
            if tool == "liquibase":
                # Liquibase keys changesets by author:id:file path and runs files in
                # the changelog's order: a number in a file name is no version.
                continue
            if tool in ("goose", "dbmate"):
                severity = Severity.ERROR
        if tool == "sql-migrate":
            out.append(_sql_migrate_pair(source.path, earlier, path.name))
            continue
        refusal = {
            "Flyway": "Flyway refuses the location ('Found more than one migration with version')",
            "golang-migrate": "golang-migrate refuses the folder ('duplicate migration file')",
            "pop": "pop runs only one of them: it records a migration by its version alone, "
            "so the other counts as applied (pop's order between the two is not defined; "
            "popx keeps the last by name)",
            "go": "golang-migrate would refuse the folder ('duplicate migration file'), but "
            "the Go module here does not require golang-migrate (its go.mod): if its own "
            "runner names each file, a warning only",
            "goose": "goose refuses the folder ('duplicate version detected')",
            "dbmate": "dbmate keys schema_migrations by the version, so it never applies "
            "both: on a new database the second fails (duplicate key), on one where the "
            "first ran the second counts as applied and is skipped",
            "numbered": "goose and dbmate refuse such a folder (no goose or dbmate marker "
            "here: a warning)",
            "sqlx": "sqlx migrate stops at the second one ('duplicate key value violates "
            "unique constraint _sqlx_migrations_pkey')",
            "pgm": "postgres-migrations refuses the folder ('Found a non-consecutive "
            "migration ID on file'), before running any migration",
            # internal/storage/migrations.go: loadMigrations keeps every file whose
            # version is above the database's and orders them with sort.Slice,
            # which is not stable; skipMigration skips both once the version is run.
            "Authelia": "Authelia runs both on a new database, in no defined order (its "
            "loadMigrations sorts by version with sort.Slice, which is not stable), and "
            "neither on a database already at that version or past it",
            "zdb": "zdb reads one file per migration name and database (<name>-<dialect>.sql, "
            "then <name>.gotxt, then <name>.sql), so one of the two never runs",
        }[tool]
        folders = {p.lower() for f in (source.path, earlier) for p in PurePosixPath(f).parts[:-1]}
        moved = (
            "; a rollback kept in the location's rollback/ folder is a migration to Flyway, "
            "which scans its locations recursively: move rollbacks out of the location"
            if tool == "Flyway" and folders & {"rollback", "rollbacks", "undo", "down"}
            else ""
        )
        out.append(
            Diagnostic(
                Location(source.path, 1, 1),
                severity,
                f"migration version {shown_version(path.name)} is also {earlier}'s: {refusal}, "
                "and the order between the two is a guess; renumber the one no shared "
                "database has run yet (the hook and check --base let that renumbering "
                "through; two branches that each added one merge cleanly in git)"
                + moved
                + _copy_advice(tool, path.name, PurePosixPath(earlier).name)
                + (_acceptance(source.path) if severity is Severity.WARNING else ""),
                DUPLICATE_VERSION_CODE,
            )
        )
    out += _runner_gaps(files, [f for f, on in runner.items() if on])
    out += _sqlx_unparsed(files, {f for f, on in sqlx.items() if on})
    return tuple(out)


#: Rust's ``i64`` parse: an optional sign, then digits.
_RUST_I64 = lazy_compile(r"[+-]?\d+")


def _sqlx_unparsed(
    files: Sequence[SourceFile], folders: Collection[PurePosixPath]
) -> list[Diagnostic]:
    """``DBN016`` errors for the files of sqlx's ``folders`` whose version is no
    integer (``fix_users.sql``, ``FIX_API_KEYS_V2.sql``): sqlx takes every
    ``<version>_<description>.sql`` name and stops at a version Rust's ``i64``
    parse refuses, "error parsing migration filename ...; expected integer
    version prefix" (``sqlx-core`` ``migrate/source.rs``), so
    ``sqlx migrate run`` and ``migrate!`` apply none of the folder's migrations."""
    out: list[Diagnostic] = []
    if not folders:
        return out  # no sqlx folder: no path parsed per file
    seen: set[str] = set()
    for source in files:
        posix = PurePosixPath(source.path.replace("\\", "/"))
        if source.path in seen or posix.parent not in folders:
            continue
        seen.add(source.path)
        version, _, rest = posix.name.partition("_")
        if not rest.endswith(".sql") or (
            _RUST_I64.fullmatch(version) and -(2**63) <= int(version) < 2**63
        ):
            continue
        out.append(
            Diagnostic(
                Location(source.path, 1, 1),
                Severity.ERROR,
                f"sqlx refuses this migrations folder: the version of {posix.name!r}, "
                f"{version!r}, is no integer ('error parsing migration filename; expected "
                "integer version prefix'), so sqlx migrate run and migrate! apply none of "
                f"the folder's migrations; name it <version>_{rest} or move it out of the folder",
                DUPLICATE_VERSION_CODE,
            )
        )
    return out


def _sql_migrate_pair(path: str, earlier: str, name: str) -> Diagnostic:
    """The ``DBN016`` info note on two sql-migrate files of one version: legal
    and ordered. sql-migrate names a migration by its file name (``Id``) and
    sorts with ``Migration.Less`` (the leading number, then the name as bytes)."""
    first, second = sorted((earlier, path), key=lambda p: sql_migrate_key(PurePosixPath(p).name))
    return Diagnostic(
        Location(path, 1, 1),
        Severity.INFO,
        f"migration version {shown_version(name)} is also {earlier}'s: sql-migrate runs "
        "both, each recorded by its file name, in its order (the version, then the whole "
        f"file name byte by byte): {first}, then {second}; renumbering one once a database "
        "ran it would run it again there (the gate refuses that: DBN025)",
        DUPLICATE_VERSION_CODE,
    )


def _runner_gaps(files: Sequence[SourceFile], folders: Sequence[PurePosixPath]) -> list[Diagnostic]:
    """``DBN016`` errors for the ids missing in each of ``folders`` (read by
    postgres-migrations): the runner wants them consecutive from 1 (its own
    migration is 0) and refuses the folder at the first file past a gap."""
    out: list[Diagnostic] = []
    for folder in folders:
        shown = {
            PurePosixPath(f.path.replace("\\", "/")).name: f.path
            for f in files
            if PurePosixPath(f.path.replace("\\", "/")).parent == folder
        }
        for name, expected in id_gaps(list(shown)):
            found = migration_id(name)
            missing = (
                "0 is the runner's own (0_create-migrations-table)"
                if found == 0
                else f"no migration has id {expected}"
                + (f" to {found - 1}" if found is not None and found - 1 > expected else "")
            )
            advice = (
                "number the folder's migrations from 1"
                if found == 0
                else f"restore the missing migration, or number this one {expected} if no "
                "shared database has run it yet"
            )
            out.append(
                Diagnostic(
                    Location(shown[name], 1, 1),
                    Severity.ERROR,
                    f"migration id {shown_version(name)} does not follow the folder's ids: "
                    f"{missing}, and postgres-migrations wants them consecutive from 1: it "
                    "refuses the folder ('Found a non-consecutive migration ID on file'), "
                    f"before running any migration; {advice}",
                    DUPLICATE_VERSION_CODE,
                )
            )
    return out


def version_clashes(paths: Collection[str]) -> dict[str, tuple[str, ...]]:
    """Path -> the other paths of ``paths`` that claim its version, for each
    path that shares one (the pairs :func:`duplicate_versions` reports, told
    by the names alone: Flyway files compared in their group, the others in
    their folder, the part after the name's first dot kept apart)."""
    groups = flyway_groups(paths)
    slots: dict[tuple[str, tuple[object, ...]], list[str]] = {}
    for path in sorted(paths):
        posix = PurePosixPath(path.replace("\\", "/"))
        found = _key(posix.name)
        if found is None or posix.suffix.lower() in CHANGELOG_SUFFIXES + _CODE_SUFFIXES:
            continue
        folder = groups.get(path, posix.parent)
        slots.setdefault((str(folder), found[0]), []).append(path)
    return {
        path: tuple(other for other in members if other != path)
        for members in slots.values()
        if len(members) > 1
        for path in members
    }


def same_version(old: str, new: str) -> bool:
    """Whether the file names ``old`` and ``new`` carry one version, written
    alike (dbmate compares versions as text: ``001`` is not ``1``). The rest
    of the name is the tool's to judge (goose takes the number before the
    first ``_`` whatever follows: ``20160131153104_0.1.2_add_pages.sql``)."""
    before, after = _key(old), _key(new)
    return (
        before is not None
        and after is not None
        and before[0][:2] == after[0][:2]
        and shown_version(old) == shown_version(new)
    )
