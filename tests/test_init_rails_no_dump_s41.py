"""``init`` in a Rails app keeping no dump (trial s41 huginn).

huginn commits 71 migrations in ``db/migrate`` and lists ``db/schema.rb`` in
``.gitignore``. ``init`` said only ``Found 0 SQL files. Dialect: no SQL file
found`` and wrote no dialect, so the gate read new migrations as PostgreSQL
in a MySQL app and the user was never told that ``check`` has no schema to
read, nor what to do. Now ``init`` says so and writes the dialect of
``config/database.yml``'s adapter (the oracle: Ruby's ERB and YAML render the
file as Rails does); the gate under that dialect is
tests/test_gate_rails_mysql_s41.py.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import isolated_git_env
from test_rails_erb_adapter_s41 import APPLICATION_RB, DIALECT, HUGINN, _rails_adapter

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

FIRST = """\
class CreateAgents < ActiveRecord::Migration[4.2]
  def change
    create_table :agents do |t|
      t.string :name
      t.timestamps
    end
  end
end
"""


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    for rel, text in {
        "config/database.yml": HUGINN,
        "config/application.rb": APPLICATION_RB,
        ".gitignore": "db/schema.rb\n",
        "db/migrate/20120728210244_create_agents.rb": FIRST,
    }.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_init_says_no_dump_and_writes_the_adapters_dialect(app: Path) -> None:
    expected = DIALECT[_rails_adapter(app / "config/database.yml")]
    result = CliRunner().invoke(cli, ["init"])
    assert result.exit_code == 0, result.output
    assert f"Dialect: {expected} (config/database.yml's adapter)" in result.output
    assert "Rails migrations, Ruby, not read: db/migrate (1 migrations)" in result.output
    assert "dbnamelint check --db URL" in result.output
    written = yaml.safe_load((app / "dbnamelint.yaml").read_text(encoding="utf-8"))
    assert written == {"dialect": expected}
