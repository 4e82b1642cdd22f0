"""A Rails 8 SQLite migration's ``create_virtual_table`` is held by the gate
like its ``create_table``.

Rails 8's SQLite adapter makes an FTS5/R*Tree table with
``create_virtual_table :x, :fts5, ["title"]`` (``CREATE VIRTUAL TABLE IF NOT
EXISTS x USING fts5 (title)``) and its dumper writes it into
``db/schema.rb`` as ``create_virtual_table "x", "fts5", ["title"]``
(``ActiveRecord::ConnectionAdapters::SQLite3::SchemaDumper#virtual_tables``).
A new migration making one whose dump did not follow passed the gate (trial
s37 lobsters A20/A20b: only the version bumped, or another table's change
regenerated): the call was not known to change the dump, nor its name to be
one the dump must then hold. The oracle is real git: the base commit and the
change's staged copy.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import git, init_repo, isolated_git_env

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

DATABASE_YML = "production:\n  adapter: sqlite3\n  database: storage/production.sqlite3\n"
SCHEMA = """\
ActiveRecord::Schema[8.0].define(version: {version}) do
  create_table "stories", force: :cascade do |t|
    t.string "title", null: false
{more}  end
{virtual}end
"""
NEW = "db/migrate/20270101000000_add_story_search.rb"
BACKDATED = "db/migrate/20260101000000_add_story_search.rb"
MIGRATION = """\
class AddStorySearch < ActiveRecord::Migration[8.0]
  def change
    create_virtual_table :storySearch, :fts5, ["title"]
{more}  end
end
"""


def _schema(version: str, *, more: str = "", virtual: str = "") -> str:
    return SCHEMA.format(version=version, more=more, virtual=virtual)


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "app"
    (root / "config").mkdir(parents=True)
    (root / "db" / "migrate").mkdir(parents=True)
    (root / "config" / "database.yml").write_text(DATABASE_YML)
    (root / "db" / "schema.rb").write_text(_schema("2026_06_01_000000"))
    (root / "dbnamelint.yaml").write_text("paths: [db]\n")
    init_repo(root, "base")
    monkeypatch.chdir(root)
    return root


def _hook(*paths: str) -> tuple[int, str]:
    git(Path.cwd(), "add", "-A")
    result = CliRunner().invoke(cli, ["check", "--pre-commit", *paths])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def test_a_virtual_table_migration_whose_dump_only_got_its_version_is_refused(
    app: Path,
) -> None:
    (app / NEW).write_text(MIGRATION.format(more=""))
    (app / "db" / "schema.rb").write_text(_schema("2027_01_01_000000"))
    code, output = _hook(NEW, "db/schema.rb")
    assert code == 1, output
    assert f"{NEW}:1:1: DBN032 error: db/schema.rb's define(version: 20270101000000) covers" in (
        output
    )
    assert "the schema it dumps is the same as at the base" in output


def test_a_backdated_virtual_table_migration_the_dump_lacks_is_refused(app: Path) -> None:
    # the dump changed for the migration's other call, not for its virtual table
    (app / BACKDATED).write_text(MIGRATION.format(more="    add_column :stories, :url, :string\n"))
    (app / "db" / "schema.rb").write_text(_schema("2026_06_01_000000", more='    t.string "url"\n'))
    code, output = _hook(BACKDATED, "db/schema.rb")
    assert code == 1, output
    assert 'but holds no table "storySearch" that the migration makes' in output


def test_the_regenerated_dump_is_judged_and_a_dropped_one_is_not_required(app: Path) -> None:
    (app / NEW).write_text(MIGRATION.format(more=""))
    (app / "db" / "schema.rb").write_text(
        _schema(
            "2027_01_01_000000",
            virtual='  create_virtual_table "storySearch", "fts5", ["title"]\n',
        )
    )
    code, output = _hook(NEW, "db/schema.rb")
    # the dump Rails wrote: its name judged there, no DBN032
    assert code == 1, output
    assert "DBN032" not in output
    assert 'db/schema.rb:5:25: DBN101 table "storySearch"' in output
    # a later migration of the change drops it again: the dump rightly lacks it
    later = "db/migrate/20270102000000_drop_story_search.rb"
    (app / later).write_text(
        "class DropStorySearch < ActiveRecord::Migration[8.0]\n  def change\n"
        '    drop_virtual_table :storySearch, :fts5, ["title"]\n'
        "    add_column :stories, :url, :string\n  end\nend\n"
    )
    (app / "db" / "schema.rb").write_text(_schema("2027_01_02_000000", more='    t.string "url"\n'))
    code, output = _hook(NEW, later, "db/schema.rb")
    assert (code, "DBN032" in output) == (0, False), output
