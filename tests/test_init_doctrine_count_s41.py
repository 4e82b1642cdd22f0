"""``init`` counts every Doctrine migration of the folder it names (trial s41 kimai).

kimai's ``migrations/`` holds 78 Doctrine migrations; ``init`` said
``Doctrine migrations: migrations (52 files)``, counting only those with a
``CREATE TABLE`` or a Schema API call, while the ``migrations/*.php`` it
writes in ``paths:`` reads all 78 (an ``ALTER TABLE``-only migration too).
The count is now of the files that glob reads.

Oracle: the events ``inspect --events`` reads from the written ``paths:``
come from every file of the folder (each makes one name here), so the
count ``init`` prints is that of the files read.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli

_MIGRATION = """<?php

namespace DoctrineMigrations;

use Doctrine\\DBAL\\Schema\\Schema;
use Doctrine\\Migrations\\AbstractMigration;

final class Version{version} extends AbstractMigration
{{
    public function up(Schema $schema): void
    {{
        $this->addSql('{sql}');
    }}
}}
"""
FILES = {
    "20240101000000": "CREATE TABLE users (id INT NOT NULL, PRIMARY KEY(id)) ENGINE = InnoDB",
    "20240102000000": "ALTER TABLE users ADD mail VARCHAR(180) DEFAULT NULL",
    "20240103000000": "CREATE INDEX users_mail_idx ON users (mail)",
}


def test_the_count_is_of_the_files_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "migrations").mkdir()
    for version, sql in FILES.items():
        text = _MIGRATION.format(version=version, sql=sql)
        (tmp_path / f"migrations/Version{version}.php").write_text(text)
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(cli, ["init"])
    assert done.exit_code == 0, done.output
    said = re.search(r"Doctrine migrations: migrations \((\d+) files?\)", done.output)
    assert said is not None, done.output
    events = CliRunner().invoke(cli, ["inspect", "--events"])
    read = {line.split(":", 1)[0] for line in events.output.splitlines() if "create " in line}
    assert len(read) == len(FILES)
    assert int(said.group(1)) == len(read)
