"""Active Record code naming a table or a column, and models on a compatibility view.

Trial s21 (openstreetmap-website): ``Tracepoint.joins(:trace).where(:gpx_files
=> {...})`` names the table ``gpx_files`` in the SQL Active Record builds
(``WHERE "gpx_files"."visibility" IN (...)``), while the JOIN names the
model's table; once the model reads ``gps_traces`` PostgreSQL answers
``missing FROM-clause entry for table "gpx_files"``, compatibility view or
not. ``impact`` rated such places plain and ``--diff`` left them. Likewise
``users.pass_crypt`` in ``app/models/user.rb`` (``validates :pass_crypt``,
``self.pass_crypt =``) and ``User.where(pass_crypt: ...)`` are the model's
attribute, the column's name: plain before. And a model still reading the
old name reads the compatibility view, which has no primary key for Active
Record to find.

Oracles: PostgreSQL runs ``migrate``'s forward script, then the SQL Active
Record generates for each form, written by hand from the Rails guide
("Active Record Query Interface": "Hash Conditions", "Specifying Conditions
on the Joined Tables", "Ordering", "pluck"), and the primary-key query of
Rails' PostgreSQL adapter (``primary_keys`` in
``activerecord/lib/active_record/connection_adapters/postgresql/schema_statements.rb``);
sqlite3 answers ``PRAGMA table_info`` (Rails' SQLite adapter reads ``pk``
from it) for the view; the patch goes through the real ``git apply``.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

import mysql_server
from dbnamelint.cli import cli
from dbnamelint.impact.railsquery import table_form
from git_helpers import committed_repo, git
from impact_json import impact_items, impact_json
from pg_server import PgServer, SqlFailed

SCHEMA = """\
CREATE TABLE users (id bigint PRIMARY KEY, email text, pass_crypt text);
CREATE TABLE gpx_files (id bigint PRIMARY KEY, user_id bigint, visibility text);
CREATE TABLE gps_points (id bigint PRIMARY KEY, gpx_id bigint, latitude int);
CREATE TABLE acls (id bigint PRIMARY KEY, k text);
"""
WHITELIST = """\
phases:
  - {id: "1", title: "Legacy names", status: open}
entries:
  - {kind: table, name: gpx_files, rules: [DBN107], phase: "1", target: gps_traces}
  - {kind: table, name: acls, rules: [DBN107], phase: "1", target: access_control_lists}
  - {kind: column, name: users.pass_crypt, rules: [DBN202], phase: "1", target: password_digest}
"""
CONFIG = """\
paths: [db/structure.sql]
dialect: postgres
rules:
  table-legacy-name:
    options:
      names: {gpx_files: gps_traces, acls: access_control_lists}
  column-legacy-name:
    options:
      columns: {users.pass_crypt: password_digest}
"""
TRACE = 'class Trace < ApplicationRecord\n  self.table_name = "gpx_files"\nend\n'
ACL = "class Acl < ApplicationRecord\n  validates :k, :presence => true\nend\n"
KEYED = 'class Acl < ApplicationRecord\n  self.primary_key = "id"\nend\n'
USER = """\
# == Schema Information
#  pass_crypt :string
class User < ApplicationRecord
  validates :pass_crypt, :confirmation => true

  def encrypt_password
    self.pass_crypt = digest(pass_crypt)
  end
end
"""
#: One form a line; the line number is the key the expectations use.
CONTROLLER = """\
class PointsController < ApplicationController
  def index
    a = Tracepoint.joins(:trace).where(:gpx_files => { :visibility => %w[trackable identifiable] })
    b = Tracepoint.joins(:trace).where(gpx_files: { visibility: "public" })
    c = Tracepoint.joins(:trace).where("gpx_files.visibility" => "public")
    d = Tracepoint.joins(:trace).order("gpx_files.id")
    e = Tracepoint.joins(:trace).pluck("gpx_files.id")
    f = Tracepoint.includes(:trace).references(:gpx_files)
    g = User.where(pass_crypt: "x").pluck(:pass_crypt)
    h = current_user.pass_crypt
    i = Tracepoint.where(:gpx_id => 1) # gpx_files
    j = User.joins(:gpx_files).where(gpx_files: { visibility: "public" })
  end
end
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return committed_repo(
        tmp_path / "repo",
        {
            "dbnamelint.yaml": CONFIG,
            "whitelist.yaml": WHITELIST,
            "db/structure.sql": SCHEMA,
            "app/models/trace.rb": TRACE,
            "app/models/acl.rb": ACL,
            "app/models/user.rb": USER,
            "app/controllers/points_controller.rb": CONTROLLER,
        },
        monkeypatch,
    )


def _items(root: Path) -> dict[tuple[str, int, int], dict[str, object]]:
    report = impact_json("--min-confidence", "plain")
    return {(item["path"], item["line"], item["column"]): item for _o, item in impact_items(report)}


CTRL = "app/controllers/points_controller.rb"


def test_active_record_table_keys_are_high_and_marked(repo: Path) -> None:
    items = _items(repo)
    table = {
        key[1]: (item["confidence"], item["context"], bool(item["refused"]))
        for key, item in items.items()
        if key[0] == CTRL and item["name"] == "gpx_files"
    }
    marked = ("high", "Active Record table key", True)
    assert table == {
        3: marked,  # :gpx_files => { ... }
        4: marked,  # gpx_files: { ... }
        5: marked,  # "gpx_files.visibility" => ...
        6: marked,  # order("gpx_files.id")
        7: marked,  # pluck("gpx_files.id")
        8: ("high", "Active Record table key", False),  # references(:gpx_files): the JOIN only
        11: ("plain", "comment", False),
        # an association User joins by that name: Active Record resolves the key
        # through it (TableMetadata#associated_table), to the renamed table
        12: ("plain", "text", False),
    }
    refused = str(items[(CTRL, 3, 41)]["refused"])
    assert 'missing FROM-clause entry for table "gpx_files"' in refused


def test_model_attributes_are_high_in_the_model_and_its_queries(repo: Path) -> None:
    items = _items(repo)
    column = {
        (key[0], key[1], key[2]): (item["confidence"], item["context"], bool(item["refused"]))
        for key, item in items.items()
        if item["name"] == "pass_crypt"
    }
    attribute = ("high", "Rails model attribute", True)
    query = ("high", "Active Record column key", True)
    assert column == {
        ("app/models/user.rb", 2, 4): ("plain", "comment", False),
        ("app/models/user.rb", 4, 14): attribute,
        ("app/models/user.rb", 7, 10): attribute,
        ("app/models/user.rb", 7, 30): attribute,
        (CTRL, 9, 20): query,
        (CTRL, 9, 44): query,
        (CTRL, 10, 22): ("plain", "text", False),  # whose attribute: for a person to judge
    }
    assert "forward script" in str(items[("app/models/user.rb", 4, 14)]["refused"])


def test_models_on_an_old_table_name_are_marked_for_their_primary_key(repo: Path) -> None:
    items = _items(repo)
    assert "no primary key" in str(items[("app/models/acl.rb", 1, 7)]["refused"])
    assert "no primary key" in str(items[("app/models/trace.rb", 2, 22)]["refused"])
    (repo / "app/models/acl.rb").write_text(KEYED, encoding="utf-8")
    (repo / "app/models/trace.rb").write_text(
        TRACE.replace("end\n", '  self.primary_key = "id"\nend\n'), encoding="utf-8"
    )
    git(repo, "commit", "-qam", "keys")
    items = _items(repo)
    assert not items[("app/models/trace.rb", 2, 22)]["refused"]
    assert not items[("app/models/acl.rb", 1, 7)]["refused"]


def test_diff_renames_the_keys_and_attributes(repo: Path) -> None:
    result = CliRunner().invoke(cli, ["impact", "--diff"])
    assert result.exit_code == 0, result.stderr
    (repo / "fix.patch").write_text(result.stdout, encoding="utf-8")
    git(repo, "apply", "fix.patch")
    controller = (repo / CTRL).read_text(encoding="utf-8").splitlines()
    assert controller[2:10] == [
        "    a = Tracepoint.joins(:trace).where(:gps_traces => { :visibility => "
        "%w[trackable identifiable] })",
        '    b = Tracepoint.joins(:trace).where(gps_traces: { visibility: "public" })',
        '    c = Tracepoint.joins(:trace).where("gps_traces.visibility" => "public")',
        '    d = Tracepoint.joins(:trace).order("gps_traces.id")',
        '    e = Tracepoint.joins(:trace).pluck("gps_traces.id")',
        "    f = Tracepoint.includes(:trace).references(:gps_traces)",
        '    g = User.where(password_digest: "x").pluck(:password_digest)',
        "    h = current_user.pass_crypt",
    ]
    user = (repo / "app/models/user.rb").read_text(encoding="utf-8")
    assert user == USER.replace("  validates :pass_crypt", "  validates :password_digest").replace(
        "self.pass_crypt = digest(pass_crypt)", "self.password_digest = digest(password_digest)"
    )
    assert 'self.table_name = "gps_traces"' in (repo / "app/models/trace.rb").read_text(
        encoding="utf-8"
    )


def test_migrate_names_the_models_that_need_a_primary_key(repo: Path) -> None:
    result = CliRunner().invoke(cli, ["migrate", "--all"])
    assert result.exit_code == 0, result.stderr
    notes = result.stdout.split("Notes:", 1)[1].split("\n\n", 1)[0]
    assert 'self.primary_key = "id"' in notes
    assert "Acl (app/models/acl.rb, table acls)" in notes
    assert "Trace (app/models/trace.rb, table gpx_files)" in notes
    assert "User" not in notes  # its table stays a table


# ------------------------------------------------------------------ oracles

#: The SQL Active Record builds for each form of CONTROLLER (lines 3-7, 9),
#: ``{join}`` the model's table (Tracepoint ``belongs_to :trace``) and ``{t}``
#: the table the code names.
AR_SQL = {
    3: 'SELECT "gps_points".* FROM "gps_points" INNER JOIN "{join}" ON "{join}"."id" = '
    '"gps_points"."gpx_id" WHERE "{t}"."visibility" IN (\'trackable\', \'identifiable\')',
    4: 'SELECT "gps_points".* FROM "gps_points" INNER JOIN "{join}" ON "{join}"."id" = '
    '"gps_points"."gpx_id" WHERE "{t}"."visibility" = \'public\'',
    5: 'SELECT "gps_points".* FROM "gps_points" INNER JOIN "{join}" ON "{join}"."id" = '
    '"gps_points"."gpx_id" WHERE "{t}"."visibility" = \'public\'',
    6: 'SELECT "gps_points".* FROM "gps_points" INNER JOIN "{join}" ON "{join}"."id" = '
    '"gps_points"."gpx_id" ORDER BY {t}.id',
    7: 'SELECT {t}.id FROM "gps_points" INNER JOIN "{join}" ON "{join}"."id" = '
    '"gps_points"."gpx_id"',
}
COLUMN_SQL = {
    "where": 'SELECT "users".* FROM "users" WHERE "users"."{c}" = \'x\'',
    "pluck": 'SELECT "users"."{c}" FROM "users"',
}
RAILS_PRIMARY_KEYS = """\
SELECT a.attname
  FROM (
         SELECT indrelid, indkey, generate_subscripts(indkey, 1) idx
           FROM pg_index
          WHERE indrelid = '"{table}"'::regclass
            AND indisprimary
       ) i
  JOIN pg_attribute a
    ON a.attrelid = i.indrelid
   AND a.attnum = i.indkey[i.idx]
 ORDER BY i.idx"""


def _forward(repo: Path) -> str:
    result = CliRunner().invoke(cli, ["migrate", "--all"])
    assert result.exit_code == 0, result.stderr
    return result.stdout.split("-- ==== forward ====")[1].split("-- ==== rollback ====")[0]


def test_postgres_fails_the_old_keys_and_runs_the_patched(repo: Path, pg: PgServer) -> None:
    forward = _forward(repo)
    items = _items(repo)
    with pg.fresh_database("railsimpact_keys") as name:
        pg.run(sql=SCHEMA, dbname=name)
        pg.run(sql=forward, dbname=name)

        def error(sql: str) -> str | None:
            try:
                pg.run(sql=sql, dbname=name)
            except SqlFailed as exc:
                return str(exc)
            return None

        for line, sql in AR_SQL.items():
            # Before the patch, all on the old name: the compatibility view answers.
            assert error(sql.format(join="gpx_files", t="gpx_files")) is None, line
            # The model patched, this place not: the database refuses it.
            old = error(sql.format(join="gps_traces", t="gpx_files"))
            assert old is not None, line
            assert 'missing FROM-clause entry for table "gpx_files"' in old
            assert error(sql.format(join="gps_traces", t="gps_traces")) is None, line
            assert any(k[0] == CTRL and k[1] == line and v["refused"] for k, v in items.items())
        for form, sql in COLUMN_SQL.items():
            old = error(sql.format(c="pass_crypt"))
            assert old is not None and "column users.pass_crypt does not exist" in old, form
            assert error(sql.format(c="password_digest")) is None, form
        # The primary key Rails' adapter finds: the table's, and none on the view.
        keys = pg.query_json(RAILS_PRIMARY_KEYS.format(table="access_control_lists"), name)
        assert keys == [{"attname": "id"}]
        assert pg.query_json(RAILS_PRIMARY_KEYS.format(table="acls"), name) == []
        assert pg.query_json("SELECT relkind FROM pg_class WHERE relname = 'acls'", name) == [
            {"relkind": "v"}
        ]


def test_sqlite_gives_a_view_no_primary_key() -> None:
    """Rails' SQLite adapter takes the primary key from ``PRAGMA table_info``'s
    ``pk``: a view's columns have none."""
    db = sqlite3.connect(":memory:")
    db.executescript(
        "CREATE TABLE access_control_lists (id integer PRIMARY KEY, k text);"
        "CREATE VIEW acls AS SELECT * FROM access_control_lists;"
    )
    pk = {row[1]: row[5] for row in db.execute("PRAGMA table_info(access_control_lists)")}
    assert pk == {"id": 1, "k": 0}
    assert {row[1]: row[5] for row in db.execute("PRAGMA table_info(acls)")} == {"id": 0, "k": 0}


@pytest.mark.parametrize(
    ("line", "table"),
    [
        ('Trace.joins(:x).where("gpx_files" => { :visible => true })', True),
        ('Point.joins(:trace).where("gpx_files.visibility = ?", v)', True),
        ('Point.joins(:trace).where.not("gpx_files.visibility" => "private")', True),
        ('Point.joins(:trace).order("gps_points.id, gpx_files.id DESC")', True),
        ('Point.joins(:trace).select("gpx_files.id AS trace_id")', True),
        # An association, not a table; no query method; a column key.
        ("Point.joins(:gpx_files)", False),
        ('puts "gpx_files.id"', False),
        ("Point.where(:gpx_files => 1)", False),
        ('Point.where(gpx_files: "x")', False),
    ],
)
def test_table_forms(line: str, table: bool) -> None:
    start = line.index("gpx_files")
    assert table_form(line, start, start + len("gpx_files")) is table


def test_mariadb_gives_a_view_no_primary_key(maria: mysql_server.MysqlServer) -> None:
    """The query of Rails' MySQL adapter (``primary_keys`` in
    ``abstract_mysql_adapter.rb``) finds the table's key and none on the view."""
    query = (
        "SELECT column_name FROM information_schema.statistics WHERE index_name = 'PRIMARY' "
        "AND table_schema = DATABASE() AND table_name = '{t}' ORDER BY seq_in_index"
    )
    with maria.fresh_database("railsimpact_keys") as name:
        maria.run(
            "CREATE TABLE access_control_lists (id int PRIMARY KEY, k text);"
            "CREATE VIEW acls AS SELECT * FROM access_control_lists;",
            database=name,
        )
        assert maria.run(query.format(t="access_control_lists"), database=name).split() == ["id"]
        assert maria.run(query.format(t="acls"), database=name).split() == []
