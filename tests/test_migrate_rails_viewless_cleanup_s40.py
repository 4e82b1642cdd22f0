"""``migrate --cleanup`` in a Rails app keeping ``db/schema.rb`` says why it
finds no compatibility view (trial s40 maybe-finance).

After a phase's forward ran and ``bin/rails db:migrate`` wrote the dump
again, the compatibility view is in the database only: Rails' Ruby dumper
writes no views (scenic adds them). The refusal said "no compatibility view
to drop in the files" and no more. Oracle: ActiveRecord's ``SchemaDumper``
(Debian's ``ruby-activerecord``) dumps a PostgreSQL 15 database holding the
renamed table and its marked compatibility view: no view in the dump.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from pg_server import PgServer
from test_rails_schema_rb import rails_app
from test_rails_schema_rb_ruby_flow import _active_record

#: The dump after the phase renaming tags -> labels (its view left out).
SCHEMA = """\
ActiveRecord::Schema[7.1].define(version: 2025_08_01_000000) do
  create_table "labels", force: :cascade do |t|
    t.string "name"
  end
end
"""
CONFIG = (
    "paths: [db]\nrules:\n  table-legacy-name:\n    options:\n      names:\n        tags: labels\n"
)
_DUMP = """\
require "active_record"
ActiveRecord::Base.establish_connection(ARGV[0])
ActiveRecord::SchemaDumper.dump(ActiveRecord::Base.connection, $stdout)
"""


def _cleanup() -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["migrate", "--cleanup"])
    return result.exit_code, result.output


def test_the_refusal_says_the_ruby_dump_holds_no_views(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = rails_app(tmp_path / "app", SCHEMA, "postgres", {"dbnamelint.yaml": CONFIG})
    monkeypatch.chdir(root)
    code, output = _cleanup()
    assert code == 2, output
    assert "no compatibility view to drop in the files: db/schema.rb is Rails' Ruby dump" in output
    assert "`dbnamelint drift --db URL` lists them" in output
    if not _active_record():
        pytest.skip("ruby with activerecord and pg is not installed")
    with pg.fresh_database("dbn_s40_rails_viewless") as db:
        pg.run(
            sql="CREATE TABLE labels (id bigserial PRIMARY KEY, name varchar);"
            "CREATE VIEW tags AS SELECT * FROM labels;"
            "COMMENT ON VIEW tags IS 'dbnamelint compatibility view of labels';",
            dbname=db,
        )
        (tmp_path / "dump.rb").write_text(_DUMP, encoding="utf-8")
        dumped = subprocess.run(
            ["ruby", str(tmp_path / "dump.rb"), pg.url(db)],
            check=True,
            capture_output=True,
            text=True,
            env=dict(os.environ),
        ).stdout
    assert 'create_table "labels"' in dumped
    assert "tags" not in dumped


def test_with_scenic_the_dump_holds_views_and_no_such_word(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = rails_app(
        tmp_path / "app",
        SCHEMA,
        "postgres",
        {"dbnamelint.yaml": CONFIG, "Gemfile": 'gem "rails"\ngem "scenic"\n'},
    )
    monkeypatch.chdir(root)
    code, output = _cleanup()
    assert code == 2, output
    assert output.strip().endswith("no compatibility view to drop in the files"), output
