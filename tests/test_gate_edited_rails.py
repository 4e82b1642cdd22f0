"""The gate refuses a change that edits a Rails migration committed at the base (``DBN025``).

dbnamelint reads a Rails app's ``db/structure.sql``, not its Ruby
migrations, but ``db:migrate`` runs each migration once: editing an applied
one changes no database (s9-t2 F11). The oracle is real git: what the base
commit holds, and the change's staged copy (pre-commit) or working tree.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import git, init_repo, isolated_git_env

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

STRUCTURE = "CREATE TABLE public.users (id bigint NOT NULL, name character varying);\n"
MIGRATION = """\
# Users of the app.
class CreateUsers < ActiveRecord::Migration[7.1]
  def change
    create_table :users do |t|
      t.string :name
    end
  end
end
"""
NAME = "db/migrate/20240101000000_create_users.rb"


@pytest.fixture
def rails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "app"
    (root / "db" / "migrate").mkdir(parents=True)
    (root / "db" / "structure.sql").write_text(STRUCTURE)
    (root / NAME).write_text(MIGRATION)
    (root / "dbnamelint.yaml").write_text("paths: [db]\ndialect: postgres\n")
    monkeypatch.chdir(root)
    assert CliRunner().invoke(cli, ["whitelist", "init"]).exit_code == 0
    init_repo(root, "base")
    return root


def _found(*args: str) -> tuple[int, list[tuple[str, str, int]]]:
    result = CliRunner().invoke(cli, ["check", *args, "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.output)
    return result.exit_code, [(d["code"], d["path"], d["line"]) for d in report["diagnostics"]]


def test_an_edited_applied_rails_migration_fails_the_gate_and_the_hook(rails: Path) -> None:
    (rails / NAME).write_text(MIGRATION.replace("t.string :name", "t.string :full_name"))
    (rails / "db" / "structure.sql").write_text(STRUCTURE.replace(" name ", " full_name "))
    assert _found("--base", "HEAD") == (1, [("DBN025", NAME, 5)])
    git(rails, "add", "-A")
    result = CliRunner().invoke(cli, ["check", "--pre-commit", "db/structure.sql", NAME])
    assert result.exit_code == 1, result.output
    assert f"{NAME}:5:1: DBN025 error: this Rails migration was committed at HEAD" in (
        result.output
    )


def test_comments_new_migrations_and_unstaged_edits_pass(rails: Path) -> None:
    (rails / NAME).write_text("# Reworded.\n\n" + MIGRATION.replace("# Users", "# All users"))
    later = "db/migrate/20240201000000_rename_name.rb"
    (rails / later).write_text(MIGRATION.replace("create_table", "rename_column"))
    assert _found("--base", "HEAD") == (0, [])
    git(rails, "add", "-A")
    # an unstaged edit is not what the hook commits
    (rails / NAME).write_text(MIGRATION.replace("t.string :name", "t.text :name"))
    result = CliRunner().invoke(cli, ["check", "--pre-commit", later])
    assert result.exit_code == 0, result.output


def test_a_renamed_and_edited_applied_migration_fails_the_gate_and_the_hook(rails: Path) -> None:
    """Trial confirm37 s28b: ``git mv`` and an edit in one commit passed (git
    lists the old path deleted and a new one added, neither "edited"). Rails
    knows a migration by its version: the same version is the applied one."""
    moved = NAME.replace("create_users", "create_users_v2")
    git(rails, "mv", NAME, moved)
    # the rename alone changes nothing Rails ran
    assert _found("--base", "HEAD") == (0, [])
    (rails / moved).write_text(MIGRATION.replace("t.string :name", "t.string :fullName"))
    git(rails, "add", "-A")
    code, found = _found("--base", "HEAD")
    assert (code, [f for f in found if f[0] == "DBN025"]) == (1, [("DBN025", moved, 5)])
    result = CliRunner().invoke(cli, ["check", "--pre-commit", "db/structure.sql", moved])
    assert result.exit_code == 1, result.output
    assert (
        f"{moved}:5:1: DBN025 error: this Rails migration (renamed from {NAME}) was committed "
        "at HEAD"
    ) in result.output
    # another version is another migration (the applied one deleted, Rails' way)
    other = "db/migrate/20240301000000_create_users.rb"
    git(rails, "mv", moved, other)
    assert [f for f in _found("--base", "HEAD")[1] if f[0] == "DBN025"] == []


ECTO_DUMP = """\
CREATE TABLE public.users (id bigint NOT NULL, name character varying(255));
CREATE TABLE public.schema_migrations (version bigint NOT NULL, inserted_at timestamp(0));
INSERT INTO public."schema_migrations" (version) VALUES (20240101000000);
"""
ECTO_NAME = "priv/repo/migrations/20240101000000_create_users.exs"
ECTO_MIGRATION = """\
defmodule App.Repo.Migrations.CreateUsers do
  use Ecto.Migration

  def change do
    create table(:users) do
      add :name, :string
    end
  end
end
"""


def test_ecto_knows_a_migration_by_its_version_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ecto's ``schema_migrations`` keeps the version alone, as Rails': a
    rename keeping it is no new migration (it was a DBN032 "the schema it
    dumps is the same as at the base"), and a rename with an edit is the
    edit's DBN025 (it was DBN032 and DBN023)."""
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "app"
    (root / "priv/repo/migrations").mkdir(parents=True)
    (root / "priv/repo/structure.sql").write_text(ECTO_DUMP)
    (root / ECTO_NAME).write_text(ECTO_MIGRATION)
    (root / "dbnamelint.yaml").write_text("paths: [priv/repo]\ndialect: postgres\n")
    init_repo(root, "base")
    monkeypatch.chdir(root)
    moved = ECTO_NAME.replace("create_users", "create_users_v2")
    git(root, "mv", ECTO_NAME, moved)
    assert _found("--base", "HEAD") == (0, [])
    (root / moved).write_text(ECTO_MIGRATION.replace(":name", ":full_name"))
    git(root, "add", "-A")
    code, found = _found("--base", "HEAD")
    assert (code, found) == (1, [("DBN025", moved, 5)])  # the edited statement
    result = CliRunner().invoke(cli, ["check", "--pre-commit", moved, "priv/repo/structure.sql"])
    assert result.exit_code == 1, result.output
    assert f"{moved}:5:" in result.output and "DBN025 error" in result.output
