"""The gate judges the foreign keys and checks a SQLAlchemy model names
(trial s41 redash).

A model's ``db.ForeignKey("users.id", name="FK_Query_Reviewer")`` in a
``Column``, a ``CheckConstraint("x > 0", name="CK_Runs")`` in one, and a
``ForeignKeyConstraint([...], [...], name="FK_Favorite_User")`` in
``__table_args__`` passed the hook in redash's models (the same names in an
Alembic revision were ``DBN401`` errors). Each is now read as the
``ADD CONSTRAINT`` ``create_all`` runs, judged at its call; a foreign key
SQLAlchemy names itself (no ``name=``) is not read, as before.

Oracle: SQLAlchemy's own ``create_all`` (the services' oracle venv) on the
services' PostgreSQL makes exactly the constraint names the findings name
(``pg_constraint``). The gate runs in real git, plain and ``--pre-commit``.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from alembic_oracle import alembic, scratch_pg_database
from cli_json import run_cli
from git_helpers import committed_repo, git

MODELS = """from sqlalchemy import Column, ForeignKey, Integer
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class User(Base):
    __tablename__ = "users"
    id = Column(Integer, primary_key=True)


class Query(Base):
    __tablename__ = "queries"
    id = Column(Integer, primary_key=True)
    user_id = Column(Integer, ForeignKey("users.id"))
"""
ADDED_COLUMNS = """\
    reviewer_id = Column(Integer, ForeignKey("users.id", name="FK_Query_Reviewer"))
    runs = Column(Integer, CheckConstraint("runs >= 0", name="CK_Runs"))
    owner_id = Column(Integer, ForeignKey("users.id", name="fk_queries_owner"))
"""
ADDED_MODEL = """

class Favorite(Base):
    __tablename__ = "favorites"
    id = Column(Integer, primary_key=True)
    user_id = Column(Integer)
    __table_args__ = (ForeignKeyConstraint(["user_id"], ["users.id"], name="FK_Favorite_User"),)
"""
CHANGED = (
    MODELS.replace(
        "ForeignKey, Integer", "CheckConstraint, ForeignKey, ForeignKeyConstraint, Integer"
    )
    + ADDED_COLUMNS
    + ADDED_MODEL
)
FILES = {
    "dbnamelint.yaml": 'paths: ["schema.sql"]\ndialect: postgres\n',
    "schema.sql": "CREATE TABLE users (id int PRIMARY KEY);\n",
    "app/models.py": MODELS,
}
#: (constraint, table) the findings name: create_all's (checked against it where it runs).
EXPECTED = [
    ("CK_Runs", "queries"),
    ("FK_Favorite_User", "favorites"),
    ("FK_Query_Reviewer", "queries"),
]


def _line(text: str, part: str) -> int:
    return next(i for i, row in enumerate(text.split("\n"), 1) if part in row)


def _made_by_create_all(tmp_path: Path) -> set[tuple[str, str]] | None:
    """(constraint, table) of every named foreign key and check
    ``create_all`` makes on PostgreSQL for :data:`CHANGED`; None without the
    oracle venv or PostgreSQL."""
    import os

    if alembic() is None or not os.environ.get("DBNAMELINT_TEST_PG"):
        return None
    python = Path(str(alembic())).parent / "python"
    (tmp_path / "oracle").mkdir()
    (tmp_path / "oracle" / "models.py").write_text(CHANGED)
    with scratch_pg_database("s41redash_fk") as (conninfo, url):
        script = (
            "import sqlalchemy as sa, models\n"
            f"models.Base.metadata.create_all(sa.create_engine({url!r}))\n"
        )
        done = subprocess.run(
            [str(python), "-c", script],
            cwd=tmp_path / "oracle",
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        import psycopg

        with psycopg.connect(conninfo) as conn:
            rows = conn.execute(
                "SELECT conname, conrelid::regclass::text FROM pg_constraint"
                " WHERE contype IN ('f', 'c') AND connamespace = 'public'::regnamespace"
            ).fetchall()
    return {(name, table.strip('"')) for name, table in rows}


@pytest.mark.parametrize("staged", [False, True], ids=["working-tree", "pre-commit"])
def test_a_models_named_foreign_keys_and_checks_are_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, staged: bool
) -> None:
    made = _made_by_create_all(tmp_path)
    if made is not None:
        # the compliant one is there too; the unnamed key is PostgreSQL's queries_user_id_fkey
        assert made == {
            *EXPECTED,
            ("fk_queries_owner", "queries"),
            ("queries_user_id_fkey", "queries"),
        }
    root = committed_repo(tmp_path / "repo", FILES, monkeypatch)
    (root / "app/models.py").write_text(CHANGED)
    git(root, "add", "-A")
    run = ("--pre-commit",) if staged else ()
    status, report, _ = run_cli("check", *run, "--base", "HEAD", "--no-cache", "--format", "json")
    assert status == 1, report
    found = sorted(
        (f["code"], f["qualified_name"], f["line"])
        for f in report["findings"]
        if f.get("new", True)
    )
    assert found == sorted(
        ("DBN401", f"{table}.{name}", _line(CHANGED, f'name="{name}"')) for name, table in EXPECTED
    ), report
