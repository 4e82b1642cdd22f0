"""Every name a new Rails migration makes must be in the dump the gate reads
(trial confirm37 P2).

A ``db/schema.rb`` updated for one change of a new migration (its version,
an ``add_column``) but leaving out another name the migration makes passed
``check --base`` and the hook for every form but ``create_table`` and
``add_column``: ``add_index``, a ``change_table`` block, ``execute`` of
``ALTER TABLE``/``CREATE INDEX``, ``reversible``'s ``dir.up``,
``add_reference``, ``rename_index``; the left-out name was judged nowhere.

Oracle: ActiveRecord itself (Debian's ``ruby-activerecord`` 6.1) runs each
migration on PostgreSQL 15 and its ``SchemaDumper`` writes the schema.rb
``db:migrate`` leaves, which passes this check; the same dump with the
name's line taken out (or a rename's old name kept) is refused, naming it.
"""

from __future__ import annotations

import pytest

from test_gate_rails_ruby_dump_objects import (
    NEW,
    Migrate,
    _gate,
    migrate,  # noqa: F401 - the fixture
)

GOOD = "    add_column :accounts, :icon, :string\n"

#: (the forward step's body, the names the dumper writes for it that the
#: left-out dump lacks, what the message names)
CASES = {
    "add_index": (
        GOOD + '    add_index :accounts, :name, name: "idxAccountName"\n',
        ["idxAccountName"],
        ['index or constraint "accounts"."idxAccountName"'],
    ),
    "change_table": (
        "    change_table :accounts do |t|\n"
        "      t.string :badCol\n"
        '      t.index :name, name: "AccountsNameIdx"\n'
        "    end\n" + GOOD,
        ["badCol", "AccountsNameIdx"],
        ['column "accounts"."badCol"', 'index or constraint "accounts"."AccountsNameIdx"'],
    ),
    "execute": (
        GOOD + "    execute <<~SQL\n"
        '      ALTER TABLE accounts ADD COLUMN "legacyFlag" boolean;\n'
        '      CREATE INDEX "AccountsFlagIdx" ON accounts ("legacyFlag");\n'
        "    SQL\n",
        ["legacyFlag"],
        ['column "accounts"."legacyFlag"', 'index or constraint "accounts"."AccountsFlagIdx"'],
    ),
    "reversible": (
        GOOD + "    reversible do |dir|\n"
        "      dir.up { add_column :accounts, :badCol, :string }\n"
        "      dir.down { remove_column :accounts, :badCol }\n"
        "    end\n",
        ["badCol"],
        ['column "accounts"."badCol"'],
    ),
    "add_reference": (
        GOOD + '    add_reference :accounts, :ownerUser, index: { name: "AccountsOwnerIdx" }\n',
        ["ownerUser_id", "AccountsOwnerIdx"],
        ['column "accounts"."ownerUser_id"', 'index or constraint "accounts"."AccountsOwnerIdx"'],
    ),
}


def _migration(body: str) -> str:
    return f"class AddReportingView < ActiveRecord::Migration[6.1]\n  def up\n{body}  end\nend\n"


def _line_of(text: str, name: str) -> int:
    """The 1-based line of ``text`` writing ``name`` (a reference's column
    by the reference's name)."""
    stem = name.removesuffix("_id")
    return next(i for i, line in enumerate(text.splitlines(), 1) if stem in line)


def _without(dump: str, names: list[str]) -> str:
    return "".join(
        line for line in dump.splitlines(keepends=True) if not any(f'"{n}"' in line for n in names)
    )


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_name_left_out_of_the_dump_is_refused(migrate: Migrate, case: str) -> None:  # noqa: F811
    root, run, _url = migrate
    body, dumped, said = CASES[case]
    (root / NEW).write_text(_migration(body), encoding="utf-8")
    run()  # bin/rails db:migrate: ActiveRecord migrates and dumps
    regenerated = (root / "db/schema.rb").read_text()
    assert all(f'"{n}"' in regenerated for n in [*dumped, "icon"]), regenerated
    code, found, message = _gate(root)
    # the dump db:migrate writes holds all
    assert not [f for f in found if f[0] == "DBN032"], message
    (root / "db/schema.rb").write_text(_without(regenerated, dumped), encoding="utf-8")
    code, found, message = _gate(root)
    # at the call that made the first name the dump lacks
    at = _line_of(_migration(body), dumped[0])
    assert (code, [f for f in found if f[0] == "DBN032"]) == (1, [("DBN032", NEW, at)]), message
    for name in said:
        assert f"holds no {name}" in message or f", {name}" in message, message


def test_a_renamed_index_is_looked_for_under_its_new_name(migrate: Migrate) -> None:  # noqa: F811
    root, run, _url = migrate
    body = (
        GOOD + "    add_index :accounts, :name\n"
        '    rename_index :accounts, "index_accounts_on_name", "AccountsNameIdx"\n'
    )
    (root / NEW).write_text(_migration(body), encoding="utf-8")
    run()
    regenerated = (root / "db/schema.rb").read_text()
    assert '"AccountsNameIdx"' in regenerated and "index_accounts_on_name" not in regenerated
    assert not [f for f in _gate(root)[1] if f[0] == "DBN032"]
    # the dump keeps the old name: the rename was not migrated into it
    kept = regenerated.replace('"AccountsNameIdx"', '"index_accounts_on_name"')
    (root / "db/schema.rb").write_text(kept, encoding="utf-8")
    code, found, message = _gate(root)
    # at the add_index that made the index the rename names
    assert (code, [f for f in found if f[0] == "DBN032"]) == (1, [("DBN032", NEW, 4)]), message
    assert 'holds no index or constraint "accounts"."AccountsNameIdx"' in message


def test_the_rollback_and_what_the_migration_drops_again_are_not_looked_for(
    migrate: Migrate,  # noqa: F811
) -> None:
    root, run, _url = migrate
    text = (
        "class AddReportingView < ActiveRecord::Migration[6.1]\n"
        "  def up\n" + GOOD + '    add_index :accounts, :name, name: "tmp_name_idx"\n'
        "    add_column :accounts, :scratch, :string\n"
        "    remove_column :accounts, :scratch\n"
        '    execute "DROP INDEX tmp_name_idx"\n'
        "  end\n\n"
        "  def down\n"
        '    execute "CREATE INDEX old_name_idx ON accounts (name)"\n'
        "    remove_column :accounts, :icon\n"
        "  end\nend\n"
    )
    (root / NEW).write_text(text, encoding="utf-8")
    run()
    regenerated = (root / "db/schema.rb").read_text()
    assert '"tmp_name_idx"' not in regenerated and '"scratch"' not in regenerated
    assert _gate(root)[:2] == (0, [])


def test_what_later_migrations_remove_or_rename_is_looked_for_as_rails_leaves_it(
    migrate: Migrate,  # noqa: F811
) -> None:
    """maybe-finance's history (a regenerated dump at every step) refused
    before: an index a later migration removes (``remove_index :t, :c if
    index_exists?``, or with its column), and an index named by hand that
    ``rename_table`` keeps (Rails renames only its own default names)."""
    root, run, _url = migrate
    (root / NEW).write_text(
        _migration(
            "    add_column :accounts, :key, :string\n"
            "    add_index :accounts, :key\n"
            "    add_column :accounts, :code, :string\n"
            "    add_index :accounts, :code\n"
            '    add_index :accounts, :name, name: "index_accounts_on_name_unique", unique: true\n'
        ),
        encoding="utf-8",
    )
    later = NEW.replace("20250901000000_add_reporting_view", "20250902000000_tidy_accounts")
    (root / later).write_text(
        "class TidyAccounts < ActiveRecord::Migration[6.1]\n  def change\n"
        "    remove_index :accounts, :key if index_exists?(:accounts, :key)\n"
        "    remove_column :accounts, :code, :string\n"
        "    rename_table :accounts, :ledgers\n"
        "  end\nend\n",
        encoding="utf-8",
    )
    run()
    dumped = (root / "db/schema.rb").read_text()
    # Rails' own doing: the hand-named index keeps its name on the renamed table
    assert 'name: "index_accounts_on_name_unique"' in dumped and '"ledgers"' in dumped
    assert "index_accounts_on_key" not in dumped and '"code"' not in dumped
    assert [f for f in _gate(root)[1] if f[0] == "DBN032"] == []
