"""DBN302/DBN402's ``columns_separator``: Rails' index names.

Active Record names an index ``index_<table>_on_<columns joined by _and_>``
(``ActiveRecord::ConnectionAdapters::SchemaStatements#index_name``:
``"index_#{table_name}_on_#{Array(options[:column]) * '_and_'}"``). A Rails
team's standard is that template with that separator. The index's columns
and their order come from sqlite3's own catalog (``pragma_index_info``), so
the names Rails would give are worked out from what the database stores,
not from our reading of the DDL.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from dbnamelint.cli import cli

_SQL = """\
CREATE TABLE changesets (
  id integer PRIMARY KEY, user_id integer, closed_at text, num_changes integer
);
CREATE INDEX index_changesets_on_user_id_and_closed_at ON changesets (user_id, closed_at);
CREATE INDEX index_changesets_on_closed_at ON changesets (closed_at);
CREATE INDEX changesets_user_id_idx ON changesets (user_id, num_changes);
CREATE INDEX index_changesets_on_num_changes_closed_at ON changesets (num_changes, closed_at);
ALTER TABLE changesets ADD COLUMN x integer;
"""


def _rails_names() -> dict[str, str]:
    """Each index's name -> the name Active Record gives its columns, from sqlite3."""
    db = sqlite3.connect(":memory:")
    db.executescript(_SQL)
    names = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")]
    out = {}
    for name in names:
        cols = [
            r[0]
            for r in db.execute("SELECT name FROM pragma_index_info(?) ORDER BY seqno", (name,))
        ]
        out[name] = "index_changesets_on_" + "_and_".join(cols)
    return out


def _findings(tmp_path: Path, separator: str | None) -> dict[str, str | None]:
    (tmp_path / "schema.sql").write_text(_SQL)
    options = '      template: "index_{table}_on_{columns}"\n'
    if separator is not None:
        options += f'      columns_separator: "{separator}"\n'
    (tmp_path / "dbnamelint.yaml").write_text(
        "paths: [schema.sql]\ndialect: sqlite\nselect: [DBN302]\n"
        "rules:\n  DBN302:\n    options:\n" + options
    )
    result = CliRunner().invoke(
        cli,
        ["check", "--no-cache", "--format", "json", "--config", str(tmp_path / "dbnamelint.yaml")],
    )
    assert result.exit_code in (0, 1), result.output
    data = json.loads(result.output)
    return {f["name"]: f["rule_fix"] for f in data["findings"] if f["code"] == "DBN302"}


def test_rails_separator_accepts_exactly_the_names_active_record_gives(tmp_path: Path) -> None:
    rails = _rails_names()
    flagged = _findings(tmp_path, "_and_")
    off = {name for name, expected in rails.items() if name != expected}
    assert off == {"changesets_user_id_idx", "index_changesets_on_num_changes_closed_at"}
    assert set(flagged) == off
    # The rule's own fix is the name Active Record gives those columns.
    assert flagged == {name: rails[name] for name in off}


def test_default_separator_flags_every_multi_column_rails_name(tmp_path: Path) -> None:
    flagged = _findings(tmp_path, None)
    assert "index_changesets_on_user_id_and_closed_at" in flagged
    assert "index_changesets_on_closed_at" not in flagged  # one column: no separator
    assert "index_changesets_on_num_changes_closed_at" not in flagged


def test_empty_separator_is_a_located_config_error(tmp_path: Path) -> None:
    (tmp_path / "schema.sql").write_text(_SQL)
    (tmp_path / "dbnamelint.yaml").write_text(
        "paths: [schema.sql]\nrules:\n  DBN302:\n    options:\n      columns_separator: ''\n"
    )
    result = CliRunner().invoke(
        cli, ["check", "--no-cache", "--config", str(tmp_path / "dbnamelint.yaml")]
    )
    assert result.exit_code == 2
    assert "dbnamelint.yaml:5:7:" in result.output
    assert "columns_separator" in result.output
