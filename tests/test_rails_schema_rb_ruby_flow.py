"""Ruby control flow and other hand-written forms in ``db/schema.rb`` (trial s34 chatwoot).

Before, the reader took the ``end`` of an ``if`` for the end of the
``define`` block: every table written after it was missing from the model
and no rule judged it (s43: ``create_table "BadAfterIf"`` passed the gate),
and the ``if``'s own calls were put in the model as if they always ran.
A ``create_table(...) { |t| ... }`` brace block, a computed name or a loop
passed the gate as an info note, and each line of a hair_trigger
``create_trigger(...).on(...)`` chain was a note of its own.

Oracle: ActiveRecord itself (Debian's ``ruby-activerecord``) loads the
schema.rb into PostgreSQL 15; ``inspect --db`` of that database is compared
with ``inspect`` of the file.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import git, init_repo, isolated_git_env
from oracle_tools import ruby_requires
from pg_server import PgServer
from test_rails_schema_rb import objects, rails_app

#: ActiveRecord 6.1 (the oracle) knows no ``Schema[7.1]``: the plain form.
FLOW_SCHEMA = """\
ActiveRecord::Schema.define(version: 2025_08_16_044639) do
  create_table "contacts", force: :cascade do |t|
    t.string "email"
  end

  if ENV["DBN_S34_EXTRA"]
    add_index "contacts", ["email"], name: "index_contacts_on_email_extra"
  end

  create_table "after_if_things", force: :cascade do |t|
    t.string "some_col"
  end

  create_table("brace_things", force: :cascade) { |t| t.string "some_col" }

  unless ENV["DBN_S34_EXTRA"]
    create_table "unless_things", force: :cascade do |t|
      t.string "other_col"
    end
  end

  create_table "last_things", force: :cascade do |t|
    t.string "last_col"
  end
end
"""

_LOAD = """\
require "active_record"
ActiveRecord::Base.establish_connection(ARGV[0])
ActiveRecord::Migration.verbose = false
load ARGV[1]
"""


def _active_record() -> bool:
    return ruby_requires("active_record", "pg")


def test_what_follows_control_flow_is_read_and_its_body_is_said_to_be_conditional(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not _active_record():
        pytest.skip("ruby with activerecord and pg is not installed")
    monkeypatch.chdir(rails_app(tmp_path, FLOW_SCHEMA, "postgres"))
    from_file = objects(".")
    with pg.fresh_database("dbn_s34_rails_flow") as db:
        script = tmp_path / "load.rb"
        script.write_text(_LOAD, encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if k != "DBN_S34_EXTRA"}
        subprocess.run(
            ["ruby", str(script), pg.url(db), str(tmp_path / "db/schema.rb")],
            check=True,
            env=env,
            capture_output=True,
        )
        internal = {"schema_migrations", "ar_internal_metadata"}
        in_db = [
            o
            for o in objects("--db", pg.url(db))
            if o[1] not in internal and not o[2].startswith(tuple(internal))
        ]
    # everything Rails made is in the model (before: nothing after the `if`)
    assert set(in_db) <= set(from_file), sorted(set(in_db) - set(from_file))
    assert ("table", None, "last_things") in from_file
    # the body of the `if` Rails skipped with the variable unset is read as
    # if it ran (its names judged), and the note says so
    assert sorted(set(from_file) - set(in_db)) == [
        ("index", "contacts", "index_contacts_on_email_extra")
    ]
    notes = CliRunner().invoke(cli, ["check", "--select", "DBN917"]).stdout
    assert "db/schema.rb:6:3: DBN917 info: schema.rb statement not read (if ENV[" in notes
    assert "its condition is not evaluated, so the calls in it (lines 7-7) are read" in notes
    assert "db/schema.rb:16:3: DBN917 info: schema.rb statement not read (unless ENV[" in notes


BASE_SCHEMA = """\
ActiveRecord::Schema[7.1].define(version: 2025_08_16_044639) do
  create_table "contacts", force: :cascade do |t|
    t.string "email"
  end

  create_trigger("contacts_before_insert_row_tr", :generated => true, :compatibility => 1).
      on("contacts").
      before(:insert).
      for_each(:row) do
    "NEW.email := lower(NEW.email);"
  end
end
"""


def _with(*lines: str) -> str:
    return BASE_SCHEMA[: BASE_SCHEMA.rindex("end\n")] + "\n" + "".join(lines) + "end\n"


@pytest.fixture
def app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    root = rails_app(
        tmp_path / "shop", BASE_SCHEMA, "postgres", {"dbnamelint.yaml": "paths: [db]\n"}
    )
    init_repo(root, "base")
    monkeypatch.chdir(root)
    return root


def _hook(root: Path, schema: str) -> tuple[int, list[tuple[str, int, str]]]:
    (root / "db/schema.rb").write_text(schema, encoding="utf-8")
    git(root, "add", "-A")
    result = CliRunner().invoke(cli, ["check", "--pre-commit", "--format", "json", "-v"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.stdout)
    said = [
        (d["code"], d["line"], d["severity"])
        for d in report["diagnostics"]
        if d["code"] != "DBN917" or d["severity"] != "info"
    ]
    said += [(f["code"], f["line"], "finding") for f in report["findings"] if f["fails_run"]]
    return result.exit_code, sorted(said)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.parametrize(
    ("added", "expected"),
    [
        # a brace block is read (Rails runs it as the do block): its names judged
        (
            '  create_table("BadParen", force: :cascade) { |t| t.string "someCol" }\n',
            [("DBN101", 13, "finding"), ("DBN201", 13, "finding")],
        ),
        # what follows control flow is read (before: lost with the `if`'s `end`)
        (
            '  if ENV["X"]\n    add_index "contacts", ["email"], name: "contacts_email_x"\n  end\n'
            '  create_table "BadAfterIf", force: :cascade do |t|\n  end\n',
            [("DBN101", 16, "finding")],
        ),
        # a name the code computes, a loop, a hair_trigger chain: refused when new
        (
            '  create_table "Bad" + "Concat", force: :cascade do |t|\n  end\n',
            [("DBN917", 13, "error")],
        ),
        (
            "  %w[loop_a loop_b].each do |name|\n    create_table name do |t|\n    end\n  end\n",
            [("DBN917", 13, "error")],
        ),
        (
            '  create_trigger("BadTrigger", :generated => true).\n      on("contacts").\n'
            '      before(:insert) do\n    "NEW.email := NEW.email;"\n  end\n',
            [("DBN917", 13, "error")],
        ),
        (
            '  add_index("contacts", ["email"]) if ENV["X"]\n',
            [("DBN917", 13, "error")],
        ),
    ],
)
def test_new_schema_rb_statements_are_read_or_refused(
    app: Path, added: str, expected: list[tuple[str, int, str]]
) -> None:
    code, said = _hook(app, _with(added))
    assert (code, said) == (1, expected)


def test_one_note_per_hair_trigger_chain_and_its_comment_accepts_a_new_one(app: Path) -> None:
    trigger = (
        '  create_trigger("BadTrigger", :generated => true).\n      on("contacts").\n'
        '      before(:insert) do\n    "NEW.email := NEW.email;"\n  end\n'
    )
    accepted = "  # dbnamelint: ignore[DBN917] trigger names checked by hand\n"
    assert _hook(app, _with(accepted, trigger)) == (0, [])
    result = CliRunner().invoke(cli, ["check", "--select", "DBN917"])
    lines = [line for line in result.stdout.splitlines() if "DBN917" in line]
    # one note per chain (before: one per line of it, five for the base's)
    where = [line.split(" DBN917")[0] for line in lines]
    assert where == ["db/schema.rb:6:3:", "db/schema.rb:14:3:"]
