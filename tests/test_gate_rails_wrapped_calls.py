"""A Rails migration's calls inside a wrapper block or a helper method are
read where they run (trial s38 mastodon).

mastodon's migrations wrap DDL in strong_migrations' ``safety_assured { ...
}`` and move steps into private methods (``deduplicate_and_reindex!``). The
reader listed such a call as one it does not read; in an app keeping
``db/schema.rb`` the gate then looked for none of its names in the dump, so a
new migration's ``safety_assured { add_index ..., name: :SafeIDX }`` (or the
same call in ``with_lock_timeout do``, or in a helper ``add_bad_index!``, or
mastodon's own ``add_concurrent_index``/``add_column_with_default``)
passed the hook and ``check --base`` with a hand-edited dump lacking the
index (DBN032 missed); without a dump, ``safety_assured { execute "..." }``
(whose SQL is read) and a ``raise`` in ``up`` were refused as unread calls.

Oracle: ActiveRecord itself (Debian's ``ruby-activerecord`` 6.1) runs each
migration on PostgreSQL 15 and its ``SchemaDumper`` writes the schema.rb
``db:migrate`` leaves: the wrapped and helper calls do run, forward, and
that dump passes; the dump with their names taken out is refused.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_json import new_file_errors
from git_helpers import committed_repo
from test_gate_rails_ruby_dump_objects import (
    NEW,
    Migrate,
    _gate,
    migrate,  # noqa: F401 - the fixture
)

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

GOOD = "    add_column :accounts, :icon, :string\n"
#: strong_migrations' and a GitLab-style helper's blocks, as the gems define them
WRAPPERS = (
    "\n  private\n\n"
    "  def safety_assured\n    yield\n  end\n\n"
    "  def with_lock_timeout\n    yield\n  end\n\n"
    # mastodon's MigrationHelpers (lib/mastodon/migration_helpers.rb), as they run
    "  def add_concurrent_index(table_name, column_name, **options)\n"
    "    add_index(table_name, column_name, **options.merge(algorithm: :concurrently))\n"
    "  end\n\n"
    "  def add_column_with_default(table, column, type, default:, limit: nil, allow_null: false)\n"
    "    add_column(table, column, type, default: default, limit: limit, null: allow_null)\n"
    "  end\n"
)

#: (the forward step's body and helpers, the names ActiveRecord's dump writes
#: for them, what the DBN032 message names when the dump lacks them)
CASES = {
    "safety_assured_braces": (
        GOOD + '    safety_assured { add_index :accounts, :name, name: "SafeIdx" }\n',
        ["SafeIdx"],
        ['index or constraint "accounts"."SafeIdx"'],
    ),
    "with_lock_timeout_do": (
        GOOD + "    with_lock_timeout do\n"
        '      add_index :accounts, :name, name: "LockIdx"\n'
        "    end\n",
        ["LockIdx"],
        ['index or constraint "accounts"."LockIdx"'],
    ),
    "say_with_time": (
        GOOD
        + '    say_with_time "adding" do\n      add_column :accounts, :sayCol, :string\n    end\n',
        ["sayCol"],
        ['column "accounts"."sayCol"'],
    ),
    "transaction": (
        GOOD + "    ActiveRecord::Base.transaction do\n"
        "      add_column :accounts, :txCol, :string\n"
        "    end\n",
        ["txCol"],
        ['column "accounts"."txCol"'],
    ),
    "helper": (
        GOOD + "    add_bad_index!\n",
        ["HelperIdx"],
        ['index or constraint "accounts"."HelperIdx"'],
    ),
    "add_concurrent_index": (
        GOOD + '    add_concurrent_index :accounts, :name, name: "ConcIdx"\n',
        ["ConcIdx"],
        ['index or constraint "accounts"."ConcIdx"'],
    ),
    "add_column_with_default": (
        GOOD + '    add_column_with_default :accounts, :defaultCol, :string, default: "x"\n',
        ["defaultCol"],
        ['column "accounts"."defaultCol"'],
    ),
    "helper_execute": (
        GOOD + "    reindex!\n",
        ["ExecIdx"],
        ['index or constraint "ExecIdx"'],  # its table filled in by Ruby: by name alone
    ),
}
HELPERS = (
    "\n  def add_bad_index!\n"
    '    safety_assured { add_index :accounts, :name, name: "HelperIdx" }\n'
    "  end\n\n"
    "  def reindex!\n    create_exec_index(:accounts)\n  end\n\n"
    "  def create_exec_index(table)\n"
    "    safety_assured do\n"
    '      execute "CREATE INDEX \\"ExecIdx\\" ON #{table} (name)"\n'
    "    end\n"
    "  end\n"
)


def _migration(body: str) -> str:
    return (
        "class AddReportingView < ActiveRecord::Migration[6.1]\n"
        "  disable_ddl_transaction!\n\n"
        f"  def up\n{body}  end\n{WRAPPERS}{HELPERS}end\n"
    )


def _without(dump: str, names: list[str]) -> str:
    return "".join(
        line for line in dump.splitlines(keepends=True) if not any(f'"{n}"' in line for n in names)
    )


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_wrapped_or_helper_call_left_out_of_the_dump_is_refused(
    migrate: Migrate,  # noqa: F811
    case: str,
) -> None:
    root, run, _url = migrate
    body, dumped, said = CASES[case]
    (root / NEW).write_text(_migration(body), encoding="utf-8")
    run()  # bin/rails db:migrate: ActiveRecord runs the wrapped calls and dumps
    regenerated = (root / "db/schema.rb").read_text()
    assert all(f'"{n}"' in regenerated for n in [*dumped, "icon"]), regenerated
    code, found, message = _gate(root)
    # the dump db:migrate writes holds all
    assert not [f for f in found if f[0] == "DBN032"], message
    (root / "db/schema.rb").write_text(_without(regenerated, dumped), encoding="utf-8")
    code, found, message = _gate(root)
    # at the call that made the name, in the helper for a helper's
    at = next(i for i, row in enumerate(_migration(body).splitlines(), 1) if dumped[0] in row)
    assert (code, [f for f in found if f[0] == "DBN032"]) == (1, [("DBN032", NEW, at)]), message
    for name in said:
        assert f"holds no {name}" in message, message


def test_wrapped_and_helper_calls_are_judged_without_a_dump(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a dump the calls are read as the migration's own, at their
    lines; a helper taking parameters stays a call not read (DBN013); Ruby's
    ``raise`` and a wrapped ``execute`` (its SQL read) are no unread call."""
    files = {
        "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
        "db/schema.sql": "CREATE TABLE users (id bigserial PRIMARY KEY, email text);\n",
    }
    root = committed_repo(tmp_path / "app", files, monkeypatch)
    text = """class More < ActiveRecord::Migration[7.1]
  disable_ddl_transaction!

  def up
    safety_assured { add_index :users, :email, name: "SafeIdx", algorithm: :concurrently }
    with_lock_timeout do
      add_column :users, :lockCol, :string
    end
    add_more!
    safety_assured do
      execute 'CREATE INDEX "ExecIdx" ON users (email)'
    end
    add_named(:users, :paramCol)
    create_table :NoParamThings do
    end
  rescue ActiveRecord::RecordNotUnique
    raise
  end

  private

  def add_more!
    create_table :HelperThings
  end

  def add_named(table, column)
    add_column table, column, :string
  end
end
"""
    assert new_file_errors(root, "db/migrate/20240102000000_more.rb", text) == [
        ("DBN013", 13),  # add_named(...): its names are its parameters
        ("DBN101", 14),  # a schema call's block without |t| is the call's, not a wrapper
        ("DBN101", 23),
        ("DBN201", 7),
        ("DBN301", 5),
        ("DBN301", 11),
    ]
