"""Migration folders that are each a database of their own, named for ``init``.

sqlx's ``Migrator`` (``sqlx::migrate!("./migrations")``) runs one folder on
the pool it is given and refuses a database holding versions the folder
lacks (``VersionMissing``), so a crate's folder is one database, and
atuin-client's ``migrations/``, ``record-migrations/`` and
``meta-migrations/`` are three SQLite files. Diesel's ``migrations/`` is
its crate's database, and a Prisma ``migrations/`` folder the one
datasource of the ``schema.prisma`` beside it. Read as one database, a
later folder's ``CREATE TABLE history`` hides an earlier one's (DBN023).

golang-migrate, goose, dbmate and sql-migrate keep one version table per
database, so each of their folders is one sequence, but two can share a
database under two version tables: their folders are databases of their
own only where the tree shows it (:mod:`dbnamelint.services.project_scan`:
a table two folders create, or folders of different dialects), and are then
named after their folder (golang-migrate's ``database/postgres/examples/migrations``:
``postgres``).
"""

from __future__ import annotations

import sys
from collections.abc import Collection, Iterable, Sequence
from pathlib import Path, PurePosixPath

from msgspec import Struct

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.globs import GLOB_CHARS
from dbnamelint.manifests import nearest_manifest_path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

#: The tools that run each of their folders as a database of its own.
OWN_DATABASE_TOOLS = frozenset({"sqlx", "diesel", "prisma"})
#: The tools whose folders are each one migration sequence with a version
#: table of its own, a database of their own where the tree shows it.
SEQUENCE_TOOLS = frozenset({"golang-migrate", "goose", "dbmate", "sql-migrate"})
_NOT_IN_NAME = lazy_compile(r"[^A-Za-z0-9_.-]+")
#: Folder names that say nothing of whose database it is.
_GENERIC = frozenset(
    {"migrations", "migration", "migrate", "db", "database", "databases", "sql", "schema"}
    | {"schemas", "examples", "example", "src", "main", "resources", "scripts", "up"}
)


class ToolDatabase(Struct, frozen=True):
    """One ``databases:`` entry ``init`` writes."""

    name: str  #: the crate's package name, or the folder's, as a config name
    folder: str  #: relative to the root, ``/``-separated
    tool: str  #: the layout value (``sqlx``); empty for a folder of no tool's
    #: The dialects of the folder's files when a dialect of its own sets it
    #: apart (:func:`dialect_databases`: ClickHouse beside PostgreSQL); else empty.
    dialects: tuple[str, ...] = ()


def _crate_name(folder: Path) -> str | None:
    manifest = nearest_manifest_path(folder / "x", "Cargo.toml")
    if manifest is None:
        return None
    try:
        data = tomllib.loads(manifest.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    package = data.get("package")
    name = package.get("name") if isinstance(package, dict) else None
    return name if isinstance(name, str) else manifest.parent.name


def _plain_name(folder: PurePosixPath, tool: str, root: Path) -> str:
    """The crate's name (and the folder's when it is not ``migrations``), or
    for Prisma the folder holding ``prisma/``."""
    if tool == "prisma":
        above = folder.parent
        if above.name == "prisma" and above.parent.name:
            above = above.parent
        return above.name or root.name
    crate = _crate_name(root / folder)
    if crate is None:
        return folder.parent.name or folder.name
    return crate if folder.name == "migrations" else f"{crate}-{folder.name}"


def _folder_name(folder: PurePosixPath) -> str:
    """The innermost part of ``folder`` that is not a generic word
    (``database/postgres/examples/migrations``: ``postgres``), else its path."""
    for part in reversed(folder.parts):
        if part.lower() not in _GENERIC:
            return part
    return folder.as_posix().replace("/", "-")


def _config_name(text: str) -> str:
    return _NOT_IN_NAME.sub("_", text).lstrip("_.-") or "db"


def tool_databases(
    homes: Iterable[tuple[PurePosixPath, str | None]],
    root: Path,
    separate: Collection[PurePosixPath] = (),
) -> tuple[ToolDatabase, ...]:
    """The ``databases:`` of a tree whose migration folders (``homes``: each
    folder relative to ``root`` and its layout value) include two or more of
    :data:`OWN_DATABASE_TOOLS` or of ``separate`` (folders of
    :data:`SEQUENCE_TOOLS` the tree shows are separate databases); empty
    otherwise, and when a folder's path reads as a glob (``[v1]``: a config
    entry would not name it). Names are made unique by the folder's path."""
    own = [
        (f, tool)
        for f, tool in homes
        if tool is not None and (tool in OWN_DATABASE_TOOLS or f in separate)
    ]
    if len(own) < 2 or any(GLOB_CHARS.search(f.as_posix()) for f, _ in own):
        return ()
    named = [
        (
            _config_name(
                _plain_name(f, tool, root) if tool in OWN_DATABASE_TOOLS else _folder_name(f)
            ),
            f,
            tool,
        )
        for f, tool in own
    ]
    counts: dict[str, int] = {}
    for name, _, _ in named:
        counts[name] = counts.get(name, 0) + 1
    out: list[ToolDatabase] = []
    for name, folder, tool in named:
        unique = name if counts[name] == 1 else _config_name(folder.as_posix().replace("/", "-"))
        out.append(ToolDatabase(unique, folder.as_posix(), tool))
    return tuple(out)


def rails_databases(dumps: Sequence[PurePosixPath], root: Path) -> tuple[ToolDatabase, ...]:
    """The ``databases:`` of Rails apps with several databases: each primary
    dump (``dumps``: a ``db/schema.rb`` or ``db/structure.sql`` relative to
    ``root``) with the ``db/<name>_schema.rb`` (``_structure.sql``) files
    beside it, one database each (:func:`dbnamelint.rails_dump.other_databases`:
    Rails 8's ``queue``, ``cache`` and ``cable`` databases of solid_queue,
    solid_cache and solid_cable). Unlisted, those dumps are not read (their
    tables would sit in the primary's catalog). Names are the databases'
    (``primary``, ``queue``), after the app's folder when the tree holds
    several apps (``shop-queue``)."""
    from dbnamelint.rails_dump import other_databases

    out: list[ToolDatabase] = []
    for dump in dumps:
        try:
            names = [p.name for p in (root / dump.parent).iterdir() if p.is_file()]
        except OSError:
            continue
        several = other_databases(names)
        if several.get("primary") != dump.name or GLOB_CHARS.search(dump.as_posix()):
            continue
        app = dump.parent.parent.as_posix()
        prefix = _config_name(app) + "-" if len(dumps) > 1 and app != "." else ""
        out += [
            ToolDatabase(prefix + name, (dump.parent / file).as_posix(), "rails")
            for name, file in several.items()
        ]
    return tuple(out)


#: Dialects whose DDL is a database of its own beside another dialect's, never
#: a copy of it: ClickHouse is an analytics store kept beside the application's
#: database (umami's ``db/clickhouse/`` beside its Prisma PostgreSQL
#: migrations, plausible's ``priv/ingest_repo/`` beside ``priv/repo/``), and
#: no migration written for one runs on the other.
APART_DIALECTS = frozenset({"clickhouse"})


def dialect_databases(
    folders: Sequence[tuple[PurePosixPath, str | None, frozenset[str]]],
    root: Path,
    named: Sequence[ToolDatabase] = (),
) -> tuple[ToolDatabase, ...]:
    """``named`` (the tools' databases, :func:`tool_databases`) with the
    folders of an :data:`APART_DIALECTS` dialect named as a database of their
    own, when the tree also holds another dialect's folders: ``folders`` are
    each folder (relative to ``root``), its layout value and the dialects its
    files are read in. The ClickHouse folders are one database named
    ``clickhouse``; the other folders, when ``named`` lists none of them, one
    named after ``root`` (what the application is called: umami), so neither
    is the unnamed rest ``migrate --database`` cannot choose. A folder of
    both dialects, or a path that reads as a glob, leaves ``named`` as it is."""
    apart = [f for f in folders if f[2] and f[2] <= APART_DIALECTS]
    rest = [f for f in folders if not f[2] & APART_DIALECTS]
    if not apart or not rest or len(apart) + len(rest) != len(folders):
        return tuple(named)
    if any(GLOB_CHARS.search(f.as_posix()) for f, _, _ in folders):
        return tuple(named)
    listed = {PurePosixPath(d.folder) for d in named}
    taken = {d.name for d in named}
    out = list(named)
    groups: list[list[tuple[PurePosixPath, str | None, frozenset[str]]]] = [apart]
    if not any(f in listed for f, _, _ in rest):
        groups.insert(0, rest)
    for group in groups:
        dialects = tuple(sorted(set().union(*(d for _, _, d in group))))
        base = "_".join(dialects) if group is apart else _config_name(root.name)
        name = base
        while name in taken:
            name = f"{name}_db"
        taken.add(name)
        out += [
            ToolDatabase(name, f.as_posix(), tool or "", dialects)
            for f, tool, _ in group
            if f not in listed
        ]
    return tuple(out)
