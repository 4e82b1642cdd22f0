"""What ``dbnamelint init`` learns of a project: where its SQL is, its dialects, its tools.

Nothing here decides anew what other commands decide already: the files,
their dialects and the files several dialects share are read as ``check``
reads a tree without a config (:func:`~dbnamelint.runner.pipeline.load_paths`:
the same discovery, suffix, folder and text hints, and shared-file
spreading), and each folder's migration tool as ``migrate`` tells it
(:func:`~dbnamelint.services.migrate.layout.detect`). So a starter config
written from a :class:`ProjectScan` keeps what a run without it does,
less what is not the schema's source, each left out with its reason:
test folders, copies for a database with no dialect here (H2), schema
dumps beside migrations, upgrade folders below a full schema, and an
application's named-query files; a full schema file is listed before its
folder, so what is added beside it later replays after it.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path, PurePosixPath

from msgspec import Struct
from msgspec.structs import replace

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.dialects.names import other_database_word, sniff_signal
from dbnamelint.fixture_paths import outer_test_folder
from dbnamelint.frontends.sql.sources import SourceSettings, discover, natural_key, read_source
from dbnamelint.globs import GLOB_CHARS
from dbnamelint.impact.generated import GENERATED_HEAD_CHARS, generated_marker
from dbnamelint.impact.history import is_schema_dump
from dbnamelint.impact.languages import SQL_SUFFIXES
from dbnamelint.model import EventOp, ObjectKind, SourceFile
from dbnamelint.rails_dump import is_rails_dump, is_schema_rb
from dbnamelint.replay.sequences import clashing_folders, sequence_folder
from dbnamelint.runner.pipeline import Loaded, load_paths
from dbnamelint.services.call_order import in_call_order
from dbnamelint.services.migrate.layout import Layout, LayoutError, detect
from dbnamelint.services.sqlc_schema import CONFIG_NAMES, sqlc_read_paths
from dbnamelint.services.tool_databases import (
    SEQUENCE_TOOLS,
    ToolDatabase,
    dialect_databases,
    rails_databases,
    tool_databases,
)

#: More folders than this are written as their common folder: a long list
#: of version folders (temporal's ``v1.0/``, ``v1.1/``...) says less than it.
MAX_LISTED = 4
#: Layouts whose migrations are folders of their own (``<ts>_x/migration.sql``,
#: temporal's ``v1.20/``): their home is the folder above, so ``paths`` keeps
#: reading a new one (closing confirmation s30: each version folder was listed).
_FOLDER_PER_MIGRATION = frozenset({Layout.PRISMA, Layout.DIESEL, Layout.TEMPORAL})


class Folder(Struct, frozen=True):
    """One folder holding the project's SQL (nested folders folded into it)."""

    path: str  #: relative to the root, ``/``-separated; ``.`` for the root itself
    files: int  #: SQL files read below it
    layout: str | None  #: the migration tool :class:`Layout` names, or None
    #: How the layout is told to the user when not by its value: a folder of
    #: Authelia's ``V0001.Name.up.sql`` files is ``golang-migrate``'s layout
    #: (its suffixes, what other code keys on) and told as Authelia's, as
    #: ``check`` and ``migrate`` tell it (:func:`_labelled`).
    label: str | None = None

    def shown_layout(self) -> str | None:
        """The layout as told: :attr:`label`, else :attr:`layout`."""
        return self.label or self.layout


class ProjectScan(Struct, frozen=True):
    """What a project holds, read as ``check`` and ``migrate`` read it."""

    root: Path
    folders: tuple[Folder, ...]  #: in the order ``check`` walks them
    #: What ``paths:`` should say: the folders, or their common folder when
    #: there are more than :data:`MAX_LISTED`; empty when no SQL was found.
    paths: tuple[str, ...]
    dialects: tuple[str, ...]  #: every dialect a file is read in, sorted
    #: Files naming no dialect, read in each of several (pop/kratos' ``x.up.sql``).
    shared: int
    #: No file's name or folder names a dialect: each was read as its text
    #: shows, else as PostgreSQL (dbnamelint's default).
    guessed: bool
    #: Some file's text shows its dialect (:func:`~dbnamelint.dialects.names.sniff_signal`);
    #: False when every file was read as PostgreSQL only for want of a clue.
    shown: bool = True
    #: The tool configuration that names the one dialect (``Prisma's
    #: migration_lock.toml``: :meth:`~dbnamelint.tool_dialect.ToolDialects.told_by`), or None.
    told_by: str | None = None
    #: Migration folders each run as a database of their own (sqlx, Diesel,
    #: Prisma), when there are two or more, and ClickHouse's folders beside
    #: another dialect's: the config's ``databases:`` (entries of one name
    #: are one database of several folders).
    databases: tuple[ToolDatabase, ...] = ()
    #: Schema dumps (pg_dump's ``-- PostgreSQL database dump``, mysqldump's,
    #: ``structure.sql``) beside a migrations folder, relative and
    #: ``/``-separated: a copy of what the migrations build, every table
    #: twice, so left out of ``paths`` (the config's ``exclude:``).
    dumps: tuple[str, ...] = ()
    #: Files of ``paths`` listed one by one so a procedure's creating file
    #: replays before the file calling it (:mod:`~dbnamelint.services.call_order`).
    call_ordered: tuple[str, ...] = ()
    #: What a sqlc config reads (its ``schema`` copy and its ``queries``),
    #: beside a migrations folder, relative and ``/``-separated: no migration
    #: tool runs them, so left out of ``paths`` (the config's ``exclude:``).
    sqlc: tuple[str, ...] = ()
    #: Test folders (:data:`~dbnamelint.fixture_paths.TEST_FOLDERS`, as the
    #: code gate tells a test's path) holding SQL, when SQL is found outside
    #: them too: fixtures, not the schema (golang-migrate's
    #: ``source/*/testdata/`` keep a duplicate version on purpose), so left
    #: out of ``paths`` (the config's ``exclude:``).
    fixtures: tuple[str, ...] = ()
    #: Folders and files named for a database dbnamelint has no dialect for
    #: (:func:`~dbnamelint.dialects.names.other_database_word`: Apollo's
    #: ``h2-default/`` and ``*.init.h2.sql``), when other SQL is found: another
    #: database's copy of the schema, read as PostgreSQL it would be misread.
    other_databases: tuple[str, ...] = ()
    #: Upgrade folders below a full schema's folder whose scripts create its
    #: tables again (Apollo's ``mysql-default/delta/``, guacamole's
    #: ``schema/upgrade/``): a new database runs the full schema, an old one
    #: the upgrades, never both (``DBN023``), so the upgrades are left out.
    upgrades: tuple[str, ...] = ()
    #: Temporal's full ``schema.sql`` above a ``versioned/`` folder whose
    #: versions create every table it creates (PostgreSQL's and MySQL's
    #: ``v1.0`` runs the base schema): ``temporal-sql-tool`` builds a new
    #: database from the versions (``setup-schema -v 0.0``, then
    #: ``update-schema -d .../versioned``: temporal's Makefile and
    #: ``tools/sql/README.md``), so the full schema is the copy left out.
    #: Where the versions do not (SQLite's start at ``v0.2``; the server runs
    #: the embedded ``schema.sql``: ``schema/sqlite/setup.go``), ``versioned/``
    #: is an upgrade folder (:attr:`upgrades`).
    full_schemas: tuple[str, ...] = ()
    #: A full schema file above a plain numbered folder (no known runner)
    #: whose scripts, from an empty database, create every table it creates:
    #: a snapshot of what they build, so left out (read together, ``DBN023``).
    #: Where the scripts start from tables they never create (umami's
    #: ClickHouse ``migrations/01_edit_keys.sql``), the folder is an upgrade
    #: folder (:attr:`upgrades`).
    snapshots: tuple[str, ...] = ()
    #: Migration folders beside one the Go program embeds (``//go:embed``)
    #: that no ``go:embed`` names (keto's frozen ``migrations/templates/``
    #: beside the embedded ``migrations/sql/``): not what the program runs.
    unembedded: tuple[str, ...] = ()
    #: Application query files (:func:`_query_files`): named queries
    #: (``-- name: x``, ``-- :name x``) holding no DDL, when other SQL holds
    #: the schema. The application runs them, no migration tool: code for
    #: ``impact``, not the schema's source, so left out of ``paths`` (the
    #: config's ``exclude:``).
    queries: tuple[str, ...] = ()
    #: When the files are of several dialects: the dialect most of the
    #: Liquibase changesets' ``dbms`` attributes name, and how many name it
    #: and how many another (:func:`_liquibase_dialect`), else None.
    liquibase_dialect: tuple[str, int, int] | None = None

    @property
    def files(self) -> int:
        return sum(f.files for f in self.folders)

    @property
    def single_dialect(self) -> str | None:
        """The one dialect of the tree, or None (none, or several)."""
        return self.dialects[0] if len(self.dialects) == 1 else None


def _relative(path: str, root: Path) -> PurePosixPath:
    absolute = Path(path) if Path(path).is_absolute() else Path.cwd() / path
    return PurePosixPath(Path(os.path.normpath(absolute)).relative_to(root).as_posix())


def _home(
    relative: PurePosixPath,
    root: Path,
    told: dict[PurePosixPath, Layout | None],
    roots: dict[PurePosixPath, PurePosixPath],
) -> tuple[PurePosixPath, str | None]:
    """The folder a file's tool keeps its migrations in, and that tool.

    ``told``: each file folder's layout, told by its first file that names
    one (a folder is one tool's: telling every file of kratos' 1,744 cost a
    second); ``roots``: each Liquibase changelog folder's home, found once
    per folder the same way."""
    layout = told.get(relative.parent)
    if layout is None:
        try:
            layout = told[relative.parent] = detect(root / relative)
        except LayoutError:
            layout = None
    folder = relative.parent
    if layout in _FOLDER_PER_MIGRATION or (layout is Layout.SQITCH and folder.name == "deploy"):
        folder = folder.parent
    if layout is Layout.LIQUIBASE:
        if relative.parent not in roots:
            roots[relative.parent] = _liquibase_home(relative, root, folder)
        folder = roots[relative.parent]
    return folder, layout.value if layout is not None else None


def _liquibase_home(relative: PurePosixPath, root: Path, folder: PurePosixPath) -> PurePosixPath:
    """The folder of the root changelog that runs the changelog ``relative``
    (JHipster's ``config/liquibase/`` holding ``master.xml`` for
    ``changelog/*.xml``), so the configured path reads the files in the
    order it includes them, not by name (confirmation trial s22: two false
    DBN011 notes); ``folder`` when no changelog of the tree runs it."""
    from dbnamelint.services.migrate.changelog import root_changelog

    found = root_changelog(root / relative, root)
    if found is None:
        return folder
    return PurePosixPath(found[0].path.parent.resolve().relative_to(root.resolve()).as_posix())


def _inside(path: PurePosixPath, folder: PurePosixPath) -> bool:
    return folder == PurePosixPath(".") or folder in (path, *path.parents)


def _homes(
    files: Sequence[SourceFile], root: Path
) -> tuple[dict[PurePosixPath, Counter[str | None]], Counter[PurePosixPath]]:
    """Each tool folder (:func:`_home`): its files' layouts, and its files."""
    homes: dict[PurePosixPath, Counter[str | None]] = {}
    counts: Counter[PurePosixPath] = Counter()
    seen: set[str] = set()
    told: dict[PurePosixPath, Layout | None] = {}
    roots: dict[PurePosixPath, PurePosixPath] = {}
    for found in files:
        if found.path in seen:
            continue
        seen.add(found.path)
        home, layout = _home(_relative(found.path, root), root, told, roots)
        homes.setdefault(home, Counter())[layout] += 1
        counts[home] += 1
    return homes, counts


def _layout(layouts: Counter[str | None]) -> str | None:
    """The layout most of a folder's files follow, or None."""
    known = [(n, name) for name, n in layouts.items() if name is not None]
    return max(known)[1] if known else None


def _folders(
    homes: dict[PurePosixPath, Counter[str | None]], counts: Counter[PurePosixPath]
) -> tuple[Folder, ...]:
    ordered = sorted(homes, key=lambda p: natural_key(p.as_posix()))
    outer = [p for p in ordered if not any(o != p and _inside(p, o) for o in ordered)]
    out = []
    for folder in outer:
        inner = [p for p in ordered if _inside(p, folder)]
        layouts: Counter[str | None] = sum((homes[p] for p in inner), Counter())
        out.append(Folder(folder.as_posix(), sum(counts[p] for p in inner), _layout(layouts)))
    return tuple(out)


def _labelled(
    folders: tuple[Folder, ...], found: Sequence[SourceFile], root: Path
) -> tuple[Folder, ...]:
    """``folders``, each ``golang-migrate`` one whose migrations all have
    Authelia's names (``V0001.Name.up.sql``:
    :func:`~dbnamelint.migration_versions.authelia_name`) labelled
    :data:`~dbnamelint.migration_versions.AUTHELIA_LAYOUT`. golang-migrate
    itself would not read these names (its versions are digits); Authelia's
    runner does, and ``check`` and ``migrate`` tell the folder as Authelia's
    (trial s33 authelia: ``init`` said golang-migrate)."""
    from dbnamelint.migration_versions import AUTHELIA_LAYOUT, authelia_name

    def authelias(folder: Folder) -> bool:
        mine = [
            _relative(f.path, root).name
            for f in found
            if _inside(_relative(f.path, root), PurePosixPath(folder.path))
        ]
        return bool(mine) and all(authelia_name(name) for name in mine)

    return tuple(
        replace(folder, label=AUTHELIA_LAYOUT)
        if folder.layout == Layout.GOLANG_MIGRATE.value and authelias(folder)
        else folder
        for folder in folders
    )


def _dependency_order(
    folders: tuple[Folder, ...], loaded: Loaded, root: Path
) -> tuple[Folder, ...]:
    """``folders`` (in name order) with each folder that works on tables
    another folder creates, and creates none that folder works on, after it:
    the replay order is the config's ``paths`` order, and a folder of
    routines and triggers over the migrations' tables runs after them
    (lemmy's ``crates/.../replaceable_schema`` sorts before ``migrations``
    by name, but its runner runs it after every migration: read first, its
    triggers named tables not made yet; trial s28). Folders with no such
    tie, or tied both ways, keep their name order."""
    if len(folders) < 2:
        return folders
    homes = [PurePosixPath(f.path) for f in folders]
    # each file's folder, once: a dump's events are many, its files few
    home = {
        f.path: next((i for i, h in enumerate(homes) if _inside(_relative(f.path, root), h)), None)
        for f in loaded.files
    }

    def home_of(path: str) -> int | None:
        return home.get(path)

    made: list[set[str]] = [set() for _ in folders]
    used: list[set[str]] = [set() for _ in folders]
    for event in loaded.events:
        i = home_of(event.source.path)
        if i is None:
            continue
        if event.kind is ObjectKind.TABLE and event.op is EventOp.CREATE and event.name:
            made[i].add(event.name.casefold())
        elif event.table is not None:
            used[i].add(event.table.name.casefold())
    after: list[set[int]] = [set() for _ in folders]  # after[i]: the folders i runs after
    for i in range(len(folders)):
        for j in range(len(folders)):
            if i != j and (used[i] - made[i]) & made[j] and not (used[j] - made[j]) & made[i]:
                after[i].add(j)
    order: list[int] = []
    left = list(range(len(folders)))
    while left:
        ready = next((i for i in left if after[i] <= set(order)), left[0])  # a cycle: name order
        order.append(ready)
        left.remove(ready)
    return tuple(folders[i] for i in order)


def code_folders_order(folders: Sequence[str], root: Path) -> list[str]:
    """Code migration folders (relative to ``root``, in name order) in the
    order they replay, as :func:`_dependency_order` puts SQL folders: a
    plugin's Alembic chain altering a table the main chain creates comes
    after it (trial s40 CTFd: ``CTFd/plugins/dynamic_challenges/migrations``
    sorted before ``migrations/versions``, which CTFd runs first)."""
    if len(folders) < 2:
        return list(folders)
    root = Path(os.path.normpath(root.absolute()))
    loaded = load_paths([str(root / f) for f in folders], SourceSettings(root=root))
    ordered = _dependency_order(tuple(Folder(f, 0, None) for f in folders), loaded, root)
    return [f.path for f in ordered]


def _paths(folders: Sequence[Folder]) -> tuple[str, ...]:
    if len(folders) <= MAX_LISTED:
        return tuple(f.path for f in folders)
    common = os.path.commonpath([f.path for f in folders]) if folders else ""
    return (PurePosixPath(common).as_posix() if common else ".",)


#: Code migrations' suffixes (:mod:`dbnamelint.code_migrations`): no walk reads such a file.
_CODE_SUFFIXES = (".php", ".py", ".cs", ".js", ".cjs", ".mjs", ".ts", ".cts", ".mts")


def scan(root: Path) -> ProjectScan:
    """Read the project at ``root`` (an existing folder) as ``check`` would without a config.

    Unreadable files are left to ``check`` to report; they count nowhere here.
    """
    root = Path(os.path.normpath(root.absolute()))
    settings = SourceSettings(root=root)
    found, _problems = discover([str(root)], settings)
    # A tree without SQL files: discover reads its code migration folders
    # (Laravel's, Kysely's...); init names those itself (tool_migration_folders)
    found = tuple(f for f in found if not f.path.lower().endswith(_CODE_SUFFIXES))
    fixtures = _outside_or_none(found, root, outer_test_folder)
    found = tuple(f for f in found if f.path not in fixtures)
    others = _outside_or_none(found, root, _other_database_path)
    found = tuple(f for f in found if f.path not in others)
    dumps = _dumps(found, root)
    found = tuple(f for f in found if f.path not in dumps)
    sqlc = _sqlc_files(found, root)
    found = tuple(f for f in found if f.path not in sqlc)
    unembedded = _unembedded(found, root)
    found = tuple(f for f in found if f.path not in unembedded)
    left_out = {
        *fixtures.values(),
        *others.values(),
        *dumps.values(),
        *sqlc.values(),
        *unembedded.values(),
    }
    if left_out:
        settings = SourceSettings(root=root, exclude=tuple(sorted(left_out)))
    loaded = load_paths([str(root)], settings)
    homes, counts = _homes(found, root)
    ordered = sorted(homes, key=lambda p: natural_key(p.as_posix()))
    layouts = {h: _layout(homes[h]) for h in ordered}
    upgrades = _upgrades(loaded, layouts, root)
    schema_copies = _full_schema_copies(loaded, layouts, root)
    full_schemas = [p for p, tool in schema_copies.items() if tool == Layout.TEMPORAL.value]
    snapshots = [p for p, tool in schema_copies.items() if tool != Layout.TEMPORAL.value]
    apart = (*upgrades, *schema_copies)
    if apart:
        inside = {
            f.path
            for f in found
            if any(_inside(_relative(f.path, root), PurePosixPath(u)) for u in apart)
        }
        found = tuple(f for f in found if f.path not in inside)
        settings = SourceSettings(root=root, exclude=tuple(sorted({*left_out, *apart})))
        loaded = load_paths([str(root)], settings)
        homes, counts = _homes(found, root)
        ordered = sorted(homes, key=lambda p: natural_key(p.as_posix()))
        layouts = {h: _layout(homes[h]) for h in ordered}
    queries = _query_files(found, loaded, root)
    if queries:
        found = tuple(f for f in found if f.path not in queries)
        left_out |= set(queries.values())
        settings = SourceSettings(root=root, exclude=tuple(sorted({*left_out, *apart})))
        loaded = load_paths([str(root)], settings)
        homes, counts = _homes(found, root)
        ordered = sorted(homes, key=lambda p: natural_key(p.as_posix()))
        layouts = {h: _layout(homes[h]) for h in ordered}
    copies: Counter[str] = Counter(f.path for f in loaded.files)
    dialects = tuple(sorted({f.dialect for f in loaded.files}))
    folders = _labelled(_dependency_order(_folders(homes, counts), loaded, root), found, root)
    separate = _separate(loaded, layouts, root)
    schema_first = _schema_first(_paths(folders), folders, loaded, root, tuple(queries.values()))
    plain_folders = {f.path for f in folders if f.layout is None}
    paths = in_call_order(schema_first, loaded, root, plain_folders)
    return ProjectScan(
        root=root,
        folders=folders,
        paths=paths,
        call_ordered=tuple(p for p in paths if p not in schema_first),
        dialects=dialects,
        liquibase_dialect=_liquibase_dialect(loaded.files) if len(dialects) > 1 else None,
        shared=sum(1 for n in copies.values() if n > 1),
        guessed=all(f.dialect_guessed for f in found),
        shown=any(_shows_dialect(f, root) for f in found),
        told_by=_told_by(found, dialects, root),
        databases=dialect_databases(
            _folder_dialects(folders, loaded, root),
            root,
            tool_databases(layouts.items(), root, separate),
        )
        + rails_databases(_rails_dumps(found, root), root),
        dumps=tuple(sorted(dumps.values(), key=natural_key)),
        sqlc=tuple(sorted(set(sqlc.values()), key=natural_key)),
        fixtures=tuple(sorted(set(fixtures.values()), key=natural_key)),
        other_databases=tuple(sorted(set(others.values()), key=natural_key)),
        upgrades=tuple(sorted(upgrades, key=natural_key)),
        full_schemas=tuple(sorted(full_schemas, key=natural_key)),
        snapshots=tuple(sorted(snapshots, key=natural_key)),
        unembedded=tuple(sorted(set(unembedded.values()), key=natural_key)),
        queries=tuple(sorted(set(queries.values()), key=natural_key)),
    )


def _liquibase_dialect(files: Sequence[SourceFile]) -> tuple[str, int, int] | None:
    """(dialect, changesets naming it, changesets naming another) when the
    ``dbms`` attributes of the Liquibase changesets of ``files`` (XML, YAML,
    JSON changelogs and formatted SQL) name one dialect more than all the
    others together, else None. A changelog written for several databases
    keeps its main one's special cases in ``dbms="mysql"`` changesets
    (OpenMRS: 316 name mysql, 19 postgresql), while its plain change types
    say nothing: read as PostgreSQL, dbnamelint's default, the tree got
    PostgreSQL's implicit names and ``drift`` against MariaDB compared
    nothing (trial s33 openmrs)."""
    from dbnamelint.frontends.liquibase.tree import changesets as changelog_changesets
    from dbnamelint.liquibase_sql import CHANGELOG_SUFFIXES, DBMS_DIALECTS, is_changelog_text
    from dbnamelint.liquibase_sql import changesets as sql_changesets

    counts: Counter[str] = Counter()
    seen: set[str] = set()
    for source in files:
        if source.path in seen:
            continue
        seen.add(source.path)
        lowered = source.path.lower()
        if not lowered.endswith((*CHANGELOG_SUFFIXES, ".sql")):
            continue
        try:
            text = Path(source.path).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if lowered.endswith(".sql"):
            named = [c.dbms or "" for c in sql_changesets(text.lstrip("\ufeff"))]
        elif is_changelog_text(text[:16_384]):
            found = changelog_changesets(text, Path(source.path).suffix) or []
            named = [c.node.attrs.get("dbms", "") for c in found]
        else:
            continue
        for dbms in named:
            wanted = {n.strip().lower() for n in dbms.split(",")}
            for name in sorted(wanted):
                if name in DBMS_DIALECTS:
                    counts[DBMS_DIALECTS[name]] += 1
    if not counts:
        return None
    (top, most), *_rest = counts.most_common()
    others = sum(counts.values()) - most
    return (top, most, others) if most > others else None


#: A named query's marker line: yesql, goyesql, dotsql, aiosql and sqlc
#: write ``-- name: get-user`` (yesqlr ``--name:``), HugSQL and PugSQL
#: ``-- :name get-user :? :1`` (hugsql.org, "SQL File Conventions": "HugSQL
#: SQL files contain special single-line comments ... -- :name").
_NAMED_QUERY = lazy_compile(r"(?m)^[ \t]*--[ \t]*(?:name:|:name[ \t])[ \t]*\S")


def _query_files(found: Sequence[SourceFile], loaded: Loaded, root: Path) -> dict[str, str]:
    """The application query files of ``found`` (path -> the relative ``/``
    path to exclude: the file, or its folder when every file of it is one):
    files of named queries (:data:`_NAMED_QUERY`) whose statements make,
    alter, rename and drop nothing (no event but a table's ``use``), when
    some other file is left. The application loads them by name and runs
    them against the schema others build (listmonk's ``queries/*.sql``,
    read by goyesql): read as the schema, they were replayed before
    ``schema.sql`` by name, and DDL a change added there was dropped again
    by its ``DROP TABLE ... CASCADE`` (trial s30 listmonk). A query file
    holding DDL (aiosql's ``#`` scripts, HugSQL's ``:!`` commands) stays:
    that DDL is the schema's. Decided by the text, not by the folder's name.
    So is a generated file holding no DDL (its leading comments carry a
    generator's mark, :func:`~dbnamelint.impact.generated.generated_marker`):
    immich's ``server/src/queries/*.sql``, ``-- NOTE: This file is auto
    generated by ./sql-generator``, the SELECTs its repositories run, one per
    ``-- UserRepository.get`` comment (trial s31): read as the schema, impact
    never searched them for the names a rename must regenerate. So is a
    file holding no DDL that a Rust file beside it embeds as a string,
    ``diesel::sql_query(include_str!("toplevel.sql"))`` (crates.io's
    ``models/*.sql``, trial s42): the program runs it, no migration tool
    (:func:`_rust_included`); never a file of a migration tool's layout,
    which a hand-rolled runner may embed as well."""
    ddl = {e.source.path for e in loaded.events if e.op is not EventOp.USE}
    out: dict[str, str] = {}
    embedded: dict[Path, frozenset[Path]] = {}
    # a migration tool's file (a runner may embed it) is a migration whatever it holds
    told: dict[PurePosixPath, Layout | None] = {}
    roots: dict[PurePosixPath, PurePosixPath] = {}
    for source in found:
        if source.path in ddl or source.path in out:
            continue
        text = read_source(source, root)
        if isinstance(text, str) and (
            _NAMED_QUERY.search(text)
            or generated_marker(text[:GENERATED_HEAD_CHARS])
            or (
                _home(_relative(source.path, root), root, told, roots)[1] is None
                and _rust_included(Path(source.path), root, embedded)
            )
        ):
            out[source.path] = _relative(source.path, root).as_posix()
    if len(out) >= len({f.path for f in found}):
        return {}  # nothing but queries: linted as they are
    return _whole_folders(out, found, root) if out else {}


#: Rust's ``include_str!("x.sql")``: the file's text as a string constant,
#: its path relative to the file holding the call (Rust std, "include_str").
_INCLUDE_STR = lazy_compile(r'\binclude_str!\s*\(\s*"([^"\\\n]+)"\s*\)')


def _rust_included(path: Path, root: Path, embedded: dict[Path, frozenset[Path]]) -> bool:
    """Whether a ``.rs`` file of the folder of ``path`` (a SQL file) or of
    a folder above it, up to ``root``, embeds it with ``include_str!`` (a
    path relative to that ``.rs`` file). ``embedded`` caches, per folder,
    the paths its ``.rs`` files embed (each folder read once per ``init``)."""
    target = path.resolve()
    top = root.resolve()
    folder = target.parent
    while True:
        if folder not in embedded:
            embedded[folder] = _embedded_by(folder)
        if target in embedded[folder]:
            return True
        if folder in (top, folder.parent):
            return False
        folder = folder.parent


def _embedded_by(folder: Path) -> frozenset[Path]:
    """The files the ``.rs`` files of ``folder`` embed with ``include_str!``."""
    try:
        sources = [p for p in folder.iterdir() if p.suffix == ".rs" and p.is_file()]
    except OSError:
        return frozenset()
    out: set[Path] = set()
    for rust in sources:
        try:
            text = rust.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        out.update((folder / named).resolve() for named in _INCLUDE_STR.findall(text))
    return frozenset(out)


def _schema_first(
    paths: tuple[str, ...],
    folders: Sequence[Folder],
    loaded: Loaded,
    root: Path,
    queries_left_out: Sequence[str] = (),
) -> tuple[str, ...]:
    """``paths`` with a full schema file listed before its folder: a folder
    no migration tool runs (no layout) whose tables one file creates, when
    that folder holds other SQL (or held query files, now left out:
    ``queries_left_out``, not those of another folder). Files
    of a folder replay in name order (README, "Replay order"), so a script
    added later below it (listmonk's ``internal/migrations/v6.3.0.sql``,
    ``queries/users.sql``) would run before ``schema.sql``, whose ``DROP
    TABLE ... CASCADE`` then wipes what it added (trial s30 listmonk); the
    schema runs first, and the files run after it. A path named twice is
    read once, where first named."""
    if len(paths) != len(folders) or not any(f.layout is None for f in folders):
        return paths
    creators = {
        _relative(event.source.path, root).as_posix()
        for event in loaded.events
        if event.kind is ObjectKind.TABLE and event.op is EventOp.CREATE
    }
    out: list[str] = []
    for folder in folders:
        home = PurePosixPath(folder.path)
        mine = sorted(p for p in creators if _inside(PurePosixPath(p), home))
        held = any(_inside(PurePosixPath(q), home) for q in queries_left_out)
        if folder.layout is None and len(mine) == 1 and (folder.files > 1 or held):
            out.append(mine[0])
        out.append(folder.path)
    return tuple(out)


def _rails_dumps(found: Sequence[SourceFile], root: Path) -> list[PurePosixPath]:
    """The primary Rails dumps (``db/schema.rb``, ``db/structure.sql``) among ``found``."""
    out = dict.fromkeys(_relative(f.path, root) for f in found)
    primary = [p for p in out if p.name == "schema.rb" and is_schema_rb(str(p))]
    return primary + [p for p in out if is_rails_dump(str(p))]


def _folder_dialects(
    folders: Sequence[Folder], loaded: Loaded, root: Path
) -> tuple[tuple[PurePosixPath, str | None, frozenset[str]], ...]:
    """Each folder, its layout and the dialects its files are read in (as
    ``check`` reads them: a suffix, a folder word, the text, the folder's
    majority), for :func:`~dbnamelint.services.tool_databases.dialect_databases`."""
    homes = [PurePosixPath(f.path) for f in folders]
    dialects: list[set[str]] = [set() for _ in folders]
    for source in loaded.files:
        relative = _relative(source.path, root)
        at = next((i for i, h in enumerate(homes) if _inside(relative, h)), None)
        if at is not None:
            dialects[at].add(source.dialect)
    return tuple(
        (home, folder.layout, frozenset(found))
        for home, folder, found in zip(homes, folders, dialects, strict=True)
    )


def _separate(
    loaded: Loaded, layouts: Mapping[PurePosixPath, str | None], root: Path
) -> frozenset[PurePosixPath]:
    """The folders of :data:`SEQUENCE_TOOLS` (golang-migrate's...) the tree
    shows are databases of their own: one creates a table while another's
    stands (``check``'s ``DBN023`` warning: ``CREATE TABLE`` of a table that
    exists fails, so no database ran both) and the two are not side by side
    in one folder (apps' or examples' folders: golang-migrate's
    ``database/pgx/examples/migrations`` and ``.../postgres/examples/migrations``).
    Folders of several dialects are no such sign: a dialect is a catalog of
    its own already, and an app's ``postgres/`` and ``sqlite/`` copies share
    their whitelist entries."""
    tools = sorted(
        (h for h, layout in layouts.items() if layout in SEQUENCE_TOOLS),
        key=lambda h: len(h.parts),
        reverse=True,  # the innermost folder holding a path first
    )

    def tool_of(folder: str) -> PurePosixPath | None:
        path = _relative(folder or ".", root)
        return next((h for h in tools if _inside(path, h)), None)

    shown: set[PurePosixPath] = set()
    for diagnostic in loaded.diagnostics if len(tools) > 1 else ():
        pair = clashing_folders(diagnostic)
        if pair is not None:
            theirs, mine = tool_of(pair[0]), tool_of(pair[1])
            # side by side in one folder they may be one app's old history and
            # its copy (kratos' migrations/legacy and migrations/sql): left to
            # the user, whom DBN023 asks to list them apart or exclude one
            if theirs is not None and mine is not None and theirs.parent != mine.parent:
                shown |= {theirs, mine}
    return frozenset(shown)


def _other_database_path(rel: str) -> str | None:
    """The outermost folder of ``rel``, or the file itself, named for a
    database dbnamelint has no dialect for (:func:`other_database_word`)."""
    parts = rel.split("/")
    for at, part in enumerate(parts):
        if other_database_word(part) is not None:
            return "/".join(parts[: at + 1])
    return None


def _outside_or_none(
    found: Sequence[SourceFile], root: Path, holder: Callable[[str], str | None]
) -> dict[str, str]:
    """The files of ``found`` some folder (or name) sets apart (path -> what
    ``holder`` gives for its relative ``/`` path: the folder or file to
    exclude), when some file is outside every such one; else none (a tree
    whose only SQL is a test's is linted as it is). A path that reads as a
    glob is kept: ``exclude:`` would misread it."""
    out: dict[str, str] = {}
    for source in found:
        held = holder(_relative(source.path, root).as_posix())
        if held is not None and not GLOB_CHARS.search(held):
            out[source.path] = held
    return out if len(out) < len({f.path for f in found}) else {}


def upgrade_folders(paths: Sequence[str], settings: SourceSettings) -> dict[str, str]:
    """The folders of upgrade scripts below a full schema's folder among
    ``paths`` read with ``settings`` (each relative to its root,
    ``/``-separated) -> that full schema's folder: what :func:`scan` leaves
    out (:func:`_upgrades`), told the same way. The gate asks it of the
    base's tree for a file the config excludes that a change edits or
    deletes (:mod:`dbnamelint.services.upgrade_history`): applied history."""
    root = settings.root
    found, _problems = discover(list(paths), settings)
    homes, _counts = _homes(found, root)
    layouts = {h: _layout(homes[h]) for h in homes}
    return _upgrades(load_paths(list(paths), settings), layouts, root)


def _upgrades(
    loaded: Loaded, layouts: Mapping[PurePosixPath, str | None], root: Path
) -> dict[str, str]:
    """Folders of upgrade scripts below a full schema's folder (relative,
    ``/``-separated), each with that folder: a ``DBN023`` clash between a
    folder (not the root) and one inside it, in either replay order, whose
    inner folder holds no migration tool's files, or is temporal's
    ``versioned/`` or a plain numbered folder whose scripts do not build the
    full schema (:func:`_schema_pairs`: SQLite's, umami's ClickHouse
    ``migrations/``). The full schema is what a new database runs
    (guacamole's ``001-create-schema.sql`` beside ``upgrade/``, Apollo's
    ``apolloconfigdb.sql`` beside ``delta/``)."""
    out: dict[str, str] = {}
    for theirs, mine in _nested_clashes(loaded, root):
        if all(layout is None for home, layout in layouts.items() if _inside(home, mine)):
            out.setdefault(mine.as_posix(), theirs.as_posix())
    for theirs, mine, builds, _tool in _schema_pairs(loaded, layouts, root):
        if not builds:  # SQLite's versioned/: upgrades from an older full schema
            out.setdefault(mine.as_posix(), theirs.as_posix())
    if out:
        folders = {_relative(sequence_folder(f.path) or ".", root) for f in loaded.files}
        for folder in sorted(folders, key=PurePosixPath.as_posix):
            found = _release_of(folder, out)
            if found is not None and all(
                layout is None for home, layout in layouts.items() if _inside(home, folder)
            ):
                out.setdefault(folder.as_posix(), found)
    return out


def _nested_clashes(loaded: Loaded, root: Path) -> list[tuple[PurePosixPath, PurePosixPath]]:
    """(Outer folder, folder inside it) of each ``DBN023`` clash, or table
    made again (:func:`_recreated`), between a folder (not the root) and one
    below it, whichever replayed first: umami's ``db/clickhouse/migrations/``
    sorts before ``db/clickhouse/schema.sql`` (closing confirmation s36)."""
    out: dict[tuple[PurePosixPath, PurePosixPath], None] = {}
    pairs = [clashing_folders(d) for d in loaded.diagnostics]
    for pair in [*pairs, *_recreated(loaded)]:
        if pair is None:
            continue
        first, later = _relative(pair[0] or ".", root), _relative(pair[1] or ".", root)
        outer, inner = (first, later) if first in later.parents else (later, first)
        if outer == PurePosixPath(".") or outer not in inner.parents:
            continue
        if GLOB_CHARS.search(inner.as_posix()):
            continue
        out[(outer, inner)] = None
    return list(out)


#: Layouts whose folder below a full schema tells by its scripts whether it
#: builds that schema or upgrades an older one: temporal's ``versioned/``,
#: and a plain numbered folder, which no known tool runs.
_SNAPSHOT_TOOLS = frozenset({Layout.TEMPORAL.value, Layout.NUMBERED.value})


def _schema_pairs(
    loaded: Loaded, layouts: Mapping[PurePosixPath, str | None], root: Path
) -> list[tuple[PurePosixPath, PurePosixPath, bool, str]]:
    """``(full schema's folder, folder below it, whether its scripts build
    the full schema, their layout)`` for each folder below a full schema's
    that is temporal's ``versioned/`` or a plain numbered one
    (:data:`_SNAPSHOT_TOOLS`), the two creating the same tables (a
    ``DBN023`` clash of the two). Temporal's versions build it when, run
    from an empty database as ``temporal-sql-tool update-schema`` runs them
    after ``setup-schema -v 0.0`` (temporal's Makefile,
    ``tools/sql/README.md``), they create (or rename to) every table the
    full schema creates; not when some table of the full schema comes from
    no version: the versions then upgrade a database an older full schema
    built (temporal's SQLite ``versioned/`` starts at ``v0.2``; its server
    runs the embedded ``schema.sql``, ``schema/sqlite/setup.go``). Numbered
    scripts must moreover touch no table before they create it: umami's
    ClickHouse ``migrations/01_edit_keys.sql`` alters tables of an older
    ``schema.sql`` (:func:`_from_empty`)."""
    out: dict[tuple[PurePosixPath, PurePosixPath], tuple[bool, str]] = {}
    for theirs, mine in _nested_clashes(loaded, root):
        if (theirs, mine) in out:
            continue
        inner = {layout for home, layout in layouts.items() if _inside(home, mine)}
        tool = next(iter(inner), None) if len(inner) == 1 else None
        if tool is None or tool not in _SNAPSHOT_TOOLS:
            continue
        full = _tables_made(loaded, root, theirs)
        made = _tables_made(loaded, root, mine, below=True)
        builds = bool(full) and full <= made
        if tool == Layout.NUMBERED.value:
            builds = builds and _from_empty(loaded, root, mine)
        out[(theirs, mine)] = (builds, tool)
    return [(theirs, mine, builds, tool) for (theirs, mine), (builds, tool) in out.items()]


def _from_empty(loaded: Loaded, root: Path, folder: PurePosixPath) -> bool:
    """Whether the scripts in and below ``folder``, in replay order, change
    or rename no table before one of them creates (or renames to) it: a
    history that starts from an empty database. Names are compared without
    their schema (``"event_data"`` is ``umami.event_data`` on a client
    connected to ``umami``); drops say nothing (``DROP TABLE IF EXISTS``)."""
    made: set[str] = set()
    for event in loaded.events:
        at = _relative(sequence_folder(event.source.path) or ".", root)
        if not _inside(at, folder) or event.op is EventOp.DROP:
            continue
        if event.kind is ObjectKind.TABLE and event.name:
            name = event.name.casefold()
            if event.op is EventOp.CREATE:
                made.add(name)
                continue
            if name not in made:
                return False
            if event.op is EventOp.RENAME and event.new_name:
                made.add(event.new_name.casefold())
        elif event.table is not None and event.table.name.casefold() not in made:
            return False
    return True


def _tables_made(
    loaded: Loaded, root: Path, folder: PurePosixPath, below: bool = False
) -> set[tuple[str | None, str]]:
    """``(schema, table)`` (case-folded) the files of ``folder`` (their
    :func:`~dbnamelint.replay.sequences.sequence_folder`) create; with
    ``below``, the files of the folders inside it too, counting the tables
    they rename to (a version may rename a table the full schema has)."""
    renames = below
    out: set[tuple[str | None, str]] = set()
    for event in loaded.events:
        if event.kind is not ObjectKind.TABLE or not event.name:
            continue
        at = _relative(sequence_folder(event.source.path) or ".", root)
        if not (_inside(at, folder) if below else at == folder):
            continue
        schema = event.schema.casefold() if event.schema else None
        if event.op is EventOp.CREATE:
            out.add((schema, event.name.casefold()))
        elif renames and event.op is EventOp.RENAME and event.new_name:
            target = event.new_schema.casefold() if event.new_schema else schema
            out.add((target, event.new_name.casefold()))
    return out


def _full_schema_copies(
    loaded: Loaded, layouts: Mapping[PurePosixPath, str | None], root: Path
) -> dict[str, str]:
    """Full schema files (relative, ``/``-separated) -> the layout of the
    folder below theirs whose scripts build every table they create
    (:func:`_schema_pairs`): those scripts build a new database, so the full
    schema is a copy of what they make. Temporal's PostgreSQL and MySQL
    ``schema.sql``, whose tables ``v1.0`` and the later versions create
    again (trial s30 temporal, five ``DBN023`` warnings from ``init``'s
    ``paths: ["."]``), and a ``schema.sql`` snapshot beside the numbered
    history that builds it."""
    out: dict[str, str] = {}
    pairs = [
        (theirs, mine, tool)
        for theirs, mine, builds, tool in _schema_pairs(loaded, layouts, root)
        if builds
    ]
    if not pairs:
        return out
    creates: dict[str, set[tuple[str | None, str]]] = {}
    for event in loaded.events:
        if event.kind is ObjectKind.TABLE and event.op is EventOp.CREATE and event.name:
            schema = event.schema.casefold() if event.schema else None
            creates.setdefault(event.source.path, set()).add((schema, event.name.casefold()))
    for theirs, mine, tool in pairs:
        made = _tables_made(loaded, root, mine, below=True)
        for source in loaded.files:
            relative = _relative(source.path, root)
            folder = _relative(sequence_folder(source.path) or ".", root)
            if folder != theirs or _inside(relative, mine) or GLOB_CHARS.search(str(relative)):
                continue
            if creates.get(source.path, set()) & made:
                out.setdefault(relative.as_posix(), tool)
    return out


_HAS_DIGIT = lazy_compile(r"\d")


def _release_of(folder: PurePosixPath, upgrades: Mapping[str, str]) -> str | None:
    """The full schema's folder of an upgrade folder that ``folder`` is
    another release of, if any: below the same full schema, with as many
    parts, differing only in parts that hold a digit (DolphinScheduler's
    ``sql/upgrade/3.1.0_schema/mysql`` beside ``sql/upgrade/3.0.0_schema/mysql``,
    whose scripts only alter what the full schema already has: read after it,
    they were replayed as changes of it)."""
    parts = folder.parts
    for upgrade, full in upgrades.items():
        known = PurePosixPath(upgrade).parts
        if len(known) != len(parts) or PurePosixPath(full) not in folder.parents:
            continue
        differ = [(a, b) for a, b in zip(parts, known, strict=True) if a != b]
        if differ and all(_HAS_DIGIT.search(a) and _HAS_DIGIT.search(b) for a, b in differ):
            return full
    return None


def _recreated(loaded: Loaded) -> list[tuple[str, str]]:
    """(The folder that first created a table, a later folder creating it
    again) for each table (or column, or index) a file of another folder
    creates after it, dropped first or not, as :func:`~dbnamelint.replay.sequences.sequence_folder`
    gives them: DolphinScheduler's ``sql/upgrade/3.0.0_schema/mysql/`` writes
    ``DROP TABLE IF EXISTS t; CREATE TABLE t (...)`` of the full schema's
    tables, which no ``DBN023`` clash shows (the table is gone when it is
    created again), and read after the full schema its older definitions
    hid the full schema's (trial s29: a column added there passed the gate).
    Within one catalog: another dialect's copy of the tables (a ``mysql/``
    folder below PostgreSQL's schema) makes them in a database of its own,
    and is no upgrade of it (trial s37)."""
    first: dict[tuple[str | None, ...], str] = {}
    out: dict[tuple[str, str], None] = {}
    for event in loaded.events:
        if event.op is not EventOp.CREATE or not event.name:
            continue
        name = event.name.casefold()
        catalog = event.source.catalog
        if event.kind is ObjectKind.TABLE:
            key: tuple[str | None, ...] = (
                catalog,
                event.schema.casefold() if event.schema else None,
                name,
            )
        elif event.kind in (ObjectKind.COLUMN, ObjectKind.INDEX) and event.table is not None:
            # an upgrade that only adds what the full schema already has (icingadb's
            # ALTER-only upgrades/1.1.1.sql: the closing confirmation of trial s29)
            table = event.table
            schema = table.schema.casefold() if table.schema else None
            key = (catalog, event.kind.value, schema, table.name.casefold(), name)
        else:
            continue
        folder = sequence_folder(event.location.path)
        made = first.setdefault(key, folder)
        if made != folder:
            out[(made, folder)] = None
    return list(out)


def _unembedded(found: Sequence[SourceFile], root: Path) -> dict[str, str]:
    """Path -> relative ``/`` folder of each of ``found`` in a folder the Go
    program does not embed while it embeds a sibling's files
    (:func:`dbnamelint.go_embeds.unembedded_siblings`); none when that would
    leave nothing."""
    from dbnamelint.go_embeds import unembedded_siblings

    relative = {f.path: _relative(f.path, root) for f in found}
    folders = unembedded_siblings((r.as_posix() for r in relative.values()), root)
    out = {
        path: folder
        for path, rel in relative.items()
        for folder in folders
        if _inside(rel, PurePosixPath(folder))
    }
    return out if len(out) < len(found) else {}


def _dumps(found: Sequence[SourceFile], root: Path) -> dict[str, str]:
    """The schema dumps among ``found`` (path -> relative ``/`` path) when the
    rest holds a migrations folder, one whose files a migration tool names
    (:func:`~dbnamelint.services.migrate.layout.detect`); else none: a dump
    alone is the schema (Rails' ``structure.sql`` beside its Ruby migrations)."""
    dumps: dict[str, str] = {}
    for source in found:
        relative = _relative(source.path, root)
        if not relative.name.lower().endswith(SQL_SUFFIXES):
            continue
        text = read_source(source, root)
        if isinstance(text, str) and is_schema_dump(relative.as_posix(), text[:2000], text[-2000:]):
            dumps[source.path] = relative.as_posix()
    return dumps if _migrations_beside(found, dumps, root) else {}


def _migrations_beside(found: Sequence[SourceFile], apart: Mapping[str, str], root: Path) -> bool:
    """Whether the files of ``found`` outside ``apart`` (paths) hold a
    migrations folder, one whose files a migration tool names
    (:func:`~dbnamelint.services.migrate.layout.detect`)."""
    if not apart:
        return False
    told: dict[PurePosixPath, Layout | None] = {}
    roots: dict[PurePosixPath, PurePosixPath] = {}
    return any(
        _home(_relative(source.path, root), root, told, roots)[1] is not None
        for source in found
        if source.path not in apart
    )


#: Folders a search for sqlc configs does not enter.
_NOT_SEARCHED = frozenset({".git", "node_modules", "vendor", "third_party", ".venv", "venv"})


def _sqlc_configs(root: Path) -> list[Path]:
    """The sqlc configs below ``root`` (:data:`~dbnamelint.services.sqlc_schema.CONFIG_NAMES`),
    hidden and vendored folders left out."""
    out: list[Path] = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d not in _NOT_SEARCHED and not d.startswith(".")]
        out += [Path(folder) / n for n in CONFIG_NAMES if n in names]
    return out


def _sqlc_files(found: Sequence[SourceFile], root: Path) -> dict[str, str]:
    """The files of ``found`` a sqlc config reads as its schema copy or its
    queries (path -> the relative ``/`` path its config names: the file, or
    the folder holding it) when the rest holds a migrations folder; else none.
    sqlc checks queries against that copy (docs.sqlc.dev, "Configuration");
    no migration tool runs either, and the migrations build the schema
    (trial s25 hatchet: its ``sql/schema/`` copy read with the migrations made
    every table twice, DBN023)."""
    named = [p for config in _sqlc_configs(root) for p in sqlc_read_paths(config)]
    if not named:
        return {}
    out: dict[str, str] = {}
    for source in found:
        path = (root / _relative(source.path, root)).resolve()
        entry = next((p for p in named if p == path or p in path.parents), None)
        if entry is not None and root.resolve() in entry.parents:
            out[source.path] = entry.relative_to(root.resolve()).as_posix()
    return _whole_folders(out, found, root) if _migrations_beside(found, out, root) else {}


def _whole_folders(
    files: dict[str, str], found: Sequence[SourceFile], root: Path
) -> dict[str, str]:
    """``files`` (path -> relative ``/`` path to exclude), each written as its
    folder when every file of ``found`` in and below that folder is one of
    them: ``exclude: [sql/schema]`` says what forty file names would."""
    kept = [_relative(f.path, root) for f in found if f.path not in files]
    out: dict[str, str] = {}
    for path, entry in files.items():
        folder = _relative(path, root).parent
        whole = folder != PurePosixPath(".") and not any(_inside(k, folder) for k in kept)
        out[path] = folder.as_posix() if whole else entry
    return out


def _told_by(found: Sequence[SourceFile], dialects: Sequence[str], root: Path) -> str | None:
    """Which tool configuration names the tree's one dialect (``init`` says why
    it chose it: confirmation s42, hoppscotch's Prisma lock went unnamed)."""
    from dbnamelint.tool_dialect import ToolDialects

    if len(dialects) != 1:
        return None
    tools = ToolDialects()
    for source in found:
        if source.dialect_guessed or source.dialect != dialects[0]:
            continue
        path = Path(source.path)
        said = tools.told_by(path if path.is_absolute() else (Path.cwd() / path).resolve())
        if said is not None:
            return said
    return None


def _shows_dialect(source: SourceFile, root: Path) -> bool:
    """Whether ``source``'s name, folder, tool configuration (a crate's sqlx
    driver, Prisma's lock: decided by discovery, as for ``check``) or text
    says which database it is for."""
    if not source.dialect_guessed:
        return True
    if is_schema_rb(source.path):
        # Rails' Ruby dump, not SQL: read as the default dialect when no
        # config/database.yml names its adapter, which the text then "shows"
        # (trial s37 lobsters: init wrote dialect: postgres for SQLite's)
        return False
    text = read_source(source, root)
    return isinstance(text, str) and sniff_signal(text) is not None
