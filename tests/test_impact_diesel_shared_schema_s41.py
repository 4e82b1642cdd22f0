"""A Diesel ``schema.rs`` shared by the separate databases of one migrations folder.

Trial s41 (vaultwarden): ``diesel.toml`` names ``[print_schema] file =
"src/db/schema.rs"`` and no ``[migrations_directory]``, so the file belongs to
``migrations/``; that folder holds ``mysql/``, ``postgresql/`` and ``sqlite/``,
one database each (``embed_migrations!("migrations/<backend>")`` per cargo
feature), and the one ``schema.rs`` serves the three backends alike. It was
given to the first database entries list there: ``impact --database
vaultwarden-mysql --diff`` mapped in it renames only the mysql database made
(``groups``, ``ciphers.key``), naming tables the other two databases do not
have, and ``impact --database vaultwarden-postgresql`` set its ``table!``
hits apart as "another database's code". The right value comes from the
real SQLite database the ``sqlite`` folder builds: a name it still holds must
not be mapped away in the shared file.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dbnamelint.cli import cli
from git_helpers import commit_all, committed_repo

INIT = (
    "CREATE TABLE event (uuid TEXT NOT NULL PRIMARY KEY);\n"
    "CREATE TABLE twofactor (uuid TEXT NOT NULL PRIMARY KEY);\n"
)
FILES = {
    "Cargo.toml": (
        '[package]\nname = "vault"\nversion = "0.1.0"\n\n[dependencies]\n'
        'diesel = { version = "2" }\ndiesel_migrations = "2"\n\n[features]\n'
        'postgresql = ["diesel/postgres"]\nsqlite = ["diesel/sqlite"]\n'
    ),
    "diesel.toml": '[print_schema]\nfile = "src/db/schema.rs"\n',
    "migrations/postgresql/2024-01-01-000000_init/up.sql": INIT,
    "migrations/postgresql/2024-01-01-000000_init/down.sql": "DROP TABLE twofactor;\n",
    "migrations/sqlite/2024-01-01-000000_init/up.sql": INIT,
    "migrations/sqlite/2024-01-01-000000_init/down.sql": "DROP TABLE twofactor;\n",
    "src/db/schema.rs": (
        "table! {\n    event (uuid) {\n        uuid -> Text,\n    }\n}\n\n"
        "table! {\n    twofactor (uuid) {\n        uuid -> Text,\n    }\n}\n"
    ),
    "dbnamelint.yaml": (
        "paths: [migrations/postgresql, migrations/sqlite]\n"
        "databases:\n  app-postgresql: [migrations/postgresql]\n  app-sqlite: [migrations/sqlite]\n"
    ),
}
#: The renames each database's migrations make once both were written: the
#: postgresql database renames both tables, the sqlite one twofactor only.
RENAMES = {
    "migrations/postgresql/2024-02-01-000000_rename_phase_1/up.sql": (
        'ALTER TABLE "event" RENAME TO "events";\nALTER TABLE "twofactor" RENAME TO "twofactors";\n'
    ),
    "migrations/sqlite/2024-02-01-000000_rename_phase_1/up.sql": (
        'ALTER TABLE "twofactor" RENAME TO "twofactors";\n'
    ),
}


def _run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def _sqlite_tables(root: Path) -> set[str]:
    """The tables a real SQLite database holds after the sqlite folder's
    up.sql files, in Diesel's (version) order."""
    db = sqlite3.connect(":memory:")
    for up in sorted((root / "migrations/sqlite").glob("*/up.sql")):
        db.executescript(up.read_text())
    return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    committed_repo(tmp_path, FILES, monkeypatch)
    assert _run("whitelist", "init").exit_code == 0
    commit_all(tmp_path, "adopt")
    for path, text in RENAMES.items():
        (tmp_path / path).parent.mkdir(parents=True)
        (tmp_path / path).write_text(text)
    commit_all(tmp_path, "rename phase 1")
    return tmp_path


def test_shared_schema_maps_only_what_every_database_renamed(repo: Path) -> None:
    """``--database app-postgresql --diff`` maps twofactor, which both
    databases renamed, and leaves event, which the sqlite database keeps."""
    held = _sqlite_tables(repo)
    assert {"event", "twofactors"} <= held and "events" not in held  # the oracle

    diff = _run("impact", "--database", "app-postgresql", "--diff")
    assert diff.exit_code == 0, diff.output
    assert "+++ b/src/db/schema.rs" in diff.stdout
    added = [line for line in diff.stdout.splitlines() if line.startswith("+ ")]
    assert added == ['+    #[sql_name = "twofactors"]'], diff.stdout
    # The one left is said to be left, and why: the sqlite database keeps it;
    # the crate runs both databases' migrations, so no `databases:` entry can
    # tell its code apart: the way on is the other database's own rename.
    assert "src/db/schema.rs:2 (event)" in diff.stderr
    assert (
        "Its package runs app-sqlite's migrations too: rename it there as well, in each "
        "one's own migration, and `--diff` patches these places once none keeps the old name"
    ) in diff.stderr
    assert "List each app's folder under its database" not in diff.stderr


def test_shared_schema_is_each_databases_code(repo: Path) -> None:
    """For the sqlite database the file's ``table!`` hits are listed and
    counted, not set apart as the postgresql database's code."""
    out = _run("impact", "--database", "app-sqlite")
    assert out.exit_code == 0, out.output
    assert "another database's code" not in out.output.lower()
    assert "src/db/schema.rs:2:5: high [Diesel table!] event (uuid) {" in out.output
    # Listed with the databases its crate migrates; no entry could set it apart.
    assert "  src/db/schema.rs (2, database app-postgresql or app-sqlite)" in out.output
    assert (
        "its package runs the migrations of the databases listed beside it, and it may run "
        "on any of them: impact --diff leaves it while one of them has the old name, until "
        "each renames it"
    ) in out.output
    assert "list its folder under its database" not in out.output


def test_cleanup_refusal_says_what_diff_leaves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``migrate --cleanup`` refused with "`impact --diff` patches them" for
    places ``--diff`` leaves (the sqlite database keeps ``event``): it now
    counts what ``--diff`` patches and names what it leaves, and why."""
    committed_repo(tmp_path, FILES, monkeypatch)
    assert _run("whitelist", "init").exit_code == 0
    commit_all(tmp_path, "adopt")
    forward = _run("migrate", "--phase", "1", "--database", "app-postgresql", "--write")
    assert forward.exit_code == 0, forward.output
    sqlite_rename = "migrations/sqlite/2024-02-01-000000_rename_phase_1/up.sql"
    (tmp_path / sqlite_rename).parent.mkdir(parents=True)
    (tmp_path / sqlite_rename).write_text(RENAMES[sqlite_rename])
    commit_all(tmp_path, "rename phase 1")
    held = _sqlite_tables(tmp_path)
    assert "event" in held and "twofactor" not in held  # the oracle

    cleanup = _run("migrate", "--cleanup", "--database", "app-postgresql", "--write")
    assert cleanup.exit_code == 2, cleanup.output
    assert (
        "`impact --database app-postgresql --diff --renamed-only` patches them"
        not in cleanup.output
    )
    assert (
        "`impact --database app-postgresql --diff --renamed-only` patches 1 of them, "
        "not the 1 in code "
        "app-sqlite runs too, which keeps event" in cleanup.output
    ), cleanup.output
    # What --diff does: maps twofactor, leaves event.
    diff = _run("impact", "--database", "app-postgresql", "--diff")
    added = [line for line in diff.stdout.splitlines() if line.startswith("+ ")]
    assert added == ['+    #[sql_name = "twofactors"]'], diff.stdout
