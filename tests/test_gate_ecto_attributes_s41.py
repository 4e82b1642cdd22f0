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

import shutil
from pathlib import Path

import pytest

from check_json import assert_edit_passes, new_file_errors
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
