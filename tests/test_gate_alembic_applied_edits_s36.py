"""Edits of an applied Alembic revision that no DDL string shows (trial s36 superset).

F5: ``revision = "0002"`` -> ``"0002x"`` or ``down_revision = "0001"`` ->
``None`` of a committed revision passed ``check --base`` and the hook;
Alembic records the id in ``alembic_version`` (a database stamped ``0002``
then fails "Can't locate revision"; a new id the old one prefixes is no test:
Alembic takes ``0002`` for a partial id of ``0002x``) and orders history by ``down_revision``
(a second base: "Multiple head revisions"). F2: superset's revisions create
tables through an imported helper (``create_table("users", ...)``); an edit
of such a call in an applied revision passed too. Now any change of what the
revision runs forward (all but ``downgrade()``, docstrings, comments and
layout) is ``DBN025``, as for a Laravel migration's ``up()``.

Oracles: real git (base commit; the index for ``--pre-commit``) and Alembic
itself (``test_alembic_refuses_the_edited_history``).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from alembic_oracle import needs_alembic, upgrade_command
from cli_json import run_cli
from git_helpers import committed_repo, git

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

HELPER = """from alembic import op


def create_table(table_name, *columns, **kw):
    op.create_table(table_name, *columns, **kw)
"""
FIRST = "app/migrations/versions/0001_init.py"
FIRST_TEXT = '''"""init"""
import sqlalchemy as sa

from app.migrations.shared.utils import create_table

revision = "0001"
down_revision = None


def upgrade():
    # dbnamelint: ignore[DBN013] checked by hand
    create_table("users", sa.Column("id", sa.Integer, primary_key=True))


def downgrade():
    pass
'''
SECOND = "app/migrations/versions/0002_email.py"
SECOND_TEXT = '''"""email"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade():
    op.add_column("users", sa.Column("email", sa.String(50)))


def downgrade():
    pass
'''
FILES = {
    "dbnamelint.yaml": "dialect: postgres\npaths:\n  - app/migrations/versions\n",
    "app/__init__.py": "",
    "app/migrations/__init__.py": "",
    "app/migrations/shared/__init__.py": "",
    "app/migrations/shared/utils.py": HELPER,
    FIRST: FIRST_TEXT,
    SECOND: SECOND_TEXT,
}
#: (file, old, new, the edited line's text now, what the message names)
EDITS = {
    "revision id": (SECOND, 'revision = "0002"', 'revision = "b002"', "`revision` id"),
    "down_revision": (SECOND, 'down_revision = "0001"', "down_revision = None", "`down_revision`"),
    "helper call": (FIRST, 'create_table("users"', 'create_table("BadUsers"', "upgrade code"),
}


def _gate(*more: str) -> tuple[int, list[tuple[str, str, int, str, str]]]:
    status, report, _ = run_cli("check", "--base", "HEAD", *more, "--no-cache", "--format", "json")
    found = [
        (d["code"], d["path"], d["line"], d["severity"], d["message"])
        for d in report["diagnostics"]
        if d["code"] == "DBN025"
    ]
    return status, found


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_an_applied_revisions_edit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: str
) -> None:
    path, old, new, named = EDITS[edit]
    root = committed_repo(tmp_path / "app", FILES, monkeypatch)
    text = FILES[path].replace(old, new)
    (root / path).write_text(text)
    git(root, "add", "-A")
    line = next(n for n, row in enumerate(text.split("\n"), 1) if new in row)
    for run in ((), ("--pre-commit",)):
        status, found = _gate(*run)
        assert status == 1, (run, found)
        assert [(c, p, n, s) for c, p, n, s, _ in found] == [("DBN025", path, line, "error")]
        assert named in found[0][4], found
    # reviewed by hand: the comment the change adds accepts it (an info note)
    (root / path).write_text("# dbnamelint: ignore[DBN025] fresh installs only\n" + text)
    git(root, "add", "-A")
    status, found = _gate("--pre-commit", "--verbose")
    assert status == 0, found
    assert [s for *_, s, _ in found] == ["info"]


def test_what_runs_nothing_is_no_edit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Docstrings, comments, layout, a trailing comma, a return annotation,
    import order and ``downgrade()`` are not what Alembic ran forward."""
    root = committed_repo(tmp_path / "app", FILES, monkeypatch)
    text = (
        SECOND_TEXT.replace('"""email"""', '"""Add the email column."""')
        .replace(
            "import sqlalchemy as sa\nfrom alembic import op",
            "from alembic import op\nimport sqlalchemy as sa  # the types",
        )
        .replace("def upgrade():", 'def upgrade() -> None:\n    """Adds it."""')
        .replace(
            'op.add_column("users", sa.Column("email", sa.String(50)))',
            'op.add_column(\n        "users",\n        sa.Column("email", sa.String(50)),\n    )',
        )
        .replace("    pass", '    op.drop_column("users", "email")')
    )
    (root / SECOND).write_text(text)
    git(root, "add", "-A")
    for run in ((), ("--pre-commit",)):
        status, found = _gate(*run)
        assert (status, found) == (0, []), run


@needs_alembic
@pytest.mark.parametrize(
    ("old", "new", "refusal"),
    [
        ('revision = "0002"', 'revision = "b002"', "Can't locate revision identified by '0002'"),
        ('down_revision = "0001"', "down_revision = None", "Multiple head revisions"),
    ],
)
def test_alembic_refuses_the_edited_history(
    tmp_path: Path, old: str, new: str, refusal: str
) -> None:
    """The oracle: a database that ran both revisions, then ``alembic
    upgrade head`` with the edited second one: Alembic fails."""
    versions = tmp_path / "alembic" / "versions"
    versions.mkdir(parents=True)
    plain = FIRST_TEXT.replace(
        "from app.migrations.shared.utils import create_table", "from alembic import op"
    ).replace("    create_table(", "    op.create_table(")
    (versions / "0001_init.py").write_text(plain)
    (versions / "0002_email.py").write_text(SECOND_TEXT)
    url = f"sqlite:///{tmp_path / 'app.db'}"
    command = upgrade_command(tmp_path / "alembic.ini", tmp_path / "alembic", url)
    subprocess.run(command, check=True, capture_output=True)
    (versions / "0002_email.py").write_text(SECOND_TEXT.replace(old, new))
    again = subprocess.run(command, check=False, capture_output=True, text=True)
    assert again.returncode != 0
    assert refusal in again.stderr + again.stdout
