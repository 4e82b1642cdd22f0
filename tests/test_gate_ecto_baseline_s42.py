"""An Ecto app whose ``mix.exs`` loads the dump before migrating keeps it as a
baseline: a new migration is not refused for being newer than it (trial s42
hexpm).

hexpm's ``"ecto.reset": ["ecto.drop", "ecto.create", "ecto.load",
"ecto.migrate"]`` builds every database from ``priv/repo/structure.sql`` and
then the migrations its ``schema_migrations`` list lacks (ecto_sql's ``mix
ecto.load``: "Loads ... database structure ... from a previously dumped
structure file"; ``mix ecto.migrate`` runs the pending migrations), so 45 of
its 45 migrations since 2023 came without a regenerated dump, and the hook
refused every one with ``DBN032``. The gate judges such a migration's calls
as where there is no dump. The oracle is real git (the staged copy, the base
commit) and the rules' documented findings.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from check_json import check_json
from dbnamelint.cli import cli
from dbnamelint.ecto_baseline import loading_alias
from git_helpers import git, init_repo, isolated_git_env

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

#: What ``mix ecto.dump`` writes for PostgreSQL (one INSERT per version).
DUMP = """\
CREATE TABLE public.packages (id bigint NOT NULL, name text);
CREATE TABLE public.schema_migrations (version bigint NOT NULL, inserted_at timestamp(0));
INSERT INTO public."schema_migrations" (version) VALUES (20260206130000);
INSERT INTO public."schema_migrations" (version) VALUES (20260612000000);
"""
#: hexpm's aliases (mix.exs at dee4f9b2).
HEXPM_MIX = """\
defmodule Hexpm.MixProject do
  use Mix.Project

  defp aliases() do
    [
      setup: ["deps.get", "ecto.setup"],
      "ecto.setup": ["ecto.reset", "run priv/repo/seeds.exs"],
      "ecto.reset": ["ecto.drop", "ecto.create", "ecto.load", "ecto.migrate"],
      test: ["ecto.create --quiet", "ecto.migrate", "test"]
    ]
  end
end
"""
#: What ``mix phx.new`` writes: the dump is never loaded.
PHOENIX_MIX = """\
  defp aliases do
    [
      "ecto.setup": ["ecto.create", "ecto.migrate", "run priv/repo/seeds.exs"],
      "ecto.reset": ["ecto.drop", "ecto.setup"],
      test: ["ecto.create --quiet", "ecto.migrate --quiet", "test"]
    ]
  end
"""
NEW = "priv/repo/migrations/20260901120000_create_package_stars.exs"
HONEST = """\
defmodule Hexpm.Repo.Migrations.CreatePackageStars do
  use Ecto.Migration

  def change do
    create table(:package_stars) do
      add :package_id, references(:packages, on_delete: :delete_all), null: false

      timestamps(type: :utc_datetime_usec)
    end

    create unique_index(:package_stars, [:package_id])
  end
end
"""
CARELESS = HONEST.replace(":package_stars", ":packageStars").replace(
    "add :package_id", "add :packageId"
)


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    return monkeypatch


def _app(root: Path, mix: str) -> Path:
    (root / "priv/repo/migrations").mkdir(parents=True)
    (root / "priv/repo/structure.sql").write_text(DUMP)
    (root / "priv/repo/migrations/20260612000000_add_packages.exs").write_text(
        "defmodule Hexpm.Repo.Migrations.AddPackages do\n  use Ecto.Migration\nend\n"
    )
    (root / "mix.exs").write_text(mix)
    (root / "dbnamelint.yaml").write_text("paths: [priv/repo]\ndialect: postgres\n")
    init_repo(root, "base")
    return root


def _found(*args: str) -> tuple[int, list[tuple[str, str, int]]]:
    """(exit code, the failing findings' and the diagnostics' code, name and line)."""
    code, failing, diagnostics = check_json(*args)
    return code, sorted(
        [(c, name, line) for c, name, _, line, _ in failing]
        + [(str(d["code"]), "", int(str(d["line"]))) for d in diagnostics]
    )


def test_a_new_migration_on_a_loaded_baseline_passes_the_hook_and_the_gate(
    tmp_path: Path, env: pytest.MonkeyPatch
) -> None:
    root = _app(tmp_path / "app", HEXPM_MIX)
    env.chdir(root)
    (root / NEW).write_text(HONEST)
    git(root, "add", "-A")
    result = CliRunner().invoke(cli, ["check", "--pre-commit", NEW])
    assert result.exit_code == 0, result.output
    assert "DBN032" not in result.output
    git(root, "commit", "-qm", "stars")
    assert _found("--base", "HEAD~1") == (0, [])


def test_its_names_are_still_judged(tmp_path: Path, env: pytest.MonkeyPatch) -> None:
    root = _app(tmp_path / "app", HEXPM_MIX)
    env.chdir(root)
    (root / NEW).write_text(CARELESS)
    git(root, "add", "-A")
    # the table at its create (line 5), the column and its foreign key (line 6),
    # the index (line 11); no DBN032
    code, found = _found("--base", "HEAD")
    assert code == 1
    assert found == [
        ("DBN101", "packageStars", 5),
        ("DBN201", "packageId", 6),
        ("DBN301", "packageStars_package_id_index", 11),
        ("DBN401", "packageStars_packageId_fkey", 6),
    ]


@pytest.mark.parametrize(
    "mix",
    [
        PHOENIX_MIX,
        # the load is for another repo: Plausible.IngestRepo's is priv/ingest_repo
        HEXPM_MIX.replace('"ecto.load"', '"ecto.load -r Hexpm.IngestRepo"'),
        # migrating first, loading after, is no baseline
        HEXPM_MIX.replace('"ecto.load", "ecto.migrate"', '"ecto.migrate", "ecto.load"'),
    ],
    ids=["phoenix", "other-repo", "migrate-first"],
)
def test_without_a_load_before_migrating_the_dump_must_list_it(
    tmp_path: Path, env: pytest.MonkeyPatch, mix: str
) -> None:
    root = _app(tmp_path / "app", mix)
    env.chdir(root)
    (root / NEW).write_text(HONEST)
    git(root, "add", "-A")
    result = CliRunner().invoke(cli, ["check", "--pre-commit", NEW])
    assert result.exit_code == 1, result.output
    assert f"{NEW}:2:1: DBN032 error: this Ecto migration's version 20260901120000" in (
        result.output
    )


def test_the_hook_reads_the_staged_mix_exs(tmp_path: Path, env: pytest.MonkeyPatch) -> None:
    """The commit is judged as it records mix.exs: a working-tree edit adding
    the load, not staged, does not excuse the migration."""
    root = _app(tmp_path / "app", PHOENIX_MIX)
    env.chdir(root)
    (root / NEW).write_text(HONEST)
    git(root, "add", "-A")
    (root / "mix.exs").write_text(HEXPM_MIX)
    result = CliRunner().invoke(cli, ["check", "--pre-commit", NEW])
    assert result.exit_code == 1, result.output
    assert "DBN032" in result.output
    git(root, "add", "mix.exs")
    result = CliRunner().invoke(cli, ["check", "--pre-commit", NEW])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("mix", "folder", "alias"),
    [
        (HEXPM_MIX, "repo", "ecto.reset"),
        # an alias naming another that loads (ecto.setup -> ecto.reset) is run in its place
        (
            '["ecto.setup": ["ecto.create", "ecto.load"], test: ["ecto.setup", "ecto.migrate"]]',
            "repo",
            "test",
        ),
        # ~w word lists, and ecto_sql's --skip-if-loaded
        ('["ecto.reset": ~w(ecto.drop ecto.create ecto.load ecto.migrate)]', "repo", "ecto.reset"),
        (
            'test: ["ecto.load --skip-if-loaded -r Plausible.IngestRepo", '
            '"ecto.migrate -r Plausible.IngestRepo", "test"]',
            "ingest_repo",
            "test",
        ),
        (
            'test: ["ecto.load --skip-if-loaded -r Plausible.IngestRepo", '
            '"ecto.migrate -r Plausible.IngestRepo", "test"]',
            "repo",
            None,
        ),
        # a commented-out alias runs nothing
        ('[\n  # "ecto.reset": ["ecto.load", "ecto.migrate"]\n]', "repo", None),
        (PHOENIX_MIX, "repo", None),
    ],
)
def test_the_alias_that_loads_before_migrating(mix: str, folder: str, alias: str | None) -> None:
    assert loading_alias(mix, folder) == alias


EXECUTED = """\
defmodule Hexpm.Repo.Migrations.AddPackages do
  use Ecto.Migration

  def up do
    execute("ALTER TABLE packages ADD COLUMN docs_url text")
  end
end
"""


@pytest.mark.parametrize(
    ("mix", "said"),
    [
        (
            HEXPM_MIX,
            ", but its schema_migrations list lacks 1 of them (20260901120000_create_package_"
            "stars.exs), so check reads none of their names (mix.exs's `ecto.reset` loads the "
            "dump, then runs them: ecto.load, ecto.migrate; the gate judged their calls when "
            "each was added): run `mix ecto.migrate` and `mix ecto.dump` and commit the dump "
            "to check them.",
        ),
        (
            PHOENIX_MIX,
            ", but its schema_migrations list lacks 1 of them (20260901120000_create_package_"
            "stars.exs), so check reads none of their names: run `mix ecto.migrate` and `mix "
            "ecto.dump` and commit the dump to check them.",
        ),
    ],
    ids=["baseline", "phoenix"],
)
def test_init_says_which_migrations_the_dump_lacks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mix: str, said: str
) -> None:
    """hexpm's `init` said "code migrations hold DDL that check does not read
    ... check a database they built or a schema dump of it in `paths`" with
    the dump in `paths`, and nothing of the 19 migrations it lacks."""
    root = tmp_path / "app"
    (root / "priv/repo/migrations").mkdir(parents=True)
    (root / "priv/repo/structure.sql").write_text(DUMP)
    (root / "priv/repo/migrations/20260612000000_add_packages.exs").write_text(EXECUTED)
    (root / NEW).write_text(HONEST)
    (root / "mix.exs").write_text(mix)
    monkeypatch.chdir(root)
    adopted = CliRunner().invoke(cli, ["init"])
    assert adopted.exit_code == 0, adopted.output
    assert (
        "Also: Ecto migrations, Elixir, not read: priv/repo/migrations (2 migrations, 1 with "
        "DDL strings); the dump they leave, priv/repo/structure.sql, is read" + said
    ) in adopted.output
    assert "code migrations hold DDL that check does not read" not in adopted.output


DROP = """\
defmodule Hexpm.Repo.Migrations.DropPackages do
  use Ecto.Migration

  def up() do
    drop table(:packages)
  end

  def down() do
    raise Ecto.MigrationError, message: "this migration is irreversible"
  end
end
"""
ROLLBACK_ONLY = DROP.replace("    drop table(:packages)\n", "    :ok\n").replace(
    '    raise Ecto.MigrationError, message: "this migration is irreversible"\n',
    "    drop table(:packages)\n",
)
AGAIN = "priv/repo/migrations/20260810130000_create_packages.exs"
CREATE_AGAIN = """\
defmodule Hexpm.Repo.Migrations.CreatePackages do
  use Ecto.Migration

  def change do
    create table(:packages) do
      add :name, :text
    end
  end
end
"""


@pytest.mark.parametrize(
    ("dropping", "warned"),
    [
        (DROP, False),
        (DROP.replace("drop table(:packages)", 'execute("DROP TABLE IF EXISTS packages")'), False),
        # dropped only on rollback, or no drop at all: the table stands, the warning is true
        (ROLLBACK_ONLY, True),
        (None, True),
    ],
    ids=["drop", "execute-drop", "down-only", "none"],
)
def test_a_table_an_unlisted_migration_dropped_may_be_made_again(
    tmp_path: Path, env: pytest.MonkeyPatch, dropping: str | None, warned: bool
) -> None:
    """hexpm's 20260810120000_drop_package_reports.exs (committed after the
    dump, not in its list) then 20260810130000_create_package_reports.exs:
    `mix ecto.migrate` drops the dump's table before the new one makes it, so
    `DBN023` ("created again while the one at structure.sql stands") was false."""
    root = _app(tmp_path / "app", HEXPM_MIX)
    env.chdir(root)
    if dropping is not None:
        (root / "priv/repo/migrations/20260810120000_drop_packages.exs").write_text(dropping)
        git(root, "add", "-A")
        git(root, "commit", "-qm", "drop")
    (root / AGAIN).write_text(CREATE_AGAIN)
    git(root, "add", "-A")
    code, found = _found("--base", "HEAD")
    assert code == 0
    assert found == ([("DBN023", "", 5)] if warned else [])
