"""Input sources: paths and globs in, ordered files with dialect and module out.

This is the first arrow of the pipeline. It decides three things that every
later layer trusts blindly, so it decides them carefully:

* **which files** — explicit files always, directories walked for SQL files,
  globs expanded; rollbacks (``*.down.sql``) left out of walks because a
  forward replay never applies them; hidden and vendored folders skipped;
* **in which order** — the order a migration tool applies them, so that a
  replay of ``2_x.sql`` before ``10_x.sql`` sees renames in the right order;
* **which dialect and module** — from config overrides, file suffixes,
  folder names; a wrong guess here turns into nonsense findings later.

It also decodes file bytes to text, turning every way a file can be
unreadable into a located :class:`~dbnamelint.model.Diagnostic` instead of
a traceback.
"""

from __future__ import annotations

import codecs
import glob
import os
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cache, lru_cache
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from msgspec import Struct, field

from dbnamelint import (
    drizzle_layout,
    flyway_code,
    flyway_names,
    golang_migrate_names,
    synapse_layout,
    temporal_layout,
    zdb_layout,
)
from dbnamelint.core import readlog
from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.dialects import (
    DEFAULT_DIALECT,
    EXTENSION_DIALECTS,
    OTHER_DATABASE_FOLDERS,
    UNREADABLE_DATABASE_FOLDERS,
    Family,
    copy_of,
    dialect_from_folder_names,
    dialect_from_path_words,
    dialect_from_suffix,
    extension_dialect,
    flyway_vendor_folder,
    has_dialect_extension,
    merged_flyway_locations,
    migration_extension_dialect,
    normalize_dialect,
    profile_for,
    sqlglot_dialect,
)
from dbnamelint.flyway_baselines import (
    baseline_version,
    configured_groups,
    configured_instances,
    flyway_groups,
    left_out,
    shown,
    versioned_version,
)
from dbnamelint.globs import GLOB_CHARS, PathGlob, translate_glob
from dbnamelint.go_module import GOLANG_MIGRATE, go_module_requires, runs_pop
from dbnamelint.golang_migrate_names import looks_golang_migrate, parses
from dbnamelint.goose_names import goose_version, is_goose_go_migration
from dbnamelint.liamstask_goose import LIAMSTASK, folder_goose
from dbnamelint.liquibase_sql import (
    CHANGELOG_SUFFIXES,
    data_entries,
    dbms_matches,
    is_changelog_text,
    liquibase_dbms,
    optional_includes,
    read_head,
    xml_entries,
)
from dbnamelint.migration_text import drop_rollback_sections
from dbnamelint.model import Diagnostic, Location, Severity, SourceFile, WrittenPath
from dbnamelint.rails_dump import is_schema_rb, structure_dump_name
from dbnamelint.sql_migrate import is_sql_migrate, sql_migrate_key
from dbnamelint.sqlx_crate import uses_sqlx
from dbnamelint.tool_dialect import PRISMA_LOCK, ToolDialects

if TYPE_CHECKING:
    from dbnamelint.go_list_files import FolderLists, ListMemo

#: Diagnostic codes owned by this module.
MISSING_CODE = "DBN002"  # a named path that does not exist / a glob matching nothing
UNREADABLE_CODE = "DBN003"  # binary, undecodable or unreadable file

#: Folders a walk never enters: tool state and vendored code, never schema.
#: Hidden folders (``.git``, ``.venv``...) are skipped by their leading dot.
SKIPPED_DIRS: frozenset[str] = frozenset({"node_modules", "__pycache__"})

#: A name's direction as golang-migrate reads it (``source/parse.go``:
#: ``^([0-9]+)_(.*)\.(down|up)\.(.*)$``; the greedy ``(.*)`` makes the last
#: ``.up.``/``.down.`` part the direction, whatever the title says:
#: ``78_slow_down.up.sql`` is forward). sqlx (``.up.sql``/``.down.sql``
#: suffixes), pop/kratos (``x.postgres.down.sql``) and Authelia name theirs
#: the same way. Without the version, as its semver folders' names.
_DIRECTION = lazy_compile(r"^(.*)\.(down|up)\.(.*)$", re.IGNORECASE | re.DOTALL)
#: Flyway's prefixes: versioned ``V``, baseline ``B``, repeatable ``R`` (forward,
#: whatever the description says: ``V7__slow_down.sql``), undo ``U``.
_FLYWAY_FORWARD = lazy_compile(r"^(?:[VB]\d+(?:[._]\d+)*|R)__", re.IGNORECASE)
#: Rollbacks of the runners that name no direction as above: Diesel's (and
#: Prisma's) ``<migration>/down.sql``, db-migrate's ``x-down.sql``,
#: hand-rolled runners' ``x_down.sql``, ``x.rollback.sql``/``x_rollback.sql``,
#: and Postgrator's ``001.undo.sql``, ``x.revert.sql`` (with a dot only:
#: ``20240101_revert_flag.sql`` is a forward migration).
_DOWN_NAME = lazy_compile(
    r"(?:(?:^|[._-])(?:down|rollback)|(?:^|\.)(?:undo|revert))(?:\.[^./]+)*\.[^./]+$",
    re.IGNORECASE,
)
#: sqitch: the plan file, and the folders a forward replay never applies.
SQITCH_PLAN = "sqitch.plan"
SQITCH_CONF = "sqitch.conf"
_SQITCH_ROLLBACK_DIRS = frozenset({"revert", "verify"})
#: Folders of rollback scripts kept beside timestamped migrations (Supabase/sqlx
#: have no down files; ``dbnamelint migrate`` writes their rollbacks here).
ROLLBACK_DIRS = frozenset({"rollback", "rollbacks"})
#: Flyway undo migrations: ``U1__x.sql``, ``U1.2__x.sql``.
_FLYWAY_UNDO = lazy_compile(r"^U\d+(?:[._]\d+)*__", re.IGNORECASE)


_UTF32_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)


class _StagedReading(Struct, frozen=True):
    skip: frozenset[str] = frozenset()  # real paths a walk passes over (untracked files)
    contents: Mapping[str, bytes] = field(default_factory=dict)  # real path -> bytes read instead


#: The innermost :func:`reading_staged` block's reading, last.
_STAGED: list[_StagedReading] = [_StagedReading()]


@contextmanager
def reading_staged(skip: Collection[str], contents: Mapping[str, bytes]) -> Iterator[None]:
    """Within the block, read the tree as a commit will record it (``check --pre-commit``).

    ``skip``: absolute real paths a walk leaves out as if excluded (files
    git does not track); ``contents``: absolute real path -> the bytes read
    instead of the file's (its staged copy when the working copy differs).
    Facts from :func:`dbnamelint.gitutil.staged_tree`.
    """
    _STAGED.append(_StagedReading(frozenset(skip), MappingProxyType(dict(contents))))
    try:
        yield
    finally:
        _STAGED.pop()


#: The first 16 bytes of every SQLite database file (sqlite.org/fileformat.html).
_SQLITE_HEADER = b"SQLite format 3\x00"
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class PathOverride(Struct, frozen=True):
    """A config ``per_path`` entry: files matching ``pattern`` get these settings."""

    pattern: str  # glob relative to root, e.g. "legacy/**", "**/*.mysql.sql"
    dialect: str | None = None
    module: str | None = None
    search_path: tuple[str, ...] | None = None  # PostgreSQL files' starting search_path
    database: str | None = None  # config ``databases:``: which separate database
    written: WrittenPath | None = None  # where the config wrote ``pattern`` (databases only)


class SourceSettings(Struct, frozen=True):
    """Everything :func:`discover` needs besides the paths themselves."""

    root: Path  # config globs, overrides and module patterns are relative to it
    dialect: str | None = None  # global dialect; None = recognise per file
    overrides: tuple[PathOverride, ...] = ()
    module_pattern: str = "module-{module}/"
    exclude: tuple[str, ...] = ()  # globs relative to root
    extensions: tuple[str, ...] = (".sql", ".ddl")  # what a directory walk picks up
    include_down: bool = False  # also take rollback migrations in walks and globs
    #: PostgreSQL files' starting search_path (config ``search_path:``); None: the default.
    search_path: tuple[str, ...] | None = None
    #: Config ``flyway_locations``: each Flyway instance's folders, absolute.
    flyway_locations: tuple[tuple[str, ...], ...] = ()
    #: Absolute real paths of files ``exclude`` does not leave out (nor the
    #: folders holding them): the gate reads with the base's config every
    #: file the current config reads.
    keep: tuple[str, ...] = ()


class SourceError(Exception):
    """A file that cannot be turned into text; carries the located diagnostic."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


#: The file-name tests below are pure functions of the name, asked several
#: times for each file of a walk, and a tree's names repeat (every Diesel
#: migration folder holds ``up.sql`` and ``down.sql``, every Prisma one
#: ``migration.sql``): each keeps its answers (a bounded LRU; a repeated
#: name costs one lookup instead of up to eight regular expressions).
_NAME_MEMO = 4096


@lru_cache(maxsize=_NAME_MEMO)
def is_down_migration(filename: str) -> bool:
    """True for rollback files a forward replay must never apply, by the rule
    of the tool the name follows: Flyway's prefix (``U1__x.sql`` undo,
    ``V1__slow_down.sql`` forward), else the last ``.up.``/``.down.`` part
    (golang-migrate's regex, sqlx's suffixes: ``78_slow_down.up.sql`` is
    forward, ``1_a.down.postgres.sql`` a rollback), else a rollback word
    ending the name (:data:`_DOWN_NAME`). goose, dbmate and sql-migrate keep
    both directions in one file: :func:`holds_forward_section` tells those."""
    if _FLYWAY_UNDO.match(filename):
        return True
    if _FLYWAY_FORWARD.match(filename):
        return False
    direction = _DIRECTION.match(filename)
    if direction is not None:
        return direction.group(2).lower() == "down"
    return _DOWN_NAME.search(filename) is not None


#: The forward markers of the tools that keep both directions in one file:
#: goose ``-- +goose Up``, dbmate ``-- migrate:up``, sql-migrate ``-- +migrate Up``.
_UP_MARKER = lazy_compile(
    r"^[ \t]*--[ \t]*(?:\+goose[ \t]+up|migrate:up|\+migrate[ \t]+up)\b",
    re.IGNORECASE | re.MULTILINE,
)


@lru_cache(maxsize=_NAME_MEMO)
def _down_by_word(filename: str) -> bool:
    """Whether ``filename`` reads as a rollback by a word ending it alone
    (``x_down.sql``), not by Flyway's prefix or a ``.down.`` part."""
    return (
        _FLYWAY_UNDO.match(filename) is None
        and _FLYWAY_FORWARD.match(filename) is None
        and _DIRECTION.match(filename) is None
        and _DOWN_NAME.search(filename) is not None
    )


#: A name sqlx takes for a migration (sqlx-core ``migrate/source.rs``: split
#: at the first ``_``, the rest ends in ``.sql``, the first part an i64).
_SQLX_NAME = lazy_compile(r"^[+-]?\d+_.*\.sql$", re.DOTALL)


@lru_cache(maxsize=_NAME_MEMO)
def sqlx_runs_forward(name: str) -> bool:
    """Whether sqlx applies a migration called ``name`` going forward
    (sqlx-core ``MigrationType::from_filename``: only a name ending in
    ``.down.sql`` exactly, case-sensitive, is a rollback; ``1_x.DOWN.sql``,
    ``1_x.Down.sql`` and ``1_x.down.sql.sql`` are simple migrations it runs)."""
    return _SQLX_NAME.match(name) is not None and not name.endswith(".down.sql")


#: A name goose (``<version>_x.sql``), dbmate (``^(\d+).*\.sql$``) and
#: sql-migrate take for a migration whatever it says after the version:
#: ``1_x.down.sql`` too, whose Up section they run.
_SECTIONED_NAME = lazy_compile(r"^\d+.*\.sql$", re.DOTALL)
#: The Up markers as those tools take them (goose: ``+goose`` lower case at
#: the line's start, the annotation in any case; dbmate's ``upRegExp`` and
#: sql-migrate's ``-- +migrate Up``: case-sensitive).
_EXACT_UP_MARKER = lazy_compile(
    r"^--[ \t]*(?:\+goose[ \t]+(?i:up)|migrate:up|\+migrate[ \t]+Up)(?![^ \t\r\n])",
    re.MULTILINE,
)


@lru_cache(maxsize=_NAME_MEMO)
def _tool_decides(name: str) -> bool:
    """Whether a name :func:`is_down_migration` takes for a rollback is one
    only its tool can tell: a rollback word ending it (``x_down.sql``), a
    name sqlx runs forward (``1_x.DOWN.sql``) while other tools' rules
    (golang-migrate's, pop's: case-sensitive, such a name is ignored there)
    never run it, or a versioned ``.sql`` name whose Up section goose,
    dbmate and sql-migrate run (``1_x.down.sql`` with ``-- +goose Up``)."""
    return is_down_migration(name) and (
        _down_by_word(name) or sqlx_runs_forward(name) or _SECTIONED_NAME.match(name) is not None
    )


@lru_cache(maxsize=_NAME_MEMO)
def _rollback_by_name(name: str) -> bool | None:
    """:func:`is_rollback_file` where the name alone decides; None where the
    file must be read."""
    if not is_down_migration(name):
        return False
    if (sqlx_runs_forward(name) or _SECTIONED_NAME.match(name)) and not _down_by_word(name):
        return None  # its tool tells: sqlx's crate, a goose/dbmate Up section
    if not _down_by_word(name):
        return True
    if name.endswith(".go"):
        return False  # goose's Go migration: one file registers both directions
    if name.lower() == "down.sql":
        # Diesel's rollback (<version>_<name>/down.sql): the tools that keep both
        # directions in one file all want a version in the name.
        return True
    return None


def is_rollback_file(path: Path) -> bool:
    """:func:`is_down_migration` for the file at ``path``, told by its tool where
    the name alone cannot: a name that reads as a rollback by a word ending it
    (``00078_slow_down.sql``) is a forward migration when its first 2,000
    characters open a goose, dbmate or sql-migrate Up section (those tools keep
    both directions in one file and have no rollback files), when it is a Go
    file without ``.up``/``.down`` (goose's ``AddMigration(up, down)``), or when it sits in
    a crate that depends on sqlx (sqlx-core ``MigrationType::from_filename``:
    only a ``.down.sql`` suffix is a rollback, any other name a simple forward
    migration; its exact ``.down.sql`` suffix only, so ``1_x.DOWN.sql`` runs
    forward there). A versioned ``1_x.down.sql`` is forward when it opens
    an Up section as goose, dbmate or sql-migrate take one (they run every
    versioned ``.sql`` file's Up section). Reads the staged copy in a
    pre-commit run; unreadable: by name."""
    decided = _rollback_by_name(path.name)
    if decided is not None:
        return decided
    name = path.name
    by_word = _down_by_word(name)
    if not by_word and sqlx_runs_forward(name) and uses_sqlx(path):
        return False  # 1_x.DOWN.sql: sqlx runs it forward
    if name.endswith(".sql") and drizzle_layout.has_journal(str(path.parent)):
        journal = drizzle_layout.read_journal(path.parent)
        if journal is not None and name[:-4] in journal.tags:
            return False  # drizzle runs every entry of its journal: 0188_scale_down too
    staged = _STAGED[-1].contents.get(os.path.realpath(path))
    try:
        if staged is not None:
            head = staged[:8000].decode("utf-8", "replace")[:2000]
        else:
            with path.open(encoding="utf-8", errors="replace") as handle:
                head = handle.read(2000)
    except OSError:
        return True
    if not by_word:  # 1_x.down.sql: forward only where its Up section runs
        return _EXACT_UP_MARKER.search(head) is None
    if _UP_MARKER.search(head):
        return False
    return not (name.lower().endswith(".sql") and uses_sqlx(path))


def rollback_suffix(filename: str) -> str | None:
    """What a rollback's name adds after its migration's stem, separator
    included (``.down.sql`` of ``001_a.down.sql``, ``_rollback.sql`` of
    ``001_a_rollback.sql``); None for a name that is not a rollback of that
    shape (Diesel's ``down.sql``, Flyway's ``U1__x.sql``, a forward file)."""
    if not is_down_migration(filename) or _FLYWAY_UNDO.match(filename):
        return None
    direction = _DIRECTION.match(filename)
    if direction is not None:
        return filename[len(direction.group(1)) :] if direction.group(1) else None
    found = _DOWN_NAME.search(filename)
    if found is None or found.start() == 0:
        return None
    return found.group(0)


def natural_key(relative_path: str) -> tuple[tuple[object, ...], ...]:
    """Sort key that orders paths the way migration tools apply them.

    Component by component and number-aware, so ``2_x.sql`` < ``10_x.sql``,
    ``V1.2__a.sql`` < ``V1.10__b.sql`` and ``v1.9/`` < ``v1.10/``; case is
    ignored first and only breaks ties, so the order is total and stable.
    """
    return _natural_key(relative_path, None)


def is_prisma_migration(parts: Sequence[str]) -> bool:
    """Whether a path split into ``parts`` is a Prisma migration,
    ``migrations/<folder>/migration.sql`` (the folder Prisma Migrate reads)."""
    return len(parts) >= 3 and parts[-1] == "migration.sql" and parts[-3].lower() == "migrations"


def _natural_key(
    relative_path: str, memo: dict[str, tuple[object, ...]] | None
) -> tuple[tuple[object, ...], ...]:
    """:func:`natural_key`, each component's key looked up in ``memo`` first.

    A walk sorts many paths sharing folders (and Diesel's ``up.sql``), and
    natsort's key costs microseconds per component.
    """
    parts = relative_path.replace("\\", "/").split("/")
    prisma = is_prisma_migration(parts)
    diesel = len(parts) >= 2 and parts[-1] in _DIESEL_FILES and parts[-2][:1].isdigit()
    repeatable = _flyway_repeatable_key(parts[-1])
    parts[-1] = _flyway_sortable(parts[-1])
    out: list[tuple[tuple[object, ...], str]] = []
    for i, part in enumerate(parts):
        if repeatable is not None and i == len(parts) - 1:
            out.append((repeatable, part))
            continue
        if (i >= 2 and _applied_by_name(parts[i - 2], parts[i - 1])) or (
            prisma and i == len(parts) - 2
        ):
            # Prisma lists ``migrations/<folder>/migration.sql`` folders and
            # applies them in plain name order (byte order of the names), so
            # ``2026..._rename`` runs before a later ``20_add``.
            out.append(((part,), part))
            continue
        if diesel and i == len(parts) - 2:
            # Diesel applies ``<version>_x/up.sql`` folders in the string order
            # of their versions (the name up to the first ``_``, dashes
            # removed), so ``2017-09-23-182408_x`` (20170923182408) runs
            # after ``20170804200817_y`` and before ``20171001000000_z``.
            out.append(((diesel_version(part), part), part))
            continue
        key = memo.get(part) if memo is not None else None
        if key is None:
            key = _natural_part(part)
            if memo is not None:
                memo[part] = key
        out.append((key, part))
    return tuple(out)


#: The files of a Diesel migration folder (``<version>_x/up.sql``).
_DIESEL_FILES = frozenset({"up.sql", "down.sql"})


def diesel_version(folder: str) -> str:
    """Diesel's version of a migration folder: the name up to the first ``_``, dashes removed.

    ``2017-09-23-182408_move_tokens`` -> ``20170923182408``. Diesel applies
    pending migrations sorted by this string (diesel_migrations'
    ``version_from_string`` and ``MigrationHarness::pending_migrations``,
    which compare ``MigrationVersion`` as text), and records it as the
    migration's key in ``__diesel_schema_migrations``.
    """
    return folder.split("_", 1)[0].replace("-", "")


_LEADING_DIGITS = lazy_compile(r"^(\d+)")
_DBMATE_UP = lazy_compile(r"^--\s*migrate:up", re.IGNORECASE | re.MULTILINE)


def _dbmate_name_order(found: list[tuple[tuple[tuple[object, ...], ...], Path]]) -> None:
    """Give a dbmate folder's files their plain name order, in place.

    dbmate applies the ``*.sql`` files of its folder sorted by file name
    as bytes (``FindMigrations``: ``sort.Slice`` on ``FileName``), so
    ``20240101120000_b.sql`` runs before ``20240101_a.sql`` and ``10_x``
    before ``9_y``. That differs from natural order only when the leading
    numbers have different widths: only then is a file's head read to see
    dbmate's ``-- migrate:up`` marker.
    """
    folders: dict[str, list[int]] = {}
    for i, (_, path) in enumerate(found):  # by the folder's text: no Path made and hashed
        folders.setdefault(os.path.dirname(path), []).append(i)  # noqa: PTH120
    for members in folders.values():
        versioned = [
            (len(m.group(1)), i) for i in members if (m := _LEADING_DIGITS.match(found[i][1].name))
        ]
        if len({width for width, _ in versioned}) < 2 or not _is_dbmate(found[versioned[0][1]][1]):
            continue
        for i in members:
            key, path = found[i]
            found[i] = ((*key[:-1], ((path.name,), path.name)), path)


#: A sqlx version written with a sign (``-1_x.sql``, ``+5_x.sql``).
_SIGNED_VERSION = lazy_compile(r"^([+-]\d+)_")
#: sqlx's version of a name it takes (:data:`_SQLX_NAME`).
_SQLX_VERSION = lazy_compile(r"^([+-]?\d+)_")


def _sqlx_signed_order(found: list[tuple[tuple[tuple[object, ...], ...], Path]]) -> None:
    """Give a sqlx folder holding a version written with a sign its order, in place.

    sqlx parses the version (the name up to its first ``_``) as Rust's
    ``i64``, which takes a sign, and sorts the migrations by it
    (``sqlx-core`` ``migrate/source.rs``: ``sort_by_key(|m| m.version)``):
    ``-1_x.sql`` runs first on a new database, ``+5_x.sql`` as version 5.
    The natural order put ``-1_x.sql`` after the numbers. Only a folder with
    such a name has its crate's ``Cargo.toml`` looked up.
    """
    folders: dict[str, list[int]] = {}
    for _, path in found:
        if _SIGNED_VERSION.match(path.name):
            folders.setdefault(os.path.dirname(path), [])  # noqa: PTH120
    if not folders:
        return
    for i, (_, path) in enumerate(found):
        members = folders.get(os.path.dirname(path))  # noqa: PTH120
        if members is not None:
            members.append(i)
    for members in folders.values():
        if not uses_sqlx(found[members[0]][1].resolve()):
            continue
        for i in members:
            key, path = found[i]
            version = _SQLX_VERSION.match(path.name)
            last = (0, int(version.group(1))) if version and _SQLX_NAME.match(path.name) else (1, 0)
            found[i] = ((*key[:-1], ((*last, path.name), path.name)), path)


#: sql-migrate's Up marker as it takes one (column 0, case-sensitive).
_SQL_MIGRATE_UP = lazy_compile(r"^-- \+migrate [ \t]*Up(?![^ \t\r\n])", re.MULTILINE)


def _sql_migrate_order(found: list[tuple[tuple[tuple[object, ...], ...], Path]]) -> None:
    """Give a sql-migrate folder's files sql-migrate's order, in place.

    sql-migrate sorts a folder's ``*.sql`` files with ``Migration.Less``
    (``migrate.go``: the leading number, then the file name compared as
    bytes), so ``5-x-10.sql`` runs before ``5-x-2.sql`` and ``5-X-3.sql``
    before both. Only a folder whose natural order differs has a file's head
    read, to see sql-migrate's ``-- +migrate Up``.
    """
    folders: dict[str, list[int]] = {}
    for i, (_, path) in enumerate(found):  # by the folder's text: no Path made and hashed
        folders.setdefault(os.path.dirname(path), []).append(i)  # noqa: PTH120
    for members in folders.values():
        if len(members) < 2:
            continue  # one file: no order to change
        names = [found[i][1].name for i in members]
        ours = sorted(range(len(members)), key=lambda j: found[members[j]][0])
        theirs = sorted(range(len(members)), key=lambda j: sql_migrate_key(names[j]))
        if ours == theirs or not any(_is_sql_migrate(found[i][1]) for i in members[:3]):
            continue
        for i in members:
            key, path = found[i]
            last = sql_migrate_key(path.name)
            found[i] = ((*key[:-1], ((last,), path.name)), path)


def _is_sql_migrate(path: Path) -> bool:
    return _head_holds(path, _SQL_MIGRATE_UP, 4000)


def _head_holds(path: Path, pattern: re.Pattern[str], size: int) -> bool:
    """Whether the first ``size`` characters of the file at ``path`` hold
    ``pattern`` (False when it cannot be read); the read is logged."""
    readlog.note_path(str(path))
    try:
        with path.open(encoding="utf-8", errors="replace") as handle:
            head = handle.read(size)
    except OSError:
        return False
    return pattern.search(head) is not None


#: dbmate ends the schema file it writes (``dbmate dump``, and ``dbmate up``
#: unless ``--no-dump-schema``) with the versions it applied, under this
#: comment, for every driver (dbmate 2.x: PostgreSQL, MySQL/MariaDB, SQLite).
_DBMATE_DUMP_TAIL = "-- dbmate schema migrations"
#: Names a ``--schema-file`` is given (dbmate's default is ``./db/schema.sql``).
_DUMP_NAME = lazy_compile(r"(?:schema|structure|dump)[^/]*\.sql$", re.IGNORECASE)


def _without_dbmate_dumps(
    paths: list[Path], problems: list[Diagnostic] | None, plan: SourcePlan
) -> list[Path]:
    """``paths`` without the schema files dbmate wrote beside the migrations walked with them.

    dbmate applies ``--migrations-dir`` (default ``./db/migrations``) and
    then dumps the database to ``--schema-file`` (default ``./db/schema.sql``;
    dbmate's README, "Schema file"), ending it with ``-- Dbmate schema
    migrations`` and the applied versions: a copy of the migrations' result,
    not input (replayed after them, it redefines every table and spells
    names the server chose). A file named like a schema dump whose tail has
    that comment, walked with a dbmate migration (``-- migrate:up``) in its
    folder or a folder below it, is left out with a ``DBN007`` note. Named
    on the command line (no walk), it is read.
    """
    candidates = [p for p in paths if _DUMP_NAME.search(p.name) and _has_dbmate_tail(p)]
    if not candidates:
        return paths
    heads: dict[Path, bool] = {}

    def dbmate_folder(folder: Path) -> bool:
        if folder not in heads:
            first = next((p for p in paths if p.parent == folder and p not in candidates), None)
            heads[folder] = first is not None and _is_dbmate(first)
        return heads[folder]

    dumps = {
        c
        for c in candidates
        if any(dbmate_folder(p.parent) for p in paths if c.parent in (p.parent, *p.parents[:2]))
    }
    if problems is not None:
        problems.extend(
            Diagnostic(
                Location(plan.display(c), 1, 1),
                Severity.INFO,
                "not replayed: dbmate's schema file (it ends with '-- Dbmate schema migrations'): "
                "dbmate writes it from the database after the migrations ran (--schema-file, "
                "default ./db/schema.sql), a copy of their result, not a migration; name the "
                "file on the command line to read it anyway",
                synapse_layout.NOT_REPLAYED_CODE,
            )
            for c in sorted(dumps)
        )
    return [p for p in paths if p not in dumps]


#: Rails' dump of a database other than the primary: ``<name>_structure.sql``
#: (``ActiveRecord::DatabaseConfigurations::HashConfig#schema_dump``).
_RAILS_OTHER_DUMP = lazy_compile(r"^(?P<name>\w+?)_(?:structure\.sql|schema\.rb)$")


def _without_other_rails_databases(
    paths: list[Path], problems: list[Diagnostic] | None, plan: SourcePlan
) -> list[Path]:
    """``paths`` without the dumps of a Rails app's other databases.

    A Rails app with several databases (``config/database.yml``, Rails 6+)
    dumps the primary one to ``db/structure.sql`` and each other one,
    ``queue``, ``cache``, to ``db/<name>_structure.sql`` beside it (Rails'
    ``HashConfig#schema_dump``: ``"#{name}_#{schema_file_type(format)}"``).
    They are separate databases: replayed as one schema, a table of one
    would replace the other's table of the same name. Walked beside the
    primary's ``structure.sql``, those files are left out with a ``DBN007``
    note; named on the command line or in ``paths`` (no walk), they are read.
    """
    primary_dumps = {p.parent: p for p in paths if p.name in ("structure.sql", "schema.rb")}
    if not primary_dumps:
        return paths
    others = {
        p
        for p in paths
        if p.parent in primary_dumps
        and _RAILS_OTHER_DUMP.match(p.name)
        # the config's `databases:` keeps it apart from the primary's: read it there
        and not plan.database_apart(p, primary_dumps[p.parent])
    }
    # Rails keeps one dump per database (config.active_record.schema_format):
    # where it keeps schema.rb, a structure.sql beside it is left behind
    ruby = {p.parent for p in paths if p.name == "schema.rb"}
    stale = {p for p in paths if p.parent in ruby and structure_dump_name(p.name.lower())}
    if problems is not None:
        problems.extend(_stale_structure_note(s, plan) for s in sorted(stale))
    paths = [p for p in paths if p not in stale]
    if problems is not None:
        problems.extend(_other_rails_database_note(o, plan) for o in sorted(others))
    return [p for p in paths if p not in others]


def _rails_ruby_dump(folder: Path, name: str) -> bool:
    """Whether ``folder/name`` is a Rails app's Ruby dump (``db/schema.rb``,
    ``db/<name>_schema.rb``) of an app that keeps it
    (:func:`dbnamelint.frontends.rails.app.reads_ruby`)."""
    if folder.name != "db" or not is_schema_rb(f"db/{name}"):
        return False
    from dbnamelint.frontends.rails.app import reads_ruby

    return reads_ruby(folder)


def _stale_structure_note(path: Path, plan: SourcePlan) -> Diagnostic:
    shown = plan.display(path)
    return Diagnostic(
        Location(shown, 1, 1),
        Severity.INFO,
        "not replayed: this Rails app keeps db/schema.rb (config.active_record.schema_format "
        "is :ruby, Rails' default), which is read; bin/rails db:migrate no longer rewrites "
        f"this SQL dump (name it on the command line to read it: dbnamelint check {shown})",
        synapse_layout.NOT_REPLAYED_CODE,
    )


def _other_rails_database_note(path: Path, plan: SourcePlan) -> Diagnostic:
    found = _RAILS_OTHER_DUMP.match(path.name)
    name = found.group("name") if found is not None else path.stem
    shown = plan.display(path)
    primary = "schema.rb" if path.name.endswith(".rb") else "structure.sql"
    return Diagnostic(
        Location(shown, 1, 1),
        Severity.INFO,
        f"not replayed: the dump of the Rails database '{name}' (Rails dumps each database "
        f"but the primary to <name>_{primary} beside the primary's {primary}), a "
        "database of its own: read with the primary's, its tables would replace the ones of "
        f"the same name; check it on its own (dbnamelint check {shown}, or a config whose "
        "paths name it, with its own whitelist)",
        synapse_layout.NOT_REPLAYED_CODE,
    )


def _has_dbmate_tail(path: Path) -> bool:
    """Whether the last 4,000 bytes of ``path`` hold dbmate's schema-file comment."""
    readlog.note_path(str(path))
    try:
        with path.open("rb") as handle:
            handle.seek(0, os.SEEK_END)
            handle.seek(max(0, handle.tell() - 4000))
            tail = handle.read().decode("utf-8", errors="replace")
    except OSError:
        return False
    return _DBMATE_DUMP_TAIL in tail.lower()


def _merge_flyway_locations(paths: list[Path]) -> None:
    """Reorder, in place, the Flyway files of ``common/`` and one database's
    folder beside it (Spring Boot's ``db/migration/{common,postgresql}``)
    as Flyway runs the two locations: one version sequence (a baseline
    migration ``B<n>__`` first), then every ``R__`` script; the other files
    keep their places.

    Only ``common`` with a single such folder is merged: copies of a schema
    for several databases (``mysql/`` and ``postgresql/``) stay apart.
    """
    flyway = [
        i
        for i, path in enumerate(paths)
        if _FLYWAY_VERSIONED.match(path.name)
        or _FLYWAY_REPEATABLE.match(path.name)
        or baseline_version(path.name) is not None
    ]
    for parent in merged_flyway_locations({paths[i].parent for i in flyway}):
        slots = [
            i
            for i in flyway
            if paths[i].parent.parent == parent and flyway_vendor_folder(paths[i].parent.name)
        ]
        ordered = sorted((paths[i] for i in slots), key=lambda p: _natural_key(p.name, None))
        for i, path in zip(slots, ordered, strict=True):
            paths[i] = path
    # Config flyway_locations: each instance's folders, in Flyway's version order.
    configured = configured_groups({PurePosixPath(paths[i].parent.as_posix()) for i in flyway})
    instances: dict[PurePosixPath, list[int]] = {}
    for i in flyway:
        instance = configured.get(PurePosixPath(paths[i].parent.as_posix()))
        if instance is not None:
            instances.setdefault(instance, []).append(i)
    for slots in instances.values():
        ordered = sorted((paths[i] for i in slots), key=_flyway_order)
        for i, path in zip(slots, ordered, strict=True):
            paths[i] = path


def _flyway_order(path: Path) -> tuple[int, tuple[int, ...], str]:
    """Flyway's order of one instance's migrations: versioned (and baseline)
    ones by version, part by part as numbers, then repeatables by description."""
    version = versioned_version(path.name) or baseline_version(path.name)
    if version is not None:
        return (0, version, path.name)
    return (1, (), path.name.lower())


def _without_dbmate_unnumbered(
    paths: list[Path], problems: list[Diagnostic] | None, plan: SourcePlan
) -> list[Path]:
    """``paths`` without the files of a dbmate folder whose names do not start
    with a digit, each with a ``DBN007`` note: dbmate's ``FindMigrations``
    takes ``^(\\d+).*\\.sql$`` only (``migrationFileRegexp``), so a
    ``zfix.sql`` beside ``20240101_x.sql`` never runs. A folder is dbmate's
    when one of its numbered files opens a ``-- migrate:up`` section; only
    a folder holding both kinds of names has a head read."""
    folders: dict[Path, list[Path]] = {}
    for path in paths:
        folders.setdefault(path.parent, []).append(path)
    dropped: set[Path] = set()
    for members in folders.values():
        numbered = [p for p in members if _LEADING_DIGITS.match(p.name)]
        others = [p for p in members if not _LEADING_DIGITS.match(p.name)]
        if not numbered or not others or not any(_is_dbmate(p) for p in numbered[:3]):
            continue
        for path in others:
            dropped.add(path)
            if problems is not None:
                problems.append(
                    _not_replayed(
                        path,
                        plan,
                        "not replayed: dbmate never runs it (its folder holds dbmate's "
                        "migrations, and dbmate takes only names starting with the version's "
                        "digits); rename it so to have it run, or name the file on the "
                        "command line to read it anyway",
                    )
                )
    return [p for p in paths if p not in dropped] if dropped else paths


def _is_dbmate(path: Path) -> bool:
    return _head_holds(path, _DBMATE_UP, 2000)


def _applied_by_name(grandparent: str, parent: str) -> bool:
    """Whether the entries of ``grandparent/parent/`` are applied in plain name order.

    The Supabase CLI lists ``supabase/migrations`` and applies files in the
    order of their names (Go's ``os.ReadDir``), so a hand-written
    ``20240101_a.sql`` comes after ``20240101120000_b.sql`` there ('1' sorts
    before '_'), where a number-aware order would put it first.
    """
    return parent.lower() == "migrations" and grandparent.lower() == "supabase"


_ASCII_DIGIT_RUNS = lazy_compile(r"([0-9]+)")


def _natural_part(part: str) -> tuple[object, ...]:
    """natsort's ``INT | IGNORECASE`` key of one path component.

    Worked out here for ASCII text (lower-cased, cut at digit runs, runs as
    integers, a leading ``""`` when it starts with one: what natsort does
    for it, tests/test_sources.py compares them); natsort itself for
    anything else (Unicode digits and case folding) and for very long runs.
    """
    if part.isascii():
        pieces = _ASCII_DIGIT_RUNS.split(part.lower())
        out: list[object] = [pieces[0]] if pieces[0] else []
        if len(pieces) > 1 and not pieces[0]:
            out.append("")  # natsort's separator before a leading number
        for i in range(1, len(pieces), 2):
            digits = pieces[i]
            if len(digits) > 100:
                break
            out.append(int(digits))
            if pieces[i + 1]:
                out.append(pieces[i + 1])
        else:
            return tuple(out)
    return tuple(_natural()(part))


@cache
def _natural() -> Callable[[str], Any]:
    """natsort's key, imported on first use: a run on named files never sorts
    a walk, and natsort's import was a tenth of a one-file check's start-up."""
    from natsort import natsort_keygen, ns

    return natsort_keygen(alg=ns.INT | ns.IGNORECASE)


_FLYWAY_VERSIONED = lazy_compile(r"^([VvUu])(\d+(?:[._]\d+)*)__")
_FLYWAY_REPEATABLE = lazy_compile(r"^[Rr]__")


_FLYWAY_SQL_SUFFIX = lazy_compile(r"\.sql$", re.IGNORECASE)


def _flyway_repeatable_key(name: str) -> tuple[object, ...] | None:
    """The sort key of a Flyway repeatable ``R__<description>.sql``, else None.

    Flyway applies repeatables after every versioned migration, ordered by
    description as plain text: ``ResolvedMigrationComparator`` returns
    ``o1.getDescription().compareTo(o2.getDescription())`` (Java's
    ``String.compareTo``: UTF-16 code units, case-sensitive), and the
    description is the name between ``R__`` and ``.sql`` with ``_`` read as
    a space. So ``R__10_x`` ("10 x") runs before ``R__9_y`` ("9 y"). The
    key's first element sorts after every other name's natural key.
    """
    if not _FLYWAY_REPEATABLE.match(name) or not _FLYWAY_SQL_SUFFIX.search(name):
        return None
    description = _FLYWAY_SQL_SUFFIX.sub("", name[3:]).replace("_", " ")
    return ("\uffff", description.encode("utf-16-be"), name)


def _flyway_sortable(name: str) -> str:
    """Rewrite a Flyway file name so natural order is Flyway's order.

    Flyway applies ``V2__`` before ``V2.1__`` (and reads ``V1_1__`` as 1.1),
    then repeatable ``R__`` scripts after every versioned one. Plain natural
    order puts ``.`` and ``R`` in the wrong places, so the version gets a
    terminator that sorts before any separator, and repeatables a prefix
    that sorts after every letter.
    """
    versioned = _FLYWAY_VERSIONED.match(name)
    if versioned:
        version = versioned.group(2).replace("_", ".")
        return f"{versioned.group(1)}{version}\x00{name[versioned.end() - 2 :]}"
    if _FLYWAY_REPEATABLE.match(name):
        return "\uffff" + name
    return name


# --------------------------------------------------------------------- globs


def compile_module_pattern(pattern: str) -> re.Pattern[str]:
    """Compile a module pattern such as ``modules/{module}/`` into a search regex.

    The pattern is a folder fragment matched at any depth of the folder part
    of a path relative to the root, so only a folder can name a module. It
    may use ``*`` and ``**``. Raises ``ValueError`` unless ``{module}``
    occurs exactly once.
    """
    text = pattern.strip().replace("\\", "/").removeprefix("./")
    if text.count("{module}") != 1:
        raise ValueError(f"module pattern {pattern!r} must contain '{{module}}' exactly once")
    anchored = text.startswith("/")
    text = text.lstrip("/")
    if not text.endswith("/"):
        text += "/"
    before, after = text.split("{module}")
    body = translate_glob(before) + "(?P<module>[^/]+)" + translate_glob(after)
    return re.compile(("^" if anchored else "(?:^|(?<=/))") + body)


# ------------------------------------------------------------------- plan


class _Override(Struct, frozen=True):
    glob: PathGlob
    dialect: str | None
    module: str | None
    search_path: tuple[str, ...] | None = None
    database: str | None = None
    written: WrittenPath | None = None


class SourcePlan(Struct, frozen=True):
    """Settings validated and compiled once, then applied to every file.

    Building it is where bad settings surface (unknown dialect, module
    pattern without ``{module}``) as ``ValueError``; the CLI reports those
    as usage errors before any file is touched.
    """

    root: Path
    cwd: Path
    dialect: str | None
    overrides: tuple[_Override, ...]
    module_regex: re.Pattern[str]
    exclude: tuple[PathGlob, ...]
    extensions: tuple[str, ...]
    include_down: bool
    #: PostgreSQL files' starting search_path (:attr:`SourceSettings.search_path`).
    search_path: tuple[str, ...] | None = None
    #: The root with symlinks resolved: the working directory is always the
    #: physical path, so files reached from it must match a symlinked root too.
    root_real: Path | None = None
    #: What each folder's migration tool configuration names (kept per plan).
    tool_dialects: ToolDialects = field(default_factory=ToolDialects)
    #: Which goose runs each folder's migrations (folder -> ``tree_goose``'s
    #: answer; kept per plan: one look at go.mod and dbconf.yml per folder).
    gooses: dict[str, str | None] = field(default_factory=dict)
    #: Whether each folder is a drizzle-kit folder (folder -> its answer).
    drizzles: dict[str, bool] = field(default_factory=dict)
    #: The Go migration lists whose file steps run each folder's files (None: none).
    go_lists: dict[str, FolderLists | None] = field(default_factory=dict)
    #: The file steps of each folder's Go files (:func:`dbnamelint.go_list_files.folder_lists`).
    go_files: ListMemo = field(default_factory=dict)
    #: Real paths of the folders :attr:`go_lists` asked about, each resolved once.
    go_reals: RealPaths = field(default_factory=lambda: RealPaths())  # noqa: PLW0108 (defined below)
    #: Whether no Go file in each folder or above it has a migration list with
    #: file steps (:func:`dbnamelint.go_list_files.lists_above`, negated).
    go_clean: dict[str, bool] = field(default_factory=dict)
    temporals: dict[str, bool] = field(default_factory=dict)
    #: :meth:`wants`'s answer for each file name asked.
    wanted: dict[str, bool] = field(default_factory=dict)
    #: :meth:`_name_dialect`'s answer for each file name asked.
    name_dialects: dict[str, str | None] = field(default_factory=dict)
    #: The code migrations (as shown) read in the first of the several
    #: dialects their tool's configuration names, with those dialects.
    several: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: :attr:`SourceSettings.keep` and every folder above those files.
    keep: frozenset[str] = frozenset()

    @classmethod
    def build(cls, settings: SourceSettings, cwd: Path | None = None) -> SourcePlan:
        """Validate and compile ``settings``; raises ``ValueError`` on bad ones."""
        here = _absolute(cwd or Path.cwd())
        root = _absolute(here / settings.root)
        overrides = tuple(
            _Override(
                PathGlob.compile(o.pattern),
                normalize_dialect(o.dialect) if o.dialect else None,
                o.module or None,
                o.search_path,
                o.database,
                o.written,
            )
            for o in settings.overrides
        )
        extensions = tuple(
            "." + e.lower().lstrip(".") for e in settings.extensions if e.strip(". ")
        )
        return cls(
            root=root,
            cwd=here,
            dialect=normalize_dialect(settings.dialect) if settings.dialect else None,
            overrides=overrides,
            module_regex=compile_module_pattern(settings.module_pattern),
            exclude=tuple(PathGlob.compile(p) for p in settings.exclude),
            extensions=extensions,
            include_down=settings.include_down,
            search_path=settings.search_path,
            root_real=Path(os.path.realpath(root)),
            keep=frozenset(str(p) for k in settings.keep for p in (Path(k), *Path(k).parents)),
        )

    # ---- per-file decisions

    def relative_to_root(self, path: Path) -> str | None:
        """``path`` (absolute) relative to the root with ``/``, or None outside it."""
        for root in (self.root, self.root_real):
            if root is None:
                continue
            rel = _relative(path, root)
            if rel is not None:
                return rel
        return None

    def display(self, path: Path) -> str:
        """The path as the user should see it: relative to cwd when below it."""
        rel = _relative(path, self.cwd)
        return path.as_posix() if rel is None else rel

    def is_excluded(self, path: Path) -> bool:
        """True when a config ``exclude`` glob covers ``path`` (absolute), or
        a pre-commit run leaves it out (untracked: see :func:`reading_staged`)."""
        skip = _STAGED[-1].skip
        if skip and os.path.realpath(path) in skip:
            return True
        if not self.exclude:
            return False  # the common case, without a relative path per file
        if self.keep and os.path.realpath(path) in self.keep:
            return False
        rel = self.relative_to_root(path)
        return rel is not None and any(g.matches(rel) for g in self.exclude)

    def excluded_by(self, path: Path) -> str | None:
        """The config ``exclude`` pattern that leaves ``path`` (absolute) out,
        or None (a pre-commit run's untracked files are no config's choice)."""
        if not self.exclude or (self.keep and os.path.realpath(path) in self.keep):
            return None
        rel = self.relative_to_root(path)
        if rel is None:
            return None
        return next((g.pattern for g in self.exclude if g.matches(rel)), None)

    def wants(self, name: str) -> bool:
        """Whether a walk picks up a file called ``name`` (kept per name:
        a walk asks twice per file, and a tree's names repeat)."""
        known = self.wanted.get(name)
        if known is None:
            known = self.wanted[name] = self._sql_name(name) and (
                self.include_down or not is_down_migration(name)
            )
        return known

    def _sql_name(self, name: str) -> bool:
        """Whether ``name`` is one of the SQL files a walk reads, rollback or not."""
        if name.startswith("."):
            return False
        return bool(
            name.lower().endswith(self.extensions)
            or has_dialect_extension(name, self.extensions)
            or migration_extension_dialect(name) is not None
            or extension_dialect(name) is not None
            or zdb_layout.is_template_migration(name)
        )

    def _golang_migrate_extra(self, name: str) -> bool:
        """Whether ``name`` is a migration golang-migrate runs (any extension:
        :func:`~dbnamelint.golang_migrate_names.runs_as_sql`) that only its
        folders make a walk read: not a name :meth:`wants` takes anyway, and
        not a ``.sql``/``.ddl`` one (a config narrowing the walk to other
        extensions still leaves those out). Hidden names are never read."""
        return (
            not name.startswith(".")
            and golang_migrate_names.runs_as_sql(name)
            and not name.lower().endswith((".sql", ".ddl"))
            and not self._sql_name(name)
        )

    def _golang_migrate_folder(self, folder: Path, names: Iterable[str]) -> bool:
        """Whether golang-migrate runs ``folder``, which holds ``names``: one of
        them is a migration of its name that a walk reads as SQL
        (``1_init.up.sql``, ``2_x.up.pgsql``), and the folder is no sqlx crate's
        or pop module's (sqlx reads ``.sql`` files only, pop ``.sql`` and
        ``.fizz``). Reads the nearest ``Cargo.toml`` and ``go.mod`` above it."""
        evidence = next(
            (
                n
                for n in names
                if not n.startswith(".")
                and golang_migrate_names.parse(n) is not None
                and (self._sql_name(n) or n.lower().endswith(_GO_TEMPLATES))
            ),
            None,
        )
        if evidence is None:
            return False
        anchor = folder / evidence
        return not uses_sqlx(anchor) and not runs_pop(anchor)

    def runs_golang_migrate(self, path: Path) -> bool:
        """Whether the file at ``path`` (absolute) is one of golang-migrate's
        migrations that a walk reads only because its folder is golang-migrate's
        (``128_note.up.txt``, ``128_x.down.sql.bak``), rollback or not. Lists
        the folder for names that may be one."""
        if not self._golang_migrate_extra(path.name):
            return False
        try:
            names = [entry.name for entry in path.parent.iterdir()]
        except OSError:
            return False
        return self._golang_migrate_folder(path.parent, names)

    def wants_file(self, path: Path) -> bool:
        """:meth:`wants` for the file at ``path`` (absolute): also golang-migrate's
        migrations of any extension in a folder golang-migrate runs
        (:meth:`runs_golang_migrate`), rollbacks only with ``include_down``."""
        name = path.name
        if self.wants(name):
            return True
        if name.endswith("schema.rb") and _rails_ruby_dump(path.parent, name):
            return True  # Rails' db/schema.rb, read as its database's dump
        if not self.include_down and is_down_migration(name):
            return False
        return self.runs_golang_migrate(path) or self.runs_fizz(path)

    def runs_fizz(self, path: Path) -> bool:
        """Whether the file at ``path`` (absolute) is a fizz migration pop runs:
        named as pop's (``1_x.up.fizz``), in a Go module that runs pop. pop
        runs it between its ``.sql`` ones, so its names are read as the SQL
        fizz writes (:mod:`dbnamelint.fizz_schema`), not left unchecked."""
        from dbnamelint.fizz_schema import is_fizz_migration

        return is_fizz_migration(path.name) and runs_pop(path)

    def forward_despite_name(self, folder: _LazyPath, name: str) -> bool:
        """Whether the file ``name`` in ``folder``, which :meth:`wants` leaves
        out as a rollback by a word ending its name, is forward by its tool's
        rule (:func:`is_rollback_file`). The file's path is made only then."""
        if self.include_down or not _tool_decides(name) or not self._sql_name(name):
            return False
        decided = _rollback_by_name(name)  # Diesel's down.sql: no path made, no file read
        if decided is not None:
            return not decided
        return not is_rollback_file(folder.path / name)

    def source_for(self, path: Path, anchor: Path | None = None) -> SourceFile:
        """The :class:`SourceFile` for an absolute, normalised ``path``.

        Dialect, first match wins: a matching override; the file's suffix
        (the global setting when it names a server of the suffix's dialect:
        ``mariadb`` for ``x.mysql.sql``); a folder named for a dialect
        outright; the one database the configuration of the tool running the
        file names (:class:`~dbnamelint.tool_dialect.ToolDialects`: a crate's
        sqlx driver, Prisma's ``migration_lock.toml``); the global setting; a dialect word
        in the file or folder names below the root; PostgreSQL. Module: a
        matching override, else the module pattern. Starting search_path
        (PostgreSQL files only): a matching override's, else the setting's. Public so that stdin
        input (``--stdin-filename``) gets the same decisions as files on
        disk. ``anchor`` is the command-line path the file was reached
        through: for files outside the root, the folder names from that path
        down still describe the project.
        """
        rel = self.relative_to_root(path)
        dialect: str | None = None
        module: str | None = None
        search_path: tuple[str, ...] | None = None
        database: str | None = None
        if rel is not None:
            for override in self.overrides:
                if override.glob.matches(rel):
                    dialect = dialect or override.dialect
                    module = module or override.module
                    database = database or override.database
                    if search_path is None:
                        search_path = override.search_path
        # .sql/.ddl always count here, so x.postgres.sql keeps its dialect
        # even when a config narrows the walk to other extensions.
        suffix = (
            self._name_dialect(path.name)
            # zdb's x-sqlite.sql runs on SQLite alone, whatever `dialect:` says
            or zdb_layout.dash_dialect(str(path))
        )
        if suffix is not None and self._names_the_server(suffix):
            suffix = (
                self.dialect
            )  # `.mysql.sql` under `dialect: mariadb`: the setting names the server
        # Folder names above the root say nothing about this project
        # (a checkout under ~/mysql-tools/ is not MySQL), so only the
        # part below the root is read for hints.
        parts: list[str] | None = None
        if dialect is None and suffix is None:
            # A folder named for a dialect (`mysql/`, `sqlite/` of a
            # multi-dialect tree) says so for its files, and so does the
            # configuration of the tool running the folder (a crate's one
            # sqlx driver, Prisma's lock): the config's `dialect:` is the
            # default for files that do not.
            parts = rel.split("/") if rel is not None else _parts_below(path, anchor)
            named = dialect_from_folder_names(parts[:-1])
            if self.dialect is not None:
                suffix = named
            if named is None:  # without `dialect:`, folder words are read below
                suffix = self.tool_dialects.of(path, self._drizzle(path))
            if (
                self.dialect is None
                and named is None
                and suffix is None
                and path.suffix.lower() in {".py", ".php", ".cs"}
            ):
                suffix = self._code_tool_dialect(path)
            if suffix is not None and self._names_the_server(suffix):
                suffix = self.dialect  # `mysql/` under `dialect: mariadb`
        dialect = dialect or suffix or self.dialect
        if dialect is None:
            if parts is None:
                parts = rel.split("/") if rel is not None else _parts_below(path, anchor)
            dialect = dialect_from_path_words(parts)
            guessed = dialect is None
            dialect = dialect or DEFAULT_DIALECT
        else:
            guessed = False
        if module is None:
            folder = rel.rpartition("/")[0] if rel is not None else path.parent.as_posix()
            match = self.module_regex.search(folder + "/")
            module = match.group("module") if match else None
        if search_path is None:
            search_path = self.search_path
        if search_path is not None and profile_for(dialect).family is not Family.POSTGRES:
            search_path = None  # a PostgreSQL session setting: other files ignore it
        return SourceFile(
            path=self.display(path),
            dialect=dialect,
            module=module,
            dialect_guessed=guessed,
            search_path=search_path,
            database=database,
            goose=self._goose(path),
            drizzle=self._drizzle(path),
            skips_existing=self._temporal(path),
        )

    def _name_dialect(self, name: str) -> str | None:
        """The dialect the file name ``name`` says by its suffixes or its
        extension, kept per name (a Diesel tree's files are all ``up.sql``)."""
        if name not in self.name_dialects:
            self.name_dialects[name] = (
                dialect_from_suffix(name, (*self.extensions, ".sql", ".ddl"))
                or migration_extension_dialect(name)
                or extension_dialect(name)
            )
        return self.name_dialects[name]

    def _code_tool_dialect(self, path: Path) -> str | None:
        """The dialect of code migration ``path`` (a Django, Alembic, Laravel or
        Doctrine migration named in ``paths:``) its tool's configuration names
        when the config names none
        (:func:`~dbnamelint.tool_dialect.code_migration_dialects`): of several
        (Django settings naming SQLite by default and PostgreSQL when an
        environment variable says so), the first named (trial s31: a Django
        project on SQLite read as PostgreSQL let ``CREATE TABLE PingArchives``
        pass; the gate judges a new one's SQL strings in each). The model
        holds one database's names, so that is said (:func:`_several_engines`)."""
        named = self.tool_dialects.code(path)
        if not named or not (_code_migration(path) or _doctrine_migration(path)):
            return None
        if len(named) > 1:  # said by _several_engines: set `dialect:`
            self.several[self.display(path)] = named
        return named[0]

    def _temporal(self, path: Path) -> bool:
        """Whether ``path`` is in a temporal version folder, per folder."""
        if temporal_layout.version_key(path.parent.name) is None:
            return False
        folder = str(path.parent)
        if folder not in self.temporals:
            self.temporals[folder] = temporal_layout.version_of(path) is not None
        return self.temporals[folder]

    def _drizzle(self, path: Path) -> bool:
        """Whether ``path`` is a migration of a drizzle-kit folder, per folder."""
        if not path.name.lower().endswith(".sql"):
            return False
        folder = str(path.parent)
        if folder not in self.drizzles:
            self.drizzles[folder] = drizzle_layout.has_journal(folder)
        return self.drizzles[folder]

    def _goose(self, path: Path) -> str | None:
        """:func:`~dbnamelint.liamstask_goose.tree_goose` of ``path``, per folder."""
        if not path.name.endswith(".sql") or goose_version(path.name) is None:
            return None
        folder = str(path.parent)
        if folder not in self.gooses:
            self.gooses[folder] = folder_goose(path.parent)
        return self.gooses[folder]

    def _other_database_folder(self, below: str) -> str | None:
        """The folder of ``below`` (a walk's folder path below its top, ``/``
        ended) named outright for a database whose language dbnamelint does
        not read (:data:`UNREADABLE_DATABASE_FOLDERS`, whatever the config's
        dialect), or, under a configured dialect, for another database that
        dbnamelint has no dialect folder for (:data:`OTHER_DATABASE_FOLDERS`),
        any case; else None."""
        for folder in below.split("/")[:-1]:
            low = folder.lower()
            if low in UNREADABLE_DATABASE_FOLDERS:
                return folder
            if self.dialect is None or low not in OTHER_DATABASE_FOLDERS:
                continue
            try:
                named = normalize_dialect(low)
            except ValueError:
                return folder
            if self.dialect is not None and copy_of(named) == copy_of(self.dialect):
                continue
            return folder
        return None

    def database_apart(self, path: Path, other: Path) -> bool:
        """Whether the config's ``databases:`` names a database for ``path``
        other than the one it names for ``other`` (a Rails app's
        ``db/queue_schema.rb`` listed apart from its ``db/schema.rb``)."""
        mine, theirs = self._configured_database(path), self._configured_database(other)
        return mine is not None and mine != theirs

    def _configured_database(self, path: Path) -> str | None:
        rel = self.relative_to_root(path)
        if rel is None:
            return None
        return next(
            (o.database for o in self.overrides if o.database is not None and o.glob.matches(rel)),
            None,
        )

    def _dialect_given(self, path: Path) -> bool:
        """Whether a ``per_path`` entry gives ``path`` a dialect, or the config's
        ``databases:`` lists it (the team named it a database of its own)."""
        rel = self.relative_to_root(path)
        return rel is not None and any(
            (o.dialect is not None or o.database is not None) and o.glob.matches(rel)
            for o in self.overrides
        )

    def _names_the_server(self, named: str) -> bool:
        """Whether the configured dialect is the server ``named`` (a suffix's or
        folder's dialect) stands for: ``mariadb`` for ``mysql``."""
        return (
            self.dialect is not None
            and sqlglot_dialect(self.dialect) == named
            and copy_of(self.dialect) == copy_of(named)
        )

    # ---- expansion of one command-line path

    def walk(
        self,
        top: Path,
        problems: list[Diagnostic] | None = None,
        *,
        ordered: bool = True,
        skip: frozenset[str] = frozenset(),
    ) -> list[Path]:
        """SQL files below ``top`` in natural order, pruning skipped folders.

        A folder that cannot be listed (permissions) is appended to
        ``problems`` as an unreadable-input error: ``os.walk`` alone skips it
        silently, and its files would pass unchecked. ``ordered=False``
        gives the same files in no particular order (cheaper: no sort keys).
        ``skip`` holds folders below ``top`` (absolute, as :func:`_absolute`
        spells them) not to enter: their files are known already.
        """
        found: list[tuple[tuple[tuple[object, ...], ...], Path]] = []

        def unlistable(exc: OSError) -> None:
            if problems is not None:
                where = self.display(Path(exc.filename)) if exc.filename else self.display(top)
                reason = (exc.strerror or type(exc).__name__).lower()
                problems.append(
                    _unreadable(
                        where, f"cannot list folder: {reason}; its files were not read"
                    ).diagnostic
                )

        plans: dict[Path, dict[str, int]] = {}  # sqitch deploy/ folder -> plan order
        journals: dict[Path, dict[str, int]] = {}  # drizzle folder -> journal order
        sqitch_tops: set[Path] = set()  # sqitch top dirs: only deploy/ is replayed
        sqitch_deploys: set[Path] = set()  # their deploy dirs
        if ordered:  # a walk of a deploy/ folder itself (or below one) still follows its plan
            found_plan = enclosing_sqitch_plan(Path(os.fspath(top)))
            if found_plan is not None:
                plans[found_plan[0]] = sqitch_plan_order(found_plan[1])
        changelogs: list[list[tuple[str, str, str]]] = []  # Liquibase include lists
        changelog_paths: list[Path] = []
        stores: list[Path] = []  # Synapse data stores (full_schemas/ and delta/ inside)
        temporal: list[Path] = []  # temporal schema folders (v1.0/manifest.json inside)
        memo: dict[str, tuple[object, ...]] = {}  # natural keys of path components
        top_text = os.fspath(top)
        # The folders above ``top`` may decide the order below it (a walk of
        # supabase/migrations itself); the same prefix on every key changes nothing else.
        context = "/".join(Path(top_text).parts[-2:]) + "/"
        # Paths are built per folder only when a config exclude or a
        # pre-commit run can leave one out: a Diesel tree has a folder per file.
        filtering = bool(self.exclude) or bool(_STAGED[-1].skip)
        prisma_roots: set[str] = set()  # folders holding Prisma's migration_lock.toml
        prefixed_roots: dict[str, str] = {}  # sqlx and Supabase folders -> the tool
        # Flyway folders, whose rollback/ subfolders are walked: Flyway scans a
        # location recursively, so a V<version>__x.sql there is a migration it
        # runs (and a version clash, DBN016), while a U<version>__x.sql is undo.
        flyway_roots: set[str] = set()
        flyway_rollbacks: set[str] = set()  # rollback folders walked for that
        for dirpath, dirnames, entries in _scan(top_text, unlistable):
            here = _LazyPath(dirpath)
            # Relative folder once per folder: the scan joins each folder to its
            # parent's text, so the part below ``top`` is a suffix of it.
            below = dirpath[len(top_text) :].lstrip(os.sep).replace(os.sep, "/")
            prefix = below + "/" if below else ""
            filenames = [entry.name for entry in entries]
            if dirpath not in self.drizzles and not any(d.lower() == "meta" for d in dirnames):
                # No meta/ folder (listed, before any pruning): no drizzle journal,
                # so no look for one (a stat) per file in source_for and ToolDialects.
                self.drizzles[dirpath] = False
            prisma = _prisma_depth(dirpath, filenames, prisma_roots)
            in_flyway = not self.include_down and (
                _nearest_above(dirpath, flyway_roots) is not None
                or (
                    any(d.lower() in ROLLBACK_DIRS for d in dirnames)
                    and flyway_names.is_flyway_folder(n for n in filenames if self.wants(n))
                )
            )
            if in_flyway:
                flyway_roots.add(dirpath)
                flyway_rollbacks.update(
                    os.path.join(dirpath, d)  # noqa: PTH118
                    for d in dirnames
                    if d.lower() in ROLLBACK_DIRS
                )
            flyway_rollback = bool(flyway_rollbacks) and (
                dirpath in flyway_rollbacks or _nearest_above(dirpath, flyway_rollbacks) is not None
            )
            dirnames[:] = [
                d
                for d in dirnames
                if (not d.startswith(".") or (prisma == 0 and d != ".git"))
                and d not in SKIPPED_DIRS
                and (self.include_down or d.lower() not in ROLLBACK_DIRS or in_flyway)
                and not (filtering and self.is_excluded(here.path / d))
                and (not skip or os.path.join(dirpath, d) not in skip)  # noqa: PTH118
            ]
            if synapse_layout.is_store(dirnames):
                stores.append(here.path)
                readlog.note_unstampable()  # its order reads folders and files of its own
            if temporal_layout.MANIFEST in filenames and temporal_layout.is_version_folder(
                here.path, filenames
            ):  # the name first: no Path made for every folder
                temporal.append(here.path.parent)
            if SQITCH_CONF in filenames:
                project = sqitch_project(here.path / SQITCH_CONF)
                if project is not None:
                    sqitch_tops.add(project.top)
                    sqitch_deploys.add(project.deploy)
                    if ordered:
                        plans[project.deploy] = sqitch_plan_order(project.plan)
            if SQITCH_PLAN in filenames and "deploy" in dirnames:
                sqitch_tops.add(here.path)
                sqitch_deploys.add(here.path / "deploy")
                if ordered and here.path / "deploy" not in plans:
                    plans[here.path / "deploy"] = sqitch_plan_order(here.path / SQITCH_PLAN)
            sqitch_top = bool(sqitch_tops) and here.path in sqitch_tops
            # A folder below a sqitch top dir but outside its deploy/ (BeeeOn's
            # pgsql/queries/ and pgsql/perf/, Registry's sql/seed/): sqitch never
            # runs its files; read, they put a perf helper's function in the
            # model and kept impact from searching the app's queries (trial s29).
            sqitch_aside = (
                bool(sqitch_tops)
                and not sqitch_top
                and any(top in here.path.parents for top in sqitch_tops)
                and not any(d == here.path or d in here.path.parents for d in sqitch_deploys)
            )
            if sqitch_top and not self.include_down:
                dirnames[:] = [d for d in dirnames if d not in _SQITCH_ROLLBACK_DIRS]
            foreign = self._other_database_folder(prefix) if prefix else None
            golang = self._golang_migrate_skips(here, filenames)
            flyway: bool | None = None  # worked out at the first file taken
            diesel: str | None = None  # "", "migration", "folder": at the first file taken
            prefixed: str | None = None  # the tool that runs <version>_x.sql only, or ""
            below_prefixed = _below(dirpath, prefixed_roots)  # such a tool's subfolder
            code_migrations: list[str] = []
            golang_migrate: bool | None = None  # whether golang-migrate runs this folder
            drizzle = _drizzle_tags(dirpath, dirnames)  # the journal's tags -> position
            if drizzle is not None and ordered:
                journals[here.path] = drizzle
                if problems is not None:
                    problems.extend(_drizzle_missing(here.path, drizzle, filenames, self))
            for entry in entries:
                name = entry.name
                if flyway_rollback and not (flyway_names.runs(name) and self.wants(name)):
                    continue  # a rollback script Flyway passes over (its undo U1__x.sql too)
                if _LIQUIBASE_CHANGELOG.search(name) or _is_changelog(entry, name):
                    changelogs.append(liquibase_entries(here.path / name))
                    changelog_paths.append(here.path / name)
                    notes, read = _change_type_notes(here.path / name, self)
                    if problems is not None:
                        problems.extend(notes)
                    if read and not (filtering and self.is_excluded(here.path / name)):
                        # its change types are read: a source in its own right
                        key = _natural_key(context + prefix + name, memo) if ordered else ()
                        found.append((key, here.path / name))
                    continue
                if name.endswith("schema.rb") and _rails_ruby_dump(here.path, name):
                    # Rails' db/schema.rb: read as its database's dump (frontends/rails)
                    if _is_file(entry) and not (filtering and self.is_excluded(here.path / name)):
                        key = _natural_key(context + prefix + name, memo) if ordered else ()
                        found.append((key, here.path / name))
                    continue
                taken = self.wants(name) or self.forward_despite_name(here, name)
                if drizzle is not None and name.endswith(".sql") and name[:-4] in drizzle:
                    taken = True  # drizzle runs what its journal lists, 0188_scale_down too
                if not taken and self._golang_migrate_extra(name):
                    # 128_note.up.txt: golang-migrate runs every name it parses, whatever
                    # the extension, in the folders it reads (trial s20 ente)
                    if golang_migrate is None:
                        golang_migrate = self._golang_migrate_folder(here.path, filenames)
                    if golang_migrate and not self.include_down and is_down_migration(name):
                        continue  # its rollback, left out as a .down.sql is
                    taken = golang_migrate
                if not taken and name.endswith(".fizz") and not is_down_migration(name):
                    taken = self.runs_fizz(here.path / name)  # pop runs it beside its .sql
                if not taken:
                    if is_go_migration(name):
                        if not is_rollback_file(here.path / name):  # a rollback runs on request
                            code_migrations.append(name)
                    elif flyway_code.is_class_name(name):
                        if flyway_code.is_code_migration(here.path / name):
                            code_migrations.append(name)
                    elif name.endswith(".py") and synapse_layout.applies_delta_folder(here.path):
                        # Synapse's delta/74/04_x.py: prepare_database runs its run_create
                        code_migrations.append(name)
                    elif problems is not None and self._may_note(name):
                        self._note_unread(here.path / name, problems)
                    continue
                if not _is_file(entry):  # FIFOs, sockets, broken symlinks
                    continue
                path = Path(entry.path)
                if filtering and self.is_excluded(path):
                    continue
                if drizzle is not None and not (name.endswith(".sql") and name[:-4] in drizzle):
                    # drizzle's migrator runs the journal's entries and nothing else
                    if problems is not None:
                        problems.append(_drizzle_not_run(path, self))
                    continue
                if foreign is not None and not self._dialect_given(path):
                    # db/migration/{vendor}: another database's copy, never this one's
                    if problems is not None:
                        problems.append(_other_database_note(path, foreign, self))
                    continue
                if sqitch_top or sqitch_aside:
                    # beside sqitch.plan or outside deploy/, not a change (a pg_dump, a
                    # seed, the app's queries): sqitch never runs it
                    if problems is not None:
                        problems.append(_sqitch_not_replayed(path, self))
                    continue
                if golang and not parses(name):
                    # golang-migrate passes over a name it cannot parse: never run
                    if problems is not None:
                        problems.append(_golang_migrate_not_run(path, self))
                    continue
                if prisma is not None and (prisma != 1 or name != "migration.sql"):
                    # Prisma Migrate runs <folder>/migration.sql and nothing else:
                    # a zz_fix.sql beside them renamed a bad column in the model
                    # only (trial s26 ghostfolio)
                    if problems is not None:
                        problems.append(_prisma_not_run(path, prisma, self))
                    continue
                if flyway is None:
                    flyway = flyway_names.is_flyway_folder(n for n in filenames if self.wants(n))
                if flyway and not flyway_names.runs(name):
                    # Flyway ignores a name that is no migration or callback: a
                    # zfix.sql beside V1__x.sql would rename in the model only
                    if problems is not None:
                        problems.append(_flyway_not_run(path, self))
                    continue
                if diesel is None:
                    diesel = _diesel_folder(dirpath, dirnames, filenames)
                if diesel and name not in _DIESEL_FILES:
                    # diesel migration run reads <version>_x/up.sql only
                    if problems is not None:
                        problems.append(_diesel_not_run(path, diesel, self))
                    continue
                if prefixed is None:
                    prefixed = below_prefixed or _prefixed_tool(dirpath, filenames)
                    if prefixed and not below_prefixed:
                        prefixed_roots[dirpath] = prefixed
                if prefixed and (below_prefixed or not _prefixed_runs(prefixed, name)):
                    # the Supabase CLI and sqlx read their folder alone, and skip
                    # a name without <version>_ (sqlx: without _) or .sql
                    if problems is not None:
                        problems.append(_prefixed_not_run(path, prefixed, self, below_prefixed))
                    continue
                if name.lower().endswith(".sql") and (
                    go_list := self._go_list_skips(
                        dirpath, path, filenames if dirpath != top_text else None
                    )
                ):
                    # a Go migration list's file steps run this folder's files
                    # (shiori's newFileMigration): one no step names never runs
                    if problems is not None:
                        problems.append(_go_list_not_run(path, go_list, self))
                    continue
                key = _natural_key(context + prefix + name, memo) if ordered else ()
                found.append((key, path))
            jvm = [n for n in code_migrations if n.lower().endswith(flyway_code.SUFFIXES)]
            code_migrations = [n for n in code_migrations if n not in jvm]
            if (
                code_migrations
                and problems is not None
                and (
                    any(self.wants(n) for n in filenames)
                    # zdb's gomig/ beside db/migrate's files: the names say migration
                    or all(zdb_layout.is_go_migration(n) for n in code_migrations)
                    or all(n.endswith(".py") for n in code_migrations)  # Synapse's deltas
                )
            ):
                problems.append(_code_migrations_note(here.path, sorted(code_migrations), self))
            if problems is not None:
                self._note_flyway_code(here, jvm, filenames, top_text, problems)
        if not ordered:
            paths = _without_dbmate_dumps([path for _, path in found], None, self)
            paths = _without_dbmate_unnumbered(paths, None, self)
            paths = _without_other_rails_databases(paths, None, self)
            # The same files as an ordered walk: those Synapse or temporal never applies left out.
            if temporal:
                paths = temporal_layout.order(paths, temporal, None, self.display)
            return synapse_layout.order(paths, stores, None, self.display) if stores else paths
        _dbmate_name_order(found)
        _sql_migrate_order(found)
        _sqlx_signed_order(found)
        found.sort(key=lambda item: item[0])
        paths = _without_dbmate_dumps([path for _, path in found], problems, self)
        paths = _without_dbmate_unnumbered(paths, problems, self)
        paths = _without_other_rails_databases(paths, problems, self)
        _merge_flyway_locations(paths)
        if stores:
            paths = synapse_layout.order(paths, stores, problems, self.display)
        if temporal:
            paths = temporal_layout.order(paths, temporal, problems, self.display)
        for deploy, order in plans.items():
            paths = _without_unplanned(paths, deploy, order, problems, self)
            _apply_plan_order(paths, deploy, order)
        for folder, order in journals.items():
            _apply_plan_order(paths, folder, order)
        if len(changelogs) > 1:
            changelogs = _nested_in_place(changelog_paths, changelogs)
        # The changelog that reaches the most files orders last, so its order
        # wins: two roots running the same files (OpenMRS's
        # liquibase-update-to-latest.xml runs 3.0.x alone, -from-1.9.x.xml runs
        # 1.9.x ... 2.8.x, 3.0.x) put them where the longer history runs them,
        # not 3.0.x before 2.0.x (which lost a column: trial s33 openmrs C8).
        for includes in sorted(changelogs, key=len):
            _apply_include_order(paths, includes)
        if changelogs:
            paths = self._without_unreached(paths, changelogs, changelog_paths, problems)
            walked = list(paths)
            paths = self._drop_other_dbms(paths, changelogs, problems)
            paths += self._outside_includes(walked, changelog_paths, problems)
        return paths

    def _outside_includes(
        self, paths: Sequence[Path], changelogs: Sequence[Path], problems: list[Diagnostic] | None
    ) -> list[Path]:
        """The files a changelog of the walk includes (``include``, ``sqlFile``,
        relative to it) from outside the walked folders (``paths``): Liquibase
        runs them on the configured database (their ``dbms`` allowing), so
        they are read, after the walk's files (trial s25 traccar: ``<include
        file="../setup/alarms.xml" relativeToChangelogFile="true"/>`` was
        never read, and a bad name in it passed the gate), and those of a
        name the walk does not take: a ``sqlFile`` is SQL whatever its
        extension. One level: what such a file includes in turn is not followed."""
        have = {os.path.normpath(str(p)) for p in paths}
        short = liquibase_dbms(self.dialect or "postgres")
        out: list[Path] = []
        for changelog in changelogs:
            for kind, value, dbms in liquibase_entries(changelog):
                if kind != "file" or value.startswith("classpath:"):
                    continue
                if dbms and short is not None and not dbms_matches(dbms, short):
                    continue
                target = os.path.normpath(os.path.join(changelog.parent, value))  # noqa: PTH118
                path = Path(target)
                name = path.name
                if not path.is_file() and problems is not None:
                    problems.extend(_liquibase_missing(changelog, value, self))
                if target in have or not path.is_file() or self.is_excluded(path):
                    continue
                if name.lower().endswith(CHANGELOG_SUFFIXES):
                    notes, read = _change_type_notes(path, self)
                    if problems is not None:
                        problems.extend(notes)
                    if not read:
                        continue
                elif is_down_migration(name) and not self.include_down:
                    # a sqlFile is SQL whatever its extension (metabase's trial
                    # s27: widget.ddl.txt passed the hook unread); a rollback's name stays out
                    continue
                have.add(target)
                out.append(path)
        return out

    def _without_unreached(
        self,
        paths: list[Path],
        changelogs: Sequence[Sequence[tuple[str, str, str]]],
        changelog_paths: Sequence[Path],
        problems: list[Diagnostic] | None,
    ) -> list[Path]:
        """``paths`` without the files of a folder whose other files a changelog
        includes one by one (``include``, ``sqlFile``) when no changelog reaches
        them, each with a ``DBN007`` note: Liquibase runs only what the root
        changelog reaches (Liquibase manual, "include"), so a stray
        ``changelog/0042_fix.sql`` renamed a bad column in the model only.
        A changelog that includes others (a root) is kept."""
        reached: set[Path] = set()
        folders: set[Path] = set()
        for entries in changelogs:
            position = _include_positions(paths, entries)
            reached.update(position)
            folders.update(p.parent for p, (_n, rest) in position.items() if rest == "\0")
        roots = {p for p, entries in zip(changelog_paths, changelogs, strict=True) if entries}
        out = []
        for path in paths:
            if path.parent in folders and path not in reached and path not in roots:
                if problems is not None:
                    problems.append(
                        _not_replayed(
                            path,
                            self,
                            f"{LIQUIBASE_UNINCLUDED}, and Liquibase "
                            "runs only the files its changelogs include; include it in the "
                            "changelog, or name it on the command line to read it",
                        )
                    )
                continue
            out.append(path)
        return out

    def _drop_other_dbms(
        self,
        paths: list[Path],
        changelogs: Sequence[Sequence[tuple[str, str, str]]],
        problems: list[Diagnostic] | None,
    ) -> list[Path]:
        """``paths`` without the files a changelog reaches only through ``sqlFile``
        changesets whose ``dbms`` leaves out the configured dialect (Liquibase
        never runs them there), each with a ``DBN007`` note."""
        short = liquibase_dbms(self.dialect or "postgres")
        if short is None or not any(d for entries in changelogs for _k, _v, d in entries):
            return paths
        kept: set[Path] = set()
        dropped: dict[Path, str] = {}
        for entries in changelogs:
            for kind, value, dbms in entries:
                if kind != "file":
                    continue
                wanted = "/" + value.removeprefix("classpath:").replace("\\", "/").lstrip("/")
                for path in paths:
                    if ("/" + path.as_posix()).endswith(wanted):
                        if not dbms or dbms_matches(dbms, short):
                            kept.add(path)
                        else:
                            dropped.setdefault(path, dbms)
        out = []
        for path in paths:
            if path in dropped and path not in kept:
                if problems is not None:
                    problems.append(
                        Diagnostic(
                            Location(self.display(path), 1, 1),
                            Severity.INFO,
                            f"{LIQUIBASE_OTHER_DBMS_FILE} {dropped[path]}{OTHER_DBMS_END} "
                            f"{short}, the configured database (Liquibase "
                            "never runs it there)",
                            synapse_layout.NOT_REPLAYED_CODE,
                        )
                    )
                continue
            out.append(path)
        return out

    def _note_flyway_code(
        self,
        lazy: _LazyPath,
        classes: list[str],
        filenames: list[str],
        top: str,
        problems: list[Diagnostic],
    ) -> None:
        """``DBN014`` for Flyway's Java/Kotlin migrations: ``classes`` of
        ``folder``, and, when ``folder`` holds Flyway SQL migrations, those
        of the same classpath location under another source root
        (``src/main/java/db/migration`` beside ``src/main/resources/...``)
        that this walk does not reach itself. One note per folder. The
        folder's :class:`Path` is made only then (most folders have none)."""
        flyway_sql = any(_FLYWAY_VERSIONED.match(n) and self.wants(n) for n in filenames)
        if not classes and not flyway_sql:
            return
        folder = lazy.path
        noted = {d.location.path for d in problems if d.code == CODE_MIGRATION_CODE}

        def note(where: Path, names: list[str]) -> None:
            diagnostic = _code_migrations_note(where, sorted(names), self)
            if diagnostic.location.path not in noted:
                noted.add(diagnostic.location.path)
                problems.append(diagnostic)

        if classes:
            note(folder, classes)
        if not flyway_sql:
            return
        for other in flyway_code.package_siblings(folder):
            if os.fspath(other).startswith(top.rstrip(os.sep) + os.sep):
                continue  # the walk lists it itself
            readlog.note_side(os.path.abspath(other))  # the run cache: a class added there  # noqa: PTH100
            try:
                names = [
                    e.name
                    for e in os.scandir(other)
                    if e.is_file() and flyway_code.is_code_migration(other / e.name)
                ]
            except OSError:
                continue
            if names:
                note(other, names)

    def _golang_migrate_skips(self, folder: _LazyPath, names: Sequence[str]) -> bool:
        """Whether golang-migrate runs the migrations of ``folder`` (holding
        ``names``) and some SQL file there is one it passes over: the names
        are golang-migrate's (:func:`~dbnamelint.golang_migrate_names.looks_golang_migrate`),
        the nearest ``go.mod`` requires golang-migrate, and no manifest names
        another runner (pop; a Rust crate depending on sqlx, which runs
        ``N_x.sql`` files too)."""
        if not looks_golang_migrate(names):
            return False
        if all(parses(n) for n in names if self._sql_name(n)):
            return False  # nothing to pass over: no manifest read
        anchor = folder.path / names[0]
        # Without a go.mod requiring golang-migrate, another runner may read the
        # folder (sqlx keeps `N_x.sql` beside `.up.sql` files; a table in the
        # database may be the only sign): reading the file hides nothing.
        return (
            go_module_requires(anchor, GOLANG_MIGRATE) is True
            and not runs_pop(anchor)
            and not uses_sqlx(anchor)
        )

    def _go_list_skips(self, folder: str, path: Path, names: Sequence[str] | None = None) -> str:
        """The Go file (absolute) whose migration list's file steps run
        ``folder``'s files (:func:`dbnamelint.go_list_files.folder_lists`)
        when none of them names ``path``, else ``""``. ``names``: the
        folder's file names as a walk listed it, for a folder the walk
        entered (never a symbolic link)."""
        if folder in self.go_lists:
            found = self.go_lists[folder]
        elif (
            names is not None
            and not any(n.endswith(".go") for n in names)
            and self._no_go_lists_above(os.path.dirname(folder))  # noqa: PTH120
        ):
            # No Go file here, nor a list in or above its parent: no list runs
            # this folder's files, known without listing it again and resolving
            # its real path (a Diesel tree asks for every migration's folder).
            found = self.go_lists[folder] = None
        else:
            from dbnamelint.go_list_files import folder_lists

            found = folder_lists(folder, str(self.root), self.go_files, self.go_reals)
            self.go_lists[folder] = found
        if found is None or os.path.realpath(path) in found.named:
            return ""
        return found.lists[0][0]

    def _no_go_lists_above(self, folder: str) -> bool:
        """Whether no Go file in ``folder`` or above it (up to the root) has a
        migration list with file steps; asked once per folder."""
        clean = self.go_clean.get(folder)
        if clean is None:
            from dbnamelint.go_list_files import lists_above

            clean = not lists_above(folder, str(self.root), self.go_files, self.go_reals)
            self.go_clean[folder] = clean
        return clean

    def _may_note(self, name: str) -> bool:
        """Whether :meth:`_note_unread` may note a file called ``name`` (a cheap
        test by name first: most files a walk passes over are rollbacks)."""
        return unread_sql_kind(name) is not None and (
            self.include_down or not is_down_migration(name)
        )

    def _note_unread(self, path: Path, problems: list[Diagnostic]) -> None:
        """Append the :data:`NOT_READ_CODE` note for a SQL-ish file a walk passes over."""
        what = unread_sql_kind(path.name)
        if what is None or (not self.include_down and is_rollback_file(path)):
            return
        if not path.is_file() or self.is_excluded(path):
            return
        problems.append(_unread_note(path, what, self))

    def expand_glob(
        self, pattern: str, problems: list[Diagnostic] | None = None, *, ordered: bool = True
    ) -> tuple[list[Path], bool]:
        """Files a glob matches (folders it matches walked) in natural order.

        A glob is a walk the user shaped: the extension filter is theirs, but
        rollbacks, hidden and vendored folders and excludes still apply. The
        flag says whether the glob matched anything before that filtering,
        so "matches nothing" (a typo) is told apart from "all filtered out".
        """
        parts = pattern.replace("\\", "/").split("/")
        fixed: list[str] = []
        for part in parts[:-1]:
            if GLOB_CHARS.search(part):
                break
            fixed.append(part)
        fixed_dir = _absolute(self.cwd / "/".join(fixed)) if fixed else self.cwd
        # glob.glob, not Path.glob: it takes absolute patterns and "**" as users
        # type them on a command line. The folders it lists are not signed.
        readlog.note_unstampable()
        found = glob.glob(pattern, root_dir=self.cwd, recursive=True)  # noqa: PTH207
        matches = [_absolute(self.cwd / m) for m in found]
        matches.sort(key=lambda p: natural_key(p.as_posix()))
        out: list[Path] = []
        for path in matches:
            if path.is_dir():
                out.extend(self.walk(path, problems, ordered=ordered))
                continue
            if not path.is_file():  # FIFOs, sockets, broken symlinks
                continue
            try:
                between = path.relative_to(fixed_dir).parts[:-1]
            except ValueError:
                between = ()
            if any(p.startswith(".") or p in SKIPPED_DIRS for p in between):
                continue
            if not self.include_down and is_rollback_file(path):
                continue
            if not self.is_excluded(path):
                out.append(path)
        return out, bool(matches)


def sqitch_plan_order(plan: Path) -> dict[str, int]:
    """Change name -> position in a ``sqitch.plan`` (its last line for reworked changes),
    and ``name@tag`` -> the line of the earlier instance a rework's copy
    ``deploy/<name>@<tag>.sql`` deploys.

    The plan lists one change per line, first word the name; ``%`` pragmas,
    ``@`` tags, ``#`` comments and blank lines are not changes (sqitch
    manual, "sqitch-plan"). ``sqitch rework`` copies a change's scripts to
    files "named with the tag that comes between the changes", which serve
    as the files of the original change (sqitch manual, "sqitch-rework"):
    ``name@tag`` is the instance of ``name`` that the first tag after it
    closes (App::Sqitch::Plan::Change ``path_segments`` looks for the
    script of any tag between the instances: each such tag names it here).
    An unreadable plan orders nothing.
    """
    try:
        readlog.note_path(str(plan))
        lines = plan.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return {}
    order: dict[str, int] = {}
    for number, line in enumerate(lines):
        words = line.split("#", 1)[0].split(None, 1)
        word = words[0] if words else ""
        if word.startswith("@") and len(word) > 1:
            for name, at in list(order.items()):
                if "@" not in name:
                    order.setdefault(f"{name}{word}", at)
        elif word and word[0] != "%":
            order[word] = number
    return order


class SqitchProject(Struct, frozen=True):
    """Where a ``sqitch.conf`` puts its project: the top dir, plan file and deploy dir."""

    top: Path
    plan: Path
    deploy: Path


_CONF_SECTION = lazy_compile(r'^\s*\[\s*([A-Za-z0-9_.-]+)(?:\s+"([^"]*)")?\s*\]')
_CONF_VALUE = lazy_compile(r"^\s*([A-Za-z0-9_-]+)\s*=\s*(.*?)\s*$")


def sqitch_project(conf: Path) -> SqitchProject | None:
    """The project a ``sqitch.conf`` describes, or None (unreadable, or no plan file).

    Sqitch takes ``top_dir`` (default ``.``), ``plan_file`` (default
    ``<top_dir>/sqitch.plan``) and ``deploy_dir`` (default
    ``<top_dir>/deploy``) from the ``[engine "<core.engine>"]`` section,
    else ``[core]`` (sqitch manual, "sqitch-configuration": engine-specific
    configuration before core configuration); relative paths are from the
    folder holding ``sqitch.conf``, where sqitch runs.
    """
    try:
        readlog.note_path(str(conf))
        lines = conf.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    sections: dict[str, dict[str, str]] = {}
    current: dict[str, str] | None = None
    for line in lines:
        head = _CONF_SECTION.match(line)
        if head is not None:
            name = head.group(1).lower() + (f' "{head.group(2)}"' if head.group(2) else "")
            current = sections.setdefault(name, {})
            continue
        value = _CONF_VALUE.match(line.split("#", 1)[0].split(";", 1)[0])
        if value is not None and current is not None:
            current[value.group(1).lower().replace("-", "_")] = value.group(2).strip('"')
    core = sections.get("core", {})
    engine = sections.get(f'engine "{core.get("engine", "")}"', {})

    def setting(key: str) -> str | None:
        return engine.get(key) or core.get(key)

    here = conf.parent
    top = Path(os.path.normpath(here / (setting("top_dir") or ".")))
    plan_file = setting("plan_file")
    plan = Path(os.path.normpath(here / plan_file)) if plan_file else top / SQITCH_PLAN
    deploy_dir = setting("deploy_dir")
    deploy = Path(os.path.normpath(here / deploy_dir)) if deploy_dir else top / "deploy"
    if not plan.is_file():
        return None
    return SqitchProject(top, plan, deploy)


def enclosing_sqitch_plan(top: Path) -> tuple[Path, Path] | None:
    """``(deploy dir, plan file)`` of the sqitch project whose deploy dir is
    ``top`` or holds it, found in the folders above ``top``; None: none."""
    for above in list(top.parents)[:4]:
        conf = above / SQITCH_CONF
        # Whether these two exist decides the order (not the rest of the
        # folder, which may be a busy /tmp).
        readlog.note_path(str(conf))
        readlog.note_path(str(above / SQITCH_PLAN))
        project = sqitch_project(conf) if conf.is_file() else None
        if project is not None and (project.deploy == top or project.deploy in top.parents):
            return project.deploy, project.plan
        deploy = above / "deploy"
        if (above / SQITCH_PLAN).is_file() and (deploy == top or deploy in top.parents):
            return deploy, above / SQITCH_PLAN
    return None


def _other_database_note(path: Path, folder: str, plan: SourcePlan) -> Diagnostic:
    language = UNREADABLE_DATABASE_FOLDERS.get(folder.lower())
    if language is not None:
        why = (
            f"whose language dbnamelint does not read ({language}): read as SQL its "
            "statements would be misread"
        )
    else:
        why = (
            f"not {plan.dialect}'s (one copy per vendor, as Flyway and Spring Boot's "
            "db/migration/{vendor} keep them)"
        )
    return _not_replayed(
        path,
        plan,
        f"not replayed: {folder}/ holds the migrations of another database "
        f"({folder.lower()}), {why}; a per_path entry with a dialect, or naming the folder, "
        "reads it",
    )


#: The runner :func:`_prefixed_tool` names for a folder golang-migrate runs.
GOLANG_MIGRATE_TOOL = "golang-migrate"
#: A Supabase CLI migration's name (``migrateFilePattern``); case matters.
_SUPABASE_NAME = lazy_compile(r"^[0-9]+_.*\.sql$")
#: What sqlx reads as a version: Rust's ``i64`` parse takes a sign
#: (``+20261205000000_x.sql`` runs: trial s26 zero2prod).
_VERSION_PREFIX = lazy_compile(r"^[+-]?\d+_")


def _prefixed_runs(tool: str, name: str) -> bool:
    """Whether ``tool`` (:func:`_prefixed_tool`) runs a file named ``name`` of
    its folder. sqlx (``sqlx-core`` ``migrate/source.rs``) skips a name
    without ``_`` or not ending in ``.sql`` (case and all), and stops the whole
    run at a version that is no integer (that file is read: its names are
    judged); the Supabase CLI skips what ``^([0-9]+)_(.*)\\.sql$`` does not match."""
    if tool == "sqlx":
        return name.endswith(".sql") and "_" in name
    if tool == GOLANG_MIGRATE_TOOL:
        return True  # its own folder's names: :meth:`SourcePlan._golang_migrate_skips`
    return _SUPABASE_NAME.match(name) is not None


def _below(dirpath: str, roots: Mapping[str, str]) -> str:
    """The tool of the nearest folder of ``roots`` above ``dirpath``, or ``""``."""
    found = _nearest_above(dirpath, roots)
    return "" if found is None else roots[found[0]]


def _nearest_above(dirpath: str, roots: Collection[str]) -> tuple[str, int] | None:
    """The nearest folder of ``roots`` above ``dirpath`` (text, as the scan
    gives it) and how many levels up it is (1: the parent); None if none is."""
    if not roots:
        return None
    parent, levels = os.path.dirname(dirpath), 1  # noqa: PTH120
    while parent not in roots:
        up = os.path.dirname(parent)  # noqa: PTH120
        if up == parent:
            return None
        parent, levels = up, levels + 1
    return parent, levels


def _prefixed_tool(dirpath: str, filenames: Sequence[str]) -> str:
    """The tool running only the ``<version>_x.sql`` files of ``dirpath``:
    ``"the Supabase CLI"`` for ``supabase/migrations`` (``supabase db push``
    skips another name, "file name must match pattern <timestamp>_name.sql"),
    ``"sqlx"`` for a folder of such names in a crate depending on sqlx
    (``migrate!`` passes over another name), ``"golang-migrate"`` for a
    folder of its names in a Go module (or repository) requiring it, which
    reads that folder alone (its own names are judged apart), else ``""``."""
    if dirpath.replace(os.sep, "/").endswith("supabase/migrations"):
        return "the Supabase CLI"
    named = [n for n in filenames if n.lower().endswith(".sql") and _VERSION_PREFIX.match(n)]
    if len(named) >= 2 and uses_sqlx(Path(dirpath) / named[0]):
        return "sqlx"
    if looks_golang_migrate(filenames):
        anchor = Path(dirpath) / next(n for n in sorted(filenames) if parses(n))
        if (
            go_module_requires(anchor, GOLANG_MIGRATE) is True
            and not runs_pop(anchor)
            and not uses_sqlx(anchor)
        ):
            # golang-migrate's source (source/iofs, which source/file wraps) lists
            # its folder with fs.ReadDir and skips every entry that IsDir(): the
            # files of a folder below never run.
            return GOLANG_MIGRATE_TOOL
    return ""


def _prefixed_not_run(path: Path, tool: str, plan: SourcePlan, below: str) -> Diagnostic:
    """The ``DBN007`` note on a SQL file :func:`_prefixed_tool`'s tool never
    runs: a name it skips, or any file below its folder (``below``)."""
    why = (
        "it reads its migrations folder alone, not the folders in it"
        if below
        else "it runs the folder's <version>_<name>.sql files, and passes over another name"
    )
    return _not_replayed(
        path,
        plan,
        f"not replayed: {tool} never runs it ({why}); move or rename it so to have it run, "
        "or name the file on the command line to read it anyway",
    )


def _drizzle_tags(dirpath: str, dirnames: Sequence[str]) -> dict[str, int] | None:
    """Position of each migration ``meta/_journal.json`` of the folder ``dirpath``
    lists (by tag: ``0003_x`` for ``0003_x.sql``), or None: no drizzle folder,
    or a journal drizzle cannot read (then its files are read as any others)."""
    if "meta" not in dirnames or not drizzle_layout.has_journal(dirpath):
        return None
    path = os.path.join(dirpath, drizzle_layout.JOURNAL)  # noqa: PTH118
    staged = _STAGED[-1].contents.get(os.path.realpath(path))  # a pre-commit run's copy
    journal = drizzle_layout.read_journal(Path(dirpath), staged)
    if journal is None:
        return None
    return {tag: number for number, tag in reversed(list(enumerate(journal.tags)))}


def _in_another_module(changelog: Path, wanted: str, root: Path) -> bool:
    """Whether ``wanted`` is below the ``src/main/resources`` of another module
    of the tree when ``changelog`` sits below one: Maven and Gradle put every
    module's resources on the application's classpath, Liquibase's search
    path, so Fineract's master in ``fineract-provider`` includes
    ``db/changelog/tenant/module/loan/module-changelog-master.xml`` from
    ``fineract-loan/src/main/resources`` (trial s37 fineract)."""
    parts = changelog.parts
    if not any(parts[i : i + 3] == ("src", "main", "resources") for i in range(len(parts))):
        return False
    return next(root.glob(f"**/src/main/resources/{glob.escape(wanted)}"), None) is not None


def _liquibase_missing(changelog: Path, value: str, plan: SourcePlan) -> list[Diagnostic]:
    """A ``DBN016`` error when the file ``value`` that ``changelog`` runs
    (an ``include`` or a ``sqlFile``) is found neither beside it nor below
    any folder above it (where a classpath or search-path root stands:
    JHipster's ``src/main/resources``): ``liquibase update`` stops before
    running any changeset ("The file ... was not found in the configured
    search path"). Left alone: ``classpath:`` names (a dependency's jar may
    hold them), a ``${property}`` in the name, and an ``include`` whose own
    ``errorIfMissing`` is false (:func:`~dbnamelint.liquibase_sql.optional_includes`).
    Located at the changelog's ``file``/``path`` naming it (its first such)."""
    if value.startswith("classpath:") or "${" in value or not value.strip():
        return []
    wanted = value.replace("\\", "/").lstrip("/")
    for folder in (changelog.parent, *changelog.parent.parents):
        if os.path.exists(os.path.join(folder, wanted)):  # noqa: PTH110,PTH118
            return []
    if _in_another_module(changelog, wanted, plan.root):
        return []
    try:
        text = changelog.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    if value in optional_includes(text, changelog.suffix):
        return []
    named = re.search(
        rf"""\b(?:file|path)["']?\s*[=:]\s*["']?{re.escape(value)}(?=["'\s,}}/>]|$)""",
        text,
        re.M,
    )
    at = named.start() if named is not None else text.find(value)
    line = text.count("\n", 0, at) + 1 if at >= 0 else 1
    return [
        Diagnostic(
            Location(plan.display(changelog), line, max(1, at - text.rfind("\n", 0, at))),
            Severity.ERROR,
            f"{changelog.name} runs {value}, which is not there (not beside the changelog nor "
            "below any folder above it): liquibase update stops before running any changeset "
            "(file not found in the configured search path); restore the file or take the "
            "entry out",
            "DBN016",
        )
    ]


def _drizzle_missing(
    folder: Path, tags: Mapping[str, int], filenames: Collection[str], plan: SourcePlan
) -> list[Diagnostic]:
    """A ``DBN016`` error per entry of ``folder``'s journal whose ``<tag>.sql`` is
    not there: drizzle's migrator reads every entry's file before it runs any,
    and stops at the first missing one ("No file ... found")."""
    names = set(filenames)
    journal = plan.display(folder / drizzle_layout.JOURNAL)
    return [
        Diagnostic(
            Location(journal, 1, 1),
            Severity.ERROR,
            f"drizzle's journal lists {tag}, but {tag}.sql is not in its folder: drizzle's "
            f"migrator stops before running any migration (No file {tag}.sql found); "
            "restore the file or take its entry out (drizzle-kit drop)",
            "DBN016",
        )
        for tag in tags
        if "/" not in tag and f"{tag}.sql" not in names
    ]


def _drizzle_not_run(path: Path, plan: SourcePlan) -> Diagnostic:
    return _not_replayed(
        path,
        plan,
        f"not replayed: drizzle's {drizzle_layout.JOURNAL} lists no entry '{path.stem}', so "
        "drizzle's migrator never runs this file; add it to the journal (drizzle-kit "
        "generate does), or name the file on the command line to read it anyway",
    )


def _not_replayed(path: Path, plan: SourcePlan, message: str) -> Diagnostic:
    """The ``DBN007`` info note at the top of a file the walk leaves out."""
    return Diagnostic(
        Location(plan.display(path), 1, 1), Severity.INFO, message, synapse_layout.NOT_REPLAYED_CODE
    )


def _diesel_folder(dirpath: str, dirnames: Sequence[str], filenames: Sequence[str]) -> str:
    """``"migration"`` for a Diesel migration's folder (``<version>_x/``
    holding ``up.sql``), ``"folder"`` for a folder of such (its subfolders
    named from a digit, one holding ``up.sql``), else ``""``."""
    if "up.sql" in filenames and os.path.basename(dirpath)[:1].isdigit():  # noqa: PTH119
        return "migration"
    for d in dirnames:
        if d[:1].isdigit() and os.path.isfile(os.path.join(dirpath, d, "up.sql")):  # noqa: PTH113, PTH118
            return "folder"
    return ""


def _diesel_not_run(path: Path, where: str, plan: SourcePlan) -> Diagnostic:
    """The ``DBN007`` note on a SQL file Diesel never runs: ``diesel migration
    run`` lists the migrations folder's subfolders and runs each one's
    ``up.sql`` (``down.sql`` on revert), nothing else."""
    place = "beside its up.sql" if where == "migration" else "beside the migration folders"
    return _not_replayed(
        path,
        plan,
        f"not replayed: Diesel never runs it ({place}: it runs <version>_<name>/up.sql, "
        "one per folder, and nothing else); move its SQL into a migration's up.sql to "
        "have it run, or name the file on the command line to read it anyway",
    )


def _flyway_not_run(path: Path, plan: SourcePlan) -> Diagnostic:
    """The ``DBN007`` note on a SQL file of a Flyway folder
    (:func:`~dbnamelint.flyway_names.is_flyway_folder`) that Flyway never runs."""
    return _not_replayed(
        path,
        plan,
        "not replayed: Flyway never runs it (its folder holds Flyway's migrations, and "
        "Flyway ignores a name that is no V<version>__x.sql, R__x.sql, U/B migration or "
        "callback such as afterMigrate.sql); rename it so to have it run, or name the "
        "file on the command line to read it anyway",
    )


def _prisma_depth(dirpath: str, filenames: Sequence[str], roots: set[str]) -> int | None:
    """How far below a Prisma migrations folder (one holding ``migration_lock.toml``,
    which ``roots`` collects as the walk meets them) ``dirpath`` is: 0 for the
    folder itself, 1 for a migration's folder, 2 for anything deeper; None
    outside one."""
    if PRISMA_LOCK in filenames:
        roots.add(dirpath)
        return 0
    found = _nearest_above(dirpath, roots)
    return None if found is None else min(found[1], 2)


def _prisma_not_run(path: Path, depth: int, plan: SourcePlan) -> Diagnostic:
    """The ``DBN007`` note on a SQL file in a Prisma migrations folder that
    Prisma Migrate never runs: it lists the folder's subfolders, hidden ones
    too, and runs each one's ``migration.sql`` (what ``prisma migrate deploy``
    6.19 applied in trial s26: ``.2026..._x/migration.sql`` yes; ``zz_fix.sql``,
    ``<folder>/z_fix.sql`` and ``<folder>/zz/migration.sql`` no)."""
    where = {0: "beside the migration folders", 1: "beside its migration.sql"}.get(
        depth, "below a migration's folder"
    )
    return _not_replayed(
        path,
        plan,
        f"not replayed: Prisma Migrate never runs it ({where}: it runs "
        "migrations/<folder>/migration.sql, one per folder, and nothing else); move "
        "its SQL into a migration folder's migration.sql to have it run, or name the "
        "file on the command line to read it anyway",
    )


#: How the ``DBN007`` note on a file of a Go migration list's folder that no
#: step of the list names begins (:func:`_go_list_not_run`).
GO_LIST_UNNAMED = "not replayed: no step of the Go migration list in"


def _go_list_not_run(path: Path, go: str, plan: SourcePlan) -> Diagnostic:
    from dbnamelint.go_list_files import step_advice

    return _not_replayed(
        path,
        plan,
        f"{GO_LIST_UNNAMED} {plan.display(Path(go))} names it, and its runner runs the files "
        "its steps name, in the list's order, not the folder's files: this file never runs; "
        f"{step_advice(go, str(path), str(plan.root))} to have it run, or name the file on "
        "the command line to read it anyway",
    )


def _golang_migrate_not_run(path: Path, plan: SourcePlan) -> Diagnostic:
    return _not_replayed(
        path,
        plan,
        "not replayed: golang-migrate never runs it (the folder's migrations are "
        "golang-migrate's, and it passes over a name without the version, title and "
        "direction of `<version>_<title>.up.sql` / `.down.sql`); rename it so to have it "
        "run, or name the file on the command line to read it anyway",
    )


#: How the DBN007 note of a sqitch project's file that is no change begins.
SQITCH_ASIDE = "not replayed: a file beside sqitch.plan or outside its deploy/ folder"
#: How the ``DBN007`` note on a Liquibase changelog no changelog includes
#: opens. Such a file may still run: an application picks it by name
#: (OpenMRS's ``ChangeLogVersionFinder`` runs ``liquibase-update-to-latest-
#: <version>.xml`` and the newest snapshot), or a ``--changelog-file`` names
#: it; the gate judges the DDL a change adds to it (trial s33 openmrs).
LIQUIBASE_UNINCLUDED = "not replayed: no Liquibase changelog includes it"
#: How the DBN007 note of a file a changelog runs only on other databases
#: (``sqlFile`` under another ``dbms``) opens, and what follows its ``dbms``.
LIQUIBASE_OTHER_DBMS_FILE = "not replayed: the changelog runs it with dbms"
OTHER_DBMS_END = ", which leaves out"


def _sqitch_not_replayed(path: Path, plan: SourcePlan) -> Diagnostic:
    return _not_replayed(
        path,
        plan,
        f"{SQITCH_ASIDE} is not a sqitch change (sqitch deploys deploy/<change>.sql in plan "
        "order); name the file on the command line to read it anyway",
    )


def _without_unplanned(
    paths: list[Path],
    deploy: Path,
    order: dict[str, int],
    problems: list[Diagnostic] | None,
    plan: SourcePlan,
) -> list[Path]:
    """``paths`` without the scripts of ``deploy`` that the plan names no change
    for: ``sqitch deploy`` runs the plan's changes only, so a script left
    behind by a change dropped from the plan never runs (a ``DBN007`` note
    says so). A reworked change's ``name@tag.sql`` counts as its change's.
    An unreadable or empty plan (``order`` empty) leaves every script in.
    """
    if not order:
        return paths
    kept: list[Path] = []
    for path in paths:
        if deploy in path.parents:
            change = path.relative_to(deploy).with_suffix("").as_posix().split("@", 1)[0]
            if change not in order and path.stem.split("@", 1)[0] not in order:
                if problems is not None:
                    problems.append(
                        Diagnostic(
                            Location(plan.display(path), 1, 1),
                            Severity.INFO,
                            "not replayed: sqitch.plan names no change "
                            f"'{change}', so sqitch deploy never runs this script",
                            synapse_layout.NOT_REPLAYED_CODE,
                        )
                    )
                continue
        kept.append(path)
    return kept


def is_sqitch_revert_or_verify(path: Path) -> bool:
    """Whether ``path`` is under a ``revert/`` or ``verify/`` folder beside a
    ``sqitch.plan``: a sqitch script a forward replay never applies (walks
    leave those folders out)."""
    for folder in path.absolute().parents:
        if folder.name in _SQITCH_ROLLBACK_DIRS and (folder.parent / SQITCH_PLAN).is_file():
            return True
    return False


def _apply_plan_order(paths: list[Path], deploy: Path, order: dict[str, int]) -> None:
    """Reorder, in place, the files of ``deploy`` by plan position.

    A change named ``a/b`` is ``deploy/a/b.sql`` (sqitch change names may
    hold ``/``): a file's change name is its path below ``deploy`` without
    the extension. Files the plan does not name keep their natural order
    after the named ones; the files of other folders keep their places.
    """
    slots = [i for i, p in enumerate(paths) if deploy in p.parents]
    if not slots:
        return
    mine = [paths[i] for i in slots]
    last = max(order.values(), default=0) + 1  # after every named one

    def change(p: Path) -> str:
        return p.relative_to(deploy).with_suffix("").as_posix()

    mine.sort(key=lambda p: order.get(change(p), order.get(p.stem, order.get(p.name, last))))
    for slot, path in zip(slots, mine, strict=True):
        paths[slot] = path


#: Liquibase changelogs that list SQL files (``db.changelog-master.yaml``, ``changelog.xml``);
#: others (``master.xml``) are told by their content (:func:`_is_changelog`).
_LIQUIBASE_CHANGELOG = lazy_compile(r"changelog.*\.(?:ya?ml|xml|json)$", re.IGNORECASE)
_MAX_CHANGELOG_BYTES = 1_000_000


def _is_changelog(entry: os.DirEntry[str], name: str) -> bool:
    """Whether a listed ``.xml``/``.yaml``/``.yml``/``.json`` file is a Liquibase
    changelog by its first 16 KiB (Liquibase takes the master changelog from
    ``--changelog-file`` or ``spring.liquibase.change-log``, whatever its name:
    JHipster's ``master.xml``)."""
    if not name.lower().endswith(CHANGELOG_SUFFIXES) or not _is_file(entry):
        return False
    readlog.note_path(entry.path)
    return is_changelog_text(read_head(entry.path))


def liquibase_entries(changelog: Path) -> list[tuple[str, str, str]]:
    """What a Liquibase changelog runs, in order: ``("file", path, dbms)`` for an
    ``include`` or a changeset's ``sqlFile``, ``("all", folder, "")`` for an
    ``includeAll`` (``dbms``: a ``sqlFile``'s or its changeset's filter, or "").

    Liquibase runs included files in the order the changelog lists them, not
    in name order (Liquibase manual, "include", "sqlFile"). YAML and JSON
    changelogs list them under ``databaseChangeLog``, XML ones as elements
    (:mod:`dbnamelint.liquibase_sql`). An unreadable or malformed changelog
    lists nothing.
    """
    readlog.note_path(str(changelog))
    try:
        if changelog.stat().st_size > _MAX_CHANGELOG_BYTES:
            return []
        text = changelog.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    if changelog.suffix.lower() == ".xml":
        return xml_entries(text)
    try:
        if changelog.suffix.lower() == ".json":
            import json  # only trees with a changelog pay for the import

            data = json.loads(text)
        else:
            from dbnamelint.config.yamlsafe import SafeYamlError, safe_load

            try:
                data = safe_load(text)
            except SafeYamlError:
                return []
    except ValueError:
        return []
    return data_entries(data)


#: Code of the note on a changelog's changeset whose change types are not read.
CHANGE_TYPES_CODE = "DBN917"


def _change_type_notes(changelog: Path, plan: SourcePlan) -> tuple[list[Diagnostic], bool]:
    """A ``DBN917`` info note per changeset of ``changelog`` (that Liquibase
    runs on the configured database) holding Liquibase change types that are
    not read (``customChange``, ``mergeColumns``...; the objects they make are
    missing from the model), and whether the changelog has change types that
    are read, on any database (:mod:`dbnamelint.frontends.liquibase`: then it
    is a source). A
    changelog that cannot be read as its format gets one note at line 1."""
    try:
        if changelog.stat().st_size > _MAX_CHANGELOG_BYTES:
            return [], False
        text = changelog.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return [], False
    if "changeSet" not in text:
        return [], False
    from dbnamelint.frontends.liquibase.reader import (
        by_context,
        read_changes,
        runs,
        unread_changes,
    )
    from dbnamelint.frontends.liquibase.tree import changesets

    found = changesets(text, changelog.suffix)
    where = plan.display(changelog)
    if found is None:
        return [
            Diagnostic(
                Location(where, 1, 1),
                Severity.INFO,
                "Liquibase changelog not read: it is not well-formed "
                f"{changelog.suffix.lstrip('.').upper()}; its changesets are not replayed",
                CHANGE_TYPES_CODE,
            )
        ], False
    short = liquibase_dbms(plan.dialect or "postgres")
    notes = []
    read = False
    contexts = by_context(found)
    for change in found:
        # A changeset another database runs makes the changelog a source too: its
        # DBN007 note, and the gate reads what a change adds or edits there (traccar's
        # changelog-4.1.xml holds SQL Server's changesets only: trial s40)
        read = read or read_changes(change)
        if not runs(change, short, contexts):
            continue
        unread = unread_changes(change)
        if not unread:
            continue
        ident = f"{change.node.get('author') or '?'}:{change.node.get('id') or '?'}"
        notes.append(
            Diagnostic(
                Location(where, change.node.line, 1),
                Severity.INFO,
                f"changeset {ident}: Liquibase change types not read ({', '.join(unread)}); "
                "what they create is missing from the model and its names are not checked "
                "(write them as formatted SQL, a sql change or a sqlFile to have them read)",
                CHANGE_TYPES_CODE,
            )
        )
    return notes, read


def liquibase_includes(changelog: Path) -> list[str]:
    """The files a Liquibase changelog includes (``include``, ``sqlFile``), in
    order; ``includeAll`` folders are left out (:func:`liquibase_entries`)."""
    return [value for kind, value, _dbms in liquibase_entries(changelog) if kind == "file"]


def _nested_in_place(
    paths: Sequence[Path], lists: Sequence[Sequence[tuple[str, str, str]]]
) -> list[list[tuple[str, str, str]]]:
    """Each changelog's entries (``lists[i]`` of the changelog ``paths[i]``) with
    those of a changelog it includes in place of that include: Liquibase runs a
    nested changelog's files where the include stands (``DatabaseChangeLog.include``),
    so a file a master includes after ``r2/changelog.yaml`` runs after its files.
    An expanded entry relative to its own changelog is named by its path, so it
    matches its file only (``001-b.sql`` of ``r2/``, not of ``r1/``)."""
    keys = ["/" + path.as_posix() for path in paths]
    at = {key: i for i, key in enumerate(keys)}

    def named(value: str, owner: int) -> int | None:
        clean = value.removeprefix("classpath:").replace("\\", "/")
        # The file beside the including changelog first: two changelogs may
        # include the same relative name (Fineract's tenant-store/ and
        # tenant/ both run parts/0001_initial_schema.xml), and the first
        # path ending in it is the other one (trial s37 fineract).
        beside = "/" + Path(os.path.normpath(paths[owner].parent / clean)).as_posix()
        found = at.get(beside)
        if found is not None and found != owner:
            return found
        wanted = "/" + clean.lstrip("./")
        return next((i for i, k in enumerate(keys) if i != owner and k.endswith(wanted)), None)

    def expand(i: int, seen: frozenset[int]) -> list[tuple[str, str, str]]:
        out: list[tuple[str, str, str]] = []
        for kind, value, dbms in lists[i]:
            j = named(value, i) if kind == "file" else None
            if j is None or j in seen:
                out.append((kind, value, dbms))
                continue
            # the nested changelog itself first: its change types are read there
            out.append((kind, paths[j].as_posix(), dbms))
            for kind_j, value_j, dbms_j in expand(j, seen | {j}):
                own = os.path.normpath(os.path.join(paths[j].parent, value_j))  # noqa: PTH118
                known = os.path.isdir(own) if kind_j == "all" else os.path.isfile(own)  # noqa: PTH112,PTH113
                out.append((kind_j, Path(own).as_posix() if known else value_j, dbms_j or dbms))
        return out

    return [expand(i, frozenset({i})) for i in range(len(lists))]


def _apply_include_order(paths: list[Path], entries: Sequence[tuple[str, str, str]]) -> None:
    """Reorder, in place, the folders holding included files by include position.

    The files of an ``includeAll`` folder (and its subfolders) take its
    position, sorted by path as plain text among themselves: Liquibase's
    default ``resourceComparator`` is ``String.compareTo`` on the resource
    paths (``DatabaseChangeLog.getStandardChangeLogComparator``), so
    ``10-b.sql`` runs before ``2-c.sql``. A file the changelog does not
    include keeps its natural place after the included ones of its folder;
    other folders keep their places.
    """
    position = _include_positions(paths, entries)
    folders = {path.parent for path in position}
    slots = [i for i, p in enumerate(paths) if p.parent in folders]
    last = (len(entries), "")
    mine = sorted((paths[i] for i in slots), key=lambda p: position.get(p, last))
    for slot, path in zip(slots, mine, strict=True):
        paths[slot] = path


def _include_positions(
    paths: Sequence[Path], entries: Sequence[tuple[str, str, str]]
) -> dict[Path, tuple[int, str]]:
    """Each file of ``paths`` a changelog's ``entries`` reach: the number of its
    entry, and its path below an ``includeAll`` folder (``"\\0"`` for a file
    included by name)."""
    by_name: dict[str, list[Path]] = {}
    for path in paths:
        by_name.setdefault(path.name, []).append(path)
    position: dict[Path, tuple[int, str]] = {}
    for number, (kind, value, _dbms) in enumerate(entries):
        wanted = "/" + value.removeprefix("classpath:").replace("\\", "/").lstrip("/")
        if kind == "all":
            folder = wanted.rstrip("/") + "/"
            for path in paths:
                text = "/" + path.as_posix()
                at = text.rfind(folder, 0, len(text) - len(path.name))
                if at >= 0 and path not in position:
                    position[path] = (number, text[at + len(folder) :])
            continue
        for path in by_name.get(wanted.rsplit("/", 1)[-1], ()):
            if path not in position and ("/" + path.as_posix()).endswith(wanted):
                position[path] = (number, "\0")
    return position


def _scan(
    top: str, onerror: Callable[[OSError], None]
) -> Iterator[tuple[str, list[str], list[os.DirEntry[str]]]]:
    """``os.walk(top, onerror=onerror)`` top-down, with each folder's
    non-folder entries as :class:`os.DirEntry` rather than names.

    The same folders in the same order, and the caller may prune the
    folder names in place as with ``os.walk``; symbolic links to folders
    are listed but not entered. The entries carry the file type the
    listing already read (``d_type``), so telling regular files from
    FIFOs and broken links costs no ``stat`` per file, which was most
    of walking a Diesel tree (a folder and a file per migration).
    """
    stack = [top]
    while stack:
        folder = stack.pop()
        readlog.note_path(folder)  # before listing: a change while listing shows
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as exc:
            onerror(exc)
            continue
        folders: list[str] = []
        linked: set[str] = set()
        others: list[os.DirEntry[str]] = []
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if not is_dir:
                others.append(entry)
                continue
            folders.append(entry.name)
            try:
                if entry.is_symlink():
                    linked.add(entry.name)
            except OSError:
                linked.add(entry.name)
        yield folder, folders, others
        # Pushed in reverse so they are entered in listing order, as os.walk does.
        stack.extend(
            os.path.join(folder, name)  # noqa: PTH118
            for name in reversed(folders)
            if name not in linked
        )


class _LazyPath:
    """A folder's :class:`Path`, made on first use: most folders of a walk
    never need one, and pathlib parses every path it makes."""

    __slots__ = ("_path", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._path: Path | None = None

    @property
    def path(self) -> Path:
        if self._path is None:
            self._path = Path(self.text)
        return self._path


def _is_file(entry: os.DirEntry[str]) -> bool:
    """``Path.is_file()`` of a listed entry: a regular file, through symlinks."""
    try:
        return entry.is_file()
    except OSError:
        return False


def _absolute(path: Path) -> Path:
    """Absolute and normalised (``..`` folded) without resolving symlinks.

    Symlinks are kept so that shown paths are the ones the user typed; only
    de-duplication looks through them.
    """
    return Path(os.path.normpath(Path.cwd() / path))


def _relative(path: Path, base: Path) -> str | None:
    """``path.relative_to(base).as_posix()``, or None where that raises ValueError.

    By text on POSIX for the absolute, normalised paths a walk makes (a
    pathlib ``relative_to`` per file was a tenth of discovering a Diesel
    tree); pathlib itself anywhere else.
    """
    text, prefix = str(path), str(base)
    posix = os.sep == "/" and text.startswith("/") and prefix.startswith("/")
    if posix and not text.startswith("//") and not prefix.startswith("//"):
        if text == prefix:
            return "."
        if prefix != "/":
            prefix += "/"
        return text[len(prefix) :] if text.startswith(prefix) else None
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return None


def _parts_below(path: Path, anchor: Path | None) -> list[str]:
    """Names from the command-line path (included) down to the file."""
    if anchor is not None:
        try:
            return path.relative_to(anchor.parent).as_posix().split("/")
        except ValueError:
            pass
    return [path.name]


def _missing(raw: str, message: str) -> Diagnostic:
    return Diagnostic(
        location=Location(raw.replace("\\", "/"), 1, 1),
        severity=Severity.ERROR,
        message=message,
        code=MISSING_CODE,
    )


#: How :func:`_excluded`'s warning opens (:func:`is_excluded_note`).
_EXCLUDED_NOTE = "not read: the config's `exclude:` entry "


def is_excluded_note(diagnostic: Diagnostic) -> bool:
    """Whether ``diagnostic`` says a path named to be read is left out by the
    config's ``exclude`` (:func:`_excluded`)."""
    return diagnostic.code == NOT_READ_CODE and diagnostic.message.startswith(_EXCLUDED_NOTE)


def _excluded(raw: str, pattern: str, folder: bool) -> Diagnostic:
    """The ``DBN015`` warning for a path named to be read (on the command line)
    that the config's ``exclude`` entry ``pattern`` leaves out: it stays out,
    so that a list of files (``git diff --name-only``) still honours the
    config, but not in silence (trial s30 temporal: ``inspect`` of an
    excluded ``schema.sql`` printed "0 objects", ``check`` passed with "no
    SQL files found")."""
    what = "folder" if folder else "file"
    return Diagnostic(
        location=Location(raw.replace("\\", "/"), 1, 1),
        severity=Severity.WARNING,
        message=(
            f"{_EXCLUDED_NOTE}{pattern!r} leaves this {what} out, "
            "named on the command line too; to read it, drop or narrow that entry"
        ),
        code=NOT_READ_CODE,
    )


def _expand(
    raw: str,
    plan: SourcePlan,
    problems: list[Diagnostic],
    *,
    ordered: bool = True,
    skip: frozenset[str] = frozenset(),
) -> tuple[list[Path], Diagnostic | None]:
    """The files one command-line path stands for, or why it stands for none.

    Folders that cannot be listed on the way are appended to ``problems``;
    a path that cannot even be looked at (a ``chmod 000`` folder on the way,
    a symlink loop) is unreadable input, not a crash.
    """
    try:
        return _expand_path(raw, plan, problems, ordered=ordered, skip=skip)
    except (OSError, RuntimeError) as exc:  # RuntimeError: Path.resolve's loop (<3.13)
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        where = raw.replace("\\", "/")
        return [], _unreadable(where, f"cannot read: {reason.lower()}").diagnostic


def _expand_path(
    raw: str,
    plan: SourcePlan,
    problems: list[Diagnostic],
    *,
    ordered: bool = True,
    skip: frozenset[str] = frozenset(),
) -> tuple[list[Path], Diagnostic | None]:
    path = _absolute(plan.cwd / raw)
    readlog.note_path(str(path))  # a folder, a file, or nothing yet
    if path.exists() and (pattern := plan.excluded_by(path)) is not None:
        return [], _excluded(raw, pattern, path.is_dir())
    if path.is_dir():
        if str(path) in skip:
            return [], None
        coded = _code_migration_folder(path, plan)
        if coded is not None:
            # Laravel's, Django's or Alembic's migrations, named: read as the
            # SQL their tool runs (dbnamelint.code_migrations)
            return [p for p in coded if not plan.is_excluded(p)], None
        walked = plan.walk(path, problems, ordered=ordered, skip=skip)
        if not walked:
            # No SQL file under it: the code migration folders `init` would
            # name in paths: (a Kysely- or Laravel-only tree; "no SQL files found" before)
            walked = _code_migration_folders(path, plan)
        return walked, None
    if path.exists() and not path.is_file():
        # A FIFO or device would block or stream forever when read.
        problem = _unreadable(raw.replace("\\", "/"), "not a regular file").diagnostic
        return [], problem
    if path.exists() and path.suffix.lower() == ".prisma":
        # Prisma's schema language, not SQL: read as SQL it gave one DBN005
        # about "GENERATOR" and 0 objects (trial s17 #6).
        problem = _unreadable(
            raw.replace("\\", "/"),
            "a Prisma schema, not SQL: check and inspect read the SQL migrations Prisma "
            "generates from it (prisma/migrations/*/migration.sql: name that folder); "
            "impact reads this file for the models and fields that map old names",
        ).diagnostic
        return [], problem
    if path.exists() and (is_go_migration(path.name) or flyway_code.is_code_migration(path)):
        # Go code, not SQL (read as SQL it was a DBN005 on `package`): the
        # folder's note, which also has the gate judge it as a migration.
        problems.append(_code_migrations_note(path.parent, [path.name], plan))
        return [], None
    if path.is_file() and _go_migration_list(path):
        # Named explicitly, a Go file holding a migration list is read as the
        # migrations its steps are (dbnamelint.go_list_sql): miniflux, dex.
        return ([] if plan.is_excluded(path) else [path]), None
    if path.is_file() and (_doctrine_migration(path) or _code_migration(path)):
        # Named explicitly (or by a glob), a Doctrine migration is read as the
        # SQL its up() runs (dbnamelint.doctrine_schema.migration_sql), and a
        # Laravel, Django or Alembic migration as the SQL its tool runs for it
        # (dbnamelint.code_migrations).
        return ([] if plan.is_excluded(path) else [path]), None
    if path.is_file() and is_schema_rb(path.as_posix()):
        # Rails' db/schema.rb (or <name>_schema.rb), named: read as its database's dump
        return ([] if plan.is_excluded(path) else [path]), None
    if path.exists() and (language := _code_language(path.name)) is not None:
        # Read as SQL, a Go file was 64 DBN005 errors on `package` (trial s22
        # dex): one error saying what reads it instead.
        problem = _unreadable(
            raw.replace("\\", "/"),
            f"{language} source, not SQL: check reads SQL files; the DDL strings a change "
            "adds to application code are judged by `check --base` and the pre-commit hook "
            "(docs/diagnostics.md: DDL strings in application code in the gate), and "
            "`impact` lists the "
            "names code uses",
        ).diagnostic
        return [], problem
    if path.exists():
        # Named explicitly: taken whatever its extension (a ``.txt`` export,
        # a rollback the user wants checked); only config excludes apply,
        # so pre-commit's file lists honour them.
        return ([] if plan.is_excluded(path) else [path]), None
    if GLOB_CHARS.search(raw):
        files, matched = plan.expand_glob(raw, problems, ordered=ordered)
        if matched:
            return files, None
        return [], _missing(raw, "no file matches this glob")
    return [], _missing(raw, "no such file or directory")


def _code_migration_folder(path: Path, plan: SourcePlan) -> list[Path] | None:
    """The migrations of ``path`` when it is a folder of Laravel, Django or
    Alembic migrations (:func:`dbnamelint.code_migrations.migration_files`)
    holding no file a walk reads (a SQL file beside them is walked, as
    before: the folder is not taken for one tool's), else None."""
    from dbnamelint.code_migrations import migration_files

    try:
        names = [p.name for p in path.iterdir()]
    except OSError:
        return None
    if not any(n.lower().endswith(_CODE_MIGRATION_SUFFIXES) for n in names) or any(
        plan.wants(n) for n in names
    ):
        return None
    found = migration_files(path)
    return found[1] if found is not None else None


def _code_migration_folders(path: Path, plan: SourcePlan) -> list[Path]:
    """The migrations of each code migration folder under ``path``
    (:func:`dbnamelint.code_migrations.tool_migration_folders`, path order:
    what ``init`` writes in ``paths:``), for a folder whose walk found no file."""
    from dbnamelint.code_migrations import migration_files, tool_migration_folders

    out: list[Path] = []
    for rel, _tool, _count in tool_migration_folders(path):
        found = migration_files(path / rel)
        if found is not None:
            out += [p for p in found[1] if not plan.is_excluded(p)]
    return out


#: Knex's, Kysely's, Sequelize's, db-migrate's, node-pg-migrate's, TypeORM's.
_JS_MIGRATION_SUFFIXES = (".js", ".cjs", ".mjs", ".ts", ".cts", ".mts")
#: Laravel's, Django's, Alembic's; the JavaScript tools'.
_CODE_MIGRATION_SUFFIXES = (".php", ".py", ".cs", *_JS_MIGRATION_SUFFIXES)


def _code_migration(path: Path) -> bool:
    """Whether ``path`` is a Laravel, Django, Alembic, Knex, Kysely or Sequelize migration file."""
    if not path.name.lower().endswith(_CODE_MIGRATION_SUFFIXES):
        return False
    from dbnamelint.code_migrations import code_migration_kind

    try:
        text = path.read_bytes().decode("utf-8", "replace")
    except OSError:
        return False
    return code_migration_kind(path.as_posix(), text) is not None


def _go_migration_list(path: Path) -> bool:
    """Whether ``path`` is a Go file holding a migration list (read as UTF-8)."""
    if not path.name.lower().endswith(".go"):
        return False
    from dbnamelint.go_list_sql import holds_migration_list

    try:
        text = path.read_bytes().decode("utf-8", "replace")
    except OSError:
        return False
    return holds_migration_list(path.as_posix(), text)


def _doctrine_migration(path: Path) -> bool:
    """Whether ``path`` is a Doctrine migration (a ``.php`` class extending
    ``Doctrine\\Migrations\\AbstractMigration``)."""
    if not path.name.lower().endswith(".php"):
        return False
    from dbnamelint.doctrine_schema import is_doctrine_migration

    try:
        with path.open("rb") as handle:
            head = handle.read(20_000).decode("utf-8", "replace")
    except OSError:
        return False
    return is_doctrine_migration(path.as_posix(), head)


#: What :func:`_code_language` calls a file, by suffix; another code file is "program".
_LANGUAGES = {
    ".go": "Go",
    ".java": "Java",
    ".kt": "Kotlin",
    ".kts": "Kotlin",
    ".scala": "Scala",
    ".js": "JavaScript",
    ".mjs": "JavaScript",
    ".cjs": "JavaScript",
    ".jsx": "JavaScript",
    ".ts": "TypeScript",
    ".tsx": "TypeScript",
    ".cs": "C#",
    ".py": "Python",
    ".rb": "Ruby",
    ".php": "PHP",
    ".rs": "Rust",
    ".sh": "shell",
    ".bash": "shell",
}


def _code_language(name: str) -> str | None:
    """The programming language of a file named ``name`` (impact's families
    of code: :func:`~dbnamelint.impact.languages.family`), or None when it is
    not code (SQL, prose, an unknown suffix: read as named)."""
    # Here, not at the top: impact's table is read only for a file named this way.
    from dbnamelint.impact.languages import family

    if family(name) in (None, "sql", "prose"):
        return None
    return _LANGUAGES.get("." + name.rsplit(".", 1)[-1].lower(), "program")


def discover(
    paths: Sequence[str], settings: SourceSettings
) -> tuple[tuple[SourceFile, ...], tuple[Diagnostic, ...]]:
    """Expand ``paths`` into files with dialect and module, in replay order
    (the Flyway instances of ``settings.flyway_locations`` each in Flyway's
    merged version order); as :func:`_discover`."""
    with configured_instances(settings.flyway_locations):
        return _discover(paths, settings)


def _discover(
    paths: Sequence[str], settings: SourceSettings
) -> tuple[tuple[SourceFile, ...], tuple[Diagnostic, ...]]:
    """Expand ``paths`` into files with dialect and module, in replay order.

    Relative paths are relative to the current directory, as on any command
    line (a caller taking paths from a config joins them to the root first).
    Explicit paths keep their given order, each folder or glob contributes
    its files in natural order, and a file reached twice counts once, where
    it was first reached, or where it is itself when the other is a symbolic
    link to it. Raises ``ValueError`` for bad settings only; bad
    paths become diagnostics so one typo does not hide the other files.
    """
    log = readlog.current()
    # The files a pre-commit run leaves out (reading_staged) are part of the key:
    # the run cache's own discovery, outside that block, must find them.
    skip = _STAGED[-1].skip
    memo_key = ("discover", tuple(paths), settings, os.getcwd(), skip)  # noqa: PTH109
    if log is not None and memo_key in log.discoveries:
        return log.discoveries[memo_key]  # type: ignore[return-value]
    plan = SourcePlan.build(settings)
    seen: set[str] = set()
    files: list[SourceFile] = []
    diagnostics: list[Diagnostic] = []
    real = RealPaths()
    expanded: list[tuple[list[tuple[Path, str]], Path | None]] = []
    for raw in paths:
        found, problem = _expand(raw, plan, diagnostics)
        if problem is not None:
            diagnostics.append(problem)
        anchor = _absolute(plan.cwd / raw)
        folder = anchor if found and anchor.is_dir() else None
        expanded.append(([(path, real(str(path))) for path in found], folder))
    # A symbolic link to a file the run reads anyway is that file, read in its
    # own place: Synapse's contrib/datagrip/main.sql links its full schema, and
    # read first, as the link, it moved that schema into another folder (DBN023).
    direct = {key for keyed, _ in expanded for path, key in keyed if str(path) not in real.links}
    for keyed, folder in expanded:
        for path, key in keyed:
            if key in seen or (key in direct and str(path) in real.links):
                continue
            seen.add(key)
            files.append(plan.source_for(path, folder))
    # A file one walk passed over and another path (a glob in ``paths``) read was read.
    diagnostics = [
        d
        for d in diagnostics
        if d.code != NOT_READ_CODE or real(str(_absolute(plan.cwd / d.location.path))) not in seen
    ]
    files = _flyway_baselines_first(files, diagnostics)
    if any(f.path.lower().endswith((".py", ".cs", *_JS_MIGRATION_SUFFIXES)) for f in files):
        from dbnamelint.code_migrations import ordered as code_order

        # Django's dependency graph, Alembic's down_revision chain, TypeORM's timestamps
        files = code_order(files, lambda f: str(_absolute(plan.cwd / f.path)))
    if plan.several:
        diagnostics += _several_engines(files, plan)
    databases = {o.database for o in plan.overrides if o.database is not None}
    if databases:  # the config's `databases:`: each folder names something, each file is one's
        from dbnamelint.frontends.sql.database_paths import database_path_problems

        rooted = _rooted(files, plan) if len(databases) > 1 else []
        diagnostics += database_path_problems(plan.overrides, plan.root, rooted)
    result = tuple(files), tuple(diagnostics)
    if log is not None:
        log.discoveries[memo_key] = result  # the run cache digests what the run found
    return result


#: Said where a project's settings name several databases and no ``dialect:`` picks one.
SEVERAL_ENGINES_CODE = "DBN000"


def _several_engines(files: Sequence[SourceFile], plan: SourcePlan) -> list[Diagnostic]:
    """A ``DBN000`` warning per Django project whose migrations ``files``
    reads, without ``dialect:``, in the first of the several databases its
    settings name (:attr:`SourcePlan.several`), at the settings' ``ENGINE``
    (or URL) naming the second. Django's ``migrate`` runs every migration on
    whichever database the project runs on (``DATABASES``), and the model
    holds one database's names: read as PostgreSQL, ``RunSQL("CREATE TABLE
    PingArchives ...")`` is ``pingarchives``, which SQLite keeps as written
    (``manage.py migrate`` on each, confirmation s32). The gate judges a new
    migration's SQL on each database all the same
    (:mod:`dbnamelint.services.code_ddl`)."""
    from dbnamelint.django_vendor import settings_engines
    from dbnamelint.positions import LineIndex

    said: dict[Path, tuple[str, int, int, tuple[str, ...], list[str]]] = {}
    for source in files:
        named = plan.several.get(source.path)
        if named is None:
            continue
        path = _absolute(plan.cwd / source.path)
        engines = settings_engines(path, Path(path.anchor))
        if len(engines) < 2:
            continue
        second = engines[1]
        if second.file not in said:
            try:
                text = second.file.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            line, column = LineIndex(text).line_col(second.offset)
            said[second.file] = (plan.display(second.file), line, column, named, [])
        said[second.file][4].append(source.path)
    out: list[Diagnostic] = []
    for where, line, column, named, paths in said.values():
        folders = dict.fromkeys(p.rpartition("/")[0] or "." for p in paths)
        listed = ", ".join(folders)
        count = f"{len(paths)} file{'s' * (len(paths) != 1)}"
        message = (
            f"the Django settings name several databases ({', '.join(named)}), and "
            "`manage.py migrate` runs each migration on the one the project runs on; "
            f"without `dialect:` in the config, the migrations of {listed} ({count}) are "
            f"read as {named[0]} (named outside an `if`, else first), and the model holds "
            "its names alone "
            "(PostgreSQL folds an unquoted CREATE TABLE PingArchives to pingarchives, "
            "SQLite and MySQL keep it): set `dialect:` to the database the project runs "
            "on (the gate judges a new migration's SQL on each)"
        )
        out.append(
            Diagnostic(
                Location(where, line, column), Severity.WARNING, message, SEVERAL_ENGINES_CODE
            )
        )
    return out


def _rooted(files: Sequence[SourceFile], plan: SourcePlan) -> list[tuple[str, str | None]]:
    """Each file as shown, and relative to the root (None outside it)."""
    return [(f.path, plan.relative_to_root(_absolute(plan.cwd / f.path))) for f in files]


def _flyway_baselines_first(
    files: list[SourceFile], problems: list[Diagnostic]
) -> list[SourceFile]:
    """``files`` with each Flyway group's latest baseline migration before the
    group's other versioned migrations, and a ``DBN007`` note in ``problems``
    for each file a new database skips for it (:func:`left_out`).

    Those files stay in the list, where they are: the gate judges edits of
    them and the run cache digests them. :func:`dbnamelint.runner.pipeline.load_paths`
    leaves them out of the replay (the same :func:`left_out`).
    """
    if not any(_is_baseline(f.path) for f in files):
        return files
    paths = [f.path for f in files]
    groups = flyway_groups(paths)
    skipped = left_out(paths)
    out = list(files)
    for baseline in dict.fromkeys(
        p for p in paths if p in groups and p not in skipped and _is_baseline(p)
    ):
        at = next(i for i, f in enumerate(out) if f.path == baseline)
        first = next(
            (
                i
                for i, f in enumerate(out[:at])
                if groups.get(f.path) == groups[baseline] and f.path not in skipped
            ),
            None,
        )
        if first is not None:
            out.insert(first, out.pop(at))
    for f in files:
        if f.path in skipped:
            problems.append(_baseline_note(f.path, skipped[f.path]))
    return out


def _is_baseline(path: str) -> bool:
    return baseline_version(_file_name(path)) is not None


def _file_name(path: str) -> str:
    return path.replace("\\", "/").rpartition("/")[2]


def _baseline_note(path: str, baseline: str) -> Diagnostic:
    """The ``DBN007`` note of a Flyway file that ``baseline`` stands for on a new database."""
    version = baseline_version(_file_name(baseline)) or ()
    if _is_baseline(path):
        message = (
            "not replayed: an older Flyway baseline migration; a new database runs only "
            f"the latest one, {baseline}"
        )
    else:
        message = (
            f"not replayed: the Flyway baseline migration {baseline} stands for every "
            f"versioned migration up to version {shown(version)}, so a new database runs it "
            "instead of this one (Flyway marks this one ignored there); only databases "
            f"migrated before the baseline ran this file, and {baseline} is compared with "
            "them (DBN026)"
        )
    return Diagnostic(
        Location(path, 1, 1), Severity.INFO, message, synapse_layout.NOT_REPLAYED_CODE
    )


def discover_real_paths(
    paths: Sequence[str], settings: SourceSettings, *, walked: Sequence[str] = ()
) -> set[str]:
    """The real paths (``os.path.realpath``) of the files :func:`discover` finds.

    The same files, without their order, dialect or module, and without
    diagnostics: what a caller needs to ask "were all of these read?".
    ``walked`` are paths :func:`discover` already expanded with the same
    ``settings``: the folders among them are not walked again, so their
    files are left out of the answer (a walk from above finds no file in
    them that the walk of the folder itself did not).
    """
    plan = SourcePlan.build(settings)
    real = RealPaths()
    out: set[str] = set()
    # As _expand_path reads a command-line path: a folder first, whatever its
    # name. One that cannot be looked at is not skipped: _expand reports it.
    folders = (str(_absolute(plan.cwd / raw)) for raw in walked)
    skip = frozenset(folder for folder in folders if os.path.isdir(folder))  # noqa: PTH112
    for raw in paths:
        found, _problem = _expand(raw, plan, [], ordered=False, skip=skip)
        out.update(real(str(path)) for path in found)
    return out


class RealPaths:
    """``os.path.realpath`` of many files, resolving each folder once.

    ``realpath(folder/name)`` is ``realpath(folder)/name`` unless ``name``
    itself is a symbolic link (one ``lstat``), and the same holds for each
    folder up the tree, while ``realpath`` alone looks at every component
    of every path (a Diesel tree has a folder per migration).
    """

    def __init__(self) -> None:
        self._folders: dict[str, str] = {}
        #: The paths asked for that are symbolic links themselves.
        self.links: set[str] = set()

    def __call__(self, path: str) -> str:
        folder, name = os.path.split(path)
        if not name or name in (".", ".."):
            return os.path.realpath(path)
        if os.path.islink(path):  # noqa: PTH114
            self.links.add(path)
            return os.path.realpath(path)
        return os.path.join(self._folder(folder), name)  # noqa: PTH118

    def _folder(self, folder: str) -> str:
        real = self._folders.get(folder)
        if real is None:
            parent, name = os.path.split(folder)
            if not name or name in (".", "..") or parent == folder or os.path.islink(folder):  # noqa: PTH114
                real = os.path.realpath(folder)
            else:
                real = os.path.join(self._folder(parent), name)  # noqa: PTH118
            self._folders[folder] = real
        return real


# ------------------------------------------------------------------ decoding


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    """1-based line and character column of byte ``offset`` in UTF-8 ``data``."""
    line_start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return data.count(b"\n", 0, offset) + 1, column


def is_go_migration(name: str) -> bool:
    """Whether file ``name`` is a Go migration: named as goose collects them
    (:func:`dbnamelint.goose_names.goose_version`: ``00002_merge.go``,
    ``2020_add_real-path.go``, ``2020_x.go.go``; not a ``_test.go``), which
    covers the ``1510262030_x.up.go``/``.down.go`` that runners such as
    concourse's apply beside ``.up.sql`` files (trial s16 concourse #2, #4),
    or named as zdb's migrations are (``2021-12-08-1-set-chart-text.go``,
    :mod:`dbnamelint.zdb_layout`). It holds a version of the folder like a
    ``.sql`` one."""
    return is_goose_go_migration(name) or zdb_layout.is_go_migration(name)


#: Migrations written in code that no SQL reader can read (goose's Go files).
CODE_MIGRATION_CODE = "DBN014"


def _code_migrations_note(folder: Path, names: list[str], plan: SourcePlan) -> Diagnostic:
    """The info note that a folder's Go (or Flyway Java/Kotlin) migrations were not read."""
    count = len(names)
    code = (
        flyway_code.language(names[0])
        if names[0].lower().endswith(flyway_code.SUFFIXES)
        else "Python"
        if names[0].endswith(".py")  # Synapse's Python deltas
        else "Go"
    )
    return Diagnostic(
        Location(plan.display(folder / names[0]), 1, 1),
        Severity.INFO,
        f"{count} {code} migration{'s' if count != 1 else ''} in "
        f"{plan.display(folder)}/ ({names[0]}{', ...' if count > 1 else ''}) "
        f"{'are' if count != 1 else 'is'} not read: "
        f"{'their' if count != 1 else 'its'} schema changes are {code} code, so "
        "the model has only what the .sql files do",
        CODE_MIGRATION_CODE,
    )


#: A SQL-ish file (by its extension) that a folder walk does not read.
NOT_READ_CODE = "DBN015"
#: Last extensions of SQL-ish files a walk does not read -> what the file holds.
_UNREAD_EXTENSIONS: dict[str, str] = {
    "sqlite": "a SQLite file (a database or a script)",
    "sqlite3": "a SQLite file (a database or a script)",
    "hql": "Hive SQL",
    **dict.fromkeys(("plsql", "pls", "pks", "pkb", "pck", "prc", "trg", "spc"), "Oracle PL/SQL"),
    "vw": "a view's SQL (Oracle tools' .vw)",
    "gotxt": "a zdb SQL template (Go text/template)",
}
#: What zdb's ``db/schema.gotxt`` is (:mod:`dbnamelint.zdb_layout`).
_ZDB_SCHEMA = (
    "zdb's schema template: a new database runs it and skips the migrations its "
    "version rows name, which build the same tables"
)
#: Every extension the hook's ``files:`` regex passes as SQL (.pre-commit-hooks.yaml),
#: alone or followed by one more extension (``x.sql.j2``, ``x.psql.bak``).
SQL_LIKE_EXTENSIONS: frozenset[str] = frozenset(
    {"sql", "ddl", *EXTENSION_DIALECTS, *_UNREAD_EXTENSIONS}
)
#: Go text/template files: golang-migrate's names of them (``000001_init.up.tmpl``)
#: make a golang-migrate folder as ``.up.sql`` ones do (rudder-server renders them
#: with ``text/template`` and runs them through golang-migrate: trial s25 rudder).
_GO_TEMPLATES = (".tmpl", ".gotmpl", ".tpl")
#: Extensions after a SQL one: templates, left-over copies, compressed files.
_TEMPLATES = (
    "j2", "jinja", "jinja2", "njk", "tmpl", "tpl", "template", "gotmpl", "gohtml", "erb",
    "mustache", "hbs", "handlebars", "liquid", "ftl", "vm", "mako", "twig", "eex", "in",
)  # fmt: skip
_LEFT_OVERS = ("bak", "backup", "old", "orig", "save", "saved", "swp", "tmp", "temp", "rej", "prev")
_COMPRESSED = ("gz", "bz2", "xz", "zst", "zip", "lz4", "br")
#: What an extension after a SQL one makes of the file.
_AFTER_SQL: dict[str, str] = {
    **dict.fromkeys(_TEMPLATES, "a template"),
    **dict.fromkeys(_LEFT_OVERS, "a backup or left-over copy"),
    **dict.fromkeys(_COMPRESSED, "compressed"),
}
_EXTENSION = lazy_compile(r"[a-z0-9_-]+")
#: YAML whatever name comes before it (``docker-compose.mysql.yaml``): a
#: service's configuration, never SQL text. (The hook passes every YAML file
#: for the config and the whitelist; a walk reads none.)
_DATA_FORMATS = frozenset({"yaml", "yml"})
#: Source code and project files named after a database (``Providers.Sqlite.cs``,
#: ``Database.Sqlite.csproj``, sqlc's generated ``query.sql.go``): code, never
#: SQL text left unread (confirmation s39 jellyfin: "not read (a .sqlite file with
#: a .csproj extension)").
CODE_FORMATS = frozenset(
    {
        "cs", "csproj", "fs", "fsproj", "vb", "vbproj", "sln", "props", "targets",
        "go", "py", "pyi", "js", "mjs", "cjs", "ts", "mts", "cts", "tsx", "jsx",
        "java", "kt", "kts", "scala", "groovy", "gradle", "rb", "php", "rs", "ex", "exs",
        "swift", "dart", "c", "h", "cc", "cpp", "hpp", "m", "lua", "json", "toml", "xml",
        "md", "rst", "html", "css", "proto",
    }
)  # fmt: skip


@lru_cache(maxsize=_NAME_MEMO)
def unread_sql_kind(name: str) -> str | None:
    """What a file called ``name`` holds when its extension is SQL-ish but a
    walk does not read it (``"a template"``, ``"Hive SQL"``), else None.

    SQL-ish: the last extension is one of :data:`SQL_LIKE_EXTENSIONS`, or the
    one before the last is (``x.sql.j2``, ``x.ddl.bak``), either followed by
    an editor's backup ``~`` (``x.sql~``): exactly what the pre-commit hook's
    ``files:`` regex passes. Hidden files (``.x.sql``) get None: a walk skips
    them on purpose, as it skips hidden folders. Call it for names
    :meth:`SourcePlan.wants` turned down; for others the answer means nothing.
    """
    if name.startswith("."):
        return None
    if name.endswith("~") and not name.endswith("~~"):
        # x.sql~: an editor's backup (Emacs, vim's backupext, gedit)
        return "an editor's backup copy" if unread_sql_kind(name[:-1]) is not None else None
    segments = name.lower().split(".")[1:]
    if not segments:
        return None
    last = segments[-1]
    if last in SQL_LIKE_EXTENSIONS:
        if name.lower() == "schema.gotxt":
            return _ZDB_SCHEMA
        return _UNREAD_EXTENSIONS.get(last, f"a .{last} file")
    if last in _DATA_FORMATS or last in CODE_FORMATS:
        return None  # docker-compose.mysql.yaml: a service's config, not SQL (trial s24 spicedb)
    if len(segments) >= 2 and segments[-2] in SQL_LIKE_EXTENSIONS and _EXTENSION.fullmatch(last):
        return _AFTER_SQL.get(last, f"a .{segments[-2]} file with a .{last} extension")
    return None


def unread_named_files(
    paths: Sequence[str], read: Collection[str], settings: SourceSettings
) -> tuple[Diagnostic, ...]:
    """:data:`NOT_READ_CODE` notes for the SQL-like files among ``paths`` that a
    run did not read (``read``: the real paths, ``os.path.realpath``, of the
    files it read).

    For files named to restrict a run to them (pre-commit's changed files),
    not to read them: a file outside the configured paths, a rollback, or a
    SQL-like file a walk passes over was committed unchecked, and the note
    says so and how to read it. Hidden, excluded, missing and non-SQL files
    get none. Raises ``ValueError`` for bad settings.
    """
    plan = SourcePlan.build(settings)
    out: list[Diagnostic] = []
    for raw in paths:
        path = _absolute(plan.cwd / raw)
        name = path.name
        if name.startswith(".") or not path.is_file() or plan.is_excluded(path):
            continue
        if os.path.realpath(path) in read:
            continue
        what = unread_sql_kind(name)
        migration = plan.wants(name) or plan.runs_golang_migrate(path) or plan.runs_fizz(path)
        if not migration and what is None:
            continue
        if not plan.include_down and is_rollback_file(path):
            what = "a rollback, which a forward replay never applies"
            how = "`include_down_migrations: true` in the config reads rollbacks"
            out.append(_note(path, what, how, plan))
        elif migration:
            how = "add its folder to `paths` in the config to check it"
            out.append(_note(path, "outside the configured paths", how, plan))
        elif what is not None:
            out.append(_unread_note(path, what, plan))
    return tuple(out)


def _note(path: Path, what: str, how: str, plan: SourcePlan) -> Diagnostic:
    shown = plan.display(path)
    return Diagnostic(
        Location(shown, 1, 1),
        Severity.INFO,
        f"not read ({what}); {how}; to drop this note, `exclude` it",
        NOT_READ_CODE,
    )


def _unread_note(path: Path, what: str, plan: SourcePlan) -> Diagnostic:
    """The info note that ``path``, ``what`` (:func:`unread_sql_kind`) it holds, was not read."""
    shown = plan.display(path)
    pieces = path.name.split(".")
    tail = ".".join(pieces[-2:]) if pieces[-1].lower() not in SQL_LIKE_EXTENSIONS else pieces[-1]
    folder = plan.relative_to_root(path.parent)
    glob_text = f"*.{tail}" if folder in (None, ".") else f"{folder}/**/*.{tail}"
    how = f"add it (or a glob such as `{glob_text}`) to `paths` in the config"
    if what == "Hive SQL":
        how += " with a `per_path` entry giving its dialect (`dialect: hive`)"
    elif what == "Oracle PL/SQL":
        how += " with a `per_path` entry giving its dialect (`dialect: oracle`)"
    elif what == _ZDB_SCHEMA:
        how = (
            "name it in `paths` in place of the migrations it stands for (read with them, "
            "every table is created twice)"
        )
    elif what == "a template":
        how += " (its placeholders are read as unknown names, DBN006)"
    elif what.startswith("a SQLite file"):
        how += ", or check a database with `check --db sqlite:///" + shown + "`"
    return Diagnostic(
        Location(shown, 1, 1),
        Severity.INFO,
        f"not read ({what}): a folder walk reads only .sql, .ddl, .psql, .pgsql, .mysql, "
        f".mssql and .tsql files, and .gotxt migrations (a name starting with a digit); "
        f"to read it, {how}; to drop this note, `exclude` it",
        NOT_READ_CODE,
    )


def _unreadable(path: str, message: str, line: int = 1, column: int = 1) -> SourceError:
    return SourceError(
        Diagnostic(Location(path, line, column), Severity.ERROR, message, UNREADABLE_CODE)
    )


_LONE_CR = lazy_compile(r"\r(?!\n)")


def _lone_cr_as_lf(text: str) -> str:
    return _LONE_CR.sub("\n", text) if "\r" in text else text


def decode_bytes(data: bytes, path: str) -> str:
    """Decode a SQL file's bytes, or raise :class:`SourceError` located at the problem.

    UTF-8 with or without a BOM (the BOM is dropped so columns match what an
    editor shows); UTF-16/32 only with a BOM, since without one they cannot
    be told from binary. Line endings are left alone, except that a lone
    CR (classic Mac OS) becomes LF, as PostgreSQL's lexer and editors treat
    it as a line end: otherwise a ``--`` comment runs over the whole file and
    its DDL is silently lost. The text keeps its length, so every later
    offset is an offset into exactly this text.
    """
    for boms, codec in ((_UTF32_BOMS, "utf-32"), (_UTF16_BOMS, "utf-16")):
        if data.startswith(boms):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                raise _unreadable(path, f"invalid {codec.upper()} text") from None
            if "\x00" in text:
                raise _unreadable(path, "binary file (contains a NUL character)")
            return _lone_cr_as_lf(text)
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    if data.startswith(_SQLITE_HEADER):
        raise _unreadable(
            path,
            "a SQLite database, not SQL text: check the database itself with "
            f"`dbnamelint check --db sqlite:///{path}`",
        )
    nul = data.find(b"\x00")
    if nul != -1:
        line, column = _line_col(data, nul)
        raise _unreadable(
            path,
            f"binary file (NUL byte at line {line}, column {column}); expected UTF-8 text"
            " (UTF-16 needs a byte-order mark)",
            line,
            column,
        )
    try:
        return _lone_cr_as_lf(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        line, column = _line_col(data, exc.start)
        raise _unreadable(
            path,
            f"invalid UTF-8 byte 0x{data[exc.start]:02x} at line {line}, column {column};"
            " expected UTF-8 text",
            line,
            column,
        ) from None


def read_text(source: SourceFile, root: Path | None = None) -> str:
    """The decoded text of ``source``; raises :class:`SourceError` when unreadable.

    The bytes are :func:`read_bytes`'s, decoded by :func:`decode_bytes`.
    """
    return decode_bytes(read_bytes(source, root), source.path)


def read_bytes(source: SourceFile, root: Path | None = None) -> bytes:
    """The bytes of ``source`` as the run reads them (the index's copy in a
    pre-commit run), undecoded: what a tool that checksums the file hashes.
    Raises :class:`SourceError` when unreadable.

    A relative ``source.path`` is what :func:`discover` shows: relative to
    the current directory, so that is tried first. ``root`` is the fallback
    for sources written relative to the root by hand (fixtures, stdin
    names), so passing the config root here is always safe even when the
    user runs from a subfolder.
    """
    # Strings, not Path objects: this runs once per file of a tree.
    path = source.path
    instead = _STAGED[-1].contents
    fallback: str | None = None  # the root's, read when the current directory has none
    if not os.path.isabs(path):  # noqa: PTH117
        here = os.path.join(os.getcwd(), path)  # noqa: PTH109, PTH118
        if root is not None and instead and not os.path.exists(here):  # noqa: PTH110
            here = os.path.join(root, path)  # noqa: PTH118
        elif root is not None and not instead:
            # tried when opening ``here`` finds no file: no stat per file before it
            fallback = os.path.join(root, path)  # noqa: PTH118
        path = here
    staged = instead.get(os.path.realpath(path)) if instead else None
    try:
        if staged is None:
            try:
                data = readlog.read_noting(path)
            except FileNotFoundError:
                if fallback is None:
                    raise
                data = readlog.read_noting(fallback)
        else:  # the index's copy: the run cache checks the index itself
            data = staged
            readlog.note_bytes(path, data)
    except FileNotFoundError:
        raise SourceError(
            Diagnostic(
                Location(source.path, 1, 1),
                Severity.ERROR,
                "no such file or directory",
                MISSING_CODE,
            )
        ) from None
    except IsADirectoryError:
        raise _unreadable(source.path, "is a directory, not a file") from None
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise _unreadable(source.path, f"cannot read file: {reason.lower()}") from None
    return data


def read_source(source: SourceFile, root: Path | None = None) -> str | Diagnostic:
    """The decoded text of ``source``, or the located diagnostic saying why not.

    The Down section of a goose (``-- +goose Down``) or dbmate
    (``-- migrate:down``) file is blanked: it is the rollback, which a
    forward replay must never apply. A file liamstask's goose runs
    (``source.goose``), or a goose file whose tree does not say which goose
    runs it, comes back whole: which of its lines are annotations is
    liamstask's to say, or the two gooses' readings are compared
    (:func:`dbnamelint.migration_text.prepare_text`). A Go file holding a
    migration list is the SQL its steps run
    (:func:`dbnamelint.go_list_sql.go_list_text`).
    """
    try:
        text = read_text(source, root)
    except SourceError as exc:
        return exc.diagnostic
    if source.path.lower().endswith(".go"):
        from dbnamelint.go_list_sql import go_list_text, holds_migration_list

        # A Go migration list named in paths:; not the SQL the code-DDL gate
        # lays out for a Go file's strings (its Go is blank).
        if holds_migration_list(source.path, text):
            return go_list_text(source.path, text, go_package(source, root, text))[0]
    if source.path.lower().endswith(".php"):
        from dbnamelint.doctrine_schema import is_doctrine_migration, migration_sql

        if is_doctrine_migration(source.path, text):  # the SQL its up() runs
            return migration_sql(
                source.path, text, mysql=_mysql_family(source.dialect), dialect=source.dialect
            )[0]
    if source.path.lower().endswith(".fizz"):
        return _fizz_text(source, text)[0]
    coded = _code_migration_text(source, text)
    if coded is not None:
        return coded[0]
    if source.goose == LIAMSTASK or (source.goose is None and "+goose" in text):
        return text
    if "+goose" not in text and is_sql_migrate(text):
        return text  # sql-migrate's reading, with its notes, is prepare_text's
    return without_down_section(text)


def read_source_notes(source: SourceFile, root: Path | None = None) -> list[Diagnostic]:
    """What reading ``source`` as :func:`read_source` does leaves out, said:
    a ``DBN013`` note at each step of a Go migration list the code completes
    when it runs (:mod:`dbnamelint.go_list_sql`); none for a SQL file."""
    lower = source.path.lower()
    if lower.endswith(".php"):
        from dbnamelint.doctrine_schema import is_doctrine_migration, migration_sql

        try:
            text = read_text(source, root)
        except SourceError:
            return []
        if is_doctrine_migration(source.path, text):
            return migration_sql(
                source.path, text, mysql=_mysql_family(source.dialect), dialect=source.dialect
            )[1]
    if not lower.endswith((".go", ".fizz", *_CODE_MIGRATION_SUFFIXES)):
        return []
    from dbnamelint.go_list_sql import go_list_text, holds_migration_list

    try:
        text = read_text(source, root)
    except SourceError:
        return []  # read_source said why
    if lower.endswith(".fizz"):
        return _fizz_text(source, text)[1]
    if not lower.endswith(".go"):
        coded = _code_migration_text(source, text)
        return coded[1] if coded is not None else []
    if not holds_migration_list(source.path, text):
        return []
    return go_list_text(source.path, text, go_package(source, root, text))[1]


def go_package(source: SourceFile, root: Path | None, text: str) -> Callable[[], str]:
    """The text of the Go package of ``source`` (``text``), read when called:
    ``text`` then its folder's other ``.go`` files (tests aside), each as the
    run reads it (a pre-commit run's staged copy; the base's extracted tree
    in ``check --base``). A step's format constant or helper may live in any
    of them (trial confirm35 miniflux G3, L1)."""

    def read() -> str:
        path = source.path
        if not os.path.isabs(path):  # noqa: PTH117
            here = os.path.join(os.getcwd(), path)  # noqa: PTH109, PTH118
            if root is not None and not os.path.exists(here):  # noqa: PTH110
                here = os.path.join(root, path)  # noqa: PTH118
            path = here
        folder = os.path.dirname(path)  # noqa: PTH120
        own = os.path.realpath(path)
        staged = _STAGED[-1]
        readlog.note_side(os.path.abspath(folder))  # noqa: PTH100  a file added there counts
        from dbnamelint.go_list_files import package_files

        names = package_files(folder)
        texts = [text]
        for name in names:
            other = os.path.realpath(os.path.join(folder, name))  # noqa: PTH118
            if other == own or other in staged.skip:
                continue
            data = staged.contents.get(other)
            try:
                data = readlog.read_noting(other) if data is None else data
            except OSError:
                continue
            texts.append(data.decode("utf-8", "replace"))
        return "\n".join(texts)

    return read


def _mysql_family(dialect: str) -> bool:
    """Whether ``dialect`` is MySQL's family (DBAL quotes with backticks there)."""
    from dbnamelint.impact.otherdb import database_family

    return database_family(dialect) == "mysql"


def _fizz_text(source: SourceFile, text: str) -> tuple[str, list[Diagnostic]]:
    """A pop fizz migration's SQL and notes (:func:`dbnamelint.fizz_schema.fizz_sql`)
    in the file's database's family."""
    from dbnamelint.fizz_schema import fizz_sql
    from dbnamelint.impact.otherdb import database_family

    return fizz_sql(source.path, text, database_family(source.dialect) or "postgres")


def _code_migration_text(source: SourceFile, text: str) -> tuple[str, list[Diagnostic]] | None:
    """A Laravel, Django, Alembic, Knex, Kysely or Sequelize migration's SQL and notes
    (:func:`dbnamelint.code_migrations.code_migration_text`) in the file's
    database's family; None for another file."""
    if not source.path.lower().endswith(_CODE_MIGRATION_SUFFIXES):
        return None
    from dbnamelint.code_migrations import code_migration_text
    from dbnamelint.impact.otherdb import database_family

    return code_migration_text(source.path, text, database_family(source.dialect) or "postgres")


def sniffed_text(source: SourceFile, root: Path | None, text: str) -> str:
    """What of ``source`` (read as ``text``: :func:`read_source`) shows its
    database: a Django or Alembic migration's SQL without its branches on the
    database (:func:`dbnamelint.code_migrations.code_migration_text`'s
    ``sniffing``); of a Doctrine migration, the SQL its own strings hold,
    not the SQL dbnamelint writes for its Schema API calls (trial s41 kimai:
    that SQL, in PostgreSQL's spelling, outvoted a MySQL project's files);
    ``text`` for another file."""
    if source.path.lower().endswith(".php"):
        return _doctrine_written_sql(source, root, text)
    if not source.path.lower().endswith(".py"):
        return text
    from dbnamelint.code_migrations import code_migration_text
    from dbnamelint.impact.otherdb import database_family

    try:
        raw = read_text(source, root)
    except SourceError:
        return text
    if ".vendor" not in raw and "dialect" not in raw:
        return text  # no branch on the database (django_vendor.vendor_guards)
    family = database_family(source.dialect) or "postgres"
    found = code_migration_text(source.path, raw, family, sniffing=True)
    return text if found is None else found[0]


def _doctrine_written_sql(source: SourceFile, root: Path | None, text: str) -> str:
    """What of Doctrine migration ``source`` shows its database: its
    ``addSql`` strings' SQL (:func:`dbnamelint.doctrine_schema.migration_sql`
    without the Schema API's); ``text`` for another PHP file."""
    from dbnamelint.doctrine_schema import is_doctrine_migration, migration_sql

    try:
        raw = read_text(source, root)
    except SourceError:
        return text
    if not is_doctrine_migration(source.path, raw):
        return text
    return migration_sql(source.path, raw, schema_api=False)[0]


def without_down_section(text: str) -> str:
    """``text`` with goose/sql-migrate/dbmate Down sections blanked, positions kept.

    The one implementation is :func:`dbnamelint.migration_text.drop_rollback_sections`
    (a Down section may come before the Up one, or several alternate).
    """
    return drop_rollback_sections(text)
