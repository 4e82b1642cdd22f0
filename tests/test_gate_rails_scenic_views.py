"""A view a new migration makes with scenic's ``create_view`` must be in the
schema.rb scenic dumps (trial s38 mastodon).

mastodon keeps its views with scenic: ``create_view :account_summaries,
materialized: true`` runs ``db/views/account_summaries_v01.sql``, and
scenic's dumper writes ``create_view "account_summaries", sql_definition:
...`` into ``db/schema.rb``. A new migration's ``create_view :BadSummaries``
beside a dump edited by hand (its version and another change, the view left
out) passed the hook and ``check --base``: the call is no SQL the reader
writes, so the view's name and columns were judged nowhere.

Oracle: ActiveRecord (Debian's ``ruby-activerecord`` 6.1) runs the migration
on PostgreSQL 15 (scenic's ``create_view`` as its adapter runs it: the
versioned SQL file as ``CREATE MATERIALIZED VIEW``), its ``SchemaDumper``
writes the tables, and the view's block is the one scenic's dumper writes
from the catalog (``pg_matviews.definition``).
"""

from __future__ import annotations

import os
import subprocess

from git_helpers import git
from test_gate_rails_ruby_dump_objects import (
    NEW,
    Migrate,
    _gate,
    migrate,  # noqa: F401 - the fixture
)

MIGRATION = """\
class AddReportingView < ActiveRecord::Migration[6.1]
  def up
    add_column :accounts, :icon, :string
    create_view :account_summaries, materialized: true
  end

  private

  # scenic's create_view, as its PostgreSQL adapter runs it
  def create_view(name, materialized: false)
    sql = File.read("db/views/#{name}_v01.sql")
    execute "CREATE #{'MATERIALIZED ' if materialized}VIEW #{name} AS #{sql}"
  end
end
"""
VIEW_SQL = "SELECT accounts.id AS account_id, accounts.name FROM accounts\n"


def _scenic_block(url: str) -> str:
    """The block scenic's dumper writes for the view, from the catalog."""
    script = (
        'require "active_record"; ActiveRecord::Base.establish_connection(ARGV[0]); '
        "print ActiveRecord::Base.connection.select_value("
        "\"SELECT definition FROM pg_matviews WHERE matviewname = 'account_summaries'\")"
    )
    definition = subprocess.run(
        ["ruby", "-e", script, url],
        check=True,
        capture_output=True,
        text=True,
        env=dict(os.environ),
    ).stdout
    body = "".join(f"    {line}\n" for line in definition.rstrip().splitlines())
    return (
        '  create_view "account_summaries", materialized: true, sql_definition: <<-SQL\n'
        f"{body}  SQL\n"
    )


def test_a_scenic_view_left_out_of_the_dump_is_refused(migrate: Migrate) -> None:  # noqa: F811
    root, run, url = migrate
    (root / "Gemfile").write_text('gem "rails"\ngem "scenic"\n', encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "scenic")
    (root / "db/views").mkdir()
    (root / "db/views/account_summaries_v01.sql").write_text(VIEW_SQL, encoding="utf-8")
    (root / NEW).write_text(MIGRATION, encoding="utf-8")
    run()  # bin/rails db:migrate: the view is made; the tables dumped
    tables = (root / "db/schema.rb").read_text()
    assert '"icon"' in tables
    # the dump scenic writes: the view's block before the define's end
    cut = tables.rstrip().rindex("end")
    (root / "db/schema.rb").write_text(
        tables[:cut] + "\n" + _scenic_block(url) + "end\n", encoding="utf-8"
    )
    code, found, message = _gate(root)
    assert (code, found) == (0, []), message
    # the same dump with the view left out (a hand-edited dump)
    (root / "db/schema.rb").write_text(tables, encoding="utf-8")
    code, found, message = _gate(root)
    assert (code, found) == (1, [("DBN032", NEW, 4)]), message  # at create_view
    assert 'holds no view "account_summaries"' in message, message
