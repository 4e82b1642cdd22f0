"""Escapes in Elixir heredocs and sigils, Ruby heredocs and percent literals
are read as the language reads them (trial s41 teslamate).

Those bodies were all read raw, as a ``~S`` sigil or ``%q`` is. So an Ecto
migration's ``execute`` of a heredoc holding ``ALTER TABLE drives ADD
COLUMN \\"MaxSpeed\\" integer`` (Elixir makes ``\\"`` a quote) was a ``DBN004``
error ("expected a column name but found '\\\\'") and ``MaxSpeed`` was never
judged; ``~s(CREATE TABLE "t" \\(id bigint\\))``, whose escaped delimiter
Elixir reads as a parenthesis, was ``DBN004`` too.

Oracles: real git for the gate (:func:`check_json.new_file_errors`);
Elixir's "Sigils" guide ("~s ... Sigils that are uppercase do not
interpolate or escape") and ``String`` docs (escapes in double-quoted strings
and heredocs; a backslash before another character is that character);
Ruby's "Literals" doc (heredocs without single quotes and ``%Q``/``%()``
read escapes, ``%q`` does not).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_json import new_file_errors
from git_helpers import committed_repo

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

SCHEMA = "CREATE TABLE drives (id bigserial PRIMARY KEY);\n"
ECTO = "priv/repo/migrations/20260901000000_add_speeds.exs"


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = {"dbnamelint.yaml": "paths: [db]\ndialect: postgres\n", "db/schema.sql": SCHEMA}
    return committed_repo(tmp_path / "app", files, monkeypatch)


ELIXIR = """defmodule TeslaMate.Repo.Migrations.AddSpeeds do
  use Ecto.Migration

  def up do
    execute \"\"\"
    ALTER TABLE drives ADD COLUMN \\"MaxSpeed\\" integer
    \"\"\"
    execute ~s|ALTER TABLE drives ADD COLUMN \\"MinSpeed\\" integer|
    execute ~s(CREATE TABLE "ParenTables" \\(id bigint\\))
    execute ~S|CREATE TABLE "RawTables" (id bigint)|
  end

  def down do
  end
end
"""


def test_elixir_heredoc_and_lowercase_sigil_escapes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    assert new_file_errors(root, ECTO, ELIXIR) == [
        ("DBN101", 9),  # ParenTables, its column list read past the escaped parenthesis
        ("DBN101", 10),  # RawTables: ~S keeps its text as written
        ("DBN201", 6),  # MaxSpeed (was DBN004 at the backslash)
        ("DBN201", 8),  # MinSpeed (was DBN004)
    ]


RUBY = """class AddSpeeds
  def up(conn)
    conn.execute(<<~SQL)
      ALTER TABLE drives ADD COLUMN \\"RbEscaped\\" integer
    SQL
    conn.execute(%Q(CREATE TABLE "RbPercents" \\(id bigint\\)))
    conn.execute(%q(CREATE TABLE "RbRaws" (id bigint)))
  end
end
"""


def test_ruby_heredoc_and_percent_literal_escapes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    assert new_file_errors(root, "app/models/add_speeds.rb", RUBY) == [
        ("DBN101", 6),
        ("DBN101", 7),
        ("DBN201", 4),
    ]
