"""A function or procedure made by a SQL string in application code is judged
(trial s38 mastodon: ``connection.execute('CREATE OR REPLACE FUNCTION
"TimestampId"() ...')`` in lib/ passed the hook; the same statement in a
``.sql`` file is DBN505). The gate's list of statements that make a named
object now holds ``CREATE [OR REPLACE] FUNCTION``/``PROCEDURE`` beside
tables, views, indexes, types and triggers. Real git; the hook and
``check --base`` must agree.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from check_json import new_file_errors
from git_helpers import committed_repo

BASE = {
    "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
    "db/schema.sql": "CREATE TABLE users (id int);\n",
}
RUBY = """\
class Snowflake
  def self.define!
    ActiveRecord::Base.connection.execute(<<~SQL)
      CREATE OR REPLACE FUNCTION "TimestampId"(table_name text) RETURNS bigint AS $$
      BEGIN RETURN 1; END $$ LANGUAGE plpgsql;
    SQL
  end
end
"""
PYTHON = """\
def install(cursor):
    cursor.execute(
        'CREATE PROCEDURE "ArchiveUsers"() LANGUAGE sql AS $$ DELETE FROM users $$'
    )
"""
GOOD = """\
def install(cursor):
    cursor.execute(
        "CREATE OR REPLACE FUNCTION timestamp_id() RETURNS bigint AS $$ SELECT 1::bigint $$ "
        "LANGUAGE sql"
    )
"""


@pytest.mark.parametrize(
    ("path", "text", "line"),
    [("lib/snowflake.rb", RUBY, 4), ("app/archive.py", PYTHON, 3)],
    ids=["ruby-function", "python-procedure"],
)
def test_a_badly_named_routine_in_app_code_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: str, text: str, line: int
) -> None:
    root = committed_repo(tmp_path / "repo", BASE, monkeypatch)
    assert new_file_errors(root, path, text) == [("DBN505", line)]


def test_a_well_named_one_passes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from check_json import check_entries, stage

    root = committed_repo(tmp_path / "repo", BASE, monkeypatch)
    stage(root, "app/install.py", GOOD)
    for run in (("--base", "HEAD"), ("--pre-commit",)):
        status, found = check_entries(*run, "--no-cache")
        assert status == 0, found
