"""A branch on the connection's URL runs on its database only (trial s40, CTFd).

CTFd's revisions test the database by its URL: ``url = str(bind.engine.url)``,
then ``if url.startswith("mysql"): ... elif url.startswith("postgres"): ...``
(``b295b033364d``: MySQL's ``awards_ibfk_1`` keys in one branch, PostgreSQL's
``awards_team_id_fkey`` in the other). Both branches were replayed, so each
database's model held the other's names (14 drift lines on PostgreSQL, 26 on
MariaDB). ``dialect.name ==`` tests were understood already (session 37).

Oracle: ``alembic upgrade head`` (``DBNAMELINT_TEST_ALEMBIC``) on PostgreSQL 15
and MariaDB 10.11; ``inspect --db`` of each catalog equals ``inspect`` of the
files in that database's dialect.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from alembic_oracle import ENV_PY, needs_alembic, qualified_objects, upgrade_head
from mysql_server import MysqlServer
from pg_server import PgServer

REVISION = """from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None


def upgrade():
    op.create_table("things", sa.Column("id", sa.Integer(), primary_key=True))
    bind = op.get_bind()
    url = str(bind.engine.url)
    if url.startswith("mysql"):
        op.add_column("things", sa.Column("my_only", sa.Integer()))
    elif url.startswith(("postgres", "postgresql")):
        op.add_column("things", sa.Column("pg_only", sa.Integer()))
    if not str(bind.engine.url).startswith("sqlite"):
        op.add_column("things", sa.Column("not_sqlite", sa.Integer()))
    if bind.engine.url.drivername.startswith("mysql"):
        op.create_index("ix_things_my", "things", ["id"])
    if bind.engine.url.get_backend_name().startswith("postgres"):
        op.create_index("ix_things_pg", "things", ["id"])
"""


def _tree(root: Path) -> Path:
    versions = root / "migrations" / "versions"
    versions.mkdir(parents=True)
    (versions / "0001_init.py").write_text(REVISION)
    (root / "migrations" / "env.py").write_text(ENV_PY)
    return root


@needs_alembic
def test_url_branches_on_postgres(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pg: PgServer
) -> None:
    root = _tree(tmp_path)
    with pg.fresh_database("s40_ctfd_urlbranch") as database:
        url = pg.url(database)
        upgrade_head(root, url.replace("postgresql://", "postgresql+psycopg2://", 1))
        live = qualified_objects(root, monkeypatch, "--db", url)
    assert {("column", "things.pg_only"), ("index", "things.ix_things_pg")} <= live
    assert (
        qualified_objects(root, monkeypatch, "--dialect", "postgres", "migrations/versions") == live
    )


@needs_alembic
def test_url_branches_on_mariadb(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, maria: MysqlServer
) -> None:
    root = _tree(tmp_path)
    with maria.fresh_database("s40_ctfd_urlbranch") as database:
        url = maria.url(database)
        upgrade_head(root, url.replace("mysql://", "mysql+pymysql://", 1))
        live = qualified_objects(root, monkeypatch, "--db", url)
    assert {("column", "things.my_only"), ("index", "things.ix_things_my")} <= live
    assert (
        qualified_objects(root, monkeypatch, "--dialect", "mariadb", "migrations/versions") == live
    )
