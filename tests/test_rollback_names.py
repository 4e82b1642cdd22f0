"""A hand-written rollback in a ``rollback/`` folder, named unlike its migration.

Trial s12 #3: the hook warned (``DBN008``) about ``rollbacks/002-b-rollback.sql``
beside ``schema/002-b.sql``, and about golang-migrate's ``0002_b.up.sql``
undone by ``rollback/0002_b.sql``: both are rollbacks the reader recognises
(README, "Where the migration files go": files in ``rollback/`` or
``rollbacks/`` folders are never replayed). A rollback belongs to the one
migration beside it with its file name or its leading version: an info note
naming it, as for the rollback ``migrate --write`` names. A file there that
is no read migration's rollback keeps the warning, which now says what was
expected; a rollback outside the paths with ``include_down_migrations``
says it is one. Oracle: the hook's file list from real git.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo, git, write_files

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _hook_notes() -> dict[str, dict[str, Any]]:
    """The DBN008 notes of ``check --pre-commit`` on the staged files, by path."""
    git(Path.cwd(), "add", "-A")
    staged = git(Path.cwd(), "diff", "--cached", "--name-only").split()
    args = ["check", "--pre-commit", "--select", "DBN008", "--format", "json", *staged]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    return {d["path"]: d for d in report["diagnostics"] if d["code"] == "DBN008"}


@pytest.mark.parametrize(
    ("config", "base", "added", "rollbacks"),
    [
        pytest.param(
            "paths: [db/schema]\n",
            {"db/schema/001-a.sql": "CREATE TABLE a (id int);\n"},
            "db/schema/002-b.sql",
            {"db/rollbacks/002-b-rollback.sql": "db/schema/002-b.sql"},
            id="numbered-../rollbacks",
        ),
        pytest.param(
            "paths: [db/migrations]\n",
            {"db/migrations/0001_a.up.sql": "CREATE TABLE a (id int);\n"},
            "db/migrations/0002_b.up.sql",
            {
                "db/rollback/0002_b.sql": "db/migrations/0002_b.up.sql",
                "db/migrations/rollback/undo_0002.sql": "db/migrations/0002_b.up.sql",
            },
            id="golang-migrate-rollback-folder",
        ),
        pytest.param(
            "paths: [supabase/migrations]\n",
            {"supabase/migrations/20240101000000_a.sql": "CREATE TABLE a (id int);\n"},
            "supabase/migrations/20240201000000_b.sql",
            {
                "supabase/rollbacks/20240201000000_revert_b.sql": (
                    "supabase/migrations/20240201000000_b.sql"
                )
            },
            id="timestamped",
        ),
    ],
)
def test_a_rollback_named_unlike_its_migration_is_an_info_note(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    config: str,
    base: dict[str, str],
    added: str,
    rollbacks: dict[str, str],
) -> None:
    committed_repo(tmp_path / "repo", {"dbnamelint.yaml": config, **base}, monkeypatch)
    write_files(Path.cwd(), {added: "CREATE TABLE b (id int);\n"})
    write_files(Path.cwd(), dict.fromkeys(rollbacks, "DROP TABLE b;\n"))
    notes = _hook_notes()
    assert sorted(notes) == sorted(rollbacks)
    for rollback, forward in rollbacks.items():
        assert notes[rollback]["severity"] == "info", notes[rollback]
        assert f"it is the rollback of {forward} (its version, " in notes[rollback]["message"]
        assert "not under the configured paths" not in notes[rollback]["message"]


def test_a_file_no_migration_s_rollback_keeps_the_warning_and_says_what_was_expected(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {
        "dbnamelint.yaml": "paths: [db/schema]\n",
        "db/schema/001-a.sql": "CREATE TABLE a (id int);\n",
    }
    committed_repo(tmp_path / "repo", files, monkeypatch)
    # a migration moved into the folder by mistake: nothing read has its version,
    # and its DDL is never checked, so the hook refuses it (DBN032)
    write_files(Path.cwd(), {"db/rollbacks/003-c.sql": "CREATE TABLE c (id int);\n"})
    git(Path.cwd(), "add", "-A")
    args = ["check", "--pre-commit", "--format", "json", "db/rollbacks/003-c.sql"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output
    [refused] = json.loads(result.stdout)["diagnostics"]
    assert (refused["code"], refused["path"]) == ("DBN032", "db/rollbacks/003-c.sql")
    assert "it is in a rollback folder (`rollbacks/`)" in refused["message"]
    # a file there without DDL keeps the warning, saying what was expected
    write_files(Path.cwd(), {"db/rollbacks/003-c.sql": "UPDATE a SET id = id;\n"})
    [(path, note)] = _hook_notes().items()
    assert (path, note["severity"]) == ("db/rollbacks/003-c.sql", "warning")
    assert (
        "it is in a rollback folder (`rollbacks/`), which a walk leaves out (a rollback is "
        "never replayed), and no migration the run read beside it has its file name or its "
        "leading version (the rollback of `002-x.sql` is `rollbacks/002-x.sql`, or any name "
        "there starting `002`): if it is a migration, move it out of the folder"
    ) in note["message"]


def test_two_migrations_of_one_version_leave_the_rollback_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {
        "dbnamelint.yaml": "paths: [db/mod-a, db/mod-b]\n",
        "db/mod-a/001-a.sql": "CREATE TABLE a (id int);\n",
        "db/mod-b/001-b.sql": "CREATE TABLE b (id int);\n",
    }
    committed_repo(tmp_path / "repo", files, monkeypatch)
    write_files(Path.cwd(), {"db/rollbacks/001-undo.sql": "DROP TABLE a;\n"})
    [(path, note)] = _hook_notes().items()
    assert (path, note["severity"]) == ("db/rollbacks/001-undo.sql", "warning")


def test_a_rollback_outside_the_paths_read_with_include_down_says_it_is_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {
        "dbnamelint.yaml": "paths: [db/schema]\ninclude_down_migrations: true\n",
        "db/schema/001-a.sql": "CREATE TABLE a (id int);\n",
    }
    committed_repo(tmp_path / "repo", files, monkeypatch)
    write_files(Path.cwd(), {"db/rollbacks/001-a.sql": "DROP TABLE a;\n"})
    [(path, note)] = _hook_notes().items()
    assert (path, note["severity"]) == ("db/rollbacks/001-a.sql", "warning")
    assert (
        "it is a rollback (in `rollbacks/`) but not under the configured paths (db/schema), "
        "and `include_down_migrations` reads the rollbacks under them only"
    ) in note["message"]
