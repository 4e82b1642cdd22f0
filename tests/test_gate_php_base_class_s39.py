"""The base class applied PHP migrations extend, edited (trial s39 wallabag).

wallabag's migrations extend the project's ``WallabagMigration`` and name
every table through its ``getTable()``: changing that method changes what
each applied migration makes on a new database, while the databases that
ran them keep the old names. It passed ``check --base`` and the hook.
Oracle: real git (the change and its base).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from check_json import check_entries
from git_helpers import committed_repo, git

BASE_CLASS = "src/Db/BaseMigration.php"
BASE = """<?php

namespace App\\Db;

use Doctrine\\Migrations\\AbstractMigration;

abstract class BaseMigration extends AbstractMigration
{
    protected function getTable(string $name): string
    {
        // the tables' prefix
        return $this->prefix() . $name;
    }

    private function prefix(): string
    {
        return 'app_';
    }

    protected function forNewOnes(string $name): string
    {
        return 'new_' . $name;
    }
}
"""
MIGRATION = """<?php

namespace Application\\Migrations;

use App\\Db\\BaseMigration;
use Doctrine\\DBAL\\Schema\\Schema;

final class Version20200101000000 extends BaseMigration
{
    public function up(Schema $schema): void
    {
        $this->addSql('CREATE TABLE ' . $this->getTable('entry') . ' (id INT)');
    }
}
"""
FILES = {
    "dbnamelint.yaml": 'paths: ["migrations/*.php"]\ndialect: postgres\n',
    "migrations/Version20200101000000.php": MIGRATION,
    BASE_CLASS: BASE,
}


def _gate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str) -> list[tuple]:
    root = committed_repo(tmp_path / "app", FILES, monkeypatch)
    assert old in BASE
    (root / BASE_CLASS).write_text(BASE.replace(old, new))
    git(root, "add", "-A")
    out = []
    for run in (("--base", "HEAD"), ("--pre-commit",)):
        status, found = check_entries(*run, "--no-cache", "--verbose")
        said = [(c, p, line, s) for c, p, line, s, _m in found if c == "DBN025"]
        assert (status == 1) == any(s == "error" for *_x, s in said), found
        out.append(said)
    assert out[0] == out[1], out
    return out[0]


def test_an_edit_of_a_method_applied_migrations_call_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = _gate(
        tmp_path, monkeypatch, "$this->prefix() . $name", "$this->prefix() . 'x_' . $name"
    )
    assert found == [("DBN025", BASE_CLASS, 10, "error")]


def test_an_edit_of_a_method_they_reach_through_another_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = _gate(tmp_path, monkeypatch, "return 'app_';", "return 'wallabag_';")
    assert found == [("DBN025", BASE_CLASS, 16, "error")]


def test_an_accepted_edit_is_a_note(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    found = _gate(
        tmp_path,
        monkeypatch,
        "return 'app_';",
        "// dbnamelint: ignore[DBN025] every install sets the prefix\n        return 'wallabag_';",
    )
    assert found == [("DBN025", BASE_CLASS, 16, "info")]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("return 'new_' . $name;", "return 'fresh_' . $name;"),  # no applied migration calls it
        ("// the tables' prefix", "// the prefix of every table"),  # a comment
    ],
)
def test_an_edit_no_applied_migration_runs_passes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str
) -> None:
    assert _gate(tmp_path, monkeypatch, old, new) == []
