"""A project whose schema lives only in code (miniflux: a Go list of
migration functions, each running SQL strings; dex: a list of SQL strings).

1. The list is history for ``impact`` (a fresh install replays it before the
   rename, so its strings keep the old names): miniflux's element type is a
   function, ``var migrations = [...]func(tx *sql.Tx) error{...}``. sqlite3 is
   the oracle: the list's strings, then the rename, run in order.
2. ``check`` and ``init`` finding no SQL file name the code files holding the
   DDL and say how to check today's names, instead of a bare "no SQL files".
"""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo

MINIFLUX_GO = """\
package database

import "database/sql"

var schemaVersion = len(migrations)

// Order is important. Add new migrations at the end of the list.
var migrations = [...]func(tx *sql.Tx) error{
\tfunc(tx *sql.Tx) (err error) {
\t\tsql := `
\t\t\tCREATE TABLE users (id integer primary key, username text not null);
\t\t\tCREATE TABLE feeds (id integer primary key, user_id int references users (id));
\t\t`
\t\t_, err = tx.Exec(sql)
\t\treturn err
\t},
\tfunc(tx *sql.Tx) (err error) {
\t\t_, err = tx.Exec(`INSERT INTO users (id, username) VALUES (1, 'admin')`)
\t\treturn err
\t},
}

func countUsers(db *sql.DB) {
\tdb.Query(`SELECT count(*) FROM users`)
}
"""


def _strings(text: str) -> list[str]:
    return re.findall(r"`([^`]*)`", text)


def test_a_list_of_migration_functions_is_history(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {
        "dbnamelint.yaml": "paths: [db]\ndialect: sqlite\n",
        "db/001.sql": "CREATE TABLE users (id integer primary key, username text);\n",
        "db/002.sql": "ALTER TABLE users RENAME TO app_users;\n",
        "internal/database/migrations.go": MINIFLUX_GO,
    }
    root = committed_repo(tmp_path / "repo", files, monkeypatch)
    result = CliRunner().invoke(cli, ["impact", "--renamed-only"])
    assert result.exit_code == 0, result.output
    assert "internal/database/migrations.go (3, in a migration list)" in result.stdout
    assert "internal/database/migrations.go:24:" in result.stdout  # the live query
    # Oracle: a fresh install runs the steps as written, then the rename, then
    # the live query on the new name (what impact's patch would make of it).
    go = (root / "internal/database/migrations.go").read_text(encoding="utf-8")
    db = sqlite3.connect(":memory:")
    steps = _strings(go)
    db.executescript(steps[0])
    db.execute(steps[1])
    db.execute("ALTER TABLE users RENAME TO app_users")
    assert db.execute(steps[2].replace("users", "app_users")).fetchall() == [(1,)]


def _project(tmp_path: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_check_without_sql_names_the_code_holding_the_ddl(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    startup = "package app\n\nfunc init() {\n"
    startup += '\tdb.Exec("CREATE TABLE IF NOT EXISTS Settings (id int)")\n}\n'
    monkeypatch.chdir(
        _project(
            tmp_path,
            {
                "internal/database/migrations.go": MINIFLUX_GO,
                "app/boot.go": startup,
                "app/boot_test.go": startup,  # a test's DDL builds fixtures: not named
                "vendor/lib/x.go": startup,  # a dependency's: not named
            },
        )
    )
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 0, result.output
    warning = [line for line in result.stderr.splitlines() if "no SQL files found" in line]
    assert warning == [
        "dbnamelint: warning: no SQL files found in .; DDL in code: "
        "internal/database/migrations.go (a Go migration list), app/boot.go (DDL strings). "
        "A Go migration list named in `paths:` (paths: [internal/database/migrations.go]) is "
        "read as the migrations its steps are. Other code's DDL is not read as a schema: check "
        "a database that code built (`dbnamelint check --db URL`), or save its schema "
        "(pg_dump --schema-only) as a .sql file and check that; the gate (`check --base`, the "
        "pre-commit hook) judges the DDL strings a change adds to code (not to a Rails "
        "migration under db/migrate/, whose DDL a db/structure.sql dump carries)."
    ]


KYSELY_TS = (
    "import { Kysely, sql } from 'kysely';\n\n"
    "export async function up(db: Kysely<any>): Promise<void> {\n"
    '  await sql`CREATE TABLE "asset_rating" ("id" uuid NOT NULL);`.execute(db);\n}\n'
)


@pytest.mark.parametrize("command", ["inspect", "check"])
def test_a_folder_of_kysely_migrations_named_is_read_as_its_files_are(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """trial s31 immich: `inspect server/src/schema/migrations` printed `0
    objects` and exited 0 (check passed with a warning); then the folder
    and its files were DBN003 (input not usable). Now a Kysely migration,
    named or in a folder named, is read as the SQL it runs
    (dbnamelint.code_migrations; tests/test_knexseq_model.py)."""
    folder = "server/src/schema/migrations"
    monkeypatch.chdir(
        _project(
            tmp_path,
            {
                f"{folder}/1760000000000-AddAssetRating.ts": KYSELY_TS,
                "server/src/schema/dump/schema.sql": "CREATE TABLE asset_rating (id uuid);\n",
            },
        )
    )
    for named in (f"{folder}/1760000000000-AddAssetRating.ts", folder):
        result = CliRunner().invoke(cli, [command, named])
        assert result.exit_code == 0, result.output
        assert "DBN003" not in result.output
        if command == "inspect":
            assert "table asset_rating" in result.output, result.output
    # a folder holding SQL, or the code folder beside one that does, reads as before
    both = CliRunner().invoke(cli, [command, "server/src/schema"])
    assert both.exit_code == 0, both.output
    assert "DBN003" not in both.output


def test_check_of_an_empty_folder_says_only_no_sql(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(_project(tmp_path, {"app/main.go": "package main\n"}))
    result = CliRunner().invoke(cli, ["check"])
    assert "dbnamelint: warning: no SQL files found in .\n" in result.stderr


def test_init_reads_a_go_migration_list_and_points_elsewhere_at_a_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path / "lists", {"internal/database/migrations.go": MINIFLUX_GO})
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["init"])
    assert result.exit_code == 0, result.output
    assert "DDL in code: internal/database/migrations.go (a Go migration list)" in result.stdout
    config = (root / "dbnamelint.yaml").read_text(encoding="utf-8")
    assert "paths:\n  - internal/database/migrations.go\n" in config
    assert "whitelist init" in result.stdout  # a baseline of the list's names
    shown = CliRunner().invoke(cli, ["inspect", "--format", "json"])  # the config's paths
    assert shown.exit_code == 0, shown.output
    objects = json.loads(shown.stdout)["objects"]
    assert {o["name"] for o in objects if o["kind"] == "table"} == {"users", "feeds"}
    # Start-up DDL only: nothing to read, so a database built by that code is the way.
    startup = "package app\n\nfunc boot() {\n\tdb.Exec(`CREATE TABLE settings (id int)`)\n}\n"
    monkeypatch.chdir(_project(tmp_path / "startup", {"app/boot.go": startup}))
    result = CliRunner().invoke(cli, ["init"])
    assert "Other code's DDL is not read as a schema" in result.stdout
    assert "dbnamelint check --db URL" in result.stdout
    assert "whitelist init" not in result.stdout  # a baseline of no files would be empty


def test_init_names_code_migrations_beside_a_few_sql_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """spicedb (trial s24): two FDW example .sql files beside 38 Go migrations;
    init wrote `paths: ["."]` and said nothing of the Go migrations, so a
    baseline of the examples looked like the project's."""
    migration = (
        "package migrations\n\nconst createTuple = `CREATE TABLE relation_tuple (id text)`\n"
    )
    root = _project(
        tmp_path / "spicedb",
        {
            "internal/fdw/configuration.sql": "CREATE FOREIGN TABLE schema (id text) SERVER s;\n",
            "internal/datastore/postgres/migrations/zz_migration.0001_initial_schema.go": migration,
            "internal/datastore/postgres/migrations/zz_migration.0002_add_index.go": migration,
            "internal/datastore/postgres/migrations/manager.go": "package migrations\n",
        },
    )
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["init"])
    assert result.exit_code == 0, result.output
    assert (
        "Also: code migrations hold DDL that check does not read: "
        "internal/datastore/postgres/migrations (2 files)."
    ) in result.stdout
    assert "dbnamelint check --db URL" in result.stdout


SCHEMA_RB = (
    "ActiveRecord::Schema[7.1].define(version: 2025_01_01_000000) do\n"
    '  create_table "contacts", force: :cascade do |t|\n    t.string "name"\n  end\nend\n'
)


def test_a_rails_app_keeping_schema_rb_has_it_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Trial s28 chatwoot: ``init`` said "0 SQL files" and ``check`` "All checks
    passed!", while the hook passed every migration: db/schema.rb is Ruby.
    It is now read as the database's dump (tests/test_rails_schema_rb.py);
    ``init`` says how, and ``check`` finds its bad names."""
    monkeypatch.chdir(
        _project(
            tmp_path,
            {
                "db/schema.rb": SCHEMA_RB.replace('"name"', '"fullName"'),
                "db/migrate/20250101000000_add_notes.rb": (
                    "class AddNotes < ActiveRecord::Migration[7.1]\n  def change\n"
                    "    create_table :ContactNotes do |t|\n      t.string :noteBody\n"
                    "    end\n  end\nend\n"
                ),
            },
        )
    )
    result = CliRunner().invoke(cli, ["init"])
    said = result.stdout + result.stderr
    assert "Rails: db/schema.rb is read as the database's dump" in said
    assert "does not read" not in said
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 1, result.output
    assert "db/schema.rb:3:15: DBN" in result.stdout  # fullName


def test_a_rails_app_with_structure_sql_is_not_told(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(
        _project(
            tmp_path,
            {"db/schema.rb": SCHEMA_RB, "db/structure.sql": "CREATE TABLE contacts (id int);\n"},
        )
    )
    result = CliRunner().invoke(cli, ["init"])
    assert "Rails:" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("dump", "files"),
    [
        ("db/schema.rb", {"db/schema.rb": SCHEMA_RB}),
        (
            "db/structure.sql",
            {
                "db/structure.sql": "CREATE TABLE contacts (id int);\n",
                "config/application.rb": "module App\n  class Application\n  end\nend\n",
            },
        ),
    ],
    ids=["schema.rb", "structure.sql"],
)
def test_init_says_a_rails_apps_migrations_leave_the_dump_it_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dump: str, files: dict[str, str]
) -> None:
    """Trial s30 mastodon: init said "code migrations hold DDL that check does
    not read: db/migrate (8 files) ... check a database they built or a
    schema dump of it in paths" of 535 migrations whose dump was read already."""
    migrations = {
        f"db/migrate/2025010100000{n}_m{n}.rb": f"class M{n} < ActiveRecord::Migration[7.1]\nend\n"
        for n in range(3)
    }
    migrations["db/migrate/20250101000009_sql.rb"] = (
        "class Sql < ActiveRecord::Migration[7.1]\n  def up\n"
        '    execute "ALTER TABLE contacts ADD COLUMN note text"\n  end\nend\n'
    )
    monkeypatch.chdir(_project(tmp_path, {**files, **migrations}))
    result = CliRunner().invoke(cli, ["init"])
    said = result.stdout + result.stderr
    assert "db/migrate (4 migrations, 1 with SQL strings)" in said, said
    assert f"the dump they leave, {dump}, is read" in said, said
    assert "check a database they built" not in said, said
