"""An Alembic revision's DDL in the functions ``upgrade()`` calls (trial s34 mealie).

Mealie's ``b3dbb554ba53_postgres_fuzzy_search.py``: ``upgrade()`` calls
``setup_postgres_trigrams()``, whose ``op.execute("CREATE INDEX ...")``
Alembic runs as the revision's. Only ``upgrade()``'s own calls were read: a
new revision whose helper ran ``op.execute('CREATE INDEX "BadHelperIdx"
...')`` or ``op.create_index("BadHelperIdx2", ...)`` passed ``check --base``
and the hook, and the names were not in the model. Now the revision's own
functions that ``upgrade()`` calls, transitively (each once: a cycle ends),
are read as ``upgrade()`` is; a function of another module of the project
that runs ``op`` calls (itself or through the functions it calls) is a
``DBN013`` error at its call (its calls lie in another file), unless a
``# dbnamelint: ignore[DBN013] <reason>`` comment accepts it.

Oracles: real git (the base commit; the index for ``--pre-commit``), and
Alembic itself (``test_alembic_runs_the_helpers_ddl``: ``alembic upgrade
head`` on SQLite makes the helpers' indexes, none of ``downgrade()``'s).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo, git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

INIT = '''"""init"""
from alembic import op
import sqlalchemy as sa

revision = "6b0f5f32d602"
down_revision = None


def upgrade():
    op.create_table(
        "recipes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("slug", sa.String()),
        sa.Column("name", sa.String()),
    )
'''
NEW = "alembic/versions/2024-10-24-10.00.00_b3dbb554ba53_fuzzy_search.py"
HELPERS = '''"""fuzzy search"""
from alembic import op
import sqlalchemy as sa

revision = "b3dbb554ba53"
down_revision = "6b0f5f32d602"


def make_indexes(first=True):
    if first:
        op.execute('CREATE INDEX "BadHelperIdx" ON recipes (slug)')
        more_indexes()


def more_indexes():
    op.create_index("BadHelperIdx2", "recipes", ["name"])
    make_indexes(first=False)  # a cycle of calls: each function read once


def unused():
    op.create_index("NeverRunIdx", "recipes", ["slug"])


def upgrade():
    make_indexes()


def downgrade():
    op.drop_index("BadHelperIdx2")
'''
#: (rule, the name's literal) of each name the helpers create
EXPECTED = {("DBN301", '"BadHelperIdx"'), ("DBN301", '"BadHelperIdx2"')}
LIBRARY = "alembic/helpers/indexes.py"
LIBRARY_TEXT = """from alembic import op


def trigram_indexes():
    op.execute('CREATE INDEX "BadImportedIdx" ON recipes (slug)')


def setup_postgres_trigrams():
    trigram_indexes()


def is_postgres():
    return op.get_context().dialect.name == "postgresql"
"""
IMPORTING = '''"""fuzzy search"""
from alembic import op

from alembic.helpers import indexes
from alembic.helpers.indexes import is_postgres

revision = "b3dbb554ba53"
down_revision = "6b0f5f32d602"


def upgrade():
    if is_postgres():
        pass
    indexes.setup_postgres_trigrams()
'''


def _gate(*more: str) -> tuple[int, list[tuple[str, str, int, int, str, str]]]:
    args = ["check", *(more or ("--base", "HEAD")), "--no-cache", "--format", "json"]
    result = CliRunner().invoke(cli, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    report = json.loads(result.stdout)
    found = [
        (d["code"], d["path"], d["line"], d["column"], d["severity"], d["message"])
        for d in report["diagnostics"]
    ]
    found += [
        (f["code"], f["path"], f["line"], f["column"], f["severity"], f["message"])
        for f in report["findings"]
        if f.get("new", True)
    ]
    return result.exit_code, found


def _expected(text: str) -> set[tuple[str, str, int, int]]:
    """EXPECTED located in ``NEW`` holding ``text``: at each name's literal."""
    out = set()
    for code, literal in EXPECTED:
        # its first: downgrade()'s drop comes last
        line = next(n for n, row in enumerate(text.split("\n"), 1) if literal in row)
        out.add((code, NEW, line, text.split("\n")[line - 1].index(literal) + 1))
    return out


@pytest.mark.parametrize(
    "config", ["paths:\n  - alembic/versions\n", 'paths: ["schema.sql"]\ndialect: postgres\n']
)
def test_the_revisions_helpers_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str
) -> None:
    """Read into the model (the revisions in ``paths:``) or by the code gate (not)."""
    root = committed_repo(
        tmp_path / "app",
        {
            "dbnamelint.yaml": config,
            "schema.sql": "CREATE TABLE users (id int);\n",
            "alembic/versions/2022-02-21-19.56.24_6b0f5f32d602_init.py": INIT,
        },
        monkeypatch,
    )
    (root / NEW).write_text(HELPERS)
    git(root, "add", "-A")
    for run in ((), ("--pre-commit",)):
        status, found = _gate(*run)
        assert status == 1, (run, found)
        errors = {(c, p, line, col) for c, p, line, col, s, _ in found if s == "error"}
        assert errors == _expected(HELPERS), run
        assert not [f for f in found if "NeverRunIdx" in f[5]]


def test_an_imported_helper_running_ops_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its ``op`` calls lie in another module (committed at the base, so the
    gate does not judge its strings as new code): DBN013 at the call, an
    error; ``is_postgres()``, which only asks the context, is none."""
    root = committed_repo(
        tmp_path / "app",
        {
            "dbnamelint.yaml": "paths:\n  - alembic/versions\n",
            "alembic/__init__.py": "",
            "alembic/helpers/__init__.py": "",
            LIBRARY: LIBRARY_TEXT,
            "alembic/versions/2022-02-21-19.56.24_6b0f5f32d602_init.py": INIT,
        },
        monkeypatch,
    )
    (root / NEW).write_text(IMPORTING)
    git(root, "add", "-A")
    call = IMPORTING.split("\n").index("    indexes.setup_postgres_trigrams()") + 1
    for run in ((), ("--pre-commit",)):
        status, found = _gate(*run)
        assert status == 1, (run, found)
        errors = [(c, p, line, col, m) for c, p, line, col, s, m in found if s == "error"]
        assert [e[:4] for e in errors] == [("DBN013", NEW, call, 5)], run
        assert errors[0][4].startswith(
            "indexes.setup_postgres_trigrams() runs Alembic operations written in "
            "../helpers/indexes.py (from this revision's folder), which are not read"
        )
    accepted = IMPORTING.replace(
        "    indexes.setup_postgres_trigrams()",
        "    # dbnamelint: ignore[DBN013] trigram indexes named by hand\n"
        "    indexes.setup_postgres_trigrams()",
    )
    (root / NEW).write_text(accepted)
    git(root, "add", "-A")
    for run in ((), ("--pre-commit",)):
        status, found = _gate(*run)
        assert status == 0, (run, found)


def _alembic() -> str | None:
    return os.environ.get("DBNAMELINT_TEST_ALEMBIC") or shutil.which("alembic")


@pytest.mark.skipif(_alembic() is None, reason="alembic is not installed")
def test_alembic_runs_the_helpers_ddl(tmp_path: Path) -> None:
    """The oracle: ``alembic upgrade head`` on SQLite makes the indexes the
    helpers ``upgrade()`` calls create, and not ``unused()``'s."""
    alembic = _alembic()
    assert alembic is not None
    versions = tmp_path / "alembic" / "versions"
    versions.mkdir(parents=True)
    (versions / "6b0f5f32d602_init.py").write_text(INIT)
    (versions / "b3dbb554ba53_fuzzy.py").write_text(HELPERS)
    (tmp_path / "alembic" / "env.py").write_text(
        "from alembic import context\nfrom sqlalchemy import create_engine\n"
        "engine = create_engine(context.config.get_main_option('sqlalchemy.url'))\n"
        "with engine.connect() as connection:\n"
        "    context.configure(connection=connection)\n"
        "    with context.begin_transaction():\n"
        "        context.run_migrations()\n"
    )
    database = tmp_path / "app.db"
    (tmp_path / "alembic.ini").write_text(
        f"[alembic]\nscript_location = {tmp_path / 'alembic'}\n"
        f"sqlalchemy.url = sqlite:///{database}\n"
    )
    command = [alembic, "-c", str(tmp_path / "alembic.ini"), "upgrade", "head"]
    subprocess.run(command, check=True, capture_output=True)
    with sqlite3.connect(database) as connection:
        indexes = {
            name
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='index'")
        }
    created = {literal.strip('"') for _code, literal in EXPECTED}
    assert created <= indexes
    assert "NeverRunIdx" not in indexes


@pytest.mark.parametrize("cache", [True, False])
def test_a_committed_call_of_an_imported_helper_is_not_new(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache: bool
) -> None:
    """Trial s36 superset: a revision in ``paths:`` calling a helper module's
    function was committed at the base, yet ``check --base HEAD`` with no change
    refused it as new (117 times on superset): the note named the helper by a
    path through the base's temporary folder. The note names it from the
    revision's folder, the same in both trees, and in the working tree's
    run too once the base run filled the per-file cache."""
    monkeypatch.setenv("DBNAMELINT_CACHE_DIR", str(tmp_path / "cache"))
    committed_repo(
        tmp_path / "app",
        {
            "dbnamelint.yaml": "paths:\n  - alembic/versions\ndialect: postgres\n",
            "alembic/__init__.py": "",
            "alembic/helpers/__init__.py": "",
            LIBRARY: LIBRARY_TEXT,
            "alembic/versions/2022-02-21-19.56.24_6b0f5f32d602_init.py": INIT,
            NEW: IMPORTING,
        },
        monkeypatch,
    )
    more = () if cache else ("--no-cache",)
    for run in ((), ("--pre-commit",)):
        args = ["check", "--base", "HEAD", *run, *more, "--format", "json"]
        result = CliRunner().invoke(cli, args)
        report = json.loads(result.stdout)
        assert result.exit_code == 0, result.output
        assert not [d for d in report["diagnostics"] if d["severity"] == "error"]
    result = CliRunner().invoke(cli, ["check", "--verbose", *more, "--format", "json"])
    notes = [
        d["message"] for d in json.loads(result.stdout)["diagnostics"] if d["code"] == "DBN013"
    ]
    assert notes and all("dbnamelint-base" not in m for m in notes), notes
    assert any("../helpers/indexes.py (from this revision's folder)" in m for m in notes), notes
