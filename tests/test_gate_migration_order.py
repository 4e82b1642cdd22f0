"""What each runner does with a migration new since the base whose version
sorts below one already committed (``DBN016`` in ``check --base`` and the hook).

Each runner's behaviour is read in its own code (cited in
:mod:`dbnamelint.services.late_migrations`): golang-migrate's ``Migrate.Up``
runs only the versions above the database's one (``migrate.go``), and
Authelia's ``loadMigrations`` skips every version at or below it: the file
is never applied there (an error). goose ("found N missing migrations before
current version", ``up.go``) and the Supabase CLI ("Found local migration
files to be inserted before the last migration on remote database.",
``pkg/migration/apply.go``) refuse (an error). dbmate (README: "dbmate will
simply apply the pending migration"), sqlx (``Migrator::run_direct``),
Diesel (``pending_migrations``), Prisma (the schema engine's
``apply_migrations``), sql-migrate (``ToCatchup``) and pop (``Migrator.UpTo``,
every version its table lacks, in version order) apply it after the later
ones there: a warning when it touches a table a later committed
migration touches, an info note otherwise. What was committed comes from
real git.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import commit_all, git, init_repo, write_files

GOOSE = "-- +goose Up\n{sql}\n-- +goose Down\nSELECT 1;\n"
DBMATE = "-- migrate:up\n{sql}\n\n-- migrate:down\nSELECT 1;\n"
SQL_MIGRATE = "-- +migrate Up\n{sql}\n\n-- +migrate Down\nSELECT 1;\n"
PLAIN = "{sql}\n"
SQLX_CRATE = '[package]\nname = "app"\n\n[dependencies]\nsqlx = "0.8"\n'
POP_MODULE = "module example.com/app\n\ngo 1.22\n\nrequire github.com/gobuffalo/pop/v6 v6.1.1\n"

CREATE = "CREATE TABLE accounts (id int PRIMARY KEY);"
EMAIL = "ALTER TABLE accounts ADD COLUMN email text;"
PHONE = "ALTER TABLE accounts ADD COLUMN phone text;"
INVOICES = "CREATE TABLE invoices (id int PRIMARY KEY);"


def _tree(names: tuple[str, str, str], template: str) -> dict[str, str]:
    """The base's first and last migration and the new one between them."""
    first, last, _ = names
    return {
        first: template.format(sql=CREATE),
        last: template.format(sql=EMAIL),
    }


def _check(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", "--verbose", *args])
    return result.exit_code, result.output


def _repo(tmp: Path, files: dict[str, str], top: str) -> None:
    write_files(tmp, {"dbnamelint.yaml": f"paths: [{top}]\ndialect: postgres\n", **files})
    init_repo(tmp, "init")


#: runner -> (base's first, base's last, the new one between), template, extra files.
LAYOUTS = {
    "golang-migrate": (
        ("db/1_accounts.up.sql", "db/3_email.up.sql", "db/2_{name}.up.sql"),
        PLAIN,
        {"db/1_accounts.down.sql": "DROP TABLE accounts;\n"},
    ),
    "Authelia": (
        ("db/V0001.Accounts.up.sql", "db/V0003.Email.up.sql", "db/V0002.{name}.up.sql"),
        PLAIN,
        {},
    ),
    "goose": (("db/001_accounts.sql", "db/003_email.sql", "db/002_{name}.sql"), GOOSE, {}),
    "Supabase": (
        (
            "supabase/migrations/20240101000000_accounts.sql",
            "supabase/migrations/20240301000000_email.sql",
            "supabase/migrations/20240201000000_{name}.sql",
        ),
        PLAIN,
        {},
    ),
    "dbmate": (
        (
            "db/migrations/20240101000000_accounts.sql",
            "db/migrations/20240301000000_email.sql",
            "db/migrations/20240201000000_{name}.sql",
        ),
        DBMATE,
        {},
    ),
    "sqlx": (
        (
            "migrations/20240101000000_accounts.sql",
            "migrations/20240301000000_email.sql",
            "migrations/20240201000000_{name}.sql",
        ),
        PLAIN,
        {"Cargo.toml": SQLX_CRATE},
    ),
    "Diesel": (
        (
            "migrations/2024-01-01-000000_accounts/up.sql",
            "migrations/2024-03-01-000000_email/up.sql",
            "migrations/2024-02-01-000000_{name}/up.sql",
        ),
        PLAIN,
        {"migrations/2024-01-01-000000_accounts/down.sql": "DROP TABLE accounts;\n"},
    ),
    "Prisma": (
        (
            "prisma/migrations/20240101000000_accounts/migration.sql",
            "prisma/migrations/20240301000000_email/migration.sql",
            "prisma/migrations/20240201000000_{name}/migration.sql",
        ),
        PLAIN,
        {"prisma/migrations/migration_lock.toml": 'provider = "postgresql"\n'},
    ),
    "sql-migrate": (
        ("db/1_accounts.sql", "db/3_email.sql", "db/2_{name}.sql"),
        SQL_MIGRATE,
        {},
    ),
    "pop": (
        (
            "migrations/20240101000000_accounts.up.sql",
            "migrations/20240301000000_email.up.sql",
            "migrations/20240201000000_{name}.up.sql",
        ),
        PLAIN,
        {"go.mod": POP_MODULE},
    ),
}

#: What each runner does there (the documents' wording, cited above).
REFUSING = {
    "golang-migrate": "golang-migrate never applies it on a database already migrated past 3: "
    "`migrate up` runs only the versions above the one schema_migrations holds",
    "Authelia": "Authelia never applies it on a database already at schema version 0003 or later",
    "goose": "goose up refuses every database already migrated past 003 ('found N missing "
    "migrations before current version'), and with -allow-missing runs it after 003",
    "Supabase": "supabase db push refuses every database already migrated past 20240301000000 "
    "('Found local migration files to be inserted before the last migration on remote "
    "database.'), and with --include-all",
}
APPLYING = {
    "dbmate": "dbmate migrate applies it after 20240301000000 on a database already migrated "
    "past it, before it on a new one (every version schema_migrations lacks is pending; "
    "--strict refuses it)",
    "sqlx": "sqlx migrate run applies it after 20240301000000 on a database already migrated "
    "past it, before it on a new one (it applies every version _sqlx_migrations lacks)",
    "Diesel": "diesel migration run applies it after 2024-03-01-000000 on a database already "
    "migrated past it, before it on a new one (it runs every version "
    "__diesel_schema_migrations lacks)",
    "Prisma": "prisma migrate deploy applies it after 20240301000000_email on a database "
    "already migrated past it, before it on a new one (it applies every folder "
    "_prisma_migrations lacks, in name order)",
    "sql-migrate": "sql-migrate up applies it after 3 on a database already migrated past it, "
    "before it on a new one (it catches up on the migrations missing below the last one applied)",
    "pop": "pop (soda migrate, Migrator.Up) applies it after 20240301000000 on a database already "
    "migrated past it, before it on a new one (it runs every up migration whose version its "
    "migration table, schema_migration by default, lacks, in version order)",
}


def _layout(tmp: Path, runner: str, sql: str, name: str) -> tuple[str, str]:
    """Commit the runner's base tree, add the new migration; (its path, the last one's)."""
    (first, last, new), template, extra = LAYOUTS[runner]
    _repo(tmp, {**_tree((first, last, new), template), **extra}, first.split("/")[0])
    path = new.format(name=name)
    write_files(tmp, {path: template.format(sql=sql)})
    return path, last


@pytest.mark.parametrize("runner", sorted(REFUSING))
def test_a_runner_that_never_applies_or_refuses_it_fails_the_gate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runner: str
) -> None:
    monkeypatch.chdir(tmp_path)
    new, last = _layout(tmp_path, runner, INVOICES, "Invoices" if runner == "Authelia" else "inv")
    commit_all(tmp_path, "late")
    code, out = _check("--base", "HEAD~1")
    assert code == 1, out
    assert out.count("DBN016") == 1, out
    assert f"{new}:1:1: DBN016 error: migration version " in out, out
    assert (
        "is new since HEAD~1 but sorts before " in out and f"({last}), already committed: " in out
    )
    assert REFUSING[runner] in out, out


@pytest.mark.parametrize("runner", sorted(APPLYING))
def test_a_runner_that_applies_it_later_warns_when_a_later_migration_touches_its_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runner: str
) -> None:
    monkeypatch.chdir(tmp_path)
    new, last = _layout(tmp_path, runner, PHONE, "phone")
    commit_all(tmp_path, "late")
    code, out = _check("--base", "HEAD~1")
    assert code == 0, out  # a warning: it runs, in another order
    assert out.count("DBN016") == 1, out
    assert f"{new}:1:1: DBN016 warning: " in out, out
    assert APPLYING[runner] in out, out
    assert (
        f"it and {last} (committed, later) both touch 'accounts', so those databases may end "
        "otherwise than dbnamelint's replay (a new database's order) shows"
    ) in out


@pytest.mark.parametrize("runner", sorted(APPLYING))
def test_a_runner_that_applies_it_later_notes_it_when_no_later_migration_touches_its_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runner: str
) -> None:
    monkeypatch.chdir(tmp_path)
    new, _ = _layout(tmp_path, runner, INVOICES, "invoices")
    commit_all(tmp_path, "late")
    code, out = _check("--base", "HEAD~1")
    assert code == 0, out
    assert f"{new}:1:1: DBN016 info: " in out, out
    assert APPLYING[runner] in out, out
    assert "no table it touches is one a later committed migration touches" in out


def test_prisma_names_the_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    new, _ = _layout(tmp_path, "Prisma", PHONE, "phone")
    commit_all(tmp_path, "late")
    _, out = _check("--base", "HEAD~1")
    assert (
        f"{new}:1:1: DBN016 warning: migration 20240201000000_phone is new since HEAD~1 but "
        "sorts before 20240301000000_email"
    ) in out
    assert "rename its folder to sort after 20240301000000_email to run it last everywhere" in out


@pytest.mark.parametrize(
    ("go_mod", "severity"),
    [
        ("module example.com/app\n\ngo 1.22\n", "warning"),
        (
            "module example.com/app\n\ngo 1.22\n\n"
            "require github.com/golang-migrate/migrate/v4 v4.17.0\n",
            "error",
        ),
    ],
    ids=["own-runner", "golang-migrate"],
)
def test_golang_migrate_names_in_a_go_module_that_does_not_require_it_warn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, go_mod: str, severity: str
) -> None:
    monkeypatch.chdir(tmp_path)
    write_files(tmp_path, {"go.mod": go_mod})
    new, _ = _layout(tmp_path, "golang-migrate", INVOICES, "invoices")
    commit_all(tmp_path, "late")
    code, out = _check("--base", "HEAD~1")
    assert f"{new}:1:1: DBN016 {severity}: " in out, out
    assert code == (1 if severity == "error" else 0), out
    assert ("its own runner decides" in out) == (severity == "warning"), out


@pytest.mark.parametrize(
    ("files", "new"),
    [
        # a numbered folder no runner's marker names: no known behaviour to state
        ({"db/001_accounts.sql": CREATE, "db/003_email.sql": EMAIL}, "db/002_inv.sql"),
        # a 14-digit folder outside supabase/migrations: no known runner either
        (
            {"db/20240101000000_a.sql": CREATE, "db/20240301000000_e.sql": EMAIL},
            "db/20240201000000_inv.sql",
        ),
    ],
    ids=["numbered", "timestamped"],
)
def test_no_known_runner_no_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str], new: str
) -> None:
    monkeypatch.chdir(tmp_path)
    _repo(tmp_path, files, "db")
    write_files(tmp_path, {new: INVOICES})
    commit_all(tmp_path, "late")
    code, out = _check("--base", "HEAD~1")
    assert code == 0, out
    assert "DBN016" not in out, out


def test_liquibase_formatted_sql_is_run_in_its_changelog_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    head = "-- liquibase formatted sql\n-- changeset dev:{n}\n"
    monkeypatch.chdir(tmp_path)
    _repo(
        tmp_path,
        {
            "db/001_accounts.sql": head.format(n=1) + CREATE,
            "db/003_email.sql": head.format(n=3) + EMAIL,
        },
        "db",
    )
    write_files(tmp_path, {"db/002_inv.sql": head.format(n=2) + INVOICES})
    commit_all(tmp_path, "late")
    _, out = _check("--base", "HEAD~1")
    assert "DBN016" not in out, out


@pytest.mark.parametrize("runner", ["goose", "dbmate", "Diesel"])
def test_a_version_above_every_committed_one_is_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runner: str
) -> None:
    (first, last, _), template, extra = LAYOUTS[runner]
    monkeypatch.chdir(tmp_path)
    _repo(tmp_path, {**_tree((first, last, ""), template), **extra}, first.split("/")[0])
    after = {
        "goose": "db/004_phone.sql",
        "dbmate": "db/migrations/20240401000000_phone.sql",
        "Diesel": "migrations/2024-04-01-000000_phone/up.sql",
    }[runner]
    write_files(tmp_path, {after: template.format(sql=PHONE)})
    commit_all(tmp_path, "next")
    code, out = _check("--base", "HEAD~1")
    assert code == 0, out
    assert "DBN016" not in out, out


def test_the_hook_refuses_a_late_goose_migration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    new, _ = _layout(tmp_path, "goose", INVOICES, "inv")
    git(tmp_path, "add", "-A")
    code, out = _check("--pre-commit", new)
    assert code == 1, out
    assert (
        f"{new}:1:1: DBN016 error: migration version 002 is new since HEAD but sorts before 003"
        in out
    )
    assert "goose up refuses every database already migrated past 003" in out


def test_the_former_name_still_selects_and_ignores_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DBN016 is named for both of its findings; configs that name it
    ``duplicate-migration-version`` keep working."""
    monkeypatch.chdir(tmp_path)
    new, _ = _layout(tmp_path, "goose", INVOICES, "inv")
    commit_all(tmp_path, "late")
    code, out = _check("--base", "HEAD~1")
    assert code == 1 and f"{new}:1:1: DBN016 error: " in out, out
    for name in ("duplicate-migration-version", "duplicate-or-out-of-order-migration"):
        code, out = _check("--base", "HEAD~1", "--ignore", name)
        assert (code, "DBN016" in out) == (0, False), out
        write_files(
            tmp_path, {"dbnamelint.yaml": f"paths: [db]\ndialect: postgres\nignore: [{name}]\n"}
        )
        # the config's ignore takes the name too; added in this change it is a
        # relaxation (confirmation s39: DBN909 whether or not it hides a finding)
        code, out = _check("--base", "HEAD~1")
        assert code == 1 and f"{new}:1:1: DBN016" not in out, out
        assert "stops failing the run on DBN016 (duplicate-or-out-of-order-migration)" in out
        write_files(tmp_path, {"dbnamelint.yaml": "paths: [db]\ndialect: postgres\n"})
    rules = CliRunner().invoke(cli, ["rules", "duplicate-migration-version"])
    assert rules.exit_code == 0, rules.output
    assert rules.output.startswith("DBN016 duplicate-or-out-of-order-migration\n"), rules.output
