"""An Ecto migration's names written as module attributes (trial s41 teslamate).

``@table :trip_notes`` ... ``create table(@table)`` was ``DBN013`` ("a name
from a variable or a constant"): the gate refused the commit though the
name is a literal two lines up, and only ``ignore[DBN013]`` let it through,
unjudged. An attribute bound once to an atom or a string is now read as that
name; one bound twice stays ``DBN013`` (which value a call reads depends on
where it stands), and an ``@x`` line inside a heredoc binds nothing.

Oracles: real git for the gate (:func:`check_json.new_file_errors`,
``check --base HEAD`` and ``--pre-commit`` agree); Elixir's "Module
attributes" guide (``@name value`` defines it, ``@name`` in a function reads
it at compile time); ecto_sql's ``lib/ecto/migration.ex`` for the index name
(``default_index_name``: ``<table>_<columns>_index``).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from check_json import assert_edit_passes, new_file_errors
from dbnamelint.cli import cli
from git_helpers import committed_repo

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

PATH = "priv/repo/migrations/20260901000000_add_trip_notes.exs"


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = {
        "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
        "db/schema.sql": "CREATE TABLE drives (id bigserial PRIMARY KEY);\n",
    }
    return committed_repo(tmp_path / "app", files, monkeypatch)


BAD = """defmodule TeslaMate.Repo.Migrations.AddTripNotes do
  use Ecto.Migration

  @table :TripNotes
  @column "noteText"
  @twice :first_tables
  @twice :SecondTables
  @doc_text \"\"\"
  @fake :NotAnAttribute
  \"\"\"

  def change do
    create table(@table) do
      add(@column, :text)
    end

    create index(@table, [@column])
    create table(@twice)
  end
end
"""


def test_attribute_names_are_judged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _repo(tmp_path, monkeypatch)
    assert new_file_errors(root, PATH, BAD) == [
        ("DBN013", 18),  # @twice: bound twice
        ("DBN101", 13),  # TripNotes
        ("DBN201", 14),  # noteText
        ("DBN301", 17),  # TripNotes_noteText_index
    ]


def test_honest_attribute_names_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _repo(tmp_path, monkeypatch)
    honest = (
        BAD.replace(":TripNotes", ":trip_notes")
        .replace('"noteText"', '"note_text"')
        .replace("    create table(@twice)\n", "")
    )
    assert_edit_passes(root, PATH, honest)


INTERPOLATED = """defmodule TeslaMate.Repo.Migrations.AddTripNotes do
  use Ecto.Migration

  @table "drives"
  @new_table "TripNotes"
  @twice "a"
  @twice "b"

  def up do
    execute("ALTER TABLE #{@table} ADD COLUMN \\"MaxSpeed\\" integer")
    execute("CREATE TABLE #{@new_table} (id bigserial PRIMARY KEY, note text)")
    execute(\"\"\"
    CREATE INDEX drives_by_end
    ON #{@table} (id)
    \"\"\")
    execute("CREATE TABLE #{@twice} (id bigint)")
    execute("CREATE TABLE #{@missing} (id bigint)")
  end

  def down do
    execute("DROP TABLE #{@new_table}")
  end
end
"""


def test_interpolated_attributes_fill_the_string(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``#{@table}`` is the attribute's text, as Elixir interpolates it at
    compile time: the column is judged on ``drives`` (it was shown on a table
    named ``#{@table}``) and the table a ``#{@new_table}`` creates is judged
    (it was DBN013); an attribute bound twice or never stays DBN013."""
    root = _repo(tmp_path, monkeypatch)
    assert new_file_errors(root, PATH, INTERPOLATED) == [
        ("DBN013", 16),
        ("DBN013", 17),
        ("DBN101", 11),  # TripNotes, unquoted: PostgreSQL folds it to tripnotes
        ("DBN201", 10),
    ]
    result = CliRunner().invoke(cli, ["check", "--base", "HEAD", "--no-cache", "--format", "json"])
    findings = json.loads(result.stdout)["findings"]
    assert [f["qualified_name"] for f in findings if f["code"] == "DBN201"] == ["drives.MaxSpeed"]
