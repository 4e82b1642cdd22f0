"""Which files each migration tool takes for a rollback, by that tool's own rule.

A forward replay never applies a rollback, so a forward migration taken for
one is never read: its names escape the gate. The rules, from each tool's
source:

- golang-migrate (``source/parse.go``)::

      Regex = regexp.MustCompile(
          `^([0-9]+)_(.*)\\.(` + string(Down) + `|` + string(Up) + `)\\.(.*)$`,
      )

  the direction is the ``.up.``/``.down.`` part (the greedy title makes it
  the last one); the title may say anything (``78_slow_down.up.sql`` is up).
  pop/kratos (``x.postgres.down.sql``) and Authelia name theirs alike.
- sqlx (``sqlx-core/src/migrate/migration_type.rs``,
  ``MigrationType::from_filename``): ``ends_with(".up.sql")`` up,
  ``ends_with(".down.sql")`` down, any other name a simple (forward) one.
- Diesel (``diesel_migrations/src/file_based_migrations.rs``): a migration
  folder's ``up.sql`` runs, its ``down.sql`` reverts.
- Flyway: the prefix decides (``V`` versioned, ``B`` baseline, ``R``
  repeatable; ``U`` undo), never the description.
- goose, dbmate, sql-migrate: one file holds both directions
  (``-- +goose Up``/``Down``, ``-- migrate:up``/``down``, ``-- +migrate
  Up``/``Down``): no file of theirs is a rollback, whatever its name.
- Hand-rolled runners and db-migrate: ``x_down.sql``, ``x-down.sql``,
  ``x.rollback.sql`` (only where no tool above names the file).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from dbnamelint.frontends.sql.sources import is_down_migration, is_rollback_file, rollback_suffix
from git_helpers import git, init_repo, isolated_git_env, write_files

#: golang-migrate's ``source.Regex``, verbatim (Go's RE2 and Python agree on it).
GOLANG_MIGRATE = re.compile(r"^([0-9]+)_(.*)\.(down|up)\.(.*)$")

GOLANG_MIGRATE_NAMES = [
    "1_init.up.sql",
    "1_init.down.sql",
    "78_slow_down.up.sql",
    "78_down.up.sql",
    "78_rollback.up.sql",
    "78_undo.up.sql",
    "78_revert_flag.up.sql",
    "78_x-down.up.sql",
    "78_slow_down.down.sql",
    "78_up.down.sql",
    "30_ignore_autotag.up..sql",
    "1_x.up.down.sql",
    "1_x.down.up.sql",
    "1_a.down.postgres.sql",
    "1_a.postgres.down.sql",
    "1_a.postgres.up.sql",
]


@pytest.mark.parametrize("name", GOLANG_MIGRATE_NAMES)
def test_golang_migrate_direction(name: str) -> None:
    parsed = GOLANG_MIGRATE.match(name)
    assert parsed is not None
    assert is_down_migration(name) is (parsed.group(3) == "down")


def _sqlx_direction(name: str) -> str:
    """sqlx's ``MigrationType::from_filename``, line for line."""
    if name.endswith(".up.sql"):
        return "up"
    if name.endswith(".down.sql"):
        return "down"
    return "simple"


SQLX_NAMES = [
    "20240101000000_init.sql",
    "20240101000000_init.up.sql",
    "20240101000000_init.down.sql",
    "20240101000000_slow_down.up.sql",
    "20240101000000_slow_down.sql",
    "20240101000000_rollback_flag.sql",
    "20240101000000_x.up.down.sql",
]


@pytest.mark.parametrize("name", SQLX_NAMES)
def test_sqlx_direction(name: str, tmp_path: Path) -> None:
    """In a crate that depends on sqlx, sqlx's rule decides (a file in it)."""
    crate = '[package]\nname = "app"\n\n[dependencies]\nsqlx = "0.8"\n'
    (tmp_path / "Cargo.toml").write_text(crate)
    path = tmp_path / "migrations" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text("CREATE TABLE t (id int);\n")
    assert is_rollback_file(path) is (_sqlx_direction(name) == "down")


#: name -> rollback? for the rules read by name alone (module docstring).
BY_NAME = {
    # Diesel: the folder's files
    "up.sql": False,
    "down.sql": True,
    # Flyway: the prefix
    "V7__slow_down.sql": False,
    "V7__rollback_orders.sql": False,
    "V1.2__undo.sql": False,
    "B5__down.sql": False,
    "R__down_views.sql": False,
    "U7__slow_down.sql": True,
    "U1.2__x.sql": True,
    # hand-rolled runners and db-migrate, where no tool names the file
    "0001_orders_down.sql": True,
    "20150101-orders-down.sql": True,
    "0001_orders.rollback.sql": True,
    "0001_orders_rollback.sql": True,
    "001.undo.sql": True,
    "0001_orders.sql": False,
    "0001_downtime_log.sql": False,
    "0001_revert_flag.sql": False,
}


@pytest.mark.parametrize(("name", "rollback"), BY_NAME.items())
def test_rollback_by_name(name: str, rollback: bool) -> None:
    assert is_down_migration(name) is rollback


MARKED = {
    "goose": "-- +goose Up\nCREATE TABLE t (id int);\n-- +goose Down\nDROP TABLE t;\n",
    "dbmate": "-- migrate:up\nCREATE TABLE t (id int);\n\n-- migrate:down\nDROP TABLE t;\n",
    "sql-migrate": "-- +migrate Up\nCREATE TABLE t (id int);\n-- +migrate Down\nDROP TABLE t;\n",
}


@pytest.mark.parametrize("tool", list(MARKED))
@pytest.mark.parametrize("name", ["00078_slow_down.sql", "00078_x_rollback.sql"])
def test_one_file_tools_have_no_rollback_files(tool: str, name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_text(MARKED[tool])
    assert is_rollback_file(path) is False
    path.write_text("DROP TABLE t;\n")  # no tool's markers: a hand-rolled runner's rollback
    assert is_rollback_file(path) is True


@pytest.mark.parametrize(
    ("name", "suffix"),
    [
        ("001_a.down.sql", ".down.sql"),
        ("001_a.postgres.down.sql", ".down.sql"),
        ("001_a_down.down.sql", ".down.sql"),
        ("001_a_rollback.sql", "_rollback.sql"),
        ("78_slow_down.up.sql", None),
        ("V7__slow_down.sql", None),
        ("down.sql", None),
    ],
)
def test_rollback_suffix(name: str, suffix: str | None) -> None:
    assert rollback_suffix(name) == suffix


@pytest.mark.parametrize(
    ("files", "read"),
    [
        pytest.param(
            {
                "go.mod": "module example.com/app\n\ngo 1.22\n\n"
                "require github.com/golang-migrate/migrate/v4 v4.17.0\n",
                "db/1_init.up.sql": "CREATE TABLE accounts (id integer);\n",
                "db/78_slow_down.up.sql": "CREATE TABLE `BadName` (id integer);\n",
            },
            2,
            id="golang-migrate",
        ),
        pytest.param(
            {
                "db/00001_init.sql": MARKED["goose"],
                "db/00078_slow_down.sql": MARKED["goose"].replace("t (", "`BadName` ("),
            },
            2,
            id="goose",
        ),
        pytest.param(
            {
                "db/V1__init.sql": "CREATE TABLE accounts (id integer);\n",
                "db/V78__slow_down.sql": "CREATE TABLE `BadName` (id integer);\n",
            },
            2,
            id="flyway",
        ),
    ],
)
def test_a_forward_migration_named_down_is_read(
    files: dict[str, str], read: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    (tmp_path / "dbnamelint.yaml").write_text("paths: [db]\ndialect: sqlite\n")
    monkeypatch.chdir(tmp_path)
    done = CliRunner().invoke(cli, ["check", "--verbose", "--select", "DBN101"])
    assert f"files read: {read}" in done.output, done.output
    assert "DBN101" in done.output and "BadName" in done.output
    assert done.exit_code == 1


@pytest.mark.parametrize(
    ("name", "rollback"),
    [("00078_slow_down.go", False), ("00078_orders.go", False), ("00078_orders.down.go", True)],
)
def test_goose_go_migrations_hold_both_directions(
    name: str, rollback: bool, tmp_path: Path
) -> None:
    """goose's Go migration registers both (``goose.AddMigrationContext(up, down)``)."""
    path = tmp_path / name
    path.write_text("package migrations\n")
    assert is_rollback_file(path) is rollback


def test_a_late_goose_migration_named_down_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """goose refuses a migration numbered below the database's ("found 1 missing
    migrations before current version"): ``002_slow_down.sql`` is one of its
    migrations like any other (real git)."""
    for key, value in isolated_git_env().items():
        monkeypatch.setenv(key, value)
    write_files(
        tmp_path,
        {
            "dbnamelint.yaml": "paths: [db]\ndialect: postgres\n",
            "db/001_accounts.sql": MARKED["goose"].replace(" t ", " accounts "),
            "db/003_email.sql": MARKED["goose"].replace("t (", "emails ("),
        },
    )
    init_repo(tmp_path, "init")
    write_files(tmp_path, {"db/002_slow_down.sql": MARKED["goose"].replace("t (", "notes (")})
    git(tmp_path, "add", "-A")
    monkeypatch.chdir(tmp_path)
    for args in (["--base", "HEAD"], ["--pre-commit", "db/002_slow_down.sql"]):
        done = CliRunner().invoke(cli, ["check", *args])
        assert done.exit_code == 1, done.output
        assert "db/002_slow_down.sql:1:1: DBN016 error:" in done.output
