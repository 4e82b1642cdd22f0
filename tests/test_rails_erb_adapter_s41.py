"""A Rails app's adapter given as an ERB default in ``config/database.yml``.

huginn writes ``adapter: <%= ENV['DATABASE_ADAPTER'].presence || "mysql2" %>``
in each environment: Rails renders the file with ERB before YAML reads it,
so with the variable unset the adapter is ``mysql2``. ``init`` read no
adapter there (``no adapter in config/database.yml: postgres``) and left the
dialect unset, so the app's MySQL dump was read as PostgreSQL's (trial s41
huginn). The oracle is Ruby itself: ERB and YAML render the file as Rails
does, and ``init`` must write the dialect of the adapter they give.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from dbnamelint.cli import cli

HUGINN = """\
development:
  adapter: <%= ENV['DATABASE_ADAPTER'].presence || "mysql2" %>
  encoding: <%= ENV['DATABASE_ENCODING'].presence || "utf8" %>
  database: <%= ENV['DATABASE_NAME'].presence || "huginn_development" %>
"""
FETCH = """\
default: &default
  adapter: <%= ENV.fetch("DATABASE_ADAPTER", 'postgresql') %>

development:
  <<: *default
  database: app_development
"""
APPLICATION_RB = "module App\n  class Application < Rails::Application\n  end\nend\n"
SCHEMA_RB = """\
ActiveRecord::Schema[8.1].define(version: 2026_08_11_000000) do
  create_table "agents" do |t|
    t.string "name"
  end
end
"""
#: ActiveRecord's adapter names and the dialect each is (the README's table).
DIALECT = {"mysql2": "mysql", "postgresql": "postgres"}

_RENDER = (
    'require "erb"; require "yaml"; require "active_support/core_ext/object/blank"; '
    'ENV.delete("DATABASE_ADAPTER"); '
    "y = YAML.respond_to?(:unsafe_load) ? YAML.unsafe_load(ERB.new(File.read(ARGV[0])).result) "
    ": YAML.load(ERB.new(File.read(ARGV[0])).result); "
    'puts y["development"]["adapter"]'
)


def _rails_adapter(database_yml: Path) -> str:
    """The development adapter Rails reads from ``database_yml`` (ERB with
    ActiveSupport's ``presence``, then YAML)."""
    if shutil.which("ruby") is None:
        pytest.skip("ruby is not installed")
    support = ["ruby", "-e", 'require "active_support/core_ext/object/blank"']
    if subprocess.run(support, capture_output=True, check=False).returncode != 0:
        pytest.skip("ruby's activesupport (which gives .presence) is not installed")
    done = subprocess.run(
        ["ruby", "-e", _RENDER, str(database_yml)], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


@pytest.mark.parametrize("database_yml", [HUGINN, FETCH], ids=["presence-or", "env-fetch"])
def test_init_writes_the_dialect_of_the_erb_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, database_yml: str
) -> None:
    for rel, text in {
        "config/database.yml": database_yml,
        "config/application.rb": APPLICATION_RB,
        "db/schema.rb": SCHEMA_RB,
    }.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    expected = DIALECT[_rails_adapter(tmp_path / "config/database.yml")]
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["init"])
    assert result.exit_code == 0, result.output
    written = yaml.safe_load((tmp_path / "dbnamelint.yaml").read_text(encoding="utf-8"))
    assert written.get("dialect", "postgres") == expected, result.output
    assert f"config/database.yml's adapter: {expected}" in result.output
