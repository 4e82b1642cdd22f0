"""Code written for another database than the configured schema's.

A project with one backend per database keeps a copy of its schema and of
its data-access code per database: ``migrations/{mysql,postgresql}`` beside
``repository/{mysql,postgresql}/*.go``. The configured ``paths`` and
``dialect`` (``migrations/mysql``, ``mariadb``) are one of them, and a rename
of that copy changes nothing in the other database: its code must keep the
old names until its own migration renames them. A referencing file is
another database's code when its own name (a ``_``/``-``/``.`` separated part:
``sqlite.go``, ``store_postgres.go``, ``pg.go``) or else a folder on its path is
named for a database of another family than the configured dialect (a whole folder name,
or a separated part of one, ``atuin-server-sqlite``:
``postgresql``, ``postgres``, ``pgsql``, ``pgx``, ``yugabytedb``, ``mysql``, ``mariadb``,
``sqlite``/``sqlite3``/``rqlite``/``sqlcipher``, ``mssql``/``sqlserver``, ``cockroachdb``, or one of
Spring Boot's vendor folders: ``h2``, ``oracle``, ``db2``..., or golang-migrate's
``spanner``, ``cassandra``, ``ql``), and the
project is laid out so: the configured dialect is set and a folder of the
configured paths, of a schema file below them (``migrations/mysql/001.sql``
when ``paths`` is ``migrations``, beside ``migrations/postgres``) or of
another referencing file is named for its family. The schema's own files
say so whatever code happens to name an old name (trial s13 openfga #1:
one test string in ``storage/postgres/`` used to decide whether the MySQL
code counted).
MariaDB and MySQL are one family, as are PostgreSQL and CockroachDB (one
driver, one SQL).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from dbnamelint.dialects import OWN_DIALECTS, dialect_from_folder_names, normalize_dialect
from dbnamelint.dialects.names import OTHER_DATABASE_FOLDERS, UNREADABLE_DATABASE_FOLDERS


def database_family(name: str) -> str:
    """The family of database ``name`` (a dialect or folder word): ``mariadb``
    -> ``mysql``, ``cockroachdb`` -> ``postgres``, ``sqlite3`` -> ``sqlite``."""
    try:
        canonical = normalize_dialect(name)
    except ValueError:
        canonical = name.lower()
    return OWN_DIALECTS.get(canonical, canonical)


_family = database_family


#: Parts of a file's name that name PostgreSQL besides the folder words (``pg.go``).
_PG_PARTS = frozenset({"pg"})


def _named_file(name: str) -> str | None:
    """The database a file's own name is written for: one of its ``_``/``-``/``.``
    separated parts is a database's name (``sqlite.go``, ``store_postgres.go``,
    ``pg.go``); the extension does not count."""
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return _named_part(stem, _PG_PARTS)


def _named_part(name: str, extra_pg: frozenset[str] = frozenset()) -> str | None:
    """The family a ``_``/``-``/``.`` separated part of ``name`` names, if one does."""
    for part in re.split(r"[._-]", name.lower()):
        if part in extra_pg:
            return _family("postgres")
        named = dialect_from_folder_names([part]) if part else None
        if named is not None:
            return _family(named)
    return None


def database_of(path: str) -> str | None:
    """The family of the database ``path`` is written for: its file name's
    (:func:`_named_file`), else the innermost database-named folder's: a
    whole folder name, or a separated part of one (one crate or package per
    database: ``atuin-server-sqlite``, ``store_postgres``)."""
    *folders, name = path.split("/")
    if (from_name := _named_file(name)) is not None:
        return from_name
    for folder in reversed(folders):
        named = dialect_from_folder_names([folder])
        if named is not None:
            return _family(named)
        if (
            folder.lower() in OTHER_DATABASE_FOLDERS
            or folder.lower() in UNREADABLE_DATABASE_FOLDERS
        ):
            return folder.lower()
        if (from_part := _named_part(folder)) is not None:
            return from_part
    return None


def other_database_files(
    paths: Iterable[str],
    dialect: str | None,
    roots: Iterable[str],
    schema_files: Iterable[str] = (),
) -> set[str]:
    """The ``paths`` (relative, ``/``-separated) that are another database's code.

    ``dialect``: the configured one (None when the config sets none: then
    nothing is); ``roots``: the configured schema paths; ``schema_files``:
    the files read below them. See the module docstring.
    """
    if dialect is None:
        return set()
    own = _family(dialect)
    paths = set(paths)
    named = {p: database_of(p) for p in paths}
    laid_out = (
        any(database_of(root.rstrip("/") + "/x") == own for root in roots)
        or any(database_of(f) == own for f in schema_files)
        or any(family == own for family in named.values())
    )
    if not laid_out:
        return set()
    return {p for p, family in named.items() if family is not None and family != own}
