"""``init`` reads Doctrine's database from a Symfony app's ``.env.dist`` (trial s41 kimai).

Symfony Flex apps before 4.2 commit ``.env.dist`` (the template) and keep
``.env`` out of git; kimai still does:
``DATABASE_URL=mysql://user:password@127.0.0.1:3306/database?...``. Only
``.env`` was read, so ``init`` wrote no ``dialect:`` and a folder of Schema
API migrations was read as PostgreSQL, the default, for a MySQL app. Now
``.env.dist`` is read where there is no ``.env``: ``Dialect: mysql (read
from .env.dist's DATABASE_URL)``, written as ``dialect: mysql``.

Oracle: the migration run by PHP 8 with doctrine/dbal 3.6 (Debian's
php-doctrine-dbal) on MariaDB as doctrine/migrations' ``DbalExecutor`` runs
it: :data:`DBAL_RAN`; applied here, ``drift --db`` finds no difference
with the files read as the config ``init`` wrote says.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from mysql_server import MysqlServer

MIGRATION = """<?php

declare(strict_types=1);

namespace DoctrineMigrations;

use Doctrine\\DBAL\\Schema\\Schema;
use Doctrine\\Migrations\\AbstractMigration;

final class Version20240101000000 extends AbstractMigration
{
    public function up(Schema $schema): void
    {
        $teams = $schema->createTable('teams');
        $teams->addColumn('id', 'integer', ['autoincrement' => true, 'notnull' => true]);
        $teams->addColumn('active', 'boolean', ['notnull' => true]);
        $teams->setPrimaryKey(['id']);
    }

    public function down(Schema $schema): void
    {
    }
}
"""
ENV_DIST = (
    "# Configure your database connection\n"
    "DATABASE_URL=mysql://user:password@127.0.0.1:3306/database"
    "?charset=utf8mb4&serverVersion=10.5.8-MariaDB\n"
)
#: What doctrine/dbal 3.6 ran for MIGRATION on MariaDB (see the module docstring).
DBAL_RAN = [
    "CREATE TABLE teams (id INT AUTO_INCREMENT NOT NULL, active TINYINT(1) NOT NULL, "
    "PRIMARY KEY(id)) DEFAULT CHARACTER SET utf8 COLLATE `utf8_unicode_ci` ENGINE = InnoDB",
]


def test_init_reads_env_dist(
    maria: MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "migrations").mkdir()
    (tmp_path / "migrations/Version20240101000000.php").write_text(MIGRATION)
    (tmp_path / "composer.json").write_text(
        '{"require": {"doctrine/doctrine-migrations-bundle": "^3"}}\n'
    )
    (tmp_path / ".env.dist").write_text(ENV_DIST)
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(cli, ["init"])
    assert done.exit_code == 0, done.output
    assert "Dialect: mysql (read from .env.dist's DATABASE_URL)" in done.output
    assert "\ndialect: mysql\n" in (tmp_path / "dbnamelint.yaml").read_text()
    with maria.fresh_database("env_dist") as db:
        maria.run(";\n".join(DBAL_RAN) + ";", database=db)
        drift = CliRunner().invoke(cli, ["drift", "--db", maria.url(db)])
    assert drift.exit_code == 0, drift.output
    assert "No drift" in drift.output
