"""``impact`` attributes a multi-database Rails app's Ruby to the database
its classes connect to.

A Rails 6+ app's models run on the primary database (``ApplicationRecord``)
unless a class up their chain says ``connects_to database: { writing: :queue
}``; each database is dumped to a file of its own (``db/schema.rb``,
``db/queue_schema.rb``). All of the app's code is one package holding every
dump, so each file was "code no database is known for" (trial s37 lobsters:
``app/models/read_ribbon.rb``, ``database cache or primary or queue or
rack_attack``). Now a file is the primary's, the database its class chain
connects to, or, naming another database's class, left undecided.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli

FILES = {
    "Gemfile": 'source "https://rubygems.org"\ngem "rails"\n',
    "config/database.yml": (
        "production:\n  primary:\n    adapter: sqlite3\n    database: p\n"
        "  queue:\n    adapter: sqlite3\n    database: q\n"
        "    migrations_paths: db/queue_migrate\n"
    ),
    "db/schema.rb": (
        "ActiveRecord::Schema[8.0].define(version: 2026_01_01_000000) do\n"
        '  create_table "notes", force: :cascade do |t|\n    t.string "body"\n  end\nend\n'
    ),
    "db/queue_schema.rb": (
        "ActiveRecord::Schema[8.0].define(version: 1) do\n"
        '  create_table "notes", force: :cascade do |t|\n    t.string "job"\n  end\nend\n'
    ),
    "dbnamelint.yaml": (
        "paths: [db]\ndatabases:\n  primary: [db/schema.rb]\n  queue: [db/queue_schema.rb]\n"
        "rules:\n  table-legacy-name:\n    options:\n      names:\n        notes: memos\n"
    ),
    "whitelist.yaml": (
        'phases:\n  - {id: "1", title: notes, status: open}\nentries:\n'
        '  - {kind: table, name: notes, rules: all, phase: "1", target: memos, '
        "reason: r, database: primary}\n"
        '  - {kind: table, name: notes, rules: all, phase: "1", target: memos, '
        "reason: r, database: queue}\n"
    ),
    "app/models/application_record.rb": (
        "class ApplicationRecord < ActiveRecord::Base\n  primary_abstract_class\nend\n"
    ),
    "app/models/queue_record.rb": (
        "class QueueRecord < ActiveRecord::Base\n  self.abstract_class = true\n"
        "  connects_to database: { writing: :queue }\nend\n"
    ),
    # the primary's: ApplicationRecord
    "app/models/note.rb": (
        'class Note < ApplicationRecord\n  def self.recent = where("notes.id > 0")\nend\n'
    ),
    # the queue's: through QueueRecord
    "app/models/queued_note.rb": (
        "class QueuedNote < QueueRecord\n  self.table_name = 'notes'\n"
        '  def self.recent = where("notes.id > 0")\nend\n'
    ),
    # names the queue's class: may run on either
    "app/services/sweeper.rb": (
        "class Sweeper\n  def run\n"
        '    QueueRecord.connection.execute("DELETE FROM notes")\n  end\nend\n'
    ),
}


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for rel, text in FILES.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _impact(database: str) -> dict[str, list[str]]:
    result = CliRunner().invoke(
        cli, ["impact", "--phase", "1", "--database", database, "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    listed = sorted({i["path"] for p in report["phases"] for o in p["objects"] for i in o["items"]})
    return {
        "listed": listed,
        "other": sorted({e["path"] for e in report["other_database"]}),
        "unattributed": sorted({e["path"] for e in report["unattributed"]}),
    }


def test_each_file_is_the_database_its_class_chain_connects_to(app: Path) -> None:
    primary = _impact("primary")
    assert "app/models/note.rb" in primary["listed"]
    assert "app/models/queued_note.rb" in primary["other"]
    assert primary["unattributed"] == ["app/services/sweeper.rb"]
    queue = _impact("queue")
    assert "app/models/queued_note.rb" in queue["listed"]
    assert "app/models/note.rb" in queue["other"]
    assert queue["unattributed"] == ["app/services/sweeper.rb"]
