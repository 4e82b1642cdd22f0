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

REFUSAL = "the scripts carry a transaction of their own"


def _dbnamelint(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


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


def test_a_sqlite_rebuild_in_an_alembic_project_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A named constraint embedding the old table name is renamed by a table
    rebuild on SQLite, whose PRAGMA foreign_keys=OFF is a no-op inside the
    revision's transaction (SQLite's manual, "PRAGMA foreign_keys"): refused
    even without --transaction."""
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
    status, output = _dbnamelint("migrate", "--phase", "1")
    assert status == 0, output
    assert "is rebuilt to rename 'uq_UserPrefs_theme'" in output
    status, output = _dbnamelint("migrate", "--phase", "1", "--no-transaction", "--write")
    assert status == 2, output
    assert REFUSAL in output
    assert _listing(root / "alembic" / "versions") == ["0001_init.py"]


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
