"""The gate on a MySQL Rails app keeping no dump (trial s41 huginn).

huginn's ``config/database.yml`` defaults to ``mysql2`` and its
``.gitignore`` lists ``db/schema.rb``: the gate reads each new migration's
builder calls (``add_column``, ``add_index``, ``rename_index``,
``change_table``...) as the SQL Rails runs. That SQL was written with
PostgreSQL's double quotes, which MySQL reads as strings, so under
``dialect: mysql`` every new migration, an honest one too, was refused
with ``DBN004 could not read ALTER TABLE statement``. Now it is MySQL's
SQL (backticks, ``ALTER TABLE ... RENAME INDEX``). Oracles: real git (the
hook and ``check --base``), and ActiveRecord running the migrations on
MariaDB, whose ``information_schema`` holds the names the gate judges.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import git, init_repo, isolated_git_env
from mysql_server import MysqlServer

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

DATABASE_YML = """\
development:
  adapter: <%= ENV['DATABASE_ADAPTER'].presence || "mysql2" %>
  database: huginn_development
"""
APPLICATION_RB = "module Huginn\n  class Application < Rails::Application\n  end\nend\n"
FIRST = """\
class CreateAgents < ActiveRecord::Migration[4.2]
  def change
    create_table :agents do |t|
      t.string :name
      t.string :guid
      t.timestamps
    end
    add_index :agents, :guid
  end
end
"""
HONEST = """\
class AddPriorityToAgents < ActiveRecord::Migration[6.1]
  def change
    add_column :agents, :priority, :integer, default: 0, null: false
    add_index :agents, :priority
    rename_index :agents, :index_agents_on_guid, :index_agents_on_guid_lookup
    rename_column :agents, :name, :title
    change_table(:agents) do |t|
      t.string :unlock_token
    end
  end
end
"""
CARELESS = """\
class AddLockableToAgents < ActiveRecord::Migration[6.1]
  def change
    add_column :agents, :failedAttempts, :integer, default: 0, null: false
    add_index :agents, :failedAttempts, name: "IdxFailed"
    rename_index :agents, :index_agents_on_guid, :IdxGuid
    rename_column :agents, :name, :agentName
    change_table(:agents) do |t|
      t.string :unlockToken
    end
  end
end
"""

_MIGRATE = """\
require "active_record"
ActiveRecord::Base.establish_connection(ARGV[0])
ActiveRecord::Migration.verbose = false
ActiveRecord::MigrationContext.new("db/migrate", ActiveRecord::SchemaMigration).migrate
"""


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """huginn's layout: mysql2 in database.yml, db/schema.rb ignored, one
    applied migration, ``dialect: mysql`` (committed)."""
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = tmp_path / "huginn"
    for rel, text in {
        "config/database.yml": DATABASE_YML,
        "config/application.rb": APPLICATION_RB,
        ".gitignore": "db/schema.rb\n",
        "dbnamelint.yaml": "dialect: mysql\n",
        "db/migrate/20120728210244_create_agents.rb": FIRST,
    }.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    init_repo(root, "base")
    monkeypatch.chdir(root)
    return root


def _gate(root: Path, name: str, migration: str) -> tuple[int, set[tuple[str, str]], str]:
    """The hook's exit code and its errors as (code, object), after checking
    that ``check --base HEAD`` agrees."""
    (root / f"db/migrate/20260901000000_{name}.rb").write_text(migration, encoding="utf-8")
    git(root, "add", "-A")
    hook = CliRunner().invoke(cli, ["check", "--pre-commit", "--format", "json"])
    assert hook.exception is None or isinstance(hook.exception, SystemExit), hook.output
    report = json.loads(hook.stdout)
    errors = {
        (d["code"], f"{d['table']}.{d['name']}" if d.get("table") else d["message"])
        for d in [*report["diagnostics"], *report["findings"]]
        if d["severity"] == "error" and not d.get("whitelisted")
    }
    base = CliRunner().invoke(cli, ["check", "--base", "HEAD"])
    assert base.exit_code == hook.exit_code, (hook.output, base.output)
    return hook.exit_code, errors, base.output


def test_an_honest_migration_passes(app: Path) -> None:
    code, errors, output = _gate(app, "add_priority_to_agents", HONEST)
    assert (code, errors) == (0, set()), output


def _active_record_mysql() -> bool:
    if shutil.which("ruby") is None:
        return False
    found = subprocess.run(
        ["ruby", "-e", 'require "active_record"; require "mysql2"'],
        capture_output=True,
        check=False,
    )
    return found.returncode == 0


def test_each_careless_name_activerecord_makes_is_refused(app: Path, maria: MysqlServer) -> None:
    if not _active_record_mysql():
        pytest.skip("ruby with activerecord and mysql2 is not installed")
    code, errors, output = _gate(app, "add_lockable_to_agents", CARELESS)
    with maria.fresh_database("s41huginn_rails") as db:
        (app.parent / "migrate.rb").write_text(_MIGRATE, encoding="utf-8")
        subprocess.run(
            ["ruby", str(app.parent / "migrate.rb"), maria.url(db).replace("mysql:", "mysql2:", 1)],
            cwd=app,
            check=True,
            capture_output=True,
            env=dict(os.environ),
        )
        columns = maria.run(
            "SELECT column_name FROM information_schema.columns"
            f" WHERE table_schema = '{db}' AND table_name = 'agents'"
        ).split()
        indexes = maria.run(
            "SELECT DISTINCT index_name FROM information_schema.statistics"
            f" WHERE table_schema = '{db}' AND table_name = 'agents' AND index_name <> 'PRIMARY'"
        ).split()
    # the catalog's names not in snake_case: what the gate must name, each once
    made = {f"agents.{c}" for c in columns + indexes if c != c.lower()}
    assert made == {
        "agents.failedAttempts",
        "agents.IdxFailed",
        "agents.IdxGuid",
        "agents.agentName",
        "agents.unlockToken",
    }
    assert code == 1, output
    assert {obj for _, obj in errors} == made, output
    assert {c for c, _ in errors} == {"DBN201", "DBN301"}, output
