"""Live code under a folder named ``migrations`` is code, not migration history.

Trial s20 (hasura-auth): ``go/migrations/hasura.go`` runs at every start and
names the tables in Hasura's metadata calls; it lies beside the SQL
migrations ``go/migrations/postgres/*.up.sql`` and the runner
``go/migrations/postgres.go``. Every file under a ``migrations`` folder was
history, so ``impact`` neither counted nor patched it, and ``migrate
--cleanup --write`` dropped the compatibility view it still read. A code
file there is history only when shaped as one tool's migration: a versioned
name, or a registration with the tool (each tool's manual names them; see
:mod:`dbnamelint.impact.migration_code`); the config's ``impact_history`` /
``impact_code`` decide a file or folder either way. The search runs through
the real ``git grep``, the patch through the real ``git apply``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dbnamelint.cli import cli
from dbnamelint.config import load_settings
from dbnamelint.impact import collect_impact
from dbnamelint.impact.history import is_migration
from git_helpers import commit_all, committed_repo, git

# --------------------------------------------------------------- the rule


@pytest.mark.parametrize(
    ("path", "history"),
    [
        # Live code beside the migrations: hasura-auth's metadata calls and runner.
        ("go/migrations/hasura.go", False),
        ("go/migrations/postgres.go", False),
        ("db/migrations/main.go", False),
        ("src/migrations/runner.ts", False),
        ("app/migrations/helpers/names.py", False),
        ("db/migrate/seed_helper.rb", False),
        ("migrations/run.sh", False),
        ("migrations/src/lib.rs", False),
        # Named as one tool's migration.
        ("db/migrations/00001_create_users.go", True),  # goose
        ("db/migrations/20201128100726_add_path.go", True),  # goose timestamp
        ("app/migrations/0001_initial.py", True),  # Django
        ("migrations/versions/1975ea83b712_create_account.py", True),  # Flask-Migrate
        ("migrations/20240101120000_create_users.js", True),  # Knex
        ("migrations/20240101120000-create-user.js", True),  # Sequelize
        ("src/migrations/1700000000000-Init.ts", True),  # TypeORM
        ("db/migrate/20240101120000_create_users.rb", True),  # Rails
        ("priv/repo/migrations/20240101120000_create_users.exs", True),  # Ecto
        ("database/migrations/2024_01_01_000000_create_users_table.php", True),  # Laravel
        ("src/main/java/db/migration/V1__Init.java", True),  # Flyway
        ("src/main/kotlin/db/migration/V2_1__Seed.kt", True),  # Flyway (Kotlin)
        ("src/migrations/V1__initial.rs", True),  # refinery
        ("migration/src/m20220101_000001_create_table.rs", True),  # SeaORM
        ("console/migrations/m240101_120000_create_user.php", True),  # Yii
        ("migrations/Version20240101120000.php", True),  # Doctrine
        ("Data/Migrations/20240101120000_Init.cs", True),  # EF Core
        ("Data/Migrations/20240101120000_Init.Designer.cs", True),  # EF Core
        # SQL and other files under the folder keep today's rules.
        ("go/migrations/postgres/00001_init.up.sql", True),
        ("migrations/seed.sql", True),
        ("src/main/resources/db/changelog/changes.xml", True),
        ("migrations/README.md", True),
        # A migration step's script stays history wherever it lies.
        ("config/migrate-scripts/migrate-db-17cf077.sh", True),
    ],
)
def test_code_under_a_migrations_folder_is_history_when_named_as_a_migration(
    path: str, history: bool
) -> None:
    assert is_migration(path) is history


@pytest.mark.parametrize(
    ("path", "head"),
    [
        # goose (pressly/goose README, "Go migrations")
        (
            "db/migrations/create_users.go",
            "func init() {\n\tgoose.AddMigrationContext(up, down)\n}",
        ),
        ("db/migrations/named.go", 'func init() {\n\tgoose.AddNamedMigration("x.go", u, d)\n}'),
        # gormigrate, sql-migrate (in-code migrations)
        ("migrations/list.go", 'var all = []*gormigrate.Migration{\n\t{ID: "1"},\n}'),
        (
            "migrations/mem.go",
            'src := &migrate.MemoryMigrationSource{Migrations: []*migrate.Migration{{Id: "1"}}}',
        ),
        # Django, Alembic
        (
            "app/migrations/auto.py",
            "class Migration(migrations.Migration):\n    dependencies = []\n",
        ),
        ("migrations/versions/rev.py", 'revision = "ae1027a6acf"\ndown_revision = None\n'),
        # Knex, node-pg-migrate, Sequelize, Umzug, TypeORM, MikroORM
        ("migrations/users.js", "exports.up = function (knex) {\n  return knex.schema;\n};\n"),
        ("migrations/users.ts", "export async function up(knex: Knex): Promise<void> {}\n"),
        (
            "migrations/users.cjs",
            "module.exports = {\n  async up (queryInterface, Sequelize) {}\n};\n",
        ),
        ("migrations/umzug.ts", "export const up: MigrationFn = async () => {};\n"),
        ("src/migrations/Init.ts", "export class Init implements MigrationInterface {}\n"),
        ("src/migrations/Mikro.ts", "export class Migration1 extends Migration {}\n"),
        # Laravel, Phinx/Doctrine, Flyway (Java, Kotlin), EF Core, Room
        ("database/migrations/users.php", "return new class extends Migration\n{\n};\n"),
        ("db/migrations/Users.php", "final class Users extends AbstractMigration {}\n"),
        ("db/migration/Init.java", "public class Init extends BaseJavaMigration {}\n"),
        ("db/migration/Init.kt", "class Init : BaseJavaMigration() {}\n"),
        ("Migrations/Init.cs", "public partial class Init : Migration\n{\n}\n"),
        (
            "Migrations/AppDbContextModelSnapshot.cs",
            "partial class AppDbContextModelSnapshot : ModelSnapshot {}",
        ),
        ("migrations/Migrations.kt", "val MIGRATION_1_2 = object : Migration(1, 2) {}\n"),
        # Rails, Sequel, Ecto, SeaORM
        ("db/migrate/users.rb", "class CreateUsers < ActiveRecord::Migration[7.1]\nend\n"),
        ("db/migrations/users.rb", "Sequel.migration do\n  up do\n  end\nend\n"),
        ("priv/repo/migrations/users.exs", "defmodule M do\n  use Ecto.Migration\nend\n"),
        ("migration/src/create.rs", "#[async_trait]\nimpl MigrationTrait for Migration {}\n"),
    ],
)
def test_code_registering_with_a_migration_tool_is_history(path: str, head: str) -> None:
    assert is_migration(path, head)


@pytest.mark.parametrize(
    ("path", "head"),
    [
        # hasura-auth's runner: golang-migrate's API runs the SQL files; it is no migration.
        (
            "go/migrations/postgres.go",
            'import "github.com/golang-migrate/migrate/v4"\n'
            "func Apply(m *migrate.Migrate) error {\n"
            '\tmigration, err := migrate.NewWithInstance("iofs", source, "postgres", driver)\n'
            "}\n",
        ),
        ("go/migrations/hasura.go", 'Table: Table{Schema: "auth", Name: "users"}\n'),
        ("migrations/runner.ts", "const migrator = new Migrator(db);\nawait migrator.up();\n"),
        ("migrations/env.py", "from alembic import context\nrun_migrations_online()\n"),
    ],
)
def test_a_runner_beside_the_migrations_is_live_code(path: str, head: str) -> None:
    assert not is_migration(path, head)


def test_an_alembic_revision_is_history_wherever_it_lies() -> None:
    head = '"""add users"""\nrevision: str = "1975ea83b712"\ndown_revision: str | None = None\n'
    assert is_migration("alembic/versions/add_users.py", head)
    assert not is_migration("alembic/versions/add_users.py", "import os\n")
    assert is_migration("alembic/versions/1975ea83b712_add_users.py")
    assert not is_migration("app/revision.py", 'revision = "1"\n')
    assert not is_migration("api/versions/v2_handlers.py")


# --------------------------------------------------------- impact, cleanup

CREATE = "CREATE TABLE provider_requests (id uuid PRIMARY KEY, options jsonb);\n"
HASURA = """\
package migrations

func count(db *sql.DB) error {
\treturn db.QueryRow("SELECT count(*) FROM provider_requests").Scan(&n)
}
"""
RUNNER = """\
package migrations

//go:embed postgres/*.sql
var postgresMigrations embed.FS

func Apply(m *migrate.Migrate) error { return m.Up() }
"""
GOOSE = """\
package migrations

func init() { goose.AddMigration(up, down) }

func up(tx *sql.Tx) error {
\t_, err := tx.Exec("UPDATE provider_requests SET options = '{}'")
\treturn err
}
"""
WHITELIST = """\
phases:
  - {id: "1", title: "Auth", status: open}
entries:
  - {kind: table, name: provider_requests, phase: "1", target: auth_provider_requests}
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """hasura-auth's layout: SQL migrations, their runner, the metadata code,
    and an applied goose migration in Go naming the table."""
    return committed_repo(
        tmp_path / "repo",
        {
            "dbnamelint.yaml": "paths: [go/migrations/postgres]\ndialect: postgres\n",
            "whitelist.yaml": WHITELIST,
            "go/migrations/postgres/00001_init.up.sql": CREATE,
            "go/migrations/postgres.go": RUNNER,
            "go/migrations/hasura.go": HASURA,
            "go/legacy/migrations/00002_backfill.go": GOOSE,
        },
        monkeypatch,
    )


def test_impact_counts_and_patches_live_code_under_migrations(repo: Path) -> None:
    impact = collect_impact(load_settings(repo, None, (), (), ()), repo)
    assert sorted({r.path for r in impact.references}) == ["go/migrations/hasura.go"]
    assert impact.references_per_phase() == {"1": 1}
    assert [path for path, _ in impact.history_files()] == [
        "go/legacy/migrations/00002_backfill.go"
    ]
    result = CliRunner().invoke(cli, ["impact", "--diff"])
    assert result.exit_code == 0, result.stderr
    (repo / "fix.patch").write_text(result.stdout, encoding="utf-8")
    git(repo, "apply", "fix.patch")
    assert (repo / "go/migrations/hasura.go").read_text(encoding="utf-8") == HASURA.replace(
        "FROM provider_requests", "FROM auth_provider_requests"
    )
    assert (repo / "go/legacy/migrations/00002_backfill.go").read_text(encoding="utf-8") == GOOSE


def test_the_config_marks_files_history_or_code(repo: Path) -> None:
    """``impact_history`` makes a file (or folder) history, ``impact_code``
    makes one code; a file both list is code."""
    config = repo / "dbnamelint.yaml"
    base = config.read_text(encoding="utf-8")
    config.write_text(
        base + "impact_history: [go/migrations/hasura.go]\n"
        "impact_code: ['go/legacy/**/*_backfill.go']\n",
        encoding="utf-8",
    )
    impact = collect_impact(load_settings(repo, None, (), (), ()), repo)
    assert sorted({r.path for r in impact.references}) == ["go/legacy/migrations/00002_backfill.go"]
    assert [path for path, _ in impact.history_files()] == ["go/migrations/hasura.go"]
    # A folder covers what is below it; code wins over history.
    config.write_text(
        base + "impact_history: [go]\nimpact_code: [go/migrations/hasura.go]\n", encoding="utf-8"
    )
    impact = collect_impact(load_settings(repo, None, (), (), ()), repo)
    assert sorted({r.path for r in impact.references}) == ["go/migrations/hasura.go"]
    assert [path for path, _ in impact.history_files()] == [
        "go/legacy/migrations/00002_backfill.go"
    ]
    # The patch follows: the file marked code is patched, the history is not.
    config.write_text(base + "impact_code: [go/legacy]\n", encoding="utf-8")
    commit_all(repo, "config")
    result = CliRunner().invoke(cli, ["impact", "--diff"])
    assert result.exit_code == 0, result.stderr
    patched = {line[6:] for line in result.stdout.splitlines() if line.startswith("+++ b/")}
    assert patched == {"go/migrations/hasura.go", "go/legacy/migrations/00002_backfill.go"}
    (repo / "fix.patch").write_text(result.stdout, encoding="utf-8")
    git(repo, "apply", "fix.patch")
    assert "UPDATE auth_provider_requests SET" in (
        repo / "go/legacy/migrations/00002_backfill.go"
    ).read_text(encoding="utf-8")


def test_an_entry_that_names_nothing_is_noted(repo: Path) -> None:
    """A typo leaves the file to the usual rules, and says so."""
    config = repo / "dbnamelint.yaml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + "impact_code: [go/migrations/hasra.go, go/migrations/hasura.go]\n"
        + "impact_history: ['legacy/**/*.go']\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["impact"])
    assert result.exit_code == 0, result.stderr
    assert (
        "note: impact_history[0]: no file or folder matches this glob: 'legacy/**/*.go' "
        "(relative to the config's folder) marks no file"
    ) in result.stdout
    assert (
        "note: impact_code[0]: no such file or directory: 'go/migrations/hasra.go' "
        "(relative to the config's folder) marks no file"
    ) in result.stdout
    assert "impact_code[1]" not in result.stdout


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("impact_code: ['  ']\n", "impact_code[0]: empty path glob"),
        ("impact_history: go/migrations\n", "impact_history"),
        ("impact_histroy: [go]\n", "impact_histroy: unknown key (did you mean impact_history"),
    ],
)
def test_a_bad_setting_is_a_located_config_error(repo: Path, setting: str, message: str) -> None:
    config = repo / "dbnamelint.yaml"
    config.write_text(config.read_text(encoding="utf-8") + setting, encoding="utf-8")
    result = CliRunner().invoke(cli, ["impact"])
    assert result.exit_code == 2
    assert message in result.stderr
    assert "dbnamelint.yaml:3" in result.stderr
    assert "Traceback" not in result.output


def _migrate(*args: str) -> Result:
    return CliRunner().invoke(cli, ["migrate", *args])


def _views(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*drop_compatibility_views*")}


def test_cleanup_refuses_to_drop_a_name_live_code_under_migrations_uses(repo: Path) -> None:
    result = _migrate("--rename", "provider_requests=auth_provider_requests", "--write")
    assert result.exit_code == 0, result.stderr
    commit_all(repo, "renamed")
    result = _migrate("--cleanup", "--write")
    assert result.exit_code == 2
    assert (
        "code still uses provider_requests (1 high-confidence reference: "
        "go/migrations/hasura.go:4 (provider_requests)"
    ) in result.stderr
    assert "nothing written" in result.stderr
    assert _views(repo) == set()
    # The same classification: marked history, the file no longer holds the view.
    config = repo / "dbnamelint.yaml"
    config.write_text(
        config.read_text(encoding="utf-8") + "impact_history: [go/migrations/hasura.go]\n",
        encoding="utf-8",
    )
    result = _migrate("--cleanup", "--write")
    assert result.exit_code == 0, result.stderr
    assert "code still uses" not in result.stderr
    assert _views(repo) == {
        "go/migrations/postgres/00003_drop_compatibility_views.up.sql",
        "go/migrations/postgres/00003_drop_compatibility_views.down.sql",
    }
