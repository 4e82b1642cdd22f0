"""Ecto, EF Core and Rails migrations' builder calls are read by the gate (session 32).

A new ``priv/repo/migrations/*.exs`` making ``create table(:BadThings) do add
:someCol, :string end`` and ``create index(:users, [:email], name:
:UsersEmailIdx)``, an EF Core ``migrationBuilder.CreateTable(name:
"BlogPosts", ...)`` and, in an app without a schema dump, a Rails
``create_table :BadRailsThings`` passed the hook and ``check --base``
silently (exit 0): only SQL strings (Ecto's ``execute "..."``) were read.
Now each builder call of the forward step is read as the SQL the framework
runs on PostgreSQL (:mod:`dbnamelint.code_builders`), and one not read fails
the gate with ``DBN013`` unless ``dbnamelint: ignore[DBN013] <reason>``
accepts it.

Oracles: no Elixir or .NET here; the names are those ecto_sql's source gives
(``lib/ecto/migration.ex`` ``default_index_name``; the PostgreSQL adapter's
``reference_name`` ``<table>_<column>_fkey``, ``ecto_to_db``) and the
database gives (the ``<table>_pkey`` of the implicit ``id`` key: real
PostgreSQL 15 runs the SQL written for a migration). Real git for the gate.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_json import check_entries, new_file_errors, stage
from git_helpers import committed_repo, git
from pg_server import PgServer

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CONFIG = "paths: [db]\ndialect: postgres\n"
SCHEMA = "CREATE TABLE users (id bigserial PRIMARY KEY, email text);\n"

ECTO_PATH = "priv/repo/migrations/20240101000000_add_things.exs"
ECTO = """defmodule MyApp.Repo.Migrations.AddThings do
  use Ecto.Migration

  def change do
    create table(:BadThings) do
      add :someCol, :string
    end
    create index(:users, [:email], name: :UsersEmailIdx)
  end
end
"""
EF_PATH = "migrations/20240101000000_Init.cs"
EF = """using Microsoft.EntityFrameworkCore.Migrations;

namespace Blog.Migrations
{
    public partial class Init : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BlogPosts",
                columns: table => new
                {
                    PostId = table.Column<int>(nullable: false)
                });
        }
    }
}
"""
RAILS_PATH = "db/migrate/20240101000000_create_bad_things.rb"
RAILS = """class CreateBadThings < ActiveRecord::Migration[7.1]
  def change
    create_table :BadRailsThings do |t|
      t.string :someCol
    end
  end
end
"""


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **more: str) -> Path:
    files = {"dbnamelint.yaml": CONFIG, "db/schema.sql": SCHEMA, **more}
    return committed_repo(tmp_path / "app", files, monkeypatch)


@pytest.mark.parametrize(
    ("path", "text", "want"),
    [
        (ECTO_PATH, ECTO, [("DBN101", 5), ("DBN201", 6), ("DBN301", 8)]),
        (EF_PATH, EF, [("DBN101", 10), ("DBN201", 13)]),
        (RAILS_PATH, RAILS, [("DBN101", 3), ("DBN201", 4)]),
    ],
    ids=["ecto", "efcore", "rails"],
)
def test_a_new_builder_migrations_names_are_judged(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    path: str,
    text: str,
    want: list[tuple[str, int]],
) -> None:
    root = _repo(tmp_path, monkeypatch)
    assert new_file_errors(root, path, text) == want


UNREAD = [
    (
        ECTO_PATH,
        ECTO.replace("create table(:BadThings)", "create table(@table_name)").replace(
            "name: :UsersEmailIdx", "name: :users_email_idx"
        ),
        "#",
        5,
    ),
    (
        EF_PATH,
        EF.replace(
            "            migrationBuilder.CreateTable(",
            '            migrationBuilder.RenameSequence(name: "order_numbers", newName: "o");\n'
            "            migrationBuilder.CreateTable(",
        )
        .replace("BlogPosts", "blog_posts")
        .replace("PostId", "post_id"),
        "//",
        9,
    ),
    (
        RAILS_PATH,
        RAILS.replace(
            "create_table :BadRailsThings",
            "rename_enum :moods, :feelings\n    create_table :bad_rails_things",
        ).replace(":someCol", ":some_col"),
        "#",
        3,
    ),
]


@pytest.mark.parametrize(
    ("path", "text", "comment", "line"), UNREAD, ids=["ecto", "efcore", "rails"]
)
def test_a_builder_call_not_read_fails_the_gate_unless_accepted(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    path: str,
    text: str,
    comment: str,
    line: int,
) -> None:
    root = _repo(tmp_path, monkeypatch)
    assert new_file_errors(root, path, text) == [("DBN013", line)]
    accepted = text.replace(
        "\n", f"\n{comment} dbnamelint: ignore[DBN013] its names are checked by hand\n", 1
    )
    stage(root, path, accepted)
    for run in (("--base", "HEAD"), ("--pre-commit",)):
        status, found = check_entries(*run, "--no-cache")
        assert status == 0, found
        # the call is accepted: an info note, no error
        assert [(c, s) for c, p, _, s, _ in found if p == path and s != "info"] == []


def test_ecto_calls_and_their_default_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    text = """defmodule MyApp.Repo.Migrations.More do
  use Ecto.Migration

  def up do
    alter table(:users) do
      add :orgId, references(:users)
    end
    rename table(:users), :email, to: :EmailAddr
    create unique_index(:users, [:orgId])
    rename table(:users), to: table(:People)
  end

  def down do
    create table(:DownOnly)
  end
end
"""
    stage(root, "priv/repo/migrations/20240102000000_more.exs", text)
    status, found = check_entries("--pre-commit", "--no-cache")
    assert status == 1
    said = [(c, line, m) for c, p, line, s, m in found if s == "error"]
    assert any(c == "DBN201" and line == 6 and "'orgId'" in m for c, line, m in said), said
    assert any(c == "DBN201" and line == 8 and "'EmailAddr'" in m for c, line, m in said), said
    # ecto_sql's names: users_orgId_fkey, users_orgId_index (both then hold the old name)
    messages = " ".join(m for *_, m in found)
    assert "users_orgId_fkey" in messages
    assert "users_orgId_index" in messages
    assert not any(line >= 13 for c, p, line, s, m in found if p.endswith("_more.exs"))


def test_the_ecto_sql_makes_the_names_ecto_makes(pg: PgServer) -> None:
    from dbnamelint.code_builders import shadow_text
    from dbnamelint.code_ddl_text import ddl_strings

    text = ECTO.replace(
        "      add :someCol, :string\n",
        "      add :someCol, :string\n      add :userId, references(:users), null: false\n"
        "      timestamps()\n",
    ).replace("name: :UsersEmailIdx", "unique: true")
    shadow, unread = shadow_text(ECTO_PATH, text)
    assert not unread
    sql = ";\n".join(s.text for s in ddl_strings(ECTO_PATH, shadow))
    with pg.fresh_database("ecto_builder") as db:
        pg.run(sql=SCHEMA + sql + ";", dbname=db)
        names = pg.query_json(
            "SELECT conname AS n FROM pg_constraint WHERE connamespace = 'public'::regnamespace "
            "UNION SELECT indexname FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1",
            db,
        )
        columns = pg.query_json(
            "SELECT column_name AS n FROM information_schema.columns WHERE table_name = "
            "'BadThings' ORDER BY ordinal_position",
            db,
        )
    assert [r["n"] for r in names] == [
        "BadThings_pkey",
        "BadThings_userId_fkey",
        "users_email_index",
        "users_pkey",
    ]
    assert [r["n"] for r in columns] == ["id", "someCol", "userId", "inserted_at", "updated_at"]


def test_rails_migrations_beside_a_dump_are_the_dumps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a ``db/structure.sql`` read, the gate judges the dump (DBN032 when it lacks the
    migration's version), not the migration's calls."""
    dump = (
        "SET statement_timeout = 0;\n\nCREATE TABLE public.users (id bigint NOT NULL);\n\n"
        'SET search_path TO "$user", public;\n\nINSERT INTO "schema_migrations" (version) VALUES\n'
        "('20230101000000');\n\n"
    )
    root = committed_repo(
        tmp_path / "app",
        {"dbnamelint.yaml": CONFIG, "db/structure.sql": dump},
        monkeypatch,
    )
    stage(root, RAILS_PATH, RAILS)
    status, found = check_entries("--pre-commit", "--no-cache")
    assert status == 1
    assert [c for c, p, *_ in found if p == RAILS_PATH] == ["DBN032"]


#: A migration as ``dotnet ef migrations add`` writes it for Npgsql (the EF Core docs' Blogs/Posts).
EF_BLOGS = """using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

public partial class Blogs : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "Blogs",
            columns: table => new
            {
                BlogId = table.Column<int>(type: "integer", nullable: false)
                    .Annotation("Npgsql:ValueGenerationStrategy",
                        NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                Url = table.Column<string>(name: "url", type: "text", nullable: true)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Blogs", x => x.BlogId);
            });

        migrationBuilder.CreateTable(
            name: "Posts",
            columns: table => new
            {
                PostId = table.Column<int>(type: "integer", nullable: false),
                BlogId = table.Column<int>(type: "integer", nullable: false)
            },
            constraints: table =>
            {
                table.PrimaryKey("PK_Posts", x => x.PostId);
                table.ForeignKey(
                    name: "FK_Posts_Blogs_BlogId",
                    column: x => x.BlogId,
                    principalTable: "Blogs",
                    principalColumn: "BlogId",
                    onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateIndex(
            name: "IX_Posts_BlogId",
            table: "Posts",
            column: "BlogId");
        migrationBuilder.AddColumn<string>(
            name: "Title",
            table: "Posts",
            type: "text",
            nullable: true);
        migrationBuilder.RenameColumn(name: "Title", table: "Posts", newName: "Heading");
        migrationBuilder.RenameTable(name: "Posts", newName: "Entries");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "DownOnly", columns: table => new { A = table.Column<int>() });
    }
}
"""


def test_the_ef_core_sql_runs_and_makes_the_names_the_migration_gives(pg: PgServer) -> None:
    from dbnamelint.code_builders import shadow_text
    from dbnamelint.code_ddl_text import ddl_strings

    shadow, unread = shadow_text("Migrations/20240101000000_Blogs.cs", EF_BLOGS)
    assert not unread
    strings = ddl_strings("Migrations/20240101000000_Blogs.cs", shadow)
    sql = ";\n".join(s.text for s in strings)
    assert "DownOnly" not in sql
    with pg.fresh_database("efcore_builder") as db:
        pg.run(sql=sql + ";", dbname=db)
        names = pg.query_json(
            "SELECT conname AS n FROM pg_constraint WHERE connamespace = 'public'::regnamespace "
            "UNION SELECT indexname FROM pg_indexes WHERE schemaname = 'public' "
            "UNION SELECT table_name || '.' || column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' ORDER BY 1",
            db,
        )
    assert [r["n"] for r in names] == [
        "Blogs.BlogId",
        "Blogs.url",
        "Entries.BlogId",
        "Entries.Heading",
        "Entries.PostId",
        "FK_Posts_Blogs_BlogId",
        "IX_Posts_BlogId",
        "PK_Blogs",
        "PK_Posts",
    ]


def test_rails_migration_calls_without_a_dump(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    text = """class More < ActiveRecord::Migration[7.1]
  def change
    add_column :users, :nickName, :string
    rename_column :users, :email, :EMail
    add_index :users, :EMail, name: "UsersEmailIdx"
    add_index :users, :nickName
    rename_table :users, :People
  end

  def down
    create_table :DownOnly
  end
end
"""
    assert new_file_errors(root, "db/migrate/20240102000000_more.rb", text) == [
        ("DBN101", 7),
        ("DBN201", 3),
        ("DBN201", 4),
        ("DBN301", 5),
        ("DBN301", 6),  # Rails' index_users_on_nickName
        ("DBN504", 7),
    ]


def test_rails_change_table_reversible_and_add_reference(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``change_table``'s block, ``reversible``'s ``dir.up`` (not ``dir.down``) and
    ``add_reference`` are read; a call of a ``change_table`` block not known is DBN013."""
    root = _repo(tmp_path, monkeypatch)
    text = """class X < ActiveRecord::Migration[7.1]
  def change
    reversible do |dir|
      dir.up do
        create_table :FooBars
      end
      dir.down { execute "DROP TABLE x" }
    end
    change_table :users do |t|
      t.string :fooBar
      t.rename :email, :eMail
      t.timestamps
      t.remove :zap
      t.whatever_strange
    end
    add_reference :users, :orgUnit
  end
end
"""
    assert new_file_errors(root, "db/migrate/20240103000000_x.rb", text) == [
        ("DBN013", 14),
        ("DBN101", 5),
        ("DBN201", 10),
        ("DBN201", 11),
        ("DBN201", 16),  # orgUnit_id
        ("DBN301", 16),  # Rails' index_users_on_orgUnit_id
    ]


PHINX_PATH = "db/migrations/20240101000000_create_things.php"
PHINX = """<?php

use Phinx\\Migration\\AbstractMigration;

final class CreateThings extends AbstractMigration
{
    public function change(): void
    {
        $table = $this->table('BadThings');
        $table->addColumn('someCol', 'string')
              ->create();
    }

    public function down(): void
    {
        $this->table('DownOnly')->create();
    }
}
"""


def test_a_phinx_table_api_call_is_never_passed_silently(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Phinx's Table API is not read: each ``$this->table(...)`` of ``change()`` fails
    the gate (it passed, exit 0), unless the file's comment accepts it."""
    root = _repo(tmp_path, monkeypatch)
    assert new_file_errors(root, PHINX_PATH, PHINX) == [("DBN013", 9)]
    stage(
        root,
        PHINX_PATH,
        PHINX.replace("<?php\n", "<?php\n// dbnamelint: ignore[DBN013] checked by hand\n"),
    )
    status, found = check_entries("--pre-commit", "--no-cache")
    assert status == 0, found


def test_ruby_and_sql_that_are_no_builder_calls_are_not_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Model code in a Rails migration and SQL in an Ecto heredoc are no builder
    calls: not DBN013; strong_migrations' ``safety_assured { ... }`` runs its
    calls in place, read as the migration's own (trial s38 mastodon)."""
    root = _repo(tmp_path, monkeypatch)
    rails = """class Y < ActiveRecord::Migration[7.1]
  def up
    User.reset_column_information
    User.find_each { |u| u.update!(x: 1) }
    add_timestamps :users
    change_column :users, :email, :text
    safety_assured { add_column :users, :badCol, :string }
    execute <<~SQL
      CREATE TABLE "HereDoc" (id int)
    SQL
  end
end
"""
    assert new_file_errors(root, "db/migrate/20240104000000_y.rb", rails) == [
        ("DBN101", 9),
        ("DBN105", 9),
        ("DBN201", 7),
    ]
    ecto = """defmodule MyApp.Repo.Migrations.Y do
  use Ecto.Migration

  def up do
    execute \"\"\"
    create table good_things (id int)
    \"\"\"
    Repo.update_all(x, set: [y: 1])
  end
end
"""
    stage(root, "priv/repo/migrations/20240104000000_y.exs", ecto)
    git(root, "rm", "-q", "--cached", "db/migrate/20240104000000_y.rb")
    (root / "db/migrate/20240104000000_y.rb").unlink()
    status, found = check_entries("--pre-commit", "--no-cache")
    assert status == 0, found


def test_rails_migration_control_flow_and_loops_without_a_dump(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Trial s34 chatwoot: the ``end`` of an ``unless`` ended the step, so a
    call after it was never read; a loop making tables passed unread."""
    root = _repo(tmp_path, monkeypatch)
    text = """class More < ActiveRecord::Migration[7.1]
  def change
    unless column_exists?(:users, :nickName)
      add_column :users, :nickName, :string
    end
    create_table :AfterUnless
  end
end
"""
    # the body read as if it runs (the idiom's "add if missing"), and what follows
    assert new_file_errors(root, "db/migrate/20240102000000_more.rb", text) == [
        ("DBN101", 6),
        ("DBN201", 4),
    ]
    loop = """class Loop < ActiveRecord::Migration[7.1]
  def change
    %w[loop_a loop_b].each do |name|
      create_table name
    end
  end
end
"""
    assert new_file_errors(root, "db/migrate/20240103000000_loop.rb", loop) == [("DBN013", 3)]
