"""A Doctrine migration's branches for other database platforms (trial s39 wallabag).

wallabag's migrations choose their SQL by ``$platform instanceof
SqlitePlatform`` / ``MySQLPlatform`` / ``PostgreSQLPlatform`` (``switch
(true)``, ``if``, ``skipIf``). Read whole, every branch entered the model of
the one database read: under SQLite, a MySQL branch's ``ENGINE = InnoDB``
was a ``DBN004`` input error and a PostgreSQL-only ``RENAME`` renamed the
SQLite model's table.

Oracle: the migrations run for real by PHP 8 with doctrine/dbal (Debian's
php-doctrine-dbal: a real ``Connection`` whose platform the code tests),
``up()`` called and its ``addSql`` statements executed, as doctrine/migrations'
executor does, on SQLite, PostgreSQL 15 and MariaDB 10.11; ``dbnamelint
drift --db`` of each database against the files, read in its dialect,
finds no difference.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from check_json import check_entries
from dbnamelint.cli import cli
from git_helpers import committed_repo, git
from mysql_server import MysqlServer
from pg_server import PgServer

DBAL = Path("/usr/share/php/Doctrine/DBAL/autoload.php")
HEAD = """<?php

namespace Application\\Migrations;

use Doctrine\\DBAL\\Platforms\\MySQLPlatform;
use Doctrine\\DBAL\\Platforms\\PostgreSQLPlatform;
use Doctrine\\DBAL\\Platforms\\SqlitePlatform;
use Doctrine\\DBAL\\Schema\\Schema;
use Doctrine\\Migrations\\AbstractMigration;

"""
FIRST = (
    HEAD
    + """final class Version20200101000000 extends AbstractMigration
{
    public function up(Schema $schema): void
    {
        $platform = $this->connection->getDatabasePlatform();
        switch (true) {
            case $platform instanceof SqlitePlatform:
                $this->addSql('CREATE TABLE users (id INTEGER NOT NULL, lite_only INTEGER)');
                break;
            case $platform instanceof MySQLPlatform:
                $this->addSql('CREATE TABLE users (id INT NOT NULL, my_only INT) ENGINE = InnoDB');
                break;
            default:
                $this->addSql('CREATE TABLE users (id INT NOT NULL, other_only INT)');
                break;
        }
        if ($this->connection->getDatabasePlatform() instanceof PostgreSQLPlatform) {
            $this->addSql('ALTER TABLE users RENAME TO people');
        } elseif (!$platform instanceof SqlitePlatform) {
            $this->addSql('CREATE TABLE my_notes (id INT)');
        } else {
            $this->addSql('CREATE TABLE lite_notes (id INT)');
        }
    }

    public function down(Schema $schema): void
    {
    }
}
"""
)
SECOND = (
    HEAD
    + """final class Version20200102000000 extends AbstractMigration
{
    public function up(Schema $schema): void
    {
        $platform = $this->connection->getDatabasePlatform();
        $this->skipIf(!$platform instanceof MySQLPlatform, 'MySQL only');
        $this->addSql('CREATE TABLE my_audits (id INT)');
    }

    public function down(Schema $schema): void
    {
    }
}
"""
)
RUNNER = """<?php
namespace Doctrine\\Migrations {
    abstract class AbstractMigration {
        protected $connection; public array $sqls = [];
        public function __construct($c) { $this->connection = $c; }
        protected function addSql(string $sql): void { $this->sqls[] = $sql; }
        protected function skipIf(bool $c, string $m = ''): void {
            if ($c) throw new \\RuntimeException('skip');
        }
    }
}
namespace {
    require '%s';
    $lite = str_starts_with($argv[1], 'sqlite://');
    $p = $lite ? [] : parse_url($argv[1]);
    $params = $lite ? ['driver' => 'pdo_sqlite', 'path' => substr($argv[1], 9)]
        : ['driver' => $p['scheme'] === 'mysql' ? 'pdo_mysql' : 'pdo_pgsql', 'host' => $p['host'],
           'port' => $p['port'], 'user' => $p['user'], 'dbname' => ltrim($p['path'], '/')];
    $conn = \\Doctrine\\DBAL\\DriverManager::getConnection($params);
    foreach (array_slice($argv, 2) as $file) {
        require $file;
        $class = 'Application\\\\Migrations\\\\' . basename($file, '.php');
        $m = new $class($conn);
        try { $m->up(new \\Doctrine\\DBAL\\Schema\\Schema()); }
        catch (\\RuntimeException $e) { continue; }
        foreach ($m->sqls as $q) { $conn->executeStatement($q); }
    }
}
"""


def _project(tmp_path: Path) -> Path:
    if shutil.which("php") is None or not DBAL.exists():
        pytest.skip("php or doctrine/dbal (php-doctrine-dbal) is not installed")
    root = tmp_path / "app"
    (root / "migrations").mkdir(parents=True)
    (root / "migrations" / "Version20200101000000.php").write_text(FIRST)
    (root / "migrations" / "Version20200102000000.php").write_text(SECOND)
    (root / "dbnamelint.yaml").write_text('paths: ["migrations/*.php"]\n')
    (root / "run.php").write_text(RUNNER % DBAL)
    return root


def _migrate_and_drift(root: Path, url: str, dialect: str, monkeypatch: pytest.MonkeyPatch) -> None:
    files = sorted(str(p) for p in (root / "migrations").glob("*.php"))
    subprocess.run(["php", str(root / "run.php"), url, *files], check=True, capture_output=True)
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["drift", "--db", url, "--dialect", dialect, "--no-cache"])
    assert result.exit_code == 0, result.output


def test_sqlite_model_is_what_runs_on_sqlite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path)
    _migrate_and_drift(root, f"sqlite:///{tmp_path / 'app.db'}", "sqlite", monkeypatch)


def test_postgres_model_is_what_runs_on_postgres(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    root = _project(tmp_path)
    with pg.fresh_database("s39_platform_branches") as db:
        _migrate_and_drift(root, pg.url(db), "postgres", monkeypatch)


def test_mariadb_model_is_what_runs_on_mariadb(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, maria: MysqlServer
) -> None:
    root = _project(tmp_path)
    with maria.fresh_database("s39_platform_branches") as db:
        _migrate_and_drift(root, maria.url(db), "mariadb", monkeypatch)


NEW = (
    HEAD
    + """final class Version20200103000000 extends AbstractMigration
{
    public function up(Schema $schema): void
    {
        $platform = $this->connection->getDatabasePlatform();
        switch (true) {
            case $platform instanceof MySQLPlatform:
                $this->addSql('CREATE TABLE MyOnly (id INT) ENGINE = InnoDB');
                break;
            case $platform instanceof PostgreSQLPlatform:
                $this->addSql('CREATE TABLE PgOnly (id INT)');
                break;
            default:
                $this->addSql('CREATE TABLE LiteOnly (id INT)');
                break;
        }
        if (!$platform instanceof SqlitePlatform) {
            $this->addSql('CREATE TABLE NotLite (id INT)');
        }
        $this->skipIf($platform instanceof SqlitePlatform, 'not on SQLite');
        $this->addSql('CREATE TABLE AfterSkip (id INT)');
    }

    public function down(Schema $schema): void
    {
    }
}
"""
)


def test_gate_judges_every_platforms_branch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the model reads the SQLite branches; the gate judges the others' names
    # too, each read as its own database (MySQL's ENGINE is no DBN004 there)
    root = committed_repo(
        tmp_path / "app",
        {"dbnamelint.yaml": 'paths: ["migrations/*.php"]\ndialect: sqlite\n', "m/x": ""},
        monkeypatch,
    )
    (root / "migrations").mkdir()
    (root / "migrations" / "Version20200103000000.php").write_text(NEW)
    git(root, "add", "-A")
    for run in (("--base", "HEAD"), ("--pre-commit",)):
        status, found = check_entries(*run, "--no-cache")
        assert status == 1, found
        named = sorted(
            {m.split("'")[1] for c, _p, _l, s, m in found if s == "error" and c == "DBN101"}
        )
        assert named == ["AfterSkip", "LiteOnly", "MyOnly", "NotLite", "PgOnly"], found
        assert not [f for f in found if f[0] == "DBN004"], found
