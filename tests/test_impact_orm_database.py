"""An ORM's schema file is the database of the migrations folder beside it.

Trial s28 (umami): with ``databases: {umami: [prisma/migrations, ...],
clickhouse: [...]}``, ``impact --database umami --diff`` left the
``@@map("website_event")`` and ``@@map("session_replay")`` lines of
``prisma/schema.prisma`` unpatched, as code no entry lists that might run
on ClickHouse, which keeps those names. Prisma runs ``prisma/migrations`` on
the one datasource of the ``schema.prisma`` beside it (prisma.io, "Prisma
schema location"); Diesel writes ``diesel.toml``'s ``[print_schema] file``
from the database its ``[migrations_directory] dir`` builds (diesel.rs,
"Configuring Diesel CLI"). Either file is that database's code.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dbnamelint.cli import cli
from git_helpers import commit_all, committed_repo, git

ANALYTICS = "CREATE TABLE website_event (event_id uuid PRIMARY KEY);\n"
PRISMA = {
    "prisma/migrations/0_init/migration.sql": (
        'CREATE TABLE "website_event" ("event_id" UUID NOT NULL, '
        'CONSTRAINT "website_event_pkey" PRIMARY KEY ("event_id"));\n'
    ),
    "prisma/migrations/migration_lock.toml": 'provider = "postgresql"\n',
    "prisma/schema.prisma": (
        'datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n\n'
        "model WebsiteEvent {\n"
        '  id String @id() @map("event_id") @db.Uuid\n\n'
        '  @@map("website_event")\n'
        "}\n"
    ),
    # Another database of the tree keeps its own `website_event`.
    "analytics/migrations/0001_init.sql": ANALYTICS,
}
PRISMA_CONFIG = (
    "paths: [analytics/migrations, prisma/migrations]\ndialect: postgres\n"
    "databases:\n  app: [prisma/migrations]\n  analytics: [analytics/migrations]\n"
)

DIESEL = {
    "crates/app/diesel.toml": (
        '[print_schema]\nfile = "src/db/schema.rs"\n\n[migrations_directory]\ndir = "migrations"\n'
    ),
    "crates/app/migrations/2024-01-01-000000_init/up.sql": (
        "CREATE TABLE website_event (event_id uuid PRIMARY KEY);\n"
    ),
    "crates/app/migrations/2024-01-01-000000_init/down.sql": "DROP TABLE website_event;\n",
    "crates/app/src/db/schema.rs": (
        "// @generated automatically by Diesel CLI.\n\n"
        "diesel::table! {\n    website_event (event_id) {\n        event_id -> Uuid,\n    }\n}\n"
    ),
    "analytics/migrations/0001_init.sql": ANALYTICS,
}
DIESEL_CONFIG = (
    "paths: [analytics/migrations, crates/app/migrations]\ndialect: postgres\n"
    "databases:\n  app: [crates/app/migrations]\n  analytics: [analytics/migrations]\n"
)


def _run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


@pytest.mark.parametrize(
    ("files", "config", "schema_file", "old", "new"),
    [
        (
            PRISMA,
            PRISMA_CONFIG,
            "prisma/schema.prisma",
            '@@map("website_event")',
            '@@map("website_events")',
        ),
        # Diesel keeps the Rust name and maps the table's (#[sql_name]).
        (DIESEL, DIESEL_CONFIG, "crates/app/src/db/schema.rs", "", 'sql_name = "website_events"'),
    ],
    ids=["prisma", "diesel"],
)
def test_orm_schema_file_is_its_migrations_database(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    files: dict[str, str],
    config: str,
    schema_file: str,
    old: str,
    new: str,
) -> None:
    """``--database app --diff`` patches the ORM's schema file (it was left
    as code no entry lists, analytics keeping `website_event`), and
    ``--database analytics`` sets it apart as app's code."""
    committed_repo(tmp_path, {**files, "dbnamelint.yaml": config}, monkeypatch)
    assert _run("whitelist", "init").exit_code == 0
    commit_all(tmp_path, "adopt")

    diff = _run("impact", "--database", "app", "--diff")
    assert diff.exit_code == 0, diff.output
    assert "code no `databases:` entry lists" not in diff.stderr
    assert f"+++ b/{schema_file}" in diff.stdout
    (tmp_path / "fix.patch").write_text(diff.stdout)
    git(tmp_path, "apply", "fix.patch")
    patched = (tmp_path / schema_file).read_text()
    assert new in patched and (not old or old not in patched), patched

    git(tmp_path, "checkout", "-q", "--", ".")
    other = _run("impact", "--database", "analytics", "--diff")
    assert other.exit_code == 0, other.output
    assert schema_file not in other.stdout
    assert f"another database's code ({schema_file}, database app)" in other.stderr
