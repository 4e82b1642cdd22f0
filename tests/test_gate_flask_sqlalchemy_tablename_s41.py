"""The gate judges the table Flask-SQLAlchemy names for a model without
``__tablename__`` (trial s41 redash).

Flask-SQLAlchemy gives a ``db.Model`` subclass that sets no
``__tablename__`` the class name in snake_case (``QueryTag`` ->
``query_tag``), and ``db.create_all()`` makes that table. Such a model, new
in redash's ``models/__init__.py`` with ``tagName = Column(...)`` and
``db.Index("IX_QueryTag", ...)``, passed the hook: no model was read without a
``__tablename__`` literal. Now its table is the one Flask-SQLAlchemy names
(``DBN105``: not plural), and its columns and indexes are judged on it.

Oracle: Flask-SQLAlchemy itself: ``db.create_all()`` on SQLite made tables
``query_tag``, ``http_log``, ``o_auth2_token`` and ``api_key`` with
Flask-SQLAlchemy 2.5.1 (SQLAlchemy 1.3, redash's pins) and 3.1.1
(SQLAlchemy 2.1); where the services' oracle venv has Flask-SQLAlchemy the
test runs it again. The gate runs in real git, plain and ``--pre-commit``.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from alembic_oracle import alembic
from cli_json import run_cli
from git_helpers import committed_repo, git

MODELS = """from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


class Users(db.Model):
    __tablename__ = "users"
    id = db.Column(db.Integer, primary_key=True)


class TimestampMixin:
    created_at = db.Column(db.DateTime)
"""
ADDED = """

class QueryTag(TimestampMixin, db.Model):
    id = db.Column(db.Integer, primary_key=True)
    tagName = db.Column(db.String(255))
    __table_args__ = (db.Index("IX_QueryTag", "tagName"),)


class HTTPLog(db.Model):
    id = db.Column(db.Integer, primary_key=True)


class OAuth2Token(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer)


class APIKey(db.Model):
    __abstract__ = True
    keyText = db.Column(db.String(40))


class Audit(db.Model):
    __table__ = db.Table("audit_logs", db.metadata, db.Column("id", db.Integer, primary_key=True))
"""
FILES = {
    "dbnamelint.yaml": 'paths: ["schema.sql"]\ndialect: sqlite\n',
    "schema.sql": "CREATE TABLE users (id integer PRIMARY KEY);\n",
    "app/models.py": MODELS,
}
#: Flask-SQLAlchemy's tables and their columns (2.5.1 and 3.1.1 alike).
MADE = {
    "users": ["id"],
    "query_tag": ["created_at", "id", "tagName"],
    "http_log": ["id"],
    "o_auth2_token": ["id", "user_id"],
    "audit_logs": ["id"],
}


def _line(text: str, part: str) -> int:
    return next(i for i, row in enumerate(text.split("\n"), 1) if part in row)


def _oracle(tmp_path: Path) -> dict[str, list[str]] | None:
    """Table -> columns Flask-SQLAlchemy's ``create_all`` makes, or None
    where the oracle venv has no Flask-SQLAlchemy."""
    if alembic() is None:
        return None
    python = Path(str(alembic())).parent / "python"
    has = subprocess.run([str(python), "-c", "import flask_sqlalchemy"], check=False)
    if has.returncode != 0:
        return None
    (tmp_path / "oracle").mkdir()
    (tmp_path / "oracle" / "models.py").write_text(MODELS + ADDED)
    script = (
        "import json, flask, sqlalchemy as sa, models\n"
        "app = flask.Flask('x')\napp.config['SQLALCHEMY_DATABASE_URI'] = 'sqlite://'\n"
        "models.db.init_app(app)\n"
        "with app.app_context():\n"
        "    models.db.create_all()\n"
        "    i = sa.inspect(models.db.engine)\n"
        "    print(json.dumps({t: [c['name'] for c in i.get_columns(t)]"
        " for t in i.get_table_names()}))\n"
    )
    done = subprocess.run(
        [str(python), "-c", script],
        cwd=tmp_path / "oracle",
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    made: dict[str, list[str]] = json.loads(done.stdout)
    return made


@pytest.mark.parametrize("staged", [False, True], ids=["working-tree", "pre-commit"])
def test_a_models_flask_named_table_is_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, staged: bool
) -> None:
    made = _oracle(tmp_path)
    if made is not None:
        assert {t: sorted(c) for t, c in made.items()} == MADE
    root = committed_repo(tmp_path / "repo", FILES, monkeypatch)
    text = MODELS + ADDED
    (root / "app/models.py").write_text(text)
    git(root, "add", "-A")
    run = ("--pre-commit",) if staged else ()
    status, report, _ = run_cli("check", *run, "--base", "HEAD", "--no-cache", "--format", "json")
    assert status == 1, report
    found = sorted(
        (f["code"], f["qualified_name"], f["line"])
        for f in report["findings"]
        if f.get("new", True)
    )
    assert found == [
        ("DBN105", "http_log", _line(text, "class HTTPLog(")),
        ("DBN105", "o_auth2_token", _line(text, "class OAuth2Token(")),
        ("DBN105", "query_tag", _line(text, "class QueryTag(")),
        ("DBN201", "query_tag.tagName", _line(text, "tagName =")),
        ("DBN301", "query_tag.IX_QueryTag", _line(text, '"IX_QueryTag"')),
    ], report


FLASK_TABLE = """

query_groups = db.Table(
    "QueryGroups",
    db.Column("queryId", db.Integer),
    db.Column("group_id", db.Integer),
    db.Index("IX_QueryGroups", "group_id"),
)
"""


def test_a_flask_db_tables_columns_are_judged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Flask-SQLAlchemy's ``db.Table("name", Column(...))`` takes no
    metadata: its columns start at the second argument (``queryId`` passed).
    Flask-SQLAlchemy 2.5.1 and 3.1.1 ``create_all`` made table
    ``QueryGroups``, columns ``queryId`` and ``group_id``, index
    ``IX_QueryGroups``."""
    root = committed_repo(tmp_path / "repo", FILES, monkeypatch)
    text = MODELS + FLASK_TABLE
    (root / "app/models.py").write_text(text)
    git(root, "add", "-A")
    status, report, _ = run_cli("check", "--base", "HEAD", "--no-cache", "--format", "json")
    assert status == 1, report
    found = sorted(
        (f["code"], f["qualified_name"], f["line"])
        for f in report["findings"]
        if f.get("new", True)
    )
    assert found == [
        ("DBN101", "QueryGroups", _line(text, '"QueryGroups"')),
        ("DBN201", "QueryGroups.queryId", _line(text, '"queryId"')),
        ("DBN301", "QueryGroups.IX_QueryGroups", _line(text, '"IX_QueryGroups"')),
    ], report
