"""A Doctrine migration's label is no SQL (trial s41 kimai).

kimai's ``getDescription()`` returns ``'Create the invoice table'``: the
text ``doctrine:migrations:status`` prints, never run. Read as a DDL
string, it was a ``DBN004`` input error (``could not read CREATE THE
INVOICE TABLE statement``) in ``check`` of the adopted project, which
``whitelist init`` cannot record, and the gate refused every new migration
labelled so. Only what doctrine/migrations runs forward is read: ``up()``,
``preUp()``, ``postUp()`` and the class's methods they call.

Oracle: the migration run by PHP 8 with doctrine/dbal 3.6 (Debian's
php-doctrine-dbal) on MariaDB as doctrine/migrations' ``DbalExecutor`` runs
it ran :data:`DBAL_RAN` (its ``addSql`` string, nothing of
``getDescription()`` or of the helper no forward method calls); applied
here, ``drift --db`` finds no difference.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import commit_all, committed_repo, git
from mysql_server import MysqlServer

_CHARSET = "DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci ENGINE = InnoDB"
_CREATE = (
    "CREATE TABLE invoice_logs (id INT AUTO_INCREMENT NOT NULL, invoice_id INT NOT NULL, "
    f"PRIMARY KEY(id)) {_CHARSET}"
)
MIGRATION = f"""<?php

declare(strict_types=1);

namespace DoctrineMigrations;

use Doctrine\\DBAL\\Schema\\Schema;
use Doctrine\\Migrations\\AbstractMigration;

final class Version20240101000000 extends AbstractMigration
{{
    public function getDescription(): string
    {{
        return 'Create the invoice log table';
    }}

    public function up(Schema $schema): void
    {{
        $this->addSql('{_CREATE}');
    }}

    public function down(Schema $schema): void
    {{
    }}

    private function unused(): string
    {{
        return 'Drop the old table';
    }}
}}
"""
#: What doctrine/dbal 3.6 ran for MIGRATION on MariaDB (see the module docstring).
DBAL_RAN = [_CREATE]
NAME = "migrations/Version20240101000000.php"


def test_the_label_is_not_read(
    maria: MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "migrations").mkdir()
    (tmp_path / NAME).write_text(MIGRATION)
    (tmp_path / "dbnamelint.yaml").write_text('paths: ["migrations/*.php"]\ndialect: mysql\n')
    monkeypatch.chdir(tmp_path)
    checked = CliRunner().invoke(cli, ["check"])
    assert checked.exit_code == 0, checked.output
    with maria.fresh_database("doctrine_label") as db:
        maria.run(";\n".join(DBAL_RAN) + ";", database=db)
        done = CliRunner().invoke(cli, ["drift", "--db", maria.url(db)])
    assert done.exit_code == 0, done.output
    assert "No drift" in done.output


def test_the_gate_passes_a_migration_labelled_create(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = 'paths: ["schema.sql", "migrations/*.php"]\ndialect: mysql\n'
    files = {"dbnamelint.yaml": config, "schema.sql": "CREATE TABLE users (id INT);\n"}
    root = committed_repo(tmp_path / "app", files, monkeypatch)
    git(root, "branch", "-M", "main")
    (root / "migrations").mkdir()
    (root / NAME).write_text(MIGRATION)
    commit_all(root, "invoice logs")
    done = CliRunner().invoke(cli, ["check", "--base", "main~1"])
    assert done.exit_code == 0, done.output
    assert "DBN004" not in done.output
