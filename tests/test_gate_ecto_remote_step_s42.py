"""A new Ecto migration whose step runs another module's step is ``DBN013`` (trial s42).

hexpm's ``20260711120000_add_oban_jobs.exs`` is ``def up, do:
Oban.Migrations.up()``: Oban's module makes its tables, none of which the
gate reads, and a project's own ``def up, do: MyApp.Repo.Setup.up(:BadTable)``
passed the hook as "All checks passed!" (once the app's dump stopped
refusing every new migration: tests/test_gate_ecto_baseline_s42.py). Such a
call is one the gate does not know, so a name it makes is unchecked: the
gate refuses it as any unread builder call (``DBN013``) unless a reviewed
``# dbnamelint: ignore[DBN013] <reason>`` above it accepts it. The oracle is
real git (``check --base HEAD`` and ``--pre-commit`` agree) and the
documented ``DBN013``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_json import check_entries, new_file_errors, stage
from git_helpers import committed_repo

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

PATH = "priv/repo/migrations/20260711120000_add_oban_jobs.exs"
OBAN = """\
defmodule Hexpm.RepoBase.Migrations.AddObanJobs do
  use Ecto.Migration

  def up, do: Oban.Migrations.up()
  def down, do: Oban.Migrations.down()
end
"""
OWN = """\
defmodule MyApp.Repo.Migrations.Setup do
  use Ecto.Migration

  def change do
    create table(:audits) do
      add :action, :text
    end

    MyApp.Repo.Setup.change(:BadTable)
  end
end
"""


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = {
        "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
        "db/schema.sql": "CREATE TABLE users (id bigserial PRIMARY KEY);\n",
    }
    return committed_repo(tmp_path / "app", files, monkeypatch)


@pytest.mark.parametrize(("text", "line"), [(OBAN, 4), (OWN, 9)], ids=["oban", "own"])
def test_another_modules_step_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, line: int
) -> None:
    root = _repo(tmp_path, monkeypatch)
    assert new_file_errors(root, PATH, text) == [("DBN013", line)]


def test_a_reviewed_comment_accepts_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _repo(tmp_path, monkeypatch)
    accepted = OBAN.replace(
        "  def up, do:",
        "  # dbnamelint: ignore[DBN013] Oban's own tables (oban_jobs, oban_peers)\n  def up, do:",
    )
    stage(root, PATH, accepted)
    status, found = check_entries("--base", "HEAD", "--no-cache", "--verbose")
    assert status == 0, found
    assert [(c, s) for c, _, _, s, _ in found if c == "DBN013"] == [("DBN013", "info")]


def test_the_rollback_and_ecto_own_calls_are_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only the forward step runs on `mix ecto.migrate`; `Ecto.Migration.create`
    is the builder the gate reads."""
    root = _repo(tmp_path, monkeypatch)
    text = OBAN.replace("def up, do: Oban.Migrations.up()", "def up, do: :ok").replace(
        "  def up, do: :ok\n",
        "  def up do\n    Ecto.Migration.create(table(:audits))\n  end\n",
    )
    stage(root, PATH, text)
    status, found = check_entries("--base", "HEAD", "--no-cache")
    assert status == 0, found
    assert [c for c, *_ in found if c == "DBN013"] == []
