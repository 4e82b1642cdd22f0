"""An applied Doctrine migration recorded under another version (trial s39 wallabag).

doctrine/migrations records an applied migration by its version, the
class's fully qualified name (``doctrine_migration_versions.version``:
``Application\\Migrations\\Version20200101000000``), not its file's name.
``git mv`` of a committed migration with its class renamed (or its class
or namespace renamed in place) makes every database that ran it run it
again, and it passed the gate whenever the migration's names complied.
A file moved with its class kept is the same migration. Oracle: real git;
the version's definition: doctrine/migrations' ``Version`` and
``doctrine_migration_versions``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from check_json import check_entries
from git_helpers import committed_repo, git

CONFIG = 'paths: ["migrations/**/*.php"]\ndialect: postgres\n'
APPLIED = "migrations/Version20200101000000.php"
BASE = """<?php

namespace Application\\Migrations;

use Doctrine\\DBAL\\Schema\\Schema;
use Doctrine\\Migrations\\AbstractMigration;

final class Version20200101000000 extends AbstractMigration
{
    public function up(Schema $schema): void
    {
        $this->addSql('CREATE TABLE users (id INT)');
    }
}
"""


def _gate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: str, text: str) -> list[tuple]:
    root = committed_repo(tmp_path / "app", {"dbnamelint.yaml": CONFIG, APPLIED: BASE}, monkeypatch)
    if path != APPLIED:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        git(root, "mv", APPLIED, path)
    (root / path).write_text(text)
    git(root, "add", "-A")
    out = []
    for run in (("--base", "HEAD"), ("--pre-commit",)):
        status, found = check_entries(*run, "--no-cache")
        errors = [(c, p, line) for c, p, line, s, _m in found if s == "error"]
        assert (status == 1) == bool(errors), found
        out.append(errors)
    assert out[0] == out[1], out
    return out[0]


NEW_CLASS = BASE.replace("Version20200101000000", "Version20200102000000")


def test_a_moved_migration_with_its_class_renamed_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = _gate(tmp_path, monkeypatch, "migrations/Version20200102000000.php", NEW_CLASS)
    assert found == [("DBN025", APPLIED, 1)]


def test_a_class_renamed_in_place_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _gate(tmp_path, monkeypatch, APPLIED, NEW_CLASS) == [("DBN025", APPLIED, 8)]


def test_a_namespace_renamed_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = BASE.replace("namespace Application\\Migrations;", "namespace App\\Migrations;")
    assert _gate(tmp_path, monkeypatch, APPLIED, text) == [("DBN025", APPLIED, 8)]


def test_a_file_moved_with_its_class_kept_passes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    moved = "migrations/2020/Version20200101000000.php"
    assert _gate(tmp_path, monkeypatch, moved, BASE) == []
