"""Ecto migrations as `mix format` and real projects write them (trial s40 papercups).

The gate read an Ecto migration's builder calls only as ``create table(:t) do``,
one call a line, at the start of a line, in ``def change``/``def up`` with a
``do`` block, always naming the implicit key ``id`` and the timestamps
``inserted_at``/``updated_at``. So in papercups' style (``mix format``
without ecto_sql's ``locals_without_parens``): ``create(index(...))``,
``add(\\n :x,\\n references(...)\\n)`` were ``DBN013`` (35 of its 91
migrations would be refused, only ``ignore[DBN013]`` let them through, and
that leaves their names unchecked), while a name made in a ``defp`` helper
the step calls, in a one-line ``def change, do: ...``, by ``timestamps(inserted_at:
:createdAt)`` or by ``table(:t, primary_key: [name: :thingId, ...])``
passed unjudged, and a builder call in the middle of a line
(``fn t -> create table(t) ... end``) was not even ``DBN013``.

Oracles: real git for the gate (``check --base HEAD`` and ``--pre-commit``
agree: :func:`check_json.new_file_errors`); ecto_sql's ``lib/ecto/migration.ex``
for the names (``timestamps/1``: ``Keyword.pop(opts, :inserted_at,
:inserted_at)``, ``if inserted_at != false, do: add(...)``;
``__primary_key__``/``pk_opts_to_tuple``: ``Keyword.pop(opts, :name, :id)``,
``Keyword.pop(opts, :type, :bigserial)``); real PostgreSQL runs the SQL read
and its catalog lists the columns and constraints.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_json import new_file_errors
from git_helpers import committed_repo
from pg_server import PgServer

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CONFIG = "paths: [db]\ndialect: postgres\n"
SCHEMA = "CREATE TABLE users (id bigserial PRIMARY KEY, email text, org_id bigint);\n"
PATH = "priv/repo/migrations/20240101000000_add_things.exs"


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    files = {"dbnamelint.yaml": CONFIG, "db/schema.sql": SCHEMA}
    return committed_repo(tmp_path / "app", files, monkeypatch)


def _migration(body: str, more: str = "") -> str:
    return (
        "defmodule MyApp.Repo.Migrations.AddThings do\n  use Ecto.Migration\n\n"
        f"  def change do\n{body}  end\n{more}end\n"
    )


PARENS = _migration(
    """    create table(:things, primary_key: false) do
      add(:id, :binary_id, primary_key: true)
      add(
        :someCol,
        references(:users, on_delete: :delete_all)
      )
    end

    create(index(:things, [:someCol], name: :IdxThingsSome))
    create(unique_index(:users, [:email], name: "UsersEmailUniq"))
    create(constraint(:users, :EmailPresent, check: "email <> ''"))
    rename(table(:users), :email, to: :eMail)

    alter table(:users) do
      modify(:org_id, references(:users, name: :OrgFk),
        null: false
      )
    end
"""
)


def test_parenthesised_and_multi_line_calls_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    assert new_file_errors(root, PATH, PARENS) == [
        ("DBN201", 8),  # someCol, on its own line of the add( call
        ("DBN201", 16),  # eMail
        ("DBN301", 13),  # IdxThingsSome
        ("DBN301", 14),  # UsersEmailUniq
        ("DBN401", 8),  # things_someCol_fkey, at its column
        ("DBN401", 15),  # EmailPresent
        ("DBN401", 19),  # OrgFk
    ]


HELPERS = _migration(
    "    make_things()\n    index_on(:users)\n",
    """
  def down, do: drop_things()

  defp make_things do
    create table(:BadThings) do
      add :x, :string
    end
  end

  defp index_on(table), do: create(index(table, [:email]))

  defp drop_things do
    create table(:DownOnlyThings)
  end
""",
)


def test_a_helper_the_step_calls_is_read_and_downs_is_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    # BadThings judged; the index on a parameter's table is a call not read;
    # what only down's helper makes is the rollback's
    assert new_file_errors(root, PATH, HELPERS) == [("DBN013", 17), ("DBN101", 12)]


def test_a_one_line_step_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _repo(tmp_path, monkeypatch)
    text = (
        "defmodule MyApp.Repo.Migrations.People do\n  use Ecto.Migration\n\n"
        "  def change, do: rename table(:users), to: table(:People)\nend\n"
    )
    assert new_file_errors(root, PATH, text) == [("DBN101", 4), ("DBN504", 4)]


def test_a_builder_call_inside_an_expression_is_dbn013(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A call whose table a variable names, wherever on its line, is not read:
    the gate refuses it (it was not seen at all)."""
    root = _repo(tmp_path, monkeypatch)
    text = _migration(
        "    Enum.each([:some_things], fn t -> create table(t) do add :x, :string end end)\n"
        "    # create table(:CommentedOut)\n"
        "    execute \"COMMENT ON TABLE users IS 'create table(:NotACall)'\"\n"
    )
    assert new_file_errors(root, PATH, text) == [("DBN013", 5)]


def test_a_qualified_macro_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _repo(tmp_path, monkeypatch)
    text = _migration("    Ecto.Migration.create(index(:users, [:email], name: :QualifiedIdx))\n")
    assert new_file_errors(root, PATH, text) == [("DBN301", 5)]


KEYS = _migration(
    """    create table(:gadgets, primary_key: [name: :thingId, type: :binary_id]) do
      add :label, :string
      timestamps(inserted_at: :createdAt, updated_at: false)
    end
    alter table(:users) do
      timestamps(type: :utc_datetime, updated_at: :modifiedAt, null: true)
    end
"""
)


def test_named_keys_and_timestamps_are_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    assert new_file_errors(root, PATH, KEYS) == [
        ("DBN201", 5),  # thingId
        ("DBN201", 7),  # createdAt
        ("DBN201", 10),  # modifiedAt
    ]


def test_the_sql_read_makes_what_ecto_sql_makes(pg: PgServer) -> None:
    """The SQL read for these forms runs on PostgreSQL and makes the columns
    and constraints ecto_sql's ``migration.ex`` says."""
    from dbnamelint.code_builders import shadow_text
    from dbnamelint.code_ddl_text import ddl_strings

    sql = []
    for text in (PARENS, KEYS):
        shadow, unread = shadow_text(PATH, text)
        assert unread == []
        sql += [s.text for s in ddl_strings(PATH, shadow)]
    with pg.fresh_database("ecto_forms") as db:
        pg.run(sql=SCHEMA + ";\n".join(sql) + ";", dbname=db)
        columns = pg.query_json(
            "SELECT table_name || '.' || column_name AS n, data_type AS t, is_nullable AS nl "
            "FROM information_schema.columns WHERE table_schema = 'public' "
            "ORDER BY table_name, ordinal_position",
            db,
        )
        constraints = pg.query_json(
            "SELECT conname AS n FROM pg_constraint WHERE connamespace = 'public'::regnamespace "
            "UNION SELECT indexname FROM pg_indexes WHERE schemaname = 'public'",
            db,
        )
    assert [(r["n"], r["t"], r["nl"]) for r in columns if r["n"].startswith("gadgets.")] == [
        ("gadgets.thingId", "uuid", "NO"),  # the key primary_key: names, of its type
        ("gadgets.label", "character varying", "YES"),
        ("gadgets.createdAt", "timestamp without time zone", "NO"),  # no updated_at: false
    ]
    assert [r["n"] for r in columns if not r["n"].startswith("gadgets.")] == [
        "things.id",
        "things.someCol",
        "users.id",
        "users.eMail",
        "users.org_id",
        "users.inserted_at",  # ecto adds inserted_at, then updated_at: named modifiedAt
        "users.modifiedAt",
    ] or pytest.fail(str(columns))
    assert sorted(r["n"] for r in constraints) == [
        "EmailPresent",
        "IdxThingsSome",
        "OrgFk",
        "UsersEmailUniq",
        "gadgets_pkey",
        "things_pkey",
        "things_someCol_fkey",
        "users_pkey",
    ]


def test_check_and_init_name_the_ecto_migrations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A tree of Ecto migrations alone: `check`, `drift` and `init` said only
    "no SQL files found" (trial s40); they name the migrations and the dump
    that would be read."""
    from click.testing import CliRunner

    from dbnamelint.cli import cli

    root = tmp_path / "app"
    (root / "priv/repo/migrations").mkdir(parents=True)
    (root / PATH).write_text(KEYS)
    monkeypatch.chdir(root)
    checked = CliRunner().invoke(cli, ["check"])
    assert checked.exit_code == 0, checked.output
    assert f"DDL in code: {PATH} (an Ecto migration)." in checked.stderr
    assert "`mix ecto.dump` writes the schema they make to priv/<repo>/structure.sql" in (
        checked.stderr
    )
    drifted = CliRunner().invoke(cli, ["drift", "--db", f"sqlite:///{tmp_path / 'app.db'}"])
    assert drifted.exit_code == 2, drifted.output
    assert drifted.stderr.startswith(
        f"dbnamelint: no SQL files found in .; DDL in code: {PATH} (an Ecto migration)."
    )
    adopted = CliRunner().invoke(cli, ["init"])
    assert adopted.exit_code == 0, adopted.output
    assert f"DDL in code: {PATH} (an Ecto migration)." in adopted.output


def test_a_helper_module_and_a_project_wrapper_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A ``lib/`` module importing Ecto's macros for migrations to call, and
    a migration using the project's own ``use MyApp.Migration`` (whose
    ``__using__`` brings ``Ecto.Migration`` in), passed unread."""
    root = _repo(tmp_path, monkeypatch)
    helper = (
        "defmodule MyApp.MigrationHelpers do\n  import Ecto.Migration\n\n"
        "  def create_audit do\n    create table(:AuditThings) do\n"
        "      add :someCol, :string\n    end\n  end\n\n"
        "  def index_on(table), do: create(index(table, [:email]))\nend\n"
    )
    assert new_file_errors(root, "lib/my_app/migration_helpers.ex", helper) == [
        ("DBN013", 10),  # its table a parameter: not read
        ("DBN101", 5),
        ("DBN201", 6),
    ]
    used = helper.replace("import Ecto.Migration", "use Ecto.Migration")
    assert new_file_errors(root, "lib/my_app/more_helpers.ex", used) == [
        ("DBN013", 10),
        ("DBN101", 5),
        ("DBN201", 6),
    ]
    wrapped = KEYS.replace("use Ecto.Migration", "use MyApp.Migration")
    assert new_file_errors(root, PATH, wrapped) == [("DBN201", 5), ("DBN201", 7), ("DBN201", 10)]
