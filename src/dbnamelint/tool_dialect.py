"""The dialect a migration tool's own configuration names for the files it runs.

sqlx reads ``<version>_<title>.sql`` files from a folder of a crate whose
``Cargo.toml`` enables one database driver, Diesel ``<version>_x/up.sql``
in a crate whose ``diesel`` enables one backend; Prisma writes the database of
its ``migrations/<name>/migration.sql`` folders in ``migrations/migration_lock.toml``
(``provider = "sqlite"``). Neither file name nor text says it: a plain
``create table store (id text primary key)`` is SQLite's
``sqlite_autoindex_store_1`` there, not PostgreSQL's ``store_pkey``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from dbnamelint.cargo_drivers import DIESEL, driver_dialect
from dbnamelint.core import readlog, tomlread
from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.drizzle_layout import has_journal, read_journal
from dbnamelint.rails_dump import is_schema_rb
from dbnamelint.sqlx_crate import sqlx_driver_dialect

#: sqlx's migration file name (sqlx-core ``resolve_blocking``: a version
#: number, ``_``, the description; ``.up.sql``/``.down.sql`` included).
_SQLX_NAME = lazy_compile(r"^\d+_.*\.sql$", re.IGNORECASE)
#: Prisma's ``provider`` values (its datasource providers) -> dialect.
PRISMA_PROVIDERS = {
    "postgresql": "postgres",
    "postgres": "postgres",
    "mysql": "mysql",
    "sqlite": "sqlite",
    "sqlserver": "tsql",
    "cockroachdb": "cockroach",
}
PRISMA_LOCK = "migration_lock.toml"
#: A Diesel migration folder's files (``<version>_x/up.sql``).
_DIESEL_FILES = frozenset({"up.sql", "down.sql"})


def prisma_lock_dialect(migrations: Path) -> str | None:
    """The dialect ``migrations/migration_lock.toml``'s ``provider`` names
    (Prisma writes it on the first ``prisma migrate dev``), or None: no lock,
    not TOML, or a provider without SQL migrations (``mongodb``)."""
    readlog.note_side(str((migrations / PRISMA_LOCK).absolute()))  # the run cache: edited
    try:
        data = tomlread.loads((migrations / PRISMA_LOCK).read_text(encoding="utf-8-sig"))
    except (OSError, ValueError):  # UnicodeDecodeError and TOMLDecodeError are ValueErrors
        return None
    provider = data.get("provider")
    return PRISMA_PROVIDERS.get(provider.lower()) if isinstance(provider, str) else None


def _drizzle_dialect(folder: Path) -> str | None:
    """The dialect of the drizzle migrations folder ``folder`` (its journal's
    ``dialect``), or None: no journal, or none it names."""
    if not has_journal(str(folder)):
        return None
    journal = read_journal(folder)
    return journal.dialect if journal is not None else None


class ToolDialects:
    """:meth:`of` with each folder's answer kept: a folder is one tool's,
    and a tree's files share few folders (one lookup of the manifests each)."""

    def __init__(self) -> None:
        self._folders: dict[tuple[Path, str], str | None] = {}

    def of(self, path: Path) -> str | None:
        """The dialect the configuration of the tool running ``path`` (absolute) names.

        A drizzle migration (a ``.sql`` file beside ``meta/_journal.json``): the
        journal's ``dialect``. A Prisma migration (``migrations/<name>/migration.sql``): its lock's
        provider. A Diesel migration (``<version>_x/up.sql``): the one backend
        its crate's ``diesel`` enables (``features = ["sqlite"]``). A file
        named as sqlx names migrations (``20240101_x.sql``) outside
        ``supabase/migrations``: the one driver its crate's sqlx
        enables (:func:`~dbnamelint.sqlx_crate.sqlx_driver_dialect`). Else
        None, as when the configuration names no single database.
        """
        name = path.name
        if name.endswith("schema.rb") and is_schema_rb(path.as_posix()):
            # Rails' db/schema.rb: the adapter config/database.yml names
            from dbnamelint.frontends.rails.app import adapter_dialect

            return self._kept(path, "rails", adapter_dialect)
        if name.lower().endswith(".sql"):
            # drizzle-kit writes the database into its journal (karakeep's
            # backquoted SQLite is no MySQL: trial s27)
            dialect = self._kept(path.parent, "drizzle", _drizzle_dialect)
            if dialect is not None:
                return dialect
        if name == "migration.sql":
            # a `migrations` folder, or any folder with Prisma's lock (formbricks' migration/)
            dialect = self._kept(path.parent.parent, "prisma", prisma_lock_dialect)
            if dialect is not None or path.parent.parent.name.lower() == "migrations":
                return dialect
        if name in _DIESEL_FILES and path.parent.name[:1].isdigit():
            return self._kept(
                path.parent.parent, "diesel", lambda p: driver_dialect(p / name, DIESEL)
            )
        if not _SQLX_NAME.match(name) or "supabase/migrations" in path.as_posix():
            return None
        return self._kept(path.parent, "sqlx", lambda p: sqlx_driver_dialect(p / name))

    def _kept(self, folder: Path, tool: str, tell: Callable[[Path], str | None]) -> str | None:
        key = (folder, tool)
        if key not in self._folders:
            self._folders[key] = tell(folder)
        return self._folders[key]
