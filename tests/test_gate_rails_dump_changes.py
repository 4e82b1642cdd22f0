# ruff: noqa: E501  (schema.rb lines as long as Rails writes them)
"""What a change to a Rails dump must carry, in the gate (trial s30 mastodon).

- A new migration whose version the dump covers, while the dump names nothing
  it makes, was not migrated into the dump, even when the dump changed for
  another migration of the change (S9b: the first migration's table is
  missing from schema.rb, regenerated after the second only). The oracle is
  real git (base commit, staged copies) and Rails' schema dumper: a dump
  ``db:migrate`` wrote names every table (``create_table "x"``) and column
  (``t.string "y"``) the migrations made, so a regenerated one never fails.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import git, init_repo, isolated_git_env
from test_rails_databases import PRIMARY, rails_app

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

FIRST = "db/migrate/20260901110000_create_user_things.rb"
FIRST_RB = """\
class CreateUserThings < ActiveRecord::Migration[8.0]
  def change
    create_table :UserThings do |t|
      t.boolean :isActive
    end
  end
end
"""
SECOND = "db/migrate/20260901120000_add_nickname_to_users.rb"
SECOND_RB = """\
class AddNicknameToUsers < ActiveRecord::Migration[8.0]
  def change
    add_column :users, :nickname, :string
  end
end
"""
#: schema.rb as db:migrate writes it after SECOND alone (FIRST's table missing).
AFTER_SECOND = PRIMARY.replace("2026_01_01_000000", "2026_09_01_120000").replace(
    '    t.string "email", null: false\n',
    '    t.string "email", null: false\n    t.string "nickname"\n',
)
#: and after both.
AFTER_BOTH = AFTER_SECOND.replace(
    '  create_table "users"',
    '  create_table "UserThings", force: :cascade do |t|\n'
    '    t.boolean "isActive"\n  end\n\n  create_table "users"',
)


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = rails_app(
        tmp_path / "shop",
        {
            "db/migrate/20260101000000_create_users.rb": "class CreateUsers < "
            "ActiveRecord::Migration[8.0]\nend\n",
            "dbnamelint.yaml": "paths: [db/schema.rb]\n",
        },
    )
    init_repo(root, "base")
    monkeypatch.chdir(root)
    return root


def _hook(root: Path, files: dict[str, str]) -> tuple[int, list[tuple[str, str, int]], str]:
    for rel, text in files.items():
        (root / rel).write_text(text, encoding="utf-8")
    git(root, "add", "-A")
    result = CliRunner().invoke(
        cli, ["check", "--pre-commit", "--format", "json", *files, "--select", "DBN032"]
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.stdout)
    found = [(d["code"], d["path"], d["line"]) for d in report["diagnostics"]]
    return result.exit_code, found, "\n".join(d["message"] for d in report["diagnostics"])


def test_a_migration_the_changed_dump_holds_nothing_of_is_refused(app: Path) -> None:
    code, found, message = _hook(
        app, {FIRST: FIRST_RB, SECOND: SECOND_RB, "db/schema.rb": AFTER_SECOND}
    )
    assert (code, found) == (1, [("DBN032", FIRST, 3)])  # at the call making it
    assert (
        "db/schema.rb's define(version: 20260901120000) covers this Rails migration's version "
        '20260901110000, but holds no table "UserThings" that the migration makes'
    ) in message
    # the dump db:migrate writes after both names all they make
    assert _hook(app, {"db/schema.rb": AFTER_BOTH})[:2] == (0, [])


def test_a_column_is_looked_for_in_its_table(app: Path) -> None:
    # `nickname` on another table is not the users column the migration adds
    elsewhere = AFTER_BOTH.replace('    t.string "nickname"\n', "").replace(
        '    t.boolean "isActive"\n', '    t.boolean "isActive"\n    t.string "nickname"\n'
    )
    code, found, message = _hook(
        app, {FIRST: FIRST_RB, SECOND: SECOND_RB, "db/schema.rb": elsewhere}
    )
    assert (code, found) == (1, [("DBN032", SECOND, 3)])  # at the call making it
    assert 'holds no column "users"."nickname"' in message


def test_what_a_later_migration_takes_away_is_not_looked_for(app: Path) -> None:
    drop = "db/migrate/20260901130000_drop_user_things.rb"
    drop_rb = (
        "class DropUserThings < ActiveRecord::Migration[8.0]\n"
        "  def change\n    drop_table :UserThings\n  end\nend\n"
    )
    after = AFTER_SECOND.replace("2026_09_01_120000", "2026_09_01_130000")
    assert _hook(app, {FIRST: FIRST_RB, SECOND: SECOND_RB, drop: drop_rb, "db/schema.rb": after})[
        :2
    ] == (0, [])


EXECUTE = '  execute "ALTER TABLE users ADD COLUMN \\"legacyFlag\\" boolean"\n'


def _schema_with(*lines: str) -> str:
    return PRIMARY[: PRIMARY.rindex("end\n")] + "".join(lines) + "end\n"


def _gate(root: Path) -> tuple[int, str]:
    git(root, "add", "-A")
    result = CliRunner().invoke(cli, ["check", "--pre-commit", "db/schema.rb", "-v"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def test_new_ddl_schema_rb_does_not_read_is_refused_unless_accepted(app: Path) -> None:
    """Trial s30 mastodon S8: an ``execute "ALTER TABLE ..."`` added to
    schema.rb was an info note only, while the same dynamic DDL in SQL
    (DBN013) fails the gate."""
    (app / "db/schema.rb").write_text(_schema_with("\n", EXECUTE))
    code, out = _gate(app)
    assert code == 1, out
    assert (
        "db/schema.rb:7:3: DBN917 error: schema.rb statement not read (execute ALTER TABLE users "
        'ADD COLUMN "legacyFlag" boolean): it holds DDL no rule reads, and what it makes'
    ) in out
    assert "Found 1 problem: 1 unread schema.rb DDL statement added." in out
    gate = CliRunner().invoke(cli, ["check", "--base", "HEAD"])
    assert gate.exit_code == 1, gate.output
    assert "db/schema.rb:7:3: DBN917 error:" in gate.output
    assert "write `# dbnamelint: ignore[DBN917] <reason>` on the line above it" in out
    # the reviewed way through: the comment right above it
    accepted = "  # dbnamelint: ignore[DBN917] legacyFlag checked by the data team\n"
    (app / "db/schema.rb").write_text(_schema_with("\n", accepted, EXECUTE))
    code, out = _gate(app)
    assert code == 0, out
    assert "db/schema.rb:8:3: DBN917 info: schema.rb statement not read (execute ALTER" in out
    assert "accepted by the `# dbnamelint: ignore[DBN917]` comment above it" in out
    # committed, the statement is old: db:schema:dump drops the comment, it stays a note
    git(app, "commit", "-qm", "accepted")
    (app / "db/schema.rb").write_text(_schema_with("\n", EXECUTE))
    code, out = _gate(app)
    assert code == 0, out
    assert "DBN917 error" not in out
    # a second, new one is refused though it reads like the first
    (app / "db/schema.rb").write_text(_schema_with("\n", EXECUTE, EXECUTE.replace("legacy", "x")))
    code, out = _gate(app)
    assert code == 1, out
    assert "db/schema.rb:8:3: DBN917 error:" in out
    assert "db/schema.rb:7:3: DBN917 error:" not in out


def test_other_dbnamelint_comments_in_schema_rb_are_said_to_be_unread(app: Path) -> None:
    text = PRIMARY.replace(
        '    t.string "email", null: false\n',
        '    # dbnamelint: ignore[DBN201] legacy\n    t.string "eMail", null: false\n',
    )
    (app / "db/schema.rb").write_text(text)
    code, out = _gate(app)
    assert code == 1, out
    assert (
        "db/schema.rb:3:5: DBN021 warning: this `# dbnamelint:` comment in schema.rb is not "
        in (out)
    )
    assert 'DBN201 column "users.eMail"' in out


#: maybe-finance's (Rails 7.2) migration and the table its db:migrate dumped:
#: Rails 7.1+ names an index past 62 bytes ``idx_on_<columns>_<hash>``.
LONG_MIGRATION = """\
class CreateRejectedTransfers < ActiveRecord::Migration[7.2]
  def change
    create_table :rejected_transfers, id: :uuid do |t|
      t.references :inflow_transaction, null: false, type: :uuid
      t.references :outflow_transaction, null: false, type: :uuid
      t.timestamps
    end

    add_index :rejected_transfers, [ :inflow_transaction_id, :outflow_transaction_id ], unique: true
  end
end
"""
LONG_DUMPED = """\
  create_table "rejected_transfers", id: :uuid, default: -> { "gen_random_uuid()" }, force: :cascade do |t|
    t.uuid "inflow_transaction_id", null: false
    t.uuid "outflow_transaction_id", null: false
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index ["inflow_transaction_id", "outflow_transaction_id"], name: "idx_on_inflow_transaction_id_outflow_transaction_id_412f8e7e26", unique: true
    t.index ["inflow_transaction_id"], name: "index_rejected_transfers_on_inflow_transaction_id"
    t.index ["outflow_transaction_id"], name: "index_rejected_transfers_on_outflow_transaction_id"
  end

"""


def test_a_long_default_index_name_is_looked_for_as_rails_names_it(app: Path) -> None:
    migration = "db/migrate/20260901100000_create_rejected_transfers.rb"
    dump = AFTER_BOTH.replace('  create_table "users"', LONG_DUMPED + '  create_table "users"')
    _, found, message = _hook(
        app, {FIRST: FIRST_RB, SECOND: SECOND_RB, migration: LONG_MIGRATION, "db/schema.rb": dump}
    )
    assert [f for f in found if f[0] == "DBN032"] == [], message
