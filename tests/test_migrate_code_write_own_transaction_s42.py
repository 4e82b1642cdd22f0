"""``migrate --write`` refuses a code migration whose scripts carry BEGIN/COMMIT.

Alembic, Django, Knex and Sequelize each run a migration in a transaction of
their own. ``--transaction`` (or the config's ``migrate_transaction: true``)
puts BEGIN/COMMIT in the scripts, and a SQLite table rebuild keeps its own
(its ``PRAGMA foreign_keys=OFF`` must run outside any transaction). Written
into the migration, that COMMIT ends the tool's transaction part-way.
Knex's writer refused it; the Alembic and Django writers wrote
``op.execute("BEGIN")`` and ``RunSQL("BEGIN")`` (found reviewing the writers'
duplicated refusal, s42). Now all four refuse it the same way (exit 2, one
line naming the folder, saying what to run; nothing written).

Oracle: Alembic itself on SQLite refuses the revision the Alembic writer
wrote before ("cannot start a transaction within a transaction").
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

import test_migrate_alembic_write_s40 as alembic_write
import test_migrate_django_write_s41 as django_write
import test_migrate_sequelize_write_s41 as sequelize_write
from alembic_oracle import alembic, needs_alembic
from dbnamelint.cli import cli
from dbnamelint.services.migrate.alembic_revision import revision
from written_migration import dbnamelint as _dbnamelint

REFUSAL = "the scripts carry a transaction of their own"


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name != "__pycache__")


@pytest.mark.parametrize("dialect", ["postgres", "sqlite"])
def test_alembic_transaction_write_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dialect: str
) -> None:
    root = alembic_write._project(tmp_path / "app", monkeypatch, dialect)
    versions = root / "alembic" / "versions"
    status, output = _dbnamelint("migrate", "--phase", "1", "--transaction", "--write")
    assert status == 2, output
    assert f"alembic/versions: {REFUSAL}" in output
    assert "Alembic runs each revision in the transaction env.py opens" in output
    assert "run with --no-transaction" in output
    assert "Traceback" not in output
    assert _listing(versions) == ["0001_init.py"]


def test_the_config_asking_for_transactions_is_refused_and_no_transaction_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``migrate_transaction: true`` asks for BEGIN/COMMIT as ``--transaction``
    does; ``--no-transaction`` (what the refusal says to run) then writes."""
    root = alembic_write._project(tmp_path / "app", monkeypatch, "postgres")
    config = root / "dbnamelint.yaml"
    config.write_text(config.read_text() + "migrate_transaction: true\n")
    versions = root / "alembic" / "versions"
    status, output = _dbnamelint("migrate", "--phase", "1", "--write")
    assert status == 2, output
    assert REFUSAL in output
    assert _listing(versions) == ["0001_init.py"]
    status, output = _dbnamelint("migrate", "--phase", "1", "--no-transaction", "--write")
    assert status == 0, output
    (written,) = [p for p in versions.iterdir() if p.name.endswith("_rename_phase_1.py")]
    text = written.read_text()
    assert "op.execute(" in text
    assert '"""BEGIN"""' not in text and '"""COMMIT"""' not in text


@needs_alembic
def test_a_constraint_of_a_table_alembic_made_is_not_rebuilt_on_sqlite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite renames a constraint only by rebuilding its table from its
    definition; for a table an Alembic revision made, that definition is
    SQLAlchemy's (``id INTEGER NOT NULL``, ``PRIMARY KEY (id)``), which the
    model only approximates, so the rebuild's guard stopped the script on
    every database Alembic built (found writing the test above: ``CHECK
    constraint failed: dbnamelint: table UserPrefs in the database is not
    the one the migration files define``). The constraint is left with a
    note; the table is renamed. Oracle: Alembic builds the database, sqlite3
    runs the printed forward script and the rollback."""
    monkeypatch.setattr(
        alembic_write,
        "INIT",
        alembic_write.INIT.replace(
            'sa.Column("theme", sa.Text),',
            'sa.Column("theme", sa.Text),\n'
            '        sa.UniqueConstraint("theme", name="uq_UserPrefs_theme"),',
        ),
    )
    root = alembic_write._project(tmp_path / "app", monkeypatch, "sqlite")
    forward, rollback = tmp_path / "up.sql", tmp_path / "down.sql"
    status, output = _dbnamelint("migrate", "--phase", "1", "-o", str(forward))
    assert status == 0, output
    assert "is rebuilt" not in output
    assert (
        "sqlite cannot rename constraint 'uq_UserPrefs_theme' on 'UserPrefs' and the table is "
        "not rebuilt for it (alembic/versions/0001_init.py made it"
    ) in output
    printed = CliRunner().invoke(cli, ["migrate", "--phase", "1"]).stdout
    rollback.write_text(printed.split("-- ==== rollback ====")[1].split("-- ==== cleanup")[0])
    database = tmp_path / "app.db"
    alembic_write._alembic(root, f"sqlite:///{database}", "upgrade", "head")

    def names() -> dict[str, str]:
        with sqlite3.connect(database) as conn:
            rows = conn.execute(
                "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view')"
                " AND name <> 'alembic_version'"
            ).fetchall()
        return {r[0]: r[1] for r in rows}

    with sqlite3.connect(database) as conn:
        conn.executescript(forward.read_text())
    assert names() == {"user_prefs": "table", "UserPrefs": "view"}
    with sqlite3.connect(database) as conn:
        sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'user_prefs'").fetchone()[0]
    assert 'CONSTRAINT "uq_UserPrefs_theme" UNIQUE' in sql  # left as the note says
    with sqlite3.connect(database) as conn:
        conn.executescript(rollback.read_text())
    assert names() == {"UserPrefs": "table"}


def test_django_transaction_write_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = django_write._project(tmp_path / "site", monkeypatch, "postgres")
    before = _listing(root / "shop" / "migrations")
    status, output = _dbnamelint("migrate", "--phase", "1", "--transaction", "--write")
    assert status == 2, output
    assert REFUSAL in output
    assert "Django runs each migration in a transaction (atomic)" in output
    assert "Traceback" not in output
    assert _listing(root / "shop" / "migrations") == before


def test_sequelize_transaction_write_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = sequelize_write._project(tmp_path / "app", monkeypatch, "postgres")
    folder = root / "migrations"
    before = _listing(folder)
    status, output = _dbnamelint("migrate", "--phase", "1", "--transaction", "--write")
    assert status == 2, output
    assert f"migrations: {REFUSAL}" in output
    assert _listing(folder) == before


@needs_alembic
def test_alembic_refuses_the_revision_written_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the writer wrote before the refusal, run by Alembic on SQLite."""
    root = alembic_write._project(tmp_path / "app", monkeypatch, "sqlite")
    versions = root / "alembic" / "versions"
    forward = 'BEGIN;\nALTER TABLE "UserPrefs" RENAME TO "user_prefs";\nCOMMIT;\n'
    new = revision(
        versions,
        "rename phase 1",
        forward,
        None,
        dialect="sqlite",
        now=datetime.now(timezone.utc),
    )
    new.path.write_text(new.text)
    command = alembic()
    assert command is not None
    ini = root / "alembic.ini"
    ini.write_text(f"{ini.read_text()}sqlalchemy.url = sqlite:///{tmp_path / 'app.db'}\n")
    done = subprocess.run(
        [command, "-c", str(ini), "upgrade", "head"],
        capture_output=True,
        text=True,
        check=False,
        cwd=root,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert done.returncode != 0
    assert "cannot start a transaction within a transaction" in done.stderr
