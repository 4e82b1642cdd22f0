"""A new call of an Ecto helper whose names its parameters give is judged.

Trial s42 plausible/hexpm (t10): a committed ``lib/hexpm/repo/migration_helpers.ex``
(``import Ecto.Migration``; ``def create_stats_table(name) do create
table(name) do ... end end``), its ``DBN013`` accepted once with ``ignore[DBN013]
names checked at each call``, then a new migration's
``create_stats_table(:PackageStats)`` passed the gate ("All checks passed!"):
the literal argument was never judged. Each call of such a helper (imported,
aliased, named by its module, or of the migration itself) with literal
arguments is now read as the SQL its body runs with them bound, laid at the
call; a call with an argument that is no literal is left as it was.

Oracles: real git for the gate (``check --base HEAD`` and ``--pre-commit``
agree: :func:`check_json.new_file_errors`); the Ecto documents for the names
(hexdocs ``Ecto.Migration``: ``table/2`` names the table, ``index/3``'s default
name ``<table>_<columns>_index``, the implicit ``id`` key); real PostgreSQL
runs the SQL read and its catalog lists what it made.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_json import check_entries, new_file_errors
from git_helpers import committed_repo
from pg_server import PgServer

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CONFIG = "paths: [db]\ndialect: postgres\n"
SCHEMA = "CREATE TABLE users (id bigserial PRIMARY KEY, email text, team_id bigint)"
HELPER = """defmodule Hexpm.Repo.MigrationHelpers do
  import Ecto.Migration

  @moduledoc false
  @stats_column :count

  def create_stats_table(name) do
    # dbnamelint: ignore[DBN013] names checked at each call
    create table(name) do
      add @stats_column, :integer
    end
  end

  def index_on(table, columns) do
    # dbnamelint: ignore[DBN013] names checked at each call
    create index(table, columns)
  end

  def rename_table_to(old, new) do
    # dbnamelint: ignore[DBN013] names checked at each call
    execute("ALTER TABLE #{old} RENAME TO #{new}")
  end
end
"""
PATH = "priv/repo/migrations/20240101000000_add_stats.exs"


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = {
        "dbnamelint.yaml": CONFIG,
        "db/schema.sql": SCHEMA + ";\n",
        "lib/hexpm/repo/migration_helpers.ex": HELPER,
    }
    return committed_repo(tmp_path / "app", files, monkeypatch)


def _migration(head: str, body: str, more: str = "") -> str:
    return (
        f"defmodule Hexpm.Repo.Migrations.AddStats do\n  use Ecto.Migration\n{head}\n"
        f"  def change do\n{body}  end\n{more}end\n"
    )


IMPORTED = _migration(
    "  import Hexpm.Repo.MigrationHelpers\n",
    "    create_stats_table(:PackageStats)\n    index_on(:PackageStats, [:count])\n",
)


def test_the_hexpm_call_is_judged(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _repo(tmp_path, monkeypatch)
    assert new_file_errors(root, PATH, IMPORTED) == [("DBN101", 6), ("DBN301", 7)]
    _, found = check_entries("--base", "HEAD", "--no-cache")
    said = {(code, line): message for code, path, line, _, message in found if path == PATH}
    assert "'PackageStats'" in said["DBN101", 6]
    # index/3's default name: <table>_<columns>_index (hexdocs Ecto.Migration.index/3)
    assert "PackageStats_count_index" in said["DBN301", 7]


def test_aliased_and_module_named_and_own_helpers_are_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    text = _migration(
        "  alias Hexpm.Repo.MigrationHelpers, as: Helpers\n",
        "    Helpers.create_stats_table(:AliasStats)\n"
        '    Hexpm.Repo.MigrationHelpers.create_stats_table("NamedStats")\n'
        '    add_flag("users", :isAdmin)\n'
        '    Helpers.create_stats_table("good_stats")\n'
        "    Helpers.rename_table_to(:good_stats, :GoodStats)\n",
        "\n  defp add_flag(table, column) do\n"
        "    # dbnamelint: ignore[DBN013] names checked at each call\n"
        "    alter table(table) do\n      add column, :boolean\n    end\n  end\n",
    )
    assert new_file_errors(root, PATH, text) == [
        ("DBN101", 6),
        ("DBN101", 7),
        ("DBN101", 10),  # the execute's interpolations bound
        ("DBN201", 8),
        ("DBN504", 10),  # its key good_stats_pkey still names the old table
    ]


def test_only_the_forward_literal_calls_are_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What only ``down`` runs is the rollback's; a variable's name is the
    helper's (accepted) DBN013: neither is judged at the call."""
    root = _repo(tmp_path, monkeypatch)
    text = _migration(
        "  import Hexpm.Repo.MigrationHelpers\n",
        "    name = :runtime_stats\n    create_stats_table(name)\n"
        "    create_stats_table(:package_stats)\n    create_stats_table(:LiveStats)\n",
        "\n  def down do\n    create_stats_table(:DownStats)\n  end\n",
    )
    assert new_file_errors(root, PATH, text) == [("DBN101", 9)]


def test_the_sql_read_makes_what_ecto_makes(pg: PgServer) -> None:
    """The statements laid at the calls run on PostgreSQL and make the table
    ``table/2`` names with its ``id`` key and the helper's column, and the
    index ``index/3`` names."""
    from dbnamelint.ecto_helper_ddl import ecto_helper_calls

    def read(path: Path) -> str | None:
        return HELPER if path.as_posix().endswith("lib/hexpm/repo/migration_helpers.ex") else None

    sql = [s.text for s in ecto_helper_calls(IMPORTED, Path("/app"), read)]
    with pg.fresh_database("s43gateholes_ecto") as db:
        pg.run(sql=SCHEMA + ";\n" + ";\n".join(sql) + ";", dbname=db)
        made = pg.query_json(
            "SELECT table_name || '.' || column_name AS n FROM information_schema.columns "
            "WHERE table_schema = 'public' AND table_name <> 'users' "
            "UNION ALL SELECT indexname FROM pg_indexes WHERE schemaname = 'public' "
            "AND indexname NOT LIKE '%pkey'",
            db,
        )
    assert sorted(r["n"] for r in made) == [
        "PackageStats.count",
        "PackageStats.id",
        "PackageStats_count_index",
    ]
