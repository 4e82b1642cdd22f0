"""Alembic's ``op`` imported under another name is read as ``op`` (session 37 H1).

``from alembic import op as ops``, ``import alembic.op as o`` and
``alembic.op`` after ``import alembic`` bind the module Alembic runs the
operations of; only the name ``op`` was read, so a new revision's
``ops.create_table("BadTable", ...)`` passed ``check --base`` and the hook:
neither judged nor in the model, nor said unread. Now each alias bound by
that import only is read exactly as ``op`` (directly, ``getattr``, a
bound operation, ``op.execute``'s SQL); ``op`` itself bound otherwise too
keeps the text as written.

Oracles: real git, and Alembic itself (``test_alembic_runs_the_aliased_calls``:
``alembic upgrade head`` on PostgreSQL creates the names the gate judged).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from alembic_oracle import USERS_CONFIGS, USERS_INIT, needs_alembic, upgrade_pg, users_repo
from cli_json import gate_places
from git_helpers import committed_repo, git
from pg_server import PgServer

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

#: {import}: each way Python binds Alembic's op module; {op}: the name it is used by
TEMPLATE = '''"""aliased"""
{import_}
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"


def upgrade():
    {op}.create_table("BadTable{n}", sa.Column("id", sa.Integer))
    getattr({op}, "add_column")("users", sa.Column("BadColumn{n}", sa.String(5)))
    {op}.execute("CREATE INDEX BadIndex{n} ON users (id)")
'''
FORMS = [
    ("from alembic import op as ops", "ops"),
    ("import alembic.op as o", "o"),
    ("from alembic import op as x, context", "x"),
    ("import alembic", "alembic.op"),
    ("import alembic.op", "alembic.op"),
]
NEW = "alembic/versions/0002_aliased.py"
NAMES = ('"BadTable', '"BadColumn', "BadIndex")


def _revision(form: tuple[str, str], n: int = 1) -> str:
    return TEMPLATE.format(import_=form[0], op=form[1], n=n)


@pytest.mark.parametrize("config", USERS_CONFIGS)
@pytest.mark.parametrize("form", FORMS, ids=[f[0] for f in FORMS])
def test_an_aliased_op_is_read_as_op(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str, form: tuple[str, str]
) -> None:
    """In ``paths:`` (the model reads the revision) or not (the code gate):
    the same findings, at the same places, as the revision written with ``op``."""
    root = users_repo(tmp_path / "app", config, monkeypatch)
    aliased = _revision(form)
    plain = _revision(("from alembic import op", "op"))
    results = {}
    for name, text in (("plain", plain), ("aliased", aliased)):
        (root / NEW).write_text(text)
        git(root, "add", "-A")
        status, found = gate_places("--pre-commit")
        lines = [text.split("\n")[line - 1] for _code, line, _col, _kind in found]
        # the same names judged, on the same lines (columns move with the name)
        results[name] = (
            status,
            sorted((f[0], f[3], row.strip()) for f, row in zip(found, lines, strict=True)),
        )
    status, found = results["aliased"]
    assert status == 1
    judged = {row for _code, kind, row in found if kind == "finding"}
    assert all(any(name in row for row in judged) for name in NAMES), found
    assert [f for f in found if f[1] != "finding"] == [], found
    assert [(c, k) for c, k, _ in results["plain"][1]] == [(c, k) for c, k, _ in found]


def test_op_bound_otherwise_is_left_as_written() -> None:
    """An alias rebound in the file is not Alembic's op everywhere: not renamed."""
    import ast

    from dbnamelint.alembic_parse import parse_revision

    text = _revision(FORMS[0]) + "\n\ndef other(ops):\n    ops.create_table('x')\n"
    tree = parse_revision(text)
    assert "ops.create_table" in ast.unparse(tree)
    tree = parse_revision(_revision(FORMS[0]))
    assert "ops." not in ast.unparse(tree) and "op.create_table" in ast.unparse(tree)


@needs_alembic
def test_alembic_runs_the_aliased_calls(tmp_path: Path, pg: PgServer) -> None:
    """The oracle: ``alembic upgrade head`` on PostgreSQL 15 runs each form's
    calls, making the table, column and index the gate judged."""
    versions = tmp_path / "alembic" / "versions"
    versions.mkdir(parents=True)
    (versions / "0001_init.py").write_text(USERS_INIT)
    previous = "0001"
    for n, form in enumerate(FORMS, 1):
        text = _revision(form, n).replace('revision = "0002"', f'revision = "r{n}"')
        text = text.replace('down_revision = "0001"', f'down_revision = "{previous}"')
        (versions / f"r{n}_aliased.py").write_text(text)
        previous = f"r{n}"
    with pg.fresh_database("s37_holes_alembic_alias") as database:
        upgrade_pg(pg, database, tmp_path / "alembic")
        rows = pg.query_json(
            "SELECT relname AS n FROM pg_class WHERE relname ILIKE 'bad%'"
            " UNION SELECT column_name FROM information_schema.columns"
            " WHERE table_name = 'users' AND column_name LIKE 'Bad%'",
            dbname=database,
        )
    made = {r["n"] for r in rows}
    for n in range(1, len(FORMS) + 1):
        # unquoted BadIndex folds to lower case, as PostgreSQL folds it
        assert {f"BadTable{n}", f"BadColumn{n}", f"badindex{n}"} <= made


def test_an_imported_helper_running_aliased_ops_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A module of the project that runs ``ops.execute(...)`` of ``from
    alembic import op as ops``, called from a new revision: DBN013 at the
    call, as with ``op`` (test_gate_alembic_helpers); the module's own tree,
    shared with other readers, keeps its text."""
    from test_gate_alembic_helpers import IMPORTING, LIBRARY, LIBRARY_TEXT
    from test_gate_alembic_helpers import INIT as HELPERS_INIT
    from test_gate_alembic_helpers import NEW as HELPERS_NEW

    aliased = LIBRARY_TEXT.replace("import op\n", "import op as ops\n").replace("op.", "ops.")
    assert "ops.execute(" in aliased and "op.execute" not in aliased
    root = committed_repo(
        tmp_path / "app",
        {
            "dbnamelint.yaml": "paths:\n  - alembic/versions\n",
            "alembic/__init__.py": "",
            "alembic/helpers/__init__.py": "",
            LIBRARY: aliased,
            "alembic/versions/2022-02-21-19.56.24_6b0f5f32d602_init.py": HELPERS_INIT,
        },
        monkeypatch,
    )
    (root / HELPERS_NEW).write_text(IMPORTING)
    git(root, "add", "-A")
    call = IMPORTING.split("\n").index("    indexes.setup_postgres_trigrams()") + 1
    for run in ((), ("--pre-commit",)):
        status, found = gate_places(*run)
        assert (status, found) == (1, [("DBN013", call, 5, "error")]), run
