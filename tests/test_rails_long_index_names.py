"""DBN302 with Rails' template takes the name Rails 7.1+ gives a long index.

Past 62 bytes ``index_<table>_on_<a>_and_<b>`` becomes ``idx_on_<a>_<b>``
cut to 51 bytes + ``_`` + 10 hex digits of its SHA-256 (ActiveRecord's
``generate_index_name``, abstract/schema_statements.rb). Oracle: the names
Rails wrote into mastodon's db/schema.rb (trial s30), which flagged every one
under ``index_{table}_on_{columns}`` with ``columns_separator: _and_``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from test_rails_schema_rb import rails_app

#: (table, columns, the name Rails gave: mastodon db/schema.rb)
MASTODON = [
    (
        "account_relationship_severance_events",
        ["account_id", "relationship_severance_event_id"],
        "idx_on_account_id_relationship_severance_event_id_7bd82bf20e",
    ),
    (
        "account_relationship_severance_events",
        ["relationship_severance_event_id"],
        "idx_on_relationship_severance_event_id_403f53e707",
    ),
    (
        "account_summaries",
        ["account_id", "language", "sensitive"],
        "idx_on_account_id_language_sensitive_250461e1eb",
    ),
    (
        "annual_report_statuses_per_account_counts",
        ["year", "account_id"],
        "idx_on_year_account_id_ff3e167cef",
    ),
]

SCHEMA = """\
ActiveRecord::Schema[8.0].define(version: 2026_01_01_000000) do
  create_table "account_summaries", force: :cascade do |t|
    t.bigint "account_id"
    t.string "language"
    t.boolean "sensitive"
    t.index ["account_id", "language", "sensitive"], name: "{name}"
  end
end
"""
CONFIG = """\
paths: [db]
dialect: postgres
rules:
  index-name-off-template:
    options:
      template: "index_{table}_on_{columns}"
      columns_separator: _and_
"""


@pytest.mark.parametrize(("table", "columns", "name"), MASTODON)
def test_rails_long_index_names(table: str, columns: list[str], name: str) -> None:
    from dbnamelint.frontends.rails.names import index_name

    assert index_name(table, columns) == name
    assert index_name("users", ["email"]) == "index_users_on_email"


@pytest.mark.parametrize(
    ("name", "flagged"),
    [
        ("idx_on_account_id_language_sensitive_250461e1eb", False),
        ("idx_on_account_id_language_sensitive_0000000000", True),  # not Rails' hash
        ("index_account_summaries_on_account_id_and_language_and_sensitive", False),
        ("summaries_by_language", True),
    ],
)
def test_dbn302_takes_the_shortened_rails_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, flagged: bool
) -> None:
    schema = SCHEMA.replace("{name}", name)
    monkeypatch.chdir(rails_app(tmp_path, schema, "postgres", {"dbnamelint.yaml": CONFIG}))
    result = CliRunner().invoke(cli, ["check", "--select", "DBN302"])
    assert ("DBN302" in result.stdout) is flagged, result.output


POLYMORPHIC = """\
ActiveRecord::Schema[7.2].define(version: 2026_01_01_000000) do
  create_table "taggings", force: :cascade do |t|
    t.string "taggable_type", null: false
    t.bigint "taggable_id", null: false
    t.string "other_type"
    t.bigint "other_id"
    t.index ["taggable_type", "taggable_id"], name: "{name}"
    t.index ["other_id", "other_type"], name: "index_taggings_on_other"
  end
end
"""


@pytest.mark.parametrize(
    ("name", "flagged"),
    [
        ("index_taggings_on_taggable", False),  # Rails' polymorphic_index_name
        ("index_taggings_on_taggable_type_and_taggable_id", False),
        ("index_taggings_on_tagged", True),
    ],
)
def test_dbn302_takes_rails_polymorphic_index_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, flagged: bool
) -> None:
    """Trial confirm37 P5: maybe-finance's ``t.references :taggable,
    polymorphic: true`` indexes, named by Rails (its dump:
    ``t.index ["taggable_type", "taggable_id"], name: "index_taggings_on_taggable"``),
    were flagged and whitelisted with targets renaming Rails' names away. An
    index of other columns under such a name (id first) is not Rails'."""
    schema = POLYMORPHIC.replace("{name}", name)
    monkeypatch.chdir(rails_app(tmp_path, schema, "postgres", {"dbnamelint.yaml": CONFIG}))
    result = CliRunner().invoke(cli, ["check", "--select", "DBN302", "--format", "json"])
    flagged_names = {f["name"] for f in json.loads(result.stdout)["findings"]}
    assert flagged_names == ({name} if flagged else set()) | {"index_taggings_on_other"}
