"""Doctrine migrations whose every name the code computes (trial s39 wallabag).

wallabag's 64 migrations name each table through the project's helper,
``'CREATE TABLE ' . $this->getTable('entry') . ' (...)'``: each statement
is a ``DBN013`` warning, the model is empty, and ``whitelist init`` records
nothing. ``check`` said "the SQL files in migrations/*.php make no table,
view or index; ... Other code's DDL is not read as a schema", as if the
migrations were not read: it now says why nothing is in the model and what
to check instead.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli

MIGRATION = """<?php

namespace Application\\Migrations;

use Doctrine\\DBAL\\Schema\\Schema;
use Doctrine\\Migrations\\AbstractMigration;

final class Version20200101000000 extends AbstractMigration
{
    public function up(Schema $schema): void
    {
        $this->addSql('CREATE TABLE ' . $this->getTable('entry') . ' (id INT)');
        $this->addSql('ALTER TABLE ' . $this->getTable('entry') . ' ADD url TEXT');
    }
}
"""


def test_check_says_the_code_completes_every_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "migrations").mkdir()
    (tmp_path / "migrations" / "Version20200101000000.php").write_text(MIGRATION)
    (tmp_path / "dbnamelint.yaml").write_text('paths: ["migrations/*.php"]\ndialect: postgres\n')
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["check", "--no-cache"])
    assert result.exit_code == 0, result.output
    said = " ".join(result.stderr.split())
    assert (
        "the migrations in migrations/*.php make no name dbnamelint can read: 2 statements "
        "the code completes when it runs" in said
    ), said
    assert "dbnamelint check --db URL" in said, said
    assert "Other code's DDL is not read as a schema" not in said, said
