# ruff: noqa: E501  (the schema.rb lines are as long as Rails writes them)
"""``migrate`` renames the foreign keys and unique constraints Rails named.

Rails names a foreign key ``fk_rails_`` + 10 hex digits of SHA-256 of
``"<table>_<column>_fk"`` (a unique constraint ``uniq_rails_...`` of
``"<table>_<columns>_unique"``) and its schema dumper leaves such a name out
of ``db/schema.rb`` (``fk_ignore_pattern``), so once a table or column is
renamed a fresh ``db:schema:load`` of the regenerated dump makes the hash of
the new names. Oracle: PostgreSQL loads the SQL of the old schema.rb, runs
the forward script, and ``drift`` against the schema.rb Rails dumps after the
rename (names left out) finds none; the rollback gives the old one back.
The trial's names (mastodon ``bookmarks``: ``fk_rails_9f6ac182a6`` ->
``fk_rails_34d014a9f9`` for ``saved_statuses``) are Rails' own hashes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.frontends.rails.names import foreign_key_name
from pg_server import PgServer
from test_rails_schema_rb import generated_sql, rails_app

BEFORE = """\
ActiveRecord::Schema[7.1].define(version: 2024_05_01_120000) do
  create_table "accounts", force: :cascade do |t|
    t.string "username", null: false
  end

  create_table "bookmarks", force: :cascade do |t|
    t.bigint "account_id", null: false
    t.bigint "status_id", null: false
    t.index ["account_id", "status_id"], name: "index_bookmarks_on_account_id_and_status_id", unique: true
  end

  create_table "statuses", force: :cascade do |t|
    t.text "text"
  end

  add_foreign_key "bookmarks", "accounts", on_delete: :cascade
  add_foreign_key "bookmarks", "statuses", column: "status_id", name: "status_fk"
end
"""

#: What `bin/rails db:schema:dump` writes after the table rename: the hashed
#: name left out, the hand-written one kept.
AFTER_TABLE = BEFORE.replace('"bookmarks"', '"saved_statuses"').replace(
    "index_bookmarks_on", "index_saved_statuses_on"
)

#: ... and after renaming its account_id column to owner_id.
AFTER_COLUMN = (
    BEFORE.replace('"account_id"', '"owner_id"')
    .replace("index_bookmarks_on_account_id", "index_bookmarks_on_owner_id")
    .replace('"accounts", on_delete', '"accounts", column: "owner_id", on_delete')
)


def _scripts(*args: str) -> tuple[str, str]:
    result = CliRunner().invoke(cli, ["migrate", *args, "--no-views"])
    assert result.exit_code == 0, result.output
    forward, _, rest = result.stdout.partition("-- ==== rollback ====")
    return forward.split("-- ==== forward ====")[1], rest.split("-- ==== cleanup")[0]


def _drift(pg: PgServer, db: str, root: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["drift", "--db", pg.url(db), "."])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_trial_names_are_rails_hashes() -> None:
    assert foreign_key_name("bookmarks", ["account_id"]) == "fk_rails_9f6ac182a6"
    assert foreign_key_name("saved_statuses", ["account_id"]) == "fk_rails_34d014a9f9"


@pytest.mark.parametrize(
    ("args", "after"),
    [
        (("--rename", "bookmarks=saved_statuses"), AFTER_TABLE),
        (("--rename-column", "bookmarks.account_id=owner_id"), AFTER_COLUMN),
    ],
    ids=["table", "column"],
)
def test_forward_gives_the_names_a_fresh_schema_load_gives(
    pg: PgServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
    after: str,
) -> None:
    old_app = rails_app(tmp_path / "old", BEFORE, "postgres")
    new_app = rails_app(tmp_path / "new", after, "postgres")
    monkeypatch.chdir(old_app)
    forward, rollback = _scripts(*args)
    assert "fk_rails_" in forward
    assert '"status_fk"' not in forward  # written by hand, spelling no table: stays
    with pg.fresh_database("dbn_rails_hashed") as db:
        load = tmp_path / "load.sql"
        load.write_text(generated_sql(BEFORE, "postgres"), encoding="utf-8")
        pg.run(files=[load], dbname=db)
        pg.run(sql=forward, dbname=db)
        assert "No drift" in _drift(pg, db, new_app, monkeypatch)
        pg.run(sql=rollback, dbname=db)
        assert "No drift" in _drift(pg, db, old_app, monkeypatch)


def test_a_rails_check_name_left_behind_is_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``chk_rails_`` hashes the check's expression, which the model does not
    keep: not renamed, but the plan says a fresh load names it otherwise."""
    from dbnamelint.frontends.rails.names import check_name

    schema = BEFORE.replace(
        '    t.bigint "status_id", null: false\n',
        '    t.bigint "status_id", null: false\n    t.check_constraint "status_id > 0"\n',
    )
    monkeypatch.chdir(rails_app(tmp_path, schema, "postgres"))
    result = CliRunner().invoke(cli, ["migrate", "--rename", "bookmarks=saved_statuses"])
    assert result.exit_code == 0, result.output
    old = check_name("bookmarks", "status_id > 0")
    assert f"constraint '{old}' on 'saved_statuses': Rails named it" in result.output
