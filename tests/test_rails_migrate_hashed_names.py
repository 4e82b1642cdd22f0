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


#: ``bookmarks`` with a check and an exclusion constraint Rails named
#: (``chk_rails_``/``excl_rails_`` of the table and the expression as the
#: dumper writes it: ``pg_get_constraintdef``).
CHECKED = BEFORE.replace(
    '    t.bigint "status_id", null: false\n',
    '    t.bigint "status_id", null: false\n'
    '    t.datetime "starts_at", null: false\n'
    '    t.datetime "ends_at", null: false\n'
    '    t.check_constraint "status_id > 0"\n'
    '    t.check_constraint "ends_at > starts_at"\n'
    '    t.exclusion_constraint "tsrange(starts_at, ends_at) WITH &&", using: :gist\n',
)

#: What Rails' PostgreSQL adapter reads back as the expression it hashes
#: (postgresql/schema_statements.rb ``build_check_constraints``: ``CHECK
#: \((.+)\)`` of ``pg_get_constraintdef(oid, true)``; ``build_exclusion_constraints``:
#: the elements of ``EXCLUDE USING m (...)`` of ``pg_get_constraintdef(oid)``).
_RAILS_READS = """
SELECT t.relname AS "table", c.conname AS name, c.contype AS type,
       CASE c.contype WHEN 'c' THEN substring(pg_get_constraintdef(c.oid, true) FROM '^CHECK \\((.+)\\)$')
       ELSE substring(split_part(pg_get_constraintdef(c.oid), ' WHERE ', 1)
                      FROM '^EXCLUDE(?: USING \\S+)? \\((.+)\\)') END AS expression
FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
WHERE c.contype IN ('c', 'x') AND t.relnamespace = 'public'::regnamespace
ORDER BY 1, 2
"""


def _names_rails_loads(pg: PgServer, db: str) -> set[tuple[str, str, str]]:
    """Each check/exclusion constraint of ``db``: (table, its name, the name
    a fresh ``db:schema:load`` of the dump Rails writes of ``db`` gives it:
    the dumper leaves a ``chk_rails_``/``excl_rails_`` name out and the load
    hashes the table and the expression it wrote)."""
    from dbnamelint.frontends.rails.names import check_name, exclusion_name

    found = set()
    for row in pg.query_json(_RAILS_READS, db):
        make = check_name if row["type"] == "c" else exclusion_name
        found.add((row["table"], row["name"], make(row["table"], row["expression"])))
    return found


def _scripts3(*args: str) -> tuple[str, str, str]:
    result = CliRunner().invoke(cli, ["migrate", *args, "--no-views"])
    assert result.exit_code == 0, result.output
    forward, _, rest = result.stdout.partition("-- ==== rollback ====")
    rollback, _, cleanup = rest.partition("-- ==== cleanup")
    return forward.split("-- ==== forward ====")[1], rollback, cleanup.partition("\n")[2]


@pytest.mark.parametrize(
    ("args", "after"),
    [
        (
            ("--rename", "bookmarks=saved_statuses"),
            CHECKED.replace('"bookmarks"', '"saved_statuses"').replace(
                "index_bookmarks_on", "index_saved_statuses_on"
            ),
        ),
        (
            ("--rename-column", "bookmarks.starts_at=begins_at"),
            CHECKED.replace("starts_at", "begins_at"),
        ),
    ],
    ids=["table", "column"],
)
def test_check_and_exclusion_names_follow_as_a_fresh_schema_load_gives(
    pg: PgServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
    after: str,
) -> None:
    """``chk_rails_``/``excl_rails_`` hash the table and the expression
    (``check_constraint_name``, ``exclusion_constraint_name``): renamed to
    the hash of the new table and the expression with the renamed column
    spelled anew. Oracle: PostgreSQL loads the old schema.rb's SQL; after
    the forward script every such name is the one Rails' dumper and a fresh
    load give (the expression as the adapter reads it back from the
    catalog), ``drift`` against the schema.rb after the rename finds none;
    the rollback gives the old names back; forward again, then cleanup."""
    old_app = rails_app(tmp_path / "old", CHECKED, "postgres")
    new_app = rails_app(tmp_path / "new", after, "postgres")
    monkeypatch.chdir(old_app)
    forward, rollback, cleanup = _scripts3(*args)
    assert 'RENAME CONSTRAINT "chk_rails_' in forward
    assert 'RENAME CONSTRAINT "excl_rails_' in forward
    with pg.fresh_database("dbn_rails_chk") as db:
        load = tmp_path / "load.sql"
        load.write_text(generated_sql(CHECKED, "postgres"), encoding="utf-8")
        pg.run(files=[load], dbname=db)
        before = _names_rails_loads(pg, db)
        assert len(before) == 3 and all(name == fresh for _, name, fresh in before)
        for _ in range(2):
            pg.run(sql=forward, dbname=db)
            now = _names_rails_loads(pg, db)
            assert len(now) == 3 and all(name == fresh for _, name, fresh in now), now
            assert now != before
            assert "No drift" in _drift(pg, db, new_app, monkeypatch)
            if not _:
                pg.run(sql=rollback, dbname=db)
                assert _names_rails_loads(pg, db) == before
                assert "No drift" in _drift(pg, db, old_app, monkeypatch)
                monkeypatch.chdir(old_app)
        pg.run(sql=cleanup, dbname=db)
        assert _names_rails_loads(pg, db) == now
        assert "No drift" in _drift(pg, db, new_app, monkeypatch)


def test_a_check_name_the_files_spell_otherwise_is_said(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A ``chk_rails_`` name that is not the hash of the expression as the
    files write it (a structure.sql of pg_dump's ``CHECK ((a > 0))``, or
    another spelling) is not renamed, and the plan says a fresh load names
    it otherwise."""
    from dbnamelint.frontends.rails.names import check_name

    old = check_name("bookmarks", "status_id > 0")
    schema = BEFORE.replace(
        '    t.bigint "status_id", null: false\n',
        '    t.bigint "status_id", null: false\n'
        f'    t.check_constraint "(status_id > 0)", name: "{old}"\n',
    )
    monkeypatch.chdir(rails_app(tmp_path, schema, "postgres"))
    result = CliRunner().invoke(cli, ["migrate", "--rename", "bookmarks=saved_statuses"])
    assert result.exit_code == 0, result.output
    assert f"constraint '{old}' on 'saved_statuses': Rails named it" in result.output
