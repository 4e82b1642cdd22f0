"""Rails migrations outside ``db/migrate`` are held like ``db/migrate``'s in the gate.

Rails runs the migrations of every folder of ``paths["db/migrate"]``
(``Rails::Paths::Root``; ``ActiveRecord::Railtie`` sets
``ActiveRecord::Migrator.migrations_paths`` from it), which an app extends in
Ruby: mastodon's ``Mastodon::Database.add_post_migrate_path_to_rails`` adds
``db/post_migrate`` (``Rails.root.join(db_path, 'post_migrate')``), GitLab's
config ``config.paths["db/migrate"] << "db/post_migrate"``. Another database's
``migrations_paths:`` in ``config/database.yml`` may list several folders
(``HashConfig#migrations_paths``: a string or an array). A migration there
newer than the dump records is ``DBN032``, an applied one edited ``DBN025``
(trial s30 mastodon, S4 and S6b: both passed). Deleting an applied migration
passes: Rails keeps its version in ``schema_migrations`` and the dump stays
what a new database loads (Rails guides, "Old Migrations"). The oracle is
real git: the base commit and the change's staged copy.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import git, init_repo, isolated_git_env
from test_rails_databases import DATABASE_YML, QUEUE, rails_app

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

#: mastodon's lib/mastodon/database.rb and its initializer (HEAD 2f40549).
MASTODON_LIB = """\
module Mastodon
  module Database
    def self.add_post_migrate_path_to_rails(force: false)
      return if ENV['SKIP_POST_DEPLOYMENT_MIGRATIONS'] && !force

      Rails.application.config.paths['db'].each do |db_path|
        path = Rails.root.join(db_path, 'post_migrate').to_s

        next if Rails.application.config.paths['db/migrate'].include?(path)

        Rails.application.config.paths['db/migrate'] << path
        ActiveRecord::Migrator.migrations_paths << path
      end
    end
  end
end
"""
MASTODON_INIT = "Mastodon::Database.add_post_migrate_path_to_rails\n"
#: GitLab's style, in config/application.rb.
APPLICATION_PATHS = """\
module Shop
  class Application < Rails::Application
    config.paths["db/migrate"] << "db/post_migrate"
  end
end
"""
APPLIED = "db/post_migrate/20250101000000_remove_old_flag.rb"
APPLIED_RB = """\
class RemoveOldFlag < ActiveRecord::Migration[8.0]
  def change
    remove_column :users, :old_flag, :boolean
  end
end
"""
NEW = "db/post_migrate/20270101000000_add_bad_column.rb"
NEW_RB = """\
class AddBadColumn < ActiveRecord::Migration[8.0]
  def change
    add_column :users, :isBot, :boolean
  end
end
"""


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    return monkeypatch


def _app(root: Path, files: dict[str, str]) -> Path:
    config = "paths: [db]\ndatabases:\n  primary: [db/schema.rb]\n  queue: [db/queue_schema.rb]\n"
    rails_app(root, {"db/queue_schema.rb": QUEUE, "dbnamelint.yaml": config, **files})
    init_repo(root, "base")
    return root


def _hook(root: Path, *paths: str) -> tuple[int, list[tuple[str, str, int]], str]:
    git(root, "add", "-A")
    result = CliRunner().invoke(cli, ["check", "--pre-commit", "--format", "json", *paths])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.stdout)
    found = [(d["code"], d["path"], d["line"]) for d in report["diagnostics"]]
    messages = "\n".join(d["message"] for d in report["diagnostics"])
    return result.exit_code, found, messages


def _new_queue_migration(root: Path, folder: str) -> str:
    """A migration newer than QUEUE's version 1 written in ``folder``: its path."""
    new = f"{folder}/20270101000000_add_notes.rb"
    (root / new).write_text(
        "class AddNotes < ActiveRecord::Migration[8.0]\n"
        "  def change\n    create_table :QueueNotes\n  end\nend\n"
    )
    return new


@pytest.mark.parametrize(
    "files",
    [
        {
            "lib/mastodon/database.rb": MASTODON_LIB,
            "config/initializers/0_post_deployment_migrations.rb": MASTODON_INIT,
        },
        {"config/application.rb": APPLICATION_PATHS},
    ],
    ids=["mastodon", "config-paths"],
)
def test_a_post_migrate_folder_is_held_like_db_migrate(
    tmp_path: Path, env: pytest.MonkeyPatch, files: dict[str, str]
) -> None:
    root = _app(tmp_path / "shop", {**files, APPLIED: APPLIED_RB})
    env.chdir(root)
    # S4: a new migration newer than schema.rb's define(version:), schema.rb not regenerated
    (root / NEW).write_text(NEW_RB)
    code, found, messages = _hook(root, NEW)
    assert (code, found) == (1, [("DBN032", NEW, 1)])
    assert "newer than the version 20260101000000 that db/schema.rb's" in messages
    git(root, "rm", "-q", "--cached", NEW)
    (root / NEW).unlink()
    # S6b: an applied one edited
    (root / APPLIED).write_text(APPLIED_RB.replace("old_flag", "oldKey"))
    code, found, messages = _hook(root, APPLIED)
    assert (code, found) == (1, [("DBN025", APPLIED, 3)])
    assert "while schema.rb says otherwise" in messages
    # S6c: an applied one deleted: Rails keeps its version, schema.rb is the schema
    (root / APPLIED).unlink()
    assert _hook(root, APPLIED)[:2] == (0, [])


def test_a_folder_named_in_ruby_but_missing_or_unrelated_is_no_migrations_folder(
    tmp_path: Path, env: pytest.MonkeyPatch
) -> None:
    # a literal ending in `migrate` in a file that does not extend the paths is no folder
    root = _app(
        tmp_path / "shop",
        {"lib/tasks.rb": 'task :x do\n  sh "db/post_migrate"\nend\n', APPLIED: APPLIED_RB},
    )
    env.chdir(root)
    (root / NEW).write_text(NEW_RB)
    assert _hook(root, NEW)[:2] == (0, [])


def test_each_of_several_migrations_paths_of_a_database_is_held(
    tmp_path: Path, env: pytest.MonkeyPatch
) -> None:
    yml = DATABASE_YML.replace(
        "    migrations_paths: db/queue_migrate\n",
        "    migrations_paths:\n      - db/queue_migrate\n      - db/queue_data_migrate\n",
    )
    old = "db/queue_data_migrate/20250101000000_backfill.rb"
    root = _app(
        tmp_path / "shop",
        {"config/database.yml": yml, old: "class Backfill < ActiveRecord::Migration[8.0]\nend\n"},
    )
    env.chdir(root)
    # QUEUE records version 1: anything later was not migrated into it
    new = _new_queue_migration(root, "db/queue_data_migrate")
    code, found, _ = _hook(root, new)
    assert (code, found) == (1, [("DBN032", new, 1)])
    # the flow form lists them too
    (root / "config/database.yml").write_text(
        DATABASE_YML.replace(
            "migrations_paths: db/queue_migrate",
            'migrations_paths: ["db/queue_migrate", "db/queue_data_migrate"]',
        )
    )
    code, found, _ = _hook(root, new)
    assert (code, found) == (1, [("DBN032", new, 1)])


#: An applied migration of the queue database's folder.
QUEUE_APPLIED = "db/queue_migrate/20250101000000_backfill.rb"
QUEUE_APPLIED_RB = (
    "class Backfill < ActiveRecord::Migration[8.0]\n"
    "  def change\n    add_column :solid_queue_jobs, :note, :string\n  end\nend\n"
)


def _queue_folder_is_held(root: Path) -> None:
    """The hook holds ``db/queue_migrate``: a migration newer than QUEUE's
    version 1 is DBN032, an edit of :data:`QUEUE_APPLIED` DBN025."""
    new = _new_queue_migration(root, "db/queue_migrate")
    code, found, _ = _hook(root, new)
    assert (code, found) == (1, [("DBN032", new, 1)])
    git(root, "rm", "-q", "--cached", new)
    (root / new).unlink()
    # an applied one of that folder edited
    applied = QUEUE_APPLIED
    (root / applied).write_text((root / applied).read_text().replace(":note", ":noteText"))
    code, found, _ = _hook(root, applied)
    assert (code, found) == (1, [("DBN025", applied, 3)])


#: Each environment's section names its own folders (lobsters' database.yml.sample):
#: development's and production's differ, and `db:migrate` in production runs
#: production's.
ENVIRONMENTS_YML = """\
sqlite3: &sqlite3
  adapter: sqlite3

development:
  primary:
    <<: *sqlite3
    database: db/development/primary.sqlite3
  queue:
    <<: *sqlite3
    database: db/development/queue.sqlite3
    migrations_paths: db/development/queue_migrate

production:
  primary:
    <<: *sqlite3
    database: storage/primary.sqlite3
  queue:
    <<: *sqlite3
    database: storage/queue.sqlite3
    migrations_paths: db/queue_migrate
"""


def test_every_environments_migrations_paths_are_held(
    tmp_path: Path, env: pytest.MonkeyPatch
) -> None:
    # trial s37 lobsters A8: only the first section's folder was known, so a
    # migration in production's db/queue_migrate passed the hook unread
    root = _app(
        tmp_path / "shop",
        {"config/database.yml": ENVIRONMENTS_YML, QUEUE_APPLIED: QUEUE_APPLIED_RB},
    )
    env.chdir(root)
    _queue_folder_is_held(root)
    # development's folder stays held, and stays the one new migrations go to
    from dbnamelint.frontends.rails.app import migrations_path, migrations_paths

    assert migrations_paths(root, "queue") == ["db/development/queue_migrate", "db/queue_migrate"]
    assert migrations_path(root, "queue") == "db/development/queue_migrate"


#: Rails 8's shape: the queue database's folder comes from an anchor through a
#: merge key, no line of its section says it (session 37 H2).
MERGED_YML = """\
default: &default
  adapter: postgresql
  encoding: unicode
  password: <%= ENV["SHOP_DATABASE_PASSWORD"] %>

queue_defaults: &queue_defaults
  <<: *default
  migrations_paths: db/queue_migrate

development:
  primary:
    <<: *default
    database: shop_development
  queue:
    <<: *queue_defaults
    database: shop_development_queue

production:
  primary:
    <<: *default
    database: shop_production
  queue:
    <<: *queue_defaults
    database: <%= ENV.fetch("QUEUE_DATABASE", "shop_production_queue") %>
"""


def test_migrations_paths_through_a_merge_key_are_held(
    tmp_path: Path, env: pytest.MonkeyPatch
) -> None:
    import yaml

    # what YAML (pyyaml's SafeLoader, as Psych) reads: the folder is the queue's
    plain = MERGED_YML.replace("<%=", "'").replace("%>", "'")
    assert yaml.safe_load(plain)["production"]["queue"]["migrations_paths"] == "db/queue_migrate"
    root = _app(
        tmp_path / "shop",
        {"config/database.yml": MERGED_YML, QUEUE_APPLIED: QUEUE_APPLIED_RB},
    )
    env.chdir(root)
    from dbnamelint.frontends.rails.app import adapter_dialect, migrations_paths

    assert migrations_paths(root, "queue") == ["db/queue_migrate"]
    assert adapter_dialect(root / "db/queue_schema.rb") == "postgres"
    _queue_folder_is_held(root)


#: The primary database's own migrations_paths: (trial s40 maybe): a two-tier
#: file's environment section, and a three-tier file's primary: section.
TWO_TIER = """\
default: &default
  adapter: postgresql

development:
  <<: *default
  database: shop_development

production:
  <<: *default
  database: shop_production
  migrations_paths: ["db/migrate", "db/post_migrate"]
"""
THREE_TIER = DATABASE_YML.replace(
    "    database: shop_production\n",
    "    database: shop_production\n"
    "    migrations_paths:\n      - db/migrate\n      - db/post_migrate\n",
    1,
)
#: What ActiveRecord reads (Debian's ruby-activerecord 6.1): the primary
#: configuration's migrations_paths of each environment.
_AR_PATHS = """\
require "active_record"
require "yaml"
ActiveRecord::Base  # loads DatabaseConfigurations
data = YAML.load(File.read(ARGV[0]), aliases: true) rescue YAML.load(File.read(ARGV[0]))
configs = ActiveRecord::DatabaseConfigurations.new(data)
puts configs.configs_for(env_name: "production").first.migrations_paths.inspect
"""


@pytest.mark.parametrize("yml", [TWO_TIER, THREE_TIER], ids=["two-tier", "three-tier"])
def test_the_primary_databases_migrations_paths_are_held(
    tmp_path: Path, env: pytest.MonkeyPatch, yml: str
) -> None:
    if shutil.which("ruby") is not None:
        # the oracle: ActiveRecord's primary configuration names the folder
        (tmp_path / "database.yml").write_text(yml)
        (tmp_path / "paths.rb").write_text(_AR_PATHS)
        said = subprocess.run(
            ["ruby", str(tmp_path / "paths.rb"), str(tmp_path / "database.yml")],
            capture_output=True,
            text=True,
            check=False,
        )
        if "cannot load such file" not in said.stderr:
            assert said.stdout.strip() == '["db/migrate", "db/post_migrate"]', said.stderr
    root = _app(tmp_path / "shop", {"config/database.yml": yml, APPLIED: APPLIED_RB})
    env.chdir(root)
    (root / NEW).write_text(NEW_RB)
    code, found, messages = _hook(root, NEW)
    assert (code, found) == (1, [("DBN032", NEW, 1)])
    assert "newer than the version 20260101000000 that db/schema.rb's" in messages
