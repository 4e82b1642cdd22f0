"""Django's own ``manage.py migrate`` as the oracle of the Django tests: a
project written under a test's folder (apps with their migrations, the
settings) and migrated by the Python :func:`oracle_tools.django_python`
finds, on SQLite (``app.db`` in the folder), PostgreSQL or MariaDB.

The database is chosen by the environment the settings read: ``DJ_PG`` a
libpq conninfo with ``dbname=`` (``PgServer.database``), ``DJ_MY``
``host:port:database``, neither SQLite.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

#: The migrations folder of the app ``api``.
FOLDER = "api/migrations"
#: ``settings.py``: ``.format(apps=<INSTALLED_APPS items>, extra=<more lines>)``.
SETTINGS = """import os
SECRET_KEY = "x"
INSTALLED_APPS = [{apps}]
USE_TZ = True
{extra}
if os.environ.get("DJ_PG"):
    info = dict(p.split("=", 1) for p in os.environ["DJ_PG"].split())
    DATABASES = {{"default": {{"ENGINE": "django.db.backends.postgresql",
        "NAME": info["dbname"], "HOST": info.get("host", "127.0.0.1"),
        "PORT": info.get("port", "5432"), "USER": info.get("user", "postgres"),
        "PASSWORD": info.get("password", "")}}}}
elif os.environ.get("DJ_MY"):
    import pymysql  # Django's MySQL backend on PyMySQL
    pymysql.version_info = (2, 2, 4, "final", 0)
    pymysql.install_as_MySQLdb()
    host, port, name = os.environ["DJ_MY"].split(":")
    DATABASES = {{"default": {{"ENGINE": "django.db.backends.mysql", "NAME": name,
        "HOST": host, "PORT": port, "USER": "root"}}}}
else:
    DATABASES = {{"default": {{"ENGINE": "django.db.backends.sqlite3", "NAME": "app.db"}}}}
"""


def write_app(root: Path, migrations: dict[str, str], app: str = "api") -> None:
    """The package ``app`` under ``root`` with ``migrations`` (file name ->
    text) in its ``migrations`` package."""
    folder = root / app / "migrations"
    folder.mkdir(parents=True, exist_ok=True)
    (root / app / "__init__.py").write_text("")
    (folder / "__init__.py").write_text("")
    for name, text in migrations.items():
        (folder / name).write_text(text)


def run_migrate(
    root: Path, python: str, settings: str, pg: str = "", my: str = "", target: tuple[str, ...] = ()
) -> None:
    """``manage.py migrate`` (to ``target``: app and migration, else all) of
    the apps written under ``root``, with ``settings`` as its settings."""
    (root / "settings.py").write_text(settings)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "settings", "PYTHONPATH": str(root)}
    env["DJ_PG"] = pg
    env["DJ_MY"] = my
    done = subprocess.run(
        [python, "-m", "django", "migrate", *target],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def migrate(
    root: Path,
    python: str,
    migrations: dict[str, str],
    settings: str,
    pg: str = "",
    my: str = "",
    target: tuple[str, ...] = (),
) -> None:
    """The app ``api`` with ``migrations`` written under ``root``, then
    :func:`run_migrate`."""
    write_app(root, migrations)
    run_migrate(root, python, settings, pg, my, target)


def kept(names: set[str]) -> set[str]:
    """``names`` but primary keys' and SQLite's internal ``sqlite_autoindex_``."""
    return {n for n in names if not n.endswith("_pkey") and not n.startswith("sqlite_autoindex")}
