# ruff: noqa: E501  (the migrations are written as doctrine:migrations:diff writes them)
"""doctrine/dbal's index for a foreign key on a table of an earlier migration (trial s41 kimai).

``Table::_addForeignKeyConstraint`` adds an index ``IDX_...`` of the key's
columns unless the table already has one on exactly those columns
(``Index::isFulfilledBy``), and doctrine/migrations gives ``up()`` the schema
it introspects from the database: the indexes an earlier migration's
``addSql`` made count. The reader only knew the migration's own Schema API
calls, so kimai's ``$schema->getTable('kimai2_timesheet_tags')
->addForeignKeyConstraint('kimai2_timesheet', ['timesheet_id'], ...)`` (the
column indexed by ``Version20190510205245``'s SQL) made
``IDX_732EECA9ABDD46BE``, which no database has: ``drift --db`` said
``only_in_files``, and the gate would judge a name no database gets.

Oracle: the migrations run by PHP 8 with doctrine/dbal 3.6 (Debian's
php-doctrine-dbal) on MariaDB as doctrine/migrations' ``DbalExecutor`` runs
them (``up()`` on a clone of the introspected schema, then the comparator's
SQL): :data:`DBAL_RAN`, no index for ``note_id`` (indexed by the first
migration), ``IDX_CFC6857EBAD26311`` for ``tag_id`` (only the primary key's
second column). Applied here, ``drift --db`` finds no difference.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from mysql_server import MysqlServer

FIRST = """<?php

declare(strict_types=1);

namespace DoctrineMigrations;

use Doctrine\\DBAL\\Schema\\Schema;
use Doctrine\\Migrations\\AbstractMigration;

final class Version20240101000000 extends AbstractMigration
{
    public function up(Schema $schema): void
    {
        $this->addSql('CREATE TABLE notes (id INT AUTO_INCREMENT NOT NULL, PRIMARY KEY(id)) ENGINE = InnoDB');
        $this->addSql('CREATE TABLE tags (id INT AUTO_INCREMENT NOT NULL, PRIMARY KEY(id)) ENGINE = InnoDB');
        $this->addSql('CREATE TABLE note_tags (note_id INT NOT NULL, tag_id INT NOT NULL, position INT NOT NULL, INDEX note_tags_note_idx (note_id), PRIMARY KEY(note_id, tag_id)) ENGINE = InnoDB');
    }

    public function down(Schema $schema): void
    {
    }
}
"""
SECOND = """<?php

declare(strict_types=1);

namespace DoctrineMigrations;

use Doctrine\\DBAL\\Schema\\Schema;
use Doctrine\\Migrations\\AbstractMigration;

final class Version20240102000000 extends AbstractMigration
{
    public function up(Schema $schema): void
    {
        $noteTags = $schema->getTable('note_tags');
        $noteTags->addForeignKeyConstraint('notes', ['note_id'], ['id'], ['onDelete' => 'CASCADE'], 'note_tags_note_fk');
        $noteTags->addForeignKeyConstraint('tags', ['tag_id'], ['id'], ['onDelete' => 'CASCADE'], 'note_tags_tag_fk');
    }

    public function down(Schema $schema): void
    {
    }
}
"""
#: What doctrine/dbal 3.6 ran for FIRST and SECOND on MariaDB, in order.
DBAL_RAN = [
    "CREATE TABLE notes (id INT AUTO_INCREMENT NOT NULL, PRIMARY KEY(id)) ENGINE = InnoDB",
    "CREATE TABLE tags (id INT AUTO_INCREMENT NOT NULL, PRIMARY KEY(id)) ENGINE = InnoDB",
    "CREATE TABLE note_tags (note_id INT NOT NULL, tag_id INT NOT NULL, position INT NOT NULL, "
    "INDEX note_tags_note_idx (note_id), PRIMARY KEY(note_id, tag_id)) ENGINE = InnoDB",
    "ALTER TABLE note_tags ADD CONSTRAINT note_tags_note_fk FOREIGN KEY (note_id) "
    "REFERENCES notes (id) ON DELETE CASCADE",
    "ALTER TABLE note_tags ADD CONSTRAINT note_tags_tag_fk FOREIGN KEY (tag_id) "
    "REFERENCES tags (id) ON DELETE CASCADE",
    "CREATE INDEX IDX_CFC6857EBAD26311 ON note_tags (tag_id)",
]


def test_an_index_of_an_earlier_migration_serves_the_key(
    maria: MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "migrations").mkdir()
    (tmp_path / "migrations/Version20240101000000.php").write_text(FIRST)
    (tmp_path / "migrations/Version20240102000000.php").write_text(SECOND)
    (tmp_path / "dbnamelint.yaml").write_text('paths: ["migrations/*.php"]\ndialect: mysql\n')
    monkeypatch.chdir(tmp_path)
    with maria.fresh_database("doctrine_fk_index") as db:
        maria.run(";\n".join(DBAL_RAN) + ";", database=db)
        indexes = maria.run(
            "SELECT DISTINCT index_name FROM information_schema.statistics WHERE "
            "table_schema = DATABASE() AND table_name = 'note_tags' ORDER BY 1",
            database=db,
        ).split()
        done = CliRunner().invoke(cli, ["drift", "--db", maria.url(db)])
    assert done.exit_code == 0, done.output
    assert "No drift" in done.output
    model = CliRunner().invoke(cli, ["inspect", "--format", "json"])
    assert model.exit_code == 0, model.output
    assert "IDX_CFC6857E26ED0855" not in model.output  # DBAL's name for a note_id index
    assert sorted(indexes) == ["IDX_CFC6857EBAD26311", "PRIMARY", "note_tags_note_idx"]
