"""``init`` on a Laravel app with a database setup script and its config outside ``config/``.

Trial s37 BookStack (P1): the tree holds ``dev/docker/init.db/01.sql``, a
Docker entrypoint script (``CREATE DATABASE`` and ``GRANT`` only), beside 85
Laravel migrations in ``database/migrations``; its config is in
``app/Config/database.php`` (its ``Application`` subclass's ``configPath()``
returns ``<base>/app/Config``). ``init`` wrote ``paths: [dev/docker/init.db]``,
left out the migrations although it said they were "Named in `paths:`", and
read no ``config/database.php``, so the MySQL app was read as PostgreSQL. Now
the setup script is left out (it makes no table) and the migrations are
named, and the config is read where the app keeps it: the folder
``bootstrap/app.php``'s ``$app->useConfigPath(...)`` (Laravel 10+) or an
``Application`` subclass's ``configPath()`` names, else ``config/``, else
``app/Config/``. Oracle: Laravel's documents (``Application::configPath``,
``useConfigPath``) and BookStack's own tree, as the trial read it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli

MIGRATION = """<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration
{
    public function up(): void
    {
        Schema::create('books', function (Blueprint $table) {
            $table->increments('id');
            $table->string('name');
        });
    }

    public function down(): void
    {
        Schema::dropIfExists('books');
    }
};
"""
SETUP = """{comment} create test database
CREATE DATABASE IF NOT EXISTS `bookstack-test`;
GRANT ALL ON `bookstack-test`.* TO 'bookstack'@'%';
"""
DATABASE_PHP = """<?php

return [
    'default' => env('DB_CONNECTION', '{default}'),
    'connections' => [
        'mysql' => ['driver' => 'mysql', 'database' => env('DB_DATABASE', 'forge')],
        'pgsql' => ['driver' => 'pgsql'],
        'sqlite' => ['driver' => 'sqlite'],
    ],
];
"""
#: BookStack's app/App/Application.php.
APPLICATION = """<?php

namespace BookStack\\App;

class Application extends \\Illuminate\\Foundation\\Application
{
    public function configPath($path = '')
    {
        return $this->basePath
            . DIRECTORY_SEPARATOR . 'app'
            . DIRECTORY_SEPARATOR . '{folder}'
            . ($path ? DIRECTORY_SEPARATOR . $path : $path);
    }
}
"""


def _init(root: Path, files: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    base = {
        "artisan": "#!/usr/bin/env php\n<?php\n",
        "composer.json": '{"require": {"laravel/framework": "^11.0"}}\n',
        "database/migrations/2015_07_12_114933_create_books_table.php": MIGRATION,
    }
    for rel, text in {**base, **files}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    monkeypatch.chdir(root)
    done = CliRunner().invoke(cli, ["init"])
    assert done.exit_code == 0, done.output
    return done.stdout, (root / "dbnamelint.yaml").read_text()


def _settings(config: str) -> tuple[list[str], str | None]:
    lines = config.splitlines()
    start = lines.index("paths:") + 1
    paths = []
    for line in lines[start:]:
        if not line.startswith("  - "):
            break
        paths.append(line.strip()[2:])
    dialect = next(
        (line.split(":", 1)[1].strip() for line in lines if line.startswith("dialect:")), None
    )
    return paths, dialect


@pytest.mark.parametrize("comment", ["#", "--"])
def test_a_setup_script_gives_way_to_the_migrations_and_app_config_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, comment: str
) -> None:
    out, config = _init(
        tmp_path,
        {
            "dev/docker/init.db/01.sql": SETUP.replace("{comment}", comment),
            "app/Config/database.php": DATABASE_PHP.replace("{default}", "mysql"),
            "app/App/Application.php": APPLICATION.replace("{folder}", "Config"),
        },
        monkeypatch,
    )
    assert _settings(config) == (["database/migrations"], "mysql"), config
    said = " ".join(out.split())
    assert "Left out: 1 SQL file making no table of the application" in said, out
    assert "dev/docker/init.db/01.sql" in said
    assert "Dialect: mysql (read from app/Config/database.php)" in said, out


def test_the_folder_an_application_subclass_names_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a config/database.php the app does not load (its configPath() is app/Settings)
    _out, config = _init(
        tmp_path,
        {
            "app/Settings/database.php": DATABASE_PHP.replace("{default}", "sqlite"),
            "app/App/Application.php": APPLICATION.replace("{folder}", "Settings"),
            "config/database.php": DATABASE_PHP.replace("{default}", "pgsql"),
        },
        monkeypatch,
    )
    assert _settings(config) == (["database/migrations"], "sqlite"), config


def test_the_folder_bootstrap_app_names_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bootstrap = (
        "<?php\n\n$app = new Illuminate\\Foundation\\Application(dirname(__DIR__));\n"
        "$app->useConfigPath(__DIR__ . '/../settings');\n\nreturn $app;\n"
    )
    _out, config = _init(
        tmp_path,
        {
            "bootstrap/app.php": bootstrap,
            "settings/database.php": DATABASE_PHP.replace("{default}", "mysql"),
        },
        monkeypatch,
    )
    assert _settings(config) == (["database/migrations"], "mysql"), config
