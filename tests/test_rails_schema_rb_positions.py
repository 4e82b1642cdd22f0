"""Every finding of a ``db/schema.rb`` is at the line and column that wrote
the name, after a string whose escapes stand for line breaks too (trial
confirm37 P1: maybe-finance's ``t.virtual ... as: "\\nCASE\\n ... END"``
moved 675 of its 687 objects; the SQL written for it held those line
breaks, so each later SQL line was taken for the next Ruby call's).

The oracle is the file itself: where each name is written in it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from test_rails_schema_rb import rails_app

SCHEMA = """\
ActiveRecord::Schema[7.2].define(version: 2025_01_01_000000) do
  create_table "accounts", force: :cascade do |t|
    t.string "kind"
    t.virtual "klass", type: :string, as: "\\nCASE\\n WHEN kind = 'a' THEN 'x'\\nEND", stored: true
    t.string "userName"
    t.virtual "tabbed", type: :string, as: "kind || '\\t\\"x\\"'", stored: true
    t.index ["kind"], name: "idxKind"
  end

  create_table "Tags", force: :cascade do |t|
    t.string "colorCode"
  end
end
"""


def _where_written(text: str, name: str) -> tuple[int, int]:
    """The 1-based line and column of ``"name"`` in ``text`` (its first character)."""
    for number, line in enumerate(text.splitlines(), 1):
        at = line.find(f'"{name}"')
        if at >= 0:
            return number, at + 2
    raise AssertionError(name)


def test_names_after_an_escaped_string_are_where_they_are_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(rails_app(tmp_path, SCHEMA, "postgres"))
    result = CliRunner().invoke(cli, ["inspect", "--format", "json", "db/schema.rb"])
    assert result.exit_code == 0, result.output
    found = {
        o["name"]: (o["line"], o["column"])
        for o in json.loads(result.stdout)["objects"]
        if not o["implicit"] and o["name"] != "id"
    }
    written = ["accounts", "kind", "klass", "userName", "tabbed", "idxKind", "Tags", "colorCode"]
    assert found == {name: _where_written(SCHEMA, name) for name in written}
    check = CliRunner().invoke(cli, ["check", "--format", "json", "db/schema.rb"])
    assert check.exit_code == 1, check.output
    located = {(f["line"], f["column"]) for f in json.loads(check.stdout)["findings"]}
    assert {_where_written(SCHEMA, n) for n in ("userName", "idxKind", "Tags", "colorCode")} <= (
        located
    )
