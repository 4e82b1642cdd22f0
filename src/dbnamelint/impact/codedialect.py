"""Which database runs a code file, as a tree kept for several databases tells.

A project with one module per database (conductor's ``sqlite-persistence/``
holding both ``src/main/java/.../SqliteQueueDAO.java`` and
``src/main/resources/db/migration_sqlite/``) keeps each database's code
beside its migrations. A code file's databases are the families of the
schema files below its nearest folder that holds any (the repository's
root aside): ``sqlite-persistence/src/main`` holds SQLite's migrations, so
its DAO is SQLite's code; ``scheduler/core`` lies in ``scheduler/``, which
holds all three copies, so it runs on each; ``core/`` holds none, and
nothing tells (None).

:func:`code_family` tells one file's database from the file itself: its
name (``mysql.go``, ``pg.go``, :func:`~dbnamelint.impact.otherdb.database_of`),
else the one database driver it imports (``github.com/lib/pq``,
``modernc.org/sqlite``..., a Dart file's ``package:sqflite/``, a Rust file's
``use rusqlite``). ``impact --dialect X --diff`` in a tree kept for
several databases patches only X's code (:func:`split_for_dialect`), so
the per-database patches touch different files and apply one after another
(trial s20 shiori #6).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.dialects import profile_for
from dbnamelint.impact.otherdb import database_of
from dbnamelint.impact.result import ObjectImpact
from dbnamelint.impact.scan import Reference

#: A Go import of a database driver, and the family it serves (each driver's
#: documented import path).
_GO_DRIVERS = lazy_compile(
    r'"(?:(?P<mysql>github\.com/go-sql-driver/mysql)'
    r"|(?P<postgres>github\.com/lib/pq|github\.com/jackc/pgx(?:/v\d+)?(?:/stdlib)?"
    r"|github\.com/jackc/pgconn)"
    r"|(?P<sqlite>modernc\.org/sqlite|github\.com/mattn/go-sqlite3|github\.com/glebarez/"
    r'(?:go-)?sqlite|github\.com/ncruces/go-sqlite3(?:/[\w/]+)?))"'
)


#: A Dart import of a SQLite package (pub.dev: sqflite and its FFI and
#: SQLCipher builds, sqlite3, sqlite_async): ente's mobile databases.
_DART_SQLITE = lazy_compile(
    r"""^\s*import\s+['"]package:(?:sqflite(?:_common(?:_ffi)?|_sqlcipher)?|sqlite3"""
    r"""|sqlite_async)/""",
    re.MULTILINE,
)
#: A Rust use of rusqlite (SQLite's crate): ente's CLI store.
_RUST_SQLITE = lazy_compile(r"^\s*(?:pub\s+)?use\s+(?:::)?rusqlite\b", re.MULTILINE)


def driver_family(text: str, path: str = ".go") -> str | None:
    """The database family whose driver ``text`` (the code file at ``path``)
    imports, when it imports drivers of exactly one family (Go's drivers; a
    Dart file's SQLite packages; a Rust file's rusqlite); else None."""
    lowered = path.lower()
    if lowered.endswith(".dart"):
        return "sqlite" if _DART_SQLITE.search(text) else None
    if lowered.endswith(".rs"):
        return "sqlite" if _RUST_SQLITE.search(text) else None
    if not lowered.endswith(".go"):
        return None
    found = {m.lastgroup for m in _GO_DRIVERS.finditer(text)}
    return found.pop() if len(found) == 1 else None


#: The packages naming SQLite, and those naming another database, in a Dart
#: package's ``pubspec.yaml`` and a Rust crate's ``Cargo.toml``.
_MANIFEST_PACKAGES = {
    "pubspec.yaml": (
        frozenset(
            {
                "sqflite",
                "sqflite_common",
                "sqflite_common_ffi",
                "sqflite_sqlcipher",
                "sqlite3",
                "sqlite3_flutter_libs",
                "sqlite_async",
            }
        ),
        frozenset({"postgres", "postgresql2", "mysql1", "mysql_client"}),
    ),
    "Cargo.toml": (
        frozenset({"rusqlite", "libsqlite3-sys"}),
        frozenset(
            {
                "postgres",
                "tokio-postgres",
                "deadpool-postgres",
                "mysql",
                "mysql_async",
                "sqlx",
                "diesel",
                "sea-orm",
                "tiberius",
            }
        ),
    ),
}
#: A key of a manifest line (``  sqflite: 2.4.2``, ``rusqlite = { ... }``) or a
#: TOML table of one dependency (``[dependencies.rusqlite]``).
_MANIFEST_KEY = lazy_compile(
    r"""^[ \t]*["']?(?P<key>[A-Za-z0-9_][\w-]*)["']?[ \t]*[:=]"""
    r"|^[ \t]*\[(?:[^\]\n]*\.)?(?:dev-|build-)?dependencies\.(?P<table>[\w-]+)\]",
    re.MULTILINE,
)
#: The manifest of each code language whose package's dependencies tell its database.
MANIFESTS = {".dart": "pubspec.yaml", ".rs": "Cargo.toml"}


def manifest_family(name: str, text: str) -> str | None:
    """``"sqlite"`` when the package manifest ``text`` (file name ``name``:
    ``pubspec.yaml``, ``Cargo.toml``) depends on a SQLite package and on no
    other database's (ente's photos app: ``sqflite``, ``sqlite_async``;
    its ``ensu`` crate: ``rusqlite``); else None."""
    packages = _MANIFEST_PACKAGES.get(name)
    if packages is None:
        return None
    keys = {m.group("key") or m.group("table") for m in _MANIFEST_KEY.finditer(text)}
    sqlite, others = packages
    return "sqlite" if keys & sqlite and not keys & others else None


def package_family(path: str, read: Callable[[str], str | None]) -> str | None:
    """What the package manifest nearest above code file ``path`` (relative,
    ``/``-separated) tells (:func:`manifest_family`): a Dart file's
    ``pubspec.yaml``, a Rust file's ``Cargo.toml``; ``read`` gives a file's
    text by its relative path, or None when there is none."""
    name = MANIFESTS.get("." + path.rpartition(".")[2].lower())
    if name is None:
        return None
    parts = path.split("/")[:-1]
    for depth in range(len(parts), -1, -1):
        text = read("/".join([*parts[:depth], name]))
        if text is not None:
            return manifest_family(name, text)
    return None


def sqlite_code(path: str, text: str, read: Callable[[str], str | None]) -> bool:
    """Whether Dart or Rust code file ``path`` runs SQLite: the driver its
    ``text`` imports says so, else its package's manifest (ente's mobile
    databases, its CLI's store)."""
    if not path.lower().endswith((".dart", ".rs")):
        return False
    return (driver_family(text, path) or package_family(path, read)) == "sqlite"


def code_family(path: str, text: str | None) -> str | None:
    """The database family code file ``path`` (relative, ``/``-separated) is
    written for: named by its file or folder, else by the one driver its text
    imports; None when neither tells (code several databases may run)."""
    named = database_of(path)
    if named is not None:
        return named
    return driver_family(text, path) if text is not None else None


def split_for_dialect(
    references: Iterable[Reference], family: str, read: Callable[[str], str | None]
) -> tuple[list[Reference], list[Reference]]:
    """(``references`` in ``family``'s own code, the others): the code of
    another database and the code no database claims, which every database
    of the tree may run. ``read``: a file's text by its path, or None."""
    mine: list[Reference] = []
    others: list[Reference] = []
    known: dict[str, str | None] = {}
    for ref in references:
        if ref.path not in known:
            known[ref.path] = code_family(ref.path, read(ref.path))
        (mine if known[ref.path] == family else others).append(ref)
    return mine, others


def code_families(
    schema_files: Iterable[tuple[str, str]],
) -> Callable[[str], frozenset[str] | None]:
    """From ``(path, dialect)`` of every schema file (paths relative, ``/``
    separated), the function giving a code file's path the families
    (:class:`~dbnamelint.dialects.Family` values) of the schema files below
    its nearest folder holding any, or None when only the root holds some."""
    below: dict[str, set[str]] = {}
    for path, dialect in schema_files:
        family = profile_for(dialect).family.value
        parts = path.strip("/").split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            below.setdefault("/".join(parts[:depth]), set()).add(family)
    frozen = {folder: frozenset(families) for folder, families in below.items()}

    def families(path: str) -> frozenset[str] | None:
        parts = path.strip("/").split("/")[:-1]
        for depth in range(len(parts), 0, -1):
            found = frozen.get("/".join(parts[:depth]))
            if found is not None:
                return found
        return None

    return families


def assumed_notes(
    objects: Sequence[ObjectImpact], families: Callable[[str], frozenset[str] | None]
) -> list[str]:
    """One note per database assumed: the files whose SQL names an object kept
    for several databases and whose folders tell none (``families`` None),
    judged as the code of the object's reported copy (the configured dialect's,
    else the first)."""
    assumed: dict[tuple[str, tuple[str, ...]], dict[str, None]] = {}
    for obj in objects:
        if len(obj.dialects) < 2:
            continue
        family = profile_for(obj.target.dialect).family.value
        for ref in obj.references:
            if ref.statement is not None and families(ref.path) is None:
                assumed.setdefault((family, obj.dialects), {})[ref.path] = None
    return [
        f"{len(paths)} file{'s' if len(paths) != 1 else ''} with SQL naming tables kept for "
        f"{', '.join(kept)} lie beside no database's migrations (e.g. {next(iter(paths))}): "
        f"judged as {family}'s code for what a compatibility view refuses "
        "(`dbnamelint impact --dialect X` judges them as X's)"
        for (family, kept), paths in assumed.items()
    ]
