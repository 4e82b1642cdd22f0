"""Laravel's own schema builder, run without a database (its pretend mode):
``tests/laravel/pretend.php`` on PHP with illuminate/database (Debian's
``php-cli php-illuminate-database``). Without them the tests that need it skip."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

PRETEND = Path(__file__).parent / "laravel" / "pretend.php"


def laravel_available() -> bool:
    """Whether ``php`` runs and includes illuminate/database."""
    if shutil.which("php") is None:
        return False
    found = subprocess.run(
        [
            "php",
            "-r",
            "exit(stream_resolve_include_path('Illuminate/Database/autoload.php') ? 0 : 1);",
        ],
        capture_output=True,
        check=False,
    )
    return found.returncode == 0


needs_laravel = pytest.mark.skipif(
    not laravel_available(), reason="php with illuminate/database is not installed"
)


def laravel_sql(migration: Path, driver: str = "pgsql") -> list[str]:
    """The statements Laravel runs for ``migration``'s ``up()`` on ``driver``."""
    done = subprocess.run(
        ["php", str(PRETEND), str(migration), driver],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin"},
    )
    return [line for line in done.stdout.splitlines() if line]


def php_value(expression: str) -> str:
    """What PHP makes of ``expression`` (``php -r 'echo <expression>;'``)."""
    done = subprocess.run(
        ["php", "-r", f"echo {expression};"], capture_output=True, text=True, check=True
    )
    return done.stdout


def php_holes(path: Path) -> list[tuple[int, int]]:
    """What PHP fills in in the strings of the file at ``path`` (offsets),
    by PHP's own tokenizer: ``tests/laravel/holes.php``."""
    done = subprocess.run(
        ["php", str(PRETEND.parent / "holes.php"), str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return [(a, b) for a, b in json.loads(done.stdout)]


MIGRATE = PRETEND.parent / "migrate.php"


def migrator_available(pdo: str) -> bool:
    """Whether Laravel's migrator runs here on PDO driver ``pdo`` (``pgsql``,
    ``mysql``, ``sqlite``): illuminate/database and illuminate/filesystem
    (Debian's ``php-illuminate-filesystem``) and the driver (``php-pgsql``...)."""
    if not laravel_available():
        return False
    found = subprocess.run(
        [
            "php",
            "-r",
            "exit(stream_resolve_include_path('Illuminate/Filesystem/autoload.php')"
            f" && in_array('{pdo}', PDO::getAvailableDrivers()) ? 0 : 1);",
        ],
        capture_output=True,
        check=False,
    )
    return found.returncode == 0


def laravel_migrate(folder: Path, command: str, connection: dict[str, str]) -> list[str]:
    """Laravel's migrator over ``folder`` (``tests/laravel/migrate.php``):
    ``command`` ``migrate`` or ``rollback`` (the last batch, ``--step=1``) on
    ``connection`` (``DB_CONNECTION``, ``DB_HOST``... as a Laravel ``.env``
    names them); the migrations it ran. Fails with the migrator's error."""
    done = subprocess.run(
        ["php", str(MIGRATE), command, str(folder)],
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": "/usr/bin:/bin", **connection},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return [line for line in done.stdout.splitlines() if line]
