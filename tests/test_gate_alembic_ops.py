"""Alembic's operations API in the gate (trial s30 redash).

A new revision ``migrations/versions/abcdef123456_add_user_prefs.py`` whose
``upgrade()`` runs ``op.create_table("UserPrefs", sa.Column("themeName",
...))``, ``op.add_column("queries", sa.Column("isPinned", ...))``,
``op.create_index("IX_Queries_Pinned", ...)``, ``op.rename_table``,
``op.alter_column(..., new_column_name="queryName")`` or
``op.create_unique_constraint("UQ_Dash_Slug", ...)`` passed ``check
--base`` and the hook: the gate read DDL strings (``op.execute("...")``)
only. ``alembic upgrade`` creates those names. Now each call of
``upgrade()`` (never ``downgrade()``) is read as the SQL Alembic emits for
it (``alembic upgrade --sql``), judged and located at the Python call, and
an applied revision's edited call is ``DBN025`` as an edited string is.

Oracles: real git (the base commit), and Alembic itself on PostgreSQL
(``test_alembic_creates_the_names_the_gate_judged``: ``alembic upgrade
head`` of the revision, the catalog holds the names judged; skipped without
alembic or the database).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from dbnamelint.cli import cli
from git_helpers import committed_repo, git
from pg_server import PgServer

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

CONFIG = "paths: [db]\ndialect: postgres\n"
SCHEMA = """CREATE TABLE queries (id serial PRIMARY KEY, name text, user_id int);
CREATE TABLE dashboards (id serial PRIMARY KEY, name text, slug text);
CREATE TABLE favorites (id serial PRIMARY KEY, user_id int);
CREATE TABLE users (id serial PRIMARY KEY, name text);
CREATE TABLE events (id serial PRIMARY KEY, action text);
"""
VERSIONS = "migrations/versions"
APPLIED = f"{VERSIONS}/1daa601d3ae5_add_disabled_at.py"
APPLIED_TEXT = '''"""add disabled_at

Revision ID: 1daa601d3ae5
"""
from alembic import op
import sqlalchemy as sa

revision = "1daa601d3ae5"
down_revision = None


def upgrade():
    op.add_column("users", sa.Column("disabled_at", sa.DateTime(True), nullable=True))


def downgrade():
    op.drop_column("users", "disabled_at")
'''
NEW = f"{VERSIONS}/abcdef123456_add_user_prefs.py"
NEW_TEXT = '''"""add user prefs

Revision ID: abcdef123456
"""
from alembic import op
import sqlalchemy as sa

revision = "abcdef123456"
down_revision = "1daa601d3ae5"


def upgrade():
    op.create_table(
        "UserPrefs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("themeName", sa.String(50), nullable=False),
    )
    op.add_column("queries", sa.Column("isPinned", sa.Boolean(), nullable=True))
    op.create_index("IX_Queries_Pinned", "queries", ["isPinned"], unique=False)
    op.rename_table("favorites", "UserFavorites")
    op.alter_column("dashboards", "name", new_column_name="queryName")
    op.create_unique_constraint("UQ_Dash_Slug", "dashboards", ["slug"])
    with op.batch_alter_table("events") as batch_op:
        batch_op.add_column(sa.Column("batchCol", sa.Text()))


def downgrade():
    op.create_table("DowngradeOnly", sa.Column("badName", sa.Integer()))
'''
#: Each name the new revision creates: (rule code, line, column of the literal).
EXPECTED = {
    ("DBN101", '"UserPrefs"', 14, 9),
    ("DBN201", '"themeName"', 16, 19),
    ("DBN201", '"isPinned"', 18, 40),
    ("DBN101", '"UserFavorites"', 20, 34),
    ("DBN201", '"queryName"', 21, 59),
    ("DBN201", '"batchCol"', 24, 39),
}


def _diagnostics() -> tuple[int, list[tuple[str, str, int, int, str, str]]]:
    result = CliRunner().invoke(cli, ["check", "--base", "HEAD", "--no-cache", "--format", "json"])
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


def _repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return committed_repo(
        tmp_path / "redash",
        {
            "dbnamelint.yaml": CONFIG,
            "db/schema.sql": SCHEMA,
            APPLIED: APPLIED_TEXT,
            "migrations/env.py": "from alembic import context\n",
        },
        monkeypatch,
    )


def test_a_new_revisions_op_calls_are_judged_at_the_call(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    (root / NEW).write_text(NEW_TEXT, encoding="utf-8")
    git(root, "add", "-A")
    code, found = _diagnostics()
    assert code == 1
    mine = [f for f in found if f[1] == NEW]
    for rule, name, line, column in EXPECTED:
        assert any(
            c == rule and ln == line and col == column and name.strip('"') in m
            for c, _p, ln, col, _s, m in mine
        ), (rule, name, line, column, mine)
    # The index and the constraint are judged too (names not snake_case).
    assert any("IX_Queries_Pinned" in m for *_, m in mine), mine
    assert any("UQ_Dash_Slug" in m for *_, m in mine), mine
    # downgrade() is never what the revision adds.
    assert not any("DowngradeOnly" in m or "badName" in m for *_, m in found)


def test_an_op_f_name_is_its_literal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Autogenerate writes every index name as ``op.f("ix_...")`` (Alembic
    docs, ``op.f``: the name is used as given, the naming convention not
    applied): the literal is the name, judged, not a name the code computes
    (the closing confirmation of s30: a DBN013 error refused such revisions)."""
    root = _repo(tmp_path, monkeypatch)
    text = NEW_TEXT.replace('"IX_Queries_Pinned"', 'op.f("IX_Queries_Pinned")')
    assert 'op.f("IX_Queries_Pinned")' in text
    (root / NEW).write_text(text, encoding="utf-8")
    git(root, "add", "-A")
    code, found = _diagnostics()
    assert code == 1
    assert not [f for f in found if f[0] == "DBN013"], found
    assert any("IX_Queries_Pinned" in m for c, p, *_, m in found if c == "DBN301"), found
    good = NEW_TEXT.replace('"IX_Queries_Pinned"', 'op.f("ix_queries_pinned")')
    (root / NEW).write_text(good, encoding="utf-8")
    git(root, "add", "-A")
    assert not [f for f in _diagnostics()[1] if f[0] in ("DBN013", "DBN301")]


def test_a_name_the_revision_computes_is_refused_in_a_new_revision(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    text = NEW_TEXT.replace('"UserPrefs",', "table_name,").replace(
        "def upgrade():", 'table_name = "user_prefs"\n\n\ndef upgrade():'
    )
    (root / NEW).write_text(text, encoding="utf-8")
    git(root, "add", "-A")
    code, found = _diagnostics()
    assert code == 1
    notes = [f for f in found if f[0] == "DBN013" and f[1] == NEW]
    assert notes and notes[0][4] == "error", found
    assert "table_name" in notes[0][5]


def test_an_edited_op_call_of_an_applied_revision_is_dbn025(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    (root / APPLIED).write_text(APPLIED_TEXT.replace('"disabled_at", sa', '"disabledAt", sa'))
    code, found = _diagnostics()
    assert code == 1
    edits = [(c, p, ln, s) for c, p, ln, _col, s, _m in found if c == "DBN025"]
    assert edits == [("DBN025", APPLIED, 13, "error")], found


def test_an_op_call_deleted_from_an_applied_revision_is_dbn025(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    text = APPLIED_TEXT.replace(
        '    op.add_column("users", sa.Column("disabled_at", sa.DateTime(True), nullable=True))\n',
        "    pass\n",
    )
    (root / APPLIED).write_text(text)
    code, found = _diagnostics()
    assert code == 1
    assert [(c, s) for c, _p, _l, _c, s, _m in found if c == "DBN025"] == [("DBN025", "error")]


def test_an_edit_of_downgrade_only_passes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _repo(tmp_path, monkeypatch)
    (root / APPLIED).write_text(
        APPLIED_TEXT.replace(
            'op.drop_column("users", "disabled_at")',
            'op.drop_column("users", "disabled_at")  # undo',
        )
    )
    _code, found = _diagnostics()
    assert not any(c == "DBN025" for c, *_ in found), found


def test_upgrade_calls_only() -> None:
    from dbnamelint.alembic_ops import op_calls

    calls, _ = op_calls(NEW_TEXT)
    assert [c.name for c in calls][:2] == ["create_table", "add_column"]
    assert all("DowngradeOnly" not in t.text for c in calls for t in c.tokens)


def _alembic() -> str | None:
    """The ``alembic`` command: ``DBNAMELINT_TEST_ALEMBIC``, else on PATH.
    Its Python needs sqlalchemy and psycopg2 (``pip install alembic
    psycopg2-binary``)."""
    return os.environ.get("DBNAMELINT_TEST_ALEMBIC") or shutil.which("alembic")


@pytest.mark.skipif(_alembic() is None, reason="alembic is not installed")
def test_alembic_creates_the_names_the_gate_judged(tmp_path: Path, pg: PgServer) -> None:
    """The oracle: Alembic itself, ``alembic upgrade head`` on PostgreSQL:
    the catalog holds each name the gate judged, and none of ``downgrade()``."""
    with pg.fresh_database("dbnamelint_alembic_ops") as database:
        pg.run(sql=SCHEMA, dbname=database)
        (tmp_path / "versions").mkdir()
        (tmp_path / "versions" / Path(APPLIED).name).write_text(APPLIED_TEXT)
        (tmp_path / "versions" / Path(NEW).name).write_text(NEW_TEXT)
        (tmp_path / "env.py").write_text(
            "from alembic import context\nfrom sqlalchemy import create_engine\n"
            "engine = create_engine(context.config.get_main_option('sqlalchemy.url'))\n"
            "with engine.connect() as connection:\n"
            "    context.configure(connection=connection)\n"
            "    with context.begin_transaction():\n"
            "        context.run_migrations()\n"
        )
        url = pg.url(database).replace("postgresql://", "postgresql+psycopg2://", 1)
        (tmp_path / "alembic.ini").write_text(
            f"[alembic]\nscript_location = {tmp_path}\nsqlalchemy.url = {url}\n"
        )
        alembic = _alembic()
        assert alembic is not None
        subprocess.run(
            [alembic, "-c", str(tmp_path / "alembic.ini"), "upgrade", "head"],
            check=True,
            capture_output=True,
        )
        tables = set(pg.public_tables(database))
        columns = {
            f"{r['table_name']}.{r['column_name']}"
            for r in pg.query_json(
                "SELECT table_name, column_name FROM information_schema.columns"
                " WHERE table_schema = 'public'",
                dbname=database,
            )
        }
        indexes = {
            r["indexname"]
            for r in pg.query_json(
                "SELECT indexname FROM pg_indexes WHERE schemaname = 'public'", dbname=database
            )
        }
    assert {"UserPrefs", "UserFavorites"} <= tables
    assert "favorites" not in tables
    assert "DowngradeOnly" not in tables
    assert {
        "UserPrefs.themeName",
        "queries.isPinned",
        "dashboards.queryName",
        "events.batchCol",
        "users.disabled_at",
    } <= columns
    assert {"IX_Queries_Pinned", "UQ_Dash_Slug"} <= indexes


def test_an_operation_not_read_in_a_new_revision_is_refused_unless_accepted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The ``DBN013`` error, as when the revisions are named in ``paths:``
    (a ``DBN014`` warning before, which the gate passed;
    tests/test_gate_unread_builder_refused.py); ``# dbnamelint:
    ignore[DBN013] <reason>`` accepts it."""
    root = _repo(tmp_path, monkeypatch)
    text = NEW_TEXT.replace(
        '    op.rename_table("favorites", "UserFavorites")\n',
        '    op.create_exclude_constraint("ExclRange", "events", ("action", "="))\n',
    )
    (root / NEW).write_text(text, encoding="utf-8")
    git(root, "add", "-A")
    _code, found = _diagnostics()
    said = [f for f in found if f[1] == NEW and "create_exclude_constraint" in f[5]]
    assert [(c, ln, col, s) for c, _p, ln, col, s, _m in said] == [("DBN013", 20, 5, "error")], (
        found
    )
    (root / NEW).write_text(
        text.replace(
            "    op.create_exclude_constraint(",
            "    # dbnamelint: ignore[DBN013] ExclRange is checked by hand\n"
            "    op.create_exclude_constraint(",
        ),
        encoding="utf-8",
    )
    git(root, "add", "-A")
    _code, found = _diagnostics()
    said = [f for f in found if f[1] == NEW and "create_exclude_constraint" in f[5]]
    assert [s for _c, _p, _ln, _col, s, _m in said] in ([], ["info"]), found


def test_the_sql_is_what_alembic_emits() -> None:
    """redash's revision as ``alembic upgrade head --sql`` (Alembic 1.x,
    SQLAlchemy, PostgreSQL) prints it: ``id SERIAL NOT NULL`` for the one
    integer key of a ``PrimaryKeyConstraint``, ``VARCHAR(255)`` for
    ``Unicode(length=255)``, a quoted mixed-case name (its ``ADD COLUMN`` is
    written ``ADD``, the same statement to PostgreSQL, MySQL and SQLite)."""
    from dbnamelint.code_ddl_text import ddl_strings

    text = NEW_TEXT.replace(
        """        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("themeName", sa.String(50), nullable=False),
""",
        """        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("themeName", sa.Unicode(length=255), nullable=False),
        sa.PrimaryKeyConstraint("id"),
""",
    )
    keys = [
        " ".join(s.key().replace("( ", "(").replace(" )", ")").split())
        for s in ddl_strings(NEW, text)
    ]
    assert keys[:3] == [
        'CREATE TABLE "UserPrefs" (id SERIAL NOT NULL , "themeName" VARCHAR(255) NOT NULL ,'
        " PRIMARY KEY (id))",
        'ALTER TABLE queries ADD "isPinned" BOOLEAN',
        'CREATE INDEX "IX_Queries_Pinned" ON queries ("isPinned")',
    ]


def test_a_column_index_is_alembics_ix_name() -> None:
    """``Column(..., index=True)`` in ``add_column`` (``batch_op`` too):
    ``alembic upgrade --sql`` prints ``CREATE INDEX "ix_queries_pinnedAt" ON
    queries ("pinnedAt")`` after the column (SQLAlchemy's default naming
    convention ``ix_%(column_0_label)s``)."""
    from dbnamelint.code_ddl_text import ddl_strings

    text = NEW_TEXT.replace(
        'sa.Column("isPinned", sa.Boolean(), nullable=True)',
        'sa.Column("pinnedAt", sa.DateTime(), index=True)',
    ).replace('sa.Column("batchCol", sa.Text())', 'sa.Column("kind", sa.Text(), index=True)')
    # (one call's statements are one string, ``;`` between: laid past a line's end
    # one after the other, each keeps its place)
    keys = [
        " ".join(statement.replace("( ", "(").replace(" )", ")").split())
        for s in ddl_strings(NEW, text)
        for statement in s.key().split(";")
    ]
    assert 'CREATE INDEX "ix_queries_pinnedAt" ON queries ("pinnedAt")' in keys
    assert "CREATE INDEX ix_events_kind ON events (kind)" in keys


#: env.py whose target_metadata names constraints (SQLAlchemy naming convention).
CONVENTION_ENV = """from alembic import context
from sqlalchemy import MetaData, create_engine

convention = {
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
}
target_metadata = MetaData(naming_convention=convention)
url = context.config.get_main_option("sqlalchemy.url")
with create_engine(url).connect() as connection:
    context.configure(connection=connection, target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()
"""


def _revision(upgrade: str) -> str:
    """A first revision (5c1e2a3b4d5e) whose ``upgrade()`` runs ``upgrade``
    (its body, indented) and whose ``downgrade()`` does nothing."""
    return (
        "from alembic import op\nimport sqlalchemy as sa\n\n"
        'revision = "5c1e2a3b4d5e"\ndown_revision = None\n\n\n'
        f"def upgrade():\n{upgrade}\n\ndef downgrade():\n    pass\n"
    )


SCHEMA_REV = f"{VERSIONS}/5c1e2a3b4d5e_prefs.py"
SCHEMA_REV_TEXT = _revision(
    """\
    op.create_table(
        "UserPrefs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("status", sa.Enum("on", "off", name="PrefStatus")),
        schema="{schema}",
    )
    op.add_column("queries", sa.Column("prefId", sa.Integer()))
    op.create_foreign_key(
        None, "queries", "UserPrefs", ["prefId"], ["id"], referent_schema="{schema}"
    )
    op.create_unique_constraint(None, "queries", ["prefId"])
    op.create_index("IX_Pref_Status", "UserPrefs", ["status"], schema="{schema}")
"""
)
#: What the revision creates, as `alembic upgrade head` makes it on
#: PostgreSQL (test_alembic_online_names_are_the_names_the_gate_judged):
#: (rule, object as the finding names it, line); the type on PostgreSQL only.
SCHEMA_REV_NAMES = {
    ("DBN101", 'table "AlmAudit.UserPrefs"', 10),
    ("DBN505", 'type "PrefStatus"', 12),
    ("DBN201", 'column "queries.prefId"', 15),
    ("DBN401", 'constraint "queries.fk_queries_prefId_UserPrefs"', 16),
    ("DBN401", 'constraint "queries.uq_queries_prefId"', 19),
    ("DBN301", 'index "AlmAudit.UserPrefs.IX_Pref_Status"', 20),
}


def _named() -> set[tuple[str, str, int]]:
    """The gate's findings in SCHEMA_REV: (rule, kind "qualified name", line)."""
    result = CliRunner().invoke(cli, ["check", "--base", "HEAD", "--no-cache", "--format", "json"])
    report = json.loads(result.stdout)
    return {
        (f["code"], f'{f["kind"]} "{f["qualified_name"]}"', f["line"])
        for f in report["findings"]
        if f["path"] == SCHEMA_REV
    }


@pytest.mark.parametrize("dialect", ["postgres", "mysql"])
def test_schema_enum_type_and_convention_names_are_alembics(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dialect: str
) -> None:
    """``schema=`` qualifies the table (``CREATE TABLE "AlmAudit"."UserPrefs"``),
    a named ``Enum`` is a PostgreSQL type (``CREATE TYPE "PrefStatus"``; MySQL
    writes ``ENUM(...)`` inline: no type), and ``op.create_foreign_key(None,
    ...)`` is named by the naming convention of env.py's ``target_metadata``
    (``fk_queries_prefId_UserPrefs``), not refused as a name the code computes
    (it was a DBN013 error). On MySQL the names are in backticks, as
    SQLAlchemy's MySQL dialect writes them (``alembic upgrade --sql``)."""
    root = _repo(tmp_path, monkeypatch)
    (root / "dbnamelint.yaml").write_text(f"paths: [db]\ndialect: {dialect}\n")
    (root / "migrations/env.py").write_text(CONVENTION_ENV)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "config")
    (root / SCHEMA_REV).write_text(SCHEMA_REV_TEXT.replace("{schema}", "AlmAudit"))
    git(root, "add", "-A")
    code, found = _diagnostics()
    assert code == 1
    expected = {e for e in SCHEMA_REV_NAMES if dialect == "postgres" or e[0] != "DBN505"}
    assert _named() == expected, found
    assert not [f for f in found if f[0] in ("DBN013", "DBN004", "DBN001")], found


def test_an_unnamed_constraint_without_a_convention_is_the_databases(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No naming convention: ``op.create_foreign_key(None, ...)`` is
    ``ALTER TABLE queries ADD FOREIGN KEY(user_id) REFERENCES users (id)``
    (``alembic upgrade --sql``): the database names it, nothing the code
    computes; the new revision passes."""
    root = _repo(tmp_path, monkeypatch)
    (root / SCHEMA_REV).write_text(
        'revision = "5c1e2a3b4d5e"\ndown_revision = None\nfrom alembic import op\n\n\n'
        "def upgrade():\n"
        '    op.create_foreign_key(None, "queries", "users", ["user_id"], ["id"])\n'
        '    op.create_unique_constraint(None, "dashboards", ["slug"])\n'
    )
    git(root, "add", "-A")
    code, found = _diagnostics()
    assert code == 0, found


def _online(url: str, root: Path, schema: str) -> None:
    """``alembic upgrade head`` (online) of the revision against ``url``."""
    _upgrade(url, root, SCHEMA_REV_TEXT.replace("{schema}", schema))


def _upgrade(url: str, root: Path, revision: str) -> None:
    """``alembic upgrade head`` (online) against ``url`` of the one revision
    ``revision`` (at SCHEMA_REV's name, env.py :data:`CONVENTION_ENV`) in ``root``."""
    (root / "versions").mkdir()
    (root / "versions" / Path(SCHEMA_REV).name).write_text(revision)
    (root / "env.py").write_text(CONVENTION_ENV)
    (root / "alembic.ini").write_text(
        f"[alembic]\nscript_location = {root}\nsqlalchemy.url = {url}\n"
    )
    alembic = _alembic()
    assert alembic is not None
    done = subprocess.run(
        [alembic, "-c", str(root / "alembic.ini"), "upgrade", "head"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.skipif(_alembic() is None, reason="alembic is not installed")
def test_alembic_online_names_are_the_names_the_gate_judged(tmp_path: Path, pg: PgServer) -> None:
    """The oracle: ``alembic upgrade head`` on PostgreSQL 15 creates the type,
    the schema-qualified table and the constraints named by the convention
    that the gate judged (SCHEMA_REV_NAMES)."""
    with pg.fresh_database("dbnamelint_alembic_conv") as database:
        pg.run(sql=SCHEMA + 'CREATE SCHEMA "AlmAudit";', dbname=database)
        url = pg.url(database).replace("postgresql://", "postgresql+psycopg2://", 1)
        _online(url, tmp_path, "AlmAudit")
        rows = pg.query_json(
            "SELECT 'table \"' || n.nspname || '.' || c.relname || '\"' AS o FROM pg_class c"
            " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'r'"
            " AND n.nspname = 'AlmAudit'"
            " UNION SELECT 'type \"' || typname || '\"' FROM pg_type WHERE typtype = 'e'"
            " UNION SELECT 'constraint \"' || conrelid::regclass || '.' || conname || '\"'"
            " FROM pg_constraint WHERE contype IN ('f', 'u') AND conrelid = 'queries'::regclass"
            " UNION SELECT 'index \"' || schemaname || '.' || tablename || '.' || indexname"
            " || '\"' FROM pg_indexes WHERE indexname = 'IX_Pref_Status'"
            " UNION SELECT 'column \"' || table_name || '.' || column_name || '\"'"
            " FROM information_schema.columns WHERE column_name = 'prefId'",
            dbname=database,
        )
    made = {r["o"] for r in rows}
    assert made == {name for _rule, name, _line in SCHEMA_REV_NAMES}, made


@pytest.mark.skipif(_alembic() is None, reason="alembic is not installed")
def test_alembic_online_on_mariadb_makes_the_same_names_but_the_type(
    tmp_path: Path, maria: object
) -> None:
    """The oracle on MariaDB 10.11 (``mysql+pymysql``): the same table and
    constraint names, no type (``ENUM('on','off')`` inline)."""
    import mysql_server

    assert isinstance(maria, mysql_server.MysqlServer)
    # (the audit database outlives the one whose foreign key refers to it)
    with (
        maria.fresh_database("dbn_alembic_audit") as audit,
        maria.fresh_database("dbn_alembic_app") as app,
    ):
        maria.run(SCHEMA.replace("serial", "int AUTO_INCREMENT"), database=app)
        url = maria.url(app).replace("mysql://", "mysql+pymysql://", 1)
        _online(url, tmp_path, audit)
        listed = maria.run(
            "SELECT CONCAT(TABLE_NAME, '.', CONSTRAINT_NAME)"
            " FROM information_schema.TABLE_CONSTRAINTS WHERE CONSTRAINT_TYPE IN"
            " ('FOREIGN KEY', 'UNIQUE') AND TABLE_SCHEMA = DATABASE()"
            " UNION SELECT CONCAT('index:', TABLE_NAME, '.', INDEX_NAME)"
            " FROM information_schema.STATISTICS WHERE INDEX_NAME = 'IX_Pref_Status'"
            f" AND TABLE_SCHEMA = '{audit}'",
            database=app,
        )
    assert set(listed.split()) == {
        "queries.fk_queries_prefId_UserPrefs",
        "queries.uq_queries_prefId",
        "index:UserPrefs.IX_Pref_Status",
    }


BATCH_REV_TEXT = _revision(
    """\
    op.create_table("UserPrefs", sa.Column("id", sa.Integer(), primary_key=True))
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(sa.Column("prefId", sa.Integer()))
        batch_op.create_foreign_key(None, "UserPrefs", ["prefId"], ["id"])
        batch_op.create_unique_constraint(None, ["name"])
        batch_op.alter_column("name", new_column_name="userName")
        batch_op.create_index("IX_Users_Pref", ["prefId"])
"""
)
#: The names batch mode leaves on SQLite (its move-and-copy keeps the table's
#: name): the constraints named by env.py's convention.
BATCH_NAMES = {
    ("DBN101", 'table "UserPrefs"', 9),
    ("DBN201", 'column "users.prefId"', 11),
    ("DBN401", 'constraint "users.fk_users_prefId_UserPrefs"', 12),
    ("DBN201", 'column "users.userName"', 14),
    # its column renamed after it: the name tells a column it no longer has
    ("DBN504", 'constraint "users.uq_users_name"', 14),
    ("DBN301", 'index "users.IX_Users_Pref"', 15),
}


def test_batch_mode_on_sqlite_is_read_with_the_conventions_names(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _repo(tmp_path, monkeypatch)
    (root / "dbnamelint.yaml").write_text("paths: [db]\ndialect: sqlite\n")
    (root / "migrations/env.py").write_text(CONVENTION_ENV)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "config")
    (root / SCHEMA_REV).write_text(BATCH_REV_TEXT)
    git(root, "add", "-A")
    assert _named() == BATCH_NAMES


@pytest.mark.skipif(_alembic() is None, reason="alembic is not installed")
def test_alembic_batch_mode_on_sqlite_makes_those_names(tmp_path: Path) -> None:
    """The oracle: ``alembic upgrade head`` (online, SQLite 3): batch mode
    recreates ``users`` holding ``fk_users_prefId_UserPrefs`` and
    ``uq_users_name``, the column ``userName``, the index ``IX_Users_Pref``."""
    import sqlite3

    database = tmp_path / "app.db"
    with sqlite3.connect(database) as connection:
        connection.execute("CREATE TABLE users (id integer PRIMARY KEY, name text)")
    _upgrade(f"sqlite:///{database}", tmp_path, BATCH_REV_TEXT)
    with sqlite3.connect(database) as connection:
        rows = dict(connection.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL"))
    assert {"UserPrefs", "users", "IX_Users_Pref"} <= set(rows)
    for made in ('CONSTRAINT "fk_users_prefId_UserPrefs" FOREIGN KEY', "CONSTRAINT uq_users_name"):
        assert made in rows["users"]
    assert '"userName" TEXT' in rows["users"] and '"prefId" INTEGER' in rows["users"]
