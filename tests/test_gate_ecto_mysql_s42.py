"""Ecto migrations of a MySQL project are read as the SQL ecto_sql's MyXQL adapter sends.

The gate read every Ecto builder call as PostgreSQL's SQL (double-quoted
names, ``bigserial``, ``ALTER INDEX ... RENAME``), whatever the project's
dialect, so in a ``dialect: mysql`` project each ``create table`` was a
false input error (``DBN004 ... double quotes make a string, not a name, in
mysql``) and the hook refused every honest migration (noted by trial s41
huginn, found again s42). Now, as ``lib/ecto/adapters/myxql/connection.ex``
writes them: backquoted names, ``ecto_to_db/2``'s types (``:string``
``varchar(255)``, ``:utc_datetime`` ``datetime``, the key ``bigint unsigned
not null auto_increment``), a reference as its own ``CONSTRAINT ... FOREIGN
KEY`` clause, ``RENAME COLUMN`` and ``ALTER TABLE t RENAME INDEX``.

Oracles: MariaDB runs the SQL read and its catalog holds exactly the names
the migrations make; real git for the gate.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from check_json import stage
from dbnamelint.cli import cli
from git_helpers import committed_repo
from mysql_server import MysqlServer

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

FIRST = "priv/repo/migrations/20240101000000_create_users.exs"
CREATE_USERS = """\
defmodule MyApp.Repo.Migrations.CreateUsers do
  use Ecto.Migration

  def change do
    create table(:users) do
      add :email, :string, null: false
      add :settings, :map
      add :last_seen_at, :utc_datetime
      timestamps()
    end

    create unique_index(:users, [:email])
  end
end
"""
SECOND = "priv/repo/migrations/20240201000000_create_posts.exs"
CREATE_POSTS = """\
defmodule MyApp.Repo.Migrations.CreatePosts do
  use Ecto.Migration

  def change do
    create table(:posts) do
      add :title, :string
      add :user_id, references(:users, on_delete: :delete_all)
      timestamps(type: :utc_datetime_usec)
    end

    create index(:posts, [:user_id])
    create constraint(:posts, :title_not_blank, check: "title <> ''")
    rename table(:users), :last_seen_at, to: :seen_at
    rename index(:posts, [:user_id], name: "posts_user_id_index"), to: "posts_author_index"
    create table(:import_batch) do
      add :label, :string
    end

    rename table(:import_batch), to: table(:import_batches)
  end
end
"""


def _sql(path: str, text: str) -> list[str]:
    from dbnamelint.code_builders import shadow_text
    from dbnamelint.code_ddl_text import ddl_strings

    shadow, unread = shadow_text(path, text, "mysql")
    assert unread == []
    return [s.text for s in ddl_strings(path, shadow)]


def test_mariadb_runs_the_sql_read_and_holds_its_names(maria: MysqlServer) -> None:
    statements = _sql(FIRST, CREATE_USERS) + _sql(SECOND, CREATE_POSTS)
    assert all('"' not in s.split("CHECK")[0] for s in statements), statements
    with maria.fresh_database("s42_ecto_mysql") as db:
        maria.run(";\n".join(statements) + ";", database=db)
        tables = maria.run(
            "SELECT table_name FROM information_schema.tables "
            f"WHERE table_schema = '{db}' ORDER BY 1",
            database=db,
        ).splitlines()
        columns = maria.run(
            "SELECT CONCAT(table_name, '.', column_name, ':', column_type) "
            f"FROM information_schema.columns WHERE table_schema = '{db}' "
            "ORDER BY table_name, ordinal_position",
            database=db,
        ).splitlines()
        keys = maria.run(
            "SELECT DISTINCT CONCAT(table_name, '.', index_name) "
            f"FROM information_schema.statistics WHERE table_schema = '{db}' ORDER BY 1",
            database=db,
        ).splitlines()
        constraints = maria.run(
            "SELECT CONCAT(table_name, '.', constraint_name, ':', constraint_type) "
            f"FROM information_schema.table_constraints WHERE table_schema = '{db}' ORDER BY 1",
            database=db,
        ).splitlines()
    assert tables == ["import_batches", "posts", "users"]
    assert columns == [
        "import_batches.id:bigint(20) unsigned",
        "import_batches.label:varchar(255)",
        "posts.id:bigint(20) unsigned",
        "posts.title:varchar(255)",
        "posts.user_id:bigint(20) unsigned",
        "posts.inserted_at:datetime",
        "posts.updated_at:datetime",
        "users.id:bigint(20) unsigned",
        "users.email:varchar(255)",
        "users.settings:longtext",  # MariaDB's json
        "users.seen_at:datetime",
        "users.inserted_at:datetime",
        "users.updated_at:datetime",
    ]
    assert sorted(keys) == [
        "import_batches.PRIMARY",
        "posts.PRIMARY",
        "posts.posts_author_index",
        "users.PRIMARY",
        "users.users_email_index",
    ]
    assert sorted(constraints) == [
        "import_batches.PRIMARY:PRIMARY KEY",
        "posts.PRIMARY:PRIMARY KEY",
        "posts.posts_user_id_fkey:FOREIGN KEY",
        "posts.title_not_blank:CHECK",
        "users.PRIMARY:PRIMARY KEY",
        "users.settings:CHECK",  # MariaDB's json_valid check of a json column
        "users.users_email_index:UNIQUE",
    ]


def test_the_gate_passes_honest_migrations_and_judges_careless_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = committed_repo(
        tmp_path / "app",
        {
            "dbnamelint.yaml": "paths: [priv/repo/migrations]\ndialect: mysql\n",
            FIRST: CREATE_USERS,
        },
        monkeypatch,
    )
    stage(root, SECOND, CREATE_POSTS)
    result = CliRunner().invoke(cli, ["check", "--pre-commit", "--no-cache", SECOND])
    assert result.exit_code == 0, result.output
    assert "DBN004" not in result.output
    careless = (
        CREATE_POSTS.replace("table(:posts) do", "table(:BlogPosts) do")
        .replace("add :title,", "add :postTitle,")
        .replace(
            "create index(:posts, [:user_id])",
            'create index(:BlogPosts, [:user_id], name: "IX_Author")',
        )
    )
    stage(root, SECOND, careless)
    result = CliRunner().invoke(cli, ["check", "--base", "HEAD", "--no-cache", "--format", "json"])
    assert result.exit_code == 1, result.output
    report = json.loads(result.stdout)
    assert [d["code"] for d in report["diagnostics"] if d["code"] == "DBN004"] == []
    assert sorted(
        (f["code"], f["qualified_name"], f["line"])
        for f in report["findings"]
        if f["path"] == SECOND and f["fails_run"]
    ) == [
        ("DBN101", "BlogPosts", 5),
        ("DBN201", "BlogPosts.postTitle", 6),
        ("DBN301", "BlogPosts.IX_Author", 11),
        # the reference's default name, <table>_<column>_fkey, is the table's
        ("DBN401", "BlogPosts.BlogPosts_user_id_fkey", 7),
    ]
