"""Alembic revisions' names that were lost or misread (trial s40, CTFd).

- a column named by a reserved word (``sa.Column("check", ...)``, MySQL's
  ``key``: CTFd's ``config.key``) was written unquoted into the SQL read, so
  it became a CHECK constraint, an index ``TEXT``, or a DBN004 error;
- a ``CheckConstraint`` given to a ``Column`` was dropped (create_table and
  add_column), so its name passed the gate unjudged;
- a ``Table`` of a ``MetaData`` that ``create_all(op.get_bind())`` makes was
  read only when bound to a name;
- ``op.create_table("t", *COLUMNS)`` made a table with no columns, silently:
  now a ``DBN013`` note (an error in the gate).

Oracle: ``alembic upgrade head`` (``DBNAMELINT_TEST_ALEMBIC``) on PostgreSQL 15
and MariaDB 10.11, then ``inspect --db`` of the catalog equals ``inspect`` of
the files. The gate runs in real git.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from alembic_oracle import (
    ENV_PY,
    USERS_CONFIGS,
    assert_gate_reads,
    needs_alembic,
    qualified_objects,
    upgrade_head,
    users_repo,
)
from mysql_server import MysqlServer
from pg_server import PgServer


def _revision(upgrade: str, before: str = "") -> str:
    body = "".join(f"    {line}\n" if line else "\n" for line in upgrade.splitlines())
    return (
        "from alembic import op\nimport sqlalchemy as sa\n\n"
        + before
        + "revision = '0001'\ndown_revision = None\n\n\ndef upgrade():\n"
        + body
    )


def _tree(root: Path, upgrade: str, before: str = "") -> Path:
    versions = root / "migrations" / "versions"
    versions.mkdir(parents=True)
    (versions / "0001_init.py").write_text(_revision(upgrade, before))
    (root / "migrations" / "env.py").write_text(ENV_PY)
    return root


def _pg_model_is_the_catalog(
    root: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer, name: str
) -> set[tuple[str, str]]:
    with pg.fresh_database(name) as database:
        url = pg.url(database)
        upgrade_head(root, url.replace("postgresql://", "postgresql+psycopg2://", 1))
        live = qualified_objects(root, monkeypatch, "--db", url)
    files = qualified_objects(root, monkeypatch, "--dialect", "postgres", "migrations/versions")
    assert files == live
    return live


RESERVED = """op.create_table(
    "things",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("key", sa.String(20), nullable=True),
    sa.Column("check", sa.Integer(), nullable=True),
    sa.Column("order", sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint("id"),
)
op.add_column("things", sa.Column("constraint", sa.String(20)))
op.create_index("ix_things_order", "things", ["order"])
"""


@needs_alembic
def test_reserved_word_columns_are_columns_on_postgres(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    root = _tree(tmp_path, RESERVED)
    live = _pg_model_is_the_catalog(root, monkeypatch, pg, "s40_ctfd_reserved")
    assert {("column", "things.check"), ("column", "things.constraint")} <= live


@needs_alembic
def test_reserved_word_columns_are_columns_on_mariadb(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, maria: MysqlServer
) -> None:
    """CTFd's ``config.key`` read as MySQL was an index named ``TEXT``."""
    root = _tree(tmp_path, RESERVED)
    with maria.fresh_database("s40_ctfd_reserved") as database:
        url = maria.url(database)
        upgrade_head(root, url.replace("mysql://", "mysql+pymysql://", 1))
        live = qualified_objects(root, monkeypatch, "--db", url)
    assert ("column", "things.key") in live
    assert (
        qualified_objects(root, monkeypatch, "--dialect", "mariadb", "migrations/versions") == live
    )


COLUMN_CHECKS = """op.create_table(
    "things",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("n", sa.Integer(), sa.CheckConstraint("n > 0", name="ck_things_n")),
    sa.Column("m", sa.Integer(), sa.CheckConstraint("m > 0")),
    sa.PrimaryKeyConstraint("id"),
)
op.add_column(
    "things",
    sa.Column("score", sa.Integer(), sa.CheckConstraint("score >= 0", name="ck_things_score")),
)
"""


@needs_alembic
def test_a_columns_check_constraints_are_in_the_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    root = _tree(tmp_path, COLUMN_CHECKS)
    live = _pg_model_is_the_catalog(root, monkeypatch, pg, "s40_ctfd_colcheck")
    assert {
        ("constraint", "things.ck_things_n"),
        ("constraint", "things.things_m_check"),
        ("constraint", "things.ck_things_score"),
    } <= live


UNBOUND_TABLES = """meta = sa.MetaData()
sa.Table("meta_things", meta, sa.Column("id", sa.Integer, primary_key=True))
sa.Table("meta_others", meta, sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("v", sa.Text))
meta.create_all(op.get_bind())
"""


@needs_alembic
def test_create_all_makes_the_tables_no_name_is_bound_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    root = _tree(tmp_path, UNBOUND_TABLES)
    live = _pg_model_is_the_catalog(root, monkeypatch, pg, "s40_ctfd_unbound")
    assert {("table", "meta_things"), ("column", "meta_others.v")} <= live


NEW = "alembic/versions/0002_new.py"


def _new(upgrade: str, before: str = "") -> str:
    body = "".join(f"    {line}\n" if line else "\n" for line in upgrade.splitlines())
    return (
        "from alembic import op\nimport sqlalchemy as sa\n\n"
        + before
        + "revision = '0002'\ndown_revision = '0001'\n\n\ndef upgrade():\n"
        + body
    )


@pytest.mark.parametrize("config", USERS_CONFIGS, ids=["model", "code-gate"])
def test_the_gate_judges_a_columns_check_and_unbound_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str
) -> None:
    """Each bad name passed ``check --base`` and the hook before."""
    root = users_repo(tmp_path / "repo", config, monkeypatch)
    text = _new(
        'op.add_column("users", sa.Column("score", sa.Integer(),\n'
        '    sa.CheckConstraint("score >= 0", name="CK_UsersScore")))\n'
        "meta = sa.MetaData()\n"
        'sa.Table("BadgeAwards", meta, sa.Column("id", sa.Integer, primary_key=True))\n'
        "meta.create_all(op.get_bind())\n"
    )
    lines = text.split("\n")
    judged = {
        next(i for i, row in enumerate(lines, 1) if "CK_UsersScore" in row),
        next(i for i, row in enumerate(lines, 1) if "BadgeAwards" in row),
    }
    assert_gate_reads(root, NEW, text, judged, [])


def test_columns_not_written_in_create_table_are_a_dbn013_in_the_gate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``*COLUMNS`` made a table with no columns and passed the gate."""
    root = users_repo(tmp_path / "repo", USERS_CONFIGS[0], monkeypatch)
    before = 'COLUMNS = [sa.Column("id", sa.Integer()), sa.Column("badSplat", sa.Integer())]\n\n'
    good = _new('op.create_table("splats", sa.Column("id", sa.Integer()))\n', before)
    splat = _new('op.create_table("splats", *COLUMNS)\n', before)
    named = _new('col = sa.Column("badName", sa.Integer())\nop.create_table("splats", col)\n')
    assert_gate_reads(
        root,
        NEW,
        good.replace('"splats"', '"Splats"'),
        {next(i for i, r in enumerate(good.split("\n"), 1) if "create_table" in r)},
        [(splat, ["op.create_table"]), (named, ["op.create_table"])],
    )
