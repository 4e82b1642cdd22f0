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

import os
import re
from collections.abc import Callable
from pathlib import Path

from dbnamelint.cargo_drivers import DIESEL, driver_dialect
from dbnamelint.core import readlog, tomlread
from dbnamelint.core.lazyre import lazy_compile
from dbnamelint.drizzle_layout import has_journal, read_journal
from dbnamelint.flyway_config import flyway_config_dialect
from dbnamelint.flyway_names import runs as flyway_runs
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


#: What :meth:`ToolDialects.told_by` calls each tool's configuration.
_TOOL_LABELS = {
    "rails": "config/database.yml's adapter",
    "drizzle": "drizzle's meta/_journal.json",
    "prisma": "Prisma's migration_lock.toml",
    "diesel": "the backend the crate's diesel dependency enables",
    "flyway": "Flyway's configuration",
    "sqlx": "the driver the crate's sqlx dependency enables",
}


class ToolDialects:
    """:meth:`of` with each folder's answer kept: a folder is one tool's,
    and a tree's files share few folders (one lookup of the manifests each)."""

    def __init__(self) -> None:
        self._folders: dict[tuple[Path, str], str | None] = {}
        self._texts: dict[tuple[str, str], str | None] = {}  # folders as text
        self._code: dict[tuple[Path, str], tuple[str, ...]] = {}

    def of(self, path: Path, drizzle: bool | None = None) -> str | None:
        """The dialect the configuration of the tool running ``path`` (absolute)
        names (:meth:`told`'s first)."""
        return self.told(path, drizzle)[0]

    def told_by(self, path: Path) -> str | None:
        """Which configuration names the dialect of ``path`` (:meth:`of`), as
        ``init`` says it (``Prisma's migration_lock.toml``), or None."""
        dialect, tool = self.told(path)
        return _TOOL_LABELS.get(tool or "") if dialect is not None else None

    def told(self, path: Path, drizzle: bool | None = None) -> tuple[str | None, str | None]:
        """(dialect, tool) the configuration of the tool running ``path`` (absolute) names.

        A drizzle migration (a ``.sql`` file beside ``meta/_journal.json``): the
        journal's ``dialect``. A Flyway migration (``V1__x.sql``): the database
        its configuration's JDBC URL names
        (:func:`~dbnamelint.flyway_config.flyway_config_dialect`). A Prisma
        migration (``migrations/<name>/migration.sql``): its lock's
        provider. A Diesel migration (``<version>_x/up.sql``): the one backend
        its crate's ``diesel`` enables (``features = ["sqlite"]``). A file
        named as sqlx names migrations (``20240101_x.sql``) outside
        ``supabase/migrations``: the one driver its crate's sqlx
        enables (:func:`~dbnamelint.sqlx_crate.sqlx_driver_dialect`). Else
        None, as when the configuration names no single database.
        ``drizzle``: whether the folder holds drizzle's journal, when the
        caller knows (False: not looked for again).
        """
        name = path.name
        if name.endswith("schema.rb") and is_schema_rb(path.as_posix()):
            # Rails' db/schema.rb: the adapter config/database.yml names
            from dbnamelint.frontends.rails.app import adapter_dialect

            return self._kept(path, "rails", adapter_dialect), "rails"
        if drizzle is not False and name.lower().endswith(".sql"):
            # drizzle-kit writes the database into its journal (karakeep's
            # backquoted SQLite is no MySQL: trial s27)
            dialect = self._kept(path.parent, "drizzle", _drizzle_dialect)
            if dialect is not None:
                return dialect, "drizzle"
        if name == "migration.sql":
            # a `migrations` folder, or any folder with Prisma's lock (formbricks' migration/)
            dialect = self._kept(path.parent.parent, "prisma", prisma_lock_dialect)
            if dialect is not None or path.parent.parent.name.lower() == "migrations":
                return dialect, "prisma"
        if name in _DIESEL_FILES:
            # By the folders' text: every file of a Diesel tree comes here,
            # and two Paths made and hashed per file were most of this.
            folder = os.path.dirname(os.fspath(path))  # noqa: PTH120
            if os.path.basename(folder)[:1].isdigit():  # noqa: PTH119
                crate = os.path.dirname(folder)  # noqa: PTH120
                key = (crate, "diesel")
                if key not in self._texts:
                    self._texts[key] = driver_dialect(Path(crate) / name, DIESEL)
                return self._texts[key], "diesel"
        if flyway_runs(name):
            # Flyway runs it on the database of its configuration's JDBC URL
            # (flyway.conf, flyway.toml, Spring Boot's application.properties)
            return self._kept(path.parent, "flyway", flyway_config_dialect), "flyway"
        if not _SQLX_NAME.match(name) or "supabase/migrations" in path.as_posix():
            return None, None
        return self._kept(path.parent, "sqlx", lambda p: sqlx_driver_dialect(p / name)), "sqlx"

    def code(self, path: Path) -> tuple[str, ...]:
        """:func:`code_migration_dialects` of ``path``, kept per folder and
        suffix (the answer is the folder's: its settings, its ``alembic.ini``)."""
        key = (path.parent, path.suffix.lower())
        if key not in self._code:
            self._code[key] = code_migration_dialects(path)
        return self._code[key]

    def _kept(self, folder: Path, tool: str, tell: Callable[[Path], str | None]) -> str | None:
        key = (folder, tool)
        if key not in self._folders:
            self._folders[key] = tell(folder)
        return self._folders[key]


#: ``sqlalchemy.url = <scheme>[+driver]://`` in alembic.ini (Alembic's
#: ``env.py`` template passes ``config.get_main_option("sqlalchemy.url")`` to
#: ``engine_from_config``), or a URL literal in ``env.py``.
_SQLALCHEMY_URL = lazy_compile(
    r"""(?:^\s*sqlalchemy\.url\s*[=:]\s*|["'])"""
    r"""(?P<scheme>postgresql|postgres|mysql|mariadb|sqlite|oracle|mssql|cockroachdb)"""
    r"""(?:\+\w+)?://""",
    re.MULTILINE,
)
#: SQLAlchemy's dialect names (``create_engine`` URL schemes) -> dialect.
_SQLALCHEMY_SCHEMES = {
    "postgresql": "postgres",
    "postgres": "postgres",
    "mysql": "mysql",
    "mariadb": "mariadb",
    "sqlite": "sqlite",
    "oracle": "oracle",
    "mssql": "tsql",
    "cockroachdb": "cockroach",
}
#: Laravel's ``config/database.php``: ``'default' => env('DB_CONNECTION', 'sqlite')``
#: (or a plain ``'default' => 'mysql'``), and each connection's ``'driver'``;
#: group ``wrapper``: a helper given ``env('DB_CONNECTION')`` and a literal last,
#: its fallback (firefly-iii's ``env_default_when_empty(env('DB_CONNECTION'), 'mysql')``).
_LARAVEL_DEFAULT = lazy_compile(
    r"""['"]default['"]\s*=>\s*(?:env\(\s*['"]DB_CONNECTION['"]\s*,\s*"""
    r"""|(?P<wrapper>[A-Za-z_\\][\w\\]*)\(\s*env\(\s*['"]DB_CONNECTION['"]\s*\)\s*,\s*)?"""
    r"""['"](?P<name>[\w-]+)['"](?(wrapper)\s*\))"""
)
#: The ``'default' =>`` entry of ``config/database.php`` whatever its value: up
#: to the line's end (a value :data:`_LARAVEL_DEFAULT` does not read is said).
_LARAVEL_DEFAULT_ANY = lazy_compile(
    r"""^\s*['"]default['"]\s*=>\s*(?P<value>[^\n]*?),?\s*$""", re.M
)
#: Laravel's drivers (``Illuminate\Database\Connectors\ConnectionFactory``) -> dialect.
_LARAVEL_DRIVERS = {
    "sqlite": "sqlite",
    "mysql": "mysql",
    "mariadb": "mariadb",
    "pgsql": "postgres",
    "sqlsrv": "tsql",
}
#: Symfony's ``.env``: ``DATABASE_URL="postgresql://app:...@127.0.0.1:5432/app"``
#: (the one not commented out), which ``config/packages/doctrine.yaml``'s
#: ``dbal: url: '%env(resolve:DATABASE_URL)%'`` hands to Doctrine DBAL; its
#: schemes (``DriverManager``'s ``$driverSchemeAliases``) -> dialect.
_DATABASE_URL = lazy_compile(
    r"""^\s*DATABASE_URL\s*=\s*["']?(?P<scheme>[\w-]+)(?:\+\w+)?://""", re.MULTILINE
)
_DBAL_SCHEMES = {
    "postgresql": "postgres",
    "postgres": "postgres",
    "pgsql": "postgres",
    "pdo-pgsql": "postgres",
    "mysql": "mysql",
    "mysql2": "mysql",
    "mysqli": "mysql",
    "pdo-mysql": "mysql",
    "mariadb": "mariadb",
    "sqlite": "sqlite",
    "sqlite3": "sqlite",
    "pdo-sqlite": "sqlite",
    "sqlsrv": "tsql",
    "mssql": "tsql",
    "pdo-sqlsrv": "tsql",
}
_PARENTS = 6
#: ``$app->useConfigPath(...)`` in ``bootstrap/app.php`` (Laravel 10+), or an
#: Application subclass's ``configPath()`` returning a folder of the base
#: path: the folder given as ``base_path('x')``, ``__DIR__ . '/../x'``,
#: ``$this->basePath . '/x'`` or ``DIRECTORY_SEPARATOR``-joined parts.
_CONFIG_PATH = lazy_compile(
    r"""(?:useConfigPath\s*\(|function\s+configPath\s*\([^)]*\)[^{]*\{)(?P<expr>[^;]{0,300});"""
)
_PATH_PART = lazy_compile(r"""['"]([^'"$]*)['"]|(DIRECTORY_SEPARATOR)""")


def laravel_database_config(folder: Path) -> Path | None:
    """The ``database.php`` of the Laravel app at ``folder``: in the config
    folder ``bootstrap/app.php`` or an Application subclass under ``app/``
    names (BookStack's ``app/Config``: trial s37, where init read none and
    fell back to PostgreSQL for a MySQL app), else ``config/``, else
    ``app/Config/``; None when none is there."""
    places: list[Path] = []
    sources = [folder / "bootstrap" / "app.php"]
    app = folder / "app"
    if (folder / "artisan").is_file() and app.is_dir():
        # an Application subclass (BookStack's app/App/Application.php)
        sources += sorted(app.glob("*/Application.php"))[:5]
        sources.append(app / "Application.php")
    for source in sources:
        readlog.note_side(str(source))
        try:
            text = source.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for found in _CONFIG_PATH.finditer(text):
            parts = [
                "/" if m.group(2) else m.group(1) for m in _PATH_PART.finditer(found.group("expr"))
            ]
            rel = "/".join(p.strip("/") for p in "".join(parts).split("/") if p.strip("/"))
            rel = rel.removeprefix("../") if "__DIR__" in found.group("expr") else rel
            if rel and ".." not in rel.split("/") and not rel.startswith("/"):
                places.append(folder / rel)
    places += [folder / "config", folder / "app" / "Config"]
    for place in places:
        config = place / "database.php"
        readlog.note_side(str(config))
        if config.is_file():
            return config
    return None


def code_migration_dialects(path: Path) -> tuple[str, ...]:
    """:func:`code_migration_config`'s dialects."""
    return code_migration_config(path)[0]


def code_migration_config(path: Path) -> tuple[tuple[str, ...], Path | None]:
    """The dialects the tool running code migration ``path`` (absolute: a
    Django, Alembic or Laravel migration) is configured for, as the tool
    reads its configuration, first named first; empty when it names none.

    - Django: the ``ENGINE`` (or database URL) of each database its settings
      name (:func:`dbnamelint.django_vendor.settings_families`: the module
      ``manage.py`` sets in ``DJANGO_SETTINGS_MODULE``); ``migrate`` runs each
      migration on whichever of them the project runs on.
    - Alembic: ``sqlalchemy.url`` of the ``alembic.ini`` above the revision
      (the URL its ``env.py`` template hands to ``engine_from_config``), else a
      literal URL in the script folder's ``env.py``.
    - Doctrine (Symfony): the scheme of ``DATABASE_URL`` in the ``.env``
      beside ``composer.json`` (``postgresql://``, ``mysql://``, ``sqlite:///``),
      else in the ``.env.dist`` an older Symfony app commits instead.
    - Laravel: the driver of the default connection of ``config/database.php``
      (where the app keeps its config: :func:`laravel_database_config`)
      (``'default' => env('DB_CONNECTION', 'sqlite')``: the fallback
      ``.env`` overrides; ``config/database.php`` of Laravel 11 defaults to
      SQLite).

    With the file they were read from (``manage.py`` for Django's), or None.
    """
    from dbnamelint.django_vendor import settings_families

    name = path.name.lower()
    folders = list(path.parents)[:_PARENTS]
    if name.endswith(".py"):
        if path.parent.name == "migrations":
            families = settings_families(path, Path(path.anchor))
            known = tuple(f for f in families if f in {"postgres", "mysql", "sqlite", "oracle"})
            if known:
                manage = next(
                    (f / "manage.py" for f in path.parents if (f / "manage.py").is_file()), None
                )
                return known, manage
        for folder in folders:
            ini = folder / "alembic.ini"
            readlog.note_side(str(ini))
            if ini.is_file():
                found = _first_url(ini)
                if found is not None:
                    return (found,), ini
                env = path.parent.parent / "env.py"
                readlog.note_side(str(env))
                found = _first_url(env)
                return ((found,), env) if found is not None else ((), None)
        return (), None
    if name.endswith(".cs"):
        return efcore_provider(path)
    if name.endswith(".php"):
        for folder in folders:
            config = laravel_database_config(folder)
            if config is not None:
                laravel = _laravel_default(config)
                return laravel, config if laravel else None
            if not (folder / "composer.json").is_file():
                readlog.note_side(str(folder / ".env"))
                continue
            # ``.env``, else the ``.env.dist`` template Symfony Flex apps before
            # 4.2 commit instead (trial s41 kimai: no ``.env`` in git)
            for env in (folder / ".env", folder / ".env.dist"):
                readlog.note_side(str(env))
                if env.is_file():
                    symfony = _dbal_url(env)
                    return symfony, env if symfony else None
    return (), None


#: EF Core's database providers (their NuGet packages) -> dialect.
EF_PROVIDERS = {
    "microsoft.entityframeworkcore.sqlite": "sqlite",
    "microsoft.entityframeworkcore.sqlite.core": "sqlite",
    "npgsql.entityframeworkcore.postgresql": "postgres",
    "pomelo.entityframeworkcore.mysql": "mysql",
    "mysql.entityframeworkcore": "mysql",
    "microsoft.entityframeworkcore.sqlserver": "tsql",
}
_PACKAGE_REFERENCE = lazy_compile(
    r"<\s*PackageReference\b[^>]*?\bInclude\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE
)


def efcore_provider(path: Path) -> tuple[tuple[str, ...], Path | None]:
    """The dialect of the EF Core provider of migration ``path``: the
    ``PackageReference`` of the nearest ``.csproj`` above it naming one
    (``Microsoft.EntityFrameworkCore.Sqlite`` sqlite,
    ``Npgsql.EntityFrameworkCore.PostgreSQL`` postgres,
    ``Pomelo.EntityFrameworkCore.MySql``/``MySql.EntityFrameworkCore`` mysql,
    ``Microsoft.EntityFrameworkCore.SqlServer`` tsql), with that file; else
    nothing (a project naming several: each, in the file's order)."""
    for folder in list(path.parents)[:_PARENTS]:
        try:
            projects = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".csproj")
        except OSError:
            continue
        for project in projects:
            readlog.note_side(str(project))
            try:
                text = project.read_text(encoding="utf-8-sig", errors="replace")
            except OSError:
                continue
            found: list[str] = []
            for package in _PACKAGE_REFERENCE.findall(text):
                dialect = EF_PROVIDERS.get(package.lower())
                if dialect is not None and dialect not in found:
                    found.append(dialect)
            if found:
                return tuple(found), project
        if projects:
            return (), None  # the nearest project names no provider
    return (), None


def _dbal_url(env: Path) -> tuple[str, ...]:
    """The dialect of Symfony's ``DATABASE_URL`` in ``.env`` (Doctrine's database)."""
    try:
        text = env.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ()
    found = _DATABASE_URL.search(text)
    dialect = _DBAL_SCHEMES.get(found.group("scheme").lower()) if found is not None else None
    return (dialect,) if dialect is not None else ()


def _first_url(file: Path) -> str | None:
    try:
        text = file.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    found = _SQLALCHEMY_URL.search(text)
    return _SQLALCHEMY_SCHEMES[found.group("scheme")] if found is not None else None


def laravel_default_note(config: Path) -> str | None:
    """What ``init`` says of ``config/database.php``'s ``'default'`` when it
    is not read plainly: a wrapper's last literal taken as its fallback, or
    a value not read at all (then the default dialect stands: trial s35
    firefly-iii, where ``env_default_when_empty(env('DB_CONNECTION'),
    'mysql')`` silently made it PostgreSQL)."""
    try:
        text = config.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    default = _LARAVEL_DEFAULT.search(text)
    if default is not None and default.group("wrapper"):
        return (
            f"its 'default' connection is the last argument of {default.group('wrapper')}"
            f"(env('DB_CONNECTION'), '{default.group('name')}'), taken as the fallback when "
            "DB_CONNECTION is not set; set `dialect:` if the database is another"
        )
    if default is not None:
        return None
    written = _LARAVEL_DEFAULT_ANY.search(text)
    if written is None:
        return None
    return f"its 'default' connection ({written.group('value').strip()[:80]}) could not be read"


def _laravel_default(config: Path) -> tuple[str, ...]:
    try:
        text = config.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ()
    default = _LARAVEL_DEFAULT.search(text)
    if default is None:
        return ()
    name = re.escape(default.group("name"))
    connection = re.search(
        rf"""['"]{name}['"]\s*=>\s*(?:\[|array\()\s*['"]driver['"]\s*=>\s*['"](\w+)['"]""",
        text,
    )
    driver = connection.group(1) if connection is not None else default.group("name")
    dialect = _LARAVEL_DRIVERS.get(driver)
    return (dialect,) if dialect is not None else ()
