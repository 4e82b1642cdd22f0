"""An Ecto or Rails migration's rollback is not judged as what it makes (trial s40 papercups).

``dbnamelint migrate`` on an Ecto app (``priv/repo/structure.sql``) says to
put the forward script in the migration's ``up`` and the rollback in its
``down``; the gate then read the rollback's ``execute`` strings as new DDL
and refused the phase: its ``ALTER TABLE "comms_messages" RENAME TO
"messages"`` made the legacy name ``messages`` again. Ecto runs ``down``
(and the second argument of ``execute/2``) only on ``mix ecto.rollback``,
Rails its ``def down`` and ``reversible``'s ``dir.down`` only on
``db:rollback``, as Knex's ``down()`` and Django's ``reverse_sql``, which
the gate already left out. Oracles: real git for the gate; ecto_sql's
``Ecto.Migration.execute/2`` docs ("the second [command] when rolling back")
and Active Record's ``ReversibleMigration`` docs.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_json import check_entries, new_file_errors, stage
from git_helpers import committed_repo

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CONFIG = "paths: [db]\ndialect: postgres\n"
SCHEMA = "CREATE TABLE users (email text);\n"

ECTO_PATH = "priv/repo/migrations/20240101000000_rename_users.exs"
ECTO = """defmodule MyApp.Repo.Migrations.RenameUsers do
  use Ecto.Migration

  def change do
    execute("ALTER TABLE users RENAME TO people", "ALTER TABLE people RENAME TO \\"LegacyUsers\\"")
    execute "CREATE INDEX people_email_idx ON people (email)",
            "CREATE INDEX \\"LegacyIdx\\" ON users (email)"
  end
end
"""
ECTO_UP_DOWN = """defmodule MyApp.Repo.Migrations.RenameUsers do
  use Ecto.Migration

  def up do
    execute "ALTER TABLE users RENAME TO people"
  end

  def down do
    restore()
  end

  defp restore, do: execute("ALTER TABLE people RENAME TO \\"LegacyUsers\\"")
end
"""
ECTO_CAPTURES = """defmodule MyApp.Repo.Migrations.RenameUsers do
  use Ecto.Migration

  def change, do: execute(&forward/0, &backward/0)

  defp forward, do: rename(table(:users), to: table(:people))

  defp backward do
    rename table(:people), to: table(:LegacyUsers)
  end
end
"""
RAILS_PATH = "db/migrate/20240101000000_rename_users.rb"
RAILS = """class RenameUsers < ActiveRecord::Migration[7.1]
  def up
    execute "ALTER TABLE users RENAME TO people"
    reversible do |dir|
      dir.up { execute "CREATE INDEX people_email_idx ON people (email)" }
      dir.down { execute 'CREATE INDEX "LegacyIdx" ON users (email)' }
    end
  end

  def down
    execute 'ALTER TABLE people RENAME TO "LegacyUsers"'
  end
end
"""


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = {"dbnamelint.yaml": CONFIG, "db/schema.sql": SCHEMA}
    return committed_repo(tmp_path / "app", files, monkeypatch)


@pytest.mark.parametrize(
    ("path", "text"),
    [(ECTO_PATH, ECTO), (ECTO_PATH, ECTO_UP_DOWN), (ECTO_PATH, ECTO_CAPTURES), (RAILS_PATH, RAILS)],
    ids=["ecto-execute2", "ecto-down", "ecto-captures", "rails"],
)
def test_a_rollback_s_names_are_not_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: str, text: str
) -> None:
    root = _repo(tmp_path, monkeypatch)
    stage(root, path, text)
    for run in (("--base", "HEAD"), ("--pre-commit",)):
        status, found = check_entries(*run, "--no-cache")
        assert status == 0, found
        assert [c for c, p, *_ in found if p == path] == [], found


@pytest.mark.parametrize(
    ("path", "text", "line"),
    [
        (ECTO_PATH, ECTO, 5),
        (ECTO_PATH, ECTO_UP_DOWN, 5),
        (ECTO_PATH, ECTO_CAPTURES, 6),
        (RAILS_PATH, RAILS, 3),
    ],
    ids=["ecto-execute2", "ecto-down", "ecto-captures", "rails"],
)
def test_the_forward_step_is_still_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: str, text: str, line: int
) -> None:
    root = _repo(tmp_path, monkeypatch)
    bad = text.replace("RENAME TO people", 'RENAME TO \\"People\\"', 1).replace(
        "table(:people))", "table(:People))", 1
    )
    assert bad != text
    assert new_file_errors(root, path, bad) == [("DBN101", line)]
