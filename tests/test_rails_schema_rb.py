# ruff: noqa: E501  (the schema.rb lines are as long as Rails writes them)
"""Rails' ``db/schema.rb`` is read as its database's dump (frontends/rails).

Most Rails apps keep ``db/schema.rb`` (Ruby, ``ActiveRecord::SchemaDumper``),
not ``db/structure.sql``; dbnamelint read no Ruby, so such an app got no
linting at all. Each schema.rb here is modelled on what the dumper writes
(activerecord/lib/active_record/schema_dumper.rb and the PostgreSQL one).
Oracles: the real database (PostgreSQL 15, MariaDB 10.11, SQLite) runs the
SQL the reader makes of the file, and ``inspect --db`` of it lists the very
objects ``inspect`` of the schema.rb lists, ``drift`` finds none; Rails' own
tests give the hashed names (foreign_key_test.rb ``fk_rails_78146ddd2e`` for
``add_foreign_key :astronauts, :rockets``; check_constraint_test.rb
``chk_rails_2189e9f96c`` for ``add_check_constraint :trades, "quantity > 0"``).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from mysql_server import MysqlServer
from pg_server import PgServer

PG_SCHEMA = """\
# This file is auto-generated from the current state of the database. Instead
# of editing this file, please use the migrations feature of Active Record to
# incrementally modify your database, and then regenerate this schema definition.
#
# It's strongly recommended that you check this file into your version control system.

ActiveRecord::Schema[7.1].define(version: 2024_05_01_120000) do
  # These are extensions that must be enabled in order to support this database
  enable_extension "pgcrypto"
  enable_extension "plpgsql"

  # Custom types defined in this database.
  # Note that some types may not work with other database engines. Be careful if changing database.
  create_enum "order_status", ["pending", "paid", "shipped"]

  create_table "accounts", force: :cascade do |t|
    t.string "name", default: "", null: false
    t.string "email", null: false
    t.decimal "balance", precision: 10, scale: 2, default: "0.0"
    t.boolean "active", default: true, null: false
    t.datetime "created_at", null: false
    t.datetime "updated_at", null: false
    t.index "lower((email)::text)", name: "index_accounts_on_lower_email", unique: true
    t.index ["name"], name: "index_accounts_on_name"
    t.check_constraint "balance >= (0)::numeric", name: "balance_not_negative"
  end

  create_table "categories", id: :serial, force: :cascade do |t|
    t.string "title", limit: 100
    t.integer "parent_id"
    t.index ["parent_id"], name: "index_categories_on_parent_id"
  end

  create_table "line_items", primary_key: ["order_id", "product_id"], force: :cascade do |t|
    t.bigint "order_id", null: false
    t.uuid "product_id", null: false
    t.integer "quantity", default: 1, null: false
    t.check_constraint "quantity > 0"
  end

  create_table "orders", force: :cascade do |t|
    t.bigint "account_id", null: false
    t.enum "status", default: "pending", null: false, enum_type: "order_status"
    t.jsonb "meta", default: {}, null: false
    t.string "tags", default: [], array: true
    t.datetime "placed_at", precision: nil
    t.index ["account_id", "placed_at"], name: "index_orders_on_account_id_and_placed_at", order: { placed_at: :desc }
    t.index ["meta"], name: "index_orders_on_meta", using: :gin
    t.index ["status"], name: "index_orders_on_status_pending", where: "(status = 'pending'::order_status)"
  end

  create_table "products", id: :uuid, default: -> { "gen_random_uuid()" }, force: :cascade do |t|
    t.string "sku", null: false
    t.text "description"
    t.integer "category_id"
    t.float "weight"
    t.binary "thumbnail"
    t.inet "origin_ip"
    t.virtual "sku_upper", type: :string, as: "upper((sku)::text)", stored: true
    t.index ["sku"], name: "index_products_on_sku", unique: true
  end

  create_table "settings", primary_key: "key", id: :string, force: :cascade do |t|
    t.text "value"
  end

  create_table "taggings", id: false, force: :cascade do |t|
    t.bigint "order_id"
    t.string "tag"
  end

  add_foreign_key "categories", "categories", column: "parent_id"
  add_foreign_key "line_items", "orders", on_delete: :cascade
  add_foreign_key "line_items", "products"
  add_foreign_key "orders", "accounts", name: "orders_account_fk"
  add_foreign_key "products", "categories", on_delete: :nullify

  create_view "pending_orders", sql_definition: <<-SQL
      SELECT orders.id,
      orders.account_id
     FROM orders
    WHERE (orders.status = 'pending'::order_status);
  SQL
end
"""

MYSQL_SCHEMA = """\
ActiveRecord::Schema[7.1].define(version: 2024_05_01_120000) do
  create_table "accounts", charset: "utf8mb4", collation: "utf8mb4_general_ci", force: :cascade do |t|
    t.string "name", default: "", null: false
    t.string "email", limit: 191, null: false
    t.decimal "balance", precision: 10, scale: 2, default: "0.0"
    t.boolean "active", default: true, null: false
    t.datetime "created_at", null: false
    t.index ["email"], name: "index_accounts_on_email", unique: true
    t.index ["name"], name: "index_accounts_on_name", length: 50
    t.check_constraint "`balance` >= 0", name: "balance_not_negative"
  end

  create_table "categories", id: :integer, options: "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4", force: :cascade do |t|
    t.string "title", limit: 100
    t.integer "parent_id"
    t.index ["parent_id"], name: "index_categories_on_parent_id"
  end

  create_table "orders", charset: "utf8mb4", force: :cascade do |t|
    t.bigint "account_id", null: false
    t.json "meta"
    t.text "notes"
    t.datetime "placed_at", precision: nil
    t.index ["account_id", "placed_at"], name: "index_orders_on_account_id_and_placed_at", order: { placed_at: :desc }
    t.index ["notes"], name: "index_orders_on_notes", type: :fulltext
  end

  create_table "line_items", primary_key: ["order_id", "product_id"], charset: "utf8mb4", force: :cascade do |t|
    t.bigint "order_id", null: false
    t.bigint "product_id", null: false
    t.integer "quantity", default: 1, null: false
    t.index ["product_id"], name: "index_line_items_on_product_id"
  end

  create_table "products", charset: "utf8mb4", force: :cascade do |t|
    t.string "sku", null: false
    t.integer "category_id"
    t.float "weight"
    t.binary "thumbnail"
    t.virtual "sku_upper", type: :string, as: "upper(`sku`)", stored: true
    t.index ["category_id"], name: "index_products_on_category_id"
    t.index ["sku"], name: "index_products_on_sku", unique: true
  end

  create_table "settings", primary_key: "key", id: :string, charset: "utf8mb4", force: :cascade do |t|
    t.text "value"
  end

  add_foreign_key "categories", "categories", column: "parent_id"
  add_foreign_key "line_items", "orders", on_delete: :cascade
  add_foreign_key "line_items", "products"
  add_foreign_key "orders", "accounts", name: "orders_account_fk"
  add_foreign_key "products", "categories", on_delete: :nullify
end
"""

SQLITE_SCHEMA = """\
ActiveRecord::Schema[7.1].define(version: 2024_05_01_120000) do
  create_table "accounts", force: :cascade do |t|
    t.string "name", default: "", null: false
    t.string "email", null: false
    t.decimal "balance", precision: 10, scale: 2, default: "0.0"
    t.boolean "active", default: true, null: false
    t.datetime "created_at", null: false
    t.index ["email"], name: "index_accounts_on_email", unique: true
    t.check_constraint "balance >= 0", name: "balance_not_negative"
  end

  create_table "categories", force: :cascade do |t|
    t.string "title", limit: 100
    t.integer "parent_id"
    t.index ["parent_id"], name: "index_categories_on_parent_id"
  end

  create_table "line_items", primary_key: ["order_id", "product_id"], force: :cascade do |t|
    t.integer "order_id", null: false
    t.integer "product_id", null: false
    t.integer "quantity", default: 1, null: false
  end

  create_table "orders", force: :cascade do |t|
    t.integer "account_id", null: false
    t.json "meta", default: {}
    t.datetime "placed_at", precision: nil
    t.index ["account_id", "placed_at"], name: "index_orders_on_account_id_and_placed_at", order: { placed_at: :desc }
    t.index ["account_id"], name: "index_orders_open", where: "placed_at IS NULL"
  end

  create_table "products", force: :cascade do |t|
    t.string "sku", null: false
    t.integer "category_id"
    t.virtual "sku_upper", type: :string, as: "upper(sku)", stored: true
    t.index ["sku"], name: "index_products_on_sku", unique: true
  end

  create_table "settings", primary_key: "key", id: :string, force: :cascade do |t|
    t.text "value"
  end

  add_foreign_key "categories", "categories", column: "parent_id"
  add_foreign_key "line_items", "orders", on_delete: :cascade
  add_foreign_key "line_items", "products"
  add_foreign_key "orders", "accounts", name: "orders_account_fk"
  add_foreign_key "products", "categories", on_delete: :nullify
end
"""


DATABASE_YML = {
    "postgres": "default: &default\n  adapter: postgresql\n\ndevelopment:\n  <<: *default\n",
    "mysql": "default: &default\n  adapter: trilogy\n\ndevelopment:\n  <<: *default\n",
    "sqlite": "development:\n  adapter: sqlite3\n  database: storage/dev.sqlite3\n",
}
APPLICATION_RB = "module Shop\n  class Application < Rails::Application\n  end\nend\n"


def rails_app(root: Path, schema: str, adapter: str, files: dict[str, str] | None = None) -> Path:
    """A Rails app at ``root``: config/database.yml, config/application.rb, db/schema.rb."""
    for rel, text in {
        "config/database.yml": DATABASE_YML[adapter],
        "config/application.rb": APPLICATION_RB,
        "db/schema.rb": schema,
        **(files or {}),
    }.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def generated_sql(schema: str, dialect: str) -> str:
    """The SQL the reader makes of ``schema`` (what db:schema:load runs)."""
    from dbnamelint.frontends.rails.ruby import parse
    from dbnamelint.frontends.rails.sqlgen import generate

    parsed = parse(schema)
    statements, unread = generate(parsed.calls, dialect, parsed.rails_version)
    assert unread == []
    return "".join("\n".join(line.text for line in s) + ";\n" for s in statements)


def objects(*args: str) -> list[tuple[str, str | None, str]]:
    result = CliRunner().invoke(cli, ["inspect", "--format", "json", *args])
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)["objects"]
    return sorted((o["kind"], o["table"], o["name"]) for o in found)


def test_postgres_schema_rb_is_the_database_it_loads(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(rails_app(tmp_path, PG_SCHEMA, "postgres"))
    from_file = objects(".")
    assert ("constraint", "orders", "orders_account_fk") in from_file
    assert ("constraint", "line_items", "fk_rails_2dc2e5c22c") in from_file  # name left out
    assert ("sequence", None, "categories_id_seq") in from_file  # id: :serial
    assert ("type", None, "order_status") in from_file
    assert ("view", None, "pending_orders") in from_file  # scenic's create_view
    with pg.fresh_database("dbn_schemarb_pg") as db:
        script = tmp_path / "load.sql"
        script.write_text(generated_sql(PG_SCHEMA, "postgres"), encoding="utf-8")
        pg.run(files=[script], dbname=db)
        assert objects("--db", pg.url(db)) == from_file
        drift = CliRunner().invoke(cli, ["drift", "--db", pg.url(db), "."])
        assert drift.exit_code == 0, drift.output
        assert "No drift" in drift.stdout


def test_mariadb_schema_rb_is_the_database_it_loads(
    maria: MysqlServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(rails_app(tmp_path, MYSQL_SCHEMA, "mysql"))
    from_file = objects(".")
    assert ("index", "orders", "index_orders_on_notes") in from_file
    assert ("constraint", "products", "fk_rails_fb915499a4") in from_file
    with maria.fresh_database("dbn_schemarb_my") as db:
        script = tmp_path / "load.sql"
        script.write_text(generated_sql(MYSQL_SCHEMA, "mysql"), encoding="utf-8")
        maria.run(file=script, database=db)
        # MariaDB checks a JSON column with a constraint of its own ("meta")
        from_db = [
            o for o in objects("--db", maria.url(db)) if o != ("constraint", "orders", "meta")
        ]
        assert from_db == from_file
        drift = CliRunner().invoke(cli, ["drift", "--db", maria.url(db), "."])
        assert drift.exit_code == 0, drift.output


def test_sqlite_schema_rb_is_the_database_it_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(rails_app(tmp_path / "app", SQLITE_SCHEMA, "sqlite"))
    from_file = objects(".")
    database = tmp_path / "dev.sqlite3"
    with sqlite3.connect(database) as connection:
        connection.executescript(generated_sql(SQLITE_SCHEMA, "sqlite"))
    connection.close()
    url = f"sqlite:///{database}"
    assert objects("--db", url) == from_file
    drift = CliRunner().invoke(cli, ["drift", "--db", url, "."])
    assert drift.exit_code == 0, drift.output


def test_names_rails_computes_are_rails_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rails' own tests: ``add_foreign_key :astronauts, :rockets`` is
    ``fk_rails_78146ddd2e`` on ``rocket_id``; ``add_check_constraint :trades,
    "quantity > 0"`` is ``chk_rails_2189e9f96c``."""
    schema = (
        "ActiveRecord::Schema[7.1].define(version: 2024_01_01_000000) do\n"
        '  create_table "rockets", force: :cascade do |t|\n'
        '    t.string "name"\n'
        "  end\n\n"
        '  create_table "astronauts", force: :cascade do |t|\n'
        '    t.bigint "rocket_id"\n'
        "  end\n\n"
        '  create_table "trades", force: :cascade do |t|\n'
        '    t.integer "quantity"\n'
        '    t.check_constraint "quantity > 0"\n'
        "  end\n\n"
        '  add_foreign_key "astronauts", "rockets"\n'
        "end\n"
    )
    monkeypatch.chdir(rails_app(tmp_path, schema, "postgres"))
    found = objects(".")
    assert ("constraint", "astronauts", "fk_rails_78146ddd2e") in found
    assert ("constraint", "trades", "chk_rails_2189e9f96c") in found
    assert ("constraint", "astronauts", "astronauts_pkey") in found


HAND_WRITTEN = """\
ActiveRecord::Schema.define(version: 1) do
  create_table :rockets do |t|
    t.string :name, index: { unique: true }
    t.timestamps
  end
  create_table :astronauts do |t|
    t.references :rocket, null: false, foreign_key: true
    t.belongs_to :craft, polymorphic: true
    t.references :mentor, foreign_key: { to_table: :rockets }, index: false
    t.timestamps null: true
  end
end
"""


def test_hand_written_block_calls_make_what_rails_makes(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A schema.rb written by hand (a gem's test app) uses the migration
    shorthands the dumper never writes: ``t.timestamps`` (two ``datetime``
    columns, NOT NULL unless ``null:`` says), ``t.references`` /
    ``t.belongs_to`` (``ReferenceDefinition#add_to``) and a column's
    ``index:``. Rails' own tests name what they make: references_index_test
    (``t.references :foo`` indexes ``index_testings_on_foo_id``, a polymorphic
    one ``[:foo_type, :foo_id]`` as ``index_testings_on_foo``) and
    foreign_key_test (astronauts' key to rockets is ``fk_rails_78146ddd2e``).
    Before, each was a ``DBN917`` note and the model lacked its columns."""
    monkeypatch.chdir(rails_app(tmp_path, HAND_WRITTEN, "postgres"))
    found = objects(".")
    for made in (
        ("column", "rockets", "created_at"),
        ("column", "rockets", "updated_at"),
        ("index", "rockets", "index_rockets_on_name"),
        ("column", "astronauts", "rocket_id"),
        ("index", "astronauts", "index_astronauts_on_rocket_id"),
        ("constraint", "astronauts", "fk_rails_78146ddd2e"),
        ("column", "astronauts", "craft_type"),
        ("column", "astronauts", "craft_id"),
        ("index", "astronauts", "index_astronauts_on_craft"),
        ("column", "astronauts", "mentor_id"),
    ):
        assert made in found, made
    assert not [o for o in found if o[2] == "index_astronauts_on_mentor_id"]  # index: false
    notes = CliRunner().invoke(cli, ["check", "--select", "DBN917"])
    assert "DBN917" not in notes.output, notes.output
    with pg.fresh_database("dbn_schemarb_hand") as db:
        script = tmp_path / "load.sql"
        script.write_text(generated_sql(HAND_WRITTEN, "postgres"), encoding="utf-8")
        pg.run(files=[script], dbname=db)
        assert objects("--db", pg.url(db)) == found
        stamps = pg.query_json(
            "SELECT column_name AS c, is_nullable AS n FROM information_schema.columns "
            "WHERE table_name = 'astronauts' AND column_name LIKE '%_at' ORDER BY 1",
            db,
        )
        assert stamps == [{"c": "created_at", "n": "YES"}, {"c": "updated_at", "n": "YES"}]


def test_a_bad_name_in_schema_rb_is_found_at_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    schema = (
        "ActiveRecord::Schema[7.1].define(version: 2024_01_01_000000) do\n"
        '  create_table "ContactNotes", force: :cascade do |t|\n'
        '    t.string "noteBody"\n'
        "  end\n"
        "end\n"
    )
    monkeypatch.chdir(rails_app(tmp_path, schema, "postgres"))
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 1, result.output
    assert "db/schema.rb:2:17: DBN" in result.stdout
    assert "db/schema.rb:3:15: DBN" in result.stdout


def test_what_the_reader_does_not_know_is_said_where_it_stands(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    schema = (
        "ActiveRecord::Schema[7.1].define(version: 2024_01_01_000000) do\n"
        '  create_table "users", force: :cascade do |t|\n'
        '    t.string "name"\n'
        "    t.weird_thing if true\n"
        "  end\n\n"
        "  create_function :touch_updated_at, sql_definition: <<-SQL\n"
        "      CREATE FUNCTION touch_updated_at() RETURNS trigger AS $$ BEGIN RETURN NEW; END $$\n"
        "  SQL\n"
        '  execute "CREATE TABLE bad_Name (x int)"\n'
        "end\n"
    )
    monkeypatch.chdir(rails_app(tmp_path, schema, "postgres"))
    result = CliRunner().invoke(cli, ["check", "--select", "DBN917"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    said = result.stdout
    assert "db/schema.rb:4:5: DBN917" in said, said
    assert "db/schema.rb:7:3: DBN917" in said
    assert "create_function touch_updated_at" in said
    assert "db/schema.rb:10:3: DBN917" in said
    assert ("column", "users", "name") in objects(".")


SMALL_SCHEMA = (
    "ActiveRecord::Schema[7.1].define(version: 2026_01_01_000000) do\n"
    '  create_table "users", force: :cascade do |t|\n'
    '    t.string "name"\n'
    "  end\n"
    "end\n"
)
NEW = "db/migrate/20261203130000_add_bad_table.rb"
NEW_MIGRATION = (
    "# a migration whose DDL only db/schema.rb carries to dbnamelint\n\n"
    "class AddBadTable < ActiveRecord::Migration[7.1]\n"
    "  def change\n    create_table :BadTable do |t|\n      t.string :x\n    end\n  end\nend\n"
)


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    from git_helpers import isolated_git_env

    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    return monkeypatch


def _gate(*args: str) -> tuple[int, list[tuple[str, str, int]]]:
    result = CliRunner().invoke(cli, ["check", *args, "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.output)
    said = [*report["diagnostics"], *report["findings"]]
    return result.exit_code, [(d["code"], d["path"], d["line"]) for d in said]


@pytest.mark.parametrize(
    "new",
    [NEW, NEW.replace("db/migrate/", "db/migrate/extra/")],
    ids=["migrate", "subfolder"],
)
def test_gate_refuses_a_migration_newer_than_schema_rb_records(
    tmp_path: Path, env: pytest.MonkeyPatch, new: str
) -> None:
    """schema.rb records only the latest version (``define(version:)``): a
    new ``db/migrate/<version>_x.rb`` newer than it was not migrated into it.
    So is one in a subfolder (trial s34 chatwoot s17: it passed), which
    Rails runs: ``MigrationContext#migration_files`` globs
    ``<path>/**/[0-9]*_*.rb``."""
    from git_helpers import git, init_repo

    NEW = new  # the module's name, this case's path
    (tmp_path / "app" / NEW).parent.mkdir(parents=True, exist_ok=True)

    root = rails_app(tmp_path / "app", SMALL_SCHEMA, "postgres")
    (root / "db/migrate").mkdir(exist_ok=True)
    (root / "db/migrate/20260101000000_create_users.rb").write_text("class CreateUsers\nend\n")
    init_repo(root, "base")
    env.chdir(root)
    (root / NEW).write_text(NEW_MIGRATION)
    git(root, "add", "-A")
    result = CliRunner().invoke(cli, ["check", "--pre-commit", NEW])
    assert result.exit_code == 1, result.output
    assert (
        f"{NEW}:3:1: DBN032 error: this Rails migration's version 20261203130000 is newer "
        "than the version 20260101000000 that db/schema.rb's define(version:) records"
        in result.output
    )
    git(root, "commit", "-qm", "add")
    assert _gate("--base", "HEAD~1") == (1, [("DBN032", NEW, 3)])
    # the version moved by hand, the schema the same: still refused
    (root / "db/schema.rb").write_text(SMALL_SCHEMA.replace("2026_01_01", "2026_12_03_13"))
    code, found = _gate("--base", "HEAD~1")
    assert (code, found) == (1, [("DBN032", NEW, 3)])
    # what bin/rails db:migrate dumps: the table and the version; its bad name is found
    (root / "db/schema.rb").write_text(
        SMALL_SCHEMA.replace("2026_01_01_000000", "2026_12_03_130000").replace(
            '  create_table "users"',
            '  create_table "BadTable", force: :cascade do |t|\n    t.string "x"\n  end\n\n'
            '  create_table "users"',
        )
    )
    code, found = _gate("--base", "HEAD~1")
    assert code == 1, found
    assert ("DBN101", "db/schema.rb", 2) in found, found  # BadTable, at its create_table
    assert not [c for c, _, _ in found if c == "DBN032"]


def test_rails_keeps_one_dump_and_each_database_its_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``schema_format`` (config/application.rb, default ``:ruby``) says which
    dump Rails rewrites; ``db/<name>_schema.rb`` is another database's."""
    root = rails_app(
        tmp_path,
        SMALL_SCHEMA,
        "postgres",
        {
            "db/structure.sql": "CREATE TABLE stale_Table (id int);\n",
            "db/queue_schema.rb": SMALL_SCHEMA.replace('"users"', '"solid_queue_jobs"'),
        },
    )
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["check", "-v"])
    assert result.exit_code == 0, result.output
    assert "db/structure.sql:1:1: DBN007 info: not replayed: this Rails app keeps db/schema.rb" in (
        result.output
    )
    assert (
        "db/queue_schema.rb:1:1: DBN007 info: not replayed: the dump of the Rails database 'queue'"
        in (result.output)
    )
    assert objects(".") == [
        ("column", "users", "id"),
        ("column", "users", "name"),
        ("constraint", "users", "users_pkey"),
        ("sequence", None, "users_id_seq"),
        ("table", None, "users"),
    ]
    assert ("table", None, "solid_queue_jobs") in objects("db/queue_schema.rb")
    # schema_format = :sql: structure.sql is the dump, schema.rb not read
    (root / "config/application.rb").write_text(
        APPLICATION_RB.replace(
            "  end\nend", "    config.active_record.schema_format = :sql\n  end\nend"
        )
    )
    assert objects(".") == [("column", "stale_Table", "id"), ("table", None, "stale_Table")]


def test_an_applied_migration_edited_beside_schema_rb_is_refused(
    tmp_path: Path, env: pytest.MonkeyPatch
) -> None:
    """``db:migrate`` runs a migration once: editing an applied one changes
    nothing where it ran (DBN025), as beside a structure.sql."""
    from git_helpers import init_repo

    root = rails_app(tmp_path / "app", SMALL_SCHEMA, "postgres")
    first = "db/migrate/20260101000000_create_users.rb"
    (root / "db/migrate").mkdir()
    (root / first).write_text(
        "class CreateUsers < ActiveRecord::Migration[7.1]\n  def change\n"
        "    create_table :users do |t|\n      t.string :name\n    end\n  end\nend\n"
    )
    init_repo(root, "base")
    env.chdir(root)
    (root / first).write_text((root / first).read_text().replace(":name", ":fullName"))
    code, found = _gate("--base", "HEAD")
    assert code == 1, found
    assert [c for c, p, _ in found if p == first] == ["DBN025"], found


def test_migrate_prints_the_script_for_a_rails_migration(
    pg: PgServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``migrate --write`` writes no Rails migration: it says to put the
    printed SQL in one; that SQL runs on the database schema.rb loads."""
    schema = PG_SCHEMA.replace('create_table "taggings"', 'create_table "Taggings"').replace(
        't.string "tag"\n', 't.string "tagName"\n'
    )
    root = rails_app(tmp_path / "app", schema, "postgres")
    (root / "db/migrate").mkdir()
    monkeypatch.chdir(root)
    assert CliRunner().invoke(cli, ["init"]).exit_code == 0
    assert CliRunner().invoke(cli, ["whitelist", "init"]).exit_code == 0
    refused = CliRunner().invoke(cli, ["migrate", "--phase", "1", "--write"])
    assert refused.exit_code == 2, refused.output
    assert "db/schema.rb: Rails' schema dump, which `bin/rails db:migrate` rewrites" in (
        refused.output
    )
    assert not list((root / "db/migrate").iterdir())
    script = tmp_path / "rename.sql"
    printed = CliRunner().invoke(cli, ["migrate", "--phase", "1", "-o", str(script)])
    assert printed.exit_code == 0, printed.output
    forward = script.read_text().split("-- ==== rollback ====")[0]
    assert 'ALTER TABLE "Taggings" RENAME TO "taggings";' in forward
    with pg.fresh_database("dbn_schemarb_migrate") as db:
        load = tmp_path / "load.sql"
        load.write_text(generated_sql(schema, "postgres"), encoding="utf-8")
        pg.run(files=[load], dbname=db)
        pg.run(sql=forward, dbname=db)
        assert "taggings" in pg.public_tables(db)


@pytest.mark.parametrize(
    "schema",
    [
        "ActiveRecord::Schema[",
        'ActiveRecord::Schema[7.1].define(version: 1) do\n  create_table "a\\u", force: :cascade do |t|\n',
        'ActiveRecord::Schema.define(version: "x") do\n  create_table "users" do |t|\n    t.string "a", [\n',
    ],
    ids=["cut-header", "cut-escape", "cut-array"],
)
def test_a_schema_rb_cut_short_is_a_note_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, schema: str
) -> None:
    monkeypatch.chdir(rails_app(tmp_path, schema, "postgres"))
    result = CliRunner().invoke(cli, ["check", "--select", "DBN917"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "DBN917 info: schema.rb statement not read" in result.stdout, result.stdout
    assert result.stdout.startswith("db/schema.rb:1:")


@pytest.mark.parametrize(
    ("where", "line"),
    [
        ("config/environments/production.rb", "  config.active_record.schema_format = :sql\n"),
        ("config/initializers/schema.rb", "ActiveRecord.schema_format = :sql\n"),
    ],
)
def test_schema_format_set_elsewhere_is_followed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str, line: str
) -> None:
    root = rails_app(
        tmp_path,
        SMALL_SCHEMA,
        "postgres",
        {"db/structure.sql": "CREATE TABLE from_dump (id int);\n", where: line},
    )
    monkeypatch.chdir(root)
    assert ("table", None, "from_dump") in objects(".")
    assert ("table", None, "users") not in objects(".")
