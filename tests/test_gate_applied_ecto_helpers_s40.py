"""An edit of an Ecto helper module applied migrations call is DBN025 (trial s40).

Ecto records an applied migration by its version; a migration that makes
its table through the project's ``lib/`` helper (``import Ecto.Migration``)
runs the helper as it is when a database is built. Editing what the helper
makes changes new databases only: the edit of applied history that editing
the migration is. Oracle: real git (the base commit; the index in the
pre-commit run) and ecto_sql's ``Ecto.Migrator`` (versions in
``schema_migrations``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_json import check_entries, stage
from git_helpers import committed_repo

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CONFIG = "paths: [db]\ndialect: postgres\n"
SCHEMA = "CREATE TABLE users (id bigserial PRIMARY KEY, email text);\n"
HELPER_PATH = "lib/my_app/migration_helpers.ex"
HELPER = """defmodule MyApp.MigrationHelpers do
  import Ecto.Migration

  # audit tables, one per audited table
  def create_audit do
    create table(:audits) do
      add :note, :string
    end
  end
end
"""
MIGRATION = """defmodule MyApp.Repo.Migrations.Audits do
  use Ecto.Migration

  def change do
    MyApp.MigrationHelpers.create_audit()
  end
end
"""


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, called: bool = True) -> Path:
    files = {"dbnamelint.yaml": CONFIG, "db/schema.sql": SCHEMA, HELPER_PATH: HELPER}
    if called:
        files["priv/repo/migrations/20240101000000_audits.exs"] = MIGRATION
    return committed_repo(tmp_path / "app", files, monkeypatch)


def _runs(root: Path, text: str) -> list[tuple[int, list[tuple[str, str, int, str]]]]:
    stage(root, HELPER_PATH, text)
    out = []
    for run in (("--base", "HEAD"), ("--pre-commit",)):
        status, found = check_entries(*run, "--no-cache")
        out.append((status, [(c, s, line, m) for c, p, line, s, m in found if p == HELPER_PATH]))
    return out


EDITED = HELPER.replace("add :note, :string\n", "add :note, :string\n      add :author, :string\n")


def test_an_edit_of_what_an_applied_migration_s_helper_makes_is_dbn025(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    for status, found in _runs(root, EDITED):
        assert status == 1, found
        assert [(c, s, line) for c, s, line, _ in found] == [("DBN025", "error", 6)]
        assert "priv/repo/migrations/20240101000000_audits.exs (committed at HEAD)" in found[0][3]


def test_a_comment_edit_or_a_helper_no_migration_calls_passes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    for status, found in _runs(root, HELPER.replace("one per audited table", "one a table")):
        assert status == 0, found
    root = _repo(tmp_path / "other", monkeypatch, called=False)
    for status, found in _runs(root, EDITED):
        assert status == 0, found


def test_an_edit_reviewed_by_hand_is_accepted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    accepted = EDITED.replace(
        "  # audit tables",
        "  # dbnamelint: ignore[DBN025] every database gets author by hand\n  # audit tables",
    )
    for status, found in _runs(root, accepted):
        assert status == 0, found
        assert [c for c, s, *_ in found if s == "error"] == []
