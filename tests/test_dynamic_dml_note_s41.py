"""A code migration's statement that makes no name, completed when the code runs (trial s41 kimai).

kimai's ``Version20190201150324`` runs ``$this->addSql("UPDATE kimai2_timesheet
SET timezone = '" . $timezone . "'")``: a value the code computes, no name.
It was ``DBN013``'s warning, so the gate refused a new migration doing the
same (``this migration's SQL is completed when the code runs ... the gate
refuses it``), and a Laravel migration's ``DB::statement(...)`` alike.
DBN013's rule (docs/diagnostics.md, *Dynamic DDL*): a warning when the text
may create, alter, drop or rename; an info note when it holds no ``CREATE``,
``ALTER``, ``DROP`` or ``RENAME``, as a Go migration list's step already was.
``ALTER TABLE ... ADD ' . $column`` stays the gate's error.

Oracle: the Doctrine migration run by PHP 8 with doctrine/dbal 3.6 (Debian's
php-doctrine-dbal) on MariaDB as doctrine/migrations' ``DbalExecutor`` runs
it (:data:`DBAL_RAN`, the value filled in: ``Europe/Berlin``); applied here,
``drift --db`` of that database finds no difference with the files: the
``UPDATE`` left no name for the model to miss. Real git for the gate.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import commit_all, committed_repo, git
from mysql_server import MysqlServer

_HEAD = """<?php

declare(strict_types=1);

namespace DoctrineMigrations;

use Doctrine\\DBAL\\Schema\\Schema;
use Doctrine\\Migrations\\AbstractMigration;

"""
BASE = (
    _HEAD
    + """final class Version20240101000000 extends AbstractMigration
{
    public function up(Schema $schema): void
    {
        $this->addSql('CREATE TABLE timesheets (id INT NOT NULL, PRIMARY KEY(id)) ENGINE = InnoDB');
    }

    public function down(Schema $schema): void
    {
    }
}
"""
)
#: kimai's Version20190201150324, in a new migration.
SET_VALUE = (
    _HEAD
    + """final class Version20240102000000 extends AbstractMigration
{
    public function up(Schema $schema): void
    {
        $timezone = date_default_timezone_get();

        $this->addSql('ALTER TABLE timesheets ADD timezone VARCHAR(64) NOT NULL');
        $this->addSql("UPDATE timesheets SET timezone = '" . $timezone . "'");
    }

    public function down(Schema $schema): void
    {
    }
}
"""
)
#: What doctrine/dbal 3.6 ran for BASE and SET_VALUE on MariaDB (timezone Europe/Berlin).
DBAL_RAN = [
    "CREATE TABLE timesheets (id INT NOT NULL, PRIMARY KEY(id)) ENGINE = InnoDB",
    "ALTER TABLE timesheets ADD timezone VARCHAR(64) NOT NULL",
    "UPDATE timesheets SET timezone = 'Europe/Berlin'",
]
LARAVEL_BASE = """<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Support\\Facades\\DB;

return new class extends Migration
{
    public function up(): void
    {
        DB::statement('CREATE TABLE timesheets (id INT NOT NULL)');
    }
};
"""
LARAVEL_SET_VALUE = """<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Support\\Facades\\DB;

return new class extends Migration
{
    public function up(): void
    {
        $timezone = date_default_timezone_get();
        DB::statement("UPDATE timesheets SET timezone = '" . $timezone . "'");
    }
};
"""
CONFIG = 'paths: ["migrations/*.php"]\ndialect: mysql\n'
LARAVEL_CONFIG = "paths: [database/migrations]\ndialect: mysql\n"


def test_the_model_misses_no_name(
    maria: MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "migrations").mkdir()
    (tmp_path / "migrations/Version20240101000000.php").write_text(BASE)
    (tmp_path / "migrations/Version20240102000000.php").write_text(SET_VALUE)
    (tmp_path / "dbnamelint.yaml").write_text(CONFIG)
    monkeypatch.chdir(tmp_path)
    checked = CliRunner().invoke(cli, ["check", "--select", "DBN013"])
    assert checked.exit_code == 0, checked.output
    assert "DBN013 info" in checked.output, checked.output
    assert "DBN013 warning" not in checked.output
    with maria.fresh_database("dynamic_dml") as db:
        maria.run(";\n".join(DBAL_RAN) + ";", database=db)
        done = CliRunner().invoke(cli, ["drift", "--db", maria.url(db)])
    assert done.exit_code == 0, done.output
    assert "No drift" in done.output


@pytest.mark.parametrize(
    ("config", "base", "new"),
    [
        (
            CONFIG,
            {"migrations/Version20240101000000.php": BASE},
            {"migrations/Version20240102000000.php": SET_VALUE},
        ),
        (
            LARAVEL_CONFIG,
            {"database/migrations/2024_01_01_000000_create_timesheets.php": LARAVEL_BASE},
            {"database/migrations/2024_01_02_000000_set_timezone.php": LARAVEL_SET_VALUE},
        ),
    ],
    ids=["doctrine", "laravel"],
)
def test_the_gate_passes_a_value_and_refuses_a_name(
    config: str,
    base: dict[str, str],
    new: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = committed_repo(tmp_path / "app", {**base, "dbnamelint.yaml": config}, monkeypatch)
    base_commit = git(root, "rev-parse", "HEAD").strip()
    for name, text in new.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    commit_all(root, "set the timezone")
    passed = CliRunner().invoke(cli, ["check", "--base", base_commit])
    assert passed.exit_code == 0, passed.output
    # a name the code computes stays refused
    for name, text in new.items():
        computed = text.replace(
            '"UPDATE timesheets SET timezone = \'" . $timezone . "\'"',
            "'ALTER TABLE timesheets ADD ' . $timezone . ' INT'",
        )
        assert computed != text
        (root / name).write_text(computed)
    git(root, "commit", "-q", "--amend", "-am", "add a computed column")
    refused = CliRunner().invoke(cli, ["check", "--base", base_commit])
    assert refused.exit_code == 1, refused.output
    assert "DBN013 error" in refused.output
