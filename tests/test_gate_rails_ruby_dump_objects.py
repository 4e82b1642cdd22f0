"""What a Rails app's ``db/schema.rb`` cannot hold, judged in the migration (trial s34 chatwoot).

Rails' Ruby schema dumper writes tables, columns, indexes and keys, never
views, functions, triggers or sequences of their own. The gate judged a
schema.rb app's new migration only through the dump, so:

- s44: a migration's ``execute 'CREATE VIEW "BadView" AS SELECT id AS
  "accountId" ...'`` beside an ``add_column`` passed (its names were never
  judged);
- s23b: a migration making only a view was refused by ``DBN032`` ("the dump
  was not regenerated"), though ``db:migrate`` had rewritten the dump: with
  its version alone.

Oracle: ActiveRecord itself (Debian's ``ruby-activerecord`` 6.1) runs the
migrations on PostgreSQL 15 and its ``SchemaDumper`` writes the schema.rb
committed with them (real git: base commit, the hook's staged copy).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import git, init_repo, isolated_git_env
from oracle_tools import ruby_requires
from pg_server import PgServer
from test_rails_schema_rb import rails_app

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

FIRST = "db/migrate/20250101000000_create_accounts.rb"
FIRST_RB = """\
class CreateAccounts < ActiveRecord::Migration[6.1]
  def change
    create_table :accounts do |t|
      t.string :name
    end
  end
end
"""
NEW = "db/migrate/20250901000000_add_reporting_view.rb"
VIEW_AND_COLUMN = """\
class AddReportingView < ActiveRecord::Migration[6.1]
  def up
    add_column :accounts, :good_flag, :boolean
    execute 'CREATE VIEW "BadView" AS SELECT id AS "accountId" FROM accounts'
  end

  def down
    execute 'DROP VIEW "BadView"'
    remove_column :accounts, :good_flag
  end
end
"""
GOOD_VIEW = """\
class AddReportingView < ActiveRecord::Migration[6.1]
  def up
    execute 'CREATE VIEW active_accounts AS SELECT id, name FROM accounts'
  end

  def down
    execute 'DROP VIEW active_accounts'
  end
end
"""
ROUTINES = """\
class AddReportingView < ActiveRecord::Migration[6.1]
  def up
    execute <<~SQL
      CREATE FUNCTION "touchName"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN NEW.name := lower(NEW.name); RETURN NEW; END $$;
      CREATE TRIGGER "TouchName" BEFORE INSERT ON accounts
        FOR EACH ROW EXECUTE FUNCTION "touchName"();
      CREATE SEQUENCE "InvoiceNumbers";
    SQL
  end
end
"""
TABLE = """\
class AddReportingView < ActiveRecord::Migration[6.1]
  def change
    create_table :BadThings do |t|
      t.string :someCol
    end
  end
end
"""

_MIGRATE_AND_DUMP = """\
require "active_record"
ActiveRecord::Base.establish_connection(ARGV[0])
ActiveRecord::Migration.verbose = false
ActiveRecord::MigrationContext.new("db/migrate", ActiveRecord::SchemaMigration).migrate
File.open("db/schema.rb", "w") do |file|
  ActiveRecord::SchemaDumper.dump(ActiveRecord::Base.connection, file)
end
"""


def _active_record() -> bool:
    return ruby_requires("active_record", "pg")


Migrate = tuple[Path, Callable[[], None], str]


@pytest.fixture
def migrate(pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Migrate]:
    """A Rails app whose schema.rb ActiveRecord dumped after its first
    migration (committed), and a function running ``bin/rails db:migrate``:
    ActiveRecord migrates its database and dumps schema.rb again."""
    if not _active_record():
        pytest.skip("ruby with activerecord and pg is not installed")
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = rails_app(
        tmp_path / "shop", "", "postgres", {FIRST: FIRST_RB, "dbnamelint.yaml": "paths: [db]\n"}
    )
    (tmp_path / "migrate.rb").write_text(_MIGRATE_AND_DUMP, encoding="utf-8")
    with pg.fresh_database("dbn_s34_rails_dump") as db:

        def run() -> None:
            subprocess.run(
                ["ruby", str(tmp_path / "migrate.rb"), pg.url(db)],
                cwd=root,
                check=True,
                capture_output=True,
                env=dict(os.environ),
            )

        run()
        init_repo(root, "base")
        monkeypatch.chdir(root)
        yield root, run, pg.url(db)


def _gate(root: Path) -> tuple[int, list[tuple[str, str, int]], str]:
    git(root, "add", "-A")
    hook = CliRunner().invoke(cli, ["check", "--pre-commit", "--format", "json", "-v"])
    assert hook.exception is None or isinstance(hook.exception, SystemExit), hook.output
    report = json.loads(hook.stdout)
    said = [
        (d["code"], d["path"], d["line"])
        for d in [*report["diagnostics"], *report["findings"]]
        if d["severity"] == "error" and not d.get("whitelisted")
    ]
    base = CliRunner().invoke(cli, ["check", "--base", "HEAD"])
    assert base.exit_code == hook.exit_code, (hook.output, base.output)
    return hook.exit_code, sorted(said), "\n".join(d["message"] for d in report["diagnostics"])


def test_a_view_the_dump_cannot_hold_is_judged_in_the_migration(migrate: Migrate) -> None:
    root, run, _url = migrate
    (root / NEW).write_text(VIEW_AND_COLUMN, encoding="utf-8")
    run()
    dumped = (root / "db/schema.rb").read_text()
    assert '"good_flag"' in dumped and "BadView" not in dumped  # the dumper's own doing
    code, said, _ = _gate(root)
    assert (code, said) == (1, [("DBN201", NEW, 4), ("DBN505", NEW, 4)])


def test_a_migration_making_only_a_view_passes_with_the_dump_db_migrate_writes(
    migrate: Migrate,
) -> None:
    root, run, _url = migrate
    (root / NEW).write_text(GOOD_VIEW, encoding="utf-8")
    run()
    assert "active_accounts" not in (root / "db/schema.rb").read_text()
    assert _gate(root)[:2] == (0, [])
    # the dump not migrated (its version not covering the migration) is still refused
    git(root, "checkout", "HEAD", "--", "db/schema.rb")
    code, said, message = _gate(root)
    assert (code, said) == (1, [("DBN032", NEW, 1)])
    assert "is newer than the version 20250101000000" in message


def test_functions_triggers_and_sequences_are_judged_in_the_migration(migrate: Migrate) -> None:
    root, run, _url = migrate
    (root / NEW).write_text(ROUTINES, encoding="utf-8")
    run()
    code, said, _ = _gate(root)
    assert (code, said) == (
        1,
        [("DBN505", NEW, 4), ("DBN505", NEW, 6), ("DBN505", NEW, 8)],
    ), said


def test_what_the_dump_holds_is_judged_there_only(migrate: Migrate) -> None:
    root, run, _url = migrate
    (root / NEW).write_text(TABLE, encoding="utf-8")
    run()
    code, said, _ = _gate(root)
    # once, at the dump's lines, not again at the migration's
    assert code == 1
    assert {path for _, path, _ in said} == {"db/schema.rb"}, said


def test_an_unread_trigger_call_is_refused_unless_accepted(migrate: Migrate) -> None:
    root, _run, _url = migrate
    hair = (
        "class AddReportingView < ActiveRecord::Migration[6.1]\n"
        "  def up\n"
        '    create_trigger("BadTrigger", :generated => true).on(:accounts).before(:insert) do\n'
        '      "NEW.name := lower(NEW.name);"\n'
        "    end\n"
        "  end\nend\n"
    )
    (root / NEW).write_text(hair, encoding="utf-8")
    # hair_trigger is not installed: the version as db:migrate records it
    text = (root / "db/schema.rb").read_text()
    (root / "db/schema.rb").write_text(text.replace("2025_01_01_000000", "2025_09_01_000000"))
    code, said, _ = _gate(root)
    assert (code, said) == (1, [("DBN013", NEW, 3)])
    accepted = hair.replace(
        "  def up\n", "  # dbnamelint: ignore[DBN013] trigger checked\n  def up\n"
    )
    (root / NEW).write_text(accepted, encoding="utf-8")
    assert _gate(root)[:2] == (0, [])


def test_with_scenic_the_dump_holds_views(migrate: Migrate) -> None:
    root, run, _url = migrate
    (root / "Gemfile").write_text('gem "rails"\ngem "scenic"\n', encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "scenic")
    (root / NEW).write_text(GOOD_VIEW, encoding="utf-8")
    run()  # (no scenic here: the dump lacks the view scenic would write)
    code, said, message = _gate(root)
    assert (code, said) == (1, [("DBN032", NEW, 1)]), said
    assert "the dump was not regenerated by db:migrate" in message


def test_a_reviewed_comment_accepts_a_change_the_dump_does_not_show(migrate: Migrate) -> None:
    """An ``ALTER TABLE`` whose result the dumper does not write (row level
    security): the dump ``db:migrate`` writes changes by its version alone,
    which the gate cannot tell from a dump not regenerated; the migration's
    ``# dbnamelint: ignore[DBN032] <reason>`` accepts it (s23c: not honoured)."""
    root, run, _url = migrate
    rls = (
        "class AddReportingView < ActiveRecord::Migration[6.1]\n"
        "  def up\n"
        '    execute "ALTER TABLE accounts ENABLE ROW LEVEL SECURITY"\n'
        "  end\nend\n"
    )
    (root / NEW).write_text(rls, encoding="utf-8")
    run()
    assert "2025_09_01_000000" in (root / "db/schema.rb").read_text()
    code, said, message = _gate(root)
    assert (code, said) == (1, [("DBN032", NEW, 1)])
    assert "the dump was not regenerated by db:migrate" in message
    comment = "# dbnamelint: ignore[DBN032] row level security, which schema.rb does not show\n"
    (root / NEW).write_text(comment + rls, encoding="utf-8")
    code, said, message = _gate(root)
    assert (code, said) == (0, []), message
    assert "accepted by the migration's `dbnamelint: ignore[DBN032]` comment" in message


def test_drift_names_rails_and_compares_schema_rb_versions(migrate: Migrate) -> None:
    """Trial s34 chatwoot F9: drift called Rails' schema_migrations dbmate's
    and compared nothing."""
    root, run, url = migrate
    drift = CliRunner().invoke(cli, ["drift", "--db", url])
    assert "dbmate's schema_migrations" not in drift.output, drift.output
    assert "Rails' schema_migrations holds all 1 versions the dump lists" in drift.output
    # a migration run on the database, the dump not regenerated: said
    (root / NEW).write_text(GOOD_VIEW, encoding="utf-8")
    before = (root / "db/schema.rb").read_text()
    run()
    (root / "db/schema.rb").write_text(before)
    drift = CliRunner().invoke(cli, ["drift", "--db", url])
    assert "the database has applied 1 version the dump does not list: 20250901000000" in (
        drift.output
    ), drift.output


def test_an_applied_migration_moved_to_a_subfolder_is_not_new(migrate: Migrate) -> None:
    """Rails finds it there (``db/migrate/**``) under the version it ran as."""
    root, _run, _url = migrate
    (root / "db/migrate/extra").mkdir()
    git(root, "mv", FIRST, "db/migrate/extra/")
    assert _gate(root)[:2] == (0, [])
