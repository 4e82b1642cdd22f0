"""``init`` says which tool configuration named the dialect it chose.

The README says ``init`` "says why" it picks a dialect. On a Prisma tree
(hoppscotch, README-only trial s42) it printed ``Dialect: postgres`` with no
reason, the answer coming from ``migrations/migration_lock.toml``'s
``provider``, which neither the output nor the config named. Right values
from the tools' documents: Prisma writes the provider into
``migration_lock.toml``; Diesel's backend is the feature its crate enables.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo

PRISMA_INIT = 'CREATE TABLE "User" ("id" TEXT NOT NULL PRIMARY KEY);\n'


def _init(root: Path, files: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> str:
    committed_repo(root, files, monkeypatch)
    result = CliRunner().invoke(cli, ["init"])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize(
    ("provider", "dialect"), [("postgresql", "postgres"), ("sqlite", "sqlite")]
)
def test_a_prisma_lock_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, provider: str, dialect: str
) -> None:
    output = _init(
        tmp_path / "app",
        {
            "prisma/migrations/migration_lock.toml": f'provider = "{provider}"\n',
            "prisma/migrations/20240101000000_init/migration.sql": PRISMA_INIT,
        },
        monkeypatch,
    )
    assert f"Dialect: {dialect} (named by Prisma's migration_lock.toml)" in output


def test_a_diesel_backend_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    output = _init(
        tmp_path / "app",
        {
            "Cargo.toml": '[package]\nname = "app"\n\n[dependencies]\n'
            'diesel = { version = "2", features = ["sqlite"] }\n',
            "migrations/2024-01-01-000000_init/up.sql": "CREATE TABLE users (id integer);\n",
            "migrations/2024-01-01-000000_init/down.sql": "DROP TABLE users;\n",
        },
        monkeypatch,
    )
    assert "Dialect: sqlite (named by the backend the crate's diesel dependency enables)" in output
