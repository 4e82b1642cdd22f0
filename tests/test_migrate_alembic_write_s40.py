"""``migrate --write`` in an Alembic project writes a new Alembic revision.

It used to refuse (exit 2: "a Django or Alembic migration ... --write does
not write one"), and users pasted the SQL into a revision by hand. Now the
phase is a revision after the chain's single head (``down_revision``), one
``op.execute`` per statement of the forward script in ``upgrade()`` and of
the rollback in ``downgrade()``, named by ``alembic.ini``'s ``file_template``
(default ``<rev>_<slug>.py``); ``--cleanup --write`` a revision after it.

Oracle: Alembic itself (``DBNAMELINT_TEST_ALEMBIC``): ``alembic upgrade
head``, ``downgrade -1`` and ``upgrade head`` again on PostgreSQL 15 and
SQLite, the catalog read after each; dbnamelint's own reader then takes the
revision for the renames (DBN900 stale entries, ``whitelist prune``) and the
gate (``check --base``, real git) accepts it.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
from pathlib import Path

import pytest

from alembic_oracle import alembic, needs_alembic, needs_alembic_and_pg, scratch_pg_database
from git_helpers import commit_all, committed_repo
from written_migration import assert_taken_as_renames
from written_migration import dbnamelint as _dbnamelint

ENV_PY = (
    "from alembic import context\nfrom sqlalchemy import create_engine\n"
    "engine = create_engine(context.config.get_main_option('sqlalchemy.url'))\n"
    "with engine.begin() as connection:\n"
    "    context.configure(connection=connection)\n"
    "    with context.begin_transaction():\n"
    "        context.run_migrations()\n"
)
INIT = '''"""init"""
from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None


def upgrade():
    op.create_table(
        "UserPrefs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("theme", sa.Text),
    )


def downgrade():
    op.drop_table("UserPrefs")
'''
WHITELIST = """phases:
  - id: "1"
    title: legacy
    status: open
entries:
  - kind: table
    name: UserPrefs
    rules: [DBN101]
    phase: "1"
    target: user_prefs
"""
_REVISION_FILE = re.compile(r"^([0-9a-f]{12})_rename_phase_1\.py$")


def _project(root: Path, monkeypatch: pytest.MonkeyPatch, dialect: str, ini: str = "") -> Path:
    files = {
        "dbnamelint.yaml": f"paths:\n  - alembic/versions\ndialect: {dialect}\n",
        "whitelist.yaml": WHITELIST,
        "alembic.ini": f"[alembic]\nscript_location = alembic\n{ini}",
        "alembic/env.py": ENV_PY,
        # what `alembic revision` renders (only its file name is compared)
        "alembic/script.py.mako": '"""${message}"""\nrevision = ${repr(up_revision)}\n'
        "down_revision = ${repr(down_revision)}\n",
        "alembic/versions/0001_init.py": INIT,
    }
    return committed_repo(root, files, monkeypatch)


def _alembic(root: Path, url: str, *args: str) -> None:
    command = alembic()
    assert command is not None
    ini = root / "alembic.ini"
    text = ini.read_text()
    ini.write_text(f"{text}sqlalchemy.url = {url}\n")
    try:
        done = subprocess.run(
            [command, "-c", str(ini), *args],
            capture_output=True,
            text=True,
            check=False,
            cwd=root,
            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
        )
    finally:
        ini.write_text(text)
    assert done.returncode == 0, done.stderr


def _written(root: Path, pattern: re.Pattern[str] = _REVISION_FILE) -> Path:
    found = [p for p in (root / "alembic" / "versions").iterdir() if pattern.match(p.name)]
    assert len(found) == 1, sorted(p.name for p in (root / "alembic" / "versions").iterdir())
    return found[0]


def _pg_names(conninfo: str) -> dict[str, str]:
    import psycopg

    with psycopg.connect(conninfo) as conn:
        rows = conn.execute(
            "SELECT relname, relkind FROM pg_class c JOIN pg_namespace n"
            " ON n.oid = c.relnamespace WHERE n.nspname = 'public'"
            " AND relkind IN ('r', 'v') AND relname <> 'alembic_version'"
        ).fetchall()
    return {r[0]: r[1] for r in rows}


@needs_alembic_and_pg
def test_write_is_a_revision_alembic_applies_and_reverts_on_postgres(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path / "app", monkeypatch, "postgres")
    status, output = _dbnamelint("migrate", "--phase", "1", "--write")
    assert status == 0, output
    revision = _written(root)
    text = revision.read_text()
    rev = _REVISION_FILE.match(revision.name)
    assert rev is not None
    assert f"revision = '{rev.group(1)}'" in text
    assert "down_revision = '0001'" in text
    assert "BEGIN;" not in text and "COMMIT" not in text
    # the DO block copying the table's privileges stays one statement
    assert text.count("op.execute(r") == text.count("op.execute(")
    assert sum(1 for line in text.splitlines() if "DO $dbnamelint$" in line) == 1
    with scratch_pg_database("s40_alembicwrite") as (conninfo, url):
        _alembic(root, url, "upgrade", "head")
        assert _pg_names(conninfo) == {"user_prefs": "r", "UserPrefs": "v"}
        _alembic(root, url, "downgrade", "-1")
        assert _pg_names(conninfo) == {"UserPrefs": "r"}
        _alembic(root, url, "upgrade", "head")
        assert _pg_names(conninfo) == {"user_prefs": "r", "UserPrefs": "v"}

        # dbnamelint's reader takes the revision for the renames
        assert_taken_as_renames(root)

        # the cleanup: a revision after it, dropping the compatibility view
        status, output = _dbnamelint("migrate", "--phase", "1", "--cleanup", "--write")
        assert status == 0, output
        cleanup = _written(root, re.compile(r"^[0-9a-f]{12}_drop_compatibility_views\.py$"))
        assert f"down_revision = '{rev.group(1)}'" in cleanup.read_text()
        _alembic(root, url, "upgrade", "head")
        assert _pg_names(conninfo) == {"user_prefs": "r"}
        _alembic(root, url, "downgrade", "-1")
        assert _pg_names(conninfo) == {"user_prefs": "r", "UserPrefs": "v"}
        status, output = _dbnamelint("check", ".")
        assert status == 0, output


@needs_alembic
def test_write_on_sqlite_alembic_applies_and_reverts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path / "app", monkeypatch, "sqlite")
    status, output = _dbnamelint("migrate", "--phase", "1", "--write")
    assert status == 0, output
    database = tmp_path / "app.db"
    url = f"sqlite:///{database}"

    def names() -> dict[str, str]:
        with sqlite3.connect(database) as conn:
            rows = conn.execute(
                "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view')"
                " AND name <> 'alembic_version'"
            ).fetchall()
        return {r[0]: r[1] for r in rows}

    _alembic(root, url, "upgrade", "head")
    assert names() == {"user_prefs": "table", "UserPrefs": "view"}
    _alembic(root, url, "downgrade", "-1")
    assert names() == {"UserPrefs": "table"}
    _alembic(root, url, "upgrade", "head")
    assert names() == {"user_prefs": "table", "UserPrefs": "view"}


def test_multiple_heads_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path / "app", monkeypatch, "postgres")
    versions = root / "alembic" / "versions"
    for rev in ("aaaa", "bbbb"):
        (versions / f"{rev}_x.py").write_text(
            f'revision = "{rev}"\ndown_revision = "0001"\n\n\ndef upgrade():\n    pass\n'
        )
    commit_all(root, "two heads")
    status, output = _dbnamelint("migrate", "--phase", "1", "--write")
    assert status == 2, output
    assert "Multiple heads are present (aaaa, bbbb)" in output
    assert sorted(p.name for p in versions.iterdir()) == ["0001_init.py", "aaaa_x.py", "bbbb_x.py"]


@needs_alembic
def test_file_template_followed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ini = "file_template = %%(year)d_%%(month).2d_%%(day).2d_%%(rev)s_%%(slug)s\n"
    root = _project(tmp_path / "app", monkeypatch, "postgres", ini)
    status, output = _dbnamelint("migrate", "--phase", "1", "--write")
    assert status == 0, output
    ours = _written(root, re.compile(r"^\d{4}_\d{2}_\d{2}_[0-9a-f]{12}_rename_phase_1\.py$"))
    assert "file_template" not in output
    # Alembic's own `revision -m` names a revision of the same message alike
    theirs = _alembic_revision(root, "rename phase 1")
    rev = re.compile(r"[0-9a-f]{12}")
    assert rev.sub("REV", theirs.name) == rev.sub("REV", ours.name)


def _alembic_revision(root: Path, message: str) -> Path:
    """The file ``alembic revision -m MESSAGE`` writes (then removed)."""
    before = set((root / "alembic" / "versions").iterdir())
    _alembic(root, "sqlite://", "revision", "-m", message)
    (made,) = set((root / "alembic" / "versions").iterdir()) - before
    made.unlink()
    return made


@needs_alembic
def test_default_name_as_alembic_names_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path / "app", monkeypatch, "postgres")
    message = "Rename: the legacy tables, phase one of many (2026)"
    status, output = _dbnamelint("migrate", "--phase", "1", "--write", "--name", message)
    assert status == 0, output
    (ours,) = [p for p in (root / "alembic" / "versions").iterdir() if p.name != "0001_init.py"]
    theirs = _alembic_revision(root, message)
    rev = re.compile(r"^[0-9a-f]{12}")
    assert rev.sub("REV", theirs.name) == rev.sub("REV", ours.name)


def test_depends_on_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path / "app", monkeypatch, "postgres")
    versions = root / "alembic" / "versions"
    (versions / "cccc_x.py").write_text(
        'revision = "cccc"\ndown_revision = "0001"\nbranch_labels = None\n'
        'depends_on: str | None = "0001"\n\n\ndef upgrade():\n    pass\n'
    )
    commit_all(root, "depends_on")
    status, output = _dbnamelint("migrate", "--phase", "1", "--write")
    assert status == 2, output
    assert "cccc_x.py: sets branch_labels or depends_on" in output
    assert sorted(p.name for p in versions.iterdir()) == ["0001_init.py", "cccc_x.py"]


def test_file_template_unknown_token_falls_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ini = "file_template = %%(rev)s_%%(custom)s\n"
    root = _project(tmp_path / "app", monkeypatch, "postgres", ini)
    status, output = _dbnamelint("migrate", "--phase", "1", "--write")
    assert status == 0, output
    _written(root)
    assert "note: alembic.ini's file_template" in output


def test_django_is_a_layout_of_its_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Django migration is no Alembic revision: --write writes a Django
    migration (tests/test_migrate_django_write_s41.py), not a revision."""
    migration = (
        "from django.db import migrations, models\n\n\n"
        "class Migration(migrations.Migration):\n"
        "    initial = True\n    dependencies = []\n"
        "    operations = [\n"
        "        migrations.RunSQL('CREATE TABLE \"UserPrefs\" (id int)'),\n"
        "    ]\n"
    )
    files = {
        "dbnamelint.yaml": "paths:\n  - app/migrations\ndialect: postgres\n",
        "whitelist.yaml": WHITELIST,
        "app/__init__.py": "",
        "app/migrations/__init__.py": "",
        "app/migrations/0001_initial.py": migration,
    }
    root = committed_repo(tmp_path / "app", files, monkeypatch)
    status, output = _dbnamelint("migrate", "--phase", "1", "--write")
    assert status == 0, output
    written = root / "app" / "migrations" / "0002_rename_phase_1.py"
    assert "dependencies = [('app', '0001_initial')]" in written.read_text()
    assert "op.execute" not in written.read_text()


@needs_alembic
def test_a_colon_word_reaches_the_database_as_written() -> None:
    """``op.execute`` wraps a string in SQLAlchemy's ``text()``, which reads
    ``:phase`` as a bind parameter (``%(phase)s``): the revision escapes it
    (``\\:``), and real SQLAlchemy gives the statement back as written."""
    from dbnamelint.services.migrate.alembic_revision import _body

    command = alembic()
    assert command is not None
    python = Path(command).read_text(encoding="utf-8").splitlines()[0].removeprefix("#!")
    sql = "COMMENT ON TABLE \"t\" IS 'renamed at 12:30 by :phase, x::regclass, :a:'"
    script = (
        "import sqlalchemy as sa\nfrom sqlalchemy.dialects import postgresql\n\n"
        "class Op:\n    def execute(self, s):\n"
        "        print(sa.text(s).compile(dialect=postgresql.dialect()))\n\n"
        "op = Op()\n\ndef upgrade():\n" + _body([sql]) + "\nupgrade()\n"
    )
    done = subprocess.run(
        [python.strip(), "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == sql
