"""``drift`` counts the migrations of every folder the app adds to
``db/migrate`` (mastodon's ``db/post_migrate``) as the dump's (trial s38
mastodon).

A database that ran a ``db/post_migrate`` migration covered by schema.rb's
``define(version:)`` was said to have "applied 1 version the dump does not
list" (only ``db/migrate`` was read for the versions ``db:schema:load``
records), once a later migration's version was the dump's. Oracle:
ActiveRecord (Debian's ``ruby-activerecord`` 6.1) runs both folders on
PostgreSQL 15, as mastodon's initializer makes ``bin/rails db:migrate`` do,
and dumps schema.rb.
"""

from __future__ import annotations

import os
import subprocess

from click.testing import CliRunner

from dbnamelint.cli import cli
from test_gate_rails_ruby_dump_objects import (
    Migrate,
    migrate,  # noqa: F401 - the fixture
)

INITIALIZER = """\
unless ENV['SKIP_POST_DEPLOYMENT_MIGRATIONS']
  Rails.application.config.paths['db'].each do |db_path|
    path = Rails.root.join(db_path, 'post_migrate').to_s

    Rails.application.config.paths['db/migrate'] << path
    ActiveRecord::Migrator.migrations_paths << path
  end
end
"""
POST = "db/post_migrate/20250902000000_add_accounts_name_index.rb"
POST_RB = """\
class AddAccountsNameIndex < ActiveRecord::Migration[6.1]
  def change
    add_index :accounts, :name
  end
end
"""
#: a later db/migrate migration: the dump's define(version:) passes the post_migrate one
LATER = "db/migrate/20250903000000_add_accounts_icon.rb"
LATER_RB = """\
class AddAccountsIcon < ActiveRecord::Migration[6.1]
  def change
    add_column :accounts, :icon, :string
  end
end
"""
#: bin/rails db:migrate with the initializer: both folders, then the dump
BOTH = """\
require "active_record"
ActiveRecord::Base.establish_connection(ARGV[0])
ActiveRecord::Migration.verbose = false
folders = %w[db/migrate db/post_migrate]
ActiveRecord::MigrationContext.new(folders, ActiveRecord::SchemaMigration).migrate
File.open("db/schema.rb", "w") do |file|
  ActiveRecord::SchemaDumper.dump(ActiveRecord::Base.connection, file)
end
"""


def test_a_post_migrate_version_is_one_the_dump_lists(migrate: Migrate) -> None:  # noqa: F811
    root, _run, url = migrate
    (root / "config/initializers").mkdir(parents=True, exist_ok=True)
    (root / "config/initializers/0_post_deployment_migrations.rb").write_text(
        INITIALIZER, encoding="utf-8"
    )
    (root / "db/post_migrate").mkdir()
    (root / POST).write_text(POST_RB, encoding="utf-8")
    (root / LATER).write_text(LATER_RB, encoding="utf-8")
    (root / "both.rb").write_text(BOTH, encoding="utf-8")
    subprocess.run(
        ["ruby", "both.rb", url], cwd=root, check=True, capture_output=True, env=dict(os.environ)
    )
    assert "2025_09_03_000000" in (root / "db/schema.rb").read_text()
    drift = CliRunner().invoke(cli, ["drift", "--db", url])
    assert "does not list" not in drift.output, drift.output
    assert "versions the dump lists" in drift.output, drift.output
