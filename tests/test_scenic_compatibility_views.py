"""scenic's ``create_view`` in ``db/schema.rb`` is a compatibility view as a dump's is.

After a phase's forward script ran, ``bin/rails db:schema:dump`` with scenic
writes the view as ``create_view "acls", sql_definition: <<-SQL`` holding
``pg_get_viewdef``'s text, and no comment (mastodon keeps ``favourites``
over ``favorites`` so). ``migrate --cleanup`` must find it, as it finds a
``structure.sql`` one (README's fallback: a plain SELECT of the table's
columns, named as the rename plan's earlier name). Oracle: PostgreSQL loads
the schema.rb's SQL (the view included), runs the printed cleanup, and the
view is gone; real git for ``impact``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import init_repo, isolated_git_env
from pg_server import PgServer
from test_rails_schema_rb import generated_sql, rails_app

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

SCHEMA = """\
ActiveRecord::Schema[7.1].define(version: 2026_01_01_000000) do
  create_table "access_control_lists", force: :cascade do |t|
    t.string "k"
  end

  create_view "acls", sql_definition: <<-SQL
      SELECT access_control_lists.id,
      access_control_lists.k
     FROM access_control_lists{where};
  SQL
end
"""
CONFIG = """\
paths: [db]
dialect: postgres
rules:
  table-legacy-name:
    options:
      names: {acls: access_control_lists}
"""
MODEL = 'class Acl < ApplicationRecord\n  self.table_name = "acls"\nend\n'


def _app(root: Path, monkeypatch: pytest.MonkeyPatch, schema: str) -> Path:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    rails_app(
        root,
        schema,
        "postgres",
        {"dbnamelint.yaml": CONFIG, "app/models/acl.rb": MODEL, "db/migrate/.keep": ""},
    )
    monkeypatch.chdir(root)
    init_repo(root, "base")
    return root


def test_a_scenic_view_is_dropped_by_the_cleanup_and_searched_by_impact(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    schema = SCHEMA.format(where="")
    _app(tmp_path / "app", monkeypatch, schema)
    result = CliRunner().invoke(cli, ["migrate", "--cleanup"])
    assert result.exit_code == 0, result.output
    assert "acls (for access_control_lists)" in result.output
    cleanup = result.stdout.split("-- ==== cleanup", 1)[1]
    assert 'DROP VIEW "acls";' in cleanup
    with pg.fresh_database("dbn_scenic_views") as db:
        pg.run(sql=generated_sql(schema, "postgres"), dbname=db)
        pg.run(sql="\n".join(cleanup.splitlines()[1:]), dbname=db)
        left = pg.query_json("SELECT count(*) AS n FROM pg_views WHERE viewname = 'acls'", db)
        assert left == [{"n": 0}]
    impact = CliRunner().invoke(cli, ["impact"])
    assert impact.exit_code == 0, impact.output
    assert "table acls -> access_control_lists (already renamed in the schema)" in impact.output


def test_a_scenic_view_that_filters_is_the_codes_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _app(
        tmp_path / "app",
        monkeypatch,
        SCHEMA.format(where="\n  WHERE (access_control_lists.id > 0)"),
    )
    result = CliRunner().invoke(cli, ["migrate", "--cleanup"])
    assert result.exit_code == 2, result.output
    assert "no compatibility view to drop in the files" in result.output
