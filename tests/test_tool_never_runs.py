"""A SQL file its folder's tool never runs is not replayed (Flyway, Diesel).

The Prisma case of trial s26 (tests/test_prisma_runs_only_migration_sql.py)
has the same shape in other tools' folders: a ``zfix.sql`` renaming a new
bad column to a good name, left beside the migrations, made the model hold
the good name while the tool ran only the migration and the database got the
bad one; the hook and ``check --base`` passed.

- Flyway runs ``V<version>__x.sql``, ``U``/``B`` migrations, ``R__x.sql`` and
  callbacks (``afterMigrate.sql``); ``ResourceNameParser`` ignores any other
  name (``validateMigrationNaming`` is false by default).
- ``diesel migration run`` runs ``<version>_<name>/up.sql`` of each folder
  of the migrations folder, nothing else.
- dbmate's ``FindMigrations`` takes ``^(\\d+).*\\.sql$`` only.
- The Supabase CLI runs ``supabase/migrations/<timestamp>_<name>.sql`` and
  skips another name ("file name must match pattern <timestamp>_name.sql");
  sqlx's ``migrate!`` reads its folder alone (no subfolder) and passes over
  a name without ``_`` or not ending in ``.sql``, case and all (``sqlx-core``,
  ``migrate/source.rs``); trial s26 zero2prod.

Each such file gets a ``DBN007`` note and its statements are not replayed,
so the bad name is judged. Oracle: real git (the gate), and the tools'
documented naming.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import adopted_repo, git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

ADD = 'ALTER TABLE users ADD COLUMN "isDraft" BOOLEAN;\n'
FIX = 'ALTER TABLE users RENAME COLUMN "isDraft" TO is_draft;\n'

#: layout -> (config, committed files, the new migration, where the fix hides)
LAYOUTS = {
    "flyway": (
        "paths: [db/migration]\ndialect: postgres\n",
        {
            "db/migration/V1__init.sql": "CREATE TABLE users (id INTEGER PRIMARY KEY);\n",
            "db/migration/afterMigrate.sql": "SELECT 1;\n",
        },
        "db/migration/V2__draft.sql",
        ["db/migration/zfix.sql", "db/migration/V3_fix.sql"],
    ),
    "diesel": (
        "paths: [migrations]\ndialect: postgres\n",
        {
            "diesel.toml": "[print_schema]\n",
            "migrations/2020-01-01-000000_init/up.sql": (
                "CREATE TABLE users (id INTEGER PRIMARY KEY);\n"
            ),
            "migrations/2020-01-01-000000_init/down.sql": "DROP TABLE users;\n",
        },
        "migrations/2020-02-01-000000_draft/up.sql",
        [
            "migrations/2020-02-01-000000_draft/zfix.sql",
            "migrations/zfix.sql",
        ],
    ),
    "supabase": (
        "paths: [supabase/migrations]\ndialect: postgres\n",
        {
            "supabase/migrations/20240101000000_init.sql": (
                "CREATE TABLE users (id INTEGER PRIMARY KEY);\n"
            ),
        },
        "supabase/migrations/20240201000000_draft.sql",
        ["supabase/migrations/zfix.sql", "supabase/migrations/fix_20240301.sql"],
    ),
    "dbmate": (
        "paths: [db/migrations]\ndialect: postgres\n",
        {
            "db/migrations/20240101000000_init.sql": (
                "-- migrate:up\nCREATE TABLE users (id INTEGER PRIMARY KEY);\n"
                "-- migrate:down\nDROP TABLE users;\n"
            ),
        },
        "db/migrations/20240201000000_draft.sql",
        ["db/migrations/zfix.sql"],
    ),
    "sqlx": (
        "paths: [migrations]\ndialect: postgres\n",
        {
            "Cargo.toml": '[package]\nname = "app"\n\n[dependencies]\nsqlx = "0.8"\n',
            "migrations/20240101000000_init.sql": "CREATE TABLE users (id INTEGER PRIMARY KEY);\n",
        },
        "migrations/20240201000000_draft.sql",
        [
            "migrations/zfix.sql",
            "migrations/20240301000000_fix.SQL",
            "migrations/archive/20240301000000_fix.sql",
        ],
    ),
}
CASES = [(layout, fix) for layout, (_c, _f, _n, fixes) in LAYOUTS.items() for fix in fixes]


@pytest.fixture
def project(git_project: Path) -> Path:
    return git_project


def _report(*args: str) -> tuple[int, dict[str, list[dict[str, object]]]]:
    result = CliRunner().invoke(cli, ["check", "--no-cache", *args, "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, json.loads(result.stdout)


@pytest.mark.parametrize(("layout", "fix"), CASES)
def test_a_fix_the_tool_never_runs_does_not_hide_the_bad_name(
    project: Path, layout: str, fix: str
) -> None:
    config, files, new, _fixes = LAYOUTS[layout]
    adopted_repo(project, files, config)
    for path, text in ((new, ADD), (fix, FIX)):
        (project / path).parent.mkdir(parents=True, exist_ok=True)
        (project / path).write_text(text)
    git(project, "add", "-A")
    code, report = _report("--base", "HEAD")
    failing = [(f["code"], f["name"]) for f in report["findings"] if f["fails_run"]]
    assert failing == [("DBN201", "isDraft")], report
    assert code == 1
    _code, report = _report("--verbose")
    notes = [(d["code"], d["path"]) for d in report["diagnostics"]]
    assert notes == [("DBN007", fix)], notes
    assert "never runs it" in str(report["diagnostics"][0]["message"])


def test_flyway_callbacks_and_repeatables_are_read(project: Path) -> None:
    config, files, _new, _fixes = LAYOUTS["flyway"]
    adopted_repo(project, files, config)
    (project / "db/migration/V2__more.sql").write_text("ALTER TABLE users ADD COLUMN a INT;\n")
    (project / "db/migration/R__view.sql").write_text(
        'CREATE OR REPLACE VIEW "UserView" AS SELECT id FROM users;\n'
    )
    (project / "db/migration/afterMigrate__stats.sql").write_text(
        'CREATE TABLE IF NOT EXISTS "RunStats" (id INTEGER);\n'
    )
    _code, report = _report("--verbose")
    names = {f["name"] for f in report["findings"] if f["fails_run"]}
    assert {"UserView", "RunStats"} <= names, names
    assert [d for d in report["diagnostics"] if d["code"] == "DBN007"] == []


def test_numbered_files_beside_one_flyway_name_stay_read(project: Path) -> None:
    """A folder is Flyway's only when its Flyway migrations outnumber the rest."""
    adopted_repo(
        project,
        {
            "db/001_init.sql": "CREATE TABLE users (id INTEGER PRIMARY KEY);\n",
            "db/002_more.sql": "ALTER TABLE users ADD COLUMN a INT;\n",
            "db/V3__x.sql": "ALTER TABLE users ADD COLUMN b INT;\n",
        },
        "paths: [db]\ndialect: postgres\n",
    )
    (project / "db/003_draft.sql").write_text(ADD)
    _code, report = _report("--verbose")
    assert [(f["code"], f["name"]) for f in report["findings"] if f["fails_run"]] == [
        ("DBN201", "isDraft")
    ]
    assert [d for d in report["diagnostics"] if d["code"] == "DBN007"] == []


@pytest.mark.parametrize("version", ["+20261205000000", "-5"])
def test_a_signed_sqlx_version_is_run_and_read(project: Path, version: str) -> None:
    """sqlx reads the version with Rust's ``i64`` parse, which takes a sign:
    ``+20261205000000_x.sql`` runs (trial s26 zero2prod, rustc)."""
    config, files, _new, _fixes = LAYOUTS["sqlx"]
    adopted_repo(project, files, config)
    (project / f"migrations/{version}_add_last_login.sql").write_text(ADD)
    git(project, "add", "-A")
    code, report = _report("--base", "HEAD")
    assert [(f["code"], f["name"]) for f in report["findings"] if f["fails_run"]] == [
        ("DBN201", "isDraft")
    ], report
    assert code == 1


@pytest.mark.parametrize(
    "name", ["fix_users.sql", "FIX_API_KEYS_V2.sql", "99999999999999999999_big.sql", "1a_x.up.sql"]
)
def test_a_sqlx_version_that_is_no_integer_refuses_the_folder(project: Path, name: str) -> None:
    """sqlx takes every ``<version>_<description>.sql`` name and stops at a
    version Rust's ``i64`` parse refuses ("error parsing migration filename
    ...; expected integer version prefix", ``sqlx-core`` ``migrate/source.rs``):
    nothing of the folder runs. An error on the file (trial s26 zero2prod)."""
    config, files, _new, _fixes = LAYOUTS["sqlx"]
    adopted_repo(project, files, config)
    (project / f"migrations/{name}").write_text("CREATE TABLE notes (id INTEGER);\n")
    code, report = _report()
    refused = [
        (d["code"], d["severity"], d["path"])
        for d in report["diagnostics"]
        if "sqlx refuses" in str(d["message"])
    ]
    assert refused == [("DBN016", "error", f"migrations/{name}")], report["diagnostics"]
    assert code == 1
