"""SQLAlchemy Core objects an Alembic revision creates on ``op.get_bind()`` (trial s34 mealie).

Mealie's ``38514b39a824``: ``authMethod.create(op.get_bind())`` of
``sa.Enum(..., name="authmethod")``. ``<Enum>.create(bind)``,
``<Table>.create(bind)``, ``sa.Index(...).create(bind)`` and
``meta.create_all(bind)`` passed ``check --base`` and the hook with no finding
and no ``DBN013``, and their names were not in the model. Now an object the
revision builds with literal names is read as SQLAlchemy creates it (the
table with its columns, key and indexes; the enum type and sequence on
PostgreSQL only), and one it does not build so (an imported table,
``Base.metadata.create_all``) is a ``DBN013`` error in a new revision unless
``# dbnamelint: ignore[DBN013] <reason>`` accepts it.

Oracles: real git (``check --base`` and ``--pre-commit``), and Alembic and
SQLAlchemy themselves: ``alembic upgrade head`` on PostgreSQL and SQLite; the
model's tables, columns, indexes, types and sequences are the catalog's.
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
from pg_server import PgServer

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

INIT = '''"""init"""
from alembic import op
import sqlalchemy as sa

revision = "6b0f5f32d602"
down_revision = None


def upgrade():
    op.create_table("recipes", sa.Column("id", sa.Integer(), primary_key=True))
'''
NEW = "alembic/versions/2024-10-24-10.00.00_38514b39a824_core.py"
CORE = '''"""core objects"""
from alembic import op
import sqlalchemy as sa

revision = "38514b39a824"
down_revision = "6b0f5f32d602"

badEnum = sa.Enum("A", "B", name="BadEnumType")
meta = sa.MetaData()
bad = sa.Table(
    "CoreBadTable",
    meta,
    sa.Column("id", sa.Integer(), primary_key=True),
    sa.Column("someCol", sa.String()),
)
other_meta = sa.MetaData()
other = sa.Table("AllBadTable", other_meta, sa.Column("otherCol", sa.Integer()))
sa.Index("AllBadIdx", other.c.otherCol)


def upgrade():
    bind = op.get_bind()
    badEnum.create(op.get_bind())
    bad.create(op.get_bind())
    sa.Index("CoreBadIdx", bad.c.someCol).create(bind)
    other_meta.create_all(bind)
    if bind.dialect.name == "postgresql":
        sa.Sequence("BadSeq").create(bind)
'''
#: each name the revision creates that breaks the default rules, by rule
EXPECTED_NAMES = {
    ("DBN505", "BadEnumType"),
    ("DBN101", "CoreBadTable"),
    ("DBN201", "someCol"),
    ("DBN101", "AllBadTable"),
    ("DBN201", "otherCol"),
    ("DBN301", "AllBadIdx"),
    ("DBN301", "CoreBadIdx"),
    ("DBN505", "BadSeq"),
}
IMPORTED = '''"""core objects"""
from alembic import op

from app.models import Base, recipes_table

revision = "38514b39a824"
down_revision = "6b0f5f32d602"


def upgrade():
    recipes_table.create(op.get_bind())
    Base.metadata.create_all(bind=op.get_bind())
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


@pytest.mark.parametrize(
    "config", ["paths:\n  - alembic/versions\n", 'paths: ["schema.sql"]\ndialect: postgres\n']
)
def test_core_objects_created_on_the_connection_are_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str
) -> None:
    """Each bad name is its rule's error, located at its literal in the revision."""
    root = committed_repo(
        tmp_path / "app",
        {
            "dbnamelint.yaml": config,
            "schema.sql": "CREATE TABLE users (id int);\n",
            "alembic/versions/2022-02-21-19.56.24_6b0f5f32d602_init.py": INIT,
        },
        monkeypatch,
    )
    (root / NEW).write_text(CORE)
    git(root, "add", "-A")
    lines = CORE.split("\n")
    for run in ((), ("--pre-commit",)):
        status, found = _gate(*run)
        assert status == 1, (run, found)
        errors = [(c, p, line, col) for c, p, line, col, s, _ in found if s == "error"]
        named = set()
        for code, path, line, col in errors:
            assert path == NEW
            literal = lines[line - 1][col - 1 :]
            assert literal.startswith('"'), (code, line, col)
            named.add((code, literal[1:].split('"', 1)[0]))
        assert {(c, n) for c, n in named if (c, n) in EXPECTED_NAMES} == EXPECTED_NAMES, run


def test_core_objects_not_built_in_the_revision_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = committed_repo(
        tmp_path / "app",
        {
            "dbnamelint.yaml": "paths:\n  - alembic/versions\n",
            "alembic/versions/2022-02-21-19.56.24_6b0f5f32d602_init.py": INIT,
        },
        monkeypatch,
    )
    (root / NEW).write_text(IMPORTED)
    git(root, "add", "-A")
    lines = IMPORTED.split("\n")
    calls = [
        (n, row.index(row.strip()) + 1)
        for n, row in enumerate(lines, 1)
        if (".create" in row and "(op.get_bind" in row) or "bind=op" in row
    ]
    assert len(calls) == 2
    for run in ((), ("--pre-commit",)):
        status, found = _gate(*run)
        assert status == 1, (run, found)
        errors = [(c, p, line, col) for c, p, line, col, s, _ in found if s == "error"]
        assert errors == [("DBN013", NEW, line, col) for line, col in calls], run
    accepted = IMPORTED.replace(
        "    recipes_table.create(",
        "    # dbnamelint: ignore[DBN013] the app's table, named by review\n"
        "    recipes_table.create(",
    ).replace(
        "    Base.metadata.create_all(",
        "    # dbnamelint: ignore[DBN013] the app's tables, named by review\n"
        "    Base.metadata.create_all(",
    )
    (root / NEW).write_text(accepted)
    git(root, "add", "-A")
    for run in ((), ("--pre-commit",)):
        status, found = _gate(*run)
        assert status == 0, (run, found)


def _alembic() -> str | None:
    return os.environ.get("DBNAMELINT_TEST_ALEMBIC") or shutil.which("alembic")


def _run_alembic(folder: Path, url: str) -> None:
    alembic = _alembic()
    assert alembic is not None
    versions = folder / "alembic" / "versions"
    versions.mkdir(parents=True)
    (versions / "6b0f5f32d602_init.py").write_text(INIT)
    (versions / "38514b39a824_core.py").write_text(CORE)
    (folder / "alembic" / "env.py").write_text(
        "from alembic import context\nfrom sqlalchemy import create_engine\n"
        "engine = create_engine(context.config.get_main_option('sqlalchemy.url'))\n"
        "with engine.connect() as connection:\n"
        "    context.configure(connection=connection)\n"
        "    with context.begin_transaction():\n"
        "        context.run_migrations()\n"
    )
    (folder / "alembic.ini").write_text(
        f"[alembic]\nscript_location = {folder / 'alembic'}\nsqlalchemy.url = {url}\n"
    )
    command = [_alembic() or "", "-c", str(folder / "alembic.ini"), "upgrade", "head"]
    subprocess.run(command, check=True, capture_output=True)


def _model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dialect: str) -> set[tuple[str, str]]:
    """(kind, qualified name) of each table, column, index, type and sequence of the model."""
    root = tmp_path / f"model-{dialect}"
    (root / "alembic" / "versions").mkdir(parents=True)
    (root / "alembic" / "versions" / "6b0f5f32d602_init.py").write_text(INIT)
    (root / "alembic" / "versions" / "38514b39a824_core.py").write_text(CORE)
    (root / "dbnamelint.yaml").write_text(f"paths: [alembic/versions]\ndialect: {dialect}\n")
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["inspect", "--format", "json", "--no-cache"])
    assert result.exit_code == 0, result.output
    kinds = {"table", "column", "index", "type", "sequence"}
    return {
        (o["kind"], o["qualified_name"])
        for o in json.loads(result.stdout)["objects"]
        if o["kind"] in kinds
    }


@pytest.mark.skipif(_alembic() is None, reason="alembic is not installed")
def test_the_model_holds_what_alembic_creates_on_postgres(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    with pg.fresh_database("s34_alembicgate_core") as database:
        url = pg.url(database).replace("postgresql://", "postgresql+psycopg2://", 1)
        _run_alembic(tmp_path / "oracle", url)

        def rows(sql: str) -> set[tuple[str, str]]:
            return {(r["k"], r["n"]) for r in pg.query_json(sql, dbname=database)}

        catalog = rows(
            "SELECT 'table' AS k, table_name AS n FROM information_schema.tables"
            " WHERE table_schema = 'public' AND table_name <> 'alembic_version'"
            " UNION SELECT 'column', table_name || '.' || column_name"
            " FROM information_schema.columns WHERE table_schema = 'public'"
            " AND table_name <> 'alembic_version'"
            " UNION SELECT 'index', tablename || '.' || indexname FROM pg_indexes"
            " WHERE schemaname = 'public' AND indexname NOT LIKE '%\\_pkey'"
            " AND tablename <> 'alembic_version'"
            " UNION SELECT 'type', typname FROM pg_type t JOIN pg_namespace s"
            " ON s.oid = t.typnamespace WHERE s.nspname = 'public' AND t.typtype = 'e'"
            " UNION SELECT 'sequence', sequence_name FROM information_schema.sequences"
            " WHERE sequence_schema = 'public'"
        )
    assert catalog == _model(tmp_path, monkeypatch, "postgres")


@pytest.mark.skipif(_alembic() is None, reason="alembic is not installed")
def test_the_model_holds_what_alembic_creates_on_sqlite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = tmp_path / "app.db"
    _run_alembic(tmp_path / "oracle", f"sqlite:///{database}")
    with sqlite3.connect(database) as connection:
        catalog = {
            ("table" if kind == "table" else "index", name if kind == "table" else f"{t}.{name}")
            for kind, name, t in connection.execute(
                "SELECT type, name, tbl_name FROM sqlite_master"
                " WHERE name <> 'alembic_version' AND name NOT LIKE 'sqlite_%'"
            )
        }
        for kind, table in list(catalog):
            if kind == "table":
                catalog |= {
                    ("column", f"{table}.{row[1]}")
                    for row in connection.execute(f'PRAGMA table_info("{table}")')
                }
    assert catalog == _model(tmp_path, monkeypatch, "sqlite")
