"""What ``db/schema.rb`` makes outside the calls the reader reads is refused
when new (trial s40 maybe-finance).

Two holes let a name no rule judged pass ``check --base`` and the hook as a
``DBN917`` info note:

- a statement in a ``create_table ... do |t|`` block that calls the table
  (``t.string "x" if y``, ``t.a; t.b`` on one line, a loop of ``t.string``,
  a computed ``t.index`` name, ``t.foreign_key``): only ``create_*``/
  ``add_*``... statements and DDL text were counted as DDL;
- a statement before or after the ``define`` block
  (``ActiveRecord::Base.connection.execute("CREATE TABLE ...")``): not even
  a note; ``db:schema:load`` runs the whole file (``load``).

Oracle: ActiveRecord itself (Debian's ``ruby-activerecord``) loads the file
into PostgreSQL 15: every object it makes that the model lacks was made by
a statement the gate now refuses, and the model lacks none other.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from pg_server import PgServer
from test_rails_schema_rb import objects, rails_app
from test_rails_schema_rb_ruby_flow import _LOAD, _active_record, _hook, _with, app  # noqa: F401

#: ActiveRecord 6.1 (the oracle) knows no ``Schema[7.1]``: the plain form.
SCHEMA = """\
ActiveRecord::Base.connection.execute('CREATE TABLE "before_things" (id int)')
ActiveRecord::Schema.define(version: 2025_08_16_044639) do
  create_table "accounts", force: :cascade do |t|
    t.string "name"
  end

  create_table "contacts", force: :cascade do |t|
    t.string "email"
    t.bigint "account_id"
    t.string "if_col" if true
    %w[loop_a loop_b].each { |c| t.string c }
    t.string "concat_" + "col"
    t.index ["email"], name: "contacts_" + "email_idx"
    t.integer "semi_a"; t.integer "semi_b"
    [1].each do |i|
      t.string "loop_#{i}"
    end
    t.foreign_key "accounts", name: "contacts_account_fk"
  end
end
ActiveRecord::Base.connection.execute('CREATE TABLE "after_things" (id int)')
"""
#: The lines of the statements above that make what the reader does not read.
UNREAD_LINES = [1, 10, 11, 12, 13, 14, 15, 18, 21]


def test_every_object_the_model_lacks_is_made_by_a_refused_statement(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not _active_record():
        pytest.skip("ruby with activerecord and pg is not installed")
    monkeypatch.chdir(rails_app(tmp_path, SCHEMA, "postgres"))
    from_file = objects(".")
    with pg.fresh_database("dbn_s40_rails_unread") as db:
        script = tmp_path / "load.rb"
        script.write_text(_LOAD, encoding="utf-8")
        subprocess.run(
            ["ruby", str(script), pg.url(db), str(tmp_path / "db/schema.rb")],
            check=True,
            env=dict(os.environ),
            capture_output=True,
        )
        internal = ("schema_migrations", "ar_internal_metadata")
        in_db = [o for o in objects("--db", pg.url(db)) if not (o[1] or o[2]).startswith(internal)]
    lacking = set(in_db) - set(from_file)
    # Rails made them: refusing the statements is right, not noise
    assert {
        ("table", None, "before_things"),
        ("table", None, "after_things"),
        ("column", "contacts", "if_col"),
        ("column", "contacts", "loop_b"),
        ("column", "contacts", "concat_col"),
        ("column", "contacts", "semi_b"),
        ("column", "contacts", "loop_1"),
        ("index", "contacts", "contacts_email_idx"),
        ("constraint", "contacts", "contacts_account_fk"),
    } <= lacking
    notes = CliRunner().invoke(cli, ["check", "--select", "DBN917"]).stdout
    refused = sorted(
        int(found.group(1))
        for found in re.finditer(r"^db/schema\.rb:(\d+):\d+: DBN917 info: .*", notes, re.M)
        if "it holds DDL no rule reads" in found.group(0)
    )
    # before: only none of these (in the block: info notes; outside: nothing)
    assert refused == UNREAD_LINES, notes


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.parametrize(
    "added",
    [
        '  create_table "things", force: :cascade do |t|\n    t.string "okCol" if true\n  end\n',
        '  create_table "things", force: :cascade do |t|\n    t.integer "a"; t.integer "bB"\n'
        "  end\n",
        '  create_table "things", force: :cascade do |tbl|\n'
        "    %w[a bB].each { |c| tbl.string c }\n  end\n",
        '  create_table "things", force: :cascade do |t|\n'
        '    t.index ["id"], name: "Bad" + "Idx"\n  end\n',
        '  create_table "things", force: :cascade do |t|\n'
        '    t.foreign_key "contacts", name: "BadFk"\n  end\n',
        '  create_table "things", force: :cascade do |t|\n    [1].each do |i|\n'
        '      t.string "badLoop#{i}"\n    end\n  end\n',
    ],
)
def test_new_unread_table_calls_are_refused(app: Path, added: str) -> None:  # noqa: F811
    code, said = _hook(app, _with(added))
    assert code == 1
    assert [s for s in said if s[0] == "DBN917"] == [("DBN917", 14, "error")], said


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.parametrize("where", ["before", "after"])
def test_new_ddl_outside_the_define_block_is_refused(app: Path, where: str) -> None:  # noqa: F811
    line = "ActiveRecord::Base.connection.execute('CREATE TABLE \"BadOutside\" (id int)')\n"
    base = _with()
    schema = line + base if where == "before" else base + line
    code, said = _hook(app, schema)
    at = 1 if where == "before" else base.count("\n") + 1
    assert (code, said) == (1, [("DBN917", at, "error")])


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_what_makes_no_name_stays_a_note_and_the_comment_accepts(app: Path) -> None:  # noqa: F811
    # a removal in a table block makes no name; Ruby outside the block that
    # runs no DDL neither: both stay info notes
    removal = '  create_table "things", force: :cascade do |t|\n    t.remove "x"\n  end\n'
    assert _hook(app, _with(removal) + 'puts "schema loaded"\n') == (0, [])
    accepted = (
        "# dbnamelint: ignore[DBN917] made by hand, names checked\n"
        "ActiveRecord::Base.connection.execute('CREATE TABLE \"BadOutside\" (id int)')\n"
    )
    assert _hook(app, _with() + accepted) == (0, [])


def test_rails_8_1s_version_list_outside_the_block_is_no_note(app: Path) -> None:  # noqa: F811
    # Rails 8.1 records the applied versions after `__END__`, loaded by a
    # call after the define block: nothing to note (a guard for the above)
    listed = "\nActiveRecord::Schema.load_schema_migrations(__FILE__)\n\n__END__\n20250816044639\n"
    assert _hook(app, _with() + listed) == (0, [])
    result = CliRunner().invoke(cli, ["check", "--select", "DBN917"])
    assert "load_schema_migrations" not in result.stdout
