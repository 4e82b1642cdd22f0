"""A Rails app that keeps ``config/database.yml`` out of git ships a template
of it (lobsters: ``config/database.yml.sample``, ``.gitignore`` lists
``config/database.yml``); every checkout, CI's included, has only the
template. Its ``adapter:`` is the app's database and its ``migrations_paths:``
the other databases' migration folders.

Before, ``init`` wrote ``dialect: postgres`` for lobsters' SQLite
``db/schema.rb`` (trial s37 lobsters), and ``check`` then failed on its
64-byte Rails index names (``DBN501``: "postgres allows 63"), which SQLite
keeps whole (oracle: sqlite_master); and a migration in the queue database's
``db/queue_migrate`` passed the hook unread.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import git, git_workdir, init_repo, write_files

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

SAMPLE = """\
sqlite3: &sqlite3
  adapter: sqlite3

production:
  primary:
    <<: *sqlite3
    database: storage/primary.sqlite3
  queue:
    <<: *sqlite3
    database: storage/queue.sqlite3
    migrations_paths: db/queue_migrate
"""
#: A 64-byte name Rails gives an index of three columns.
LONG = "index_links_on_to_story_id_and_from_story_id_and_from_comment_id"
PRIMARY = f"""\
ActiveRecord::Schema[8.0].define(version: 2026_01_01_000000) do
  create_table "links", force: :cascade do |t|
    t.bigint "to_story_id"
    t.bigint "from_story_id"
    t.bigint "from_comment_id"
    t.index ["to_story_id", "from_story_id", "from_comment_id"], name: "{LONG}"
  end
end
"""
QUEUE = """\
ActiveRecord::Schema[8.0].define(version: 1) do
  create_table "solid_queue_jobs", force: :cascade do |t|
    t.string "queue_name", null: false
  end
end
"""


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An app of the sample alone (no git repository yet), the current directory."""
    root = git_workdir(tmp_path / "app", monkeypatch)
    files = {
        "config/database.yml.sample": SAMPLE,
        ".gitignore": "/config/database.yml\n",
        "db/schema.rb": PRIMARY,
        "db/queue_schema.rb": QUEUE,
    }
    write_files(root, files)
    return root


def test_init_takes_the_sample_adapter_and_check_passes_sqlites_long_names(app: Path) -> None:
    said = CliRunner().invoke(cli, ["init"])
    assert said.exit_code == 0, said.output
    assert "Dialect: sqlite" in said.output
    assert "(config/database.yml.sample's adapter: sqlite)" in said.output
    config = (app / "dbnamelint.yaml").read_text()
    assert "\ndialect: sqlite\n" in config
    # the oracle: SQLite keeps the 64-byte name whole
    with sqlite3.connect(":memory:") as db:
        db.execute("CREATE TABLE links (to_story_id, from_story_id, from_comment_id)")
        db.execute(f'CREATE INDEX "{LONG}" ON links (to_story_id, from_story_id, from_comment_id)')
        kept = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")]
    assert kept == [LONG]
    result = CliRunner().invoke(cli, ["inspect", "--format", "json", "--database", "primary"])
    assert result.exit_code == 0, result.output
    indexes = [o["name"] for o in json.loads(result.stdout)["objects"] if o["kind"] == "index"]
    assert indexes == kept
    checked = CliRunner().invoke(cli, ["check"])
    assert checked.exit_code == 0, checked.output


def test_the_samples_migrations_paths_are_held_by_the_hook(app: Path) -> None:
    (app / "dbnamelint.yaml").write_text(
        "paths: [db]\ndatabases:\n  primary: [db/schema.rb]\n  queue: [db/queue_schema.rb]\n"
    )
    init_repo(app, "base")
    new = "db/queue_migrate/20270101000000_add_notes.rb"
    (app / new).parent.mkdir(parents=True)
    (app / new).write_text(
        "class AddNotes < ActiveRecord::Migration[8.0]\n"
        "  def change\n    create_table :QueueNotes\n  end\nend\n"
    )
    git(app, "add", "-A")
    result = CliRunner().invoke(cli, ["check", "--pre-commit", "--format", "json", new])
    found = [(d["code"], d["path"]) for d in json.loads(result.stdout)["diagnostics"]]
    assert (result.exit_code, found) == (1, [("DBN032", new)])
    # a database.yml in place (the developer's copy) is the one read
    (app / "config/database.yml").write_text(SAMPLE.replace("db/queue_migrate", "db/q_migrate"))
    result = CliRunner().invoke(cli, ["check", "--pre-commit", "--format", "json", new])
    assert result.exit_code == 0, result.output


def test_without_any_database_yml_init_leaves_the_dialect_unset(app: Path) -> None:
    # schema.rb is Ruby read as the SQL of the default dialect: that SQL
    # shows no database, so no `dialect:` line claims one (it was written
    # as postgres, "read from the text")
    (app / "config/database.yml.sample").unlink()
    said = CliRunner().invoke(cli, ["init"])
    assert said.exit_code == 0, said.output
    assert "Dialect: postgres (nothing here shows one: the default, left unset)" in said.output
    config = (app / "dbnamelint.yaml").read_text()
    assert "\ndialect:" not in config
    assert "\n# dialect: postgres\n" in config
