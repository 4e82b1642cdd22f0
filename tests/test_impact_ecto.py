"""Ecto schemas and string sources in Elixir code (trial s29, plausible).

``schema "api_keys" do ... field :name ... end`` binds an Ecto schema to the
table ``api_keys``; ``impact`` read the ``.ex`` file as plain text, so it
found no use of the table or its columns, ``impact --diff`` patched nothing
and ``migrate --cleanup --write`` dropped the compatibility view the schema
still read.

Oracle: Ecto's documentation (``Ecto.Schema``, elixir-ecto/ecto
lib/ecto/schema.ex at c624abf): ``schema/2``'s source is the table;
``@schema_prefix`` its schema ("In PostgreSQL, the prefix is called
SCHEMA"); a field's name is its column unless ``field/3``'s ``:source``
("the name that is to be used in the database for this field") or
``@field_source_mapper`` says otherwise; ``belongs_to``'s ``:foreign_key``
is a field of this schema (with the same ``:source``), ``has_many``'s one
of the other schema; ``@primary_key {name, type, opts}``;
``timestamps/1``'s ``:inserted_at``/``:updated_at`` and their
``:inserted_at_source``/``:updated_at_source`` (Ecto 3.2+);
``many_to_many``'s ``join_through: "posts_tags"``; a string is a query's
source (``from p in "posts"``, ``join: c in "t"``, ``Repo.insert_all("t",
rows)``). No Elixir runs here: the expected patch is the documented form.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo, git
from impact_json import impact_items, impact_json
from impact_notes import views_then_refused_cleanup

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

SCHEMA = """\
CREATE TABLE users (id bigserial PRIMARY KEY, name text);
CREATE TABLE api_keys (
  key_id uuid PRIMARY KEY,
  name text,
  owner bigint REFERENCES users (id),
  created timestamp,
  updated_at timestamp
);
CREATE TABLE keys_scopes (key_id uuid, scope text);
CREATE TABLE audit (id bigserial PRIMARY KEY, note text);
"""
RENAMES = {"api_keys": "access_keys", "keys_scopes": "access_key_scopes", "audit": "audit_entries"}
WHITELIST = (
    'phases:\n  - {id: "1", title: "Names", status: open}\nentries:\n'
    + "".join(
        f'  - {{kind: table, name: {old}, phase: "1", target: {new}}}\n'
        for old, new in RENAMES.items()
    )
    + '  - {kind: column, name: api_keys.name, phase: "1", target: label}\n'
    + '  - {kind: column, name: api_keys.owner, phase: "1", target: owner_id}\n'
    + '  - {kind: column, name: api_keys.key_id, phase: "1", target: id}\n'
    + '  - {kind: column, name: api_keys.created, phase: "1", target: created_at}\n'
    + '  - {kind: column, name: audit.note, phase: "1", target: body}\n'
)

API_KEY = """\
defmodule App.ApiKey do
  use Ecto.Schema

  @schema_prefix "public"
  @primary_key {:key_id, :binary_id, autogenerate: true}
  schema "api_keys" do
    field :name, :string
    field(:created_by, :string)
    belongs_to :user, App.User, foreign_key: :owner
    many_to_many :scopes, App.Scope, join_through: "keys_scopes"
    timestamps(inserted_at: :created)
  end

  def label(key), do: key.name
end
"""
# Another schema's field of the same name, a has_many's foreign key (a field of
# the other schema), and a field whose column source: names.
USER = """\
defmodule App.User do
  use Ecto.Schema

  schema "users" do
    field :name, :string
    has_many :api_keys, App.ApiKey, foreign_key: :owner
  end
end
"""
AUDIT = """\
defmodule App.Audit do
  use Ecto.Schema
  import Ecto.Query

  schema "audit" do
    field :text, :string, source: :note
  end

  def recent(repo) do
    query = from a in "audit", select: a.id
    repo.all(query)
  end

  def add(rows), do: App.Repo.insert_all("audit", rows)
end
"""
# @field_source_mapper: a field's column is not its name.
MAPPED = """\
defmodule App.Legacy do
  use Ecto.Schema

  @field_source_mapper fn field -> String.upcase(Atom.to_string(field)) end
  schema "api_keys" do
    field :name, :string
  end
end
"""


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = {
        "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
        "whitelist.yaml": WHITELIST,
        "db/001_init.sql": SCHEMA,
        "lib/app/api_key.ex": API_KEY,
        "lib/app/user.ex": USER,
        "lib/app/audit.ex": AUDIT,
        "lib/app/legacy.ex": MAPPED,
    }
    return committed_repo(tmp_path / "repo", files, monkeypatch)


def _refs(*args: str) -> list[tuple[str, str, int, int, str, str]]:
    data = impact_json(*args)
    return sorted(
        (obj["name"], i["path"], i["line"], i["column"], i["confidence"], i["context"])
        for obj, i in impact_items(data)
    )


def test_ecto_schemas_and_string_sources_are_table_and_column_uses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _repo(tmp_path, monkeypatch)
    key, audit = "lib/app/api_key.ex", "lib/app/audit.ex"
    assert _refs("--min-confidence", "high") == [
        ("api_keys", key, 6, 11, "high", "Ecto schema"),
        ("api_keys", "lib/app/legacy.ex", 5, 11, "high", "Ecto schema"),
        ("api_keys.created", key, 11, 30, "high", "Ecto timestamps"),
        ("api_keys.key_id", key, 5, 18, "high", "Ecto @primary_key"),
        ("api_keys.name", key, 7, 12, "high", "Ecto field"),
        ("api_keys.owner", key, 9, 47, "high", "Ecto belongs_to foreign_key"),
        ("audit", audit, 5, 11, "high", "Ecto schema"),
        ("audit", audit, 10, 24, "high", "Ecto query source"),
        ("audit", audit, 14, 43, "high", "Ecto query source"),
        ("audit.note", audit, 6, 36, "high", "Ecto source:"),
        ("keys_scopes", key, 10, 53, "high", "Ecto join_through"),
    ]
    plain = [r for r in _refs("--min-confidence", "plain") if r[4] == "plain"]
    # has_many's table name and foreign key (App.ApiKey's field, which its
    # belongs_to maps) and the code's key.name are text; users' own name field
    # and the @field_source_mapper schema's field name no column: not listed.
    assert all(r[5] == "text" for r in plain), plain
    assert {(r[1], r[2]) for r in plain} == {("lib/app/user.ex", 6), (key, 14)}


def test_diff_maps_fields_with_source_and_renames_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    result = CliRunner().invoke(cli, ["impact", "--diff"])
    assert result.exit_code == 0, result.stderr
    (root / "fix.patch").write_text(result.stdout, encoding="utf-8")
    git(root, "apply", "fix.patch")
    # The struct keeps its keys (key.name, App.User's foreign_key: :owner stay
    # valid); source: names the new column, as Ecto documents it.
    assert (root / "lib/app/api_key.ex").read_text(encoding="utf-8") == (
        API_KEY.replace(
            "{:key_id, :binary_id, autogenerate: true}",
            "{:key_id, :binary_id, autogenerate: true, source: :id}",
        )
        .replace('schema "api_keys"', 'schema "access_keys"')
        .replace("field :name, :string", "field :name, :string, source: :label")
        .replace("foreign_key: :owner", "foreign_key: :owner, source: :owner_id")
        .replace('join_through: "keys_scopes"', 'join_through: "access_key_scopes"')
        .replace(
            "timestamps(inserted_at: :created)",
            "timestamps(inserted_at: :created, inserted_at_source: :created_at)",
        )
    )
    assert (root / "lib/app/audit.ex").read_text(encoding="utf-8") == (
        AUDIT.replace('"audit"', '"audit_entries"').replace("source: :note", "source: :body")
    )
    assert (root / "lib/app/user.ex").read_text(encoding="utf-8") == USER


def test_cleanup_refuses_while_an_ecto_schema_reads_the_old_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    plan, refusal = views_then_refused_cleanup(root)
    assert 'CREATE VIEW "api_keys" AS' in plan
    assert "lib/app/api_key.ex:6" in refusal


def test_with_source_adds_the_option_where_elixir_takes_it() -> None:
    from dbnamelint.impact.ecto import with_source

    label = "Ecto field"
    assert with_source("    field :a, :string", label, "b") == "    field :a, :string, source: :b"
    assert with_source("  field(:a, :string) # x", label, "b") == (
        "  field(:a, :string, source: :b) # x"
    )
    # Options going on over the next line: source: joins them.
    assert with_source("  field :a, :string,", label, "b") == "  field :a, :string, source: :b,"
    assert with_source("  field :a", label, "new name") == '  field :a, source: :"new name"'


def test_a_schema_block_ends_at_its_end() -> None:
    from dbnamelint.impact.ecto import EctoFile

    text = 'schema "a" do\n  field :x\nend\nfield :x\n'
    parsed = EctoFile.parse(text)
    assert parsed.site(1, 9) is not None
    assert parsed.site(3, 7) is None
