"""The gate refuses a new Rails migration that ``db/structure.sql`` does not
record (``DBN032``).

dbnamelint reads Rails' dump, never the Ruby migrations; ``bin/rails
db:migrate`` rewrites the dump and appends the migration's version to its
``INSERT INTO schema_migrations`` list. A new migration whose version the dump
the run read lacks made nothing the gate judged (trial s21
openstreetmap-website). The oracle is real git: the base commit, the change's
staged copy (pre-commit) or working tree.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import git, init_repo, isolated_git_env

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

# The head and tail of what Rails 8 writes for PostgreSQL (ActiveRecord's
# structure_dump, then insert_versions_sql).
PG_DUMP = """\
SET statement_timeout = 0;
CREATE TABLE public.users (id bigint NOT NULL);
CREATE TABLE public.schema_migrations (version character varying NOT NULL);
SET search_path TO "$user", public;

INSERT INTO "schema_migrations" (version) VALUES
{versions};

"""
# MySQL's: backquoted (ActiveRecord's MySQL adapter quotes with backquotes).
MYSQL_DUMP = """\
CREATE TABLE `users` (`id` bigint NOT NULL AUTO_INCREMENT, PRIMARY KEY (`id`));
CREATE TABLE `schema_migrations` (`version` varchar(255) NOT NULL);
INSERT INTO `schema_migrations` (version) VALUES
{versions};

"""
FIRST = "db/migrate/20260101000000_create_users.rb"
NEW = "db/migrate/20261203130000_add_bad_table.rb"
NEW_MIGRATION = """\
# frozen_string_literal: true

class AddBadTable < ActiveRecord::Migration[8.1]
  def change
    execute 'CREATE TABLE legacy_things (some_col int)'
    create_table :widgets
  end
end
"""


def _dump(template: str, *versions: str) -> str:
    return template.format(versions=",\n".join(f"('{v}')" for v in versions))


def _regenerated(template: str, *versions: str) -> str:
    """The dump ``bin/rails db:migrate`` writes after a migration that makes a
    table: the schema changed (the tables ``create_table :widgets`` and the
    ``execute`` make: a dump without one was not migrated past the
    migration), the version listed."""
    return _dump(template, *versions).replace(
        "CREATE TABLE",
        "CREATE TABLE widgets (id bigint);\nCREATE TABLE legacy_things (some_col int);\n"
        "CREATE TABLE",
        1,
    )


def _app(root: Path, template: str, dialect: str) -> Path:
    (root / "db" / "migrate").mkdir(parents=True)
    (root / "db" / "structure.sql").write_text(_dump(template, "20260101000000"))
    (root / FIRST).write_text("class CreateUsers < ActiveRecord::Migration[8.1]\nend\n")
    (root / "dbnamelint.yaml").write_text(f"paths: [db]\ndialect: {dialect}\n")
    init_repo(root, "base")
    return root


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    return monkeypatch


def _found(*args: str) -> tuple[int, list[tuple[str, str, int]]]:
    result = CliRunner().invoke(cli, ["check", *args, "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.output)
    return result.exit_code, [(d["code"], d["path"], d["line"]) for d in report["diagnostics"]]


@pytest.mark.parametrize(
    ("template", "dialect"), [(PG_DUMP, "postgres"), (MYSQL_DUMP, "mysql")], ids=["pg", "mysql"]
)
def test_a_new_migration_the_dump_does_not_list_fails_gate_and_hook(
    tmp_path: Path, env: pytest.MonkeyPatch, template: str, dialect: str
) -> None:
    root = _app(tmp_path / "app", template, dialect)
    env.chdir(root)
    (root / NEW).write_text(NEW_MIGRATION)
    git(root, "add", "-A")
    result = CliRunner().invoke(cli, ["check", "--pre-commit", NEW])
    assert result.exit_code == 1, result.output
    assert (
        f"{NEW}:3:1: DBN032 error: this Rails migration's version 20261203130000 is not in "
        "db/structure.sql's schema_migrations list" in result.output
    )
    assert "run `bin/rails db:migrate`" in result.output
    git(root, "commit", "-qm", "add")
    assert _found("--base", "HEAD~1") == (1, [("DBN032", NEW, 3)])
    # db:migrate's dump lists the version: the gate reads what the migration made.
    (root / "db" / "structure.sql").write_text(
        _regenerated(template, "20261203130000", "20260101000000")
    )
    assert _found("--base", "HEAD~1") == (0, [])


def test_the_hook_reads_the_staged_dump(tmp_path: Path, env: pytest.MonkeyPatch) -> None:
    root = _app(tmp_path / "app", PG_DUMP, "postgres")
    env.chdir(root)
    (root / NEW).write_text(NEW_MIGRATION)
    git(root, "add", NEW)
    # regenerated but not staged: the commit being made lacks it
    (root / "db" / "structure.sql").write_text(
        _regenerated(PG_DUMP, "20261203130000", "20260101000000")
    )
    result = CliRunner().invoke(cli, ["check", "--pre-commit", NEW])
    assert result.exit_code == 1, result.output
    assert f"{NEW}:3:1: DBN032 error" in result.output
    git(root, "add", "-A")
    result = CliRunner().invoke(cli, ["check", "--pre-commit", NEW, "db/structure.sql"])
    assert result.exit_code == 0, result.output


def test_committed_migrations_and_dumps_without_a_list_are_not_judged(
    tmp_path: Path, env: pytest.MonkeyPatch
) -> None:
    root = _app(tmp_path / "app", PG_DUMP, "postgres")
    env.chdir(root)
    # a migration already at the base that the dump lacks is not this change's doing
    (root / "db" / "migrate" / "20250101000000_old.rb").write_text("class Old\nend\n")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "old")
    (root / "db" / "structure.sql").write_text(
        _dump(PG_DUMP, "20260101000000") + "-- regenerated\n"
    )
    assert _found("--base", "HEAD") == (0, [])
    # a dump with no schema_migrations insert was not written by Rails
    (root / "db" / "structure.sql").write_text("CREATE TABLE public.users (id bigint);\n")
    (root / NEW).write_text(NEW_MIGRATION)
    assert _found("--base", "HEAD")[1] == []


@pytest.mark.parametrize(
    ("migration", "refused"),
    [
        pytest.param(NEW_MIGRATION, True, id="schema-change"),
        pytest.param(
            "class Backfill < ActiveRecord::Migration[8.1]\n  def up\n"
            '    execute "UPDATE users SET id = id"\n  end\nend\n',
            False,
            id="data-only",
        ),
    ],
)
def test_a_version_listed_by_hand_without_its_schema_is_refused(
    tmp_path: Path, env: pytest.MonkeyPatch, migration: str, refused: bool
) -> None:
    """Trial s28 chatwoot: a hurried developer adds the version to the dump's
    list by hand instead of running ``bin/rails db:migrate``; the dump says
    the migration ran, yet holds nothing it makes, and its DDL passed. A data
    migration's dump changes by its version alone (what db:migrate writes)."""
    root = _app(tmp_path / "app", PG_DUMP, "postgres")
    env.chdir(root)
    (root / NEW).write_text(migration)
    (root / "db" / "structure.sql").write_text(_dump(PG_DUMP, "20261203130000", "20260101000000"))
    git(root, "add", "-A")
    result = CliRunner().invoke(cli, ["check", "--pre-commit", NEW, "db/structure.sql"])
    if refused:
        assert result.exit_code == 1, result.output
        assert "its version was added to the list by hand" in result.output
        assert _found("--base", "HEAD") == (1, [("DBN032", NEW, 3)])
    else:
        assert result.exit_code == 0, result.output


#: What ``mix ecto.dump`` writes for PostgreSQL: pg_dump, then the list
#: (Ecto.Adapters.Postgres ``structure_dump``: ``INSERT INTO public."schema_migrations"``).
ECTO_DUMP = """\
CREATE TABLE public.sites (id bigint NOT NULL);
CREATE TABLE public.schema_migrations (version bigint NOT NULL, inserted_at timestamp(0));
INSERT INTO public."schema_migrations" (version) VALUES {versions};
"""
ECTO_NEW = "priv/repo/migrations/20250101000000_add_bad_things.exs"
ECTO_MIGRATION = """\
defmodule Plausible.Repo.Migrations.AddBadThings do
  use Ecto.Migration

  def change do
    create table(:badName) do
      add :siteId, :bigint
    end
  end
end
"""


@pytest.mark.parametrize(
    ("listed", "versions"),
    [
        (False, ""),
        (True, "(20190109173917),(20250101000000)"),
        # ecto_sql's append_versions: one INSERT per version (closing confirmation s28)
        (
            True,
            '(20190109173917);\nINSERT INTO public."schema_migrations" (version) VALUES '
            "(20250101000000)",
        ),
    ],
    ids=["unlisted", "listed-by-hand", "listed-by-hand-per-line"],
)
def test_an_ecto_migration_the_dump_does_not_make_is_refused(
    tmp_path: Path, env: pytest.MonkeyPatch, listed: bool, versions: str
) -> None:
    """Trial s28 plausible: Ecto's ``create table(:badName)`` is never read;
    its dump (``priv/repo/structure.sql``, ``mix ecto.dump``) lists versions
    as Rails' does, so the same two checks hold."""
    root = tmp_path / "app"
    (root / "priv/repo/migrations").mkdir(parents=True)
    (root / "priv/repo/structure.sql").write_text(ECTO_DUMP.format(versions="(20190109173917)"))
    (root / "dbnamelint.yaml").write_text("paths: [priv/repo]\ndialect: postgres\n")
    init_repo(root, "base")
    env.chdir(root)
    (root / ECTO_NEW).write_text(ECTO_MIGRATION)
    if listed:
        (root / "priv/repo/structure.sql").write_text(ECTO_DUMP.format(versions=versions))
    git(root, "add", "-A")
    result = CliRunner().invoke(cli, ["check", "--pre-commit", ECTO_NEW, "priv/repo/structure.sql"])
    assert result.exit_code == 1, result.output
    assert "Ecto migration's version 20250101000000" in result.output
    assert "mix ecto.dump" in result.output
    assert _found("--base", "HEAD") == (1, [("DBN032", ECTO_NEW, 2)])


def test_a_listed_migration_whose_table_the_changed_dump_lacks_is_refused(
    tmp_path: Path, env: pytest.MonkeyPatch
) -> None:
    """Trial s30 mastodon S9b, in a structure.sql: the dump changed (another
    table, the version listed), yet names no ``widgets`` the migration makes."""
    root = _app(tmp_path / "app", PG_DUMP, "postgres")
    env.chdir(root)
    (root / NEW).write_text(NEW_MIGRATION)
    (root / "db" / "structure.sql").write_text(
        _regenerated(PG_DUMP, "20261203130000", "20260101000000").replace("widgets", "gadgets")
    )
    git(root, "add", "-A")
    result = CliRunner().invoke(cli, ["check", "--pre-commit", NEW, "db/structure.sql"])
    assert result.exit_code == 1, result.output
    assert (
        # at the create_table making it
        f"{NEW}:6:5: DBN032 error: db/structure.sql lists this Rails migration's version "
        '20261203130000, but holds no table "widgets" that the migration makes'
    ) in result.output
