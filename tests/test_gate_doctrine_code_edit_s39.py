"""An applied Doctrine migration's forward code edited where no DDL string
or Schema API call the gate reads changed (trial s39 wallabag).

wallabag's ``$clientsTable = $schema->getTable($this->getTable('oauth2_clients'))``
then ``$clientsTable->addColumn('name', 'blob')``: the table's name is the
project's helper's, so the call is not read (DBN013), and an edit of it in a
committed migration (``addColumn('BadName', ...)``) passed ``check --base``
and the hook. doctrine/migrations records a migration as applied by its
version (``doctrine_migration_versions``) and never runs its ``up()`` again,
so any edit of what ``up()`` (and the methods it calls, ``preUp()``,
``postUp()``) runs is an edit of history, as for Laravel's; ``down()`` and
``getDescription()`` run nothing forward. Oracle: real git.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from check_json import check_entries
from git_helpers import committed_repo, git

CONFIG = 'paths: ["migrations/*.php"]\ndialect: postgres\n'
APPLIED = "migrations/Version20200101000000.php"
BASE = """<?php

namespace Application\\Migrations;

use Doctrine\\DBAL\\Schema\\Schema;
use Doctrine\\Migrations\\AbstractMigration;

final class Version20200101000000 extends AbstractMigration
{
    public function getDescription(): string
    {
        return 'Add a name to clients';
    }

    public function up(Schema $schema): void
    {
        $clients = $schema->getTable($this->getTable('oauth2_clients'));
        $this->addName($clients);
    }

    private function addName($clients): void
    {
        $clients->addColumn('name', 'blob');
    }

    public function down(Schema $schema): void
    {
        $schema->getTable($this->getTable('oauth2_clients'))->dropColumn('name');
    }
}
"""


def _edited(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str) -> list[tuple]:
    root = committed_repo(tmp_path / "app", {"dbnamelint.yaml": CONFIG, APPLIED: BASE}, monkeypatch)
    assert old in BASE
    (root / APPLIED).write_text(BASE.replace(old, new))
    git(root, "add", "-A")
    out = []
    for run in (("--base", "HEAD"), ("--pre-commit",)):
        status, found = check_entries(*run, "--no-cache")
        errors = [(c, p, line) for c, p, line, s, _m in found if s == "error"]
        assert (status == 1) == bool(errors), found
        out.append(errors)
    assert out[0] == out[1], out
    return out[0]


def test_edit_of_an_unread_schema_api_call_in_a_called_method_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = _edited(tmp_path, monkeypatch, "addColumn('name'", "addColumn('BadName'")
    assert found == [("DBN025", APPLIED, 23)]


def test_edit_of_up_code_around_unread_calls_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = _edited(
        tmp_path,
        monkeypatch,
        "getTable('oauth2_clients'));\n        $this->add",
        "getTable('oauth2_client'));\n        $this->add",
    )
    assert found == [("DBN025", APPLIED, 17)]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("'Add a name to clients'", "'Add a name to OAuth clients'"),  # getDescription()
        ("->dropColumn('name')", "->dropColumn('Name')"),  # down(): the rollback
        (
            "        $this->addName($clients);\n",
            "        // why: see #12\n        $this->addName($clients);\n",
        ),  # a comment
    ],
)
def test_edit_of_what_runs_nothing_forward_passes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, old: str, new: str
) -> None:
    assert _edited(tmp_path, monkeypatch, old, new) == []
