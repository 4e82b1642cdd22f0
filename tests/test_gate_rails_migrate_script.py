"""``migrate``'s own forward script, put in a Rails migration as the README
says, passes the gate with the schema.rb ``db:migrate`` writes (trial s38
mastodon).

Its ``ALTER TABLE ... RENAME CONSTRAINT "accounts_pkey" TO "members_pkey"``
and ``ALTER SEQUENCE "accounts_id_seq" RENAME TO "members_id_seq"`` were
looked for in the regenerated ``db/schema.rb`` as names the migration makes,
and refused (``DBN032`` "holds no index or constraint ... members_pkey,
members_id_seq"): the Ruby dumper writes neither (``db:schema:load`` names
both from the table), so no regenerated dump could pass.

Oracle: ActiveRecord itself (Debian's ``ruby-activerecord`` 6.1) runs the
migration on PostgreSQL 15 and its ``SchemaDumper`` writes the dump.
"""

from __future__ import annotations

import re

from click.testing import CliRunner

from dbnamelint.cli import cli
from test_gate_rails_ruby_dump_objects import (
    NEW,
    Migrate,
    _gate,
    migrate,  # noqa: F401 - the fixture
)


def _forward(rename: str) -> str:
    shown = CliRunner().invoke(cli, ["migrate", "--rename", rename, "--no-views"])
    assert shown.exit_code == 0, shown.output
    found = re.search(r"^-- ==== forward ====\n(.*?)(?=^-- ==== )", shown.stdout, re.M | re.S)
    assert found is not None, shown.stdout
    return found.group(1)


def test_the_forward_script_in_a_migration_passes_with_the_regenerated_dump(
    migrate: Migrate,  # noqa: F811
) -> None:
    root, run, _url = migrate
    forward = _forward("accounts=members")
    assert '"accounts_pkey" TO "members_pkey"' in forward, forward
    assert '"accounts_id_seq" RENAME TO "members_id_seq"' in forward, forward
    body = "".join(f"      {line}\n" if line else "\n" for line in forward.splitlines())
    (root / NEW).write_text(
        "class AddReportingView < ActiveRecord::Migration[6.1]\n"
        "  disable_ddl_transaction!\n\n"
        f"  def up\n    execute <<~'SQL'\n{body}    SQL\n  end\nend\n",
        encoding="utf-8",
    )
    run()  # bin/rails db:migrate: the renames run, and the dump follows
    dumped = (root / "db/schema.rb").read_text()
    assert 'create_table "members"' in dumped and '"accounts"' not in dumped, dumped
    code, found, message = _gate(root)
    assert (code, found) == (0, []), message
    # a dump not regenerated (the old table kept) is still refused
    (root / "db/schema.rb").write_text(dumped.replace('"members"', '"accounts"'), encoding="utf-8")
    code, found, message = _gate(root)
    assert ("DBN032", NEW, 1) in found, message
